// The fake's PaymentIntent list and confirm, the hard-decline test cards, and the test helpers
// (a card seeded as saved, the developer authenticating a payment), every answer checked
// against Stripe's response schemas.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type Stripe from 'stripe';
import { expectMatchesResponseSchema } from './response-schema';
import { startFakeStripe, type FakeStripe, type StripeEvent } from './server';
import { rawRequest, stripeError, stripeFor, type StripeErrorEnvelope } from './testing';

vi.setConfig({ testTimeout: 30_000 });

const KEY = 'sk_test_51FakePaymentIntentsKey00000000001';
let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe({ keys: [{ secret: KEY }] });
  stripe = stripeFor(fake, KEY);
});
afterAll(async () => {
  await fake.stop();
});

function customerWithCard(token: string): { customer: string; method: string } {
  const customer = fake.seedCustomer('test', { description: token });
  return { customer: customer.id, method: fake.seedCard('test', { customer: customer.id, token }).paymentMethodId };
}

const offSession = (customer: string, method: string, description = 'Acme API API services 2026-11-00000001') => ({
  amount: 4200,
  currency: 'eur',
  customer,
  payment_method: method,
  off_session: true,
  confirm: true,
  description,
  metadata: { order_id: '77' },
});

describe('PaymentIntents on the fake', () => {
  it.each([
    ['pm_card_chargeDeclinedLostCard', 'lost_card'],
    ['pm_card_chargeDeclinedStolenCard', 'stolen_card'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
  ])('declines a saved %s off-session with 402 card_declined / %s', async (token, declineCode) => {
    const { customer, method } = customerWithCard(token);
    const response = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/payment_intents', {
      key: KEY,
      body: new URLSearchParams({ amount: '4200', currency: 'eur', customer, payment_method: method, off_session: 'true', confirm: 'true' }).toString(),
    });
    expect(response.status).toBe(402);
    expect(response.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: declineCode, payment_intent: { status: 'requires_payment_method' } });
    expectMatchesResponseSchema('POST', '/v1/payment_intents', 402, response.body);
  });

  it('refuses to attach a lost or stolen card, as Stripe does', async () => {
    const customer = await stripe.customers.create({ description: 'x' });
    const error = await stripeError(stripe.paymentMethods.attach('pm_card_chargeDeclinedStolenCard', { customer: customer.id }));
    expect(error).toMatchObject({ statusCode: 402, decline_code: 'stolen_card' });
  });

  it("answers an off-session payment that needs authentication with 402 authentication_required, and lets the developer authenticate it", async () => {
    const { customer, method } = customerWithCard('pm_card_authenticationRequired');
    const error = await stripeError(stripe.paymentIntents.create(offSession(customer, method)));
    expect(error).toMatchObject({ statusCode: 402, code: 'authentication_required', decline_code: 'authentication_required' });
    const intent = (error.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent;
    expect(intent.status).toBe('requires_payment_method');
    const events: StripeEvent[] = [];
    const stop = fake.onEvent((event) => events.push(event));
    const event = fake.authenticatePaymentIntent(intent.id);
    stop();
    expect(events).toEqual([event]);
    expect(event).toMatchObject({ type: 'payment_intent.succeeded', data: { object: { id: intent.id, status: 'succeeded', amount_received: 4200 } } });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
    expect(() => fake.authenticatePaymentIntent(intent.id)).toThrow(/does not need authentication/);
  });

  it('confirms a failed PaymentIntent again with a new card (3scale’s retry) and refuses to confirm a succeeded one', async () => {
    const { customer, method } = customerWithCard('pm_card_chargeCustomerFail');
    const failed = await stripeError(stripe.paymentIntents.create(offSession(customer, method)));
    const intent = (failed.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent;
    const again = await stripeError(stripe.paymentIntents.confirm(intent.id, { payment_method: method, off_session: true }));
    expect(again).toMatchObject({ statusCode: 402, decline_code: 'generic_decline' });
    const visa = fake.seedCard('test', { customer, token: 'pm_card_visa' }).paymentMethodId;
    const raw = await rawRequest<Stripe.PaymentIntent>(fake, 'POST', `/v1/payment_intents/${intent.id}/confirm`, {
      key: KEY,
      body: `payment_method=${visa}&off_session=true`,
    });
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ id: intent.id, status: 'succeeded', last_payment_error: null, amount_received: 4200 });
    expectMatchesResponseSchema('POST', '/v1/payment_intents/{intent}/confirm', 200, raw.body);
    const refused = await stripeError(stripe.paymentIntents.confirm(intent.id, { payment_method: visa, off_session: true }));
    expect(refused).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(refused.message).toMatch(/status of succeeded/);
  });

  it('lists PaymentIntents newest first, by customer and creation time, with cards and customers expanded', async () => {
    const { customer, method } = customerWithCard('pm_card_visa');
    const first = await stripe.paymentIntents.create(offSession(customer, method, 'Acme API API services 2026-11-00000002'));
    const second = await stripe.paymentIntents.create(offSession(customer, method, 'Acme API API services 2026-11-00000003'));
    const raw = await rawRequest<Stripe.ApiList<Stripe.PaymentIntent>>(
      fake,
      'GET',
      `/v1/payment_intents?customer=${customer}&limit=1&expand[]=data.payment_method&expand[]=data.customer`,
      { key: KEY },
    );
    expect(raw.status).toBe(200);
    expectMatchesResponseSchema('GET', '/v1/payment_intents', 200, raw.body);
    expect(raw.body.data.map((pi) => pi.id)).toEqual([second.id]);
    expect(raw.body.has_more).toBe(true);
    expect(raw.body.data[0]?.payment_method).toMatchObject({ id: method, card: { last4: '4242' } });
    expect(raw.body.data[0]?.customer).toMatchObject({ id: customer, object: 'customer' });
    const page2 = await stripe.paymentIntents.list({ customer, limit: 10, starting_after: second.id });
    expect(page2.data.map((pi) => pi.id)).toEqual([first.id]);
    const future = await stripe.paymentIntents.list({ created: { gt: Math.floor(Date.now() / 1000) + 60 } });
    expect(future.data).toEqual([]);
  });
});
