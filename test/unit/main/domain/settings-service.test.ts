import { describe, expect, it, vi } from 'vitest';
import type { GatewaySaveRequest, KeychainBackend, StripeKeySetInput } from '../../../../common/ipc-contract';
import { SettingsService } from '../../../../main/domain/settings-service';
import { DraftKeeper } from '../../../../main/domain/draft-keeper';
import { memoryDraftStore } from '../../../../main/persistence/draft-file';
import { SettingsRepository } from '../../../../main/domain/settings-repository';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { SecretVault } from '../../../../main/domain/vault';
import { parseApiBase } from '../../../../main/stripe/stripe-connection';
import { StripeService } from '../../../../main/stripe/stripe-service';
import { memoryStore } from '../../../support/memory-store';
import { ACCOUNT, KEYS } from '../../../support/stripe-fixtures';
import { useFakeStripe } from '../../../support/vitest-fake-stripe';
import { createTestEncryptor } from '../../../support/test-encryptor';

const fakeStripe = useFakeStripe();
// The first call loads the Stripe SDK; a busy machine must not fail it. Nothing here asserts on time.
vi.setConfig({ testTimeout: 30_000 });

function setUp(backend: KeychainBackend = 'os') {
  const store = memoryStore();
  const vault = new SecretVault(createTestEncryptor({ backend }));
  const service = new SettingsService({
    repository: new SettingsRepository(store),
    vault,
    drafts: new DraftKeeper(memoryDraftStore(), vault, () => new Date('2026-11-26T10:00:00Z')),
    stripe: new StripeService({ connection: parseApiBase(fakeStripe().url), timeoutMs: 2000, rateLimitBackoff: { baseMs: 10, maxMs: 40, retries: 3 } }),
    osUser: 'finance-anna',
    now: () => new Date('2026-11-26T10:00:00Z'),
  });
  return { store, service };
}

const blankSet: StripeKeySetInput = { login: '', publishable_key: '', endpoint_secret: '' };
const testSet: StripeKeySetInput = { login: KEYS.testSecret, publishable_key: KEYS.testPublishable, endpoint_secret: KEYS.testWebhook };
const liveSet: StripeKeySetInput = { login: KEYS.liveSecret, publishable_key: KEYS.livePublishable, endpoint_secret: KEYS.liveWebhook };

const stripeRequest = (
  sets: Partial<Record<'test' | 'live', StripeKeySetInput>>,
  confirmed = true,
): GatewaySaveRequest => ({
  type: 'stripe',
  values: {},
  stripeKeySets: { test: sets.test ?? blankSet, live: sets.live ?? blankSet },
  confirmedGatewayChange: confirmed,
});

async function userError(fn: () => unknown): Promise<UserFacingError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error('expected a UserFacingError');
}

describe('SettingsService: billing settings and mode', () => {
  it('saves billing settings with 3scale’s messages and logs what changed', () => {
    const { service } = setUp();
    const base = service.view().billing;
    expect(service.saveBilling({ ...base, chargingEnabled: true }).message).toBe('Finance settings updated');
    expect(service.saveBilling({ ...base, chargingEnabled: true, numberingPeriod: 'yearly' }).message).toBe(
      "Finance settings updated. Already existent invoices won't change their id",
    );
    expect(service.financeLog()[0]).toEqual({
      at: '2026-11-26T10:00:00.000Z',
      user: 'finance-anna',
      summary: 'Finance settings updated',
      changes: [{ field: 'Billing periods for invoice IDs', from: 'Monthly (YYYY-MM-XXXXXXXX)', to: 'Yearly (YYYY-XXXXXXXX)' }],
    });
  });

  it('does not log or bump the revision for a save that changes nothing', () => {
    const { service } = setUp();
    const view = service.view();
    service.saveBilling(view.billing);
    expect(service.financeLog()).toHaveLength(0);
    expect(service.view().revision).toBe(view.revision);
  });

  it('refuses invalid billing input with field errors and keeps the saved settings', async () => {
    const { service, store } = setUp();
    const error = await userError(() => service.saveBilling({ ...service.view().billing, vatZeroText: 'x'.repeat(300) }));
    expect(error.message).toBe('Invalid finance settings');
    expect(error.fieldErrors).toEqual({ vatZeroText: 'is too long (maximum is 255 characters)' });
    expect(store.writes).toHaveLength(0);
  });

  it('switches the billing mode and logs it', () => {
    const { service } = setUp();
    expect(service.switchBillingMode('prepaid').message).toBe('Billing mode changed to prepaid');
    expect(service.view().billingMode).toBe('prepaid');
    expect(service.financeLog()[0]?.changes).toEqual([{ field: 'Billing mode', from: 'postpaid', to: 'prepaid' }]);
  });
});

describe('SettingsService: other gateways', () => {
  const braintree = (privateKey: string, confirmed = true): GatewaySaveRequest => ({
    type: 'braintree_blue',
    values: { public_key: 'pub', merchant_id: 'm', private_key: privateKey, three_ds_enabled: true },
    confirmedGatewayChange: confirmed,
  });

  it('refuses an unconfirmed change of gateway, after checking the fields', async () => {
    const { service, store } = setUp();
    expect((await userError(() => service.saveGateway(braintree('braintree-private-0001', false)))).code).toBe('confirmation_required');
    expect((await userError(() => service.saveGateway(braintree('', false)))).code).toBe('invalid_input');
    expect(store.writes).toHaveLength(0);
  });

  it('seals the secret, shows it masked, keeps it when left empty, and logs the change', async () => {
    const { service, store } = setUp();
    const { view } = await service.saveGateway(braintree('braintree-private-0001'));
    expect(view.gateway).toEqual({
      type: 'braintree_blue',
      values: { public_key: 'pub', merchant_id: 'm', three_ds_enabled: true },
      maskedSecrets: { private_key: '…0001' },
      configured: true,
    });
    expect(store.writes.join('')).not.toContain('braintree-private-0001');
    await service.saveGateway(braintree('', false));
    expect(service.revealSecret('private_key')).toBe('braintree-private-0001');
    expect(service.financeLog()[0]?.summary).toMatch(/^Payment gateway changed to Braintree \(Blue Platform\)\. All buyers' credit card details were made invalid/);
  });

  it('saves no secret when the system has no way to encrypt it, and says so', async () => {
    const { service, store } = setUp('unavailable');
    const error = await userError(() => service.saveGateway(braintree('braintree-private-0001')));
    expect(error.code).toBe('keychain_unavailable');
    expect(store.writes).toHaveLength(0);
  });
});

describe('SettingsService: Stripe key sets', () => {
  it('verifies and saves the Test keys; the view holds only masks and what Stripe said', async () => {
    const { service, store } = setUp();
    const { view, message } = await service.saveGateway(stripeRequest({ test: testSet }));
    expect(message).toBe('Payment gateway details were successfully saved');
    expect(view.gateway.configured).toBe(true);
    const test = view.stripe.keySets.test;
    expect(test).toMatchObject({
      publishableKey: KEYS.testPublishable,
      maskedSecretKey: 'sk_test_…4242',
      maskedWebhookSecret: 'whsec_…9876',
      complete: true,
    });
    expect(test.verification?.account).toEqual({
      accountId: ACCOUNT.id,
      name: 'Acme APIs Ltd',
      country: 'US',
      defaultCurrency: 'usd',
      chargesEnabled: true,
      livemode: false,
    });
    expect(test.verification?.supportedCurrencies).toContain('usd');
    const everything = store.writes.join('\n') + JSON.stringify(view) + JSON.stringify(service.financeLog());
    for (const secret of [KEYS.testSecret, KEYS.testWebhook]) expect(everything).not.toContain(secret);
  });

  it('logs a change to Stripe with the voiding of buyers’ cards, secrets masked', async () => {
    const { service } = setUp();
    await service.saveGateway(stripeRequest({ test: testSet }));
    expect(service.financeLog()[0]?.changes).toEqual([
      { field: 'Gateway', from: 'none', to: 'Stripe' },
      { field: 'Test keys: Secret Key', from: '', to: 'sk_test_…4242' },
      { field: 'Test keys: Webhook Signing Secret', from: '', to: 'whsec_…9876' },
      { field: 'Test keys: Publishable Key', from: '', to: KEYS.testPublishable },
    ]);
  });

  it('refuses keys of the wrong kind or mode before calling Stripe, field by field', async () => {
    const { service } = setUp();
    const before = fakeStripe().requests.length;
    const error = await userError(() =>
      service.saveGateway(stripeRequest({ test: { login: KEYS.testPublishable, publishable_key: KEYS.livePublishable, endpoint_secret: 'nope' } })),
    );
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['test.endpoint_secret', 'test.login', 'test.publishable_key']);
    expect(fakeStripe().requests.length).toBe(before);
  });

  it('refuses a half-filled set, and saving with no set at all', async () => {
    const { service } = setUp();
    const half = await userError(() => service.saveGateway(stripeRequest({ test: testSet, live: { ...blankSet, login: KEYS.liveSecret } })));
    expect(half.fieldErrors).toEqual({ 'live.publishable_key': "can't be blank", 'live.endpoint_secret': "can't be blank" });
    const none = await userError(() => service.saveGateway(stripeRequest({})));
    expect(none.fieldErrors?.['test.login']).toBe("can't be blank");
  });

  it('does not save keys Stripe rejects, and says why next to the Secret Key', async () => {
    const { service, store } = setUp();
    const error = await userError(() => service.saveGateway(stripeRequest({ test: { ...testSet, login: KEYS.unknownTest } })));
    expect(error.code).toBe('stripe_auth');
    expect(error.fieldErrors?.['test.login']).toMatch(/Stripe rejected the Test keys' Secret Key \(401\)/);
    expect(store.writes).toHaveLength(0);
  });

  it('keeps saved secrets when their inputs are empty, without asking Stripe again', async () => {
    const { service } = setUp();
    await service.saveGateway(stripeRequest({ test: testSet }));
    const before = fakeStripe().requests.length;
    await service.saveGateway(stripeRequest({ test: { ...blankSet, publishable_key: 'pk_test_FAKEFAKEFAKEFAKE0000005555' } }, false));
    expect(fakeStripe().requests.length).toBe(before);
    expect(service.view().stripe.keySets.test).toMatchObject({ maskedSecretKey: 'sk_test_…4242', publishableKey: 'pk_test_FAKEFAKEFAKEFAKE0000005555' });
  });

  it('switches to live only when the live set is complete and verified, and only when confirmed', async () => {
    const { service } = setUp();
    await service.saveGateway(stripeRequest({ test: testSet }));
    expect((await userError(() => service.switchStripeMode({ to: 'live', confirmed: true }))).code).toBe('mode_switch_refused');
    await service.saveGateway(stripeRequest({ test: { ...blankSet, publishable_key: KEYS.testPublishable }, live: liveSet }, false));
    expect(service.view().stripe.keySets.live.verification?.account.livemode).toBe(true);
    expect((await userError(() => service.switchStripeMode({ to: 'live', confirmed: false }))).code).toBe('confirmation_required');
    const { view } = service.switchStripeMode({ to: 'live', confirmed: true });
    expect(view.stripe.activeMode).toBe('live');
    expect(service.financeLog()[0]).toMatchObject({ summary: 'Stripe mode changed to live' });
    // Back to test needs no confirmation.
    expect(service.switchStripeMode({ to: 'test', confirmed: false }).view.stripe.activeMode).toBe('test');
  });

  it('verifies a saved key with Verify and remembers it; typed keys are verified but not saved', async () => {
    const { service } = setUp();
    const typed = await service.verifyStripeKeys({ mode: 'live', keys: liveSet });
    expect(typed.verification.account.livemode).toBe(true);
    expect(typed.view.stripe.keySets.live.verification).toBeNull();
  });

  it('reports which permissions a restricted key lacks, for which feature', async () => {
    const { service } = setUp();
    const { verification } = await service.verifyStripeKeys({ mode: 'test', keys: { ...blankSet, login: KEYS.restrictedTest } });
    expect(verification.restricted).toBe(true);
    expect(verification.account.accountId).toBeNull();
    expect(verification.missingPermissions.map((m) => m.permission)).toEqual([
      'rak_account_read',
      'rak_payment_intent_write',
      'rak_webhook_write',
    ]);
    expect(verification.missingPermissions.find((m) => m.permission === 'rak_webhook_write')?.feature).toMatch(/Create webhook endpoint/);
  });
});

describe('SettingsService: a save always asks Stripe (issue 14, finding 6)', () => {
  it('refuses to save a key revoked after it was verified, however recently', async () => {
    const server = fakeStripe();
    const revocable = 'sk_test_FAKEFAKEFAKEFAKE0000006161';
    server.addKey({ secret: revocable, accountId: ACCOUNT.id });
    const { service, store } = setUp();
    const verified = await service.verifyStripeKeys({ mode: 'test', keys: { ...testSet, login: revocable } });
    expect(verified.verification.account.accountId).toBe(ACCOUNT.id);
    server.revokeKey(revocable);
    const error = await userError(() => service.saveGateway(stripeRequest({ test: { ...testSet, login: revocable } })));
    expect(error.code).toBe('stripe_auth');
    expect(store.writes).toHaveLength(0);
  });
});

describe('SettingsService: secret-shaped text in plain fields (issue 14, finding 7)', () => {
  it('refuses it next to the field and stores it nowhere: settings, finance log, draft', async () => {
    const drafts = memoryDraftStore();
    const store = memoryStore();
    const vault = new SecretVault(createTestEncryptor());
    const service = new SettingsService({
      repository: new SettingsRepository(store),
      vault,
      drafts: new DraftKeeper(drafts, vault, () => new Date('2026-11-26T10:00:00Z')),
      stripe: new StripeService({ connection: parseApiBase(fakeStripe().url) }),
      osUser: 'finance-anna',
    });
    const pasted = KEYS.liveSecret;
    service.saveDraft({ 'billing.invoiceFootnote': `Pay to ${pasted}`, 'provider.name': 'Acme' });
    const billing = await userError(() => service.saveBilling({ ...service.view().billing, invoiceFootnote: `Pay to ${pasted}` }));
    expect(billing.fieldErrors).toEqual({
      invoiceFootnote: 'This looks like a Stripe secret key; it would be stored and printed on invoices in clear',
    });
    const provider = await userError(() => service.saveProvider({ accountId: '1', name: pasted }));
    expect(provider.fieldErrors?.name).toMatch(/^This looks like a Stripe secret key/);
    service.saveBilling({ ...service.view().billing, invoiceFootnote: 'Thank you' });
    const everything = store.writes.join('\n') + JSON.stringify(drafts.current) + JSON.stringify(service.financeLog());
    expect(everything).not.toContain(pasted);
    expect(everything).not.toContain('FAKEFAKEFAKE00007777');
  });
});

describe('SettingsService: an unexpected answer from Stripe (issue 14, finding 8)', () => {
  it('is said as such in a gateway save, never "kept as a draft"', async () => {
    // Something answers on Stripe's address, but not with JSON (a captive portal, a broken proxy).
    const { createServer } = await import('node:http');
    const portal = createServer((_request, response) => {
      response.setHeader('Content-Type', 'text/html');
      response.end('<html>Sign in to the hotel Wi-Fi</html>');
    });
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    const address = portal.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const store = memoryStore();
      const vault = new SecretVault(createTestEncryptor());
      const service = new SettingsService({
        repository: new SettingsRepository(store),
        vault,
        drafts: new DraftKeeper(memoryDraftStore(), vault, () => new Date()),
        stripe: new StripeService({ connection: parseApiBase(`http://127.0.0.1:${port}`), timeoutMs: 2000 }),
        osUser: 'finance-anna',
      });
      const error = await userError(() => service.saveGateway(stripeRequest({ test: testSet })));
      expect(error.code).toBe('stripe_unexpected');
      expect(error.message).toMatch(/^Payment gateway details were not saved\. Stripe answered, but not as expected/);
      expect(error.message).not.toMatch(/could not be reached|draft/);
      expect(store.writes).toHaveLength(0);
    } finally {
      portal.close();
    }
  });
});
