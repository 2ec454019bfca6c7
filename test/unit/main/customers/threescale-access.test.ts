// When the Customers screen may read 3scale's developer accounts, what it says when it may
// not, and the admin portal links it opens.
import { describe, expect, it } from 'vitest';
import { adminPortalAccountUrl, NOT_CONNECTED, threescaleAccess } from '../../../../main/customers/threescale-access';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import type { StoredThreescaleVerification } from '../../../../main/threescale/connection-state';

const DOMAIN = 'acme-admin.3scale.net';
const TOKEN = 'fa4e0000000000000000000000000000000000000000000000000000000fa4e1';

function verification(patch: Partial<StoredThreescaleVerification> = {}): StoredThreescaleVerification {
  return {
    verifiedAt: '2026-06-01T10:00:00Z',
    adminDomain: DOMAIN,
    provider: { id: 2445, orgName: 'Acme API', adminDomain: DOMAIN },
    providerProblem: null,
    apis: [
      { api: 'billing', ok: true, message: null },
      { api: 'account_management', ok: true, message: null },
      { api: 'cms', ok: true, message: null },
    ],
    ...patch,
  };
}

function saved(patch: Partial<ReturnType<typeof base>> = {}) {
  return { ...base(), ...patch };
}
function base() {
  return { adminDomain: DOMAIN, accessToken: TOKEN as string | null, verification: verification() as StoredThreescaleVerification | null, provider: { accountId: '2445', name: 'Acme API' } };
}

describe('threescaleAccess', () => {
  it('is connected with a verified connection whose token may use the Account Management API', () => {
    const access = threescaleAccess(saved(), 'http://127.0.0.1:1234');
    expect(access).toMatchObject({ connected: true, adminDomain: DOMAIN, providerId: '2445' });
    if (access.connected) expect(access.client.domain).toBe(DOMAIN);
  });

  it('is not connected without a domain or a token, and says how to connect', () => {
    expect(threescaleAccess(saved({ adminDomain: '' }), null)).toEqual({ connected: false, adminDomain: null, message: NOT_CONNECTED });
    expect(threescaleAccess(saved({ accessToken: null }), null)).toEqual({ connected: false, adminDomain: null, message: NOT_CONNECTED });
    expect(NOT_CONNECTED).toContain('3scale › Connection');
  });

  it('is not connected when the saved domain was never verified, or verified for another domain', () => {
    expect(threescaleAccess(saved({ verification: null }), null)).toMatchObject({ connected: false, message: expect.stringContaining('is not verified') });
    expect(threescaleAccess(saved({ verification: verification({ adminDomain: 'other-admin.3scale.net' }) }), null)).toMatchObject({
      connected: false,
      message: expect.stringContaining('is not verified'),
    });
  });

  it('is not connected when the token may not use the Account Management API', () => {
    const apis = verification().apis.map((a) => (a.api === 'account_management' ? { ...a, ok: false, message: 'missing scope' } : a));
    expect(threescaleAccess(saved({ verification: verification({ apis }) }), null)).toMatchObject({
      connected: false,
      message: expect.stringContaining('may not use the Account Management API'),
    });
  });

  it('is not connected when the customers are matched against another provider than the verified one', () => {
    expect(threescaleAccess(saved({ provider: { accountId: '999', name: 'Acme API' } }), null)).toMatchObject({
      connected: false,
      adminDomain: DOMAIN,
      message: expect.stringContaining('for provider 2445, but the customers are matched against provider 999'),
    });
  });

  it('never puts the token in a message', () => {
    for (const patch of [{ verification: null }, { provider: { accountId: '1', name: '' } }]) {
      expect(JSON.stringify(threescaleAccess(saved(patch), null))).not.toContain(TOKEN);
    }
  });
});

describe('adminPortalAccountUrl', () => {
  it('opens the account on the saved admin domain', () => {
    expect(adminPortalAccountUrl(DOMAIN, '2445582571001')).toBe('https://acme-admin.3scale.net/buyers/accounts/2445582571001');
  });

  it('refuses an id that is not numeric and a domain that is not saved or not valid', () => {
    for (const bad of ['', '0', '01', '12a', '../settings', '1/../../x', '1?x=1', '1234567890123456789012']) {
      expect(() => adminPortalAccountUrl(DOMAIN, bad), bad).toThrow(UserFacingError);
    }
    expect(() => adminPortalAccountUrl(null, '7')).toThrow('Connect 3scale first');
    for (const domain of ['', 'http://evil.example', 'has space.example', 'acme.3scale.net']) {
      expect(() => adminPortalAccountUrl(domain, '7'), domain).toThrow(UserFacingError);
    }
    // Whatever the saved text, only its host is used.
    expect(adminPortalAccountUrl('https://acme-admin.3scale.net/p/admin?x=1#y', '7')).toBe('https://acme-admin.3scale.net/buyers/accounts/7');
  });
});
