// SetupIntents as 3scale uses them, the list the customers loader joins (created filters,
// expand[]=data.payment_method), a customer's own payment methods and a legacy default_source:
// behaviour, and every answer against the response schemas of Stripe's OpenAPI document.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type Stripe from 'stripe';
import { createCustomerAs3scale } from '../support/stripe-fixtures';
import { expectMatchesResponseSchema } from './response-schema';
import { startFakeStripe } from './server';
import type { FakeStripe } from './server';
import { rawRequest, stripeError, stripeFor } from './testing';
import type { StripeErrorEnvelope } from './testing';

// The first request of a file compiles Stripe's schemas: seconds on a machine shared by many test runs.
vi.setConfig({ testTimeout: 30_000 });

const KEY = 'sk_test_51FakeSetupIntentsKey00000000000001';
const LIST_KEY = 'sk_test_51FakeSetupIntentsKey00000000000002';
const READ_CUSTOMERS_ONLY = 'rk_test_51FakeSetupIntentsKey00000000000003';
const LIST_ACCOUNT = 'acct_1FakeSetupIntentList';

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe({
    keys: [
      { secret: KEY },
      { secret: LIST_KEY, accountId: LIST_ACCOUNT },
      { secret: READ_CUSTOMERS_ONLY, permissions: ['customers_read'] },
    ],
  });
  stripe = stripeFor(fake, KEY);
});

afterAll(async () => {
  await fake.stop();
});

/** A raw GET checked against the documented response schema. */
async function getChecked<T>(path: string, key = KEY): Promise<T> {
  const response = await rawRequest<T>(fake, 'GET', path, { key });
  expectMatchesResponseSchema('GET', path, response.status, response.body);
  expect(response.status).toBe(200);
  return response.body;
}

describe('SetupIntents as 3scale creates them', () => {
  // The first test compiles the spec's schemas (seconds on a busy machine).
  it('create (card, off_session, customer), confirm with a test card: succeeded, the card attached to the customer', { timeout: 30_000 }, async () => {
    const customer = await stripe.customers.create({ description: 'Acme Devs', email: 'dev@acme.example', metadata: { '3scale_account_reference': '3scale-7-42' } });
    const created = await rawRequest<Stripe.SetupIntent>(fake, 'POST', '/v1/setup_intents', {
      key: KEY,
      body: `payment_method_types[]=card&usage=off_session&customer=${customer.id}`,
    });
    expectMatchesResponseSchema('POST', '/v1/setup_intents', created.status, created.body);
    expect(created.body).toMatchObject({ object: 'setup_intent', status: 'requires_payment_method', usage: 'off_session', customer: customer.id, payment_method: null });
    expect(created.body.client_secret).toMatch(new RegExp(`^${created.body.id}_secret_`));

    const confirmed = await rawRequest<Stripe.SetupIntent>(fake, 'POST', `/v1/setup_intents/${created.body.id}/confirm`, {
      key: KEY,
      body: 'payment_method=pm_card_visa',
    });
    expectMatchesResponseSchema('POST', `/v1/setup_intents/${created.body.id}/confirm`, confirmed.status, confirmed.body);
    expect(confirmed.body.status).toBe('succeeded');
    const methodId = confirmed.body.payment_method as string;
    const method = await stripe.paymentMethods.retrieve(methodId);
    expect(method).toMatchObject({ customer: customer.id, card: { brand: 'visa', last4: '4242' } });
    // Not made the default: 3scale keeps the id on its own side.
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ invoice_settings: { default_payment_method: null }, name: null });

    const again = await stripeError(stripe.setupIntents.confirm(created.body.id, { payment_method: 'pm_card_visa' }));
    expect(again).toMatchObject({ statusCode: 400, code: 'setup_intent_unexpected_state' });
    expect(await getChecked<Stripe.SetupIntent>(`/v1/setup_intents/${created.body.id}`)).toMatchObject({ status: 'succeeded', payment_method: methodId });
  });

  it('the fixture does the same through the SDK, one SetupIntent per card', async () => {
    const { customer, paymentMethodIds } = await createCustomerAs3scale(stripe, {
      providerId: '7',
      developerAccountId: 43,
      organisation: 'Two Cards Ltd',
      email: 'two@cards.example',
      cards: ['pm_card_visa', 'pm_card_mastercard'],
    });
    expect(customer).toMatchObject({ description: 'Two Cards Ltd', name: null, metadata: { '3scale_account_reference': '3scale-7-43' } });
    expect(paymentMethodIds).toHaveLength(2);
    const own = await getChecked<Stripe.ApiList<Stripe.PaymentMethod>>(`/v1/customers/${customer.id}/payment_methods?type=card`);
    expect(new Set(own.data.map((pm) => pm.id))).toEqual(new Set(paymentMethodIds));
    expect(own.data.map((pm) => pm.card?.last4).sort()).toEqual(['4242', '4444']);
    const intents = await getChecked<Stripe.ApiList<Stripe.SetupIntent>>(`/v1/setup_intents?customer=${customer.id}`);
    expect(intents.data.map((si) => si.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('a declining card: 402 card_declined, the intent back to requires_payment_method, nothing attached', async () => {
    const customer = await stripe.customers.create({ description: 'Declined Co' });
    const intent = await rawRequest<Stripe.SetupIntent>(fake, 'POST', '/v1/setup_intents', {
      key: KEY,
      body: `payment_method_types[]=card&usage=off_session&customer=${customer.id}`,
    });
    const declined = await rawRequest<StripeErrorEnvelope>(fake, 'POST', `/v1/setup_intents/${intent.body.id}/confirm`, {
      key: KEY,
      body: 'payment_method=pm_card_chargeDeclined',
    });
    expectMatchesResponseSchema('POST', `/v1/setup_intents/${intent.body.id}/confirm`, declined.status, declined.body);
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    const after = await getChecked<Stripe.SetupIntent>(`/v1/setup_intents/${intent.body.id}`);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_setup_error: { code: 'card_declined' } });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);

    const threeDs = await stripe.setupIntents.confirm(intent.body.id, { payment_method: 'pm_card_authenticationRequired' });
    expect(threeDs).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
  });

  it('refuses what Stripe refuses: unknown params, unknown customers, other types, a confirm without a card', async () => {
    const unknown = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/setup_intents', { key: KEY, body: 'usage=off_session&colour=blue' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('Received unknown parameter: colour');
    const usage = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/setup_intents', { key: KEY, body: 'usage=sometimes' });
    expect(usage.body.error).toMatchObject({ param: 'usage' });
    const missing = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/setup_intents', { key: KEY, body: 'customer=cus_nobody' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', param: 'customer' });
    const sepa = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/setup_intents', { key: KEY, body: 'payment_method_types[]=sepa_debit' });
    expect(sepa.body.error).toMatchObject({ param: 'payment_method_types' });
    const bare = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/setup_intents', { key: KEY, body: 'confirm=true' });
    expect(bare.body.error).toMatchObject({ code: 'setup_intent_unexpected_state' });
    const notFound = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/setup_intents/seti_nothing', { key: KEY });
    expect(notFound.status).toBe(404);
    expectMatchesResponseSchema('GET', '/v1/setup_intents/seti_nothing', 404, notFound.body);
    const forbidden = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/setup_intents', { key: READ_CUSTOMERS_ONLY });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toContain("'rak_setup_intent_read'");
  });
});

describe('listing SetupIntents as the loader does', () => {
  it('pages newest first by created (gte/lt, starting_after), expands each payment method, filters by customer', async () => {
    const listing = stripeFor(fake, LIST_KEY);
    const base = 1_700_000_000;
    const customers = [0, 1, 2].map((i) => fake.seedCustomer('test', { accountId: LIST_ACCOUNT, created: base + i * 1000, description: `Org ${i}` }).id);
    const seeded: { id: string; created: number; customer: string; paymentMethodId: string }[] = [];
    for (let i = 0; i < 150; i += 1) {
      const customer = customers[i % 3] ?? '';
      const created = base + 10 * i + (i % 7 === 0 ? 0 : 1); // some seconds hold two
      const { id, paymentMethodId } = fake.seedSetupIntent('test', { accountId: LIST_ACCOUNT, customer, created, card: { token: 'pm_card_mastercard', expMonth: 3, expYear: 2031 } });
      seeded.push({ id, created, customer, paymentMethodId });
    }
    const newestFirst = [...seeded].reverse();

    const path = `/v1/setup_intents?limit=100&expand[]=data.payment_method&created[gte]=${base + 200}&created[lt]=${base + 1200}`;
    const page = await getChecked<Stripe.ApiList<Stripe.SetupIntent>>(path, LIST_KEY);
    const inRange = newestFirst.filter((s) => s.created >= base + 200 && s.created < base + 1200);
    expect(page.data.map((si) => si.id)).toEqual(inRange.map((s) => s.id));
    expect(page.has_more).toBe(false);
    const first = page.data[0];
    expect(first?.payment_method).toMatchObject({ object: 'payment_method', customer: inRange[0]?.customer, card: { brand: 'mastercard', last4: '4444', exp_month: 3, exp_year: 2031 } });

    const all: string[] = [];
    let after: string | undefined;
    for (;;) {
      const next = await listing.setupIntents.list({ limit: 100, expand: ['data.payment_method'], ...(after ? { starting_after: after } : {}) });
      all.push(...next.data.map((si) => si.id));
      const last = next.data.at(-1);
      if (!next.has_more || !last) break;
      after = last.id;
    }
    expect(all).toEqual(newestFirst.map((s) => s.id));

    const ofOne = await listing.setupIntents.list({ customer: customers[1] ?? '', limit: 100 });
    expect(ofOne.data.map((si) => si.id)).toEqual(newestFirst.filter((s) => s.customer === customers[1]).map((s) => s.id));
    expect(typeof ofOne.data[0]?.payment_method).toBe('string'); // not expanded unless asked
  });

  it('customers list: a legacy card as default_source, expanded with the default payment method', async () => {
    const id = fake.seedCustomer('test', { accountId: LIST_ACCOUNT, created: 1_600_000_000, description: 'Legacy Ltd', legacyCard: { brand: 'MasterCard', last4: '5454', expMonth: 8, expYear: 2030 } }).id;
    const plain = await getChecked<Stripe.ApiList<Stripe.Customer>>('/v1/customers?created[lt]=1600000001', LIST_KEY);
    expect(plain.data[0]?.default_source).toMatch(/^card_/);
    const expanded = await getChecked<Stripe.ApiList<Stripe.Customer>>(
      '/v1/customers?created[lt]=1600000001&expand[]=data.default_source&expand[]=data.invoice_settings.default_payment_method',
      LIST_KEY,
    );
    expect(expanded.data[0]).toMatchObject({ id, default_source: { object: 'card', brand: 'MasterCard', last4: '5454', exp_month: 8, exp_year: 2030, customer: id } });
  });

  it("a customer's own payment methods: every card attached, 404 for an unknown customer", async () => {
    const id = fake.seedCustomer('test', { accountId: LIST_ACCOUNT, description: 'Own Cards' }).id;
    const one = fake.seedSetupIntent('test', { accountId: LIST_ACCOUNT, customer: id, card: { token: 'pm_card_amex' } });
    const two = fake.seedSetupIntent('test', { accountId: LIST_ACCOUNT, customer: id });
    const own = await getChecked<Stripe.ApiList<Stripe.PaymentMethod>>(`/v1/customers/${id}/payment_methods?limit=100`, LIST_KEY);
    expect(new Set(own.data.map((pm) => pm.id))).toEqual(new Set([one.paymentMethodId, two.paymentMethodId]));
    const gone = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/customers/cus_nobody/payment_methods', { key: LIST_KEY });
    expect(gone.status).toBe(404);
    expectMatchesResponseSchema('GET', '/v1/customers/cus_nobody/payment_methods', 404, gone.body);
  });
});
