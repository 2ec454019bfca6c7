// Customers load benchmark: 10,000 test-mode customers on the local Stripe-compatible
// server with 150 ms latency and a 25 requests/second limit. Times the SDK's plain
// auto-pagination and the app's sliced loader against the ideal the rate limit allows,
// and prints the figures (`app/ideal: <ratio>`), then the worst event-loop lag of the
// app's loader. Asserts nothing on time. `--quick`: 1,000 customers.
import { loadCustomers, loadCustomersNaively, type CustomerLoadResult } from '../../main/customers/customer-loader';
import { startFakeStripe, type FakeStripe } from '../stripe-server/server';
import { seededRandom } from '../support/seeded-random';
import { benchCheck, sized } from './support/bench-options';
import { EventLoopLagMonitor, formatLagReport } from './support/event-loop-lag';

const KEY = 'sk_test_51BenchCustomersKey000000000000000001';
const CUSTOMERS = sized(10_000, 1_000);
const LATENCY_MS = 150;
const RATE_LIMIT = 25;
const PROVIDER_ID = '2445582535751';
const RUN_TIMEOUT_MS = 120_000;

const random = seededRandom;

/**
 * Four years of sign-ups ending an hour ago, growing over time (density rising linearly),
 * plus bulk imports: several hundred customers created in the same second, and a few
 * small bursts of 2–5 in one second.
 */
function seed(fake: FakeStripe): number {
  const next = random(20_240_410);
  const end = Math.floor(Date.now() / 1000) - 3600;
  const span = 4 * 365 * 86_400;
  const start = end - span;
  const clusters = [
    { at: start + 3_600, size: 300 }, // the first import, when the portal moved to 3scale
    { at: start + Math.floor(span * 0.31), size: 120 },
    { at: start + Math.floor(span * 0.55), size: 250 },
    { at: start + Math.floor(span * 0.72), size: 40 },
    { at: start + Math.floor(span * 0.9), size: 150 },
    { at: end - 7_200, size: 80 },
  ];
  const times: number[] = [];
  for (const cluster of clusters) for (let i = 0; i < cluster.size; i += 1) times.push(cluster.at);
  while (times.length < CUSTOMERS) {
    const at = start + Math.floor(span * Math.sqrt(next()));
    const burst = next() < 0.03 ? 2 + Math.floor(next() * 4) : 1;
    for (let i = 0; i < burst && times.length < CUSTOMERS; i += 1) times.push(at);
  }
  let account = 0;
  for (const created of times) {
    account += 1;
    fake.seedCustomer('test', {
      created,
      email: `dev${account}@example.com`,
      metadata: { '3scale_account_reference': `3scale-${PROVIDER_ID}-${2_445_584_000_000 + account}` },
    });
  }
  return times.length;
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

function sameIds(a: CustomerLoadResult, b: CustomerLoadResult): boolean {
  const ids = new Set(a.customers.map((c) => c.id));
  return ids.size === b.customers.length && b.customers.every((c) => ids.has(c.id));
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

    const seeded = seed(fake);
    const connection = { host: fake.host, port: fake.port, protocol: fake.protocol };
    // Warm-up without faults, so that neither measured load pays the server's first-use costs
    // (sorting the seeded customers, compiling the request schemas).
    await loadCustomersNaively({ secretKey: KEY, connection, signal: AbortSignal.timeout(RUN_TIMEOUT_MS) });
    await loadCustomers({ secretKey: KEY, mode: 'test', connection, lookUpAttachedCards: false, rateLimitPerSecond: 1000 });
    fake.setFaults({ latencyMs: LATENCY_MS, rateLimitPerSecond: RATE_LIMIT });

    const naive = await measure(fake, arrivals, () =>
      loadCustomersNaively({ secretKey: KEY, connection, signal: AbortSignal.timeout(RUN_TIMEOUT_MS) }),
    );
    const lag = new EventLoopLagMonitor().start();
    const app = await measure(fake, arrivals, () =>
      lag.track('customers loader', () => loadCustomers({
        secretKey: KEY,
        mode: 'test',
        connection,
        rateLimitPerSecond: RATE_LIMIT,
        // The seeded customers have no cards; looking each one up would add one request per
        // customer to both loads alike. The comparison is about listing.
        lookUpAttachedCards: false,
        signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
      })),
    );
    const lagReport = lag.stop();

    const idealRequests = Math.ceil(seeded / 100);
    const ideal = idealRequests / RATE_LIMIT + LATENCY_MS / 1000;
    const line = (name: string, m: Measured, extra = ''): string =>
      `${name.padEnd(30)} ${m.seconds.toFixed(2).padStart(6)} s, ${String(m.arrivals.length).padStart(4)} requests, ` +
      `${m.tooMany} × 429, ${m.result.customers.length} customers, busiest second ${busiestSecond(m.arrivals)} requests${extra}`;

    console.log(`customers: ${seeded} in test mode; latency ${LATENCY_MS} ms per request; rate limit ${RATE_LIMIT} requests/s`);
    console.log(line('naive (SDK auto-pagination):', naive));
    console.log(
      line(
        'app loader (sliced):',
        app,
        `, ${app.result.stats.slices} slices, ${app.result.stats.retries} retries, ${app.result.stats.duplicatesDropped} duplicates`,
      ),
    );
    console.log(`${'ideal:'.padEnd(30)} ${ideal.toFixed(2).padStart(6)} s (${idealRequests} requests at ${RATE_LIMIT}/s + one latency)`);
    console.log(`same customers in both loads: ${sameIds(naive.result, app.result) ? 'yes' : 'NO'}`);
    console.log(`naive/ideal: ${(naive.seconds / ideal).toFixed(2)}`);
    console.log(`app/naive: ${(app.seconds / naive.seconds).toFixed(2)}`);
    console.log(`app/ideal: ${(app.seconds / ideal).toFixed(2)}`);
    for (const text of formatLagReport(lagReport)) console.log(text);
    benchCheck(sameIds(naive.result, app.result), 'both loads found the same customers');
    benchCheck(app.result.customers.length === seeded, `the app loader found all ${seeded} customers`);
  } finally {
    await fake.stop();
  }
}

await main();
