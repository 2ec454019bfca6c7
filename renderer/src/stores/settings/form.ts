// The settings page's form as one value, in the shape drafts already use
// (common/draft-form.ts), and its errors as one map keyed by the same field paths:
// 'billing.currency', 'gateway.type', 'gateway.braintree_blue.public_key',
// 'stripe.test.login', 'webhook.adminDomain', 'provider.accountId'. Pure.
import type { FormState } from '../../../../common/draft-form';
import { GATEWAYS, type GatewayId } from '../../../../common/gateways';
import type { GatewayValues, SettingsView, StripeKeySetInput, StripeVerification } from '../../../../common/ipc-contract';
import { STRIPE_MODES, type StripeMode } from '../../../../common/stripe-keys';

export type { FormState };

/** Field path → the message shown next to that field. */
export type FieldErrors = Record<string, string>;

/** The page's forms. Main answers each one's field errors by that form's own keys. */
export type FormCard = 'billing' | 'gateway' | 'webhook' | 'provider';

export type VerifyState =
  | { status: 'idle' }
  | { status: 'verifying' }
  | { status: 'verified'; verification: StripeVerification }
  | { status: 'failed'; message: string };

export const IDLE_VERIFY: Record<StripeMode, VerifyState> = { test: { status: 'idle' }, live: { status: 'idle' } };

/** The path of a field error main named by its card's key ('currency', 'type', 'test.login', 'public_key'). */
export function fieldPath(card: FormCard, key: string, gatewayType: GatewayId | ''): string {
  if (card !== 'gateway') return `${card}.${key}`;
  if (key === 'type') return 'gateway.type';
  if (/^(?:test|live)\./.test(key)) return `stripe.${key}`;
  return `gateway.${gatewayType}.${key}`;
}

/** Whether a field path belongs to a card (the gateway card holds the Stripe key sets too). */
export function belongsTo(card: FormCard, path: string): boolean {
  if (card === 'gateway') return path.startsWith('gateway.') || path.startsWith('stripe.');
  return path.startsWith(`${card}.`);
}

/** The errors without those `drop` picks; the very same object when nothing is dropped. */
export function errorsWithout(errors: FieldErrors, drop: (path: string) => boolean): FieldErrors {
  if (!Object.keys(errors).some(drop)) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([path]) => !drop(path)));
}

/** Main's field errors of a card, by field path. */
export function pathErrors(card: FormCard, fieldErrors: Record<string, string> | undefined, gatewayType: GatewayId | ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, message] of Object.entries(fieldErrors ?? {})) errors[fieldPath(card, key, gatewayType)] = message;
  return errors;
}

/** Form values from the saved view: secrets always empty, since the renderer never has them. */
function gatewayValuesOf(view: SettingsView): Record<GatewayId, GatewayValues> {
  const byGateway = {} as Record<GatewayId, GatewayValues>;
  for (const gateway of GATEWAYS) {
    const values: GatewayValues = {};
    for (const field of gateway.fields) {
      const saved = view.gateway.type === gateway.id && !field.secret ? view.gateway.values[field.key] : undefined;
      values[field.key] = saved ?? (field.kind === 'checkbox' ? false : '');
    }
    byGateway[gateway.id] = values;
  }
  return byGateway;
}

function stripeKeysOf(view: SettingsView): Record<StripeMode, StripeKeySetInput> {
  const keys = {} as Record<StripeMode, StripeKeySetInput>;
  for (const mode of STRIPE_MODES) {
    keys[mode] = { login: '', publishable_key: view.stripe.keySets[mode].publishableKey, endpoint_secret: '' };
  }
  return keys;
}

/** Each card's part of the form as saved; a successful save resets only its own card. */
export const savedForm = {
  billing: (view: SettingsView): Pick<FormState, 'billing'> => ({ billing: { ...view.billing } }),
  gateway: (view: SettingsView): Pick<FormState, 'gatewayType' | 'gatewayValues' | 'stripeKeys'> => ({
    gatewayType: view.gateway.type ?? '',
    gatewayValues: gatewayValuesOf(view),
    stripeKeys: stripeKeysOf(view),
  }),
  webhook: (view: SettingsView): Pick<FormState, 'webhook'> => ({
    webhook: { adminDomain: view.stripe.webhook.adminDomain, accessToken: '' },
  }),
  provider: (view: SettingsView): Pick<FormState, 'provider'> => ({ provider: { ...view.provider } }),
};

/** The whole form as saved. */
export function formOf(view: SettingsView): FormState {
  return {
    ...savedForm.billing(view),
    ...savedForm.gateway(view),
    ...savedForm.webhook(view),
    ...savedForm.provider(view),
  };
}
