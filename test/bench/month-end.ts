// Month-end benchmark: a month of 10,000 invoices (EUR and USD, every case of the report,
// daily payouts) seeded in both test servers, 150 ms latency on each, 3scale limited to 5
// requests/s and Stripe to its test-mode 25. Times the app's load (loadMonthEnd with the
// app's own gates) against the ideal the limits allow for the fewest requests that can fetch
// the month — 3scale's pages of 500 (invoices, accounts) and the provider; Stripe's pages of
// 100 of the PaymentIntents, refunds, disputes, payouts and each payout's transactions — plus
// two round trips that cannot overlap (a list before what it names, the last answer). Prints
// the figures, `app/ideal: <ratio>` last. Fails only when the load is wrong (a seeded mismatch
// not found). `--quick`: 300 invoices.
import { MISMATCH_KINDS } from '../../common/contract/month-end';
import { loadMonthEnd } from '../../main/month-end/month-end-loader';
import { buildMonthEndReport } from '../../main/month-end/month-end-report';
import { monthEndSession } from '../../main/month-end/month-end-session';
import { seedMonthEndWorld } from '../support/month-end-fixtures';
import { THREESCALE_PROVIDER } from '../support/threescale-fixtures';
import { startFakeStripe } from '../stripe-server/server';
import { startFakeThreescale } from '../threescale-server/server';
import { benchCheck, sized } from './support/bench-options';

const INVOICES = sized(10_000, 300);
const LATENCY_MS = 150;
const THREESCALE_RPS = 5;
const STRIPE_RPS = 25;
const MONTH = '2026-10';
const KEY = 'sk_test_51FakeMonthEndBench0000000000000001';
const TOKEN = 'tok-month-end-bench-0001';

const pages = (count: number, size: number) => Math.max(1, Math.ceil(count / size));

async function main(): Promise<void> {
  const stripe = await startFakeStripe({ keys: [{ secret: KEY }] });
  const threescale = await startFakeThreescale({ provider: THREESCALE_PROVIDER, tokens: [{ value: TOKEN, scopes: ['finance', 'account_management'] }] });
  try {
    const seedStarted = performance.now();
    const world = seedMonthEndWorld(threescale, stripe, { month: MONTH, invoices: INVOICES, currencies: ['EUR', 'USD'], payouts: 'daily', seed: 2026 });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const session = monthEndSession({
      connection: { host: '127.0.0.1', port: stripe.port, protocol: 'http' },
      activeKey: () => ({ mode: 'test', secretKey: KEY }),
      threescale: () => ({ adminDomain: THREESCALE_PROVIDER.adminDomain, accessToken: TOKEN }),
      threescaleBaseUrl: threescale.url,
    });
    threescale.setFaults({ latencyMs: LATENCY_MS, rateLimitPerSecond: THREESCALE_RPS });
    stripe.setFaults({ latencyMs: LATENCY_MS, rateLimitPerSecond: STRIPE_RPS });
    stripe.requests.length = 0;
    threescale.requests.length = 0;

    const started = performance.now();
    const loaded = await loadMonthEnd(MONTH, session, { signal: new AbortController().signal });
    const seconds = (performance.now() - started) / 1000;

    const report = buildMonthEndReport(loaded.input, { mode: 'test', provider: loaded.provider, loadedAt: new Date().toISOString() });
    benchCheck(report.rows.length === INVOICES, `${report.rows.length} invoices loaded of ${INVOICES}`);
    for (const kind of MISMATCH_KINDS) {
      const found = report.mismatches[kind].map((m) => m.invoiceId).sort((a, b) => a - b);
      benchCheck(JSON.stringify(found) === JSON.stringify(world.expectedMismatches[kind]), `the ${kind} list is not the seeded one`);
    }

    const { stripe: input } = loaded.input;
    const perPayout = new Map<string, number>();
    for (const txn of input.balanceTransactions) if (txn.payout) perPayout.set(txn.payout, (perPayout.get(txn.payout) ?? 0) + 1);
    const fewestThreescale = pages(INVOICES, 500) + pages(threescale.world.accounts.size, 500) + 1;
    const fewestStripe =
      pages(input.intents.length, 100) +
      pages(input.refunds.length, 100) +
      pages(input.disputes.length, 100) +
      pages(input.payouts.length, 100) +
      input.payouts.reduce((sum, payout) => sum + pages((perPayout.get(payout.id) ?? 0) + 1, 100), 0); // with the payout's own
    const ideal = Math.max(fewestThreescale / THREESCALE_RPS, fewestStripe / STRIPE_RPS) + (2 * LATENCY_MS) / 1000;
    const limited = threescale.requests.filter((r) => r.status === 429).length + stripe.requests.filter((r) => r.status === 429).length;

    console.log(`month: ${INVOICES.toLocaleString('en')} invoices, ${input.intents.length.toLocaleString('en')} PaymentIntents, ${input.refunds.length} refunds, ${input.disputes.length} disputes, ${input.payouts.length} payouts (seeded in ${seedSeconds.toFixed(1)} s)`);
    console.log(`limits: 3scale ${THREESCALE_RPS}/s, Stripe ${STRIPE_RPS}/s, latency ${LATENCY_MS} ms`);
    console.log(`requests: 3scale ${loaded.requests.threescale} (fewest ${fewestThreescale}), Stripe ${loaded.requests.stripe} (fewest ${fewestStripe}); 429s: ${limited}`);
    console.log(`app load: ${seconds.toFixed(2)} s`);
    console.log(`ideal:    ${ideal.toFixed(2)} s (fewest requests at the limits + ${2 * LATENCY_MS} ms of round trips)`);
    console.log(`app/ideal: ${(seconds / ideal).toFixed(2)}`);
  } finally {
    await threescale.stop();
    await stripe.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
