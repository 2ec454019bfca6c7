// A cancelled run read back with a charge of unknown outcome is interrupted: resuming settles
// that charge with 3scale and Stripe, sends nothing new, and the run ends cancelled.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RetryRun } from '../../../../main/invoices/run-engine';
import { RunJournal } from '../../../../main/invoices/run-journal';
import { fakeStep, payment, target, type FakeWorld } from './fake-charge-step';

describe('a cancelled run with an unsettled charge', () => {
  it('is read back interrupted, and resuming only settles it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancelled-'));
    const items = [1, 2].map((invoiceId) => ({ ...target, invoiceId, friendlyId: `2026-12-0000000${invoiceId}` }));
    const first = new RunJournal(dir);
    const run = { version: 1 as const, runId: 'run-c', mode: 'test' as const, startedAt: new Date().toISOString(), status: 'running' as const, items };
    first.begin(run);
    first.sending(first.log, items[0] ?? target, [], Date.now() - 60_000);
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
});
