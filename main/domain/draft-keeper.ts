// Keeps the draft of the Charging & Gateway form in main: every edit within a second of
// typing, typed secrets sealed, the whole merged against the saved settings on demand.

import { GATEWAYS } from '../../common/gateways';
import { isSecretPath, type FlatForm } from '../../common/draft-form';
import type { DraftView } from '../../common/ipc-contract';
import { STRIPE_MODES } from '../../common/stripe-keys';
import type { DraftStore } from '../persistence/draft-file';
import { describeDifferences, mergeDraft, rebaseDraft, startDraft, type SavedForm, type StoredDraft } from './draft';
import { containsSecret, maskSecret } from './masking';
import type { SettingsDocument } from './settings-document';
import type { SecretVault } from './vault';

/** Webhook fields feed an action (Create webhook endpoint), not a save: restored, never "applied". */
const isActionPath = (path: string) => path.startsWith('webhook.');

function withoutKeys<T>(record: Record<string, T>, drop: (key: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !drop(key)));
}

export function savedFormOf(doc: SettingsDocument): SavedForm {
  const form: FlatForm = {};
  const sealed: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(doc.billing)) form[`billing.${key}`] = value;
  form['gateway.type'] = doc.gateway.type ?? '';
  for (const gateway of GATEWAYS) {
    if (gateway.id === 'stripe') continue;
    const current = doc.gateway.type === gateway.id;
    for (const field of gateway.fields) {
      const path = `gateway.${gateway.id}.${field.key}`;
      if (field.secret) {
        form[path] = '';
        sealed[path] = current ? (doc.gateway.sealedSecrets[field.key] ?? null) : null;
      } else {
        form[path] = (current ? doc.gateway.values[field.key] : undefined) ?? (field.kind === 'checkbox' ? false : '');
      }
    }
  }
  for (const mode of STRIPE_MODES) {
    const set = doc.stripe.keySets[mode];
    form[`stripe.${mode}.login`] = '';
    form[`stripe.${mode}.publishable_key`] = set.publishableKey;
    form[`stripe.${mode}.endpoint_secret`] = '';
    sealed[`stripe.${mode}.login`] = set.sealedSecretKey;
    sealed[`stripe.${mode}.endpoint_secret`] = set.sealedWebhookSecret;
  }
  form['webhook.adminDomain'] = doc.stripe.webhook.adminDomain;
  form['webhook.accessToken'] = '';
  sealed['webhook.accessToken'] = doc.stripe.webhook.sealedAccessToken;
  form['provider.accountId'] = doc.provider.accountId;
  form['provider.name'] = doc.provider.name;
  return { revision: doc.revision, form, sealed };
}

export class DraftKeeper {
  constructor(
    private readonly store: DraftStore,
    private readonly vault: SecretVault,
    private readonly now: () => Date,
  ) {}

  private checkedFile = false;

  /** What to tell about the draft file. Read once first, so that the first view already says it. */
  get notice(): string | null {
    if (!this.checkedFile) {
      this.checkedFile = true;
      this.store.read();
    }
    return this.store.notice;
  }

  private open(sealed: string | null | undefined): string | null {
    if (!sealed) return null;
    try {
      return this.vault.open(sealed);
    } catch {
      return null;
    }
  }

  /** A secret typed in the draft and not saved yet, for a save whose input was left empty. */
  draftSecret(path: string): string | null {
    return this.open(this.store.read()?.sealedSecrets[path]);
  }

  /** Records the form as the user left it; returns the draft, or null when nothing differs from the saved settings. */
  save(form: FlatForm, doc: SettingsDocument): DraftView | null {
    const saved = savedFormOf(doc);
    const draft = this.store.read() ?? startDraft(saved, this.now());
    for (const [path, value] of Object.entries(form)) {
      if (!(path in saved.form)) continue;
      if (isSecretPath(path)) {
        // Empty means "as before": the renderer never gets a drafted secret back to resend.
        if (typeof value !== 'string' || value === '') continue;
        if (this.open(draft.sealedSecrets[path]) !== value) draft.sealedSecrets[path] = this.vault.seal(value);
      } else if (typeof value === 'string' && containsSecret(value)) {
        // A secret key pasted into a plain field (the form flags it): never written down in clear.
        continue;
      } else {
        draft.values[path] = value;
      }
    }
    draft.updatedAt = this.now().toISOString();
    return this.keep(draft, saved);
  }

  view(doc: SettingsDocument): DraftView | null {
    const draft = this.store.read();
    return draft ? this.toView(draft, savedFormOf(doc)) : null;
  }

  discard(): void {
    this.store.remove();
  }

  /** The user chose, per conflicting field, the saved value or the draft's. */
  resolve(choices: Record<string, 'saved' | 'draft'>, doc: SettingsDocument): DraftView | null {
    const draft = this.store.read();
    if (!draft) return null;
    const saved = savedFormOf(doc);
    for (const [path, choice] of Object.entries(choices)) {
      if (choice !== 'saved' || !(path in saved.form)) continue;
      if (isSecretPath(path)) draft.sealedSecrets = withoutKeys(draft.sealedSecrets, (key) => key === path);
      else draft.values[path] = saved.form[path] as string | boolean;
    }
    const merged = mergeDraft(draft, saved);
    return this.keep(rebaseDraft(draft, saved, merged.form), saved);
  }

  /** After a save: secrets just saved leave the draft, and the draft starts from the new saved state. */
  afterSave(doc: SettingsDocument, savedPrefixes: readonly string[]): void {
    const draft = this.store.read();
    if (!draft) return;
    draft.sealedSecrets = withoutKeys(draft.sealedSecrets, (path) => savedPrefixes.some((prefix) => path.startsWith(prefix)));
    const saved = savedFormOf(doc);
    const merged = mergeDraft(draft, saved);
    this.keep(rebaseDraft(draft, saved, merged.form), saved);
  }

  private keep(draft: StoredDraft, saved: SavedForm): DraftView | null {
    const merged = mergeDraft(draft, saved);
    const pendingAction = Object.keys(draft.sealedSecrets).some(isActionPath) ||
      Object.entries(draft.values).some(([path, value]) => isActionPath(path) && value !== saved.form[path]);
    if (merged.differences.filter((p) => !isActionPath(p)).length === 0 && !pendingAction) {
      this.store.remove();
      return null;
    }
    this.store.write(draft);
    return this.toView(draft, saved);
  }

  private toView(draft: StoredDraft, saved: SavedForm): DraftView {
    const merged = mergeDraft(draft, saved);
    const masks = {
      saved: (path: string) => {
        const plain = this.open(saved.sealed[path]);
        return plain ? maskSecret(plain) : '(none)';
      },
      draft: (path: string) => {
        const plain = this.open(draft.sealedSecrets[path]);
        return plain ? maskSecret(plain) : '(none)';
      },
    };
    const differences = merged.differences.filter((p) => !isActionPath(p));
    const draftSecretMasks: Record<string, string> = {};
    for (const path of Object.keys(draft.sealedSecrets)) draftSecretMasks[path] = masks.draft(path);
    const form: FlatForm = {};
    for (const [path, value] of Object.entries(merged.form)) form[path] = isSecretPath(path) ? '' : value;
    return {
      updatedAt: draft.updatedAt,
      form,
      draftSecretMasks,
      differences: describeDifferences(differences, merged.form, saved.form, masks),
      conflicts: describeDifferences(merged.conflicts, merged.form, saved.form, masks),
      needsStripe: merged.form['gateway.type'] === 'stripe' && differences.some((p) => p.startsWith('stripe.') || p.startsWith('gateway.')),
    };
  }
}
