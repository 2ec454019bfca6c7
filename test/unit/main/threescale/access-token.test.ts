import { describe, expect, it } from 'vitest';
import { checkAccessToken } from '../../../../main/threescale/access-token';

describe('checkAccessToken', () => {
  it('accepts a 3scale-shaped token, with spaces around it', () => {
    expect(checkAccessToken('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')).toBeNull();
    expect(checkAccessToken('  fake-3scale-token-0001  ')).toBeNull();
  });

  it('refuses what is clearly not a 3scale token, saying why', () => {
    expect(checkAccessToken('')).toMatch(/Paste the access token/);
    expect(checkAccessToken('sk_test_FAKEFAKEFAKEFAKE0000004242')).toBe('This is a Stripe key, not a 3scale access token.');
    expect(checkAccessToken('https://acme-admin.3scale.net')).toMatch(/address/);
    expect(checkAccessToken('abcd efgh ijkl mnop qrst')).toMatch(/no spaces/);
    expect(checkAccessToken('short')).toMatch(/too short/);
    expect(checkAccessToken('x'.repeat(256))).toMatch(/too long/);
    expect(checkAccessToken('tökentökentökentöken')).toMatch(/only letters, digits, - and _/);
    expect(checkAccessToken('abcdefgh/ijklmnop+qr')).toMatch(/only letters, digits, - and _/);
  });
});
