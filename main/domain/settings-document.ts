// The persisted settings document: its schema, its defaults and the migrations that
// bring an older file up to the current version. Pure: no Electron, no file system.

import { z } from 'zod';
import { BILLING_MODES, CURRENCIES, NUMBERING_PERIODS } from '../../common/billing-options';
import { GATEWAY_IDS } from '../../common/gateways';
import type { BillingSettings, StripeVerification } from '../../common/ipc-contract';
import { STRIPE_MODES, type StripeMode } from '../../common/stripe-keys';
import { storedThreescaleVerificationSchema } from '../threescale/connection-state';
import { UserFacingError } from './user-facing-error';

export const CURRENT_SCHEMA_VERSION = 4;

const currencyCodes = CURRENCIES.map((c) => c.code) as [string, ...string[]];
const numberingPeriods = NUMBERING_PERIODS.map((p) => p.id) as [string, ...string[]];

const financeLogEntrySchema = z.object({
  at: z.string(),
  user: z.string(),
  summary: z.string(),
  changes: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() })),
});

const sealedSecret = z.string().startsWith('sealed:');

const verificationSchema = z.object({
  verifiedAt: z.string(),
  restricted: z.boolean(),
  account: z.object({
    accountId: z.string().nullable(),
    name: z.string().nullable(),
    country: z.string().nullable(),
    defaultCurrency: z.string().nullable(),
    chargesEnabled: z.boolean().nullable(),
    livemode: z.boolean().nullable(),
  }),
  missingPermissions: z.array(z.object({ permission: z.string(), feature: z.string() })),
  supportedCurrencies: z.array(z.string()).nullable(),
});

const keySetSchema = z.object({
  publishableKey: z.string(),
  sealedSecretKey: sealedSecret.nullable(),
  sealedWebhookSecret: sealedSecret.nullable(),
  /** The last successful verification of this sealed secret key; reset when it changes. */
  verification: verificationSchema.nullable(),
});

const perMode = <T extends z.ZodType>(schema: T) => z.object({ test: schema, live: schema });

export const settingsDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  /** Bumped by every applied change; later used to detect a draft's conflicts. */
  revision: z.number().int().nonnegative(),
  billingMode: z.enum(BILLING_MODES),
  billing: z.object({
    chargingEnabled: z.boolean(),
    currency: z.enum(currencyCodes),
    invoiceFootnote: z.string(),
    vatZeroText: z.string(),
    numberingPeriod: z.enum(numberingPeriods),
  }),
  gateway: z.object({
    type: z.enum(GATEWAY_IDS).nullable(),
    values: z.record(z.string(), z.union([z.string(), z.boolean()])),
    /** Secret fields, each sealed by the vault; never plaintext. Stripe's live in `stripe`. */
    sealedSecrets: z.record(z.string(), sealedSecret),
  }),
  /** Stripe's two key sets and the app-wide active mode. */
  stripe: z.object({
    activeMode: z.enum(STRIPE_MODES),
    keySets: perMode(keySetSchema),
    webhook: z.object({
      adminDomain: z.string(),
      sealedAccessToken: sealedSecret.nullable(),
      endpointIds: perMode(z.string().nullable()),
    }),
  }),
  /** The 3scale provider whose developer accounts the Stripe customers belong to. */
  provider: z.object({ accountId: z.string(), name: z.string() }),
  /** The 3scale connection's last successful Verify; its domain and sealed token are `stripe.webhook`'s. */
  threescale: z.object({ verification: storedThreescaleVerificationSchema.nullable() }),
  financeLog: z.array(financeLogEntrySchema),
});

export type StoredKeySet = Omit<z.infer<typeof keySetSchema>, 'verification'> & { verification: StripeVerification | null };

export type SettingsDocument = Omit<z.infer<typeof settingsDocumentSchema>, 'billing' | 'stripe'> & {
  billing: BillingSettings;
  stripe: {
    activeMode: StripeMode;
    keySets: Record<StripeMode, StoredKeySet>;
    webhook: z.infer<typeof settingsDocumentSchema>['stripe']['webhook'];
  };
};

export function emptyKeySet(): StoredKeySet {
  return { publishableKey: '', sealedSecretKey: null, sealedWebhookSecret: null, verification: null };
}

function defaultStripe(): SettingsDocument['stripe'] {
  return {
    activeMode: 'test',
    keySets: { test: emptyKeySet(), live: emptyKeySet() },
    webhook: { adminDomain: '', sealedAccessToken: null, endpointIds: { test: null, live: null } },
  };
}

export const DEFAULT_BILLING: BillingSettings = {
  chargingEnabled: false,
  currency: 'USD',
  invoiceFootnote: '',
  vatZeroText: '',
  numberingPeriod: 'monthly',
};

export function defaultDocument(): SettingsDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    revision: 0,
    billingMode: 'postpaid',
    billing: { ...DEFAULT_BILLING },
    gateway: { type: null, values: {}, sealedSecrets: {} },
    stripe: defaultStripe(),
    provider: { accountId: '', name: '' },
    threescale: { verification: null },
    financeLog: [],
  };
}

export class StoreVersionError extends UserFacingError {
  constructor(readonly foundVersion: number) {
    super(
      'store_unreadable',
      `The settings file was written by a newer version of Billing Desk (format ${foundVersion}; this version reads up to ${CURRENT_SCHEMA_VERSION}). Update Billing Desk to open it.`,
    );
    this.name = 'StoreVersionError';
  }
}

export class StoreFormatError extends UserFacingError {
  constructor(detail: string) {
    super('store_unreadable', `The settings file is not valid (${detail}). Nothing was changed.`);
    this.name = 'StoreFormatError';
  }
}

type RawDocument = Record<string, unknown>;

/**
 * The top-level fields of each format. A document must hold only its claimed format's
 * fields: a current file whose schemaVersion was lost is not "format 0", and migrating it
 * as one would drop its keys. Format 0 is a file without a schemaVersion (an empty store,
 * or one edited by hand before formats were numbered).
 */
const FORMAT_FIELDS: Record<number, readonly string[]> = {
  0: ['revision', 'billingMode', 'billing', 'gateway', 'financeLog'],
  1: ['schemaVersion', 'revision', 'billingMode', 'billing', 'gateway', 'financeLog'],
  2: ['schemaVersion', 'revision', 'billingMode', 'billing', 'gateway', 'financeLog', 'stripe'],
  3: ['schemaVersion', 'revision', 'billingMode', 'billing', 'gateway', 'financeLog', 'stripe', 'provider'],
  4: ['schemaVersion', 'revision', 'billingMode', 'billing', 'gateway', 'financeLog', 'stripe', 'provider', 'threescale'],
};

/** MIGRATIONS[n] turns a format-n document into format n+1. */
const MIGRATIONS: Record<number, (doc: RawDocument) => RawDocument> = {
  /** Whatever a format-0 file lacks takes the defaults. */
  0: (doc) => {
    const defaults = defaultDocument();
    const billing = isRecord(doc.billing) ? doc.billing : {};
    const gateway = isRecord(doc.gateway) ? doc.gateway : {};
    return {
      billingMode: defaults.billingMode,
      ...doc,
      schemaVersion: 1,
      billing: { ...defaults.billing, ...billing },
      gateway: { ...defaults.gateway, ...gateway },
      financeLog: Array.isArray(doc.financeLog) ? doc.financeLog : [],
      revision: typeof doc.revision === 'number' ? doc.revision : 0,
    };
  },
  /**
   * Version 1 kept one Stripe key set in the gateway's fields, as 3scale does. Version 2
   * has a Test and a Live set: the old keys go to the set their publishable key's
   * prefix names (the secret is sealed, so it cannot be read here), which becomes the
   * active mode. Their verification is unknown, so none is recorded.
   */
  1: (doc) => {
    const gateway = isRecord(doc.gateway) ? doc.gateway : {};
    const stripe = defaultStripe();
    if (gateway.type !== 'stripe') return { ...doc, schemaVersion: 2, stripe };
    const values = isRecord(gateway.values) ? gateway.values : {};
    const sealed = isRecord(gateway.sealedSecrets) ? gateway.sealedSecrets : {};
    const publishableKey = typeof values.publishable_key === 'string' ? values.publishable_key : '';
    const mode: StripeMode = publishableKey.startsWith('pk_live_') ? 'live' : 'test';
    stripe.activeMode = mode;
    stripe.keySets[mode] = {
      publishableKey,
      sealedSecretKey: typeof sealed.login === 'string' ? sealed.login : null,
      sealedWebhookSecret: typeof sealed.endpoint_secret === 'string' ? sealed.endpoint_secret : null,
      verification: null,
    };
    return { ...doc, schemaVersion: 2, gateway: { type: 'stripe', values: {}, sealedSecrets: {} }, stripe };
  },
  /** Version 3 adds the provider's details, empty until the user enters them. */
  2: (doc) => ({ ...doc, schemaVersion: 3, provider: { accountId: '', name: '' } }),
  /** Version 4 keeps the 3scale connection's verification, unknown until the user verifies. */
  3: (doc) => ({ ...doc, schemaVersion: 4, threescale: { verification: null } }),
};

function isRecord(value: unknown): value is RawDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Paths present in `before` and missing from `after`: what a schema would have dropped silently. */
function droppedPaths(before: unknown, after: unknown, at = ''): string[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    return before.flatMap((item, index) => droppedPaths(item, after[index], `${at}[${index}]`));
  }
  if (!isRecord(before) || !isRecord(after)) return [];
  return Object.keys(before).flatMap((key) => {
    const path = at ? `${at}.${key}` : key;
    return key in after ? droppedPaths(before[key], after[key], path) : [path];
  });
}

/** Brings any stored document up to the current version and checks it against the schema; never drops a field. */
export function migrateDocument(raw: unknown): SettingsDocument {
  if (!isRecord(raw)) throw new StoreFormatError('expected an object');
  let doc = raw;
  const claimed = doc.schemaVersion;
  if (claimed !== undefined && (typeof claimed !== 'number' || !Number.isInteger(claimed) || claimed < 0)) {
    throw new StoreFormatError('bad schemaVersion');
  }
  let version = claimed ?? 0;
  if (version > CURRENT_SCHEMA_VERSION) throw new StoreVersionError(version);
  const allowed = FORMAT_FIELDS[version] ?? [];
  const foreign = Object.keys(doc).filter((key) => !allowed.includes(key));
  if (foreign.length > 0) {
    const claim = claimed === undefined ? 'it has no schemaVersion' : `it claims format ${version}`;
    throw new StoreFormatError(`${claim} but holds ${foreign.join(', ')}, which that format does not have`);
  }
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new StoreFormatError(`no migration from format ${version}`);
    doc = step(doc);
    version += 1;
  }
  const parsed = settingsDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreFormatError(`${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`);
  }
  const dropped = droppedPaths(doc, parsed.data);
  if (dropped.length > 0) throw new StoreFormatError(`it holds ${dropped.slice(0, 3).join(', ')}, which this version does not know`);
  return parsed.data as SettingsDocument;
}
