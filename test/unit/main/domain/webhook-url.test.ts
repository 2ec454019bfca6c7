import { describe, expect, it } from 'vitest';
import { checkAccessToken, normaliseAdminDomain, stripeCallbackUrl } from '../../../../main/domain/webhook-url';

describe('normaliseAdminDomain', () => {
  it('accepts a domain, or takes it from a pasted admin portal URL', () => {
    expect(normaliseAdminDomain('acme-admin.3scale.net')).toEqual({ ok: true, domain: 'acme-admin.3scale.net' });
    expect(normaliseAdminDomain(' https://Acme-Admin.3scale.net/p/admin/dashboard ')).toEqual({ ok: true, domain: 'acme-admin.3scale.net' });
    expect(normaliseAdminDomain('acme-admin.3scale.net/p/admin')).toEqual({ ok: true, domain: 'acme-admin.3scale.net' });
  });

  it('refuses what is not a public domain', () => {
    for (const input of ['', 'localhost', 'acme admin.3scale.net', 'http://acme-admin.3scale.net', 'ftp://x.y', '-bad.example.com']) {
      expect(normaliseAdminDomain(input).ok, input).toBe(false);
    }
  });
});

describe('checkAccessToken', () => {
  it('accepts a token and catches pasting mistakes', () => {
    expect(checkAccessToken('a1b2c3d4e5f6a7b8c9d0e1f2')).toBeUndefined();
    expect(checkAccessToken('a1b2c3d4 e5f6a7b8c9d0e1f2')).toMatch(/no spaces/);
    expect(checkAccessToken('a1b2c3d4/e5f6a7b8c9d0e1f2')).toMatch(/only letters/);
    expect(checkAccessToken('short')).toMatch(/Too short/);
  });
});

describe('stripeCallbackUrl', () => {
  it("builds 3scale's callback with the token in the query", () => {
    expect(stripeCallbackUrl('acme-admin.3scale.net', 'tok_123')).toEqual({
      url: 'https://acme-admin.3scale.net/api/payment_callbacks/stripe_callbacks?access_token=tok_123',
      urlWithoutQuery: 'https://acme-admin.3scale.net/api/payment_callbacks/stripe_callbacks',
    });
  });
});
