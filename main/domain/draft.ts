// Drafts: every edit of the form, kept by main so that nothing typed is lost, with the
// saved values it started from so that a change saved meanwhile is merged, not undone.
// Pure: the comparison, the 3-way merge and the conflicts.

import { z } from 'zod';
import { displayValue, fieldLabel, isSecretPath, type FlatForm, type FormValue } from '../../common/draft-form';

export const draftSchema = z.object({
  schemaVersion: z.literal(1),
  updatedAt: z.string(),
  /** The settings revision the draft started from. */
  baseRevision: z.number().int().nonnegative(),
  /** The saved form at that revision (secret paths empty). */
  base: z.record(z.string(), z.union([z.string(), z.boolean()])),
  /** The saved sealed secret of each secret path at that revision, to notice a key replaced meanwhile. */
  baseSealed: z.record(z.string(), z.string().nullable()),
  /** Non-secret fields as the user left them. */
  values: z.record(z.string(), z.union([z.string(), z.boolean()])),
  /** Secrets typed anew, sealed by the vault. */
  sealedSecrets: z.record(z.string(), z.string().startsWith('sealed:')),
});

export type StoredDraft = z.infer<typeof draftSchema>;

export interface SavedForm {
  revision: number;
  /** The saved settings as a form (secret paths empty). */
  form: FlatForm;
  /** Each secret path's saved sealed value, or null. */
  sealed: Record<string, string | null>;
}

export interface MergedDraft {
  /** What the form shows: the draft's edits over the current saved values. */
  form: FlatForm;
  /** Paths whose merged value differs from the saved one, secrets included. */
  differences: string[];
  /** Paths changed both in the draft and in the saved settings since, differently. */
  conflicts: string[];
}

const same = (a: FormValue | undefined, b: FormValue | undefined) => (a ?? '') === (b ?? '');

export function mergeDraft(draft: StoredDraft, saved: SavedForm): MergedDraft {
  const form: FlatForm = { ...saved.form };
  const differences: string[] = [];
  const conflicts: string[] = [];
  const stale = draft.baseRevision !== saved.revision;
  for (const path of Object.keys(saved.form)) {
    if (isSecretPath(path)) {
      if (!(path in draft.sealedSecrets)) continue;
      differences.push(path);
      if (stale && (draft.baseSealed[path] ?? null) !== (saved.sealed[path] ?? null)) conflicts.push(path);
      continue;
    }
    const base = draft.base[path];
    const mine = path in draft.values ? draft.values[path] : base;
    const theirs = saved.form[path];
    if (same(mine, base)) continue; // not edited: the saved value stands, even if it changed meanwhile
    form[path] = mine as FormValue;
    if (!same(mine, theirs)) differences.push(path);
    if (stale && !same(theirs, base) && !same(mine, theirs)) conflicts.push(path);
  }
  return { form, differences, conflicts };
}

export interface FieldDifference {
  path: string;
  label: string;
  saved: string;
  draft: string;
}

/** Differences as a finance user reads them; secrets only ever as masks. */
export function describeDifferences(
  paths: string[],
  merged: FlatForm,
  saved: FlatForm,
  masks: { saved: (path: string) => string; draft: (path: string) => string },
): FieldDifference[] {
  return paths.map((path) => ({
    path,
    label: fieldLabel(path),
    saved: isSecretPath(path) ? masks.saved(path) : displayValue(path, saved[path]),
    draft: isSecretPath(path) ? masks.draft(path) : displayValue(path, merged[path]),
  }));
}

export function startDraft(saved: SavedForm, now: Date): StoredDraft {
  return {
    schemaVersion: 1,
    updatedAt: now.toISOString(),
    baseRevision: saved.revision,
    base: { ...saved.form },
    baseSealed: { ...saved.sealed },
    values: {},
    sealedSecrets: {},
  };
}

/** After a save of our own: the draft now starts from the new saved state. */
export function rebaseDraft(draft: StoredDraft, saved: SavedForm, mergedForm: FlatForm): StoredDraft {
  const values: FlatForm = {};
  for (const [path, value] of Object.entries(mergedForm)) if (!isSecretPath(path)) values[path] = value;
  return { ...draft, baseRevision: saved.revision, base: { ...saved.form }, baseSealed: { ...saved.sealed }, values };
}
