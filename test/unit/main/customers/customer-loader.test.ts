// The customer loader against the Stripe-compatible test server (127.0.0.1 only): every
// customer exactly once, under the rate limit, through 429s, dropped connections,
// customers created meanwhile and cancellation; cards as 3scale attaches them (SetupIntents),
// defaults and legacy sources, and per-customer checks only where the lists explain nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyCustomers } from '../../../../main/customers/classify';
import { loadCustomers, type CustomerLoadOptions, type LoadProgress, type SentRequest } from '../../../../main/customers/customer-loader';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { startFakeStripe, type FakeStripe, type RecordedRequest } from '../../../stripe-server/server';
import { stripeFor } from '../../../stripe-server/testing';
import { seededRandom } from '../../../support/seeded-random';
import { createCustomerAs3scale, seedThreescaleCustomers } from '../../../support/stripe-fixtures';
import { loadCustomersNaively } from '../../../bench/support/naive-customer-loader';

let fake: FakeStripe;
/** When each request reached the server (it records requests, not their arrival time). */
const arrivedAt = new WeakMap<RecordedRequest, number>();
let accounts = 0;

beforeAll(async () => {
  fake = await startFakeStripe();
  const push = fake.requests.push.bind(fake.requests);
  fake.requests.push = (...items) => {
    for (const item of items) arrivedAt.set(item, performance.now());
    return push(...items);
  };
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.setFaults({ latencyMs: 0, rateLimitPerSecond: null, failNext500: 0, dropNext: 0, dropResponseNext: 0 });
});

/** A fresh account and its test-mode key. */
function account(): { key: string; accountId: string } {
  accounts += 1;
  const accountId = `acct_loader_${accounts}`;
  const key = `sk_test_51LoaderTests${String(accounts).padStart(4, '0')}000000000000000000`;
  fake.addKey({ secret: key, accountId });
  return { key, accountId };
}

function options(key: string, extra: Partial<CustomerLoadOptions> = {}): CustomerLoadOptions {
  return {
    secretKey: key,
    mode: 'test',
    connection: { host: fake.host, port: fake.port, protocol: 'http' },
    // These accounts' customers have no cards: asking each would add a request per customer.
    cardChecks: false,
    ...extra,
  };
}

const random = seededRandom;

const NOW = Math.floor(Date.now() / 1000);

/**
 * `count` customers over two years, growing, with bulk-created seconds of 10 to 250
 * customers (so that pages and slices end inside them), the newest a minute ago.
 */
function seed(accountId: string, count: number, seedNumber = 1): Set<string> {
  const next = random(seedNumber);
  const end = NOW - 60;
  const span = 2 * 365 * 86_400;
  const times: number[] = [];
  for (const size of [250, 150, 101, 100, 99, 60, 30, 10]) {
    const at = end - Math.floor(next() * span);
    for (let i = 0; i < size && times.length < count / 2; i += 1) times.push(at);
  }
  times.push(end, end, end);
  while (times.length < count) times.push(end - Math.floor(span * (1 - Math.sqrt(next()))));
  const ids = new Set<string>();
  for (const [i, created] of times.entries()) {
    ids.add(fake.seedCustomer('test', { accountId, created, metadata: { '3scale_account_reference': `3scale-7-${i + 1}` } }).id);
  }
  return ids;
}

function idsOf(result: { customers: { id: string }[] }): string[] {
  return result.customers.map((c) => c.id);
}

function requestsOf(key: string, from = 0): RecordedRequest[] {
  return fake.requests.slice(from).filter((r) => r.apiKey === key);
}

/** Most of `times` within any window of `windowMs`. */
function busiest(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let from = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    while ((sorted[i] ?? 0) - (sorted[from] ?? 0) >= windowMs) from += 1;
    most = Math.max(most, i - from + 1);
  }
  return most;
}

describe('loadCustomers', () => {
  it('loads 2,000 customers (bulk-created seconds at slice edges) exactly once, under the rate limit', { timeout: 30_000 }, async () => {
    const { key, accountId } = account();
    const seeded = seed(accountId, 2000);
    fake.setFaults({ latencyMs: 30, rateLimitPerSecond: 25 });
    const first = fake.requests.length;
    const sent: SentRequest[] = [];
    const progress: LoadProgress[] = [];
    const result = await loadCustomers(options(key, { onRequest: (r) => sent.push(r), onProgress: (p) => progress.push(p) }));

    const ids = idsOf(result);
    expect(ids).toHaveLength(seeded.size);
    expect(new Set(ids)).toEqual(seeded);
    expect(result.stats.duplicatesDropped).toBe(0);
    expect(result.stats.slices).toBeGreaterThan(3);
    // Newest first, with what the list gave.
    expect(result.customers.every((c, i, all) => i === 0 || (all[i - 1]?.created ?? 0) >= c.created)).toBe(true);
    expect(result.customers[0]).toMatchObject({ deleted: false, cards: [], metadata: { '3scale_account_reference': expect.stringMatching(/^3scale-7-/) as unknown } });

    // Under the limit: as the server saw it, and as the limiter let requests go (all of the 25).
    const received = requestsOf(key, first);
    expect(received.filter((r) => r.status === 429)).toEqual([]);
    expect(received).toHaveLength(result.stats.requests);
    // Arrival times taken in this (busy) process jitter by a few milliseconds; the server's
    // own 25/s bucket answering no 429 above is the exact check, this one a sanity bound.
    expect(busiest(received.map((r) => arrivedAt.get(r) ?? 0), 1000)).toBeLessThanOrEqual(30);
    expect(busiest(sent.map((r) => r.at), 1025)).toBeLessThanOrEqual(25);
    // Few requests beyond the 20 pages the customers fill; the empty SetupIntents list costs two.
    expect(result.stats.customerListRequests).toBeLessThanOrEqual(20 + 15);
    expect(result.stats.setupIntentListRequests).toBe(2);

    expect(progress.at(-1)).toMatchObject({ loaded: 2000, requests: result.stats.requests, rateLimited: 0 });
    const estimates = progress.flatMap((p) => (p.estimatedTotal === undefined ? [] : [p]));
    expect(estimates.length).toBeGreaterThan(0);
    expect(estimates.every((p) => p.estimatedTotal !== undefined && p.estimatedTotal >= p.loaded)).toBe(true);
  });

  it('finds customers created while it loads, without doubles or losses', async () => {
    const { key, accountId } = account();
    const seeded = seed(accountId, 1500, 2);
    fake.setFaults({ latencyMs: 30 });
    const createdMeanwhile = new Set<string>();
    const backdated = new Set<string>();
    let round = 0;
    const result = await loadCustomers(
      options(key, {
        onProgress: ({ loaded }) => {
          if ((round === 0 && loaded >= 200) || (round === 1 && loaded >= 600)) {
            round += 1;
            for (let i = 0; i < 5; i += 1) createdMeanwhile.add(fake.seedCustomer('test', { accountId }).id); // created now
            // Stripe cannot backdate, but the test server can: such customers may or may not appear.
            backdated.add(fake.seedCustomer('test', { accountId, created: NOW - 200 * 86_400 }).id);
          }
        },
      }),
    );
    expect(round).toBe(2);
    const ids = idsOf(result);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.filter((id) => !backdated.has(id)))).toEqual(new Set([...seeded, ...createdMeanwhile]));
    expect(result.stats.createdDuringLoad).toBeGreaterThanOrEqual(10);
    expect(result.stats.duplicatesDropped).toBe(0);
  });

  it('backs off on 429 and retries the same request until everything is loaded', async () => {
    const { key, accountId } = account();
    const seeded = seed(accountId, 800, 3);
    // The server allows 8 requests a second; the loader believes Stripe's 25.
    fake.setFaults({ latencyMs: 10, rateLimitPerSecond: 8 });
    const first = fake.requests.length;
    const result = await loadCustomers(options(key, { backoffBaseMs: 100 }));
    expect(new Set(idsOf(result))).toEqual(seeded);
    expect(idsOf(result)).toHaveLength(seeded.size);
    const refused = requestsOf(key, first).filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(result.stats.rateLimited).toBe(refused.length);
    expect(result.stats.retries).toBeGreaterThanOrEqual(refused.length);
  });

  it('resumes the same page after a dropped connection instead of starting over', async () => {
    const { key, accountId } = account();
    const seeded = seed(accountId, 1000, 4);
    fake.setFaults({ latencyMs: 20 });
    const first = fake.requests.length;
    let dropped = false;
    const result = await loadCustomers(
      options(key, {
        onProgress: ({ loaded }) => {
          if (!dropped && loaded >= 300) {
            dropped = true;
            fake.setFaults({ dropNext: 2 });
          }
        },
      }),
    );
    expect(dropped).toBe(true);
    expect(new Set(idsOf(result))).toEqual(seeded);
    expect(idsOf(result)).toHaveLength(seeded.size);
    const received = requestsOf(key, first);
    const lost = received.filter((r) => r.status === 0);
    expect(lost).toHaveLength(2);
    for (const request of lost) {
      // Asked again, and answered.
      expect(received.some((r) => r !== request && r.query === request.query && r.status === 200)).toBe(true);
    }
    expect(result.stats.customerListRequests).toBeLessThanOrEqual(10 + 12); // not a second load
  });

  it('retries the page itself when the SDK gives up on a dropped connection (StripeConnectionError)', async () => {
    const { key, accountId } = account();
    const seeded = seed(accountId, 500, 5);
    fake.setFaults({ latencyMs: 5 });
    let dropped = false;
    // One request at a time, so that both drops hit the same request: the SDK retries a closed
    // connection once by itself, then reports StripeConnectionError to the loader.
    const result = await loadCustomers(
      options(key, {
        maxInFlight: 1,
        backoffBaseMs: 50,
        onProgress: ({ loaded }) => {
          if (!dropped && loaded >= 200) {
            dropped = true;
            fake.setFaults({ dropNext: 2 });
          }
        },
      }),
    );
    expect(new Set(idsOf(result))).toEqual(seeded);
    expect(result.stats.retries).toBe(1);
  });

  it('stops when cancelled: rejects with the reason and sends nothing more', async () => {
    const { key, accountId } = account();
    seed(accountId, 3000, 6);
    fake.setFaults({ latencyMs: 40 });
    const controller = new AbortController();
    const first = fake.requests.length;
    let sent = 0;
    const load = loadCustomers(
      options(key, {
        signal: controller.signal,
        onRequest: () => (sent += 1),
        onProgress: ({ loaded }) => {
          if (loaded >= 500) controller.abort();
        },
      }),
    );
    await expect(load).rejects.toMatchObject({ name: 'AbortError' });
    const sentByThen = sent;
    expect(sentByThen).toBeLessThan(30);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Nothing sent after the cancellation; what was on its way arrived, nothing else.
    expect(sent).toBe(sentByThen);
    expect(requestsOf(key, first)).toHaveLength(sentByThen);

    const before = fake.requests.length;
    await expect(loadCustomers(options(key, { signal: AbortSignal.abort(new Error('not now')) }))).rejects.toThrow('not now');
    expect(fake.requests.length).toBe(before);
  });

  it('loads an empty account, and one of 40 customers in a second', async () => {
    const empty = account();
    const none = await loadCustomers(options(empty.key));
    expect(none.customers).toEqual([]);
    expect(none.stats.requests).toBe(4); // the first page and the last pass, of customers and of SetupIntents

    const small = account();
    const ids = new Set(Array.from({ length: 40 }, () => fake.seedCustomer('test', { accountId: small.accountId, created: NOW - 10 }).id));
    const some = await loadCustomers(options(small.key));
    expect(new Set(idsOf(some))).toEqual(ids);
  });

  it('says what is wrong with the key', async () => {
    const error = await loadCustomers(options('sk_test_51NotAKnownKey000000000000000000000')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({ code: 'stripe_auth' });
  });

  it('loads customers and cards as 3scale writes them: SetupIntents joined, no request per customer', { timeout: 30_000 }, async () => {
    const { key, accountId } = account();
    const times = Array.from({ length: 1500 }, (_, i) => NOW - 400 * 86_400 + i * 20_000);
    const seeded = seedThreescaleCustomers(fake, { accountId, providerId: '7', times, random: random(11), duplicateShare: 0.02 });
    fake.setFaults({ latencyMs: 30, rateLimitPerSecond: 25 });
    const first = fake.requests.length;
    const progress: LoadProgress[] = [];
    const result = await loadCustomers(options(key, { cardChecks: true, onProgress: (p) => progress.push(p) }));

    expect(new Set(idsOf(result))).toEqual(new Set(seeded.customers));
    const cards = result.customers.flatMap((c) => c.cards);
    expect(cards).toHaveLength(seeded.setupIntents);
    expect(new Set(cards.map((c) => c.id)).size).toBe(seeded.setupIntents);
    expect(cards.every((c) => c.source === 'setup_intent' && c.type === 'card' && c.last4 !== null && c.expYear !== null)).toBe(true);
    expect(result.customers.every((c) => c.cards.length >= 1 && c.cards.length <= 2 && c.description !== null && c.name === null)).toBe(true);
    // Nothing left to ask customer by customer; both lists near their page counts.
    expect(result.stats).toMatchObject({ cardCheckRequests: 0, customersChecked: 0, rateLimited: 0, setupIntents: seeded.setupIntents });
    expect(result.stats.customerListRequests).toBeLessThanOrEqual(15 + 12);
    expect(result.stats.setupIntentListRequests).toBeLessThanOrEqual(Math.ceil(seeded.setupIntents / 100) + 16);
    expect(requestsOf(key, first).filter((r) => r.path === '/v1/setup_intents').every((r) => decodeURIComponent(r.query).includes('expand[0]=data.payment_method'))).toBe(true);
    expect(requestsOf(key, first).some((r) => r.path.includes('/payment_methods'))).toBe(false);
    // Progress says what is loaded: customers and cards side by side, then the (empty) checks.
    expect(progress.some((p) => p.stage === 'lists' && p.loaded > 0 && p.setupIntents > 0 && p.loaded < 1500)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ stage: 'checks', loaded: 1500, setupIntents: seeded.setupIntents, checksTotal: 0 });

    const { rows, summary } = classifyCustomers({ providerId: '7', now: new Date(), customers: result.customers });
    expect(summary.byProblem.duplicate_account).toBe(seeded.duplicates);
    const twice = [...seeded.byDeveloperAccount.values()].filter((ids) => ids.length > 1);
    expect(rows.filter((r) => r.duplicate?.role === 'newest').map((r) => r.customerId).sort()).toEqual(twice.map((ids) => ids.at(-1)).sort());
    expect(summary.chargeable).toBeGreaterThan(1300);
  });

  it('asks only the customers the lists leave without a card, and finds defaults and legacy cards in the list itself', async () => {
    const { key, accountId } = account();
    const stripe = stripeFor(fake, key);
    const viaSetupIntent = await createCustomerAs3scale(stripe, { providerId: '7', developerAccountId: 1, organisation: 'Via SI', email: 'a@si.example', cards: ['pm_card_visa'] });
    const attachedDirectly = await stripe.customers.create({ description: 'Dashboard Card', metadata: { '3scale_account_reference': '3scale-7-2' } });
    const amex = await stripe.paymentMethods.attach('pm_card_amex', { customer: attachedDirectly.id });
    const withDefault = await stripe.customers.create({ description: 'Has Default', metadata: { '3scale_account_reference': '3scale-7-3' } });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: withDefault.id });
    await stripe.customers.update(withDefault.id, { invoice_settings: { default_payment_method: visa.id } });
    const legacy = fake.seedCustomer('test', { accountId, description: 'Legacy', metadata: { '3scale_account_reference': '3scale-7-4' }, legacyCard: { expMonth: 5, expYear: 2031 } });
    const abandoned = await createCustomerAs3scale(stripe, { providerId: '7', developerAccountId: 5, organisation: 'No Card Yet', email: 'e@none.example' });
    await stripe.setupIntents.create({ customer: abandoned.customer.id, usage: 'off_session' }); // the card form, never confirmed

    const progress: LoadProgress[] = [];
    const result = await loadCustomers(options(key, { cardChecks: true, onProgress: (p) => progress.push(p) }));
    const byId = new Map(result.customers.map((c) => [c.id, c]));
    expect(byId.get(viaSetupIntent.customer.id)?.cards).toEqual([
      { id: viaSetupIntent.paymentMethodIds[0], type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: new Date().getUTCFullYear() + 1, source: 'setup_intent' },
    ]);
    expect(byId.get(attachedDirectly.id)?.cards).toMatchObject([{ id: amex.id, brand: 'amex', last4: '0005', source: 'customer_payment_methods' }]);
    expect(byId.get(withDefault.id)?.cards).toMatchObject([{ id: visa.id, source: 'invoice_settings' }]);
    expect(byId.get(legacy.id)?.cards).toMatchObject([{ brand: 'visa', last4: '4242', expMonth: 5, expYear: 2031, source: 'default_source' }]);
    expect(byId.get(abandoned.customer.id)?.cards).toEqual([]);
    // Two customers asked: the one whose card came from the Dashboard, and the one without any.
    expect(result.stats).toMatchObject({ customersChecked: 2, cardCheckRequests: 2 });
    expect(progress.at(-1)).toMatchObject({ stage: 'checks', checksDone: 2, checksTotal: 2 });

    const { summary } = classifyCustomers({ providerId: '7', now: new Date(), customers: result.customers });
    expect(summary).toMatchObject({ total: 5, chargeable: 4, noCard: 1, problems: 0 });

    const without = await loadCustomers(options(key, { cardChecks: false }));
    expect(without.customers.find((c) => c.id === attachedDirectly.id)?.cards).toEqual([]);
    expect(without.stats.cardCheckRequests).toBe(0);
  });

  it('finds SetupIntents confirmed while it loads', async () => {
    const { key, accountId } = account();
    const times = Array.from({ length: 600 }, (_, i) => NOW - 100 * 86_400 + i * 10_000);
    const seeded = seedThreescaleCustomers(fake, { accountId, providerId: '7', times, random: random(12), twoCardShare: 0 });
    fake.setFaults({ latencyMs: 20 });
    let added: string | null = null;
    const target = seeded.customers[10] ?? '';
    const result = await loadCustomers(
      options(key, {
        onProgress: ({ setupIntents }) => {
          if (added === null && setupIntents >= 200) added = fake.seedSetupIntent('test', { accountId, customer: target, card: { token: 'pm_card_mastercard' } }).paymentMethodId;
        },
      }),
    );
    expect(added).not.toBeNull();
    expect(result.customers.find((c) => c.id === target)?.cards.map((c) => c.id)).toContain(added);
    expect(result.stats.setupIntents).toBe(seeded.setupIntents + 1);
  });
});

describe('loadCustomersNaively (the benchmark’s comparison)', () => {
  it('pages one after the other through customers, then SetupIntents, and joins the same way', async () => {
    const { key, accountId } = account();
    const times = Array.from({ length: 250 }, (_, i) => NOW - 50 * 86_400 + i * 1000);
    const seeded = seedThreescaleCustomers(fake, { accountId, providerId: '7', times, random: random(13), twoCardShare: 0.5 });
    const result = await loadCustomersNaively({ secretKey: key, connection: { host: fake.host, port: fake.port, protocol: 'http' } });
    expect(new Set(idsOf(result))).toEqual(new Set(seeded.customers));
    expect(result.customers.flatMap((c) => c.cards)).toHaveLength(seeded.setupIntents);
    expect(result.stats.customerListRequests).toBe(3);
    expect(result.stats.setupIntentListRequests).toBe(Math.ceil(seeded.setupIntents / 100));
  });
});
