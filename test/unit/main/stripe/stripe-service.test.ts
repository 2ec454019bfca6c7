// Verification against the Stripe-compatible test server through the real SDK: every
// outcome the user must be told apart.
import { createServer, type ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { parseApiBase } from '../../../../main/stripe/stripe-connection';
import { StripeService } from '../../../../main/stripe/stripe-service';
import { ACCOUNT, KEYS } from '../../../support/stripe-fixtures';
import { useFakeStripe } from '../../../support/vitest-fake-stripe';

const fakeStripe = useFakeStripe();
// The first call loads the Stripe SDK; a busy machine must not fail it. Nothing here asserts on time.
vi.setConfig({ testTimeout: 30_000 });

const service = (options: { timeoutMs?: number; backoff?: { baseMs: number; maxMs: number; retries: number }; url?: string } = {}) =>
  new StripeService({
    connection: parseApiBase(options.url ?? fakeStripe().url),
    timeoutMs: options.timeoutMs ?? 2000,
    rateLimitBackoff: options.backoff ?? { baseMs: 10, maxMs: 40, retries: 3 },
  });

async function failure(promise: Promise<unknown>): Promise<UserFacingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('StripeService.verify', () => {
  it('reports the account, its country, currency, charges and the mode Stripe serves', async () => {
    const verification = await service().verify(KEYS.liveSecret, 'live');
    expect(verification).toMatchObject({
      restricted: false,
      missingPermissions: [],
      account: { accountId: ACCOUNT.id, name: 'Acme APIs Ltd', country: 'US', defaultCurrency: 'usd', chargesEnabled: true, livemode: true },
    });
    expect(verification.supportedCurrencies).toEqual(expect.arrayContaining(['usd', 'eur', 'gbp']));
  });

  it('tells a rejected key (401) apart', async () => {
    const error = await failure(service().verify(KEYS.unknownTest, 'test'));
    expect(error.code).toBe('stripe_auth');
    expect(error.message).toMatch(/invalid, expired or has been rolled/);
    expect(error.message).not.toContain(KEYS.unknownTest);
  });

  it('tells a rolled key apart the same way', async () => {
    const rolled = 'sk_test_FAKEFAKEFAKEFAKE0000008181';
    fakeStripe().addKey({ secret: rolled, accountId: ACCOUNT.id });
    await service().verify(rolled, 'test');
    fakeStripe().revokeKey(rolled);
    expect((await failure(service().verify(rolled, 'test'))).code).toBe('stripe_auth');
  });

  it('says when Stripe cannot be reached', async () => {
    const error = await failure(service({ url: 'http://127.0.0.1:9' }).verify(KEYS.testSecret, 'test'));
    expect(error.code).toBe('stripe_unreachable');
    expect(error.message).toMatch(/could not be reached/);
  });

  it('says when Stripe does not answer in time', async () => {
    fakeStripe().setFaults({ latencyMs: 1500 });
    const error = await failure(service({ timeoutMs: 300 }).verify(KEYS.testSecret, 'test'));
    expect(error.code).toBe('stripe_unreachable');
    expect(error.message).toMatch(/did not answer within/);
  });

  it('retries a 429 with backoff and succeeds when the limit allows', async () => {
    fakeStripe().setFaults({ rateLimitPerSecond: 2 });
    const before = fakeStripe().requests.length;
    const verification = await service({ backoff: { baseMs: 400, maxMs: 1600, retries: 3 } }).verify(KEYS.testSecret, 'test');
    expect(verification.account.accountId).toBe(ACCOUNT.id);
    expect(fakeStripe().requests.slice(before).some((r) => r.status === 429)).toBe(true);
  });

  it('gives up on 429 after its retries, with its own message', async () => {
    fakeStripe().setFaults({ rateLimitPerSecond: 0.01 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await failure(service({ backoff: { baseMs: 5, maxMs: 5, retries: 2 } }).verify(KEYS.testSecret, 'test'));
    expect(error.code).toBe('stripe_rate_limited');
  });

  it('tells a Stripe error (500) apart, after the SDK retried it', async () => {
    fakeStripe().setFaults({ failNext500: 2 });
    const error = await failure(service().verify(KEYS.testSecret, 'test'));
    expect(error.code).toBe('stripe_error');
    expect(error.message).toMatch(/internal error \(500\)/);
  });

  it('recovers when only the first attempt fails with 500 (the SDK retries it)', async () => {
    fakeStripe().setFaults({ failNext500: 1 });
    expect((await service().verify(KEYS.testSecret, 'test')).account.accountId).toBe(ACCOUNT.id);
  });

  it('lists the permissions a restricted key lacks', async () => {
    const verification = await service().verify(KEYS.restrictedTest, 'test');
    expect(verification.restricted).toBe(true);
    expect(verification.account.livemode).toBeNull();
    expect(verification.missingPermissions.map((m) => m.permission)).toEqual([
      'rak_account_read',
      'rak_payment_intent_write',
      'rak_webhook_write',
    ]);
  });

  it('refuses a key whose mode, as Stripe reports it, is not its set’s', async () => {
    // A server that serves a test-prefixed key in live mode: Stripe's word wins over the prefix.
    const liar = createServer((request, response) => {
      response.setHeader('Content-Type', 'application/json');
      if (request.url?.startsWith('/v1/account')) {
        response.end(JSON.stringify({ id: 'acct_x', object: 'account', country: 'US', default_currency: 'usd', charges_enabled: true }));
      } else if (request.url?.startsWith('/v1/balance')) {
        response.end(JSON.stringify({ object: 'balance', livemode: true, available: [], pending: [] }));
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'nope' } }));
      }
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    const address = liar.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await failure(service({ url: `http://127.0.0.1:${port}` }).verify(KEYS.testSecret, 'test'));
      expect(error.code).toBe('stripe_mode_mismatch');
      expect(error.message).toBe('Stripe serves this key in live mode, but it is in the Test keys. Move it to the Live keys.');
    } finally {
      liar.close();
    }
  });
});

describe('parseApiBase', () => {
  it('accepts https anywhere and http only on this machine', () => {
    expect(parseApiBase(undefined)).toBeNull();
    expect(parseApiBase('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(parseApiBase('https://stripe-proxy.example.com')).toEqual({ host: 'stripe-proxy.example.com', port: 443, protocol: 'https' });
    expect(() => parseApiBase('http://10.0.0.5:12111')).toThrow(/only on this machine/);
    expect(() => parseApiBase('ftp://127.0.0.1')).toThrow(/http/);
    expect(() => parseApiBase('nonsense')).toThrow(/not a URL/);
  });
});

/** A server on Stripe's address that answers every request with `respond`. */
async function answering(respond: (url: string, response: ServerResponse) => void): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => respond(request.url ?? '', response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('StripeService: answers that are not what a call needs (issue 14, finding 8)', () => {
  it('says that Stripe answered unexpectedly when the answer is not JSON, not that it could not be reached', async () => {
    const portal = await answering((_url, response) => {
      response.setHeader('Content-Type', 'text/html');
      response.end('<html>Sign in</html>');
    });
    const reachability: boolean[] = [];
    try {
      const stripe = new StripeService({ connection: parseApiBase(portal.url), timeoutMs: 2000, onReachability: (reached) => reachability.push(reached) });
      const error = await failure(stripe.verify(KEYS.testSecret, 'test'));
      expect(error.code).toBe('stripe_unexpected');
      expect(error.message).toMatch(/^Stripe answered, but not as expected: Invalid JSON received from the Stripe API\. Nothing was changed\./);
      expect(reachability).toEqual([true]);
    } finally {
      portal.close();
    }
  });

  it('says so when a new webhook endpoint comes back without its signing secret', async () => {
    const stripe = await answering((url, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ id: 'we_FAKE0001', object: 'webhook_endpoint', url: 'https://acme-admin.3scale.net/x', enabled_events: [] }));
    });
    try {
      const error = await failure(service({ url: stripe.url }).createWebhookEndpoint(KEYS.testSecret, 'test', 'https://acme-admin.3scale.net/x', 'idem-1'));
      expect(error.code).toBe('stripe_unexpected');
      expect(error.message).toContain('it created the webhook endpoint we_FAKE0001 but returned no signing secret');
      expect(error.message).not.toMatch(/could not be reached/);
    } finally {
      stripe.close();
    }
  });

  it('still calls a dropped connection unreachable', async () => {
    const error = await failure(service({ url: 'http://127.0.0.1:9' }).verify(KEYS.testSecret, 'test'));
    expect(error.code).toBe('stripe_unreachable');
  });
});

