// The 3scale connection kept in the draft while 3scale could not be reached is verified by
// main once it can: after a Verify that did not reach 3scale, and at start.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ThreescaleConnectResult } from '../../../../common/contract/threescale';
import type { DraftView } from '../../../../common/contract/drafts';
import { migrateDocument } from '../../../../main/domain/settings-document';
import { dispatch } from '../../../../main/ipc/dispatch';
import { APP_ORIGIN } from '../../../../main/ipc/sender-policy';
import { draftedConnection } from '../../../../main/threescale/auto-verify';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';
import { testAppCore } from '../../../support/test-app-core';

const TOKEN = 'fa4e0000000000000000000000000000000000000000000000000000000fa4e1';
const DOMAIN = 'acme-admin.3scale.net';
let fake: FakeThreescale;

beforeAll(async () => {
  fake = await startFakeThreescale({ provider: { id: 2445, orgName: 'Acme API' }, tokens: [{ value: TOKEN, scopes: ['finance', 'account_management', 'cms'] }] });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.setFaults({ dropNext: 0, failNext: [] });
  fake.requests.length = 0;
});

function app() {
  const core = testAppCore({}, { threescaleBaseUrl: fake.url, threescaleAutoVerifyBackoffMs: { first: 30, max: 120 } });
  const call = (channel: 'draft:save' | 'threescale:connect', payload: unknown) => dispatch(core.dispatchOptions, channel, payload, `${APP_ORIGIN}/index.html`);
  const outcomes: ThreescaleConnectResult[] = [];
  core.events.subscribe((event, payload) => {
    if (event === 'threescale:auto-verified') outcomes.push(payload as ThreescaleConnectResult);
  });
  const next = async (): Promise<ThreescaleConnectResult> => {
    for (let waited = 0; waited < 5_000; waited += 20) {
      const outcome = outcomes.shift();
      if (outcome) return outcome;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('no auto-verify outcome within 5 s');
  };
  return { core, call, next, outcomes };
}

const draftConnection = (token = TOKEN) => ({ form: { 'webhook.adminDomain': DOMAIN, 'webhook.accessToken': token } });

describe('draftedConnection', () => {
  const view = (domain: string, tokenTyped: boolean): DraftView => ({
    updatedAt: '',
    form: { 'webhook.adminDomain': domain },
    draftSecretMasks: tokenTyped ? { 'webhook.accessToken': '…a4e1' } : {},
    differences: [],
    conflicts: [],
    needsStripe: false,
  });
  it('is the draft’s domain (token kept sealed) when the draft changes the connection, else nothing', () => {
    expect(draftedConnection(view(DOMAIN, true), DOMAIN)).toEqual({ adminDomain: DOMAIN, accessToken: '' });
    expect(draftedConnection(view(DOMAIN, false), 'old-admin.3scale.net')).toEqual({ adminDomain: DOMAIN, accessToken: '' });
    expect(draftedConnection(view(DOMAIN, false), DOMAIN)).toBeNull();
    expect(draftedConnection(view(' ', true), '')).toBeNull();
    expect(draftedConnection(null, DOMAIN)).toBeNull();
  });
});

describe('ThreescaleAutoVerify', () => {
  it('verifies and saves the drafted connection once 3scale can be reached after a Verify that could not reach it', async () => {
    const { core, call, next } = app();
    await call('draft:save', draftConnection());
    // 3scale cannot be reached for the Verify and the first two tries after it.
    fake.setFaults({ dropNext: 3 });
    const verify = await call('threescale:connect', { adminDomain: DOMAIN, accessToken: TOKEN });
    expect(verify).toMatchObject({ ok: true, value: { status: 'failed', kind: 'unreachable' } });
    expect(migrateDocument(core.store.current()).stripe.webhook.sealedAccessToken).toBeNull();

    const outcome = await next();
    expect(outcome).toMatchObject({ status: 'saved', message: expect.stringContaining('Connected to Acme API') });
    const saved = migrateDocument(core.store.current());
    expect(saved.stripe.webhook.adminDomain).toBe(DOMAIN);
    expect(saved.stripe.webhook.sealedAccessToken).toMatch(/^sealed:/);
    expect(saved.provider).toEqual({ accountId: '2445', name: 'Acme API' });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
    core.threescaleAutoVerify.stop();
  });

  it('at start, verifies a connection an earlier run left in the draft; a refusal is told once, not retried', async () => {
    const { core, call, next } = app();
    await call('draft:save', draftConnection('fake-3scale-unknown-token-000000001'));
    core.threescaleAutoVerify.start();
    expect(await next()).toMatchObject({ status: 'failed', kind: 'bad_token' });
    const requests = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests.length).toBe(requests);

    await call('draft:save', draftConnection());
    core.threescaleAutoVerify.start();
    expect(await next()).toMatchObject({ status: 'saved' });
    core.threescaleAutoVerify.stop();
  });

  it('does nothing without a drafted connection', async () => {
    const { core, outcomes } = app();
    await core.threescaleAutoVerify.kick();
    expect(fake.requests).toHaveLength(0);
    expect(outcomes).toHaveLength(0);
  });
});
