// Customers load benchmark: 10,000 test-mode customers shaped as 3scale makes them (each
// with one or two cards attached through SetupIntents, 2 % of them a second customer for
// one developer account) on the local Stripe-compatible server, with 150 ms latency and a
// limit of 25 requests/second. Times the SDK's plain auto-pagination and the app's loader
// against the ideal — the fewest requests that fetch the customers and the cards, spent at
// the rate limit — and prints the figures, `app/ideal: <ratio>` last. Asserts nothing on
// time; fails only when a load is wrong. `--quick`: 1,000 customers. Then the 3scale side:
// a buyer account per developer account, read at 3scale's 5 requests/s while Stripe loads
// again, and the join (test/bench/support/threescale-side.ts).
import { loadCustomers, type CustomerLoadResult } from '../../main/customers/customer-loader';
import { startFakeStripe, type FakeStripe } from '../stripe-server/server';
import { seededRandom } from '../support/seeded-random';
import { seedThreescaleCustomers } from '../support/stripe-fixtures';
import { loadCustomersNaively } from './support/naive-customer-loader';
import { benchCheck, isQuick } from './support/bench-options';
import { EventLoopLagMonitor, formatLagReport } from './support/event-loop-lag';
import { runThreescaleSide } from './support/threescale-side';

const QUICK = isQuick();
const KEY = 'sk_test_51BenchCustomersKey000000000000000001';
const CUSTOMERS = QUICK ? 1_000 : 10_000;
const LATENCY_MS = 150;
const RATE_LIMIT = 25;
const PROVIDER_ID = '2445582535751';
const RUN_TIMEOUT_MS = 180_000;

/**
 * When the customers were created: four years of sign-ups ending an hour ago, growing over
 * time (density rising linearly), plus bulk imports — several hundred customers created in
 * the same second — and a few small bursts of 2–5 in one second.
 */
function signUpTimes(next: () => number, count: number): number[] {
  const end = Math.floor(Date.now() / 1000) - 3600;
  const span = 4 * 365 * 86_400;
  const start = end - span;
  const scale = count / 10_000;
  const clusters = [
    { at: start + 3_600, size: 300 }, // the first import, when the portal moved to 3scale
    { at: start + Math.floor(span * 0.31), size: 120 },
    { at: start + Math.floor(span * 0.55), size: 250 },
    { at: start + Math.floor(span * 0.72), size: 40 },
    { at: start + Math.floor(span * 0.9), size: 150 },
    { at: end - 7_200, size: 80 },
  ];
  const times: number[] = [];
  for (const cluster of clusters) for (let i = 0; i < Math.round(cluster.size * scale); i += 1) times.push(cluster.at);
  while (times.length < count) {
    const at = start + Math.floor(span * Math.sqrt(next()));
    const burst = next() < 0.03 ? 2 + Math.floor(next() * 4) : 1;
    for (let i = 0; i < burst && times.length < count; i += 1) times.push(at);
  }
  return times;
}

/** Most requests that arrived at the server within any one second. */
function busiestSecond(arrivals: readonly number[]): number {
  let most = 0;
  let from = 0;
  for (let i = 0; i < arrivals.length; i += 1) {
    while ((arrivals[i] ?? 0) - (arrivals[from] ?? 0) >= 1000) from += 1;
    most = Math.max(most, i - from + 1);
  }
  return most;
}

interface Measured {
  result: CustomerLoadResult;
  seconds: number;
  arrivals: number[];
  tooMany: number;
}

async function measure(fake: FakeStripe, arrivals: number[], run: () => Promise<CustomerLoadResult>): Promise<Measured> {
  // Let the server's bucket fill up again, then start from an empty request log.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  fake.requests.length = 0;
  arrivals.length = 0;
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  return { result, seconds, arrivals: [...arrivals], tooMany: fake.requests.filter((r) => r.status === 429).length };
}

/** Customer id → its card ids, sorted: what both loads must agree on. */
function fingerprint(result: CustomerLoadResult): string {
  return result.customers
    .map((c) => `${c.id}:${c.cards.map((card) => card.id).sort().join(',')}`)
    .sort()
    .join('\n');
}

async function main(): Promise<void> {
  const fake = await startFakeStripe({ keys: [{ secret: KEY }] });
  try {
    // Arrival times of requests at the server (it records requests, not when they came).
    const arrivals: number[] = [];
    const push = fake.requests.push.bind(fake.requests);
    fake.requests.push = (...items) => {
      for (let i = 0; i < items.length; i += 1) arrivals.push(performance.now());
      return push(...items);
    };

    const next = seededRandom(20_240_410);
    const seed = seedThreescaleCustomers(fake, {
      providerId: PROVIDER_ID,
      times: signUpTimes(next, CUSTOMERS),
      random: next,
      duplicateShare: 0.02,
      twoCardShare: 0.5,
    });
    const connection = { host: fake.host, port: fake.port, protocol: fake.protocol };
    // Warm-up without faults, so that neither measured load pays the server's first-use costs
    // (sorting the seeded objects, compiling the request schemas).
    await loadCustomers({ secretKey: KEY, mode: 'test', connection, rateLimitPerSecond: 1000, signal: AbortSignal.timeout(RUN_TIMEOUT_MS) });
    fake.setFaults({ latencyMs: LATENCY_MS, rateLimitPerSecond: RATE_LIMIT });

    const naive = await measure(fake, arrivals, () =>
      loadCustomersNaively({ secretKey: KEY, connection, signal: AbortSignal.timeout(RUN_TIMEOUT_MS) }),
    );
    const lag = new EventLoopLagMonitor().start();
    const app = await measure(fake, arrivals, () =>
      lag.track('customers loader', () =>
        loadCustomers({ secretKey: KEY, mode: 'test', connection, rateLimitPerSecond: RATE_LIMIT, signal: AbortSignal.timeout(RUN_TIMEOUT_MS) }),
      ),
    );
    const lagReport = lag.stop();

    const customers = seed.customers.length;
    const idealRequests = Math.ceil(customers / 100) + Math.ceil(seed.setupIntents / 100);
    const ideal = idealRequests / RATE_LIMIT + LATENCY_MS / 1000;
    const line = (name: string, m: Measured, extra = ''): string =>
      `${name.padEnd(30)} ${m.seconds.toFixed(2).padStart(6)} s, ${String(m.arrivals.length).padStart(4)} requests, ` +
      `${m.tooMany} × 429, busiest second ${busiestSecond(m.arrivals)} requests${extra}`;
    const stats = app.result.stats;

    console.log(
      `customers: ${customers} in test mode as 3scale makes them (${seed.setupIntents} cards through SetupIntents, ` +
        `${seed.duplicates} duplicates); latency ${LATENCY_MS} ms per request; rate limit ${RATE_LIMIT} requests/s${QUICK ? ' (quick)' : ''}`,
    );
    console.log(line('naive (SDK auto-pagination):', naive));
    console.log(
      line(
        'app loader:',
        app,
        ` (customers ${stats.customerListRequests}, SetupIntents ${stats.setupIntentListRequests}, per-customer checks ${stats.cardCheckRequests}; ` +
          `${stats.slices} + ${stats.setupIntentSlices} slices, ${stats.retries} retries)`,
      ),
    );
    console.log(
      `${'ideal:'.padEnd(30)} ${ideal.toFixed(2).padStart(6)} s (${idealRequests} requests: ${Math.ceil(customers / 100)} pages of customers + ` +
        `${Math.ceil(seed.setupIntents / 100)} of SetupIntents, at ${RATE_LIMIT}/s, + one latency)`,
    );
    const same = fingerprint(naive.result) === fingerprint(app.result);
    console.log(`same customers and cards in both loads: ${same ? 'yes' : 'NO'}`);
    // The Customers screen with 3scale connected: its developer accounts read side by side.
    await runThreescaleSide({
      providerId: PROVIDER_ID,
      byDeveloperAccount: seed.byDeveloperAccount,
      customers: app.result.customers,
      latencyMs: LATENCY_MS,
      random: next,
      loadStripe: () => loadCustomers({ secretKey: KEY, mode: 'test', connection, rateLimitPerSecond: RATE_LIMIT, signal: AbortSignal.timeout(RUN_TIMEOUT_MS) }),
    });
    for (const text of formatLagReport(lagReport)) console.log(text);
    console.log(`naive/ideal: ${(naive.seconds / ideal).toFixed(2)}`);
    console.log(`app/naive: ${(app.seconds / naive.seconds).toFixed(2)}`);
    console.log(`app/ideal: ${(app.seconds / ideal).toFixed(2)}`);
    benchCheck(same, 'both loads found the same customers and cards');
    benchCheck(app.result.customers.length === customers, `the app loader found all ${customers} customers`);
    benchCheck(app.result.customers.reduce((n, c) => n + c.cards.length, 0) === seed.setupIntents, `the app loader found all ${seed.setupIntents} cards`);

  } finally {
    await fake.stop();
  }
}

await main();
