import { describe, expect, it } from 'vitest';
import { reconcile } from '../../../../main/month-end/reconcile';
import { at, MonthBuilder, octoberScenario, standardFee } from './month-end-builder';

function byId(scenario: ReturnType<typeof octoberScenario>) {
  const result = reconcile(scenario.b.input());
  const row = (id: number) => {
    const found = result.invoices.find((invoice) => invoice.row.invoiceId === id);
    if (!found) throw new Error(`no row ${id}`);
    return found;
  };
  return { result, row };
}

describe('reconcile: every kind of mismatch, each its own list', () => {
  const scenario = octoberScenario();
  const { result, row } = byId(scenario);
  const idsOf = (kind: string) => result.invoices.filter((i) => i.mismatches.some((m) => m.kind === kind)).map((i) => i.row.invoiceId);

  it('paid in 3scale with no Stripe payment: marked paid by hand', () => {
    expect(idsOf('paid_without_stripe_payment')).toEqual([2]);
    expect(row(2).row.status).toBe('paid_by_hand');
    expect(row(2).mismatches[0]?.detail).toBe('Paid in 3scale on 2026-10-02 with no succeeded Stripe payment: marked paid by hand.');
  });

  it('paid in Stripe but not in 3scale (the webhook lost after authentication), found by the description', () => {
    expect(idsOf('paid_in_stripe_not_in_3scale')).toEqual([3]);
    const stripeOnly = row(3);
    expect(stripeOnly.row.status).toBe('paid_in_stripe_only');
    expect(stripeOnly.row.paymentIntents.map((p) => p.status)).toEqual(['requires_action', 'succeeded']);
    expect(stripeOnly.mismatches[0]).toMatchObject({ stripeMinor: 3_000, stripeCurrency: 'EUR', detail: 'Stripe collected 30.00 EUR (1 payment); 3scale says unpaid.' });
  });

  it('amount or currency differs: short, another currency, and collected twice', () => {
    expect(idsOf('amount_or_currency_differs')).toEqual([4, 5, 14]);
    expect(row(4).mismatches[0]?.detail).toBe('Collected 90.00 EUR for an invoice of 100.00 EUR.');
    expect(row(5).mismatches[0]).toMatchObject({ stripeMinor: 2_000, stripeCurrency: 'USD', detail: 'Collected 20.00 USD for an invoice of 20.00 EUR: the currency differs.' });
    expect(row(14).mismatches[0]).toMatchObject({ stripeMinor: 2_400, detail: 'Collected 24.00 EUR in 2 payments for an invoice of 12.00 EUR.' });
    expect(row(14).row.chargeIds).toHaveLength(2);
  });

  it('refunded (partly, twice) or disputed (lost) in Stripe while paid in 3scale; a won dispute is not a mismatch', () => {
    expect(idsOf('refunded_or_disputed')).toEqual([6, 7]);
    const refunded = row(6);
    expect(refunded.row).toMatchObject({ refundedMinor: 2_000, collectedMinor: 6_000, feeMinor: standardFee(6_000), netMinor: 6_000 - standardFee(6_000) - 2_000 });
    expect(refunded.mismatches[0]?.detail).toBe('Refunded 15.00 EUR on 2026-10-08, 5.00 EUR on 2026-10-09 of 60.00 EUR; 3scale says paid.');

    const lost = row(7);
    expect(lost.row).toMatchObject({ disputedMinor: 8_000, feeMinor: standardFee(8_000) + 1_500, netMinor: -1_500 - standardFee(8_000), disputes: [{ status: 'lost', amountMinor: 8_000 }] });
    expect(lost.mismatches[0]?.detail).toBe('80.00 EUR disputed (lost) on 2026-10-12; 3scale says paid.');

    const won = row(8);
    expect(won.row).toMatchObject({ status: 'collected', disputedMinor: 0, feeMinor: standardFee(7_000), mismatches: [], disputes: [{ status: 'won' }] });
    expect(won.transactions.map((t) => t.reportingCategory)).toEqual(['charge', 'dispute', 'dispute_reversal']);
  });

  it('an invoice with three attempts: two declines then success, collected, no mismatch', () => {
    const three = row(9);
    expect(three.row).toMatchObject({ attempts: 3, status: 'collected', collectedMinor: 2_500, mismatches: [] });
    expect(three.row.paymentIntents.map((p) => p.status)).toEqual(['requires_payment_method', 'requires_payment_method', 'succeeded']);
    expect(three.row.chargeIds).toEqual([scenario.charges.c9.charge?.id]);
    expect(three.failedAttempts.map((a) => a.at)).toEqual([at(1, 6), at(4, 6)]);
  });

  it('outstanding: failed, needing the developer’s action, unpaid; cancelled apart; none of them a mismatch', () => {
    expect([10, 11, 12, 13].map((id) => row(id).row.status)).toEqual(['failed', 'needs_action', 'unpaid', 'cancelled']);
    expect([10, 11, 12, 13].flatMap((id) => row(id).mismatches)).toEqual([]);
  });

  it('several currencies: GBP (one found by metadata.order_id alone) and JPY (no minor unit) match', () => {
    expect(row(15).row).toMatchObject({ currency: 'GBP', status: 'collected', mismatches: [], payouts: [{ id: scenario.payouts.gbpPayout }] });
    expect(row(16).row).toMatchObject({ currency: 'GBP', status: 'collected', collectedMinor: 4_000, mismatches: [] });
    expect(row(17).row).toMatchObject({ currency: 'JPY', invoicedMinor: 5_000, collectedMinor: 5_000, mismatches: [] });
  });

  it('Stripe payments of the month no invoice claims are listed apart, with why; last month’s are not', () => {
    expect(result.unmatchedPayments.map((p) => p.paymentIntentId)).toEqual([scenario.others.consulting.intent.id, scenario.others.otherMonth.intent.id]);
    expect(result.unmatchedPayments[0]).toMatchObject({ amountMinor: 9_900, currency: 'EUR', chargeId: scenario.others.consulting.charge?.id });
    expect(result.unmatchedPayments[0]?.detail).toContain('other business');
    expect(result.unmatchedPayments[1]?.detail).toBe("Its description names 3scale invoice 2026-09-00000077, which is not one of this month's invoices.");
  });

  it('payouts of each invoice, once each, from its balance transactions', () => {
    expect(row(1).row.payouts.map((p) => p.id)).toEqual([scenario.payouts.eurPayout]);
    expect(row(14).row.payouts.map((p) => p.id)).toEqual([scenario.payouts.eurPayout]);
    expect(row(6).row.payouts).toEqual([]);
  });
});

describe('reconcile: claiming PaymentIntents', () => {
  it('a description match counts only for the invoice’s own customers when they are known', () => {
    const b = new MonthBuilder();
    const invoice = b.invoice({ id: 1, state: 'unpaid', cost: 10 });
    invoice.customerIds = ['cus_someone_else'];
    b.intent({ amount: 1_000, currency: 'eur', when: at(3), description: `Acme API services ${invoice.invoice.friendlyId}`, outcome: 'succeeded' });
    const result = reconcile(b.input());
    expect(result.invoices[0]?.row).toMatchObject({ status: 'unpaid', paymentIntents: [] });
    expect(result.unmatchedPayments).toHaveLength(1);
  });

  it('a PaymentIntent a transaction references is not taken by another invoice whose friendly id ends its description', () => {
    const b = new MonthBuilder();
    const first = b.invoice({ id: 1, state: 'paid', cost: 10 });
    const second = b.invoice({ id: 2, state: 'unpaid', cost: 10 });
    const paid = b.intent({ amount: 1_000, currency: 'eur', when: at(3), description: `Acme API services ${second.invoice.friendlyId}`, outcome: 'succeeded' });
    first.transactions = [{ id: 1, createdAt: '2026-10-03T12:00:00Z', success: true, message: null, amount: 10, currency: 'EUR', reference: paid.intent.id }];
    const result = reconcile(b.input());
    expect(result.invoices.map((i) => [i.row.invoiceId, i.row.status])).toEqual([
      [1, 'collected'],
      [2, 'unpaid'],
    ]);
  });

  it('a succeeded PaymentIntent whose charge was not read still counts by its amount', () => {
    const b = new MonthBuilder();
    const invoice = b.invoice({ id: 1, state: 'paid', cost: 10 });
    b.attempt(invoice, { when: at(3), outcome: 'succeeded' });
    b.stripe.charges.length = 0;
    const [only] = reconcile(b.input()).invoices;
    expect(only?.row).toMatchObject({ status: 'collected', collectedMinor: 1_000, feeMinor: 0, chargeIds: [], mismatches: [] });
  });
});

describe('reconcile without 3scale’s payment transactions (one request per invoice, a loader may skip them)', () => {
  it('finds the same PaymentIntents by description and order_id, counts attempts and failures from Stripe’s charges', () => {
    const withTransactions = reconcile(octoberScenario().b.input());
    const scenario = octoberScenario();
    for (const invoice of scenario.b.invoices) invoice.transactions = null;
    const without = reconcile(scenario.b.input());
    const kinds = (r: typeof without) => r.invoices.map((i) => [i.row.invoiceId, i.row.status, i.row.mismatches.join(' ')]);
    expect(kinds(without)).toEqual(kinds(withTransactions));
    const three = without.invoices.find((i) => i.row.invoiceId === 9);
    expect(three?.row.attempts).toBe(3);
    // Declined charges only: an attempt that needed authentication never made a charge.
    expect(three?.failedAttempts).toEqual([
      { at: at(1, 6), amountMinor: 2_500, currency: 'EUR' },
      { at: at(4, 6), amountMinor: 2_500, currency: 'EUR' },
    ]);
    expect(without.invoices.find((i) => i.row.invoiceId === 11)?.failedAttempts).toEqual([]);
  });
});

// 3scale records a declined attempt's reference as the charge id (ActiveMerchant's error.charge).
describe('a transaction that references a charge', () => {
  it('claims the PaymentIntent of that charge', () => {
    const b = new MonthBuilder();
    const invoice = b.invoice({ id: 1, state: 'failed', cost: 25 });
    const declined = b.intent({ amount: 2_500, currency: 'EUR', when: at(3), description: null, outcome: 'declined' });
    invoice.transactions = [
      { id: 7, createdAt: '2026-10-03T12:00:00+02:00', success: false, message: 'Your card was declined.', amount: 25, currency: 'EUR', reference: declined.charge?.id ?? null },
    ];
    const row = reconcile(b.input()).invoices[0]?.row;
    expect(row?.paymentIntents.map((p) => p.id)).toEqual([declined.intent.id]);
    expect(row?.status).toBe('failed');
  });
});
