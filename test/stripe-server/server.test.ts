import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type Stripe from 'stripe';
import { ROUTES } from './routes';
import { expectMatchesResponseSchema, responseSchemaErrors } from './response-schema';
import { STRIPE_PERMISSION_NAMES, startFakeStripe } from './server';
import type { FakeStripe } from './server';
import { findSpecOperation } from './spec';
import { rawRequest, stripeError, stripeFor } from './testing';
import type { StripeErrorEnvelope } from './testing';

// The first request of a file compiles Stripe's schemas: seconds on a machine shared by many test runs.
vi.setConfig({ testTimeout: 30_000 });

const TEST_KEY = 'sk_test_51FakeBillingDeskTestKey0000000001234';
const LIVE_KEY = 'sk_live_FakeBillingDeskLive5678';
const OTHER_ACCOUNT_KEY = 'sk_test_51FakeOtherAccountKey00000000009999';
const READ_ONLY_KEY = 'rk_test_51FakeReadOnly000000000000abcdef';
const WEBHOOK_READER_KEY = 'rk_test_51FakeWebhookReader0000000uvwxyz';
const WEBHOOK_WRITER_KEY = 'rk_test_51FakeWebhookWriter00000000ghijkl';
const PUBLISHABLE_KEY = 'pk_test_51FakePublishable0000000000000042';

let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe({
    accounts: [
      { id: 'acct_1FakeBillingDesk', businessName: 'Acme APIs GmbH', country: 'DE', defaultCurrency: 'eur', chargesEnabled: true },
    ],
    keys: [
      { secret: TEST_KEY, accountId: 'acct_1FakeBillingDesk' },
      { secret: LIVE_KEY, accountId: 'acct_1FakeBillingDesk' },
      { secret: OTHER_ACCOUNT_KEY },
      { secret: READ_ONLY_KEY, accountId: 'acct_1FakeBillingDesk', permissions: ['customers_read', 'account_read'] },
      { secret: WEBHOOK_READER_KEY, accountId: 'acct_1FakeBillingDesk', permissions: ['webhook_endpoints_read'] },
      { secret: WEBHOOK_WRITER_KEY, accountId: 'acct_1FakeBillingDesk', permissions: ['webhook_endpoints_write'] },
      { secret: PUBLISHABLE_KEY, accountId: 'acct_1FakeBillingDesk' },
    ],
  });
});

afterAll(async () => {
  await fake.stop();
});

/** A response as the SDK saw it (error bodies carry SDK-added fields, dropped here). */
interface Seen {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

function bodyAsSent(body: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const error = copy['error'];
  if (error && typeof error === 'object') {
    const added = new Set(['headers', 'statusCode', 'requestId']);
    return { error: Object.fromEntries(Object.entries(error).filter(([key]) => !added.has(key))) };
  }
  return copy;
}

describe('fake Stripe server: every endpoint against the OpenAPI response schemas', () => {
  it('answers a whole billing scenario with bodies that match Stripe’s documented schemas', { timeout: 20_000 }, async () => {
    const seen: Seen[] = [];
    const stripe = stripeFor(fake, TEST_KEY, { emitEventBodies: true });
    stripe.on('response', (event: Stripe.ResponseEvent) => {
      const { body } = event as Stripe.ResponseEvent & { body?: unknown };
      seen.push({ method: event.method, path: event.path, status: event.status, body });
    });

    const account = await stripe.accounts.retrieveCurrent();
    expect(account).toMatchObject({
      id: 'acct_1FakeBillingDesk',
      object: 'account',
      country: 'DE',
      default_currency: 'eur',
      charges_enabled: true,
      business_profile: { name: 'Acme APIs GmbH' },
      settings: { dashboard: { display_name: 'Acme APIs GmbH' } },
    });
    expect(account).not.toHaveProperty('livemode');
    expect(await stripe.balance.retrieve()).toMatchObject({ object: 'balance', livemode: false, available: [{ currency: 'eur' }] });
    const us = await stripe.countrySpecs.retrieve('US');
    expect(us.default_currency).toBe('usd');
    expect(us.supported_payment_currencies).toEqual(expect.arrayContaining(['usd', 'eur', 'gbp', 'cad', 'aud', 'nzd', 'jpy', 'chf', 'sar', 'cny']));
    for (const country of ['GB', 'DE', 'FR', 'NL', 'IE', 'CA', 'AU', 'NZ', 'JP', 'CH', 'SA']) {
      expect((await stripe.countrySpecs.retrieve(country)).id).toBe(country);
    }
    const china = await stripeError(stripe.countrySpecs.retrieve('CN'));
    expect(china.statusCode).toBe(404);
    expect(china.code).toBe('resource_missing');

    const customer = await stripe.customers.create({
      email: 'finance@acme.example',
      name: 'Acme',
      description: '3scale account 42',
      metadata: { threescale_account_id: '42', plan: 'gold' },
    });
    expect(customer).toMatchObject({ object: 'customer', livemode: false, metadata: { threescale_account_id: '42' } });
    expect(customer.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    await stripe.customers.retrieve(customer.id);
    const updated = await stripe.customers.update(customer.id, { metadata: { plan: '', region: 'eu' } });
    expect(updated.metadata).toEqual({ threescale_account_id: '42', region: 'eu' });
    await stripe.customers.list({ limit: 3 });
    await stripe.customers.search({ query: "metadata['threescale_account_id']:'42'", expand: ['total_count'] });

    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(card).toMatchObject({ type: 'card', customer: customer.id, card: { brand: 'visa', last4: '4242', exp_month: 12 } });
    expect(card.id).toMatch(/^pm_/);
    await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    await stripe.customers.listPaymentMethods(customer.id);
    await stripe.paymentMethods.retrieve(card.id);
    // A card as 3scale collects it: a SetupIntent confirmed with the card.
    const setup = await stripe.setupIntents.create({ customer: customer.id, usage: 'off_session', ...({ payment_method_types: ['card'] } as object) });
    const confirmedSetup = await stripe.setupIntents.confirm(setup.id, { payment_method: 'pm_card_mastercard' });
    expect(confirmedSetup).toMatchObject({ status: 'succeeded', customer: customer.id });
    await stripe.setupIntents.retrieve(setup.id);
    await stripe.setupIntents.list({ limit: 100, created: { gte: customer.created }, expand: ['data.payment_method'] });
    const withDefault = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    expect(withDefault.invoice_settings.default_payment_method).toBe(card.id);
    await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] });
    await stripeError(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }));

    const paid = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'eur',
      customer: customer.id,
      payment_method: card.id,
      off_session: true,
      confirm: true,
      description: 'Invoice 2026-11',
      metadata: { invoice_id: '7' },
    });
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 4200, livemode: false });
    await stripe.paymentIntents.retrieve(paid.id, { expand: ['customer', 'payment_method'] });
    const unconfirmed = await stripe.paymentIntents.create({ amount: 4200, currency: 'eur', customer: customer.id, payment_method: card.id });
    expect(await stripe.paymentIntents.confirm(unconfirmed.id, { off_session: true })).toMatchObject({ status: 'succeeded' });
    await stripe.paymentIntents.list({ customer: customer.id, limit: 10, expand: ['data.payment_method', 'data.customer'] });
    await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'eur',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      return_url: 'https://billing.example/return',
    });
    const declined = await stripeError(
      stripe.paymentIntents.create({ amount: 4200, currency: 'eur', payment_method: 'pm_card_chargeDeclined', confirm: true, off_session: true }),
    );
    expect(declined.statusCode).toBe(402);
    await stripe.balance.retrieve();

    const endpoint = await stripe.webhookEndpoints.create({
      url: 'https://billing.example/stripe/webhooks',
      enabled_events: ['invoice.paid', 'payment_intent.payment_failed'],
      description: 'Billing Desk',
      metadata: { installed_by: 'billing-desk' },
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    await stripe.webhookEndpoints.list();
    await stripe.webhookEndpoints.retrieve(endpoint.id);
    await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    await stripe.webhookEndpoints.del(endpoint.id);
    await stripeError(stripe.webhookEndpoints.retrieve(endpoint.id));

    // The money after the payment (ledger-routes.ts): charge, refund, dispute, payout, balance transactions.
    const ledger = fake.ledger('test', 'acct_1FakeBillingDesk');
    const charge = await stripe.charges.retrieve(paid.latest_charge as string, { expand: ['balance_transaction'] });
    await stripe.charges.list({ payment_intent: paid.id });
    const refund = await stripe.refunds.create({ charge: charge.id, amount: 200 });
    await stripe.refunds.retrieve(refund.id);
    await stripe.refunds.list({ charge: charge.id });
    const disputedIntent = ledger.seedPaymentIntent({ amount: 3_000, currency: 'eur', created: customer.created });
    const dispute = ledger.dispute(disputedIntent.id, { status: 'won', created: customer.created + 60, closedAt: customer.created + 120 });
    await stripe.disputes.retrieve(dispute.id);
    await stripe.disputes.list({ created: { gte: customer.created } });
    const [payout] = ledger.payOut('daily', customer.created + 10 * 86_400);
    await stripe.payouts.list({ arrival_date: { gte: customer.created } });
    await stripe.payouts.retrieve(payout?.id ?? 'po_missing');
    const inPayout = await stripe.balanceTransactions.list({ payout: payout?.id ?? 'po_missing', expand: ['data.source'] });
    await stripe.balanceTransactions.retrieve(inPayout.data[0]?.id ?? 'txn_missing');

    await stripe.customers.del(customer.id);
    const stub = await stripe.customers.retrieve(customer.id);
    expect(stub).toEqual(expect.objectContaining({ id: customer.id, object: 'customer', deleted: true }));
    await stripeError(stripe.customers.update(customer.id, { name: 'gone' }));

    // Each response against the schema of its operation and status.
    expect(seen.length).toBeGreaterThan(30);
    for (const response of seen) {
      expectMatchesResponseSchema(response.method, response.path, response.status, bodyAsSent(response.body));
    }
    // …and the scenario reached every route the fake serves.
    const covered = new Set(seen.map((r) => `${r.method} ${findSpecOperation(r.method, r.path.split('?')[0] ?? '')?.template ?? '?'}`));
    for (const route of ROUTES) expect(covered).toContain(`${route.method} ${route.template}`);

    // Errors without the SDK: no key, unknown URL, refused params.
    const errors = [
      await rawRequest(fake, 'GET', '/v1/customers', { key: null }),
      await rawRequest(fake, 'GET', '/v1/foo', { key: TEST_KEY }),
      await rawRequest(fake, 'POST', '/v1/customers', { key: TEST_KEY, body: 'foo=bar' }),
      await rawRequest(fake, 'GET', '/v1/customers', { key: READ_ONLY_KEY.replace('rk', 'sk') }),
    ];
    for (const response of errors) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(responseSchemaErrors('GET', '/v1/customers', response.status, response.body)).toEqual([]);
    }
  });

  it('notices a body that does not match the schema', () => {
    expect(() =>
      expectMatchesResponseSchema('GET', '/v1/customers/cus_x', 200, { id: 'cus_x', object: 'customer', created: 'yesterday', livemode: false }),
    ).toThrow(/does not match/);
    expect(responseSchemaErrors('GET', '/v1/customers', 200, { object: 'list', data: [], has_more: false, url: '/v1/customers', extra: 1 })).not.toEqual([]);
  });
});

describe('fake Stripe server: responses', () => {
  it('sends JSON with a Request-Id, echoes Stripe-Version and lists unknown URLs like Stripe', async () => {
    const response = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/foo', {
      key: TEST_KEY,
      headers: { 'Stripe-Version': '2024-04-10' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(response.headers.get('stripe-version')).toBe('2024-04-10');
    expect(response.body.error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringMatching(/^Unrecognized request URL \(GET: \/v1\/foo\)\./) as unknown,
    });
    const put = await rawRequest<StripeErrorEnvelope>(fake, 'PUT', '/v1/customers', { key: TEST_KEY });
    expect(put.body.error.message).toMatch(/^Unrecognized request URL \(PUT: \/v1\/customers\)/);
  });

  it('records every request', async () => {
    fake.requests.length = 0;
    await stripeFor(fake, TEST_KEY).customers.create({ email: 'recorded@acme.example' }, { idempotencyKey: 'record-1' });
    await rawRequest(fake, 'GET', '/v1/customers?limit=1', { key: null });
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/customers',
        query: '',
        body: 'email=recorded%40acme.example',
        apiKey: TEST_KEY,
        idempotencyKey: 'record-1',
        status: 200,
      },
      { method: 'GET', path: '/v1/customers', query: 'limit=1', body: '', apiKey: null, idempotencyKey: null, status: 401 },
    ]);
  });
});

describe('fake Stripe server: API keys', () => {
  it('answers 401 to a missing, unknown, revoked or publishable key', async () => {
    const missing = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/balance', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toMatch(/^You did not provide an API key/);

    const unknownKey = 'sk_test_51NotAKeyTheFakeKnows000000007777';
    const unknown = await stripeError(stripeFor(fake, unknownKey).balance.retrieve());
    expect(unknown.type).toBe('StripeAuthenticationError');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.rawType).toBe('invalid_request_error');
    expect(unknown.message).toBe(`Invalid API Key provided: sk_test_${'*'.repeat(unknownKey.length - 12)}7777`);

    const rolled = 'sk_test_51FakeRolledKey000000000000000003333';
    fake.addKey({ secret: rolled });
    expect((await stripeFor(fake, rolled).balance.retrieve()).object).toBe('balance');
    fake.revokeKey(rolled);
    const expired = await stripeError(stripeFor(fake, rolled).balance.retrieve());
    expect(expired.statusCode).toBe(401);
    expect(expired.code).toBe('api_key_expired');
    expect(expired.message).toMatch(/^Expired API Key provided: sk_test_\*+3333$/);

    const basic = await fetch(`${fake.url}/v1/balance`, {
      headers: { Authorization: `Basic ${Buffer.from(`${TEST_KEY}:`).toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    const elsewhere = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/balance', {
      key: TEST_KEY,
      headers: { 'Stripe-Account': 'acct_1SomebodyElse' },
    });
    expect(elsewhere.status).toBe(403);

    const publishable = await stripeError(stripeFor(fake, PUBLISHABLE_KEY).customers.list());
    expect(publishable.statusCode).toBe(401);
    expect(publishable.message).toMatch(/^This API call cannot be made with a publishable API key\. Please use a secret API key\./);
  });

  it('refuses a restricted key without the permission with 403 naming it', async () => {
    const readOnly = stripeFor(fake, READ_ONLY_KEY);
    expect((await readOnly.customers.list()).object).toBe('list');
    expect((await readOnly.accounts.retrieveCurrent()).id).toBe('acct_1FakeBillingDesk');

    const write = await stripeError(readOnly.customers.create({ email: 'nope@acme.example' }));
    expect(write.type).toBe('StripePermissionError');
    expect(write.statusCode).toBe(403);
    expect(write.rawType).toBe('invalid_request_error');
    expect(write.message).toBe(
      `The provided key 'rk_test_${'*'.repeat(READ_ONLY_KEY.length - 14)}abcdef' does not have the required permissions for this endpoint on account 'acct_1FakeBillingDesk'. Having the 'rak_customer_write' permission would allow this request to continue.`,
    );
    const balance = await stripeError(readOnly.balance.retrieve());
    expect(balance.message).toContain("Having the 'rak_balance_read' permission");
    const hooks = await stripeError(readOnly.webhookEndpoints.list());
    expect(hooks.message).toContain(`Having the '${STRIPE_PERMISSION_NAMES.webhook_endpoints_read}' permission`);
    expect(STRIPE_PERMISSION_NAMES.webhook_endpoints_read).toBe('rak_webhook_read');
  });

  it('checks the permission before the body: 403 without write permission, 400 with it, nothing created', async () => {
    const withoutWrite = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/webhook_endpoints', { key: WEBHOOK_READER_KEY, body: '' });
    expect(withoutWrite.status).toBe(403);
    expect(withoutWrite.body.error.message).toContain("Having the 'rak_webhook_write' permission");
    const invalid = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/webhook_endpoints', {
      key: WEBHOOK_READER_KEY,
      body: 'not_a_param=1',
    });
    expect(invalid.status).toBe(403);

    const withWrite = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/webhook_endpoints', { key: WEBHOOK_WRITER_KEY, body: '' });
    expect(withWrite.status).toBe(400);
    expect(withWrite.body.error).toMatchObject({ type: 'invalid_request_error', param: 'enabled_events' });
    // Write implies read.
    const listed = await stripeFor(fake, WEBHOOK_WRITER_KEY).webhookEndpoints.list();
    expect(listed.data).toEqual([]);
    const customers = await rawRequest(fake, 'POST', '/v1/customers', { key: READ_ONLY_KEY, body: '' });
    expect(customers.status).toBe(403);
  });

  it('keeps test and live data apart, and accounts apart', async () => {
    const test = stripeFor(fake, TEST_KEY);
    const live = stripeFor(fake, LIVE_KEY);
    const inTest = await test.customers.create({ email: 'mode@acme.example' });
    const inLive = await live.customers.create({ email: 'mode@acme.example' });
    expect(inTest.livemode).toBe(false);
    expect(inLive.livemode).toBe(true);
    const missing = await stripeError(live.customers.retrieve(inTest.id));
    expect(missing.statusCode).toBe(404);
    expect(missing.message).toBe(`No such customer: '${inTest.id}'`);
    expect(missing.param).toBe('id');
    expect((await live.customers.list({ email: 'mode@acme.example' })).data.map((c) => c.id)).toEqual([inLive.id]);
    expect((await test.customers.list({ email: 'mode@acme.example' })).data.map((c) => c.id)).toEqual([inTest.id]);
    expect((await live.balance.retrieve()).livemode).toBe(true);
    const hook = await live.webhookEndpoints.create({ url: 'https://billing.example/live', enabled_events: ['*'] });
    expect(hook.livemode).toBe(true);
    expect((await test.webhookEndpoints.list()).data.map((w) => w.id)).not.toContain(hook.id);

    const other = stripeFor(fake, OTHER_ACCOUNT_KEY);
    expect((await other.accounts.retrieveCurrent()).id).toBe('acct_fake_default');
    expect((await other.customers.list({ email: 'mode@acme.example' })).data).toEqual([]);
  });

  it('reflects account settings changed during a test', async () => {
    fake.setAccount({ id: 'acct_1FakeOnboarding', businessName: 'Onboarding Ltd', country: 'GB', chargesEnabled: false });
    const key = 'sk_live_FakeOnboardingLive0001';
    fake.addKey({ secret: key, accountId: 'acct_1FakeOnboarding' });
    const stripe = stripeFor(fake, key);
    expect(await stripe.accounts.retrieveCurrent()).toMatchObject({
      country: 'GB',
      default_currency: 'gbp',
      charges_enabled: false,
      requirements: { disabled_reason: 'requirements.past_due' },
    });
    const refused = await stripeError(
      stripe.paymentIntents.create({ amount: 500, currency: 'gbp', payment_method: 'pm_card_visa', confirm: true, off_session: true }),
    );
    expect(refused.message).toBe('Your account cannot currently make live charges.');
    fake.setAccount({ id: 'acct_1FakeOnboarding', chargesEnabled: true });
    expect((await stripe.accounts.retrieveCurrent()).charges_enabled).toBe(true);
  });
});

describe('fake Stripe server: params validated against the OpenAPI request schemas', () => {
  const post = (path: string, body: string) => rawRequest<StripeErrorEnvelope>(fake, 'POST', path, { key: TEST_KEY, body });
  const get = (path: string) => rawRequest<StripeErrorEnvelope>(fake, 'GET', path, { key: TEST_KEY });

  it('refuses unknown params, top-level and nested', async () => {
    const top = await post('/v1/customers', 'email=a%40acme.example&foo=1');
    expect(top.status).toBe(400);
    expect(top.body.error).toMatchObject({ type: 'invalid_request_error', message: 'Received unknown parameter: foo', param: 'foo' });
    const nested = await post('/v1/customers', 'invoice_settings[foo]=1');
    expect(nested.body.error).toMatchObject({ param: 'invoice_settings[foo]', message: 'Received unknown parameter: invoice_settings[foo]' });
    const typo = await post('/v1/customers', 'emial=a%40acme.example');
    expect(typo.body.error).toMatchObject({ param: 'emial', message: 'Received unknown parameter: emial. Did you mean email?' });
    const query = await get('/v1/customers?bogus=1');
    expect(query.body.error.param).toBe('bogus');
  });

  it('names a missing required param', async () => {
    const missing = await post('/v1/webhook_endpoints', 'enabled_events[0]=invoice.paid');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', message: 'Missing required param: url.', param: 'url' });
    const search = await get('/v1/customers/search');
    expect(search.body.error).toMatchObject({ message: 'Missing required param: query.', param: 'query' });
  });

  it('refuses wrong types and values, after coercing form strings', async () => {
    const amount = await post('/v1/payment_intents', 'amount=ten&currency=usd');
    expect(amount.status).toBe(400);
    expect(amount.body.error).toMatchObject({ type: 'invalid_request_error', message: 'Invalid integer: ten', param: 'amount' });
    const flag = await post('/v1/payment_intents', 'amount=1000&currency=usd&confirm=maybe');
    expect(flag.body.error).toMatchObject({ message: 'Invalid boolean: maybe', param: 'confirm' });
    const hash = await post('/v1/customers', 'metadata=flat');
    expect(hash.body.error).toMatchObject({ message: 'Invalid hash', param: 'metadata' });
    const event = await post('/v1/webhook_endpoints', 'url=https%3A%2F%2Fbilling.example%2Fh&enabled_events[0]=invoice.payed');
    expect(event.body.error.param).toBe('enabled_events[0]');
    expect(event.body.error.message).toMatch(/^Invalid enabled_events\[0\]: must be one of \*, /);
    const limit = await get('/v1/customers?limit=abc');
    expect(limit.body.error).toMatchObject({ message: 'Invalid integer: abc', param: 'limit' });
    const tooMany = await get('/v1/customers?limit=101');
    expect(tooMany.body.error).toMatchObject({ param: 'limit', message: 'This value must be less than or equal to 100.' });
    const created = await get('/v1/customers?created[gte]=yesterday');
    expect(created.body.error.param).toBe('created[gte]');
    const long = await post('/v1/customers', `name=${'x'.repeat(257)}`);
    expect(long.body.error.param).toBe('name');
    const email = await post('/v1/customers', 'email=not-an-email');
    expect(email.body.error).toMatchObject({ param: 'email', message: 'Invalid email address: not-an-email' });
  });

  it('accepts what Stripe’s SDK sends: nested metadata, indexed arrays, expand[]', async () => {
    const created = await post('/v1/webhook_endpoints', 'url=https%3A%2F%2Fbilling.example%2Fok&enabled_events[0]=invoice.paid&enabled_events[1]=customer.updated&metadata[a]=1');
    expect(created.status).toBe(200);
    const list = await get('/v1/customers?limit=2&expand[]=data.invoice_settings.default_payment_method&created[gte]=0');
    expect(list.status).toBe(200);
    const json = await rawRequest<StripeErrorEnvelope>(fake, 'POST', '/v1/customers', {
      key: TEST_KEY,
      body: '{"email":"json@acme.example"}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/^Invalid request: unsupported Content-Type application\/json\./);
    const refused = await post('/v1/webhook_endpoints', 'url=http%3A%2F%2Flocalhost%3A3000%2Fhooks&enabled_events[0]=invoice.paid');
    expect(refused.body.error.param).toBe('url');
    expect(refused.body.error.message).toMatch(/publicly accessible/);
  });
});
