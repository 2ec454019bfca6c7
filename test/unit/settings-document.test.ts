import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import {
  CURRENT_SCHEMA_VERSION,
  StoreFormatError,
  StoreVersionError,
  defaultDocument,
  migrateDocument,
} from '../../main/domain/settings-document';
import { SETTINGS_FILE_NAME, SettingsRepository, wholeFileStore } from '../../main/domain/settings-repository';

describe('migrateDocument', () => {
  it('turns an empty store (a first start) into the defaults', () => {
    expect(migrateDocument({})).toEqual(defaultDocument());
  });

  it('migrates an unversioned file, keeping what it has and filling in the rest', () => {
    const migrated = migrateDocument({
      billingMode: 'prepaid',
      billing: { chargingEnabled: true, currency: 'EUR' },
      gateway: { type: 'braintree_blue', values: { merchant_id: 'm-1' } },
    });
    expect(migrated.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(migrated.billingMode).toBe('prepaid');
    expect(migrated.billing).toEqual({
      chargingEnabled: true,
      currency: 'EUR',
      invoiceFootnote: '',
      vatZeroText: '',
      numberingPeriod: 'monthly',
    });
    expect(migrated.gateway).toEqual({ type: 'braintree_blue', values: { merchant_id: 'm-1' }, sealedSecrets: {} });
    expect(migrated.financeLog).toEqual([]);
    expect(migrated.revision).toBe(0);
  });

  it('refuses a file from a newer version instead of guessing', () => {
    expect(() => migrateDocument({ ...defaultDocument(), schemaVersion: CURRENT_SCHEMA_VERSION + 1 })).toThrow(StoreVersionError);
  });

  it('refuses a file whose content breaks the schema, naming where', () => {
    expect(() => migrateDocument({ ...defaultDocument(), billingMode: 'weekly' })).toThrow(/billingMode/);
    expect(() => migrateDocument([])).toThrow(StoreFormatError);
    expect(() => migrateDocument({ schemaVersion: -1 })).toThrow(StoreFormatError);
  });

  it('refuses a secret stored unsealed', () => {
    const doc = defaultDocument();
    doc.gateway = { type: 'stripe', values: {}, sealedSecrets: { login: 'sk_test_plain' } };
    expect(() => migrateDocument(doc)).toThrow(/sealedSecrets/);
  });
});

describe('SettingsRepository over conf (the file format electron-store writes)', () => {
  it('reads an unversioned file from disk, migrates it, and writes the current version back on save', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'billing-desk-store-'));
    const file = path.join(dir, `${SETTINGS_FILE_NAME}.json`);
    writeFileSync(file, JSON.stringify({ billing: { currency: 'GBP' } }));
    const repository = new SettingsRepository(wholeFileStore(new Conf({ cwd: dir, configName: SETTINGS_FILE_NAME })));
    const doc = repository.load();
    expect(doc.billing.currency).toBe('GBP');
    repository.save(doc);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number };
    expect(written.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
  });
});

describe('migration from version 1 (one Stripe key set) to version 2 (test and live sets)', () => {
  const v1 = (publishableKey: string) => ({
    schemaVersion: 1,
    revision: 4,
    billingMode: 'postpaid',
    billing: { chargingEnabled: true, currency: 'USD', invoiceFootnote: '', vatZeroText: '', numberingPeriod: 'monthly' },
    gateway: {
      type: 'stripe',
      values: { publishable_key: publishableKey },
      sealedSecrets: { login: 'sealed:v1:c2VjcmV0', endpoint_secret: 'sealed:v1:d2ViaG9vaw==' },
    },
    financeLog: [],
  });

  it('moves test keys into the Test set, which becomes active, unverified', () => {
    const doc = migrateDocument(v1('pk_test_FAKE'));
    expect(doc.schemaVersion).toBe(4);
    expect(doc.provider).toEqual({ accountId: '', name: '' });
    expect(doc.gateway).toEqual({ type: 'stripe', values: {}, sealedSecrets: {} });
    expect(doc.stripe.activeMode).toBe('test');
    expect(doc.stripe.keySets.test).toEqual({
      publishableKey: 'pk_test_FAKE',
      sealedSecretKey: 'sealed:v1:c2VjcmV0',
      sealedWebhookSecret: 'sealed:v1:d2ViaG9vaw==',
      verification: null,
    });
    expect(doc.stripe.keySets.live.sealedSecretKey).toBeNull();
    expect(doc.revision).toBe(4);
  });

  it('moves live keys into the Live set and keeps live mode active', () => {
    const doc = migrateDocument(v1('pk_live_FAKE'));
    expect(doc.stripe.activeMode).toBe('live');
    expect(doc.stripe.keySets.live.publishableKey).toBe('pk_live_FAKE');
    expect(doc.stripe.keySets.test.publishableKey).toBe('');
  });

  it('leaves other gateways as they were', () => {
    const doc = migrateDocument({ ...v1('x'), gateway: { type: 'braintree_blue', values: { merchant_id: 'm' }, sealedSecrets: {} } });
    expect(doc.gateway.values).toEqual({ merchant_id: 'm' });
    expect(doc.stripe.keySets.test.sealedSecretKey).toBeNull();
  });
});
