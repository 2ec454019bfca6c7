// The portal template's channels through the app's one dispatch path: the saved 3scale
// connection is used, publishing needs the user's confirmation, writes reach the finance
// log, and the token never comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcChannel } from '../../../../common/ipc-contract';
import { dispatch } from '../../../../main/ipc/dispatch';
import { APP_ORIGIN } from '../../../../main/ipc/sender-policy';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';
import { testAppCore } from '../../../support/test-app-core';

const TOKEN = 'fa4e0000000000000000000000000000000000000000000000000000000fa4e1';
let fake: FakeThreescale;

beforeAll(async () => {
  fake = await startFakeThreescale({ provider: { id: 2445, orgName: 'Acme API' }, tokens: [{ value: TOKEN, scopes: ['finance', 'account_management', 'cms'] }] });
});
afterAll(async () => {
  await fake.stop();
});

function app() {
  const { store, ...core } = testAppCore({}, { threescaleBaseUrl: fake.url });
  const call = (channel: IpcChannel, payload: unknown) => dispatch(core.dispatchOptions, channel, payload, `${APP_ORIGIN}/index.html`);
  return { store, call };
}

describe('portal template channels', () => {
  it('says to connect 3scale first, then opens, saves and publishes with the saved connection', async () => {
    const t = fake.seedTemplate({ type: 'builtin_page', systemName: 'accounts/payment_gateways/show', title: 'Payment', published: '<p>old</p>' });
    const { call } = app();
    expect(await call('portal-template:open', null)).toMatchObject({ ok: true, value: { status: 'failed', kind: 'not_connected' } });

    await call('threescale:connect', { adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN });
    const opened = await call('portal-template:open', null);
    expect(opened).toMatchObject({ ok: true, value: { status: 'opened', source: '<p>old</p>', origin: { adminDomain: 'acme-admin.3scale.net', templateId: t.id } } });
    if (!opened.ok || (opened.value as { status: string }).status !== 'opened') throw new Error('not opened');
    const { origin } = opened.value as { origin: { templateId: number; version: string } };
    const base = { templateId: origin.templateId, version: origin.version };

    expect(await call('portal-template:save-draft', { base, source: '<p>new</p>' })).toMatchObject({ ok: true, value: { status: 'saved' } });
    expect(t.draft).toBe('<p>new</p>');

    // Publishing without the user's confirmation is refused before anything is sent.
    const unconfirmed = await call('portal-template:publish', { base, source: '<p>new</p>' });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(t.published).toBe('<p>old</p>');

    const reopened = await call('portal-template:open', null);
    const again = (reopened as { value: { origin: { templateId: number; version: string } } }).value.origin;
    const published = await call('portal-template:publish', { base: { templateId: again.templateId, version: again.version }, source: '<p>new</p>', confirmed: true });
    expect(published).toMatchObject({ ok: true, value: { status: 'published' } });
    expect(t.published).toBe('<p>new</p>');

    const log = await call('finance-log:list', null);
    const summaries = (log as { value: { summary: string }[] }).value.map((e) => e.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        'Saved the Payment Gateway / Show template as draft in 3scale (acme-admin.3scale.net)',
        'Published the Payment Gateway / Show template in 3scale (acme-admin.3scale.net)',
      ]),
    );
    expect(JSON.stringify([opened, published, log])).not.toContain(TOKEN);
  });
});
