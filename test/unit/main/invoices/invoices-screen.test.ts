// The Invoices screen against the two test servers: the load and the join (paid in Stripe
// through a transaction's reference and through the description only), decline words in
// the rows, every exclusion reason in a plan, "Charge now" (checked right before: skipped
// when paid in Stripe meanwhile), and "Mark as paid in 3scale" (only with a payment of the
// invoice's total as 3scale reports it at that moment); a load cancelled or failed part way
// (its rows marked partial, charges and plans refused until a reload).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoicesFeature } from '../../../../main/invoices/invoices-feature';
import { startInvoiceWorld, type InvoiceWorld } from '../../../support/invoice-world';
import type { InvoiceRecord } from '../../../threescale-server/store';

const MONTH = new Date().toISOString().slice(0, 7);

async function loaded(feature: InvoicesFeature): Promise<void> {
  feature.screen.load({ month: MONTH, state: null, search: '', refresh: true });
  for (let i = 0; i < 400 && feature.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
  const view = feature.screen.view();
  if (view.status !== 'done') throw new Error(`load ended ${view.status}: ${view.error}`);
}

describe('the Invoices screen against the 3scale and Stripe test servers', { timeout: 30_000 }, () => {
  let world: InvoiceWorld;
  let feature: InvoicesFeature;
  const inv: Record<string, InvoiceRecord> = {};

  beforeAll(async () => {
    world = await startInvoiceWorld();
    const make = async (name: string, card: Parameters<InvoiceWorld['account']>[0]['card'], extra: Partial<Parameters<InvoiceWorld['account']>[0]> = {}) => {
      const account = await world.account({ orgName: name, card, ...extra });
      const invoice = world.invoice(account, { cost: 120 });
      inv[name] = invoice;
      return { account, invoice };
    };
    await make('Globex', 'pm_card_visa');
    const initech = await make('Initech', 'pm_card_chargeCustomerFail');
    await world.chargeIn3scale(initech.invoice.id);
    const hooli = await make('Hooli', 'pm_card_chargeDeclinedInsufficientFunds');
    await world.chargeIn3scale(hooli.invoice.id);
    const umbrella = await make('Umbrella', 'pm_card_chargeDeclinedStolenCard');
    await world.chargeIn3scale(umbrella.invoice.id);
    const stark = await make('Stark', 'pm_card_authenticationRequired');
    await world.chargeIn3scale(stark.invoice.id);
    // Authenticated later; the webhook never reached 3scale.
    const wayne = await make('Wayne', 'pm_card_authenticationRequired');
    await world.chargeIn3scale(wayne.invoice.id);
    world.threescale.setFaults({ dropWebhooks: true });
    const wayneIntent = world.stripe.paymentIntents('test').find((pi) => pi.metadata['order_id'] === String(wayne.invoice.id));
    world.stripe.authenticatePaymentIntent(wayneIntent?.id ?? '');
    world.threescale.setFaults({ dropWebhooks: false });
    // Paid in Stripe by a PaymentIntent 3scale never recorded: only its description names the invoice.
    const oscorp = await make('Oscorp', 'pm_card_visa');
    const client = (await import('../../../stripe-server/testing')).stripeFor(world.stripe, 'sk_test_invoicesWorld0000000000000000');
    await client.paymentIntents.create({
      amount: 12000,
      currency: 'eur',
      customer: oscorp.account.stripeCustomerId ?? '',
      payment_method: oscorp.account.card?.paymentMethodId ?? '',
      off_session: true,
      confirm: true,
      description: `Acme API API services ${oscorp.invoice.friendlyId}`,
    });
    await make('Nocard', null);
    await make('Expired', 'pm_card_visa', { expMonth: 1, expYear: 2020 });
    await make('Disabled', 'pm_card_visa', { chargingEnabled: false });
    const paid = await make('Paidco', 'pm_card_visa');
    await world.chargeIn3scale(paid.invoice.id);
    feature = world.feature({ journalDir: mkdtempSync(path.join(os.tmpdir(), 'invoices-screen-')) });
    await loaded(feature);
  });

  afterAll(async () => {
    await world.stop();
  });

  const row = (name: string) => {
    const found = feature.screen.view().rows.find((r) => r.id === inv[name]?.id);
    if (!found) throw new Error(`no row for ${name}`);
    return found;
  };

  it('shows each invoice with its organisation, attempts and the last payment in plain words', () => {
    expect(row('Globex')).toMatchObject({ organisation: 'Globex', state: 'unpaid', attempts: 0, lastPayment: null, exclusion: null, total: { amountMinor: 12000, currency: 'EUR' } });
    expect(row('Initech')).toMatchObject({ attempts: 1, lastPayment: { status: 'requires_payment_method', declineCode: 'generic_decline', declineText: 'The card was declined' }, exclusion: null });
    expect(row('Hooli').lastPayment).toMatchObject({ declineCode: 'insufficient_funds', declineText: 'Insufficient funds', card: { last4: '9995' } });
    expect(row('Stark')).toMatchObject({ needsAction: true, lastPayment: { declineText: 'The developer must authenticate this payment' } });
    expect(row('Paidco')).toMatchObject({ state: 'paid', paidInStripe: null });
  });

  it('flags an invoice paid in Stripe but not in 3scale: through the transaction reference and through the description', () => {
    expect(row('Wayne')).toMatchObject({ state: 'unpaid', paidInStripe: { status: 'succeeded' }, needsAction: false, exclusion: { reason: 'paid_in_stripe' } });
    expect(row('Oscorp')).toMatchObject({ state: 'unpaid', attempts: 0, paidInStripe: { status: 'succeeded' }, exclusion: { reason: 'paid_in_stripe' } });
    const eur = feature.screen.view().summary.find((s) => s.currency === 'EUR');
    expect(eur).toMatchObject({ paidMinor: 12000, paidInStripeMinor: 24000, needsActionMinor: 12000 });
  });

  it('plans a retry with every exclusion reason and the totals of what it charges', () => {
    const plan = feature.runs.plan(null);
    const reasons = Object.fromEntries(plan.excluded.map((e) => [e.organisation, e.reason]));
    expect(reasons).toEqual({
      Wayne: 'paid_in_stripe',
      Oscorp: 'paid_in_stripe',
      Stark: 'needs_authentication',
      Umbrella: 'hard_decline',
      Nocard: 'no_card',
      Expired: 'card_expired',
      Disabled: 'charging_disabled',
    });
    expect(plan.include.map((i) => i.organisation).sort()).toEqual(['Globex', 'Hooli', 'Initech']);
    expect(plan.totals).toEqual([{ currency: 'EUR', amountMinor: 36000 }]);
    const paid = feature.runs.plan([inv['Paidco']?.id ?? 0]);
    expect(paid.excluded[0]?.reason).toBe('not_chargeable_state');
  });

  it("shows an invoice's details: line items, every attempt with its PaymentIntent, the card 3scale holds", async () => {
    const detail = await feature.screen.detail(inv['Umbrella']?.id ?? 0);
    expect(detail.lineItems).toEqual([expect.objectContaining({ name: 'Pro plan', cost: { amountMinor: 12000, currency: 'EUR' } })]);
    expect(detail.attempts).toHaveLength(1);
    expect(detail.attempts[0]).toMatchObject({
      success: false,
      // As 3scale records a decline: the failed charge's id (ActiveMerchant's error.charge), joined to its PaymentIntent.
      reference: expect.stringMatching(/^ch_/),
      paymentIntent: { status: 'requires_payment_method', declineCode: 'stolen_card', declineText: 'The card was reported stolen', card: { last4: '9979' } },
    });
    expect(detail.card).toMatchObject({ last4: '9979', brand: 'visa' });
    expect(detail.row.exclusion?.reason).toBe('hard_decline');
  });

  it('charges one invoice through 3scale and shows the result in place', async () => {
    const result = await feature.screen.charge(inv['Globex']?.id ?? 0);
    expect(result).toMatchObject({ outcome: 'paid', row: { state: 'paid', attempts: 1 } });
    const declined = await feature.screen.charge(inv['Hooli']?.id ?? 0);
    expect(declined).toMatchObject({ outcome: 'declined', message: 'Declined: Insufficient funds', row: { attempts: 2 } });
  });

  it('refuses to charge an invoice paid in Stripe, and skips one paid in Stripe since the load', async () => {
    await expect(feature.screen.charge(inv['Wayne']?.id ?? 0)).rejects.toThrow(/Already paid in Stripe/);
    // Initech's developer pays by another route after the load: a succeeded PaymentIntent for the invoice appears.
    const initech = inv['Initech'];
    const intent = world.stripe.paymentIntents('test').find((pi) => pi.metadata['order_id'] === String(initech?.id));
    if (!intent) throw new Error('no intent');
    intent.status = 'succeeded';
    const before = world.threescale.requests.filter((r) => r.path.endsWith('/charge.json')).length;
    const result = await feature.screen.charge(initech?.id ?? 0);
    expect(result.outcome).toBe('skipped');
    expect(result.message).toMatch(/paid in Stripe/);
    expect(world.threescale.requests.filter((r) => r.path.endsWith('/charge.json')).length).toBe(before);
  });

  it('marks an invoice paid in Stripe as paid in 3scale, only with a succeeded PaymentIntent of that invoice', async () => {
    const wayne = row('Wayne');
    await expect(feature.screen.markPaid(wayne.id, row('Hooli').lastPayment?.id ?? '')).rejects.toThrow(/not a Stripe payment of invoice/);
    const result = await feature.screen.markPaid(wayne.id, wayne.paidInStripe?.id ?? '');
    expect(result).toMatchObject({ outcome: 'paid', row: { state: 'paid', paidInStripe: null } });
    expect(world.threescale.world.invoices.get(wayne.id)?.state).toBe('paid');
  });

  it('refuses to mark as paid with a PaymentIntent whose amount or currency differs from the invoice total 3scale reports now', async () => {
    const client = (await import('../../../stripe-server/testing')).stripeFor(world.stripe, 'sk_test_invoicesWorld0000000000000000');
    const paidInStripe = async (name: string, amount: number, currency: string) => {
      const account = await world.account({ orgName: name, card: 'pm_card_visa' });
      const invoice = world.invoice(account, { cost: 120 });
      inv[name] = invoice;
      const intent = await client.paymentIntents.create({
        amount,
        currency,
        customer: account.stripeCustomerId ?? '',
        payment_method: account.card?.paymentMethodId ?? '',
        off_session: true,
        confirm: true,
        description: `Acme API API services ${invoice.friendlyId}`,
        metadata: { order_id: String(invoice.id) },
      });
      return intent.id;
    };
    const short = await paidInStripe('Cyberdyne', 9000, 'eur');
    const dollars = await paidInStripe('Soylent', 12000, 'usd');
    const loadedTotal = await paidInStripe('Tyrell', 12000, 'eur');
    await loaded(feature);
    expect(row('Tyrell')).toMatchObject({ total: { amountMinor: 12000, currency: 'EUR' }, paidInStripe: { id: loadedTotal } });
    // Since the load, 3scale's total of Tyrell's invoice became €150.00 (VAT added).
    const tyrell = world.threescale.world.invoices.get(inv['Tyrell']?.id ?? 0);
    if (!tyrell) throw new Error('no Tyrell invoice');
    tyrell.vatRate = 25;
    const writes = () => world.threescale.requests.filter((r) => r.path.endsWith('/state.json')).length;
    const before = writes();
    await expect(feature.screen.markPaid(inv['Cyberdyne']?.id ?? 0, short)).rejects.toThrow(/90\.00 EUR.*120\.00 EUR/);
    await expect(feature.screen.markPaid(inv['Soylent']?.id ?? 0, dollars)).rejects.toThrow(/120\.00 USD.*120\.00 EUR/);
    await expect(feature.screen.markPaid(inv['Tyrell']?.id ?? 0, loadedTotal)).rejects.toThrow(/120\.00 EUR.*150\.00 EUR/);
    expect(writes()).toBe(before);
    for (const name of ['Cyberdyne', 'Soylent', 'Tyrell']) expect(world.threescale.world.invoices.get(inv[name]?.id ?? 0)?.state).toBe('unpaid');
  });

  it("shows the rows before 3scale's transactions are all read, and charges nothing until the load is whole", async () => {
    const slow = world.feature({ journalDir: mkdtempSync(path.join(os.tmpdir(), 'invoices-partial-')), tuning: { threescaleRequestsPerSecond: 4, stripeRequestsPerSecond: 200, settleMs: 50 } });
    slow.screen.load({ month: MONTH, state: null, search: '' });
    let view = slow.screen.view();
    for (let i = 0; i < 500 && view.rows.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 10));
      view = slow.screen.view();
    }
    expect(view.status).toBe('loading');
    expect(view.rows.length).toBeGreaterThan(5);
    await expect(slow.screen.charge(view.rows[0]?.id ?? 0)).rejects.toThrow(/still loading/);
    expect(() => slow.runs.plan(null)).toThrow(/still loading/);
    slow.screen.load({ month: '2001-01', state: null, search: '' }); // another month replaces the slow load
    for (let i = 0; i < 500 && slow.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(slow.screen.view()).toMatchObject({ status: 'done', rows: [], query: { month: '2001-01' } });
  });

  it('cancels a load part way: the rows read stay, marked partial; charges and plans are refused until a reload completes', async () => {
    const slow = world.feature({ journalDir: mkdtempSync(path.join(os.tmpdir(), 'invoices-cancel-')), tuning: { threescaleRequestsPerSecond: 4, stripeRequestsPerSecond: 200, settleMs: 50 } });
    slow.screen.load({ month: MONTH, state: 'unpaid', search: '' });
    const whole = feature.screen.rows({ month: MONTH, state: 'unpaid', search: '' }).length;
    for (let i = 0; i < 500 && slow.screen.view().rows.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(slow.screen.view()).toMatchObject({ status: 'loading', partial: true });

    const cancelled = slow.screen.cancelLoad();
    expect(cancelled).toMatchObject({ status: 'cancelled', progress: null, error: null, partial: true, query: { month: MONTH, state: 'unpaid' } });
    expect(cancelled.rows.length).toBeGreaterThan(5);
    const unpaid = cancelled.rows.find((r) => r.exclusion === null);
    if (!unpaid) throw new Error('no chargeable row');
    const charges = () => world.threescale.requests.filter((r) => r.path.endsWith('/charge.json')).length;
    const before = charges();
    await expect(slow.screen.charge(unpaid.id)).rejects.toThrow('Loading the invoices was cancelled before it finished, so what is shown may be incomplete and nothing was charged. Reload the month first.');
    expect(() => slow.runs.plan(null)).toThrow(/cancelled before it finished/);
    expect(charges()).toBe(before);
    // Requests that were on their way when it was cancelled change nothing when they come back.
    await new Promise((r) => setTimeout(r, 600));
    expect(slow.screen.view()).toMatchObject({ status: 'cancelled', progress: null, partial: true });
    // A change of filter keeps it cancelled (same month); a reload reads the month whole.
    expect(slow.screen.load({ month: MONTH, state: null, search: '' })).toMatchObject({ status: 'cancelled', partial: true });
    slow.screen.load({ month: MONTH, state: 'unpaid', search: '', refresh: true });
    for (let i = 0; i < 1000 && slow.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(slow.screen.view()).toMatchObject({ status: 'done', partial: false, error: null });
    expect(slow.screen.view().rows).toHaveLength(whole);
    expect(slow.runs.plan(null).include.length).toBeGreaterThan(0);
    expect(slow.screen.cancelLoad()).toMatchObject({ status: 'done' }); // nothing to cancel
  });

  it('a load of another month cancelled before any row shows none of the earlier month, which comes back without a reload', async () => {
    const other = world.feature({ journalDir: mkdtempSync(path.join(os.tmpdir(), 'invoices-cancel-early-')) });
    await loaded(other);
    const rows = other.screen.view().rows.length;
    world.threescale.setFaults({ latencyMs: 300 });
    try {
      other.screen.load({ month: '2001-01', state: null, search: '' });
      expect(other.screen.cancelLoad()).toMatchObject({ status: 'cancelled', rows: [], loadedAt: null, partial: false, query: { month: '2001-01' } });
      const requests = world.threescale.requests.length;
      const back = other.screen.load({ month: MONTH, state: null, search: '' });
      expect(back).toMatchObject({ status: 'done', partial: false, loadedAt: expect.any(String) });
      expect(back.rows).toHaveLength(rows);
      expect(world.threescale.requests.length).toBe(requests);
    } finally {
      world.threescale.setFaults({ latencyMs: 0 });
    }
  });

  it('a load that failed part way keeps its rows marked partial and refuses plans', async () => {
    const failing = world.feature({ journalDir: mkdtempSync(path.join(os.tmpdir(), 'invoices-failed-')) });
    world.threescale.setFaults({ failNext: [{ status: 403, pathIncludes: '/payment_transactions' }] });
    failing.screen.load({ month: MONTH, state: null, search: '' });
    for (let i = 0; i < 500 && failing.screen.view().status === 'loading'; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(failing.screen.view()).toMatchObject({ status: 'failed', partial: true });
    expect(() => failing.runs.plan(null)).toThrow(/did not finish.*Reload the month first/);
  });
});
