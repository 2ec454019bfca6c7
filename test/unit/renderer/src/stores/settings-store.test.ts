// The settings page's store against a fake bridge: one form, one errors map by field
// path, every save through one runner that never leaves the page busy.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingDeskApi, ConnectivityView, SavedResult, SettingsView, StripeVerification } from '../../../../../common/ipc-contract';
import { deferred, draftView, failure, fakeBridge, firstPageFrom, ok, settingsView, type BridgeHandlers, type FakeBridge } from '../../../../support/fake-bridge';

let bridge: FakeBridge | null = null;

// The stores log unexpected failures for developers; the tests check what the user is told.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  // A call the test did not expect is a finding, even when the store coped with it.
  expect(bridge?.unexpected ?? []).toEqual([]);
  bridge = null;
});

const saved = (view: SettingsView, message = 'Saved') => ok<SavedResult>({ view, message });

/** Fresh stores (module state included) on a fake bridge, with the page loaded. */
async function openPage(handlers: BridgeHandlers = {}, view: SettingsView = settingsView(), options: { load?: boolean } = {}) {
  const parts: BridgeHandlers = {
    getSettings: () => ok(view),
    getDraft: () => ok(null),
    saveDraft: () => ok(null),
    getConnectivity: () => ok({ online: true, checkedAt: null, detail: null }),
    on: () => () => undefined,
    ...handlers,
  };
  bridge = fakeBridge({ getFirstPage: firstPageFrom(parts), ...parts });
  // Fake timers for every test: a draft send scheduled by one test's store is dropped
  // with that test's clock instead of reaching the next test's bridge.
  vi.useFakeTimers();
  vi.resetModules();
  vi.stubGlobal('window', { billingDesk: bridge.api });
  const { useSettingsStore } = await import('../../../../../renderer/src/stores/settings-store');
  const { useFlashStore } = await import('../../../../../renderer/src/stores/flash-store');
  const { useConfirmStore } = await import('../../../../../renderer/src/stores/confirm-store');
  const asked: string[] = [];
  const answers: boolean[] = [];
  let seen: unknown = null;
  useConfirmStore.subscribe((state) => {
    if (!state.pending || state.pending === seen) return;
    seen = state.pending;
    asked.push(state.pending.text);
    const answer = answers.shift();
    if (answer !== undefined) queueMicrotask(() => useConfirmStore.getState().answer(answer));
  });
  if (options.load !== false) await useSettingsStore.getState().load();
  return {
    bridge,
    store: useSettingsStore,
    state: () => useSettingsStore.getState(),
    flash: () => useFlashStore.getState().flash,
    /** The questions asked so far, and the answers the next ones get. */
    dialogs: { asked, answerWith: (...next: boolean[]) => answers.push(...next) },
  };
}

const stripeView = () =>
  settingsView((v) => {
    v.billing.chargingEnabled = true;
    v.gateway.type = 'stripe';
    v.stripe.keySets.test = { publishableKey: 'pk_test_SAVED', maskedSecretKey: 'sk_test_…4242', maskedWebhookSecret: 'whsec_…9876', complete: true, verification: null };
  });

describe('loading', () => {
  it('holds the saved settings as one form, and a restored draft over them', async () => {
    const view = stripeView();
    view.provider = { accountId: '2445581234567', name: 'Acme' };
    const { state } = await openPage({
      getDraft: () => ok(draftView({ form: { 'billing.currency': 'EUR', 'billing.chargingEnabled': true, 'gateway.type': 'stripe', 'stripe.test.publishable_key': 'pk_test_DRAFT', 'provider.name': 'Acme APIs' } })),
    }, view);
    const form = state().form;
    expect(form?.billing.currency).toBe('EUR');
    expect(form?.gatewayType).toBe('stripe');
    expect(form?.stripeKeys.test).toEqual({ login: '', publishable_key: 'pk_test_DRAFT', endpoint_secret: '' });
    expect(form?.provider.name).toBe('Acme APIs');
    expect(state().draft).not.toBeNull();
  });

  it('without a draft the form is the saved settings, secrets empty', async () => {
    const { state } = await openPage({}, stripeView());
    expect(state().form?.stripeKeys.test).toEqual({ login: '', publishable_key: 'pk_test_SAVED', endpoint_secret: '' });
    expect(state().form?.billing.chargingEnabled).toBe(true);
  });

  it('a failed or broken load is said, not thrown', async () => {
    const refused = await openPage({ getSettings: () => failure('store_unreadable', 'The settings file could not be read.') });
    expect(refused.state().loadError).toBe('The settings file could not be read.');
    const broken = await openPage({ getSettings: () => Promise.reject(new Error('bridge gone')) });
    expect(broken.state().loadError).toMatch(/unexpected error/);
  });

  it('asks main once, for everything the first page draws, after listening to connectivity', async () => {
    const view = stripeView();
    const { state, bridge } = await openPage({ getConnectivity: () => ok({ online: false, checkedAt: '2026-12-02T10:00:00.000Z', detail: 'offline' }) }, view);
    expect(bridge.calls.map((c) => c.method)).toEqual(['on', 'getFirstPage']);
    expect(bridge.calls[0]?.args[0]).toBe('connectivity:changed');
    expect(state().view).toEqual(view);
    expect(state().connectivity).toEqual({ online: false, checkedAt: '2026-12-02T10:00:00.000Z', detail: 'offline' });
    // App calls load() too (and React's StrictMode twice): no second request.
    await state().load();
    expect(bridge.argsOf('getFirstPage')).toHaveLength(1);
  });

  it('a failed load is asked again on the next load()', async () => {
    const { state, bridge } = await openPage({ getSettings: () => failure('store_unreadable', 'The settings file could not be read.') });
    bridge.answer({ getFirstPage: firstPageFrom({ getSettings: () => ok(settingsView()) }) });
    await state().load();
    expect(bridge.argsOf('getFirstPage')).toHaveLength(2);
    expect(state().loadError).toBeNull();
    expect(state().view).not.toBeNull();
  });

  it('keeps a connectivity change pushed while the first page was read over the older answer', async () => {
    const answer = deferred<Awaited<ReturnType<BillingDeskApi['getFirstPage']>>>();
    let push: (view: ConnectivityView) => void = () => {
      throw new Error('the store did not listen to connectivity:changed');
    };
    const { state } = await openPage(
      {
        getFirstPage: () => answer.promise,
        on: ((_event: string, listener: (view: ConnectivityView) => void) => {
          push = listener;
          return () => undefined;
        }) as BillingDeskApi['on'],
      },
      settingsView(),
      { load: false },
    );
    const loaded = state().load();
    push({ online: true, checkedAt: '2026-12-02T10:00:05.000Z', detail: null });
    answer.resolve({ ok: true, value: { settings: settingsView(), draft: null, connectivity: { online: null, checkedAt: null, detail: null } } });
    await loaded;
    expect(state().connectivity).toEqual({ online: true, checkedAt: '2026-12-02T10:00:05.000Z', detail: null });
    push({ online: false, checkedAt: '2026-12-02T10:01:05.000Z', detail: 'offline' });
    expect(state().connectivity?.online).toBe(false);
  });
});

describe('the flushDraft defect: a draft that cannot be sent never leaves the page busy', () => {
  // Before the save runner, three flows awaited flushDraft() outside their try/finally:
  // when sending the draft threw, `busy` stayed true and every Save stayed disabled.
  const flows: { name: string; run: (s: { saveBilling(): Promise<unknown>; saveProvider(): Promise<unknown>; saveGateway(): Promise<unknown> }) => Promise<unknown>; method: keyof BillingDeskApi }[] = [
    { name: 'billing settings', run: (s) => s.saveBilling(), method: 'saveBilling' },
    { name: 'provider', run: (s) => s.saveProvider(), method: 'saveProvider' },
    { name: 'gateway', run: (s) => s.saveGateway(), method: 'saveGateway' },
  ];
  for (const flow of flows) {
    it(`${flow.name}: the save still goes through and the page is not left busy`, async () => {
      const view = stripeView();
      const { state, bridge } = await openPage({
        saveDraft: () => Promise.reject(new Error('IPC channel closed')),
        saveBilling: () => saved(view),
        saveProvider: () => saved(view),
        saveGateway: () => saved(view),
      }, view);
      await flow.run(state()).catch(() => undefined);
      expect(state().busy).toBe(false);
      expect(bridge.argsOf(flow.method)).toHaveLength(1);
      // Expected: sending the draft failed, and the test said why.
      bridge.unexpected.length = 0;
    });
  }
});

describe('the save runner', () => {
  it('keeps the page busy while a save runs, refuses a second one meanwhile, and frees it after', async () => {
    const answer = deferred<Awaited<ReturnType<BillingDeskApi['saveBilling']>>>();
    const { state, bridge } = await openPage({ saveBilling: () => answer.promise });
    const first = state().saveBilling();
    await vi.waitFor(() => expect(bridge.argsOf('saveBilling')).toHaveLength(1));
    expect(state().busy).toBe(true);
    expect(await state().saveBilling()).toBe(false);
    expect(await state().saveProvider()).toBe(false);
    expect(bridge.argsOf('saveBilling')).toHaveLength(1);
    expect(bridge.argsOf('saveProvider')).toHaveLength(0);
    answer.resolve({ ok: true, value: { view: settingsView(), message: 'Finance settings updated' } });
    expect(await first).toBe(true);
    expect(state().busy).toBe(false);
  });

  it('sends the latest typing as a draft before saving', async () => {
    const { state, bridge } = await openPage({ saveBilling: () => saved(settingsView()) });
    state().editBilling({ invoiceFootnote: 'Thank you' });
    await state().saveBilling();
    const order = bridge.calls.map((c) => c.method).filter((m) => m === 'saveDraft' || m === 'saveBilling');
    expect(order.slice(0, 2)).toEqual(['saveDraft', 'saveBilling']);
    expect(bridge.argsOf('saveDraft')[0]?.[0]).toMatchObject({ 'billing.invoiceFootnote': 'Thank you' });
  });

  it('a request that throws is told as a sentence; the typing stays and the page is free', async () => {
    const { state, flash } = await openPage({ saveBilling: () => Promise.reject(new Error('Error invoking remote method: boom\n    at stack')) });
    state().editBilling({ invoiceFootnote: 'Keep me' });
    expect(await state().saveBilling()).toBe(false);
    expect(state().busy).toBe(false);
    expect(flash()).toMatchObject({ variant: 'danger' });
    expect(flash()?.message).toMatch(/unexpected error.*still in the form/);
    expect(flash()?.message).not.toMatch(/boom|stack/);
    expect(state().form?.billing.invoiceFootnote).toBe('Keep me');
  });
});

describe('errors by field path', () => {
  it("main's field errors are placed by path and cleared field by field; the typing stays", async () => {
    const { state, flash } = await openPage({
      saveBilling: () => failure('invalid_input', 'Invalid finance settings', { invoiceFootnote: 'is too long (maximum is 2000 characters)', vatZeroText: 'is too long (maximum is 255 characters)' }),
      saveProvider: () => failure('invalid_input', 'Invalid provider details', { accountId: 'must not start with 0' }),
    });
    state().editBilling({ invoiceFootnote: 'x'.repeat(2001) });
    await state().saveBilling();
    await state().saveProvider();
    expect(state().errors).toEqual({
      'billing.invoiceFootnote': 'is too long (maximum is 2000 characters)',
      'billing.vatZeroText': 'is too long (maximum is 255 characters)',
      'provider.accountId': 'must not start with 0',
    });
    expect(flash()?.message).toBe('Invalid provider details');
    expect(state().form?.billing.invoiceFootnote).toHaveLength(2001);
    state().editBilling({ invoiceFootnote: 'short' });
    expect(Object.keys(state().errors).sort()).toEqual(['billing.vatZeroText', 'provider.accountId']);
  });

  it("a card's save replaces only that card's errors", async () => {
    const view = settingsView();
    const { state, bridge } = await openPage({
      saveProvider: () => failure('invalid_input', 'Invalid provider details', { accountId: 'must be a number' }),
      saveBilling: () => failure('invalid_input', 'Invalid finance settings', { currency: 'is not included in the list' }),
    }, view);
    await state().saveProvider();
    await state().saveBilling();
    expect(Object.keys(state().errors).sort()).toEqual(['billing.currency', 'provider.accountId']);
    bridge.answer({ saveBilling: () => saved(view, 'Finance settings updated') });
    await state().saveBilling();
    expect(state().errors).toEqual({ 'provider.accountId': 'must be a number' });
  });

  it('gateway errors: the type, a gateway field and a Stripe key each get their path; choosing a gateway clears them', async () => {
    const { state, bridge } = await openPage({
      saveGateway: () => failure('invalid_input', 'Failed to save payment gateway details.', { public_key: "can't be blank" }),
    }, stripeView());
    state().chooseGateway('braintree_blue');
    await state().saveGateway();
    expect(state().errors).toEqual({ 'gateway.braintree_blue.public_key': "can't be blank" });
    state().chooseGateway('stripe');
    expect(state().errors).toEqual({});
    bridge.answer({ saveGateway: () => failure('invalid_input', 'Failed to save payment gateway details.', { 'test.login': 'is a publishable key', type: 'Choose a payment gateway' }) });
    await state().saveGateway();
    expect(state().errors).toEqual({ 'stripe.test.login': 'is a publishable key', 'gateway.type': 'Choose a payment gateway' });
    state().editStripeKey('test', 'login', 'sk_test_FAKEFAKEFAKEFAKE0000004242');
    expect(state().errors).toEqual({ 'gateway.type': 'Choose a payment gateway' });
  });

  it('editing a Stripe key trims it, notes that, and resets that set’s verification', async () => {
    const { state } = await openPage({}, stripeView());
    state().editStripeKey('live', 'publishable_key', '  pk_live_FAKEFAKEFAKEFAKE0000002222 \n');
    expect(state().form?.stripeKeys.live.publishable_key).toBe('pk_live_FAKEFAKEFAKEFAKE0000002222');
    expect(state().keyNotes['stripe.live.publishable_key']).toMatch(/removed/i);
    expect(state().verify.live).toEqual({ status: 'idle' });
  });
});

describe('the gateway confirmation round trip', () => {
  const confirmationRequired = () => failure('confirmation_required', 'Confirm the change of gateway.');

  it('asks 3scale’s two questions only when main asks, then resends the same request confirmed', async () => {
    const after = stripeView();
    const { state, bridge, dialogs, flash } = await openPage({
      saveGateway: (request) => (request.confirmedGatewayChange ? saved(after, 'Payment gateway details were successfully saved') : confirmationRequired()),
    });
    state().editProvider({ name: 'Typed but not saved' });
    state().chooseGateway('stripe');
    state().editStripeKey('test', 'login', 'sk_test_FAKEFAKEFAKEFAKE0000004242');
    dialogs.answerWith(true, true);
    expect(await state().saveGateway()).toBe(true);
    expect(dialogs.asked).toHaveLength(2);
    expect(dialogs.asked[0]).toMatch(/change your payment gateway\?$/);
    expect(dialogs.asked[1]).toMatch(/remove all credit card details from your customers\?$/);
    const [first, second] = bridge.argsOf('saveGateway').map((args) => args[0]);
    expect(first).toMatchObject({ type: 'stripe', confirmedGatewayChange: false });
    expect(second).toEqual({ ...(first as object), confirmedGatewayChange: true });
    expect(flash()?.message).toBe('Payment gateway details were successfully saved');
    // The typed secret leaves memory; the other cards' typing stays.
    expect(state().form?.stripeKeys.test.login).toBe('');
    expect(state().form?.provider.name).toBe('Typed but not saved');
    expect(state().busy).toBe(false);
  });

  it('Cancel on the second question sends nothing more and keeps the typing', async () => {
    const { state, bridge, dialogs } = await openPage({ saveGateway: () => confirmationRequired() });
    state().chooseGateway('stripe');
    state().editStripeKey('test', 'publishable_key', 'pk_test_FAKEFAKEFAKEFAKE0000001111');
    dialogs.answerWith(true, false);
    expect(await state().saveGateway()).toBe(false);
    expect(bridge.argsOf('saveGateway')).toHaveLength(1);
    expect(state().form?.stripeKeys.test.publishable_key).toBe('pk_test_FAKEFAKEFAKEFAKE0000001111');
    expect(state().busy).toBe(false);
  });

  it('kept as draft while Stripe is unreachable: a warning, the draft re-read, connectivity asked, the typing kept', async () => {
    const { state, bridge, flash } = await openPage({
      saveGateway: () => failure('kept_as_draft', 'Stripe cannot be reached: your changes are kept as a draft.'),
    }, stripeView());
    state().editStripeKey('test', 'login', 'sk_test_FAKEFAKEFAKEFAKE0000004242');
    const draftReads = bridge.argsOf('getDraft').length;
    await state().saveGateway();
    expect(flash()).toMatchObject({ variant: 'warning', message: 'Stripe cannot be reached: your changes are kept as a draft.' });
    expect(bridge.argsOf('getDraft').length).toBe(draftReads + 1);
    expect(bridge.argsOf('getConnectivity').length).toBeGreaterThan(0);
    expect(state().form?.stripeKeys.test.login).toBe('sk_test_FAKEFAKEFAKEFAKE0000004242');
    expect(state().busy).toBe(false);
  });
});

describe('mode switches', () => {
  it('billing mode: asked first; Cancel sends nothing', async () => {
    const { state, bridge, dialogs } = await openPage({ switchBillingMode: () => saved(settingsView((v) => (v.billingMode = 'prepaid'))) });
    dialogs.answerWith(false);
    expect(await state().switchBillingMode()).toBe(false);
    expect(dialogs.asked).toEqual(['Are you sure you want to switch to prepaid mode?']);
    expect(bridge.argsOf('switchBillingMode')).toHaveLength(0);
    dialogs.answerWith(true);
    expect(await state().switchBillingMode()).toBe(true);
    expect(bridge.argsOf('switchBillingMode')).toEqual([['prepaid']]);
    expect(state().view?.billingMode).toBe('prepaid');
    expect(state().busy).toBe(false);
  });

  it('live mode: confirmed naming the account when main asks; Cancel leaves test mode', async () => {
    const view = stripeView();
    view.stripe.keySets.live.verification = { account: { name: 'Acme APIs Ltd', accountId: 'acct_1Fake' } } as StripeVerification;
    const live = stripeView();
    live.stripe.activeMode = 'live';
    const { state, bridge, dialogs, flash } = await openPage({
      switchStripeMode: (request) => (request.confirmed ? saved(live, 'Live mode is on') : failure('confirmation_required', 'Confirm live mode.')),
    }, view);
    dialogs.answerWith(false);
    expect(await state().switchStripeMode()).toBe(false);
    expect(dialogs.asked[0]).toContain('live Stripe account of Acme APIs Ltd (acct_1Fake)');
    expect(bridge.argsOf('switchStripeMode')).toEqual([[{ to: 'live', confirmed: false }]]);
    dialogs.answerWith(true);
    expect(await state().switchStripeMode()).toBe(true);
    expect(state().view?.stripe.activeMode).toBe('live');
    expect(flash()).toMatchObject({ variant: 'warning', message: 'Live mode is on' });
  });
});

describe('Verify', () => {
  const verification: StripeVerification = {
    verifiedAt: '2026-01-02T10:00:00.000Z',
    restricted: false,
    account: { accountId: 'acct_1Fake', name: 'Acme', country: 'US', defaultCurrency: 'usd', chargesEnabled: true, livemode: false },
    missingPermissions: [],
    supportedCurrencies: ['usd'],
  };

  it('shows its own progress and leaves the page’s buttons free', async () => {
    const answer = deferred<Awaited<ReturnType<BillingDeskApi['verifyStripeKeys']>>>();
    const view = stripeView();
    const { state } = await openPage({ verifyStripeKeys: () => answer.promise }, view);
    const running = state().verifyKeys('test');
    expect(state().verify.test).toEqual({ status: 'verifying' });
    expect(state().busy).toBe(false);
    answer.resolve({ ok: true, value: { verification, view } });
    expect(await running).toBe(true);
    expect(state().verify.test).toEqual({ status: 'verified', verification });
  });

  it('a refusal is shown on the set with its field errors added; a broken request does not leave it verifying', async () => {
    const { state, bridge } = await openPage({
      verifyStripeKeys: () => failure('invalid_input', 'The Test keys cannot be verified until the keys are corrected.', { 'test.login': 'is a publishable key' }),
      saveProvider: () => failure('invalid_input', 'Invalid provider details', { name: 'is too long' }),
    }, stripeView());
    await state().saveProvider();
    await state().verifyKeys('test');
    expect(state().verify.test).toEqual({ status: 'failed', message: 'The Test keys cannot be verified until the keys are corrected.' });
    expect(state().errors).toEqual({ 'provider.name': 'is too long', 'stripe.test.login': 'is a publishable key' });
    bridge.answer({ verifyStripeKeys: () => Promise.reject(new Error('gone')) });
    await state().verifyKeys('test');
    expect(state().verify.test).toMatchObject({ status: 'failed', message: expect.stringMatching(/unexpected error/) });
  });
});

describe('webhook endpoint', () => {
  it('an existing endpoint is offered; a created one clears the token and its errors', async () => {
    const created = stripeView();
    created.stripe.webhook = { adminDomain: 'acme-admin.3scale.net', maskedAccessToken: 'abc…123', endpointIds: { test: 'we_1', live: null } };
    const { state, bridge } = await openPage({
      createWebhookEndpoint: () => ok({ status: 'exists' as const, endpointId: 'we_old', maskedUrl: 'https://acme-admin.3scale.net/…' }),
    }, stripeView());
    state().editWebhook({ adminDomain: 'acme-admin.3scale.net', accessToken: 'token-typed' });
    await state().createWebhook('ask');
    expect(state().webhookExisting).toEqual({ endpointId: 'we_old', maskedUrl: 'https://acme-admin.3scale.net/…' });
    bridge.answer({ createWebhookEndpoint: () => ok({ status: 'created' as const, view: created, message: 'Webhook endpoint created' }) });
    await state().createWebhook('replace');
    expect(bridge.argsOf('createWebhookEndpoint')[1]).toEqual([{ adminDomain: 'acme-admin.3scale.net', accessToken: 'token-typed', onExisting: 'replace' }]);
    expect(state().form?.webhook).toEqual({ adminDomain: 'acme-admin.3scale.net', accessToken: '' });
    expect(state().webhookExisting).toBeNull();
  });
});

describe('draft sync', () => {
  it('sends the whole form 400 ms after the last edit, once; nothing before the page is loaded', async () => {
    const page = await openPage({}, settingsView(), { load: false });
    page.state().editBilling({ invoiceFootnote: 'before load' });
    await page.state().load();
    expect(page.bridge.argsOf('saveDraft')).toHaveLength(0);
    page.state().editBilling({ invoiceFootnote: 'T' });
    await vi.advanceTimersByTimeAsync(200);
    page.state().editBilling({ invoiceFootnote: 'Th' });
    await vi.advanceTimersByTimeAsync(399);
    expect(page.bridge.argsOf('saveDraft')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(page.bridge.argsOf('saveDraft')).toHaveLength(1);
    const sent = page.bridge.argsOf('saveDraft')[0]?.[0] as Record<string, unknown>;
    expect(sent['billing.invoiceFootnote']).toBe('Th');
    expect(sent).toHaveProperty('gateway.type');
    expect(sent).toHaveProperty('provider.accountId');
  });

  it('a draft main cannot keep is said as a warning', async () => {
    const { state, flash } = await openPage({ saveDraft: () => failure('keychain_unavailable', 'No way to encrypt the typed secret.') });
    state().editStripeKey('test', 'login', 'sk_test_FAKEFAKEFAKEFAKE0000004242');
    expect(await state().flushDraft()).toBe('failed');
    expect(flash()).toMatchObject({ variant: 'warning', message: 'Your latest edits could not be kept as a draft: No way to encrypt the typed secret.' });
  });
});

describe('the draft banner', () => {
  const difference = (path: string) => ({ path, label: path, saved: 'a', draft: 'b' });

  it('Apply saves card by card through the same flows, and stops at the first failure', async () => {
    const view = settingsView();
    const draft = draftView({ differences: [difference('billing.currency'), difference('gateway.type')] });
    const { state, bridge } = await openPage({
      getDraft: () => ok(draft),
      saveDraft: () => ok(draft),
      saveBilling: () => failure('invalid_input', 'Invalid finance settings', { currency: 'is not included in the list' }),
      saveGateway: () => saved(view),
    }, view);
    expect(await state().applyDraft()).toBe(false);
    expect(bridge.argsOf('saveBilling')).toHaveLength(1);
    expect(bridge.argsOf('saveGateway')).toHaveLength(0);
    expect(state().errors).toEqual({ 'billing.currency': 'is not included in the list' });
    bridge.answer({ saveBilling: () => saved(view) });
    expect(await state().applyDraft()).toBe(true);
    expect(bridge.argsOf('saveGateway')).toHaveLength(1);
    expect(state().busy).toBe(false);
  });

  it('Apply with conflicts opens the choice instead; the choices are resolved in main, then applied', async () => {
    const view = settingsView();
    const conflicted = draftView({ differences: [difference('provider.name')], conflicts: [difference('provider.name')], form: { 'provider.name': 'Draft name' } });
    const resolved = draftView({ differences: [difference('provider.name')], form: { 'provider.name': 'Draft name' } });
    const { state, bridge } = await openPage({
      getDraft: () => ok(conflicted),
      resolveDraftConflicts: () => ok(resolved),
      saveProvider: () => saved(view),
    }, view);
    expect(await state().applyDraft()).toBe(false);
    expect(state().conflictsOpen).toBe(true);
    expect(bridge.argsOf('saveProvider')).toHaveLength(0);
    expect(await state().resolveConflicts({ 'provider.name': 'draft' })).toBe(true);
    expect(state().conflictsOpen).toBe(false);
    expect(bridge.argsOf('saveProvider')[0]).toEqual([{ accountId: '', name: 'Draft name' }]);
  });

  it('Discard asks first; then the saved settings are shown and every error is gone', async () => {
    const { state, bridge, dialogs, flash } = await openPage({
      getDraft: () => ok(draftView({ differences: [difference('billing.invoiceFootnote')], form: { 'billing.invoiceFootnote': 'drafted' } })),
      discardDraft: () => ok(null),
      saveProvider: () => failure('invalid_input', 'Invalid provider details', { name: 'is too long' }),
    });
    await state().saveProvider();
    dialogs.answerWith(false);
    expect(await state().discardDraft()).toBe(false);
    expect(bridge.argsOf('discardDraft')).toHaveLength(0);
    expect(state().form?.billing.invoiceFootnote).toBe('drafted');
    dialogs.answerWith(true);
    expect(await state().discardDraft()).toBe(true);
    expect(state().form?.billing.invoiceFootnote).toBe('');
    expect(state().errors).toEqual({});
    expect(state().draft).toBeNull();
    expect(flash()?.variant).toBe('info');
  });
});
