import { describe, expect, it } from 'vitest';
import { isOpenableExternalUrl, STRIPE_DASHBOARD_HOST } from '../../../../main/shared/external-url';

describe('which pages the system browser may open', () => {
  it('accepts https pages on exactly the named host, port included', () => {
    expect(isOpenableExternalUrl('https://dashboard.stripe.com/payments/pi_123', STRIPE_DASHBOARD_HOST)).toBe(true);
    expect(isOpenableExternalUrl('https://billing.example.internal:8443/finance/invoices/7', 'billing.example.internal:8443')).toBe(true);
    expect(isOpenableExternalUrl('https://ACME-admin.3scale.net/buyers/accounts/1', 'acme-admin.3scale.net')).toBe(true);
  });

  it('refuses other schemes, hosts, look-alikes, credentials and a malformed host', () => {
    expect(isOpenableExternalUrl('http://dashboard.stripe.com/', STRIPE_DASHBOARD_HOST)).toBe(false);
    expect(isOpenableExternalUrl('https://dashboard.stripe.com.evil.example/', STRIPE_DASHBOARD_HOST)).toBe(false);
    expect(isOpenableExternalUrl('https://evil.example/?https://dashboard.stripe.com/', STRIPE_DASHBOARD_HOST)).toBe(false);
    expect(isOpenableExternalUrl('https://x@dashboard.stripe.com/', STRIPE_DASHBOARD_HOST)).toBe(false);
    expect(isOpenableExternalUrl('https://billing.example.internal:8443/', 'billing.example.internal')).toBe(false);
    expect(isOpenableExternalUrl('not a url', STRIPE_DASHBOARD_HOST)).toBe(false);
    expect(isOpenableExternalUrl('https://a/', '')).toBe(false);
    expect(isOpenableExternalUrl('https://a.example/', 'a.example/evil')).toBe(false);
  });
});
