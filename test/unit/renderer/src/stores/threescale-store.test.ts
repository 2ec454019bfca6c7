// The 3scale page's store against a fake bridge: its fields are the settings form's
// (webhook.*), their errors are in the settings errors map, and Verify runs through the
// settings page's one save runner.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ThreescaleConnectResult, ThreescaleConnectionView } from '../../../../../common/ipc-contract';
import { deferred, failure, fakeBridge, firstPageFrom, ok, settingsView, type BridgeHandlers, type FakeBridge } from '../../../../support/fake-bridge';

let bridge: FakeBridge | null = null;

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  expect(bridge?.unexpected ?? []).toEqual([]);
  bridge = null;
});

const connectionView = (change: Partial<ThreescaleConnectionView> = {}): ThreescaleConnectionView => ({
  adminDomain: '',
  maskedAccessToken: null,
  verification: null,
  providerMismatches: [],
  ...change,
});

async function openPage(handlers: BridgeHandlers = {}) {
  const answers: BridgeHandlers = {
    getSettings: () => ok(settingsView()),
    getDraft: () => ok(null),
    saveDraft: () => ok(null),
    loadThreescaleConnection: () => ok(connectionView()),
    on: () => () => undefined,
    ...handlers,
  };
  bridge = fakeBridge({ getFirstPage: firstPageFrom(answers), ...answers });
  vi.useFakeTimers();
  vi.resetModules();
  vi.stubGlobal('window', { billingDesk: bridge.api });
  const { useSettingsStore } = await import('../../../../../renderer/src/stores/settings-store');
  const { useThreescaleStore } = await import('../../../../../renderer/src/stores/threescale-store');
  const { useFlashStore } = await import('../../../../../renderer/src/stores/flash-store');
  await useSettingsStore.getState().load();
  await useThreescaleStore.getState().load();
  return {
    bridge,
    settings: () => useSettingsStore.getState(),
    threescale: () => useThreescaleStore.getState(),
    flash: () => useFlashStore.getState().flash,
  };
}

describe('3scale Verify', () => {
  it('keeps the draft first, sends the latest typing, and on success shows the saved domain and provider in both cards', async () => {
    const saved = settingsView((v) => {
      v.stripe.webhook = { adminDomain: 'acme-admin.3scale.net', maskedAccessToken: '…0001', endpointIds: { test: null, live: null } };
      v.provider = { accountId: '2445', name: 'Acme API' };
    });
    const answer = deferred<{ ok: true; value: ThreescaleConnectResult }>();
    const page = await openPage({ connectThreescale: () => answer.promise });
    page.threescale().edit({ adminDomain: 'https://acme-admin.3scale.net/p/admin', accessToken: 'fake-token-0001' });
    page.settings().editProvider({ name: 'typed by hand' });
    const verifying = page.threescale().verify();
    await vi.waitFor(() => expect(page.bridge.argsOf('connectThreescale')).toHaveLength(1));
    expect(page.bridge.calls.findIndex((c) => c.method === 'saveDraft')).toBeLessThan(page.bridge.calls.findIndex((c) => c.method === 'connectThreescale'));
    expect(page.bridge.argsOf('connectThreescale')[0]).toEqual([{ adminDomain: 'https://acme-admin.3scale.net/p/admin', accessToken: 'fake-token-0001' }]);
    // The page's one runner is busy: a second Verify or another card's Save waits.
    expect(page.settings().busy).toBe(true);
    expect(await page.threescale().verify()).toBe(false);
    page.bridge.answer({ getSettings: () => ok(saved) });
    answer.resolve({ ok: true, value: { status: 'saved', view: connectionView({ adminDomain: 'acme-admin.3scale.net', maskedAccessToken: '…0001' }), message: 'Connected to Acme API' } });
    expect(await verifying).toBe(true);
    expect(page.settings().busy).toBe(false);
    expect(page.settings().form?.webhook).toEqual({ adminDomain: 'acme-admin.3scale.net', accessToken: '' });
    expect(page.settings().form?.provider).toEqual({ accountId: '2445', name: 'Acme API' });
    expect(page.settings().view?.stripe.webhook.maskedAccessToken).toBe('…0001');
    expect(page.threescale().view?.maskedAccessToken).toBe('…0001');
    expect(page.flash()).toMatchObject({ variant: 'success', message: 'Connected to Acme API' });
  });

  it('puts a refusal next to its field in the settings errors map, keeps the typing, and drops the error when that field is edited', async () => {
    const page = await openPage({
      connectThreescale: () =>
        ok<ThreescaleConnectResult>({
          status: 'failed',
          view: connectionView(),
          kind: 'bad_token',
          message: '3scale refused the access token.',
          fieldErrors: { accessToken: '3scale refused the access token.' },
        }),
    });
    page.threescale().edit({ adminDomain: 'acme-admin.3scale.net', accessToken: 'fake-wrong-token' });
    expect(await page.threescale().verify()).toBe(true);
    expect(page.settings().errors).toEqual({ 'webhook.accessToken': '3scale refused the access token.' });
    expect(page.threescale().failure).toBeNull();
    expect(page.settings().form?.webhook).toEqual({ adminDomain: 'acme-admin.3scale.net', accessToken: 'fake-wrong-token' });
    page.threescale().edit({ accessToken: 'fake-other-token' });
    expect(page.settings().errors).toEqual({});
  });

  it('shows a failure that is about no field (unreachable) on the card, and a refused request with its field errors', async () => {
    const page = await openPage({
      connectThreescale: () =>
        ok<ThreescaleConnectResult>({ status: 'failed', view: connectionView(), kind: 'unreachable', message: '3scale could not be reached.', fieldErrors: {} }),
    });
    page.threescale().edit({ adminDomain: 'acme-admin.3scale.net', accessToken: 'fake-token-0001' });
    await page.threescale().verify();
    expect(page.threescale().failure).toBe('3scale could not be reached. It is kept in the draft and verified by itself as soon as 3scale answers.');
    expect(page.settings().errors).toEqual({});
    page.bridge.answer({ connectThreescale: () => failure('keychain_unavailable', 'No keychain: the token was not saved.', { accessToken: 'Not saved' }) });
    expect(await page.threescale().verify()).toBe(false);
    expect(page.threescale().failure).toBe('No keychain: the token was not saved.');
    expect(page.settings().errors).toEqual({ 'webhook.accessToken': 'Not saved' });
    expect(page.settings().form?.webhook.accessToken).toBe('fake-token-0001');
  });
});
