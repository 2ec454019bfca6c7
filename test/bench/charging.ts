// Charging benchmark: a retry run over 2,000 failed invoices through the 3scale test server,
// which charges through the Stripe test server as 3scale does; 150 ms latency per request
// on both servers, 400 ms spent inside each charge, 3scale limited to 5 requests/s and
// Stripe to its test-mode 25. Times the app's run (plan to last result) against the ideal
// the limits allow — one charge request per invoice at 5/s, plus one charge's own duration
// — and prints the figures, `app/ideal: <ratio>` last. Fails only when the run is wrong
// (an invoice not final, one charged twice). `--quick`: 40 invoices.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCheck, isQuick } from './support/bench-options';
import { startInvoiceWorld, type TestCard } from '../support/invoice-world';
import { seededRandom } from '../support/seeded-random';

const QUICK = isQuick();
const INVOICES = QUICK ? 40 : 2_000;
const LATENCY_MS = 150;
const CHARGE_MS = 400;
const THREESCALE_RPS = 5;
const STRIPE_RPS = 25;
const MONTH = new Date().toISOString().slice(0, 7);

async function main(): Promise<void> {
  const world = await startInvoiceWorld();
  try {
    const random = seededRandom(2026);
    const cards: TestCard[] = ['pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_chargeCustomerFail', 'pm_card_chargeDeclinedInsufficientFunds', 'pm_card_authenticationRequired'];
    for (let i = 0; i < INVOICES; i += 1) {
      const account = await world.account({ orgName: `Developer ${i}`, card: cards[Math.floor(random() * cards.length)] ?? 'pm_card_visa' });
      world.invoice(account, { state: 'failed', cost: 20 + (i % 80), period: MONTH });
    }
    const journalDir = mkdtempSync(path.join(os.tmpdir(), 'bench-charging-'));
    const app = world.feature({
      journalDir,
      tuning: { threescaleRequestsPerSecond: THREESCALE_RPS, stripeRequestsPerSecond: Math.floor(STRIPE_RPS * 0.6), timeoutMs: 30_000 },
    });

    // The month is loaded before the clock starts (the benchmark is about the run).
    app.screen.load({ month: MONTH, state: null, search: '' });
    while (app.screen.view().status === 'loading') await new Promise((resolve) => setTimeout(resolve, 20));
    benchCheck(app.screen.view().status === 'done', `the load ended ${app.screen.view().status}: ${app.screen.view().error}`);

    world.threescale.setFaults({ latencyMs: LATENCY_MS, chargeDelayMs: CHARGE_MS, rateLimitPerSecond: THREESCALE_RPS });
    world.stripe.setFaults({ latencyMs: LATENCY_MS, rateLimitPerSecond: STRIPE_RPS });
    const threescaleBefore = world.threescale.requests.length;
    const stripeBefore = world.stripe.requests.length;

    const started = performance.now();
    const plan = app.runs.plan(null);
    app.runs.start(plan.planId, null);
    await app.runs.settled();
    const seconds = (performance.now() - started) / 1000;

    const view = app.runs.view();
    benchCheck(view?.status === 'done', `the run ended ${view?.status}`);
    benchCheck(view.counts.pending === 0, 'every invoice final');
    for (const [invoice, ids] of world.succeededByInvoice()) benchCheck(ids.length === 1, `invoice ${invoice} has ${ids.length} succeeded PaymentIntents`);
    const threescale = world.threescale.requests.slice(threescaleBefore);
    const charges = threescale.filter((r) => r.path.endsWith('/charge.json')).length;
    const limited = threescale.filter((r) => r.status === 429).length + world.stripe.requests.slice(stripeBefore).filter((r) => r.status === 429).length;
    // Each invoice needs one charge request; the last one takes the latency, the charge and 3scale's Stripe call.
    const ideal = plan.include.length / THREESCALE_RPS + (LATENCY_MS * 2 + CHARGE_MS) / 1000;

    console.log(`invoices: ${INVOICES} failed, ${plan.include.length} planned (${plan.excluded.length} left out)`);
    console.log(`results: ${view.counts.paid} paid, ${view.counts.declined} declined, ${view.counts.needsAction} need action, ${view.counts.skipped} skipped, ${view.counts.failed} failed`);
    console.log(`3scale requests: ${threescale.length} (${charges} charges); Stripe requests by the app and 3scale: ${world.stripe.requests.length - stripeBefore}; 429s: ${limited}`);
    console.log(`app run: ${seconds.toFixed(2)} s`);
    console.log(`ideal:   ${ideal.toFixed(2)} s (${plan.include.length} charges at ${THREESCALE_RPS}/s + one charge's ${LATENCY_MS * 2 + CHARGE_MS} ms)`);
    console.log(`app/ideal: ${(seconds / ideal).toFixed(2)}`);
  } finally {
    await world.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
