// "Charge now" when things go wrong around a charge: the user switches mode while earlier
// charges are settled (nothing is sent), the result cannot be written to the journal (one
// finance entry, by the settle that checks it), the finance log cannot be written (the
// charge is still reported as what it was).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvoicesFeature } from '../../../../main/invoices/invoices-feature';
import { DurableLog, JournalWriteError, RunJournal } from '../../../../main/invoices/run-journal';
import { startInvoiceWorld, type InvoiceWorld } from '../../../support/invoice-world';

const MONTH = new Date().toISOString().slice(0, 7);
const TUNING = { settleMs: 50, threescaleRequestsPerSecond: 200, stripeRequestsPerSecond: 200, timeoutMs: 5000 };

async function load(app: InvoicesFeature): Promise<void> {
  app.screen.load({ month: MONTH, state: null, search: '', refresh: true });
  for (let i = 0; i < 500 && app.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(app.screen.view().status).toBe('done');
}

describe('"Charge now" around failures', { timeout: 30_000 }, () => {
  let world: InvoiceWorld;
  const chargesOf = (id: number) => world.threescale.requests.filter((r) => r.path === `/api/invoices/${id}/charge.json`);
  beforeEach(async () => {
    world = await startInvoiceWorld();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await world.stop();
  });

  it('sends nothing when the app switched mode while earlier charges were being settled', async () => {
    const open = world.invoice(await world.account({ orgName: 'Open one', card: 'pm_card_visa' }));
    const wanted = world.invoice(await world.account({ orgName: 'Wanted', card: 'pm_card_visa' }));
    let mode: 'test' | 'live' = 'test';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'charge-now-'));
    const before = world.feature({ journalDir: dir });
    await load(before);
    const openTarget = before.screen.target(open.id);
    if (!openTarget) throw new Error('not loaded');
    const journal = new RunJournal(dir);
    journal.sending(journal.singleLog, openTarget, [], Date.now(), 'test'); // a "Charge now" whose answer was lost, then a restart
    journal.close();
    const app = world.feature({ journalDir: dir, activeMode: () => mode, tuning: { ...TUNING, settleMs: 1500 } });
    await load(app);
    const charging = app.screen.charge(wanted.id).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    mode = 'live';
    expect(await charging).toMatchObject({ message: expect.stringMatching(/switched to live mode before invoice .* was charged in test mode; nothing was charged/) });
    expect(chargesOf(wanted.id)).toHaveLength(0);
  });

  it('logs a charge once when its result could not be written: the settle before the next charge logs it', async () => {
    const first = world.invoice(await world.account({ orgName: 'First', card: 'pm_card_visa' }));
    const next = world.invoice(await world.account({ orgName: 'Next', card: 'pm_card_visa' }));
    const logged: string[] = [];
    const app = world.feature({ journalDir: mkdtempSync(path.join(os.tmpdir(), 'charge-now-')), financeLog: (e) => logged.push(e.summary), tuning: TUNING });
    await load(app);
    const append = DurableLog.prototype.append;
    let failed = false;
    vi.spyOn(DurableLog.prototype, 'append').mockImplementation(function (this: DurableLog, entry) {
      if (entry.e === 'result' && !failed) {
        failed = true;
        throw new JournalWriteError(this.file, Object.assign(new Error('no space'), { code: 'ENOSPC' }));
      }
      append.call(this, entry);
    });
    const result = await app.screen.charge(first.id);
    expect(result).toMatchObject({ outcome: 'paid', message: expect.stringMatching(/cannot be written \(ENOSPC\).*checked again with 3scale and Stripe, and logged, before the next charge/) });
    expect(logged.filter((l) => l.includes(first.friendlyId))).toEqual([]);
    expect((await app.screen.charge(next.id)).outcome).toBe('paid');
    expect(logged.filter((l) => l.includes(first.friendlyId))).toHaveLength(1);
    expect(chargesOf(first.id)).toHaveLength(1);
  });

  it('reports the charge as it happened when the finance log cannot be written', async () => {
    const invoice = world.invoice(await world.account({ orgName: 'Full disk', card: 'pm_card_visa' }));
    const app = world.feature({
      journalDir: mkdtempSync(path.join(os.tmpdir(), 'charge-now-')),
      financeLog: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
      tuning: TUNING,
    });
    await load(app);
    const result = await app.screen.charge(invoice.id);
    expect(result).toMatchObject({ outcome: 'paid', message: 'Paid (the finance log could not be written (ENOSPC))' });
    expect(world.succeededByInvoice().get(String(invoice.id))).toHaveLength(1);
  });
});
