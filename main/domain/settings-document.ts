// The persisted settings document: its schema, its defaults and the migrations that
// bring an older file up to the current version. Pure: no Electron, no file system.

import { z } from 'zod';
import { BILLING_MODES, CURRENCIES, NUMBERING_PERIODS } from '../../common/billing-options';
import { GATEWAY_IDS } from '../../common/gateways';
import type { BillingSettings } from '../../common/ipc-contract';
import { UserFacingError } from './user-facing-error';

export const CURRENT_SCHEMA_VERSION = 1;

const currencyCodes = CURRENCIES.map((c) => c.code) as [string, ...string[]];
const numberingPeriods = NUMBERING_PERIODS.map((p) => p.id) as [string, ...string[]];

const financeLogEntrySchema = z.object({
  at: z.string(),
  user: z.string(),
  summary: z.string(),
  changes: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() })),
});

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
    /** Secret fields, each sealed by the vault; never plaintext. */
    sealedSecrets: z.record(z.string(), z.string().startsWith('sealed:')),
  }),
  financeLog: z.array(financeLogEntrySchema),
});

export type SettingsDocument = Omit<z.infer<typeof settingsDocumentSchema>, 'billing'> & {
  billing: BillingSettings;
};

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
 * MIGRATIONS[n] turns a version-n document into version n+1. Version 0 is a file
 * without a schemaVersion: an empty store, or one edited by hand; whatever it lacks
 * takes the defaults.
 */
const MIGRATIONS: Record<number, (doc: RawDocument) => RawDocument> = {
  0: (doc) => {
    const defaults = defaultDocument();
    const billing = isRecord(doc.billing) ? doc.billing : {};
    const gateway = isRecord(doc.gateway) ? doc.gateway : {};
    return {
      ...defaults,
      ...doc,
      schemaVersion: 1,
      billing: { ...defaults.billing, ...billing },
      gateway: { ...defaults.gateway, ...gateway },
      financeLog: Array.isArray(doc.financeLog) ? doc.financeLog : [],
      revision: typeof doc.revision === 'number' ? doc.revision : 0,
    };
  },
};

function isRecord(value: unknown): value is RawDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Brings any stored document up to the current version and checks it against the schema. */
export function migrateDocument(raw: unknown): SettingsDocument {
  if (!isRecord(raw)) throw new StoreFormatError('expected an object');
  let doc = raw;
  let version = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
  if (!Number.isInteger(version) || version < 0) throw new StoreFormatError('bad schemaVersion');
  if (version > CURRENT_SCHEMA_VERSION) throw new StoreVersionError(version);
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
  return parsed.data as SettingsDocument;
}
