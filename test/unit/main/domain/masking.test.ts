import { describe, expect, it } from 'vitest';
import { maskSecret, redactSecrets } from '../../../../main/domain/masking';

describe('maskSecret', () => {
  it('keeps the known prefix and the last four characters', () => {
    expect(maskSecret('sk_test_FAKEFAKEFAKEFAKE4242')).toBe('sk_test_…4242');
    expect(maskSecret('rk_live_FAKEFAKEFAKEFAKE9999')).toBe('rk_live_…9999');
    expect(maskSecret('whsec_FAKEFAKEFAKEFAKE1234')).toBe('whsec_…1234');
    expect(maskSecret('braintree-private-key-0001')).toBe('…0001');
  });

  it('shows no tail of a secret too short to spare it', () => {
    expect(maskSecret('sk_test_short')).toBe('sk_test_••••');
    expect(maskSecret('abc')).toBe('••••');
  });
});

describe('redactSecrets', () => {
  it('masks every Stripe-shaped secret in a text and leaves the rest', () => {
    const text = 'Key sk_live_FAKEFAKEFAKEFAKE0042 rejected; whsec_FAKEFAKEFAKEFAKE7777 too; pk_test_public stays';
    expect(redactSecrets(text)).toBe('Key sk_live_…0042 rejected; whsec_…7777 too; pk_test_public stays');
  });
});

describe('redactSecrets and 3scale access tokens', () => {
  it('masks the token as a query or form parameter, as a JSON field, and by its 64-hex shape', () => {
    expect(redactSecrets('GET /admin/api/accounts.json?access_token=abc123&page=2')).toBe('GET /admin/api/accounts.json?access_token=[redacted]&page=2');
    expect(redactSecrets('{"access_token": "abc123", "page": 2}')).toBe('{"access_token": "[redacted]", "page": 2}');
    expect(redactSecrets(`token ${'0f'.repeat(32)}.`)).toBe('token …0f0f.');
  });
});
