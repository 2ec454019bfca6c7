// The sliced list against an in-memory model of Stripe's list (newest first, `created`
// filters, starting_after): what it tells another list about where its objects are
// (countIn), and a list guided by it — SetupIntents by the customers 3scale made them
// for — listing the same objects with fewer empty or part-filled pages. How a slice is cut
// is slice-cutter.test.ts's part.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../main/customers/rate-limiter';
import { SlicedList, type ContentGuide, type ListPage, type ListParams, type ListPool, type Listed } from '../../../../main/customers/sliced-list';
import { RequestRunner } from '../../../../main/customers/stripe-requests';
import { seededRandom } from '../../../support/seeded-random';

interface Item extends Listed {
  seq: number;
}

const newestFirst = (a: Item, b: Item) => b.created - a.created || b.seq - a.seq;

/** Stripe's list in memory, answering after `latencyMs`; counts its pages and the empty ones. */
function memoryList(items: Item[], latencyMs = 2) {
  const sorted = [...items].sort(newestFirst);
  const stats = { pages: 0, empty: 0, partial: 0 };
  const page = async (params: ListParams): Promise<ListPage<Item>> => {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const cursorAt = (id: string) => sorted.findIndex((item) => item.id === id);
    // starting_after: the objects listed after the cursor; ending_before: the 100 just before it.
    const window = params.starting_after
      ? sorted.slice(cursorAt(params.starting_after) + 1)
      : params.ending_before
        ? sorted.slice(0, cursorAt(params.ending_before))
        : sorted;
    const matching = window.filter(
      (item) => !params.created || (item.created >= params.created.gte && (params.created.lt === undefined || item.created < params.created.lt)),
    );
    const data = params.ending_before ? matching.slice(-100) : matching.slice(0, 100);
    stats.pages += 1;
    if (data.length === 0) stats.empty += 1;
    if (data.length < 100) stats.partial += 1;
    return { data, has_more: matching.length > 100 };
  };
  return { source: { kind: 'setup_intents' as const, page }, stats };
}

/** The pool of one list, as the loader is for its two: one limiter, tasks that fail loudly. */
function pool(): ListPool & { lists: SlicedList<Item>[]; failure: Promise<never> } {
  const controller = new AbortController();
  let fail: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const lists: SlicedList<Item>[] = [];
  return {
    lists,
    failure,
    runner: new RequestRunner({ limiter: new RateLimiter({ perWindow: 200, maxInFlight: 50 }), signal: controller.signal }),
    maxStreams: 8,
    streamsAlive: () => lists.reduce((n, list) => n + list.streams, 0),
    requestsAhead: () => 0,
    start: (task) => void task().catch((error: unknown) => fail(error)),
    changed: () => undefined,
    explain: (error) => (error instanceof Error ? error : new Error(String(error))),
  };
}

async function listAll(items: Item[], guide: ContentGuide | null = null) {
  const { source, stats } = memoryList(items);
  const shared = pool();
  const list = new SlicedList<Item>(source, shared, guide);
  shared.lists.push(list);
  list.begin();
  await Promise.race([list.done(), shared.failure]);
  return { list, stats };
}

/**
 * Customers as in an account that grew over four years, with a first import of 300 in one
 * second at the start; their SetupIntents as 3scale makes them: the first card 5–300 s
 * after the customer, half of them a second card any time later.
 */
function threescaleAccount(seed: number, customers: number): { customers: Item[]; intents: Item[] } {
  const next = seededRandom(seed);
  const end = 1_790_000_000;
  const start = end - 4 * 365 * 86_400;
  let seq = 0;
  const made: Item[] = [];
  const add = (list: Item[], prefix: string, created: number) => list.push({ id: `${prefix}_${(seq += 1)}`, created, seq });
  for (let i = 0; i < 300; i += 1) add(made, 'cus', start + 3600);
  while (made.length < customers) add(made, 'cus', start + Math.floor((end - start) * Math.sqrt(next())));
  const intents: Item[] = [];
  for (const customer of made) {
    add(intents, 'seti', Math.min(end, customer.created + 5 + Math.floor(next() * 295)));
    if (next() < 0.5) add(intents, 'seti', customer.created + Math.floor(next() * (end - customer.created)));
  }
  return { customers: made, intents };
}

describe('SlicedList.countIn', () => {
  it('says nothing about a range while a slice still to be paged overlaps it, then counts exactly', async () => {
    const { customers } = threescaleAccount(7, 2_000);
    const { source } = memoryList(customers);
    const shared = pool();
    const list = new SlicedList<Item>(source, shared);
    shared.lists.push(list);
    expect(list.countIn(0, 2_000_000_000)).toBeNull(); // not begun
    list.begin();
    expect(list.countIn(0, 2_000_000_000)).toBeNull(); // the first page is on its way
    await Promise.race([list.done(), shared.failure]);
    const next = seededRandom(3);
    for (let i = 0; i < 50; i += 1) {
      const gte = 1_650_000_000 + Math.floor(next() * 150_000_000);
      const lt = gte + Math.floor(next() * 30_000_000);
      expect(list.countIn(gte, lt)).toBe(customers.filter((c) => c.created >= gte && c.created < lt).length);
    }
    expect(list.countIn(5, 5)).toBe(0);
  });
});

describe('a list guided by another', () => {
  it('lists every SetupIntent exactly once, with fewer requests and empty pages than by density alone', { timeout: 60_000 }, async () => {
    let guidedPages = 0;
    let plainPages = 0;
    let guidedEmpty = 0;
    let plainEmpty = 0;
    for (const seed of [1, 2, 3]) {
      const { customers, intents } = threescaleAccount(seed, 3_000);
      const { list: guide } = await listAll(customers);
      expect(guide.items.size).toBe(customers.length);

      const guided = await listAll(intents, guide);
      const plain = await listAll(intents);
      for (const run of [guided, plain]) {
        expect(run.list.items.size).toBe(intents.length);
        expect(run.list.stats.duplicatesDropped).toBe(0);
      }
      guidedPages += guided.stats.pages;
      plainPages += plain.stats.pages;
      guidedEmpty += guided.stats.empty;
      plainEmpty += plain.stats.empty;
    }
    const least = 3 * Math.ceil(4_500 / 100);
    expect(guidedPages).toBeGreaterThanOrEqual(least - 3);
    expect(guidedPages).toBeLessThanOrEqual(plainPages);
    expect(guidedEmpty).toBeLessThan(plainEmpty);
    console.log(`pages guided ${guidedPages}, by density ${plainPages} (least about ${least}); empty ${guidedEmpty} / ${plainEmpty}`);
  });
});
