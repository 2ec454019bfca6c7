import { describe, expect, it } from 'vitest';
import { storedThreescaleVerificationSchema, toConnectionView, toStoredVerification } from '../../../../main/threescale/connection-state';

const verified = toStoredVerification('acme-admin.3scale.net', {
  ok: true,
  provider: { id: 2445, orgName: 'Acme API', adminDomain: 'acme-admin.3scale.net' },
  providerProblem: null,
  apis: [
    { api: 'billing', ok: true },
    { api: 'account_management', ok: true },
    { api: 'cms', ok: false, kind: 'missing_scope', message: 'The token may not use the Developer Portal API.' },
  ],
  verifiedAt: '2026-12-01T10:00:00.000Z',
});

describe('the stored verification', () => {
  it('keeps what the page shows and passes its own schema', () => {
    expect(storedThreescaleVerificationSchema.parse(verified)).toEqual(verified);
    expect(verified.apis[2]).toEqual({ api: 'cms', ok: false, message: 'The token may not use the Developer Portal API.' });
  });
});

describe('toConnectionView', () => {
  const saved = { adminDomain: 'acme-admin.3scale.net', maskedAccessToken: '…c4e0', verification: verified };

  it('labels the APIs and flags nothing when the typed provider agrees or is empty', () => {
    const view = toConnectionView(saved, { accountId: '2445', name: 'Acme API' });
    expect(view.verification?.apis.map((a) => `${a.label}: ${a.ok}`)).toEqual([
      'Billing API: true',
      'Account Management API: true',
      'Developer Portal API: false',
    ]);
    expect(view.providerMismatches).toEqual([]);
    expect(toConnectionView(saved, { accountId: '', name: '' }).providerMismatches).toEqual([]);
  });

  it('flags typed provider details that differ from 3scale', () => {
    expect(toConnectionView(saved, { accountId: '2446', name: 'Acme Ltd' }).providerMismatches).toEqual([
      "The provider account ID 2446 differs from 3scale's: 2445.",
      'The provider name “Acme Ltd” differs from 3scale\'s: “Acme API”.',
    ]);
  });

  it('drops a verification made for another domain', () => {
    const view = toConnectionView({ ...saved, adminDomain: 'other-admin.3scale.net' }, { accountId: '1', name: '' });
    expect(view.verification).toBeNull();
    expect(view.providerMismatches).toEqual([]);
  });
});
