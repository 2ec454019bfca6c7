// The draft of the Charging & Gateway form that main keeps between edits and restarts.

import type { Zod } from '../ipc/define';
import type { FlatForm } from '../draft-form';
import { channel } from '../ipc/define';
import { MAX_TEXT } from './settings';

export interface FieldDifference {
  path: string;
  label: string;
  /** As saved now; secrets masked. */
  saved: string;
  /** As in the draft; secrets masked. */
  draft: string;
}

/** The draft as the renderer may see it: typed secrets stay in main, shown as masks. */
export interface DraftView {
  updatedAt: string;
  /** The whole form with the draft's edits over the saved settings; secret paths empty. */
  form: FlatForm;
  /** Secret paths typed anew and kept in the draft → their mask. */
  draftSecretMasks: Record<string, string>;
  differences: FieldDifference[];
  /** Fields changed both here and in the saved settings since the draft began. */
  conflicts: FieldDifference[];
  /** Applying needs Stripe (keys to verify). */
  needsStripe: boolean;
}

const flatFormSchema = (z: Zod) =>
  z
  .record(z.string().regex(/^[a-z]+(?:\.[a-z_A-Z]+){1,2}$/), z.union([z.string().max(MAX_TEXT), z.boolean()]))
  .refine((v) => Object.keys(v).length <= 60, 'too many fields');

const choicesSchema = (z: Zod) =>
  z
  .record(z.string().max(80), z.enum(['saved', 'draft']))
  .refine((v) => Object.keys(v).length <= 60, 'too many fields');

export const DRAFT_CHANNELS = {
  'draft:get': channel<DraftView | null>()({ method: 'getDraft', request: (z) => z.null() }),
  'draft:save': channel<DraftView | null>()({
    method: 'saveDraft',
    request: (z) => z.strictObject({ form: flatFormSchema(z) }),
    toPayload: (form: FlatForm) => ({ form }),
  }),
  'draft:discard': channel<null>()({ method: 'discardDraft', request: (z) => z.null() }),
  'draft:resolve': channel<DraftView | null>()({
    method: 'resolveDraftConflicts',
    request: (z) => z.strictObject({ choices: choicesSchema(z) }),
    toPayload: (choices: Record<string, 'saved' | 'draft'>) => ({ choices }),
  }),
};
