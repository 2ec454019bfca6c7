import { describe, expect, it } from 'vitest';
import type { GatewaySaveRequest } from '../../common/ipc-contract';
import { BillingDeskService } from '../../main/domain/billing-desk-service';
import { SettingsRepository } from '../../main/domain/settings-repository';
import { UserFacingError } from '../../main/domain/user-facing-error';
import { SecretVault } from '../../main/domain/vault';
import { memoryStore } from '../support/memory-store';
import { createTestEncryptor } from '../support/test-encryptor';
import type { KeychainBackend } from '../../common/ipc-contract';

const SECRET = 'sk_test_FAKEFAKEFAKEFAKE0000004242';
const WEBHOOK = 'whsec_FAKEFAKEFAKEFAKEFAKE9876';

function setUp(backend: KeychainBackend = 'os') {
  const store = memoryStore();
  const service = new BillingDeskService({
    repository: new SettingsRepository(store),
    vault: new SecretVault(createTestEncryptor({ backend })),
    osUser: 'finance-anna',
    now: () => new Date('2026-11-26T10:00:00Z'),
  });
  return { store, service };
}

const stripeRequest = (values: Partial<Record<string, string>> = {}, confirmed = true): GatewaySaveRequest => ({
  type: 'stripe',
  values: { login: SECRET, publishable_key: 'pk_test_FAKE0001', endpoint_secret: WEBHOOK, ...values },
  confirmedGatewayChange: confirmed,
});

function userError(fn: () => unknown): UserFacingError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error('expected a UserFacingError');
}

describe('BillingDeskService', () => {
  it('saves billing settings with 3scale’s messages and logs what changed', () => {
    const { service } = setUp();
    const base = service.view().billing;
    expect(service.saveBilling({ ...base, chargingEnabled: true }).message).toBe('Finance settings updated');
    expect(service.saveBilling({ ...base, chargingEnabled: true, numberingPeriod: 'yearly' }).message).toBe(
      "Finance settings updated. Already existent invoices won't change their id",
    );
    const [latest] = service.financeLog();
    expect(latest).toEqual({
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

  it('refuses invalid billing input with field errors and keeps the saved settings', () => {
    const { service, store } = setUp();
    const error = userError(() => service.saveBilling({ ...service.view().billing, vatZeroText: 'x'.repeat(300) }));
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

  it('refuses a change of gateway that was not confirmed, after checking the fields', () => {
    const { service, store } = setUp();
    expect(userError(() => service.saveGateway(stripeRequest({}, false))).code).toBe('confirmation_required');
    expect(userError(() => service.saveGateway(stripeRequest({ login: '' }, false))).code).toBe('invalid_input');
    expect(store.writes).toHaveLength(0);
  });

  it('seals secrets, shows them masked, and never writes them in plain text', () => {
    const { service, store } = setUp();
    const { view, message } = service.saveGateway(stripeRequest());
    expect(message).toBe('Payment gateway details were successfully saved');
    expect(view.gateway).toEqual({
      type: 'stripe',
      values: { publishable_key: 'pk_test_FAKE0001' },
      maskedSecrets: { login: 'sk_test_…4242', endpoint_secret: 'whsec_…9876' },
      configured: true,
    });
    const written = store.writes.join('\n');
    expect(written).not.toContain(SECRET);
    expect(written).not.toContain('FAKEFAKE0000004242');
    expect(written).not.toContain(WEBHOOK);
    expect(JSON.stringify(service.view())).not.toContain(SECRET);
    expect(JSON.stringify(service.financeLog())).not.toContain(SECRET);
    expect(service.revealSecret('login')).toBe(SECRET);
  });

  it('logs a gateway change with the voiding of all buyers’ cards, secrets masked', () => {
    const { service } = setUp();
    service.saveGateway(stripeRequest());
    const [entry] = service.financeLog();
    expect(entry?.summary).toBe(
      "Payment gateway changed to Stripe. All buyers' credit card details were made invalid: they must enter them again to be billed.",
    );
    expect(entry?.changes).toEqual([
      { field: 'Gateway', from: 'none', to: 'Stripe' },
      { field: 'Secret Key', from: '', to: 'sk_test_…4242' },
      { field: 'Publishable Key', from: '', to: 'pk_test_FAKE0001' },
      { field: 'Webhook Signing Secret', from: '', to: 'whsec_…9876' },
    ]);
  });

  it('keeps a saved secret when its input is left empty, and logs a replaced one', () => {
    const { service } = setUp();
    service.saveGateway(stripeRequest());
    service.saveGateway(stripeRequest({ login: '', endpoint_secret: '', publishable_key: 'pk_test_FAKE0002' }, false));
    expect(service.revealSecret('login')).toBe(SECRET);
    expect(service.financeLog()[0]).toMatchObject({
      summary: 'Payment gateway details updated',
      changes: [{ field: 'Publishable Key', from: 'pk_test_FAKE0001', to: 'pk_test_FAKE0002' }],
    });
    service.saveGateway(
      stripeRequest({ login: 'sk_test_FAKEFAKEFAKEFAKE0000005555', endpoint_secret: '', publishable_key: 'pk_test_FAKE0002' }, false),
    );
    expect(service.financeLog()[0]?.changes).toEqual([{ field: 'Secret Key', from: 'sk_test_…4242', to: 'sk_test_…5555' }]);
  });

  it('drops the old gateway’s secrets when the gateway changes', () => {
    const { service } = setUp();
    service.saveGateway(stripeRequest());
    const { view } = service.saveGateway({
      type: 'braintree_blue',
      values: { public_key: 'pub', merchant_id: 'm', private_key: 'braintree-private-0001', three_ds_enabled: true },
      confirmedGatewayChange: true,
    });
    expect(view.gateway.maskedSecrets).toEqual({ private_key: '…0001' });
    expect(service.revealSecret('login')).toBeNull();
  });

  it('saves no secret when the system has no way to encrypt it, and says so', () => {
    const { service, store } = setUp('unavailable');
    const error = userError(() => service.saveGateway(stripeRequest()));
    expect(error.code).toBe('keychain_unavailable');
    expect(store.writes).toHaveLength(0);
    expect(service.view().keychain.backend).toBe('unavailable');
  });
});
