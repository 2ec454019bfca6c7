// A cancelled run read back with a charge of unknown outcome is interrupted: resuming settles
// that charge with 3scale and Stripe, sends nothing new, and the run ends cancelled — also
// through a failed settle and a restart. A cancel during a settle sends nothing after it, and
// a cancelled run whose last open charge a "Charge now" settled is logged.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RetryRun } from '../../../../main/invoices/run-engine';
import { chargeWithJournal } from '../../../../main/invoices/journaled-charge';
import { RunJournal, type RunFile } from '../../../../main/invoices/run-journal';
import { fakeStep, payment, target, type FakeWorld } from './fake-charge-step';

describe('a cancelled run with an unsettled charge', () => {
  it('is read back interrupted, and resuming only settles it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancelled-'));
    const items = [1, 2].map((invoiceId) => ({ ...target, invoiceId, friendlyId: `2026-12-0000000${invoiceId}` }));
    const first = new RunJournal(dir);
    const run = { version: 1 as const, runId: 'run-c', mode: 'test' as const, startedAt: new Date().toISOString(), status: 'running' as const, items };
    first.begin(run);
    first.sending(first.log, items[0] ?? target, [], Date.now() - 60_000, 'test');
    first.setStatus(run, 'cancelled');
    first.close();

    let sends = 0;
    const world: FakeWorld = { state: 'paid', payments: [payment('pi_1', 'succeeded')] };
    world.charge = () => {
      sends += 1;
      return Promise.reject(new Error('must not be sent'));
    };
    const step = fakeStep(world);
    const journal = new RunJournal(dir);
    const back = RetryRun.fromJournal({ journal, step: () => step });
    expect(back?.view().status).toBe('interrupted');
    await back?.resume();
    expect(back?.view()).toMatchObject({ status: 'cancelled', counts: { paid: 1, pending: 1 } });
    expect(sends).toBe(0);
    journal.close();
  });

  it('stays cancelled on disk through a settle that fails and a restart: resuming never charges it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancelled-'));
    const items = [1, 2].map((invoiceId) => ({ ...target, invoiceId, friendlyId: `2026-12-0000000${invoiceId}` }));
    const first = new RunJournal(dir);
    const run: RunFile = { version: 1, runId: 'run-c', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items };
    first.begin(run);
    first.sending(first.log, items[0] ?? target, [], Date.now() - 60_000, 'test');
    first.setStatus(run, 'cancelled');
    first.close();

    const sent: number[] = [];
    const world: FakeWorld = { state: 'unpaid', payments: [], readFails: true };
    world.charge = (id) => {
      sent.push(id);
      return Promise.resolve({ kind: 'paid', invoice: null });
    };
    const step = fakeStep(world);
    const back = RetryRun.fromJournal({ journal: new RunJournal(dir), step: () => step });
    await back?.resume(); // 3scale cannot be read: the settle fails
    expect(back?.view().status).toBe('paused');
    expect((JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunFile).status).toBe('cancelled');

    world.readFails = false; // the app restarts, 3scale answers again
    const again = RetryRun.fromJournal({ journal: new RunJournal(dir), step: () => step });
    expect(again?.view().status).toBe('interrupted');
    await again?.resume();
    expect(again?.view()).toMatchObject({ status: 'cancelled' });
    expect(sent).toEqual([]);
  });

  it('sends nothing once cancelled while its workers wait for a settle', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancelled-'));
    const journal = new RunJournal(dir);
    const other = { ...target, invoiceId: 9, friendlyId: '2026-12-00000009' };
    const sent: number[] = [];
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    world.charge = (id) => {
      sent.push(id);
      return Promise.resolve({ kind: 'paid', invoice: null });
    };
    const step = fakeStep(world, 200);
    const items = [1, 2, 3].map((invoiceId) => ({ ...target, invoiceId, friendlyId: `2026-12-0000000${invoiceId}` }));
    const run = RetryRun.begin({ journal, step: () => step, concurrency: 3 }, { version: 1, runId: 'run-s', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items });
    const done = run.resume();
    // Journaled once the run's own settle found nothing open: the workers settle it (200 ms) before sending.
    journal.sending(journal.singleLog, other, [], Date.now(), 'test'); // a "Charge now" whose answer was lost just now
    await new Promise((r) => setTimeout(r, 50));
    run.cancel();
    await done;
    expect(sent).toEqual([]);
    expect(run.view()).toMatchObject({ status: 'cancelled', counts: { pending: 3 } });
    journal.close();
  });

  it('is logged once a "Charge now" settles its last charge of unknown outcome', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancelled-'));
    const journal = new RunJournal(dir);
    const logged: string[] = [];
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    world.charge = () => Promise.reject(new Error('socket hang up')); // the answer is lost
    const step = fakeStep(world, 10);
    const items = [1, 2].map((invoiceId) => ({ ...target, invoiceId, friendlyId: `2026-12-0000000${invoiceId}` }));
    const run = RetryRun.begin({ journal, step: () => step, concurrency: 1, financeLog: (e) => logged.push(e.summary) }, { version: 1, runId: 'run-l', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items });
    await run.resume();
    expect(run.view()).toMatchObject({ status: 'paused' });
    run.cancel();
    expect(logged.filter((l) => l.startsWith('Retry run run-l'))).toEqual([]); // waits for the open charge
    world.state = 'paid'; // 3scale did charge it
    world.charge = () => Promise.resolve({ kind: 'paid', invoice: null });
    const single = { ...target, invoiceId: 5, friendlyId: '2026-12-00000005' };
    journal.inFlight.claim(5);
    await chargeWithJournal({ step, journal, mode: 'test' }, journal.singleLog, single, true);
    expect(run.view().items[0]).toMatchObject({ status: 'paid' });
    expect(logged.filter((l) => l.startsWith('Retry run run-l (test mode) cancelled: 1 paid'))).toHaveLength(1);
    journal.close();
  });
});
