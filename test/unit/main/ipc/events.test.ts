// Events main pushes: the hub, and the features that send through it (connectivity,
// the customers load), wired by app-core as the app and the harness run them.
import { describe, expect, it, vi } from 'vitest';
import type { IpcEvent } from '../../../../common/ipc-contract';
import { createAppCore, type AppCoreOptions } from '../../../../main/app-core';
import { dispatch } from '../../../../main/ipc/dispatch';
import { createEventHub } from '../../../../main/ipc/events';
import { APP_ORIGIN } from '../../../../main/ipc/sender-policy';
import { memoryDraftStore } from '../../../../main/persistence/draft-file';
import { memoryCustomersCache } from '../../../support/memory-customers-cache';
import { memoryStore } from '../../../support/memory-store';
import { ACCOUNT, KEYS } from '../../../support/stripe-fixtures';
import { createTestEncryptor } from '../../../support/test-encryptor';
import { testNativeShell } from '../../../support/test-native-shell';
import { useFakeStripe } from '../../../support/vitest-fake-stripe';

const APP_PAGE = `${APP_ORIGIN}/index.html`;
const fakeStripe = useFakeStripe();

function core(stripeApiBase: string, extra: Partial<AppCoreOptions> = {}) {
  const app = createAppCore({
    store: memoryStore({}),
    drafts: memoryDraftStore(),
    native: testNativeShell({}),
    customersCache: memoryCustomersCache(),
    encryptor: createTestEncryptor(),
    osUser: 'tester',
    allowedOrigins: [APP_ORIGIN],
    stripeApiBase,
    connectivityOptions: { probeTimeoutMs: 15_000, onlineIntervalMs: 60_000, offlineBackoffMs: { first: 60_000, max: 60_000 } },
    customerLoaderOptions: { timeoutMs: 3000, backoffBaseMs: 10, maxRetries: 2 },
    ...extra,
  });
  const received: [IpcEvent, unknown][] = [];
  app.events.subscribe((event, payload) => received.push([event, payload]));
  return { ...app, received };
}

describe('the event hub', () => {
  it('delivers to every subscriber until it unsubscribes, and survives a failing one', () => {
    const logError = vi.fn();
    const hub = createEventHub(logError);
    const first: unknown[] = [];
    const stop = hub.subscribe((_event, payload) => first.push(payload));
    hub.subscribe(() => {
      throw new Error('Object has been destroyed');
    });
    hub.send('connectivity:changed', { online: true, checkedAt: null, detail: null });
    stop();
    hub.send('connectivity:changed', { online: false, checkedAt: null, detail: 'x' });
    expect(first).toEqual([{ online: true, checkedAt: null, detail: null }]);
    expect(logError).toHaveBeenCalledTimes(2);
  });
});

describe('connectivity is pushed', () => {
  it('when Stripe becomes unreachable, and not again while nothing changes', async () => {
    const app = core('http://127.0.0.1:9');
    await app.connectivity.checkNow();
    await app.connectivity.checkNow();
    app.connectivity.stop();
    expect(app.received).toEqual([['connectivity:changed', expect.objectContaining({ online: false, detail: 'Stripe cannot be reached.' })]]);
  });

  it('when a real call reaches Stripe again', async () => {
    const app = core(fakeStripe().url);
    app.connectivity.reportUnreachable('Stripe cannot be reached.');
    await app.connectivity.checkNow();
    app.connectivity.stop();
    expect(app.received.map(([, view]) => (view as { online: boolean }).online)).toEqual([false, true]);
  }, 30_000);
});

describe('the customers load is pushed', () => {
  it('from loading, with progress, to done; the renderer then asks for the rows once', async () => {
    const server = fakeStripe();
    for (let i = 1; i <= 5; i++) {
      server.seedCustomer('test', { accountId: ACCOUNT.id, created: 1_764_000_000 + i, metadata: { '3scale_account_reference': `3scale-7-${i}` } });
    }
    const app = core(server.url);
    const call = (channel: string, payload: unknown) => dispatch(app.dispatchOptions, channel, payload, APP_PAGE);
    expect(await call('provider:save', { accountId: '7', name: 'Acme' })).toMatchObject({ ok: true });
    const keys = { login: KEYS.testSecret, publishable_key: KEYS.testPublishable, endpoint_secret: KEYS.testWebhook };
    const empty = { login: '', publishable_key: '', endpoint_secret: '' };
    const saved = await call('gateway:save', { type: 'stripe', values: {}, stripeKeySets: { test: keys, live: empty }, confirmedGatewayChange: true });
    expect(saved).toMatchObject({ ok: true });
    app.received.length = 0;

    expect(await call('customers:load', null)).toMatchObject({ ok: true, value: { status: 'loading' } });
    await vi.waitFor(() => expect(app.received.at(-1)?.[1]).toMatchObject({ status: 'done' }), { timeout: 20_000 });
    app.connectivity.stop();

    const loads = app.received.filter(([event]) => event === 'customers:load-progress').map(([, state]) => state as { status: string; mode: string });
    expect(loads[0]).toMatchObject({ mode: 'test', status: 'loading' });
    expect(loads.at(-1)).toMatchObject({ mode: 'test', status: 'done', error: null });
    // The event is the load's state, never the rows.
    expect(Object.keys(loads.at(-1) ?? {}).sort()).toEqual(['error', 'mode', 'progress', 'status']);
    expect(await call('customers:get', null)).toMatchObject({ ok: true, value: { status: 'done', summary: { total: 5 } } });
  }, 30_000);
});
