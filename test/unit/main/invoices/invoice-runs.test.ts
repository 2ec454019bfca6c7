// Starting a run empties the run log: never while that log holds a charge of unknown outcome,
// even when the run file beside it is gone or unreadable (the log is read from disk).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunView } from '../../../../common/contract/invoices';
import { runCsv } from '../../../../main/invoices/invoice-runs';
import { RunJournal } from '../../../../main/invoices/run-journal';
import { startInvoiceWorld, type InvoiceWorld } from '../../../support/invoice-world';

const MONTH = new Date().toISOString().slice(0, 7);

describe('starting a retry run', { timeout: 30_000 }, () => {
  let world: InvoiceWorld;
  beforeEach(async () => {
    world = await startInvoiceWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it('is refused while the run log holds an unanswered charge, though its run file is lost', async () => {
    const invoice = world.invoice(await world.account({ orgName: 'Sent', card: 'pm_card_visa' }));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'invoice-runs-'));
    const app = world.feature({ journalDir: dir, tuning: { settleMs: 50 } });
    app.screen.load({ month: MONTH, state: null, search: '', refresh: true });
    for (let i = 0; i < 500 && app.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
    const target = app.screen.target(invoice.id);
    if (!target) throw new Error('not loaded');
    const journal = new RunJournal(dir);
    journal.begin({ version: 1, runId: 'run-old', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items: [target] });
    journal.sending(journal.log, target, [], Date.now(), 'test');
    journal.close();
    rmSync(path.join(dir, 'run.json'));

    const again = world.feature({ journalDir: dir, tuning: { settleMs: 50 } });
    expect(again.runs.view()).toBeNull();
    again.screen.load({ month: MONTH, state: null, search: '', refresh: true });
    for (let i = 0; i < 500 && again.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
    const plan = again.runs.plan([invoice.id]);
    expect(() => again.runs.start(plan.planId, null)).toThrow(/left charges without a known outcome, and its run file is gone/);
    // "Charge now" settles it first (nothing reached 3scale), then charges once.
    expect((await again.screen.charge(invoice.id)).outcome).toBe('paid');
    expect(world.threescale.requests.filter((r) => r.path.endsWith('/charge.json'))).toHaveLength(1);
  });
});

// The CSV of a retry run: amounts in each currency's own minor-unit digits, as Stripe counts them.
const item = (invoiceId: number, amountMinor: number, currency: string): RunView['items'][number] => ({
  invoiceId,
  friendlyId: `2026-10-0000000${invoiceId}`,
  organisation: 'Globex',
  total: { amountMinor, currency },
  status: 'paid',
  message: null,
});

describe('runCsv', () => {
  it('writes CLP without decimals, KWD with three and HUF with two', () => {
    const view: RunView = {
      runId: 'run-1',
      mode: 'test',
      status: 'done',
      startedAt: '2026-11-02T10:00:00Z',
      counts: { total: 4, paid: 4, declined: 0, needsAction: 0, skipped: 0, failed: 0, pending: 0 },
      totalsCharged: [],
      items: [item(1, 1500, 'CLP'), item(2, 1234, 'KWD'), item(3, 100050, 'HUF'), item(4, 1999, 'EUR')],
    };
    const amounts = runCsv(view)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',').slice(3, 5).join(' '));
    expect(amounts).toEqual(['1500 CLP', '1.234 KWD', '1000.50 HUF', '19.99 EUR']);
  });
});
