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
