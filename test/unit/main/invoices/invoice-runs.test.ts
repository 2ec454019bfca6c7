// Starting a run empties the run log: never while that log holds a charge of unknown outcome.
// When the run file beside it is gone or unreadable, its open charges are offered as a
// cancelled run to check (the log is read from disk), and checking them charges nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunView } from '../../../../common/contract/invoices';
import { runCsv } from '../../../../main/invoices/invoice-runs';
import { NOT_SENT_MESSAGE } from '../../../../main/invoices/journaled-charge';
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

  it('shows a lost run file\'s open charges as a cancelled run to check, refuses a new run until they are checked, and checking charges nothing', async () => {
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
    writeFileSync(path.join(dir, 'run.json'), '{"version":1,'); // the run file is torn

    const again = world.feature({ journalDir: dir, tuning: { settleMs: 50 } });
    expect(again.runs.view()).toMatchObject({ status: 'interrupted', checkOnly: true, mode: 'test', counts: { total: 1 } });
    again.screen.load({ month: MONTH, state: null, search: '', refresh: true });
    for (let i = 0; i < 500 && again.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
    const plan = again.runs.plan([invoice.id]);
    expect(() => again.runs.start(plan.planId, null)).toThrow(/not finished yet/);
    again.runs.resume();
    await again.runs.settled();
    expect(again.runs.view()).toMatchObject({ status: 'cancelled', items: [{ status: 'pending', message: NOT_SENT_MESSAGE }] });
    expect(world.threescale.requests.filter((r) => r.path.endsWith('/charge.json'))).toHaveLength(0);
    again.runs.start(again.runs.plan([invoice.id]).planId, null);
    await again.runs.settled();
    expect(again.runs.view()).toMatchObject({ status: 'done', counts: { paid: 1 } });
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
