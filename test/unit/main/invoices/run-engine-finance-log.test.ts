// A finance log that cannot be written (often the same full disk) never stops or hides a
// run's charges: the run goes on, ends as it would, and says that its entries are incomplete.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RetryRun } from '../../../../main/invoices/run-engine';
import { RunJournal } from '../../../../main/invoices/run-journal';
import { fakeStep, target, type FakeWorld } from './fake-charge-step';

describe('a run whose finance log cannot be written', () => {
  it('charges every invoice once, ends done, and names the problem', async () => {
    const sent: number[] = [];
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    world.charge = (id) => {
      sent.push(id);
      return Promise.resolve({ kind: 'paid', invoice: null });
    };
    const step = fakeStep(world);
    const journal = new RunJournal(mkdtempSync(path.join(os.tmpdir(), 'finance-log-')));
    const items = [1, 2, 3].map((invoiceId) => ({ ...target, invoiceId, friendlyId: `2026-12-0000000${invoiceId}` }));
    const financeLog = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    const run = RetryRun.begin({ journal, step: () => step, financeLog }, { version: 1, runId: 'run-f', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items });
    await run.resume();
    expect(sent.sort()).toEqual([1, 2, 3]);
    expect(run.view()).toMatchObject({ status: 'done', counts: { paid: 3 }, problem: expect.stringMatching(/^The finance log could not be written \(ENOSPC\): its entries for this run are incomplete/) });
    journal.close();
  });
});
