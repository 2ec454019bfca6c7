// The Stripe group's two key sets: what the user typed, checked field by field against
// what is saved, before anything is verified or stored. Pure.

import type { StripeKeySetInput } from '../../common/ipc-contract';
import { STRIPE_MODES, checkStripeKey, type StripeKeyField, type StripeMode } from '../../common/stripe-keys';
import type { StoredKeySet } from './settings-document';
import { MESSAGES, type FieldErrors } from './validation';

export const KEY_FIELD_LABELS: Record<StripeKeyField, string> = {
  login: 'Secret Key',
  publishable_key: 'Publishable Key',
  endpoint_secret: 'Webhook Signing Secret',
};

export const SET_NAMES: Record<StripeMode, string> = { test: 'Test keys', live: 'Live keys' };

/** The form's field key of a key-set field, e.g. "live.login". */
export const keySetFieldKey = (mode: StripeMode, field: StripeKeyField) => `${mode}.${field}`;

export interface CheckedKeySet {
  mode: StripeMode;
  /** New secret values to seal; absent where the saved one stays. */
  newSecretKey: string | null;
  newWebhookSecret: string | null;
  publishableKey: string;
  /** Nothing typed and nothing saved. */
  empty: boolean;
}

const BLANK_INPUT: StripeKeySetInput = { login: '', publishable_key: '', endpoint_secret: '' };

/**
 * Checks both sets. A set is either empty or complete (every field typed or saved);
 * at least one must be complete. Every key must be of its field's kind and its set's mode.
 */
export function checkKeySets(
  inputs: Partial<Record<StripeMode, StripeKeySetInput>> | undefined,
  saved: Record<StripeMode, StoredKeySet> | null,
): { ok: true; sets: Record<StripeMode, CheckedKeySet> } | { ok: false; fieldErrors: FieldErrors } {
  const errors: FieldErrors = {};
  const sets = {} as Record<StripeMode, CheckedKeySet>;
  for (const mode of STRIPE_MODES) {
    const input = inputs?.[mode] ?? BLANK_INPUT;
    const stored = saved?.[mode] ?? null;
    const checked = {} as Record<StripeKeyField, string>;
    for (const field of Object.keys(KEY_FIELD_LABELS) as StripeKeyField[]) {
      const check = checkStripeKey(field, input[field], mode);
      if (check.error) errors[keySetFieldKey(mode, field)] = check.error;
      checked[field] = check.value;
    }
    const has = {
      login: checked.login !== '' || Boolean(stored?.sealedSecretKey),
      publishable_key: checked.publishable_key !== '',
      endpoint_secret: checked.endpoint_secret !== '' || Boolean(stored?.sealedWebhookSecret),
    };
    const empty = !has.login && !has.publishable_key && !has.endpoint_secret;
    if (!empty) {
      for (const field of Object.keys(has) as StripeKeyField[]) {
        const key = keySetFieldKey(mode, field);
        if (!has[field] && !errors[key]) errors[key] = MESSAGES.blank;
      }
    }
    sets[mode] = {
      mode,
      newSecretKey: checked.login || null,
      newWebhookSecret: checked.endpoint_secret || null,
      publishableKey: checked.publishable_key,
      empty,
    };
  }
  if (sets.test.empty && sets.live.empty) {
    for (const field of Object.keys(KEY_FIELD_LABELS) as StripeKeyField[]) errors[keySetFieldKey('test', field)] = MESSAGES.blank;
  }
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, sets };
}
