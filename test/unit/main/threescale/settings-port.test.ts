// The 3scale connection writes through the settings' one writer: applied to the document
// as it is when 3scale has answered, never a copy read before the wait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftKeeper } from '../../../../main/domain/draft-keeper';
import { migrateDocument } from '../../../../main/domain/settings-document';
import { SettingsRepository } from '../../../../main/domain/settings-repository';
import { SettingsWriter } from '../../../../main/domain/settings-writer';
import { SecretVault } from '../../../../main/domain/vault';
import { dispatch } from '../../../../main/ipc/dispatch';
import { APP_ORIGIN } from '../../../../main/ipc/sender-policy';
import { memoryDraftStore } from '../../../../main/persistence/draft-file';
import { createThreescaleSettingsPort } from '../../../../main/threescale/settings-port';
import type { StoredThreescaleVerification } from '../../../../main/threescale/connection-state';
import { memoryStore } from '../../../support/memory-store';
import { createTestEncryptor } from '../../../support/test-encryptor';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';
import { testAppCore } from '../../../support/test-app-core';

const TOKEN = 'fake-3scale-port-token-000000001';
const OTHER = 'fake-3scale-port-token-000000002';
let fake: FakeThreescale;

beforeAll(async () => {
  fake = await startFakeThreescale({ provider: { id: 2445, orgName: 'Acme API' }, tokens: [{ value: TOKEN, scopes: ['finance', 'account_management', 'cms'] }] });
});
afterAll(async () => {
  await fake.stop();
});

const VERIFIED: StoredThreescaleVerification = {
  verifiedAt: '2026-03-01T10:00:00.000Z',
  adminDomain: 'acme-admin.3scale.net',
  provider: { id: 2445, orgName: 'Acme API', adminDomain: 'acme-admin.3scale.net' },
  providerProblem: null,
  apis: [{ api: 'billing', ok: true, message: null }],
};

function port() {
  const store = memoryStore({});
  const vault = new SecretVault(createTestEncryptor());
  const now = () => new Date('2026-03-01T10:00:00.000Z');
  const drafts = new DraftKeeper(memoryDraftStore(), vault, now);
  const writer = new SettingsWriter({ repository: new SettingsRepository(store), drafts, osUser: 'tester', now });
  return { store, vault, writer, port: createThreescaleSettingsPort({ writer, vault, drafts }) };
}

describe('the 3scale settings port', () => {
  it('keeps a billing save made while 3scale was answering Verify, and logs each change once', async () => {
    const { store, ...core } = testAppCore({}, { threescaleBaseUrl: fake.url });
    const call = (channel: Parameters<typeof dispatch>[1], payload: unknown) => dispatch(core.dispatchOptions, channel, payload, `${APP_ORIGIN}/index.html`);
    fake.setFaults({ latencyMs: 300 });
    try {
      const verifying = call('threescale:connect', { adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const billing = { chargingEnabled: true, currency: 'EUR', invoiceFootnote: 'Thanks', vatZeroText: '', numberingPeriod: 'monthly' };
      expect(await call('billing:save', billing)).toMatchObject({ ok: true });
      expect(await verifying).toMatchObject({ ok: true, value: { status: 'saved' } });
    } finally {
      fake.setFaults({ latencyMs: 0 });
    }
    const saved = migrateDocument(store.current());
    expect(saved.billing).toMatchObject({ chargingEnabled: true, currency: 'EUR', invoiceFootnote: 'Thanks' });
    expect(saved.provider).toEqual({ accountId: '2445', name: 'Acme API' });
    expect(saved.threescale.verification).toMatchObject({ provider: { id: 2445 } });
    expect(saved.financeLog.map((entry) => entry.summary)).toEqual(['Finance settings updated', '3scale connection verified and saved']);
    expect(saved.revision).toBe(2);
  });

  it('stores a Verify that changed no setting quietly: the verification, no log entry, no new revision', () => {
    const { store, port: settings } = port();
    settings.saveVerified({ adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN, typed: true, verification: VERIFIED, provider: null });
    const first = migrateDocument(store.current());
    const again = { ...VERIFIED, verifiedAt: '2026-03-02T10:00:00.000Z' };
    settings.saveVerified({ adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN, typed: false, verification: again, provider: null });
    const second = migrateDocument(store.current());
    expect(second.threescale.verification?.verifiedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(second.revision).toBe(first.revision);
    expect(second.financeLog).toHaveLength(first.financeLog.length);
  });

  it('refuses to record the Verify of a saved token that was replaced meanwhile, and changes nothing', () => {
    const { store, vault, writer, port: settings } = port();
    settings.saveVerified({ adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN, typed: true, verification: VERIFIED, provider: null });
    // Another save replaced the token while 3scale verified the old one.
    writer.apply((doc) => {
      doc.stripe.webhook.sealedAccessToken = vault.seal(OTHER);
      return { kind: 'quiet', result: null };
    });
    const before = store.writes.length;
    expect(() =>
      settings.saveVerified({ adminDomain: 'other-admin.3scale.net', accessToken: TOKEN, typed: false, verification: VERIFIED, provider: { accountId: '1', name: 'X' } }),
    ).toThrow(expect.objectContaining({ code: 'settings_conflict' }));
    expect(store.writes.length).toBe(before);
    const saved = migrateDocument(store.current());
    expect(vault.open(saved.stripe.webhook.sealedAccessToken ?? '')).toBe(OTHER);
    expect(saved.stripe.webhook.adminDomain).toBe('acme-admin.3scale.net');
  });
});
