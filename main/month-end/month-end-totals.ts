// The figures per currency of a reconciled month, and the payouts that carried its money. Amounts
// of different currencies are never added together.

import type { CurrencyTotals, PayoutView } from '../../common/contract/month-end';
import type { Reconciliation } from './reconcile';

function emptyTotals(currency: string): CurrencyTotals {
  return {
    currency,
    invoiceCount: 0,
    invoicedMinor: 0,
    collectedGrossMinor: 0,
    feesMinor: 0,
    disputeFeesMinor: 0,
    refundedMinor: 0,
    disputedMinor: 0,
    netMinor: 0,
    outstandingUnpaidMinor: 0,
    outstandingFailedMinor: 0,
    outstandingNeedsActionMinor: 0,
    otherBusinessMinor: 0,
  };
}

const isDisputeCategory = (category: string) => category === 'dispute' || category === 'dispute_reversal';

/**
 * Per currency: invoiced (all but cancelled), what Stripe collected for the month's invoices and
 * kept, refunded and withdrew by disputes, the net, what is still outstanding, and (apart) the
 * Stripe payments no invoice claims. The Stripe figures count in the charge's currency, but for
 * fees Stripe took in another (the account's settlement currency), which count in that one.
 */
export function totalsByCurrency(reconciliation: Reconciliation): CurrencyTotals[] {
  const byCurrency = new Map<string, CurrencyTotals>();
  const of = (currency: string): CurrencyTotals => {
    const key = currency.toUpperCase();
    let totals = byCurrency.get(key);
    if (!totals) {
      totals = emptyTotals(key);
      byCurrency.set(key, totals);
    }
    return totals;
  };
  for (const { row, transactions, collectedCharges } of reconciliation.invoices) {
    const invoiceTotals = of(row.currency);
    invoiceTotals.invoiceCount += 1;
    if (row.status !== 'cancelled') invoiceTotals.invoicedMinor += row.invoicedMinor;
    if (row.status === 'unpaid') invoiceTotals.outstandingUnpaidMinor += row.invoicedMinor;
    if (row.status === 'failed') invoiceTotals.outstandingFailedMinor += row.invoicedMinor;
    if (row.status === 'needs_action') invoiceTotals.outstandingNeedsActionMinor += row.invoicedMinor;
    // Stripe's side in the currency it was collected in (the same, unless it is a mismatch).
    const stripeTotals = of(collectedCharges[0]?.currency ?? row.paymentIntents.find((p) => p.status === 'succeeded')?.currency ?? row.currency);
    stripeTotals.collectedGrossMinor += row.collectedMinor;
    stripeTotals.feesMinor += row.feeMinor;
    for (const txn of transactions) {
      const isDispute = isDisputeCategory(txn.reportingCategory);
      if (txn.currency.toUpperCase() === stripeTotals.currency) {
        if (isDispute) stripeTotals.disputeFeesMinor += txn.fee;
        continue;
      }
      // Settled in another currency (the account's): its fee counts there, never in the charge's.
      const settled = of(txn.currency);
      settled.feesMinor += txn.fee;
      settled.netMinor -= txn.fee;
      if (isDispute) settled.disputeFeesMinor += txn.fee;
    }
    stripeTotals.refundedMinor += row.refundedMinor;
    stripeTotals.disputedMinor += row.disputedMinor;
    stripeTotals.netMinor += row.netMinor;
  }
  for (const payment of reconciliation.unmatchedPayments) of(payment.currency).otherBusinessMinor += payment.amountMinor;
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The payouts that carried any of the month's balance transactions, by arrival date. */
export function monthPayouts(reconciliation: Reconciliation): PayoutView[] {
  const fromMonth = new Map<string, number>();
  for (const { transactions } of reconciliation.invoices) {
    for (const txn of transactions) if (txn.payout) fromMonth.set(txn.payout, (fromMonth.get(txn.payout) ?? 0) + txn.net);
  }
  const out: PayoutView[] = [];
  for (const [id, net] of fromMonth) {
    const payout = reconciliation.index.payouts.get(id);
    out.push({
      id,
      currency: (payout?.currency ?? '').toUpperCase(),
      amountMinor: payout?.amount ?? 0,
      fromMonthMinor: net,
      arrivalDate: payout?.arrivalDate ?? 0,
      created: payout?.created ?? 0,
      status: payout?.status ?? 'unknown',
    });
  }
  return out.sort((a, b) => a.arrivalDate - b.arrivalDate || a.id.localeCompare(b.id));
}
