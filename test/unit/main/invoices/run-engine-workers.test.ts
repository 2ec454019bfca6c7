// A worker that fails (its journal cannot be written) stops the run, but the run counts as
// stopped only once every other worker's charge has returned; the charge whose result could
// not be written stays open, to be settled before anything else is sent.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RetryRun } from '../../../../main/invoices/run-engine';
import { RunJournal, type DurableLog } from '../../../../main/invoices/run-journal';
import { fakeStep, target, type FakeWorld } from './fake-charge-step';

class FailingJournal extends RunJournal {
  override result(log: DurableLog, invoiceId: number, result: Parameters<RunJournal['result']>[2], charged: boolean): void {
    if (invoiceId === 1) throw new Error('ENOSPC: no space left on device');
    super.result(log, invoiceId, result, charged);
  }
}

describe('a run whose worker fails', () => {
  it('waits for every worker before it counts as stopped', async () => {
    let inFlight = 0;
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    world.charge = async (invoiceId) => {
      inFlight += 1;
      await new Promise((r) => setTimeout(r, invoiceId === 1 ? 5 : 200));
      inFlight -= 1;
      return { kind: 'paid', invoice: null };
    };
    const step = fakeStep(world);
    const journal = new FailingJournal(mkdtempSync(path.join(os.tmpdir(), 'workers-')));
    const items = [1, 2, 3].map((invoiceId) => ({ ...target, invoiceId, friendlyId: `2026-12-0000000${invoiceId}` }));
    const run = RetryRun.begin({ journal, step: () => step, concurrency: 3 }, { version: 1, runId: 'run-w', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items });
    await run.resume();
    expect(inFlight).toBe(0);
    expect(run.unsettledWork).toBe(true);
    expect(journal.unresolvedInRun().map((entry) => entry.id)).toEqual([1]);
    expect(run.view().items.filter((i) => i.status === 'charging')).toEqual([]);
    expect(run.view().items.find((i) => i.invoiceId === 1)).toMatchObject({ status: 'unknown', message: expect.stringMatching(/could not be written/) });
    expect(run.view()).toMatchObject({ status: 'paused', problem: expect.stringMatching(/journal cannot be written/) });
    journal.close();
  });
});
