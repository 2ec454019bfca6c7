// One invoice is never charged twice at once: "Charge now" twice (a doubled IPC call), "Charge
// now" during a run that is charging it, and a new run while a cancelled one still has
// charges in flight.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import type { InvoicesFeature } from '../../../../main/invoices/invoices-feature';
import { startInvoiceWorld, type InvoiceWorld } from '../../../support/invoice-world';

const MONTH = new Date().toISOString().slice(0, 7);

async function load(feature: InvoicesFeature): Promise<void> {
  feature.screen.load({ month: MONTH, state: null, search: '', refresh: true });
  for (let i = 0; i < 500 && feature.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(feature.screen.view().status).toBe('done');
}

const charges = (world: InvoiceWorld) => world.threescale.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/charge.json'));

describe('one invoice in flight at a time', { timeout: 30_000 }, () => {
  let world: InvoiceWorld;
  let journalDir: string;
  const feature = (tuning: Record<string, number> = {}) =>
    world.feature({ journalDir, tuning: { threescaleRequestsPerSecond: 200, stripeRequestsPerSecond: 200, settleMs: 50, timeoutMs: 5000, ...tuning } });

  beforeEach(async () => {
    world = await startInvoiceWorld();
    journalDir = mkdtempSync(path.join(os.tmpdir(), 'in-flight-'));
  });
  afterEach(async () => {
    await world.stop();
  });

  it('refuses a second "Charge now" of the same invoice while the first is in flight', async () => {
    const account = await world.account({ orgName: 'Dev', card: 'pm_card_visa' });
    const invoice = world.invoice(account, { cost: 10 });
    world.threescale.setFaults({ chargeDelayMs: 200 });
    const app = feature();
    await load(app);
    const first = app.screen.charge(invoice.id);
    const second = app.screen.charge(invoice.id);
    await expect(second).rejects.toThrow(UserFacingError);
    await expect(second).rejects.toThrow(/is being charged right now/);
    expect((await first).outcome).toBe('paid');
    expect(charges(world)).toHaveLength(1);
  });

  it('refuses "Charge now" of an invoice the run is charging, and skips in the run one "Charge now" is charging', async () => {
    const a = world.invoice(await world.account({ orgName: 'A', card: 'pm_card_chargeCustomerFail' }), { cost: 10 });
    const b = world.invoice(await world.account({ orgName: 'B', card: 'pm_card_chargeCustomerFail' }), { cost: 11 });
    await world.chargeIn3scale(a.id);
    await world.chargeIn3scale(b.id);
    world.threescale.setFaults({ chargeDelayMs: 200 });
    const app = feature({ concurrency: 1 });
    await load(app);
    const plan = app.runs.plan([a.id, b.id]);
    const before = charges(world).length;
    app.runs.start(plan.planId, null);
    while (!app.runs.view()?.items.some((i) => i.status === 'charging')) await new Promise((r) => setTimeout(r, 2));
    const charging = app.runs.view()?.items.find((i) => i.status === 'charging')?.invoiceId ?? 0;
    const other = charging === a.id ? b.id : a.id;
    await expect(app.screen.charge(charging)).rejects.toThrow(/is being charged right now/);
    const single = app.screen.charge(other).catch(() => null);
    await app.runs.settled();
    await single;
    expect(app.runs.view()?.items.find((i) => i.invoiceId === other)?.message).toMatch(/being charged or checked at the same moment/);
    expect(charges(world).length - before).toBe(2); // one each, never two of one
  });

  it('refuses a new run while a cancelled run still has a charge in flight', async () => {
    const a = world.invoice(await world.account({ orgName: 'A', card: 'pm_card_visa' }), { cost: 10 });
    world.threescale.setFaults({ chargeDelayMs: 300 });
    const app = feature({ concurrency: 1 });
    await load(app);
    app.runs.start(app.runs.plan([a.id]).planId, null);
    while (charges(world).length === 0) await new Promise((r) => setTimeout(r, 2));
    app.runs.cancel();
    const next = app.runs.plan([a.id]);
    expect(() => app.runs.start(next.planId, null)).toThrow(/still has charges in flight/);
    await app.runs.settled();
  });
});
