// Stripe's objects, read with the SDK from the test server the way a loader would (lists by
// created and arrival_date, balance transactions per payout), mapped and reconciled: the fake's
// ledger and the month-end figures agree.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type Stripe from 'stripe';
import type { InvoiceInput, StripeBalanceTransactionInput } from '../../../../main/month-end/month-end-inputs';
import { buildMonthEndReport } from '../../../../main/month-end/month-end-report';
import {
  balanceTransactionInput,
  chargeInput,
  disputeInput,
  idOf,
  intentInput,
  payoutInput,
  refundInput,
} from '../../../../main/month-end/stripe-objects';
import { startFakeStripe } from '../../../stripe-server/server';
import type { FakeStripe } from '../../../stripe-server/server';
import { stripeFor } from '../../../stripe-server/testing';
import { at, standardFee } from './month-end-builder';

vi.setConfig({ testTimeout: 30_000 });

const KEY = 'sk_test_51FakeMonthEndObjects000000000001';
const START = Date.UTC(2026, 9, 1) / 1000;
const END = Date.UTC(2026, 10, 1) / 1000;

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe({ keys: [{ secret: KEY }] });
  stripe = stripeFor(fake, KEY);
});

afterAll(async () => {
  await fake.stop();
});

function invoice(id: number, state: InvoiceInput['invoice']['state'], cost: number, references: { id: string; success: boolean }[]): InvoiceInput {
  return {
    invoice: { id, friendlyId: `2026-10-${String(id).padStart(8, '0')}`, accountId: 100 + id, state, cost, currency: 'EUR', month: '2026-10', paidAt: null },
    organisation: `Org ${id}`,
    transactions: references.map((ref, i) => ({ id: id * 10 + i, createdAt: '2026-10-01T12:00:00Z', success: ref.success, message: null, amount: cost, currency: 'EUR', reference: ref.id })),
  };
}

describe('Stripe objects from the test server into the month-end report', () => {
  it('seeded month → SDK lists → mapped → reconciled: refunds, a dispute lost and one won, payouts, other business', async () => {
    const ledger = fake.ledger('test');
    const describe3scale = (id: number) => `Acme API services 2026-10-${String(id).padStart(8, '0')}`;
    const paid = ledger.seedPaymentIntent({ amount: 4_000, currency: 'eur', created: at(1), description: describe3scale(1) });
    const refunded = ledger.seedPaymentIntent({ amount: 6_000, currency: 'eur', created: at(2), description: describe3scale(2) });
    const lost = ledger.seedPaymentIntent({ amount: 8_000, currency: 'eur', created: at(5), description: describe3scale(3) });
    const won = ledger.seedPaymentIntent({ amount: 7_000, currency: 'eur', created: at(6), description: describe3scale(4) });
    const declined = ledger.seedPaymentIntent({ amount: 2_500, currency: 'eur', created: at(3), description: describe3scale(5), card: 'pm_card_chargeDeclined' });
    const consulting = ledger.seedPaymentIntent({ amount: 9_900, currency: 'eur', created: at(10), description: 'Consulting' });
    ledger.settle();
    ledger.refund(refunded.id, { amount: 1_500, created: at(8) });
    ledger.dispute(lost.id, { status: 'lost', created: at(12) });
    ledger.dispute(won.id, { status: 'won', created: at(13), closedAt: at(20) });
    ledger.payOut('daily', at(31, 23));

    // What a loader reads: a handful of lists, no request per object.
    const range = { gte: START, lt: END };
    const charges = await stripe.charges.list({ created: range, limit: 100, expand: ['data.payment_intent'] }).autoPagingToArray({ limit: 10_000 });
    const payouts = await stripe.payouts.list({ arrival_date: { gte: START }, limit: 100 }).autoPagingToArray({ limit: 1_000 });
    const txns = new Map<string, StripeBalanceTransactionInput>();
    for (const payout of payouts) {
      const inPayout = await stripe.balanceTransactions.list({ payout: payout.id, limit: 100 }).autoPagingToArray({ limit: 10_000 });
      for (const txn of inPayout) if (txn.type !== 'payout') txns.set(txn.id, balanceTransactionInput(txn, payout.id));
    }
    for (const txn of await stripe.balanceTransactions.list({ created: range, limit: 100 }).autoPagingToArray({ limit: 10_000 })) {
      if (!txns.has(txn.id) && txn.type !== 'payout') txns.set(txn.id, balanceTransactionInput(txn, null));
    }
    const refunds = await stripe.refunds.list({ created: range, limit: 100 }).autoPagingToArray({ limit: 10_000 });
    const disputes = await stripe.disputes.list({ created: range, limit: 100 }).autoPagingToArray({ limit: 10_000 });
    expect(fake.requests.filter((r) => r.path.startsWith('/v1/')).length).toBeLessThanOrEqual(6 + payouts.length);

    const intents = charges.map((charge) => charge.payment_intent).filter((pi): pi is Stripe.PaymentIntent => pi !== null && typeof pi === 'object');
    expect(idOf(charges[0]?.payment_intent)).toMatch(/^pi_/);
    const report = buildMonthEndReport(
      {
        month: '2026-10',
        invoices: [
          invoice(1, 'paid', 40, [{ id: paid.id, success: true }]),
          invoice(2, 'paid', 60, [{ id: refunded.id, success: true }]),
          invoice(3, 'paid', 80, [{ id: lost.id, success: true }]),
          invoice(4, 'paid', 70, [{ id: won.id, success: true }]),
          invoice(5, 'failed', 25, [{ id: declined.id, success: false }]),
        ],
        stripe: {
          intents: intents.map(intentInput),
          charges: charges.map(chargeInput),
          balanceTransactions: [...txns.values()],
          refunds: refunds.map(refundInput),
          disputes: disputes.map(disputeInput),
          payouts: payouts.map(payoutInput),
        },
      },
      { mode: 'test', provider: 'Acme', loadedAt: '2026-11-01T00:00:00Z' },
    );

    expect(report.mismatches.refunded_or_disputed.map((m) => m.invoiceId)).toEqual([2, 3]);
    expect(report.mismatches.paid_without_stripe_payment).toEqual([]);
    expect(report.unmatchedPayments.map((p) => p.paymentIntentId)).toEqual([consulting.id]);
    expect(report.rows.find((r) => r.invoiceId === 5)).toMatchObject({ status: 'failed', paymentIntents: [{ status: 'requires_payment_method' }] });
    expect(report.rows.find((r) => r.invoiceId === 4)).toMatchObject({ status: 'collected', disputes: [{ status: 'won' }], disputedMinor: 0, mismatches: [] });

    const processing = [4_000, 6_000, 8_000, 7_000].reduce((sum, amount) => sum + standardFee(amount), 0);
    const [eur] = report.totals;
    expect(eur).toMatchObject({
      currency: 'EUR',
      invoicedMinor: 27_500,
      collectedGrossMinor: 25_000,
      feesMinor: processing + 1_500,
      refundedMinor: 1_500,
      disputedMinor: 8_000,
      netMinor: 25_000 - processing - 1_500 - 1_500 - 8_000,
      outstandingFailedMinor: 2_500,
      otherBusinessMinor: 9_900,
    });
    // Every payout that carried an invoice's charge, with the month's share of it.
    const paidOut = report.rows.flatMap((r) => r.payouts.map((p) => p.id));
    expect(new Set(paidOut).size).toBe(report.payouts.length);
    expect(report.payouts.every((p) => p.fromMonthMinor !== 0 && p.currency === 'EUR' && p.status === 'paid')).toBe(true);
    expect(report.rows.find((r) => r.invoiceId === 1)?.payouts).toHaveLength(1);
  });
});
