// Retry runs against the two test servers: a whole run with its counts, journal and
// finance log; pause and resume; cancel; 3scale's 429s and 500s backed off without losing
// an invoice; an answer lost after 3scale charged (reconciled, never charged again).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunView } from '../../../../common/contract/invoices';
import type { InvoicesFeature } from '../../../../main/invoices/invoices-feature';
import { startInvoiceWorld, type InvoiceWorld, type TestCard } from '../../../support/invoice-world';

const MONTH = new Date().toISOString().slice(0, 7);

async function load(feature: InvoicesFeature): Promise<void> {
  feature.screen.load({ month: MONTH, state: null, search: '', refresh: true });
  for (let i = 0; i < 500 && feature.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(feature.screen.view().status).toBe('done');
}

function chargeRequests(world: InvoiceWorld): { path: string; status: number }[] {
  return world.threescale.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/charge.json'));
}

describe('a retry run', { timeout: 30_000 }, () => {
  let world: InvoiceWorld;
  let journalDir: string;
  let logged: string[];
  let events: RunView[];

  const seed = async (cards: TestCard[]) => {
    for (const [i, card] of cards.entries()) {
      const account = await world.account({ orgName: `Dev ${i}`, card });
      const invoice = world.invoice(account, { cost: 10 + i });
      if (card !== 'pm_card_visa') await world.chargeIn3scale(invoice.id);
      // A card that failed and was replaced by a good one: the retry confirms the old PaymentIntent.
      if (card === 'pm_card_chargeCustomerFail' && i % 2 === 0) world.replaceCard(account, 'pm_card_visa');
    }
  };

  const feature = (tuning: Record<string, number> = {}) =>
    world.feature({
      journalDir,
      financeLog: (entry) => logged.push(entry.summary),
      onRunChange: (view) => events.push(view),
      tuning: { threescaleRequestsPerSecond: 200, stripeRequestsPerSecond: 200, settleMs: 50, timeoutMs: 5000, ...tuning },
    });

  beforeEach(async () => {
    world = await startInvoiceWorld();
    journalDir = mkdtempSync(path.join(os.tmpdir(), 'invoice-run-'));
    logged = [];
    events = [];
  });
  afterEach(async () => {
    await world.stop();
  });

  it('charges every planned invoice once, counts the results, journals them and logs one entry per charge and one per run', async () => {
    await seed(['pm_card_visa', 'pm_card_visa', 'pm_card_chargeCustomerFail', 'pm_card_chargeCustomerFail', 'pm_card_chargeDeclinedInsufficientFunds']);
    const app = feature();
    await load(app);
    const plan = app.runs.plan(null);
    expect(plan.include).toHaveLength(5);
    app.runs.start(plan.planId, null);
    await app.runs.settled();
    const view = app.runs.view();
    expect(view?.status).toBe('done');
    expect(view?.counts).toMatchObject({ total: 5, paid: 3, declined: 2, pending: 0 });
    expect(view?.items.find((i) => i.message?.includes('Insufficient funds'))).toBeTruthy();
    expect(chargeRequests(world)).toHaveLength(3 + 5); // three earlier failed attempts, then one each
    expect(logged.filter((s) => s.includes(': invoice '))).toHaveLength(5);
    expect(logged.filter((s) => /Retry run \S+ \(test mode\) done: 3 paid/.test(s))).toHaveLength(1);
    expect(events.at(-1)?.status).toBe('done');
    const lines = readFileSync(path.join(journalDir, 'run.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { e: string });
    expect(lines.filter((l) => l.e === 'send')).toHaveLength(5);
    expect(lines.filter((l) => l.e === 'result')).toHaveLength(5);
    expect(app.runs.csv()).toMatch(/^invoice_id,friendly_id,organisation,amount,currency,result,message\r\n/);
    for (const ids of world.succeededByInvoice().values()) expect(ids).toHaveLength(1);
  });

  it('pauses (charges in flight finish, nothing new starts) and resumes to the end', async () => {
    await seed(Array.from({ length: 8 }, () => 'pm_card_visa' as const));
    world.threescale.setFaults({ chargeDelayMs: 80 });
    const app = feature({ concurrency: 2 });
    await load(app);
    const plan = app.runs.plan(null);
    app.runs.start(plan.planId, null);
    while ((app.runs.view()?.counts.paid ?? 0) < 1) await new Promise((r) => setTimeout(r, 5));
    expect(app.runs.pause().status).toBe('paused');
    await app.runs.settled();
    const paused = app.runs.view();
    const sent = chargeRequests(world).length;
    expect(paused?.counts.pending).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(chargeRequests(world)).toHaveLength(sent);
    app.runs.resume();
    await app.runs.settled();
    expect(app.runs.view()).toMatchObject({ status: 'done', counts: { paid: 8, pending: 0 } });
    expect(chargeRequests(world)).toHaveLength(8);
  });

  it('cancels: the rest stays uncharged and the run is logged with what it did', async () => {
    await seed(Array.from({ length: 8 }, () => 'pm_card_visa' as const));
    world.threescale.setFaults({ chargeDelayMs: 80 });
    const app = feature({ concurrency: 1 });
    await load(app);
    app.runs.start(app.runs.plan(null).planId, null);
    while ((app.runs.view()?.counts.paid ?? 0) < 2) await new Promise((r) => setTimeout(r, 5));
    app.runs.cancel();
    await app.runs.settled();
    const view = app.runs.view();
    expect(view?.status).toBe('cancelled');
    expect(view?.counts.pending).toBeGreaterThan(0);
    expect(chargeRequests(world)).toHaveLength(view?.counts.paid ?? -1);
    expect(logged.filter((s) => s.includes('cancelled:'))).toHaveLength(1);
    expect(() => app.runs.start('nope', null)).toThrow(/out of date/);
  });

  it("backs off on 3scale's 429 and 500 without losing or doubling an invoice", async () => {
    await seed(Array.from({ length: 4 }, () => 'pm_card_visa' as const));
    const app = feature({ concurrency: 2 });
    await load(app);
    world.threescale.setFaults({
      failNext: [
        { status: 429, pathIncludes: '/charge.json' },
        { status: 429, pathIncludes: '/charge.json' },
        { status: 500, pathIncludes: '/charge.json' },
        { status: 503, pathIncludes: '/invoices.json' },
      ],
    });
    app.runs.start(app.runs.plan(null).planId, null);
    await app.runs.settled();
    // The 500 lost the answer: never sent again in the same pass; the run pauses with it unknown.
    expect(app.runs.view()).toMatchObject({ status: 'paused', counts: { failed: 0 } });
    expect(app.runs.view()?.items.filter((i) => i.status === 'unknown')).toEqual([
      expect.objectContaining({ message: '3scale did not answer; checked again before anything else is sent' }),
    ]);
    app.runs.resume();
    await app.runs.settled();
    expect(app.runs.view()?.counts).toMatchObject({ paid: 4, failed: 0 });
    const statuses = chargeRequests(world).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 500)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    for (const ids of world.succeededByInvoice().values()) expect(ids).toHaveLength(1);
  });

  it('reconciles a charge whose answer was lost after 3scale charged: paid, and never sent again', async () => {
    await seed(['pm_card_visa']);
    world.threescale.setFaults({ chargeDelayMs: 400 });
    const app = feature({ timeoutMs: 150, settleMs: 700 });
    await load(app);
    app.runs.start(app.runs.plan(null).planId, null);
    await app.runs.settled();
    expect(app.runs.view()?.items[0]).toMatchObject({ status: 'paid', message: 'Paid (confirmed after the answer was lost)' });
    expect(chargeRequests(world)).toHaveLength(1);
  });

  it('pauses when a sent charge cannot be checked, and settles it first on resume', async () => {
    await seed(['pm_card_visa', 'pm_card_visa']);
    world.threescale.setFaults({ chargeDelayMs: 400 });
    const app = feature({ timeoutMs: 150, settleMs: 600, concurrency: 1 });
    await load(app);
    const plan = app.runs.plan(null);
    const first = plan.include[0]?.invoiceId ?? 0;
    world.threescale.setFaults({ failNext: [{ status: 403, pathIncludes: `/api/invoices/${first}.json` }] });
    app.runs.start(plan.planId, null);
    await app.runs.settled();
    const paused = app.runs.view();
    expect(paused).toMatchObject({ status: 'paused', problem: expect.stringMatching(/resume to check/) });
    expect(paused?.items.find((i) => i.invoiceId === first)).toMatchObject({ status: 'unknown' });
    expect(chargeRequests(world)).toHaveLength(1); // nothing else was sent
    world.threescale.setFaults({ chargeDelayMs: 0 });
    app.runs.resume();
    await app.runs.settled();
    expect(app.runs.view()).toMatchObject({ status: 'done', counts: { paid: 2 }, problem: null });
    expect(app.runs.view()?.items.find((i) => i.invoiceId === first)?.message).toBe('Paid (confirmed after the answer was lost)');
    expect(chargeRequests(world)).toHaveLength(2);
  });

  it('pauses rather than go on when the app switches mode', async () => {
    await seed(Array.from({ length: 5 }, () => 'pm_card_visa' as const));
    world.threescale.setFaults({ chargeDelayMs: 60 });
    let mode: 'test' | 'live' = 'test';
    const app = world.feature({ journalDir, activeMode: () => mode, tuning: { threescaleRequestsPerSecond: 200, stripeRequestsPerSecond: 200, settleMs: 50, concurrency: 1 } });
    await load(app);
    app.runs.start(app.runs.plan(null).planId, null);
    while ((app.runs.view()?.counts.paid ?? 0) < 1) await new Promise((r) => setTimeout(r, 5));
    mode = 'live';
    await app.runs.settled();
    const view = app.runs.view();
    expect(view).toMatchObject({ status: 'paused', problem: 'The app switched to live mode; switch back to test mode to resume this run.' });
    expect(view?.counts.pending).toBeGreaterThan(0);
    expect(() => app.runs.resume()).toThrow(/started in test mode/);
  });

  it('asks for the count in live mode', async () => {
    await seed(['pm_card_visa']);
    const app = world.feature({ journalDir, activeMode: () => 'live', activeKey: () => ({ mode: 'live', secretKey: 'sk_test_invoicesWorld0000000000000000' }) });
    await load(app);
    const plan = app.runs.plan(null);
    expect(() => app.runs.start(plan.planId, null)).toThrow(/Type the number of invoices to charge \(1\)/);
    expect(() => app.runs.start(plan.planId, 2)).toThrow(/confirm a live run/);
    expect(chargeRequests(world)).toHaveLength(0);
  });
});
