// The whole Charging & Gateway form as one flat map of field paths to values, so that a
// draft, the saved settings and the form can be compared field by field (diff, 3-way
// merge, conflicts). Pure; used by main and the renderer alike.

import { CURRENCIES, NUMBERING_PERIODS } from './billing-options';
import { GATEWAYS, type GatewayId } from './gateways';
import type { BillingSettings, GatewayValues, StripeKeySetInput } from './contract/settings';
import { STRIPE_MODES, type StripeMode } from './stripe-keys';

export type FormValue = string | boolean;
/** 'billing.currency', 'gateway.type', 'gateway.braintree_blue.public_key', 'stripe.test.login', 'webhook.adminDomain'… */
export type FlatForm = Record<string, FormValue>;

/** The form as the renderer holds it. Secret fields hold only what the user typed anew. */
export interface FormState {
  billing: BillingSettings;
  gatewayType: GatewayId | '';
  gatewayValues: Record<GatewayId, GatewayValues>;
  stripeKeys: Record<StripeMode, StripeKeySetInput>;
  webhook: { adminDomain: string; accessToken: string };
  provider: { accountId: string; name: string };
}

const BILLING_KEYS: (keyof BillingSettings)[] = ['chargingEnabled', 'currency', 'invoiceFootnote', 'vatZeroText', 'numberingPeriod'];
const STRIPE_FIELDS = ['login', 'publishable_key', 'endpoint_secret'] as const;

export function flattenForm(form: FormState): FlatForm {
  const flat: FlatForm = {};
  for (const key of BILLING_KEYS) flat[`billing.${key}`] = form.billing[key];
  flat['gateway.type'] = form.gatewayType;
  for (const gateway of GATEWAYS) {
    if (gateway.id === 'stripe') continue; // Stripe's fields live in its key sets
    for (const field of gateway.fields) {
      flat[`gateway.${gateway.id}.${field.key}`] = form.gatewayValues[gateway.id]?.[field.key] ?? (field.kind === 'checkbox' ? false : '');
    }
  }
  for (const mode of STRIPE_MODES) {
    for (const field of STRIPE_FIELDS) flat[`stripe.${mode}.${field}`] = form.stripeKeys[mode][field];
  }
  flat['webhook.adminDomain'] = form.webhook.adminDomain;
  flat['webhook.accessToken'] = form.webhook.accessToken;
  flat['provider.accountId'] = form.provider.accountId;
  flat['provider.name'] = form.provider.name;
  return flat;
}

export function unflattenForm(flat: FlatForm): FormState {
  const text = (key: string) => (typeof flat[key] === 'string' ? (flat[key] as string) : '');
  const billing = {
    chargingEnabled: flat['billing.chargingEnabled'] === true,
    currency: (text('billing.currency') || 'USD') as BillingSettings['currency'],
    invoiceFootnote: text('billing.invoiceFootnote'),
    vatZeroText: text('billing.vatZeroText'),
    numberingPeriod: (text('billing.numberingPeriod') || 'monthly') as BillingSettings['numberingPeriod'],
  };
  const gatewayValues = {} as Record<GatewayId, GatewayValues>;
  for (const gateway of GATEWAYS) {
    const values: GatewayValues = {};
    for (const field of gateway.fields) {
      const value = flat[`gateway.${gateway.id}.${field.key}`];
      values[field.key] = field.kind === 'checkbox' ? value === true : typeof value === 'string' ? value : '';
    }
    gatewayValues[gateway.id] = values;
  }
  const stripeKeys = {} as Record<StripeMode, StripeKeySetInput>;
  for (const mode of STRIPE_MODES) {
    stripeKeys[mode] = { login: text(`stripe.${mode}.login`), publishable_key: text(`stripe.${mode}.publishable_key`), endpoint_secret: text(`stripe.${mode}.endpoint_secret`) };
  }
  return {
    billing,
    gatewayType: text('gateway.type') as GatewayId | '',
    gatewayValues,
    stripeKeys,
    webhook: { adminDomain: text('webhook.adminDomain'), accessToken: text('webhook.accessToken') },
    provider: { accountId: text('provider.accountId'), name: text('provider.name') },
  };
}

/** Paths whose values are secrets: sealed at rest, masked everywhere, never sent back. */
export function isSecretPath(path: string): boolean {
  if (path === 'webhook.accessToken') return true;
  const stripe = /^stripe\.(?:test|live)\.(login|endpoint_secret)$/.exec(path);
  if (stripe) return true;
  const gateway = /^gateway\.([a-z_]+)\.([a-z_]+)$/.exec(path);
  if (gateway) {
    const definition = GATEWAYS.find((g) => g.id === gateway[1]);
    return Boolean(definition?.fields.find((f) => f.key === gateway[2])?.secret);
  }
  return false;
}

/** Paths of the Billing settings card: they need no Stripe call to save. */
export const isBillingPath = (path: string) => path.startsWith('billing.');

/** A label a finance user recognises, e.g. "Live keys: Secret Key". */
export function fieldLabel(path: string): string {
  const billingLabels: Record<string, string> = {
    'billing.chargingEnabled': 'Charging enabled',
    'billing.currency': 'Currency',
    'billing.invoiceFootnote': 'Invoice footnote',
    'billing.vatZeroText': 'Text to show if VAT/Sales Tax is 0%',
    'billing.numberingPeriod': 'Billing periods for invoice IDs',
    'gateway.type': 'Gateway',
    'webhook.adminDomain': '3scale admin portal domain',
    'webhook.accessToken': 'Access token',
    'provider.accountId': 'Provider account ID',
    'provider.name': 'Provider name',
  };
  if (billingLabels[path]) return billingLabels[path];
  const stripe = /^stripe\.(test|live)\.(\w+)$/.exec(path);
  if (stripe) {
    const names: Record<string, string> = { login: 'Secret Key', publishable_key: 'Publishable Key', endpoint_secret: 'Webhook Signing Secret' };
    return `${stripe[1] === 'test' ? 'Test keys' : 'Live keys'}: ${names[stripe[2] ?? ''] ?? stripe[2]}`;
  }
  const gateway = /^gateway\.([a-z_]+)\.([a-z_]+)$/.exec(path);
  if (gateway) {
    const definition = GATEWAYS.find((g) => g.id === gateway[1]);
    const field = definition?.fields.find((f) => f.key === gateway[2]);
    return `${definition?.label ?? gateway[1]}: ${field?.label ?? gateway[2]}`;
  }
  return path;
}

/** How a non-secret value reads in a review: option labels, on/off. */
export function displayValue(path: string, value: FormValue | undefined): string {
  if (value === undefined || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (path === 'billing.currency') return CURRENCIES.find((c) => c.code === value)?.label ?? value;
  if (path === 'billing.numberingPeriod') return NUMBERING_PERIODS.find((p) => p.id === value)?.label ?? value;
  if (path === 'gateway.type') return GATEWAYS.find((g) => g.id === value)?.label ?? value;
  return value;
}
