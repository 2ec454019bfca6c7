// The run journal: what it reads back (a line cut short by a crash ignored, a charge sent
// without a result left to reconcile), and the recovery of an interrupted run: offered for
// resume, the unanswered charge settled by reading 3scale and Stripe BEFORE anything else
// is sent, never charged twice.
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChargeTarget } from '../../../../main/invoices/charge-step';
import { readLog, RunJournal, type RunFile } from '../../../../main/invoices/run-journal';
import { startInvoiceWorld, type InvoiceWorld } from '../../../support/invoice-world';

function target(invoiceId: number, extra: Partial<ChargeTarget> = {}): ChargeTarget {
  return {
    invoiceId,
    friendlyId: `2026-12-0000000${invoiceId}`,
    accountId: 7,
    organisation: 'Globex',
    total: { amountMinor: 1000, currency: 'EUR' },
    month: null,
    listPage: 1,
    paymentsSince: 0,
    customers: [],
    ...extra,
  };
}

describe('the run journal', () => {
  it('reads results and unanswered sends, and stops at a line a crash cut short', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
    const journal = new RunJournal(dir);
    const run: RunFile = { version: 1, runId: 'run-1', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items: [target(1), target(2), target(3)] };
    journal.begin(run);
    journal.sending(journal.log, target(1), ['pi_a:requires_payment_method:ch_1'], 1000, 'test');
    journal.result(journal.log, 1, { status: 'paid', message: 'Paid', paymentIntentId: null }, true);
    journal.sending(journal.log, target(2), [], 2000, 'test');
    appendFileSync(path.join(dir, 'run.log'), '{"e":"send","id":3,"at":30'); // killed mid-write
    const read = journal.read();
    expect(read?.run.runId).toBe('run-1');
    expect([...(read?.state.results.keys() ?? [])]).toEqual([1]);
    expect([...(read?.state.unresolved.keys() ?? [])]).toEqual([2]);
    expect(read?.state.unresolved.get(2)?.target.friendlyId).toBe('2026-12-00000002');
    journal.close();
  });

  it('cuts a line torn by a crash before appending, so no later line is hidden', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
    const file = path.join(dir, 'run.log');
    const first = new RunJournal(dir);
    first.sending(first.log, target(1), [], 1000, 'test');
    first.close();
    appendFileSync(file, '{"e":"send","id":2,"at":20'); // killed mid-write
    const reopened = new RunJournal(dir); // the next start of the app
    reopened.sending(reopened.log, target(3), [], 3000, 'test');
    reopened.result(reopened.log, 1, { status: 'paid', message: 'Paid', paymentIntentId: null }, true);
    reopened.close();
    const state = readLog(file);
    expect([...state.unresolved.keys()]).toEqual([3]);
    expect([...state.results.keys()]).toEqual([1]);
  });

  it('skips a bad line without hiding the lines after it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
    const file = path.join(dir, 'run.log');
    const journal = new RunJournal(dir);
    journal.sending(journal.log, target(1), [], 1000, 'test');
    appendFileSync(file, 'not json\n');
    journal.sending(journal.log, target(2), [], 2000, 'test');
    journal.close();
    expect([...readLog(file).unresolved.keys()]).toEqual([1, 2]);
  });

  it('starts a new run with an empty log, never while the log holds a charge of unknown outcome, and ignores a run file that does not parse', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
    const journal = new RunJournal(dir);
    journal.begin({ version: 1, runId: 'a', mode: 'test', startedAt: 'x', status: 'running', items: [target(1)] });
    journal.sending(journal.log, target(1), [], 1, 'test');
    expect(() => journal.begin({ version: 1, runId: 'b', mode: 'live', startedAt: 'y', status: 'running', items: [target(2)] })).toThrow(/unknown outcome/);
    // Read fresh from disk too: another journal object over the same folder refuses as well.
    expect(() => new RunJournal(dir).begin({ version: 1, runId: 'b', mode: 'live', startedAt: 'y', status: 'running', items: [target(2)] })).toThrow(/unknown outcome/);
    expect(journal.read()?.run.runId).toBe('a');
    journal.result(journal.log, 1, { status: 'paid', message: 'Paid', paymentIntentId: null }, true);
    journal.begin({ version: 1, runId: 'b', mode: 'live', startedAt: 'y', status: 'running', items: [target(2)] });
    expect(readLog(path.join(dir, 'run.log')).unresolved.size).toBe(0);
    expect(journal.read()?.run).toMatchObject({ runId: 'b', mode: 'live' });
    writeFileSync(path.join(dir, 'run.json'), '{"version":1,');
    expect(journal.read()).toBeNull();
    journal.close();
  });
});

describe('an interrupted run', { timeout: 30_000 }, () => {
  let world: InvoiceWorld;
  beforeEach(async () => {
    world = await startInvoiceWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it('is offered for resume; its unanswered charge is settled from 3scale and Stripe before anything is sent', async () => {
    const a = await world.account({ orgName: 'Sent', card: 'pm_card_visa' });
    const b = await world.account({ orgName: 'Declined', card: 'pm_card_chargeCustomerFail' });
    const c = await world.account({ orgName: 'Never sent', card: 'pm_card_visa' });
    const d = await world.account({ orgName: 'Lost on the way', card: 'pm_card_visa' });
    const [ia, ib, ic, id] = [world.invoice(a), world.invoice(b), world.invoice(c), world.invoice(d)];
    const targets = [ia, ib, ic, id].map((inv, i) =>
      target(inv.id, { friendlyId: inv.friendlyId, accountId: inv.buyerAccountId, organisation: ['Sent', 'Declined', 'Never sent', 'Lost on the way'][i] ?? null, total: { amountMinor: 10000, currency: 'EUR' } }),
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
    const journal = new RunJournal(dir);
    journal.begin({ version: 1, runId: 'run-crash', mode: 'test', startedAt: new Date().toISOString(), status: 'running', items: targets });
    // The app journaled A, B and D as sent, then died: A's and B's requests reached 3scale, D's never did.
    for (const t of [targets[0], targets[1], targets[3]]) if (t) journal.sending(journal.log, t, [], Date.now(), 'test');
    journal.close();
    expect(await world.chargeIn3scale(ia.id)).toBe(200);
    expect(await world.chargeIn3scale(ib.id)).toBe(422);
    const before = world.threescale.requests.length;

    const app = world.feature({ journalDir: dir });
    const offered = app.runs.view();
    expect(offered).toMatchObject({ runId: 'run-crash', status: 'interrupted', counts: { pending: 4 } });
    expect(offered?.items.filter((i) => i.status === 'unknown').map((i) => i.organisation)).toEqual(['Sent', 'Declined', 'Lost on the way']);
    expect(world.threescale.requests.length).toBe(before); // nothing asked until the user resumes

    app.runs.resume();
    await app.runs.settled();
    const view = app.runs.view();
    expect(view?.status).toBe('done');
    const byName = Object.fromEntries((view?.items ?? []).map((i) => [i.organisation, i]));
    expect(byName['Sent']).toMatchObject({ status: 'paid', message: 'Paid (confirmed after the answer was lost)' });
    expect(byName['Declined']).toMatchObject({ status: 'declined', message: 'Declined: The card was declined' });
    expect(byName['Never sent']).toMatchObject({ status: 'paid', message: 'Paid' });
    expect(byName['Lost on the way']).toMatchObject({ status: 'paid', message: 'Paid' });
    const charges = world.threescale.requests.slice(before).filter((r) => r.path.endsWith('/charge.json'));
    // Only the never-sent and the lost ones were sent, and only after the three unanswered were read.
    expect(charges.map((r) => r.path).sort()).toEqual([`/api/invoices/${ic.id}/charge.json`, `/api/invoices/${id.id}/charge.json`].sort());
    const firstCharge = charges[0] ? world.threescale.requests.indexOf(charges[0]) : -1;
    expect(firstCharge).toBeGreaterThan(before);
    const reads = world.threescale.requests.slice(before, firstCharge).filter((r) => /\/api\/invoices\/\d+\.json$/.test(r.path)).map((r) => r.path);
    expect(reads).toEqual(expect.arrayContaining([`/api/invoices/${ia.id}.json`, `/api/invoices/${ib.id}.json`, `/api/invoices/${id.id}.json`]));
    for (const ids of world.succeededByInvoice().values()) expect(ids).toHaveLength(1);
  });
});
