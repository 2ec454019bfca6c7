// Every charge of unknown outcome — in the run log or the single-charge log, found after a
// crash or left open when its result could not be written — is settled with 3scale and
// Stripe before anything else is sent, by whichever path sends next (a run, "Charge now").
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chargeWithJournal, EarlierChargeUnsettled, NOT_SENT_MESSAGE, settleUnresolved } from '../../../../main/invoices/journaled-charge';
import type { InvoicesFeature } from '../../../../main/invoices/invoices-feature';
import { RetryRun } from '../../../../main/invoices/run-engine';
import { readLog, RunJournal, type DurableLog, type RunFile } from '../../../../main/invoices/run-journal';
import { startInvoiceWorld, type InvoiceWorld } from '../../../support/invoice-world';
import { fakeStep, payment, target, type FakeWorld } from './fake-charge-step';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'journaled-charge-'));
const runOf = (items = [target]): RunFile => ({ version: 1, runId: 'run-j', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items });
const other = { ...target, invoiceId: 8, friendlyId: '2026-12-00000008' };

describe('chargeWithJournal settles first', () => {
  it("waits for a crashed run's send of the same invoice to settle, and does not send it again", async () => {
    const dir = tempDir();
    const before = new RunJournal(dir);
    before.begin(runOf());
    before.sending(before.log, target, [], Date.now(), 'test'); // the app died right after; 3scale is still charging
    before.close();
    let sends = 0;
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    world.charge = () => {
      sends += 1;
      return Promise.resolve({ kind: 'paid', invoice: null });
    };
    setTimeout(() => {
      world.payments = [payment('pi_crashed', 'succeeded')];
      world.state = 'paid';
    }, 100);
    const journal = new RunJournal(dir); // the app started again
    journal.inFlight.claim(target.invoiceId);
    const outcome = await chargeWithJournal({ step: fakeStep(world, 300), journal, mode: 'test' }, journal.singleLog, target, true);
    expect(sends).toBe(0);
    expect(outcome).toMatchObject({ charged: false, result: { status: 'skipped' } });
    expect(readLog(journal.log.file).results.get(target.invoiceId)).toMatchObject({ status: 'paid', pi: 'pi_crashed', charged: true });
    expect(journal.unresolved()).toEqual([]);
    journal.close();
  });

  it("settles a single charge's open send before a run sends anything, and shows a run's settled charge in the run", async () => {
    const dir = tempDir();
    const journal = new RunJournal(dir);
    journal.sending(journal.singleLog, other, [], Date.now() - 60_000, 'test'); // "Charge now" of invoice 8, then a crash
    const order: string[] = [];
    const world: FakeWorld = { state: 'unpaid', payments: [], stateOf: (id) => (id === 8 ? 'paid' : undefined) };
    world.charge = (id) => {
      order.push(`send ${id}`);
      return Promise.resolve({ kind: 'paid', invoice: null });
    };
    const step = fakeStep(world);
    const run = RetryRun.begin({ journal, step: () => step }, runOf([target]));
    await run.resume();
    expect(order).toEqual(['send 7']);
    expect(readLog(journal.singleLog.file).results.get(8)).toMatchObject({ status: 'paid', charged: true });
    expect(run.view()).toMatchObject({ status: 'done', counts: { paid: 1 } });
    journal.close();
  });

  it('sends nothing while an open charge cannot be checked, and keeps it open', async () => {
    const journal = new RunJournal(tempDir());
    journal.sending(journal.singleLog, other, [], Date.now() - 60_000, 'test');
    let sends = 0;
    const world: FakeWorld = { state: 'unpaid', payments: [], readFails: true };
    world.charge = () => {
      sends += 1;
      return Promise.resolve({ kind: 'paid', invoice: null });
    };
    journal.inFlight.claim(target.invoiceId);
    const error = await chargeWithJournal({ step: fakeStep(world), journal, mode: 'test' }, journal.singleLog, target, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EarlierChargeUnsettled);
    expect((error as Error).message).toMatch(/2026-12-00000008 has no known outcome .*503 Service Unavailable.*nothing was charged/);
    expect(sends).toBe(0);
    expect(journal.unresolved().map((open) => open.entry.id)).toEqual([8]);
    journal.close();
  });

  it('writes a send found never to have reached 3scale as not sent, so it may be charged again', async () => {
    const journal = new RunJournal(tempDir());
    journal.sending(journal.singleLog, other, [], Date.now() - 60_000, 'test'); // Stripe shows nothing new since
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    world.charge = () => Promise.resolve({ kind: 'paid', invoice: null });
    journal.inFlight.claim(target.invoiceId);
    await chargeWithJournal({ step: fakeStep(world), journal, mode: 'test' }, journal.singleLog, target, true);
    expect(readLog(journal.singleLog.file).results.get(8)).toMatchObject({ status: 'pending', message: NOT_SENT_MESSAGE, charged: false });
    journal.close();
  });
});

describe('what a settle can and cannot know', () => {
  const sendsTo = (world: FakeWorld) => {
    const sent: number[] = [];
    world.charge = (id) => {
      sent.push(id);
      return Promise.resolve({ kind: 'paid', invoice: null });
    };
    return sent;
  };

  it("leaves a charge sent in the other mode for that mode, and refuses only that invoice meanwhile", async () => {
    const journal = new RunJournal(tempDir());
    journal.sending(journal.singleLog, other, [], Date.now() - 60_000, 'live');
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    const sent = sendsTo(world);
    const test = { step: fakeStep(world), journal, mode: 'test' as const };
    journal.inFlight.claim(other.invoiceId);
    await expect(chargeWithJournal(test, journal.singleLog, other, true)).rejects.toThrow(/sent in live mode; switch to that mode/);
    journal.inFlight.release(other.invoiceId);
    journal.inFlight.claim(target.invoiceId);
    await chargeWithJournal(test, journal.singleLog, target, true);
    expect(sent).toEqual([7]);
    // Invoice 8's live send was never read with the test key (7's is open until its caller writes the result).
    expect(journal.unresolved().find((o) => o.entry.id === 8)?.entry.mode).toBe('live');
    journal.close();
  });

  it('settles a charge of an invoice deleted in 3scale, with nothing in Stripe, as not charged any more', async () => {
    const journal = new RunJournal(tempDir());
    journal.sending(journal.singleLog, other, [], Date.now() - 60_000, 'test');
    const world: FakeWorld = { state: 'unpaid', payments: [], invoiceGone: true };
    const sent = sendsTo(world);
    world.stateOf = () => undefined;
    const step = fakeStep(world);
    await settleUnresolved({ step, journal, mode: 'test' });
    expect(readLog(journal.singleLog.file).results.get(8)).toMatchObject({ status: 'skipped', message: 'Skipped: the invoice no longer exists in 3scale' });
    expect(sent).toEqual([]);
    journal.close();
  });

  it("keeps 3scale's word that a charge failed when Stripe cannot be read for the reason", async () => {
    const world: FakeWorld = { state: 'unpaid', payments: [], stripeFails: true };
    const outcome = await fakeStep(world).outcome(target, { kind: 'failed', message: 'Card declined' });
    expect(outcome).toEqual({ status: 'failed', message: 'Failed: Card declined', paymentIntentId: null });
  });
});

class FailsOnce extends RunJournal {
  failed = false;
  override result(log: DurableLog, invoiceId: number, result: Parameters<RunJournal['result']>[2], charged: boolean): void {
    if (invoiceId === 1 && !this.failed) {
      this.failed = true;
      throw new Error('ENOSPC: no space left on device');
    }
    super.result(log, invoiceId, result, charged);
  }
}

describe('a result the journal could not write', () => {
  it('stays open in this session and is settled before the next send, never sent again', async () => {
    const paid = new Set<number>();
    const sent: number[] = [];
    const world: FakeWorld = { state: 'unpaid', payments: [], stateOf: (id) => (paid.has(id) ? 'paid' : undefined) };
    world.charge = (id) => {
      sent.push(id);
      paid.add(id);
      return Promise.resolve({ kind: 'paid', invoice: null });
    };
    const step = fakeStep(world);
    const journal = new FailsOnce(tempDir());
    const items = [1, 2].map((invoiceId) => ({ ...target, invoiceId, friendlyId: `2026-12-0000000${invoiceId}` }));
    const run = RetryRun.begin({ journal, step: () => step, concurrency: 1 }, runOf(items));
    await run.resume();
    expect(run.view()).toMatchObject({ status: 'paused', problem: expect.stringMatching(/journal cannot be written/) });
    expect(run.view().items[0]).toMatchObject({ status: 'unknown' });
    await run.resume(); // the disk has room again
    expect(sent).toEqual([1, 2]);
    expect(run.view()).toMatchObject({ status: 'done', counts: { paid: 2 } });
    expect(run.view().items[0]?.message).toBe('Paid (confirmed after the answer was lost)');
    journal.close();
  });
});

const MONTH = new Date().toISOString().slice(0, 7);

async function load(feature: InvoicesFeature): Promise<void> {
  feature.screen.load({ month: MONTH, state: null, search: '', refresh: true });
  for (let i = 0; i < 500 && feature.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(feature.screen.view().status).toBe('done');
}

describe('"Charge now" after a crash during a run', { timeout: 30_000 }, () => {
  let world: InvoiceWorld;
  beforeEach(async () => {
    world = await startInvoiceWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it("settles the run's unanswered charge first, logs it, and the run shows what it found", async () => {
    const a = await world.account({ orgName: 'Sent by the run', card: 'pm_card_visa' });
    const b = await world.account({ orgName: 'Charged now', card: 'pm_card_visa' });
    const [ia, ib] = [world.invoice(a), world.invoice(b)];
    const dir = tempDir();
    const logged: string[] = [];
    const first = world.feature({ journalDir: dir, tuning: { settleMs: 50 } });
    await load(first);
    const runTarget = first.screen.target(ia.id);
    if (!runTarget) throw new Error('no target');
    const journal = new RunJournal(dir);
    journal.begin(runOf([runTarget]));
    journal.sending(journal.log, runTarget, [], Date.now(), 'test');
    journal.close();
    expect(await world.chargeIn3scale(ia.id)).toBe(200); // the run's request reached 3scale; then the app died

    const app = world.feature({ journalDir: dir, financeLog: (entry) => logged.push(entry.summary), tuning: { settleMs: 50 } });
    expect(app.runs.view()?.items[0]).toMatchObject({ status: 'unknown' });
    await load(app);
    const before = world.threescale.requests.length;
    const result = await app.screen.charge(ib.id);
    expect(result.outcome).toBe('paid');
    const requests = world.threescale.requests.slice(before);
    const readA = requests.findIndex((r) => r.path === `/api/invoices/${ia.id}.json`);
    const chargeB = requests.findIndex((r) => r.path === `/api/invoices/${ib.id}/charge.json`);
    expect(readA).toBeGreaterThanOrEqual(0);
    expect(readA).toBeLessThan(chargeB);
    expect(requests.filter((r) => r.path === `/api/invoices/${ia.id}/charge.json`)).toHaveLength(0);
    expect(app.runs.view()?.items[0]).toMatchObject({ status: 'paid', message: 'Paid (confirmed after the answer was lost)' });
    expect(logged.some((s) => s.includes(`invoice ${ia.friendlyId}`) && s.includes('checked after its answer was lost'))).toBe(true);
    for (const ids of world.succeededByInvoice().values()) expect(ids).toHaveLength(1);
  });
});
