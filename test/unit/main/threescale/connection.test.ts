import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnectionInput, compareProviderDetails, createThreescaleVerifier } from '../../../../main/threescale/connection';
import { startFakeThreescale } from '../../../threescale-server/server';
import type { FakeThreescale } from '../../../threescale-server/server';

const TOKEN = 'fake-3scale-connection-token-0001';
let fake: FakeThreescale;

beforeAll(async () => {
  fake = await startFakeThreescale({ provider: { id: 77, orgName: 'Acme API' }, tokens: [{ value: TOKEN, scopes: ['account_management'] }] });
});
afterAll(async () => {
  await fake.stop();
});

describe('checkConnectionInput', () => {
  it('gives each field its own error and sends nothing', () => {
    expect(checkConnectionInput({ adminDomain: 'http://acme-admin.3scale.net', accessToken: 'sk_test_FAKEFAKEFAKEFAKE0000004242' })).toEqual({
      ok: false,
      fieldErrors: {
        adminDomain: 'Only HTTPS: the access token is never sent over plain http. Use https:// (or just the domain).',
        accessToken: 'This is a Stripe key, not a 3scale access token.',
      },
    });
    expect(checkConnectionInput({ adminDomain: ' https://acme-admin.3scale.net/p/admin ', accessToken: ` ${TOKEN} ` })).toEqual({
      ok: true,
      adminDomain: 'acme-admin.3scale.net',
      origin: 'https://acme-admin.3scale.net',
      accessToken: TOKEN,
    });
  });
});

describe('createThreescaleVerifier', () => {
  it('verifies against the server BILLING_DESK_3SCALE_BASE_URL names', async () => {
    const verify = createThreescaleVerifier({ baseUrlOverride: fake.url });
    fake.requests.length = 0;
    const result = await verify({ adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN });
    expect(result).toMatchObject({ ok: true, provider: { id: 77, orgName: 'Acme API' } });
    expect(fake.requests).toHaveLength(4);
  });

  it('sends nothing for input that fails its checks', async () => {
    const verify = createThreescaleVerifier({ baseUrlOverride: fake.url });
    fake.requests.length = 0;
    const result = await verify({ adminDomain: 'acme.3scale.net', accessToken: TOKEN });
    expect(result).toEqual({ ok: false, kind: 'invalid_input', fieldErrors: { adminDomain: 'acme.3scale.net is the developer portal. The admin portal is acme-admin.3scale.net.' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses an override that would send the token over the network in plain http', () => {
    expect(() => createThreescaleVerifier({ baseUrlOverride: 'http://10.0.0.5:3000' })).toThrow(/only on this machine/);
  });
});

describe('compareProviderDetails', () => {
  const provider = { id: 2445, orgName: 'Acme API', adminDomain: 'acme-admin.3scale.net' };
  it('flags typed values that differ from 3scale and not empty ones', () => {
    expect(compareProviderDetails({ accountId: '', name: '' }, provider)).toEqual({ accountIdDiffers: false, nameDiffers: false });
    expect(compareProviderDetails({ accountId: '2445', name: 'acme api ' }, provider)).toEqual({ accountIdDiffers: false, nameDiffers: false });
    expect(compareProviderDetails({ accountId: '2446', name: 'Acme Ltd' }, provider)).toEqual({ accountIdDiffers: true, nameDiffers: true });
  });
});
