// What the month-end loader reads, reduced to what the reconciliation needs. 3scale's side is
// main/invoices' BillingInvoice / BillingTransaction (one reader of the Billing API);
// Stripe's side is one flat record per object, ids instead of expansions.
// Stripe amounts are minor units; 3scale's are decimals as its API renders them.

import type { PaymentIntentStatus } from '../../common/contract/invoices';
import type { BillingInvoice, BillingTransaction } from '../invoices/threescale-billing';
import { currencyExponent, formatMinor, toMinor } from '../shared/currency-units';

/** The fields of 3scale's invoice the reconciliation reads (cost in currency units, as 3scale renders it). */
export type ThreescaleInvoice = Pick<BillingInvoice, 'id' | 'friendlyId' | 'accountId' | 'state' | 'cost' | 'currency' | 'month' | 'paidAt'>;

/** 3scale's payment transaction (a charge attempt), as the Invoices feature reads it. */
export type ThreescaleTransaction = BillingTransaction;

export interface InvoiceInput {
  invoice: ThreescaleInvoice;
  organisation: string | null;
  /**
   * 3scale's payment transactions of the invoice (its charge attempts), or null when not read:
   * 3scale serves them one invoice per request, so a loader may rely on Stripe instead (the
   * PaymentIntents carry the invoice id as metadata.order_id, the attempts are their charges).
   */
  transactions: ThreescaleTransaction[] | null;
  /** The developer's Stripe customers, when known: a description match counts only for them. */
  customerIds?: readonly string[];
}

export interface StripeIntentInput {
  id: string;
  status: PaymentIntentStatus;
  amount: number;
  /** Upper or lower case; compared upper case. */
  currency: string;
  created: number;
  customer: string | null;
  description: string | null;
  /** metadata.order_id, the invoice id 3scale's gateway passes. */
  orderId: string | null;
  /** The last error's decline_code or code (authentication_required…). */
  errorCode: string | null;
}

export interface StripeChargeInput {
  id: string;
  paymentIntent: string | null;
  amount: number;
  currency: string;
  created: number;
  status: 'succeeded' | 'failed' | 'pending';
  balanceTransaction: string | null;
}

export type ReportingCategory = 'charge' | 'refund' | 'dispute' | 'dispute_reversal' | 'payout' | (string & {});

export interface StripeBalanceTransactionInput {
  id: string;
  amount: number;
  fee: number;
  net: number;
  currency: string;
  created: number;
  availableOn: number;
  reportingCategory: ReportingCategory;
  /** The charge, refund, dispute or payout id. */
  source: string;
  /** The automatic payout that carried it, when the loader read it by payout. */
  payout: string | null;
}

export interface StripeRefundInput {
  id: string;
  charge: string;
  amount: number;
  currency: string;
  created: number;
  status: string;
  balanceTransaction: string | null;
}

export interface StripeDisputeInput {
  id: string;
  charge: string;
  amount: number;
  currency: string;
  created: number;
  status: string;
  /** Withdrawal, then reinstatement when won. */
  balanceTransactions: string[];
}

export interface StripePayoutInput {
  id: string;
  amount: number;
  currency: string;
  created: number;
  arrivalDate: number;
  status: string;
}

export interface StripeInput {
  intents: StripeIntentInput[];
  charges: StripeChargeInput[];
  balanceTransactions: StripeBalanceTransactionInput[];
  refunds: StripeRefundInput[];
  disputes: StripeDisputeInput[];
  payouts: StripePayoutInput[];
}

export interface MonthEndInput {
  /** "YYYY-MM": the invoices' period (3scale's `month` filter). */
  month: string;
  /**
   * "YYYY-MM" in which the invoices were charged: the same month when 3scale bills prepaid, the
   * next one when it bills postpaid (invoices of a period are issued and charged after it).
   * The day chart and the Stripe payments no invoice claims are of this month. Default: `month`.
   */
  paymentsMonth?: string;
  invoices: InvoiceInput[];
  stripe: StripeInput;
}

export { currencyExponent, formatMinor, toMinor };

/** Unix seconds of the month's first instant and of the next month's (UTC). */
export function monthBounds(month: string): { start: number; end: number } {
  const [year, monthNumber] = month.split('-').map(Number);
  if (!year || !monthNumber) throw new Error(`not a month: ${month}`);
  return { start: Date.UTC(year, monthNumber - 1, 1) / 1000, end: Date.UTC(year, monthNumber, 1) / 1000 };
}
