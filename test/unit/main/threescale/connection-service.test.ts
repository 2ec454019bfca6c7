import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maskSecret } from '../../../../main/domain/masking';
import { createThreescaleVerifier } from '../../../../main/threescale/connection';
import { ThreescaleConnectionService } from '../../../../main/threescale/connection-service';
import type { ThreescaleSettingsPort } from '../../../../main/threescale/connection-service';
import type { StoredThreescaleVerification } from '../../../../main/threescale/connection-state';
import { startFakeThreescale } from '../../../threescale-server/server';
import type { FakeThreescale } from '../../../threescale-server/server';

const TOKEN = 'fake-3scale-service-token-00000001';
const OTHER = 'fake-3scale-service-token-00000002';
let fake: FakeThreescale;

beforeAll(async () => {
  fake = await startFakeThreescale({
    provider: { id: 2445, orgName: 'Acme API', adminDomain: 'acme-admin.3scale.net' },
    tokens: [
      { value: TOKEN, scopes: ['finance', 'account_management', 'cms'] },
      { value: OTHER, scopes: ['finance', 'account_management', 'cms'] },
    ],
  });
});
afterAll(async () => {
  await fake.stop();
});

class MemorySettings implements ThreescaleSettingsPort {
  adminDomain = '';
  accessToken: string | null = null;
  verification: StoredThreescaleVerification | null = null;
  provider = { accountId: '', name: '' };
  drafted: string | null = null;
  saves = 0;
  read() {
    return { adminDomain: this.adminDomain, accessToken: this.accessToken, verification: this.verification, provider: { ...this.provider } };
  }
  draftToken() {
    return this.drafted;
  }
  mask(token: string | null) {
    return token ? maskSecret(token) : null;
  }
  saveVerified(change: Parameters<ThreescaleSettingsPort['saveVerified']>[0]) {
    this.saves += 1;
    this.adminDomain = change.adminDomain;
    if (change.typed) this.accessToken = change.accessToken;
    this.verification = change.verification;
    if (change.provider) this.provider = change.provider;
  }
}

let settings: MemorySettings;
let service: ThreescaleConnectionService;

beforeEach(() => {
  settings = new MemorySettings();
  service = new ThreescaleConnectionService(settings, createThreescaleVerifier({ baseUrlOverride: fake.url }));
  fake.setFaults({ failNext: [] });
});

describe('ThreescaleConnectionService.connect', () => {
  it('saves a verified connection and fills the provider details from 3scale', async () => {
    settings.provider = { accountId: '', name: '' };
    const outcome = await service.connect({ adminDomain: 'https://acme-admin.3scale.net/p/admin', accessToken: TOKEN });
    expect(outcome.status).toBe('saved');
    expect(outcome.message).toBe('Connected to Acme API (provider 2445); the token may use 3 of the 3 APIs.');
    expect(settings.read()).toMatchObject({ adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN, provider: { accountId: '2445', name: 'Acme API' } });
    expect(outcome.view.maskedAccessToken).toBe('…0001');
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('saves nothing when 3scale refuses, and puts the reason on the token field', async () => {
    const outcome = await service.connect({ adminDomain: 'acme-admin.3scale.net', accessToken: 'fake-3scale-unknown-token-0099' });
    expect(outcome).toMatchObject({ status: 'failed', kind: 'bad_token', fieldErrors: { accessToken: expect.stringMatching(/refused the access token/) } });
    expect(settings.saves).toBe(0);
  });

  it('puts a wrong domain on the domain field', async () => {
    fake.setFaults({ failNext: [{ status: 404, pathIncludes: 'provider.json' }] });
    const outcome = await service.connect({ adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN });
    expect(outcome).toMatchObject({ status: 'failed', kind: 'not_found', fieldErrors: { adminDomain: expect.stringMatching(/is not a 3scale admin portal/) } });
  });

  it('refuses input that fails its checks, field by field, without a request', async () => {
    fake.requests.length = 0;
    const outcome = await service.connect({ adminDomain: 'http://acme-admin.3scale.net', accessToken: '' });
    expect(outcome).toMatchObject({ status: 'failed', kind: 'invalid_input', fieldErrors: { adminDomain: expect.stringMatching(/Only HTTPS/), accessToken: expect.stringMatching(/Paste/) } });
    expect(fake.requests).toHaveLength(0);
  });

  it('verifies again with the saved token when none is typed, and takes the draft\'s token before it', async () => {
    await service.connect({ adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN });
    fake.requests.length = 0;
    expect((await service.connect({ adminDomain: 'acme-admin.3scale.net', accessToken: '' })).status).toBe('saved');
    expect(settings.accessToken).toBe(TOKEN);
    settings.drafted = OTHER;
    expect((await service.connect({ adminDomain: 'acme-admin.3scale.net', accessToken: '' })).status).toBe('saved');
    expect(settings.accessToken).toBe(OTHER);
  });

  it('flags a provider typed by hand that differs from 3scale once verified, in the view', async () => {
    await service.connect({ adminDomain: 'acme-admin.3scale.net', accessToken: TOKEN });
    settings.provider = { accountId: '9999', name: 'Acme API' };
    expect(service.view().providerMismatches).toEqual(["The provider account ID 9999 differs from 3scale's: 2445."]);
  });
});
