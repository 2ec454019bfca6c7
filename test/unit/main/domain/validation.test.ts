import { describe, expect, it } from 'vitest';
import type { BillingSettings, GatewaySaveRequest } from '../../../../common/ipc-contract';
import { MESSAGES, validateBilling, validateGateway, validateProvider } from '../../../../main/domain/validation';

const billing: BillingSettings = {
  chargingEnabled: true,
  currency: 'EUR',
  invoiceFootnote: 'Thank you.\nIBAN XX00',
  vatZeroText: 'Reverse charge',
  numberingPeriod: 'monthly',
};

describe('validateBilling', () => {
  it('accepts valid settings, line breaks in the footnote included', () => {
    expect(validateBilling(billing)).toEqual({});
  });

  it('rejects a currency outside the list', () => {
    expect(validateBilling({ ...billing, currency: 'XXX' as never })).toEqual({ currency: 'is not included in the list' });
  });

  it('rejects texts over their maximum, at the boundary exactly', () => {
    expect(validateBilling({ ...billing, invoiceFootnote: 'a'.repeat(2000), vatZeroText: 'b'.repeat(255) })).toEqual({});
    expect(validateBilling({ ...billing, invoiceFootnote: 'a'.repeat(2001), vatZeroText: 'b'.repeat(256) })).toEqual({
      invoiceFootnote: 'is too long (maximum is 2000 characters)',
      vatZeroText: 'is too long (maximum is 255 characters)',
    });
  });

  it('rejects control characters that cannot be printed', () => {
    expect(validateBilling({ ...billing, vatZeroText: 'VAT\u0007' })).toEqual({ vatZeroText: MESSAGES.unprintable });
  });
});

const none = { type: null, savedSecretKeys: new Set<string>() };
const stripe = (values: Record<string, string | boolean>): GatewaySaveRequest => ({
  type: 'stripe',
  values,
  confirmedGatewayChange: true,
});

describe('validateGateway', () => {
  it('asks to choose a gateway when none is', () => {
    expect(validateGateway({ type: null, values: {}, confirmedGatewayChange: false }, none)).toEqual({
      ok: false,
      fieldErrors: { type: 'Choose a payment gateway' },
    });
  });

  it("marks every blank field with 3scale's can't be blank, trimming spaces first", () => {
    const check = validateGateway(stripe({ login: '  ', publishable_key: 'pk_test_x', endpoint_secret: '' }), none);
    expect(check).toEqual({ ok: false, fieldErrors: { login: "can't be blank", endpoint_secret: "can't be blank" } });
  });

  it('trims what it keeps', () => {
    const check = validateGateway(stripe({ login: ' sk_test_a\t', publishable_key: 'pk_test_b ', endpoint_secret: 'whsec_c' }), none);
    expect(check.ok && check.gateway.values).toEqual({ login: 'sk_test_a', publishable_key: 'pk_test_b', endpoint_secret: 'whsec_c' });
  });

  it('lets an empty secret keep the saved one, but only for the same gateway', () => {
    const savedStripe = { type: 'stripe' as const, savedSecretKeys: new Set(['login', 'endpoint_secret']) };
    const request = stripe({ login: '', publishable_key: 'pk_test_b', endpoint_secret: '' });
    const same = validateGateway(request, savedStripe);
    expect(same.ok && same.gateway.values).toEqual({ publishable_key: 'pk_test_b' });
    const fromBraintree = validateGateway(request, { type: 'braintree_blue', savedSecretKeys: new Set(['login']) });
    expect(fromBraintree.ok).toBe(false);
  });

  it('never lets a non-secret field be kept empty', () => {
    const savedStripe = { type: 'stripe' as const, savedSecretKeys: new Set(['login', 'endpoint_secret']) };
    const check = validateGateway(stripe({ login: '', publishable_key: '', endpoint_secret: '' }), savedStripe);
    expect(check).toEqual({ ok: false, fieldErrors: { publishable_key: "can't be blank" } });
  });

  it('refuses line breaks and over-long values in a field', () => {
    const check = validateGateway(stripe({ login: 'sk_test_a\nb', publishable_key: 'p'.repeat(501), endpoint_secret: 'w' }), none);
    expect(check).toEqual({
      ok: false,
      fieldErrors: { login: MESSAGES.lineBreak, publishable_key: 'is too long (maximum is 500 characters)' },
    });
  });

  it('takes checkboxes as booleans and never requires them', () => {
    const check = validateGateway(
      { type: 'braintree_blue', values: { public_key: 'a', merchant_id: 'b', private_key: 'c' }, confirmedGatewayChange: true },
      none,
    );
    expect(check.ok && check.gateway.values).toEqual({ public_key: 'a', merchant_id: 'b', private_key: 'c', three_ds_enabled: false });
  });

  it('offers a deprecated gateway only while it is the saved one', () => {
    const request: GatewaySaveRequest = { type: 'authorize_net', values: { login: 'a', password: 'b' }, confirmedGatewayChange: true };
    expect(validateGateway(request, none)).toEqual({
      ok: false,
      fieldErrors: { type: 'Authorize.Net has been deprecated and can no longer be chosen. Choose another gateway.' },
    });
    expect(validateGateway(request, { type: 'authorize_net', savedSecretKeys: new Set() }).ok).toBe(true);
  });
});

describe('validateProvider', () => {
  it('accepts an empty or a positive account ID and a name', () => {
    expect(validateProvider({ accountId: '', name: '' })).toEqual({});
    expect(validateProvider({ accountId: ' 2445581234567 ', name: 'Acme APIs' })).toEqual({});
  });

  it('says what is wrong with an account ID', () => {
    expect(validateProvider({ accountId: '0', name: '' }).accountId).toBe('must be a positive whole number: 0 is not an account ID');
    expect(validateProvider({ accountId: '0042', name: '' }).accountId).toMatch(/must not start with 0/);
    for (const bad of ['12a', '-5', '1.5', '1 000', '1234567890123456789', '٣']) {
      expect(validateProvider({ accountId: bad, name: '' }).accountId, bad).toMatch(/whole number of up to 18 digits/);
    }
  });

  it('limits the name', () => {
    expect(validateProvider({ accountId: '1', name: 'n'.repeat(256) }).name).toBe('is too long (maximum is 255 characters)');
  });
});

describe('secret-shaped text in plain fields (issue 14, finding 7)', () => {
  it('refuses a Stripe secret in the invoice footnote or the VAT text, saying it would be printed on invoices', () => {
    const message = 'This looks like a Stripe secret key; it would be stored and printed on invoices in clear';
    expect(validateBilling({ ...billing, invoiceFootnote: 'Pay to sk_live_FAKEFAKEFAKE00007777 please' })).toEqual({ invoiceFootnote: message });
    expect(validateBilling({ ...billing, vatZeroText: 'whsec_FAKEFAKEFAKEFAKEFAKE5555' })).toEqual({ vatZeroText: message });
    expect(validateBilling({ ...billing, invoiceFootnote: 'rk_test_FAKEFAKEFAKEFAKE0000003333' }).invoiceFootnote).toBe(message);
    // A publishable key is public: no refusal.
    expect(validateBilling({ ...billing, invoiceFootnote: 'pk_live_FAKEFAKEFAKEFAKE0000002222' })).toEqual({});
  });

  it('refuses one as the provider name, and in a plain gateway field, but not in a sealed one', () => {
    expect(validateProvider({ accountId: '', name: 'sk_test_FAKEFAKEFAKEFAKE0000004242' }).name).toBe(
      'This looks like a Stripe secret key; it would be stored and shown as the provider name in clear',
    );
    const braintree = (publicKey: string, privateKey: string) =>
      validateGateway(
        { type: 'braintree_blue', values: { public_key: publicKey, merchant_id: 'm', private_key: privateKey, three_ds_enabled: false }, confirmedGatewayChange: true },
        { type: null, savedSecretKeys: new Set() },
      );
    expect(braintree('sk_live_FAKEFAKEFAKE00007777', 'private')).toEqual({
      ok: false,
      fieldErrors: { public_key: 'This looks like a Stripe secret key; it would be stored in Public Key in clear' },
    });
    expect(braintree('pub', 'sk_live_FAKEFAKEFAKE00007777').ok).toBe(true);
  });
});
