// The 3scale feature through the app's one dispatch path: payload checks, the settings
// document (format 4), the vault, the finance log and the draft.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDocument } from '../../../../main/domain/settings-document';
import { dispatch } from '../../../../main/ipc/dispatch';
import { APP_ORIGIN } from '../../../../main/ipc/sender-policy';
import { startFakeThreescale } from '../../../threescale-server/server';
import type { FakeThreescale } from '../../../threescale-server/server';
import { testAppCore } from '../../../support/test-app-core';

const TOKEN = 'fa4e0000000000000000000000000000000000000000000000000000000fa4e1';
let fake: FakeThreescale;

beforeAll(async () => {
  fake = await startFakeThreescale({ provider: { id: 2445, orgName: 'Acme API' }, tokens: [{ value: TOKEN, scopes: ['finance', 'account_management', 'cms'] }] });
});
afterAll(async () => {
  await fake.stop();
});

function app(initial: unknown = {}) {
  const { store, ...core } = testAppCore(initial, { threescaleBaseUrl: fake.url });
  const call = (channel: 'threescale:view' | 'threescale:connect', payload: unknown) =>
    dispatch(core.dispatchOptions, channel, payload, `${APP_ORIGIN}/index.html`);
  return { store, call };
}

describe('threescale channels', () => {
  it('saves a verified connection sealed, logs it masked, fills the provider and never answers the token', async () => {
    const { store, call } = app();
    const result = await call('threescale:connect', { adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN });
    expect(result).toMatchObject({ ok: true, value: { status: 'saved', view: { adminDomain: 'acme-admin.3scale.net', maskedAccessToken: '…a4e1' } } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    const saved = migrateDocument(store.current());
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    expect(saved.stripe.webhook.sealedAccessToken).toMatch(/^sealed:/);
    expect(saved.provider).toEqual({ accountId: '2445', name: 'Acme API' });
    expect(saved.threescale.verification).toMatchObject({ adminDomain: 'acme-admin.3scale.net', provider: { id: 2445 } });
    expect(saved.financeLog.at(-1)).toMatchObject({
      summary: '3scale connection verified and saved',
      changes: expect.arrayContaining([{ field: '3scale access token', from: '', to: '…a4e1' }, { field: 'Provider account ID', from: '', to: '2445' }]),
    });
    const view = await call('threescale:view', null);
    expect(view).toMatchObject({ ok: true, value: { verification: { provider: { orgName: 'Acme API' } }, providerMismatches: [] } });
  });

  it('refuses a payload the contract does not allow', async () => {
    const { call } = app();
    const result = await call('threescale:connect', { adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN, extra: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('saves nothing when 3scale refuses', async () => {
    const { store, call } = app();
    const result = await call('threescale:connect', { adminDomain: 'acme-admin.3scale.net', accessToken: 'fake-3scale-unknown-0000001' });
    expect(result).toMatchObject({ ok: true, value: { status: 'failed', kind: 'bad_token' } });
    expect(store.writes).toHaveLength(0);
  });
});

describe('settings format 4', () => {
  it('migrates a format-3 file with no 3scale verification', () => {
    const format3 = {
      schemaVersion: 3,
      revision: 2,
      billingMode: 'postpaid',
      billing: { chargingEnabled: false, currency: 'USD', invoiceFootnote: '', vatZeroText: '', numberingPeriod: 'monthly' },
      gateway: { type: null, values: {}, sealedSecrets: {} },
      stripe: {
        activeMode: 'test',
        keySets: {
          test: { publishableKey: '', sealedSecretKey: null, sealedWebhookSecret: null, verification: null },
          live: { publishableKey: '', sealedSecretKey: null, sealedWebhookSecret: null, verification: null },
        },
        webhook: { adminDomain: 'acme-admin.3scale.net', sealedAccessToken: null, endpointIds: { test: null, live: null } },
      },
      provider: { accountId: '7', name: 'Acme' },
      financeLog: [],
    };
    const doc = migrateDocument(format3);
    expect(doc.schemaVersion).toBe(4);
    expect(doc.threescale).toEqual({ verification: null });
    expect(doc.stripe.webhook.adminDomain).toBe('acme-admin.3scale.net');
  });
});
