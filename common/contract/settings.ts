// The Charging & Gateway page's settings: what main shows of them (SettingsView) and the
// channels that read and save them.

import type { z } from 'zod';
import type { Zod } from '../ipc/define';
import { BILLING_MODES, NUMBERING_PERIODS, type BillingMode, type CurrencyCode, type NumberingPeriod } from '../billing-options';
import { GATEWAY_IDS, type GatewayId } from '../gateways';
import { channel } from '../ipc/define';
import type { StripeKeyField, StripeMode } from '../stripe-keys';

export interface BillingSettings {
  chargingEnabled: boolean;
  currency: CurrencyCode;
  invoiceFootnote: string;
  vatZeroText: string;
  numberingPeriod: NumberingPeriod;
}

export type GatewayValues = Record<string, string | boolean>;

/** What the renderer may know of the saved gateway: public values and masked secrets. */
export interface GatewayView {
  type: GatewayId | null;
  /** Non-secret fields as saved. */
  values: GatewayValues;
  /** Secret fields: a masked form such as "sk_test_…4242", or null when none is saved. */
  maskedSecrets: Record<string, string | null>;
  /** Every non-checkbox field filled in: invoices can be charged. */
  configured: boolean;
}

export type KeychainBackend = 'os' | 'basic_text' | 'unavailable';

/** One Stripe key set as typed: an empty secret keeps the saved one. */
export type StripeKeySetInput = Record<StripeKeyField, string>;

/** What Stripe told about the account a secret key reaches. Null where a restricted key may not read it. */
export interface StripeAccountSummary {
  accountId: string | null;
  name: string | null;
  country: string | null;
  defaultCurrency: string | null;
  chargesEnabled: boolean | null;
  /** The mode Stripe reported serving (from the balance), or null when no readable object says. */
  livemode: boolean | null;
}

export interface MissingPermission {
  /** Stripe's name for it, e.g. rak_customer_read. */
  permission: string;
  /** What in Billing Desk needs it. */
  feature: string;
}

export interface StripeVerification {
  verifiedAt: string;
  restricted: boolean;
  account: StripeAccountSummary;
  missingPermissions: MissingPermission[];
  /** Lower-case currency codes the account can charge in, when Stripe told. */
  supportedCurrencies: string[] | null;
}

export interface StripeKeySetView {
  publishableKey: string;
  maskedSecretKey: string | null;
  maskedWebhookSecret: string | null;
  /** All three keys saved. */
  complete: boolean;
  /** The last successful verification of the saved secret key, or null. */
  verification: StripeVerification | null;
}

export interface StripeView {
  activeMode: StripeMode;
  keySets: Record<StripeMode, StripeKeySetView>;
  webhook: {
    adminDomain: string;
    maskedAccessToken: string | null;
    /** The endpoint Billing Desk created or adopted, per mode. */
    endpointIds: Record<StripeMode, string | null>;
  };
}

export interface ProviderDetails {
  /** The 3scale provider account ID: a positive whole number, as text. */
  accountId: string;
  name: string;
}

export interface SettingsView {
  revision: number;
  provider: ProviderDetails;
  billingMode: BillingMode;
  billing: BillingSettings;
  gateway: GatewayView;
  stripe: StripeView;
  keychain: { backend: KeychainBackend; name: string };
  /** Set when a settings or draft file could not be read and was kept aside. */
  storeNotice: string | null;
}

export interface SavedResult {
  view: SettingsView;
  /** The flash message to show, 3scale's wording. */
  message: string;
}

// Payloads are checked for shape and size here; their meaning (a known currency, a
// filled-in field) is the domain's job, so that the user gets a message next to the field.

export const MAX_TEXT = 10_000;
const KEY_MAX = 500;

export const stripeKeySetSchema = (z: Zod) =>
  z.strictObject({
  login: z.string().max(KEY_MAX),
  publishable_key: z.string().max(KEY_MAX),
  endpoint_secret: z.string().max(KEY_MAX),
});

const billingSettingsSchema = (z: Zod) =>
  z.strictObject({
  chargingEnabled: z.boolean(),
  /** Any short text: an unknown currency is a field error of the domain. */
  currency: z.string().max(16),
  invoiceFootnote: z.string().max(MAX_TEXT),
  vatZeroText: z.string().max(MAX_TEXT),
  numberingPeriod: z.enum(NUMBERING_PERIODS.map((p) => p.id) as [NumberingPeriod, ...NumberingPeriod[]]),
});

/** The billing settings as sent: the currency is checked by the domain. */
export type BillingSettingsInput = z.output<ReturnType<typeof billingSettingsSchema>>;

const gatewaySaveSchema = (z: Zod) =>
  z.strictObject({
  type: z.enum(GATEWAY_IDS).nullable(),
  /**
   * Every field of the chosen gateway. For a secret field an empty string keeps the
   * saved secret (the form never holds it); any other value replaces it.
   */
  values: z
    .record(z.string().regex(/^[a-z_]{1,40}$/), z.union([z.string().max(MAX_TEXT), z.boolean()]))
    .refine((v) => Object.keys(v).length <= 20, 'too many fields'),
  /** The Stripe group's two key sets; for the Stripe gateway only. */
  stripeKeySets: z.strictObject({ test: stripeKeySetSchema(z), live: stripeKeySetSchema(z) }).optional(),
  /** The user accepted both gateway-change dialogs. Main refuses a change without it. */
  confirmedGatewayChange: z.boolean(),
});

export type GatewaySaveRequest = z.output<ReturnType<typeof gatewaySaveSchema>>;

export const SETTINGS_CHANNELS = {
  'settings:get': channel<SettingsView>()({ method: 'getSettings', request: (z) => z.null() }),
  'billing:save': channel<SavedResult>()({ method: 'saveBilling', request: billingSettingsSchema }),
  'billing-mode:switch': channel<SavedResult>()({
    method: 'switchBillingMode',
    request: (z) => z.strictObject({ to: z.enum(BILLING_MODES) }),
    toPayload: (to: BillingMode) => ({ to }),
  }),
  'provider:save': channel<SavedResult>()({
    method: 'saveProvider',
    request: (z) => z.strictObject({ accountId: z.string().max(100), name: z.string().max(1000) }),
  }),
  'gateway:save': channel<SavedResult>()({ method: 'saveGateway', request: gatewaySaveSchema }),
};
