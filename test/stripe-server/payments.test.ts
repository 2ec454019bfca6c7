import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import Stripe from 'stripe';
import { expectMatchesResponseSchema } from './response-schema';
import { startFakeStripe } from './server';
import type { FakeStripe } from './server';
import { rawRequest, stripeError, stripeFor } from './testing';
import type { StripeErrorEnvelope } from './testing';

// The first request of a file compiles Stripe's schemas: seconds on a machine shared by many test runs.
vi.setConfig({ testTimeout: 30_000 });

const KEY = 'sk_test_51FakePaymentsKey0000000000000000001';

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe({ keys: [{ secret: KEY }] });
  stripe = stripeFor(fake, KEY);
});

afterEach(() => {
  fake.setFaults({ latencyMs: 0, rateLimitPerSecond: null, failNext500: 0, dropNext: 0, dropResponseNext: 0 });
});

afterAll(async () => {
  await fake.stop();
});

async function customerWith(token: string): Promise<{ customer: Stripe.Customer; method: Stripe.PaymentMethod }> {
  const customer = await stripe.customers.create({ email: `${token}@acme.example` });
  const method = await stripe.paymentMethods.attach(token, { customer: customer.id });
  return { customer, method };
}

const offSession = (customer: string, paymentMethod: string): Stripe.PaymentIntentCreateParams => ({
  amount: 2500,
  currency: 'usd',
  customer,
  payment_method: paymentMethod,
  off_session: true,
  confirm: true,
});

describe('fake Stripe server: payment intents by test payment method', () => {
  it('charges visa and mastercard', async () => {
    for (const [token, last4] of [['pm_card_visa', '4242'], ['pm_card_mastercard', '4444']] as const) {
      const { customer, method } = await customerWith(token);
      expect(method.card).toMatchObject({ last4, exp_month: 12, exp_year: new Date().getUTCFullYear() + 1 });
      const intent = await stripe.paymentIntents.create(offSession(customer.id, method.id));
      expect(intent).toMatchObject({ status: 'succeeded', amount: 2500, amount_received: 2500, customer: customer.id, payment_method: method.id });
      expect(intent.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
      expect(intent.latest_charge).toMatch(/^ch_/);
      expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'succeeded' });
    }
    const held = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      confirm: true,
      off_session: true,
      capture_method: 'manual',
    });
    expect(held).toMatchObject({ status: 'requires_capture', amount_capturable: 700, amount_received: 0 });
  });

  it('declines pm_card_chargeDeclined with a 402 card_error carrying the payment intent', async () => {
    const error = await stripeError(
      stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true, off_session: true }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, rawType: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    const intent = error.payment_intent;
    expect(intent).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined' } });
    expect((await stripe.paymentIntents.retrieve(intent?.id ?? '')).status).toBe('requires_payment_method');
  });

  it('refuses to attach a card that declines, and declines the card that attaches (chargeCustomerFail)', async () => {
    const customer = await stripe.customers.create();
    const attach = await stripeError(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }));
    expect(attach).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const { customer: owner, method } = await customerWith('pm_card_chargeCustomerFail');
    expect(method.card?.last4).toBe('0341');
    const declined = await stripeError(stripe.paymentIntents.create(offSession(owner.id, method.id)));
    expect(declined).toMatchObject({ statusCode: 402, code: 'card_declined' });
    expect(declined.payment_intent?.customer).toBe(owner.id);
  });

  it('asks for authentication off session and requires action on session', async () => {
    const { customer, method } = await customerWith('pm_card_authenticationRequired');
    expect(method.card?.last4).toBe('3184');
    const offSessionError = await stripeError(stripe.paymentIntents.create(offSession(customer.id, method.id)));
    expect(offSessionError).toMatchObject({ statusCode: 402, rawType: 'card_error', code: 'authentication_required' });
    expect(offSessionError.payment_intent?.last_payment_error?.payment_method?.id).toBe(method.id);
    const onSession = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      customer: customer.id,
      payment_method: method.id,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(onSession).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
  });

  it('leaves unconfirmed intents waiting, and checks amount, currency and return_url', async () => {
    const { customer, method } = await customerWith('pm_card_visa');
    const pending = await stripe.paymentIntents.create({ amount: 999, currency: 'usd', customer: customer.id, payment_method: method.id });
    expect(pending.status).toBe('requires_confirmation');
    expect((await stripe.paymentIntents.create({ amount: 999, currency: 'usd' })).status).toBe('requires_payment_method');
    expect((await stripeError(stripe.paymentIntents.create({ amount: 10, currency: 'usd' }))).code).toBe('amount_too_small');
    expect((await stripeError(stripe.paymentIntents.create({ amount: 999, currency: 'xyz' }))).param).toBe('currency');
    const noReturnUrl = await stripeError(
      stripe.paymentIntents.create({ amount: 999, currency: 'usd', customer: customer.id, payment_method: method.id, confirm: true }),
    );
    expect(noReturnUrl.message).toMatch(/you must provide a `return_url`/);
    const stranger = await stripeError(stripe.paymentIntents.create({ amount: 999, currency: 'usd', payment_method: method.id }));
    expect(stranger.param).toBe('payment_method');
    const balance = await stripe.balance.retrieve();
    expect(balance.pending.find((b) => b.currency === 'usd')?.amount).toBeGreaterThan(0);
  });
});

describe('fake Stripe server: idempotency', () => {
  it('replays a success for the same key and request, and creates once', async () => {
    const first = await stripe.customers.create({ email: 'once@acme.example' }, { idempotencyKey: 'create-once' });
    const second = await stripe.customers.create({ email: 'once@acme.example' }, { idempotencyKey: 'create-once' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect((await stripe.customers.list({ email: 'once@acme.example' })).data).toHaveLength(1);
  });

  it('replays a failure too: the same decline, no second charge attempt', async () => {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 2500,
      currency: 'usd',
      payment_method: 'pm_card_chargeDeclined',
      confirm: true,
      off_session: true,
    };
    const first = await stripeError(stripe.paymentIntents.create(params, { idempotencyKey: 'decline-once' }));
    const second = await stripeError(stripe.paymentIntents.create(params, { idempotencyKey: 'decline-once' }));
    expect(second.statusCode).toBe(402);
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(second.charge).toBe(first.charge);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
  });

  it('replays a stored 500 (with Stripe-Should-Retry: false)', async () => {
    fake.setFaults({ failNext500: 1 });
    const first = await stripeError(stripe.customers.create({ name: 'five hundred' }, { idempotencyKey: 'fails-once' }));
    expect(first).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(first).toMatchObject({ statusCode: 500, rawType: 'api_error', message: 'An unknown error occurred' });
    expect(first.headers?.['stripe-should-retry']).toBe('false');
    const replay = await stripeError(stripe.customers.create({ name: 'five hundred' }, { idempotencyKey: 'fails-once' }));
    expect(replay.statusCode).toBe(500);
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    expect((await stripe.customers.create({ name: 'five hundred' }, { idempotencyKey: 'fails-once-retry' })).name).toBe('five hundred');
  });

  it('refuses the same key with different params: idempotency_error', async () => {
    await stripe.customers.create({ email: 'a@acme.example' }, { idempotencyKey: 'reused' });
    const error = await stripeError(stripe.customers.create({ email: 'b@acme.example' }, { idempotencyKey: 'reused' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(error.message).toBe(
      "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'reused' if you meant to execute a different request.",
    );
    const otherEndpoint = await stripeError(
      stripe.webhookEndpoints.create({ url: 'https://billing.example/h', enabled_events: ['*'] }, { idempotencyKey: 'reused' }),
    );
    expect(otherEndpoint.rawType).toBe('idempotency_error');
  });

  it('keeps nothing for a request refused before the endpoint ran (params failing validation)', async () => {
    const refused = await rawRequest(fake, 'POST', '/v1/customers', {
      key: KEY,
      body: 'bogus=1',
      headers: { 'Idempotency-Key': 'validated-first' },
    });
    expect(refused.status).toBe(400);
    const later = await rawRequest(fake, 'POST', '/v1/customers', {
      key: KEY,
      body: 'name=valid',
      headers: { 'Idempotency-Key': 'validated-first' },
    });
    expect(later.status).toBe(200);
  });
});

describe('fake Stripe server: faults', () => {
  it('adds latency', async () => {
    fake.setFaults({ latencyMs: 120 });
    const started = performance.now();
    await stripe.balance.retrieve();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('forgets a request whose client gave up during the latency', async () => {
    fake.setFaults({ latencyMs: 250 });
    const aborted = fetch(`${fake.url}/v1/customers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=abandoned',
      signal: AbortSignal.timeout(50),
    });
    await expect(aborted).rejects.toThrow();
    fake.setFaults({ latencyMs: 0, failNext500: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await stripeError(stripe.balance.retrieve())).statusCode).toBe(500);
    expect((await stripe.customers.list({ limit: 100 })).data.some((c) => c.name === 'abandoned')).toBe(false);
  });

  it('answers 429 like Stripe beyond the rate limit', async () => {
    fake.setFaults({ rateLimitPerSecond: 1 });
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/balance', { key: KEY })),
    );
    const limited = responses.filter((r) => r.status === 429);
    // Twelve at once against one a second: most are refused (fewer on a very busy machine,
    // where the requests arrive spread out).
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    const [one] = limited;
    expect(one?.body.error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit' });
    expect(one?.body.error.message).toMatch(/^Request rate limit exceeded\./);
    expect(one?.headers.get('stripe-rate-limited-reason')).toBe('global-rate');
    expectMatchesResponseSchema('GET', '/v1/balance', 429, one?.body);
    fake.setFaults({ rateLimitPerSecond: 0.5 }); // below one a second: every request is refused
    const viaSdk = await stripeError(stripe.balance.retrieve());
    expect(viaSdk).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    fake.setFaults({ rateLimitPerSecond: null });
    expect((await stripe.balance.retrieve()).object).toBe('balance');
  });

  it('fails the next N requests with 500 api_error', async () => {
    fake.setFaults({ failNext500: 2 });
    for (let i = 0; i < 2; i += 1) {
      const error = await stripeError(stripe.balance.retrieve());
      expect(error).toMatchObject({ statusCode: 500, rawType: 'api_error' });
    }
    expect((await stripe.balance.retrieve()).object).toBe('balance');
    // With retries, the SDK gets through a transient 500 on a GET.
    fake.setFaults({ failNext500: 1 });
    const retrying = stripeFor(fake, KEY, { maxNetworkRetries: 1 });
    expect((await retrying.balance.retrieve()).object).toBe('balance');
  });

  it('drops connections: the SDK retries a closed connection once, then reports StripeConnectionError', async () => {
    fake.requests.length = 0;
    fake.setFaults({ dropNext: 2 });
    const error = await stripeError(stripe.customers.create({ name: 'dropped' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(fake.requests.map((r) => r.status)).toEqual([0, 0]);
    expect((await stripe.customers.list({ limit: 100 })).data.some((c) => c.name === 'dropped')).toBe(false);
  });

  it('drops a response after doing the work: the SDK’s retry is replayed from the idempotency key', async () => {
    fake.requests.length = 0;
    fake.setFaults({ dropResponseNext: 1 });
    const customer = await stripe.customers.create({ name: 'created once despite the drop' });
    expect(fake.requests.map((r) => r.status)).toEqual([0, 200]);
    expect(fake.requests[0]?.idempotencyKey).toBe(fake.requests[1]?.idempotencyKey);
    const all = await stripe.customers.list({ limit: 100 });
    expect(all.data.filter((c) => c.name === 'created once despite the drop').map((c) => c.id)).toEqual([customer.id]);
  });
});
