import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type Stripe from 'stripe';
import { startFakeStripe, TEST_MODE_WEBHOOK_ENDPOINT_LIMIT } from './server';
import type { FakeStripe } from './server';
import { rawRequest, stripeError, stripeFor } from './testing';
import type { StripeErrorEnvelope } from './testing';

// The first request of a file compiles Stripe's schemas: seconds on a machine shared by many test runs.
vi.setConfig({ testTimeout: 30_000 });

const KEY = 'sk_test_51FakeListsKey0000000000000000000001';
const PAGING_ACCOUNT = 'acct_1FakePaging';
const PAGING_KEY = 'sk_test_51FakePagingKey000000000000000000002';
const SEARCH_ACCOUNT = 'acct_1FakeSearch';
const SEARCH_KEY = 'sk_test_51FakeSearchKey000000000000000000003';

let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe({
    keys: [
      { secret: KEY },
      { secret: PAGING_KEY, accountId: PAGING_ACCOUNT },
      { secret: SEARCH_KEY, accountId: SEARCH_ACCOUNT },
    ],
  });
});

afterAll(async () => {
  await fake.stop();
});

async function pageThrough(stripe: Stripe, params: Stripe.CustomerListParams): Promise<string[]> {
  const ids: string[] = [];
  let startingAfter: string | undefined;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page = await stripe.customers.list({ ...params, ...(startingAfter ? { starting_after: startingAfter } : {}) });
    ids.push(...page.data.map((c) => c.id));
    if (!page.has_more) return ids;
    startingAfter = page.data[page.data.length - 1]?.id;
  }
  throw new Error('pagination did not end');
}

describe('fake Stripe server: customer lists', () => {
  const SAME_SECOND = 1_790_000_000;
  let seeded: string[] = [];

  beforeAll(() => {
    // 173 customers created within one second, plus a few around it.
    fake.seedCustomer('test', { accountId: PAGING_ACCOUNT, email: 'before@acme.example', created: SAME_SECOND - 10 });
    seeded = Array.from({ length: 173 }, (_, i) =>
      fake.seedCustomer('test', { accountId: PAGING_ACCOUNT, email: `c${i}@acme.example`, created: SAME_SECOND }).id,
    );
    fake.seedCustomer('test', { accountId: PAGING_ACCOUNT, email: 'after@acme.example', created: SAME_SECOND + 10 });
  });

  it('pages with starting_after through customers sharing one created second: none twice, none missing', async () => {
    const stripe = stripeFor(fake, PAGING_KEY);
    const ids = await pageThrough(stripe, { limit: 7, created: SAME_SECOND });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...seeded].reverse()); // newest first: later insertions first within a second

    const all = await pageThrough(stripe, { limit: 100 });
    expect(all).toHaveLength(175);
    const first = await stripe.customers.list({ limit: 1 });
    expect(first.data[0]?.email).toBe('after@acme.example');
    expect(first).toMatchObject({ object: 'list', url: '/v1/customers', has_more: true });

    const viaSdk = await stripe.customers.list({ limit: 50 }).autoPagingToArray({ limit: 1000 });
    expect(viaSdk.map((c) => c.id)).toEqual(all);
  });

  it('pages backwards with ending_before', async () => {
    const stripe = stripeFor(fake, PAGING_KEY);
    const all = await pageThrough(stripe, { limit: 100 });
    const collected: string[] = [];
    let endingBefore = all[all.length - 1];
    let hasMore = true;
    while (hasMore && endingBefore) {
      const page = await stripe.customers.list({ limit: 9, ending_before: endingBefore });
      collected.unshift(...page.data.map((c) => c.id));
      hasMore = page.has_more;
      endingBefore = page.data[0]?.id;
    }
    expect(collected).toEqual(all.slice(0, -1));
  });

  it('filters by created range and email', async () => {
    const stripe = stripeFor(fake, PAGING_KEY);
    const count = async (created: Stripe.RangeQueryParam | number) => (await pageThrough(stripe, { limit: 100, created })).length;
    expect(await count({ gt: SAME_SECOND })).toBe(1);
    expect(await count({ gte: SAME_SECOND })).toBe(174);
    expect(await count({ lt: SAME_SECOND })).toBe(1);
    expect(await count({ lte: SAME_SECOND })).toBe(174);
    expect(await count({ gt: SAME_SECOND - 10, lt: SAME_SECOND + 10 })).toBe(173);
    expect(await count(SAME_SECOND + 10)).toBe(1);
    expect((await stripe.customers.list({ email: 'c5@acme.example' })).data.map((c) => c.id)).toEqual([seeded[5]]);
    expect((await stripe.customers.list({ email: 'C5@acme.example' })).data).toEqual([]);
  });

  it('refuses bad cursors and limits like Stripe', async () => {
    const stripe = stripeFor(fake, PAGING_KEY);
    const unknown = await stripeError(stripe.customers.list({ starting_after: 'cus_doesnotexist00' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.param).toBe('starting_after');
    const both = await stripeError(stripe.customers.list({ starting_after: seeded[1] ?? '', ending_before: seeded[0] ?? '' }));
    expect(both.message).toBe('You may only specify one of these parameters: ending_before, starting_after.');
    const zero = await stripeError(stripe.customers.list({ limit: 0 }));
    expect(zero.param).toBe('limit');
  });

  it('leaves deleted customers out of lists and answers their stub', async () => {
    const stripe = stripeFor(fake, KEY);
    const doomed = await stripe.customers.create({ email: 'doomed@acme.example' });
    expect(await stripe.customers.del(doomed.id)).toEqual(expect.objectContaining({ id: doomed.id, object: 'customer', deleted: true }));
    expect((await stripe.customers.list({ email: 'doomed@acme.example' })).data).toEqual([]);
    expect(await stripe.customers.retrieve(doomed.id)).toEqual(expect.objectContaining({ deleted: true }));
    expect((await stripeError(stripe.customers.del(doomed.id))).statusCode).toBe(404);
  });
});

describe('fake Stripe server: customer search', () => {
  beforeAll(() => {
    for (let i = 0; i < 25; i += 1) {
      fake.seedCustomer('test', {
        accountId: SEARCH_ACCOUNT,
        email: `gold${i}@acme.example`,
        name: `Gold ${i}`,
        metadata: { tier: 'gold', threescale_account_id: String(1000 + i) },
        created: 1_790_000_000 + i,
      });
    }
    fake.seedCustomer('test', { accountId: SEARCH_ACCOUNT, email: 'silver@acme.example', metadata: { tier: 'silver' } });
    fake.seedCustomer('live', { accountId: SEARCH_ACCOUNT, email: 'live@acme.example', metadata: { tier: 'gold' } });
  });

  it("finds customers by metadata['key']:'value' and email, with AND", async () => {
    const stripe = stripeFor(fake, SEARCH_KEY);
    const byAccount = await stripe.customers.search({ query: "metadata['threescale_account_id']:'1007'" });
    expect(byAccount).toMatchObject({ object: 'search_result', url: '/v1/customers/search', has_more: false, next_page: null });
    expect(byAccount.data.map((c) => c.email)).toEqual(['gold7@acme.example']);
    const both = await stripe.customers.search({ query: `metadata["tier"]:"gold" AND email:'gold3@acme.example'` });
    expect(both.data.map((c) => c.email)).toEqual(['gold3@acme.example']);
    const either = await stripe.customers.search({ query: "email:'silver@acme.example' OR email:'gold0@acme.example'" });
    expect(either.data.map((c) => c.email).sort()).toEqual(['gold0@acme.example', 'silver@acme.example']);
    const substring = await stripe.customers.search({ query: "email~'gold1' AND -metadata['tier']:'silver'", limit: 20 });
    expect(substring.data.map((c) => c.email).sort()).toEqual(
      ['gold1', 'gold10', 'gold11', 'gold12', 'gold13', 'gold14', 'gold15', 'gold16', 'gold17', 'gold18', 'gold19'].map((p) => `${p}@acme.example`).sort(),
    );
    const newer = await stripe.customers.search({ query: 'created>=1790000020 AND metadata["tier"]:"gold"' });
    expect(newer.data).toHaveLength(5);
  });

  it('pages with page/next_page and counts with expand[]=total_count', async () => {
    const stripe = stripeFor(fake, SEARCH_KEY);
    const seen: string[] = [];
    let page: string | undefined;
    let pages = 0;
    do {
      const result: Stripe.ApiSearchResult<Stripe.Customer> = await stripe.customers.search({
        query: "metadata['tier']:'gold'",
        limit: 10,
        expand: ['total_count'],
        ...(page ? { page } : {}),
      });
      expect(result.total_count).toBe(25);
      seen.push(...result.data.map((c) => c.id));
      page = result.next_page ?? undefined;
      pages += 1;
    } while (page);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    const withoutCount = await stripe.customers.search({ query: "metadata['tier']:'gold'" });
    expect(withoutCount).not.toHaveProperty('total_count');
    const all = await stripe.customers.search({ query: "metadata['tier']:'gold'", limit: 10 }).autoPagingToArray({ limit: 100 });
    expect(all).toHaveLength(25);
  });

  it('refuses malformed queries with 400 on param query', async () => {
    const stripe = stripeFor(fake, SEARCH_KEY);
    for (const query of ["metadata['tier']:gold", "bogus:'x'", "email:'a' AND name:'b' OR phone:'c'", "email~'ab'", "email:'x' email:'y'"]) {
      const error = await stripeError(stripe.customers.search({ query }));
      expect(error.statusCode).toBe(400);
      expect(error.param).toBe('query');
    }
  });
});

describe('fake Stripe server: payment methods and webhook endpoint lists', () => {
  it('lists a customer’s cards and keeps the default', async () => {
    const stripe = stripeFor(fake, KEY);
    const customer = await stripe.customers.create({ name: 'Cards', payment_method: 'pm_card_mastercard' });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const listed = await stripe.customers.listPaymentMethods(customer.id);
    expect(listed.url).toBe(`/v1/customers/${customer.id}/payment_methods`);
    expect(listed.data.map((pm) => pm.card?.last4)).toEqual(['4242', '4444']);
    expect((await stripe.paymentMethods.list({ customer: customer.id, type: 'card', limit: 1 })).has_more).toBe(true);
    const updated = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(visa.id);
    const expanded = await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] });
    expect((expanded as Stripe.Customer).invoice_settings.default_payment_method).toMatchObject({ id: visa.id, object: 'payment_method' });
    const stranger = await stripe.paymentMethods.attach('pm_card_visa', { customer: (await stripe.customers.create()).id });
    const refused = await stripeError(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: stranger.id } }));
    expect(refused.param).toBe('invoice_settings[default_payment_method]');
    const taken = await stripeError(stripe.paymentMethods.attach(stranger.id, { customer: customer.id }));
    expect(taken.statusCode).toBe(400);
    const missing = await stripeError(stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_nobodyhere000' }));
    expect(missing).toMatchObject({ statusCode: 400, param: 'customer', code: 'resource_missing' });
  });

  it(`allows ${TEST_MODE_WEBHOOK_ENDPOINT_LIMIT} webhook endpoints per account in test mode, shows the secret once`, async () => {
    const key = 'sk_test_51FakeWebhooksKey00000000000000000004';
    fake.addKey({ secret: key, accountId: 'acct_1FakeWebhooks' });
    const stripe = stripeFor(fake, key);
    const ids: string[] = [];
    for (let i = 0; i < TEST_MODE_WEBHOOK_ENDPOINT_LIMIT; i += 1) {
      const endpoint = await stripe.webhookEndpoints.create({ url: `https://billing.example/hooks/${i}`, enabled_events: ['invoice.paid'] });
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
      ids.push(endpoint.id);
    }
    const refused = await stripeError(stripe.webhookEndpoints.create({ url: 'https://billing.example/hooks/x', enabled_events: ['*'] }));
    expect(refused).toMatchObject({ statusCode: 400, rawType: 'invalid_request_error' });
    expect(refused.message).toMatch(/maximum of 16 test webhook endpoints/);

    const listed = await stripe.webhookEndpoints.list({ limit: 100 });
    expect(listed.data.map((w) => w.id)).toEqual([...ids].reverse());
    expect(listed.data.every((w) => w.secret === undefined)).toBe(true);
    expect((await stripe.webhookEndpoints.retrieve(ids[0] ?? '')).secret).toBeUndefined();
    await stripe.webhookEndpoints.del(ids[0] ?? '');
    expect((await stripeError(stripe.webhookEndpoints.retrieve(ids[0] ?? ''))).statusCode).toBe(404);
    expect((await stripe.webhookEndpoints.create({ url: 'https://billing.example/hooks/again', enabled_events: ['*'] })).status).toBe('enabled');
  });

  it('checks list limits on raw requests too', async () => {
    const response = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/webhook_endpoints?limit=0', { key: KEY });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe('limit');
  });
});
