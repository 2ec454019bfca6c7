import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../../main/domain/masking';
import { parseAdminDomain } from '../../../../main/threescale/admin-domain';
import type { AdminDomain } from '../../../../main/threescale/admin-domain';
import { ThreescaleClient, ThreescaleError } from '../../../../main/threescale/threescale-client';
import { verifyThreescaleConnection } from '../../../../main/threescale/verification';
import type { ThreescaleVerification } from '../../../../main/threescale/verification';
import { startFakeThreescale } from '../../../threescale-server/server';
import type { FakeThreescale } from '../../../threescale-server/server';

const TOKENS = {
  all: '3b1f0c9e7a2d4f6b8c0e1a3c5e7f9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e',
  financeOnly: 'fake-3scale-finance-only-0002',
  cmsOnly: 'fake-3scale-cms-only-0003',
  financeAndCms: 'fake-3scale-finance-cms-0004',
  expired: 'fake-3scale-expired-0005',
};

const DOMAIN: AdminDomain = { domain: 'acme-admin.3scale.net', origin: 'https://acme-admin.3scale.net' };

let fake: FakeThreescale;

beforeAll(async () => {
  fake = await startFakeThreescale({
    provider: { id: 2445580000042, orgName: 'Acme API', adminDomain: 'acme-admin.3scale.net' },
    tokens: [
      { value: TOKENS.all, scopes: ['finance', 'account_management', 'cms'] },
      { value: TOKENS.financeOnly, scopes: ['finance'] },
      { value: TOKENS.cmsOnly, scopes: ['cms'] },
      { value: TOKENS.financeAndCms, scopes: ['finance', 'cms'] },
      { value: TOKENS.expired, scopes: ['finance', 'account_management', 'cms'], expired: true },
    ],
  });
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.setFaults({ latencyMs: 0, dropNext: 0, failNext: [], rateLimitPerSecond: null });
  fake.setProvider({ financeEnabled: true });
});

function clientFor(token: string, baseUrl: string = fake.url, timeoutMs = 5_000): ThreescaleClient {
  return new ThreescaleClient({ adminDomain: DOMAIN, accessToken: token, baseUrlOverride: baseUrl, timeoutMs });
}

async function verify(token: string, baseUrl?: string, timeoutMs?: number): Promise<ThreescaleVerification> {
  const result = await verifyThreescaleConnection(clientFor(token, baseUrl, timeoutMs), () => new Date('2026-12-01T10:00:00Z'));
  expect(JSON.stringify(result)).not.toContain(token);
  return result;
}

function failureOf(result: ThreescaleVerification): { kind: string; message: string } {
  if (result.ok) throw new Error('expected a failure');
  return { kind: result.kind, message: result.message };
}

function access(result: ThreescaleVerification): Record<string, string> {
  if (!result.ok) throw new Error(result.message);
  return Object.fromEntries(result.apis.map((a) => [a.api, a.ok ? 'ok' : `${a.kind}: ${a.message}`]));
}

describe('verifyThreescaleConnection against the 3scale test server', () => {
  it('reads the provider and finds all three APIs usable with a full token', async () => {
    const result = await verify(TOKENS.all);
    expect(result).toEqual({
      ok: true,
      provider: { id: 2445580000042, orgName: 'Acme API', adminDomain: 'acme-admin.3scale.net' },
      providerProblem: null,
      apis: [
        { api: 'billing', ok: true },
        { api: 'account_management', ok: true },
        { api: 'cms', ok: true },
      ],
      verifiedAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('sends the token as 3scale documents it: access_token in the query of each read', async () => {
    fake.requests.length = 0;
    await verify(TOKENS.all);
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.tokenVia}`)).toEqual([
      'GET /admin/api/provider.json query',
      'GET /api/invoices.json query',
      'GET /admin/api/accounts.json query',
      'GET /admin/api/cms/templates.json query',
    ]);
    expect(fake.requests[1]?.query).toContain('per_page=1');
  });

  it('tells a rejected token (403 "Access denied", as 3scale answers it)', async () => {
    for (const token of ['fake-3scale-unknown-token-0009', TOKENS.expired]) {
      const failure = failureOf(await verify(token));
      expect(failure.kind).toBe('bad_token');
      expect(failure.message).toMatch(/^3scale refused the access token \(403\): it is unknown to acme-admin\.3scale\.net, expired or revoked\./);
    }
  });

  it('tells a 401 from a proxy in front of 3scale as a rejected token too', async () => {
    fake.setFaults({ failNext: [{ status: 401 }] });
    expect(failureOf(await verify(TOKENS.all)).kind).toBe('bad_token');
  });

  it('tells which APIs a token lacks the scope for, and that the provider needs Account Management', async () => {
    const result = await verify(TOKENS.financeAndCms);
    if (!result.ok) throw new Error(result.message);
    expect(result.provider).toBeNull();
    expect(result.providerProblem).toMatch(/“Account Management API” scope/);
    expect(access(result)).toEqual({
      billing: 'ok',
      account_management: 'missing_scope: The token may not use the Account Management API: give it the “Account Management API” scope (or create a token that has it).',
      cms: 'ok',
    });
    const cmsOnly = access(await verify(TOKENS.cmsOnly));
    expect(cmsOnly['billing']).toMatch(/^missing_scope: The token may not use the Billing API: give it the “Billing API” scope/);
    expect(cmsOnly['cms']).toBe('ok');
    const financeOnly = access(await verify(TOKENS.financeOnly));
    expect(financeOnly['cms']).toMatch(/Developer Portal API/);
  });

  it('tells a provider without billing apart from a missing scope', async () => {
    fake.setProvider({ financeEnabled: false });
    expect(access(await verify(TOKENS.all))['billing']).toBe(
      'api_not_enabled: The Billing API is not enabled for this account: Billing (the Finance module) is off in 3scale.',
    );
  });

  it('tells a wrong domain (404 on the provider) and an API missing on the domain (404 on its probe)', async () => {
    fake.setFaults({ failNext: [{ status: 404, pathIncludes: '/admin/api/provider.json' }] });
    const wrong = failureOf(await verify(TOKENS.all));
    expect(wrong.kind).toBe('not_found');
    expect(wrong.message).toMatch(/acme-admin\.3scale\.net is not a 3scale admin portal \(404/);
    fake.setFaults({ failNext: [{ status: 404, pathIncludes: '/admin/api/cms/' }] });
    expect(access(await verify(TOKENS.all))['cms']).toMatch(/^not_found: The Developer Portal API is not available on this domain \(404\)/);
  });

  it('tells a 5xx of 3scale, for the whole connection and for one API', async () => {
    fake.setFaults({ failNext: [{ status: 500, pathIncludes: '/admin/api/provider.json' }] });
    const failure = failureOf(await verify(TOKENS.all));
    expect(failure.kind).toBe('server_error');
    expect(failure.message).toMatch(/^3scale had an internal error \(500\)/);
    fake.setFaults({ failNext: [{ status: 503, pathIncludes: '/api/invoices' }] });
    expect(access(await verify(TOKENS.all))['billing']).toBe('server_error: The Billing API had an internal error (503). Try again later.');
  });

  it('tells a rate limit (429)', async () => {
    fake.setFaults({ failNext: [{ status: 429 }] });
    expect(failureOf(await verify(TOKENS.all))).toMatchObject({ kind: 'rate_limited', message: expect.stringMatching(/429/) });
  });

  it('tells an unreachable server (connection refused, connection dropped)', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = failureOf(await verify(TOKENS.all, `http://127.0.0.1:${port}`));
    expect(refused.kind).toBe('unreachable');
    expect(refused.message).toMatch(/acme-admin\.3scale\.net could not be reached: the server refused the connection \(ECONNREFUSED\)/);
    fake.setFaults({ dropNext: 1 });
    expect(failureOf(await verify(TOKENS.all)).kind).toBe('unreachable');
  });

  it('tells a timeout', async () => {
    fake.setFaults({ latencyMs: 1_000 });
    const failure = failureOf(await verify(TOKENS.all, fake.url, 200));
    expect(failure).toEqual({ kind: 'timeout', message: 'acme-admin.3scale.net did not answer within 0.2 s (/admin/api/provider.json). Try again; nothing was changed.' });
  });

  it('refuses a certificate it cannot trust, with the reason, and never sends the token', async () => {
    const here = new URL('../../../support/tls/', import.meta.url);
    const received: string[] = [];
    const server = https.createServer(
      { key: readFileSync(new URL('untrusted-localhost.key', here)), cert: readFileSync(new URL('untrusted-localhost.crt', here)) },
      (req, res) => {
        received.push(req.url ?? '');
        res.end('{}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const failure = failureOf(await verify(TOKENS.all, `https://127.0.0.1:${port}`));
      expect(failure.kind).toBe('certificate');
      expect(failure.message).toMatch(/The HTTPS certificate of acme-admin\.3scale\.net cannot be trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
      expect(failure.message).toMatch(/never ignores certificate errors/);
      expect(received).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('does not follow a redirect (it would carry the token elsewhere)', async () => {
    const hits: string[] = [];
    const server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(302, { Location: 'http://evil.example/steal' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const failure = failureOf(await verify(TOKENS.all, `http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      expect(failure.kind).toBe('redirect');
      expect(hits).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('tells a server that is not 3scale (no JSON)', async () => {
    const server = http.createServer((_req, res) => {
      res.end('<html>hello</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const failure = failureOf(await verify(TOKENS.all, `http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      expect(failure.kind).toBe('bad_response');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('ThreescaleClient writes', () => {
  it('sends the token in the form body of a write, not in the URL', async () => {
    const page = fake.seedTemplate({ type: 'builtin_page', systemName: 'accounts/payment_gateways/show', published: 'x' });
    fake.requests.length = 0;
    const saved = (await clientFor(TOKENS.all).put(`/admin/api/cms/templates/${page.id}.json`, { draft: 'y' })) as Record<string, unknown>;
    expect(saved['draft']).toBe('y');
    expect(fake.requests[0]).toMatchObject({ method: 'PUT', tokenVia: 'body', query: '' });
  });

  it('keeps 3scale\'s own words of a refusal, without the token', async () => {
    const account = await fake.seedAccount({ orgName: 'Errors Ltd' });
    const invoice = fake.seedInvoice({ buyerAccountId: account.id, state: 'paid' });
    const error = await clientFor(TOKENS.all)
      .post(`/api/invoices/${invoice.id}/charge.json`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreescaleError);
    expect((error as ThreescaleError).detail).toBe(`Invoice ${invoice.id} is not in chargeable state!`);
    expect((error as ThreescaleError).status).toBe(422);
  });

  it('refuses to be built without a token', () => {
    expect(() => new ThreescaleClient({ adminDomain: DOMAIN, accessToken: '' })).toThrow(/needs an access token/);
  });

  it('goes to the admin domain itself when there is no override', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = (input) => {
      seen.push(String(input));
      return Promise.resolve(new Response('{"account":{"id":1,"org_name":"A","admin_domain":"a-admin.3scale.net"}}'));
    };
    const parsed = parseAdminDomain('https://a-admin.3scale.net/p/admin');
    if (!parsed.ok) throw new Error(parsed.message);
    await new ThreescaleClient({ adminDomain: parsed.value, accessToken: TOKENS.all, fetch: fakeFetch }).get('/admin/api/provider.json');
    expect(seen[0]?.startsWith('https://a-admin.3scale.net/admin/api/provider.json?access_token=')).toBe(true);
  });
});

describe('redactSecrets and 3scale tokens', () => {
  it('masks an access_token parameter and a 64-hex token in free text', () => {
    const text = `GET /admin/api/provider.json?access_token=${TOKENS.financeOnly}&x=1 with ${TOKENS.all}`;
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(TOKENS.financeOnly);
    expect(redacted).not.toContain(TOKENS.all);
    expect(redacted).toContain('access_token=[redacted]&x=1');
    expect(redacted).toContain('…2c4e');
  });
});
