// The Month-end screen: a month of 3scale's invoices reconciled with Stripe's payments, fees,
// refunds, disputes and payouts, as a report finance can file (CSV, PDF), and months kept
// ("closed") to see later what changed since.
//
// Money travels in minor units (cents) as integers with an upper-case ISO currency, so that sums
// per currency are exact; the renderer formats them. Days and weeks are UTC.

import { channel, event } from '../ipc/define';
import type { StripeMode } from '../stripe-keys';
import type { InvoiceState, PaymentIntentStatus } from './invoices';

/** Everything that does not match, one list each (the words). */
export const MISMATCH_KINDS = [
  /** Paid in 3scale, no succeeded Stripe payment: marked paid by hand. */
  'paid_without_stripe_payment',
  /** A succeeded Stripe payment for an invoice 3scale does not show as paid. */
  'paid_in_stripe_not_in_3scale',
  /** Collected amount or currency differs from the invoice (including a payment taken twice). */
  'amount_or_currency_differs',
  /** Refunded (fully or partly) or disputed (open or lost) in Stripe while paid in 3scale. */
  'refunded_or_disputed',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

/** A Stripe payment of the month that no 3scale invoice claims: other business, listed apart. */
export type UnmatchedPaymentKind = 'stripe_payment_without_invoice';

/** Where an invoice stands once both sides are read. */
export const RECONCILED_STATUSES = [
  'collected', // paid in 3scale, collected in Stripe
  'paid_by_hand', // paid in 3scale without a Stripe payment
  'paid_in_stripe_only',
  'unpaid',
  'failed',
  'needs_action',
  'cancelled',
] as const;
export type ReconciledStatus = (typeof RECONCILED_STATUSES)[number];

export interface CurrencyTotals {
  /** Upper case, e.g. "EUR". */
  currency: string;
  /** Every invoice of the month in this currency, cancelled ones included. */
  invoiceCount: number;
  /** Every invoice of the month but the cancelled ones. */
  invoicedMinor: number;
  /**
   * Gross of the succeeded charges of the month's invoices, whatever 3scale says of them (paid in
   * Stripe only included), in the currency Stripe collected it in.
   */
  collectedGrossMinor: number;
  /** What Stripe kept: processing fees plus dispute fees (less those given back). */
  feesMinor: number;
  /** Of which dispute fees. */
  disputeFeesMinor: number;
  refundedMinor: number;
  /** Withdrawn by disputes and not reinstated (open or lost). */
  disputedMinor: number;
  /** collectedGross − fees − refunded − disputed: what the balance transactions add up to. */
  netMinor: number;
  outstandingUnpaidMinor: number;
  outstandingFailedMinor: number;
  outstandingNeedsActionMinor: number;
  /** Succeeded Stripe payments of the month that no invoice claims (not part of the figures above). */
  otherBusinessMinor: number;
}

export interface PayoutView {
  id: string;
  currency: string;
  /** The whole payout. */
  amountMinor: number;
  /** Of which the net of this month's invoices. */
  fromMonthMinor: number;
  /** Unix seconds. */
  arrivalDate: number;
  created: number;
  status: string;
}

/** One entry of a mismatch list. */
export interface MismatchItem {
  kind: MismatchKind;
  invoiceId: number;
  friendlyId: string;
  organisation: string | null;
  state: InvoiceState;
  /** The invoice's amount. */
  invoicedMinor: number;
  currency: string;
  /** The Stripe side's amount that disagrees (collected, refunded, disputed), when there is one. */
  stripeMinor: number | null;
  stripeCurrency: string | null;
  paymentIntentIds: string[];
  /** In plain words: "Refunded 15.00 of 40.00 on 12 Oct". */
  detail: string;
}

export interface UnmatchedPayment {
  kind: UnmatchedPaymentKind;
  paymentIntentId: string;
  chargeId: string | null;
  amountMinor: number;
  currency: string;
  created: number;
  description: string | null;
  customer: string | null;
  detail: string;
}

/** One invoice, as the table and the CSV show it. */
export interface MonthEndRow {
  invoiceId: number;
  friendlyId: string;
  accountId: number;
  organisation: string | null;
  state: InvoiceState;
  status: ReconciledStatus;
  invoicedMinor: number;
  currency: string;
  attempts: number;
  /** Every PaymentIntent of the invoice, oldest first. */
  paymentIntents: { id: string; status: PaymentIntentStatus; amountMinor: number; currency: string; created: number }[];
  /** The succeeded charges. */
  chargeIds: string[];
  collectedMinor: number;
  feeMinor: number;
  refundedMinor: number;
  disputedMinor: number;
  /** Dispute statuses as Stripe has them ("won", "lost", "needs_response", …). */
  disputes: { id: string; status: string; amountMinor: number }[];
  netMinor: number;
  payouts: { id: string; arrivalDate: number }[];
  mismatches: MismatchKind[];
}

export interface DaySeriesPoint {
  /** Day of the month, 1…31. */
  day: number;
  collectedMinor: number;
  collectedCount: number;
  failedMinor: number;
  failedCount: number;
}

export interface WeekSeriesPoint {
  /** "YYYY-MM-DD" of the week's first day within the month (weeks start on Monday). */
  from: string;
  to: string;
  grossMinor: number;
  feesMinor: number;
  /** fees ÷ gross in percent with two decimals; null without gross. */
  feeSharePercent: number | null;
}

export interface MonthEndCharts {
  /** One series per currency: amounts of different currencies are never added. */
  collectedVsFailed: { currency: string; points: DaySeriesPoint[] }[];
  feeShareByWeek: { currency: string; points: WeekSeriesPoint[] }[];
}

export interface MonthEndReport {
  /** "YYYY-MM": the invoices' period (3scale's `month` filter). */
  month: string;
  /** "YYYY-MM" the invoices were charged in: `month` when 3scale bills prepaid, the next when postpaid. Charts are of this month. */
  paymentsMonth: string;
  mode: StripeMode;
  /** The provider's name, for the report's title. */
  provider: string | null;
  /** ISO time both sides were read. */
  loadedAt: string;
  totals: CurrencyTotals[];
  payouts: PayoutView[];
  rows: MonthEndRow[];
  mismatches: Record<MismatchKind, MismatchItem[]>;
  unmatchedPayments: UnmatchedPayment[];
  charts: MonthEndCharts;
}

/** A month kept as it was reported. */
export interface ClosedMonth {
  month: string;
  mode: StripeMode;
  closedAt: string;
  report: MonthEndReport;
}

/** A figure of the totals per currency before and after. */
export interface FieldChange {
  field: Exclude<keyof CurrencyTotals, 'currency'>;
  before: number;
  after: number;
}

/** An invoice's fields the diff compares, each with its own type, so that the screen can word each value. */
export interface InvoiceFields {
  state: InvoiceState;
  status: ReconciledStatus;
  invoicedMinor: number;
  currency: string;
  attempts: number;
  paymentIntents: { id: string; status: PaymentIntentStatus }[];
  collectedMinor: number;
  feeMinor: number;
  refundedMinor: number;
  disputedMinor: number;
  /** Stripe's dispute statuses as Stripe has them ("needs_response", "won", …). */
  disputes: { id: string; status: string }[];
  netMinor: number;
  payouts: string[];
  mismatches: MismatchKind[];
}

/** One field of an invoice before and after. */
export type InvoiceFieldChange = { [F in keyof InvoiceFields]: { field: F; before: InvoiceFields[F]; after: InvoiceFields[F] } }[keyof InvoiceFields];

/** What changed in 3scale or Stripe since a month was closed. */
export interface ClosedMonthDiff {
  month: string;
  closedAt: string;
  unchanged: boolean;
  totals: { currency: string; changes: FieldChange[] }[];
  invoicesAdded: { invoiceId: number; friendlyId: string }[];
  invoicesRemoved: { invoiceId: number; friendlyId: string }[];
  invoicesChanged: { invoiceId: number; friendlyId: string; changes: InvoiceFieldChange[] }[];
  mismatchCounts: { kind: MismatchKind | UnmatchedPaymentKind; before: number; after: number }[];
  payoutsAdded: string[];
  payoutsRemoved: string[];
}

export interface MonthEndView {
  mode: StripeMode;
  status: 'idle' | 'loading' | 'done' | 'failed' | 'cancelled';
  progress: { stage: 'invoices' | 'transactions' | 'payments' | 'balance' | 'payouts'; done: number; total: number | null; requests: number } | null;
  report: MonthEndReport | null;
  /** Set when the month shown was closed: when, and what changed since. */
  closed: { closedAt: string; diff: ClosedMonthDiff } | null;
  /** Months closed in this mode, newest first. */
  closedMonths: string[];
  error: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const MONTH_END_CHANNELS = {
  'month-end:get': channel<MonthEndView>()({ method: 'getMonthEnd', request: (z) => z.null() }),
  /** Loads the month's invoices from 3scale and what Stripe knows of them, in the active mode. */
  'month-end:load': channel<MonthEndView>()({
    method: 'loadMonthEnd',
    request: (z) => z.strictObject({ month: z.string().regex(MONTH) }),
    toPayload: (month: string) => ({ month }),
  }),
  'month-end:cancel': channel<MonthEndView>()({ method: 'cancelMonthEnd', request: (z) => z.null() }),
  /** Keeps the loaded report's figures as the month's closing. */
  'month-end:close': channel<MonthEndView>()({ method: 'closeMonth', request: (z) => z.null() }),
  'month-end:export-csv': channel<{ savedTo: string } | null>()({ method: 'exportMonthEndCsv', request: (z) => z.null() }),
  'month-end:export-pdf': channel<{ savedTo: string } | null>()({ method: 'exportMonthEndPdf', request: (z) => z.null() }),
};

export type MonthEndLoadState = Pick<MonthEndView, 'mode' | 'status' | 'progress' | 'error'>;

export const MONTH_END_EVENTS = {
  'month-end:load-progress': event<MonthEndLoadState>(),
};
