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
} from '../../../../main/domain/settings-document';
import { SETTINGS_FILE_NAME, SettingsRepository, wholeFileStore } from '../../../../main/domain/settings-repository';

describe('migrateDocument', () => {
  it('turns an empty store (a first start) into the defaults', () => {
    expect(migrateDocument({})).toEqual(defaultDocument());
  });

  it('migrates an unversioned file of the first format, keeping what it has and filling in the rest', () => {
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

  it('refuses a current file whose schemaVersion was lost, instead of migrating its keys away (issue 14, finding 2)', () => {
    const current = { ...defaultDocument(), provider: { accountId: '42', name: 'Acme' } } as Record<string, unknown>;
    delete current.schemaVersion;
    expect(() => migrateDocument(current)).toThrow(
      'The settings file is not valid (it has no schemaVersion but holds stripe, provider, threescale, which that format does not have). Nothing was changed.',
    );
  });

  it('refuses a file that claims an older format than its content', () => {
    expect(() => migrateDocument({ ...defaultDocument(), schemaVersion: 1 })).toThrow(/it claims format 1 but holds stripe, provider/);
    expect(() => migrateDocument({ ...defaultDocument(), schemaVersion: 2 })).toThrow(/it claims format 2 but holds provider/);
  });

  it('refuses a file that claims format 3 but holds the 3scale connection of format 4', () => {
    expect(() => migrateDocument({ ...defaultDocument(), schemaVersion: 3 })).toThrow(/it claims format 3 but holds threescale, which that format does not have/);
  });

  it('checks a file claiming format 4 like the rest: its fields, the 3scale verification\'s shape, nothing unknown inside it', () => {
    const verified = {
      ...defaultDocument(),
      threescale: {
        verification: {
          verifiedAt: '2026-03-01T10:00:00.000Z',
          adminDomain: 'acme-admin.3scale.net',
          provider: { id: 2445, orgName: 'Acme API', adminDomain: 'acme-admin.3scale.net' },
          providerProblem: null,
          apis: [{ api: 'billing', ok: true, message: null }],
        },
      },
    };
    expect(migrateDocument(structuredClone(verified))).toEqual(verified);
    const withoutConnection = { ...defaultDocument() } as Record<string, unknown>;
    delete withoutConnection.threescale;
    expect(() => migrateDocument(withoutConnection)).toThrow(/threescale/);
    expect(() => migrateDocument({ ...verified, threescale: { verification: { ...verified.threescale.verification, apis: [{ api: 'payments', ok: true, message: null }] } } })).toThrow(
      /threescale\.verification\.apis/,
    );
    expect(() => migrateDocument({ ...verified, threescale: { verification: null, accessToken: 'plain' } })).toThrow(/it holds threescale\.accessToken/);
    expect(() => migrateDocument({ ...verified, invoices: [] })).toThrow(/it claims format 4 but holds invoices/);
  });

  it('migrates a format-3 file to format 4 losing nothing: the 3scale connection starts unverified', () => {
    const v3 = {
      schemaVersion: 3,
      revision: 7,
      billingMode: 'prepaid',
      billing: { chargingEnabled: true, currency: 'EUR', invoiceFootnote: 'Thanks', vatZeroText: 'VAT 0%', numberingPeriod: 'yearly' },
      gateway: { type: 'stripe', values: {}, sealedSecrets: {} },
      stripe: {
        activeMode: 'test',
        keySets: {
          test: { publishableKey: 'pk_test_FAKE', sealedSecretKey: 'sealed:sk', sealedWebhookSecret: 'sealed:wh', verification: null },
          live: { publishableKey: '', sealedSecretKey: null, sealedWebhookSecret: null, verification: null },
        },
        webhook: { adminDomain: 'acme-admin.3scale.net', sealedAccessToken: 'sealed:tok', endpointIds: { test: 'we_1', live: null } },
      },
      provider: { accountId: '2445', name: 'Acme API' },
      financeLog: [{ at: '2026-01-01T00:00:00.000Z', user: 'tester', summary: 'Provider details updated', changes: [] }],
    };
    const migrated = migrateDocument(structuredClone(v3));
    expect(migrated).toEqual({ ...v3, schemaVersion: 4, threescale: { verification: null } });
  });

  it('refuses a file holding fields this version does not know, rather than dropping them on the next save', () => {
    expect(() => migrateDocument({ ...defaultDocument(), invoices: [] })).toThrow(/holds invoices/);
    const nested = defaultDocument() as unknown as { provider: Record<string, unknown> };
    nested.provider.email = 'billing@acme.example';
    expect(() => migrateDocument(nested)).toThrow(/it holds provider\.email, which this version does not know/);
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
  it('reads an older file from disk, migrates it, and writes the current version back on save', () => {
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
