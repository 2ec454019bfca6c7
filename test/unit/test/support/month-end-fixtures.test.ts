// The month-end world fixture: what it seeds in the two test servers, read back (3scale's records,
// Stripe through the SDK's lists) and reconciled, gives exactly the cases it says it seeded.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type Stripe from 'stripe';
import type { InvoiceInput, StripeBalanceTransactionInput } from '../../../../main/month-end/month-end-inputs';
import { buildMonthEndReport } from '../../../../main/month-end/month-end-report';
import { balanceTransactionInput, chargeInput, disputeInput, intentInput, payoutInput, refundInput } from '../../../../main/month-end/stripe-objects';
import { startFakeStripe } from '../../../stripe-server/server';
import type { FakeStripe } from '../../../stripe-server/server';
import { stripeFor } from '../../../stripe-server/testing';
import { startFakeThreescale } from '../../../threescale-server/server';
import type { FakeThreescale } from '../../../threescale-server/server';
import { seedMonthEndWorld } from '../../../support/month-end-fixtures';
import type { MonthEndCase } from '../../../support/month-end-fixtures';

vi.setConfig({ testTimeout: 60_000 });

const KEY = 'sk_test_51FakeMonthEndWorld0000000000001';

let stripeFake: FakeStripe;
let threescale: FakeThreescale;

beforeAll(async () => {
  stripeFake = await startFakeStripe({ keys: [{ secret: KEY }] });
  threescale = await startFakeThreescale({ tokens: [{ value: 'tok-month-end-0001', scopes: ['finance', 'account_management'] }] });
});

afterAll(async () => {
  await threescale.stop();
  await stripeFake.stop();
});

const STATUS_OF: Record<MonthEndCase, string> = {
  collected: 'collected',
  collected_after_retries: 'collected',
  failed: 'failed',
  needs_action: 'needs_action',
  pending: 'unpaid',
  cancelled: 'cancelled',
  paid_by_hand: 'paid_by_hand',
  paid_in_stripe_only: 'paid_in_stripe_only',
  amount_differs: 'collected',
  partly_refunded: 'collected',
  dispute_lost: 'collected',
  dispute_won: 'collected',
};

describe('seedMonthEndWorld', () => {
  it('seeds every case of the report in both servers; reconciled, the report finds exactly them', async () => {
    const world = seedMonthEndWorld(threescale, stripeFake, { month: '2026-10', invoices: 600, currencies: ['EUR', 'USD'], payouts: 'daily', seed: 7 });
    const counts = new Map<MonthEndCase, number>();
    for (const kind of world.cases.values()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    for (const kind of Object.keys(STATUS_OF) as MonthEndCase[]) expect(counts.get(kind), kind).toBeGreaterThan(0);

    // 3scale's side as its records are (the loader will read the same through the Billing API).
    const records = threescale.world;
    const invoices: InvoiceInput[] = [...records.invoices.values()].map((invoice) => ({
      invoice: {
        id: invoice.id,
        friendlyId: invoice.friendlyId,
        accountId: invoice.buyerAccountId,
        state: invoice.state,
        cost: records.lineItems.filter((line) => line.invoiceId === invoice.id).reduce((sum, line) => sum + line.cost, 0),
        currency: invoice.currency,
        month: invoice.period,
        paidAt: invoice.paidAt?.toISOString() ?? null,
      },
      organisation: records.accounts.get(invoice.buyerAccountId)?.orgName ?? null,
      transactions: records.transactions
        .filter((t) => t.invoiceId === invoice.id)
        .map((t) => ({ id: t.id, createdAt: t.createdAt.toISOString(), success: t.success, message: t.message, amount: t.amount, currency: t.currency, reference: t.reference })),
    }));

    // Stripe's side through the SDK's lists.
    const stripe: Stripe = stripeFor(stripeFake, KEY);
    const range = { gte: Date.UTC(2026, 9, 1) / 1000, lt: Date.UTC(2026, 10, 1) / 1000 };
    const charges = await stripe.charges.list({ created: range, limit: 100, expand: ['data.payment_intent'] }).autoPagingToArray({ limit: 10_000 });
    const payouts = await stripe.payouts.list({ arrival_date: { gte: range.gte }, limit: 100 }).autoPagingToArray({ limit: 1_000 });
    const txns = new Map<string, StripeBalanceTransactionInput>();
    for (const payout of payouts) {
      for (const txn of await stripe.balanceTransactions.list({ payout: payout.id, limit: 100 }).autoPagingToArray({ limit: 10_000 })) {
        if (txn.type !== 'payout') txns.set(txn.id, balanceTransactionInput(txn, payout.id));
      }
    }
    for (const txn of await stripe.balanceTransactions.list({ created: range, limit: 100 }).autoPagingToArray({ limit: 10_000 })) {
      if (!txns.has(txn.id) && txn.type !== 'payout') txns.set(txn.id, balanceTransactionInput(txn, null));
    }
    const refunds = await stripe.refunds.list({ created: range, limit: 100 }).autoPagingToArray({ limit: 10_000 });
    const disputes = await stripe.disputes.list({ created: range, limit: 100 }).autoPagingToArray({ limit: 10_000 });

    const report = buildMonthEndReport(
      {
        month: '2026-10',
        invoices,
        stripe: {
          intents: charges.map((c) => c.payment_intent).filter((pi): pi is Stripe.PaymentIntent => pi !== null && typeof pi === 'object').map(intentInput),
          charges: charges.map(chargeInput),
          balanceTransactions: [...txns.values()],
          refunds: refunds.map(refundInput),
          disputes: disputes.map(disputeInput),
          payouts: payouts.map(payoutInput),
        },
      },
      { mode: 'test', provider: 'Acme API', loadedAt: '2026-11-01T00:00:00Z' },
    );

    for (const [kind, ids] of Object.entries(world.expectedMismatches)) {
      expect(report.mismatches[kind as keyof typeof world.expectedMismatches].map((m) => m.invoiceId).sort((a, b) => a - b), kind).toEqual(ids);
    }
    expect(report.unmatchedPayments.map((p) => p.paymentIntentId).sort()).toEqual([...world.otherPaymentIntents].sort());
    for (const row of report.rows) expect(row.status, `${row.friendlyId} (${world.cases.get(row.invoiceId) ?? '?'})`).toBe(STATUS_OF[world.cases.get(row.invoiceId) ?? 'collected']);
    expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
    expect(report.payouts.length).toBeGreaterThan(0);
    expect(report.payouts.every((p) => p.fromMonthMinor <= p.amountMinor)).toBe(true);
    expect(world.payouts.map((p) => p.id).sort()).toEqual(payouts.map((p) => p.id).sort());
  });
});
