// The Invoices screen: 3scale's invoices joined with what Stripe knows of their payments,
// single charges, "Mark as paid in 3scale", and retry runs that never charge twice.
//
// Amounts travel in minor units (cents) as integers with their ISO currency, so that sums
// per currency are exact; the renderer formats them.

import { channel, event } from '../ipc/define';
import type { StripeMode } from '../stripe-keys';

/** 3scale's invoice states (app/models/invoice.rb). */
export const INVOICE_STATES = ['open', 'finalized', 'pending', 'unpaid', 'paid', 'failed', 'cancelled'] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface Money {
  /** Minor units (cents), an integer. */
  amountMinor: number;
  /** ISO 4217, upper case as 3scale writes it (e.g. "EUR"). */
  currency: string;
}

export interface CardView {
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

/** One Stripe PaymentIntent as the screen shows it. */
export interface PaymentIntentView {
  id: string;
  status: PaymentIntentStatus;
  amount: Money;
  /** Unix seconds. */
  created: number;
  card: CardView | null;
  /** Stripe's decline_code (or error code) of the last failure, e.g. "insufficient_funds". */
  declineCode: string | null;
  /** The code in plain words: "Insufficient funds". */
  declineText: string | null;
  description: string | null;
}

/** One of 3scale's payment transactions (a charge attempt) and its PaymentIntent. */
export interface PaymentAttemptView {
  transactionId: number;
  /** ISO time 3scale recorded it. */
  createdAt: string;
  success: boolean;
  /** 3scale's message ("Transaction approved", or Stripe's error). */
  message: string | null;
  amount: Money;
  /** The transaction's reference: a PaymentIntent id, when Stripe was reached. */
  reference: string | null;
  paymentIntent: PaymentIntentView | null;
}

/** Why an invoice is left out of a charge or a retry run. */
export type ChargeExclusion =
  | 'paid_in_stripe'
  | 'not_chargeable_state'
  /** A PaymentIntent of the invoice on which Stripe may still move money (processing, requires_confirmation, requires_capture). */
  | 'payment_in_progress'
  | 'no_card'
  | 'card_expired'
  | 'needs_authentication'
  | 'hard_decline'
  | 'charging_disabled';

export interface InvoiceRowView {
  id: number;
  friendlyId: string;
  accountId: number;
  organisation: string | null;
  state: InvoiceState;
  total: Money;
  /** "YYYY-MM" of the invoice's period. */
  month: string;
  issuedOn: string | null;
  dueOn: string | null;
  attempts: number;
  lastMessage: string | null;
  /** The last attempt's PaymentIntent, as Stripe has it now. */
  lastPayment: PaymentIntentView | null;
  /** Not paid in 3scale, yet a succeeded PaymentIntent for it exists in Stripe: never charge it. */
  paidInStripe: PaymentIntentView | null;
  /** The developer must authenticate the payment (requires_action / authentication_required). */
  needsAction: boolean;
  /** Null when "Charge now" is allowed. */
  exclusion: { reason: ChargeExclusion; detail: string } | null;
}

export interface CurrencySummary {
  currency: string;
  paidMinor: number;
  failedMinor: number;
  unpaidMinor: number;
  needsActionMinor: number;
  paidInStripeMinor: number;
  count: number;
}

export interface InvoicesQuery {
  /** "YYYY-MM", or null for every month. */
  month: string | null;
  state: InvoiceState | null;
  /** Friendly id, numeric id, or part of the organisation's name. */
  search: string;
}

export interface InvoicesView {
  mode: StripeMode;
  status: 'idle' | 'loading' | 'done' | 'failed' | 'cancelled';
  progress: { stage: 'invoices' | 'accounts' | 'payments'; done: number; total: number | null; requests: number } | null;
  /** Of the month the query asks for; null when that month is not loaded (e.g. its load was cancelled before any row). */
  loadedAt: string | null;
  /** The rows come from a load that did not finish (cancelled, or failed part way): they may be incomplete, and charges and plans are refused until a reload. */
  partial?: boolean;
  query: InvoicesQuery;
  /** The rows the query selects. */
  rows: InvoiceRowView[];
  summary: CurrencySummary[];
  error: string | null;
  /** The admin portal's domain, for the screen to name it; null until 3scale is connected. */
  adminDomain: string | null;
}

export interface InvoiceDetailView {
  row: InvoiceRowView;
  lineItems: { id: number; name: string; description: string | null; quantity: number | null; cost: Money }[];
  attempts: PaymentAttemptView[];
  /** The card 3scale holds for the account. */
  card: CardView | null;
}

export type ChargeOutcome = 'paid' | 'declined' | 'needs_action' | 'skipped' | 'failed';

export interface ChargeResultView {
  invoiceId: number;
  outcome: ChargeOutcome;
  /** In plain words: "Paid", "Declined: insufficient funds", "Skipped: paid in Stripe meanwhile". */
  message: string;
  row: InvoiceRowView | null;
}

export interface RetryPlanItem {
  invoiceId: number;
  friendlyId: string;
  organisation: string | null;
  total: Money;
  card: CardView | null;
}

export interface RetryPlanView {
  planId: string;
  mode: StripeMode;
  include: RetryPlanItem[];
  excluded: (RetryPlanItem & { reason: ChargeExclusion; detail: string })[];
  /** Per currency, of the included invoices. */
  totals: Money[];
}

export type RunItemStatus = 'pending' | 'charging' | 'paid' | 'declined' | 'needs_action' | 'skipped' | 'failed' | 'unknown';

export interface RunView {
  runId: string;
  mode: StripeMode;
  status: 'running' | 'paused' | 'cancelled' | 'done' | 'interrupted';
  startedAt: string;
  counts: { total: number; paid: number; declined: number; needsAction: number; skipped: number; failed: number; pending: number };
  totalsCharged: Money[];
  items: { invoiceId: number; friendlyId: string; organisation: string | null; total: Money; status: RunItemStatus; message: string | null }[];
  /** Why the run paused by itself (its journal cannot be written, or a sent charge's outcome cannot be read yet). */
  problem?: string | null;
  /** A run cancelled with charges of unknown outcome: resuming only checks those, and it ends cancelled. */
  checkOnly?: boolean;
}

export const INVOICES_CHANNELS = {
  'invoices:get': channel<InvoicesView>()({ method: 'getInvoices', request: (z) => z.null() }),
  /**
   * Sets the query. Loads the month from 3scale and Stripe when it is not the loaded one (or
   * `refresh`); a change of state or search only filters what is loaded. Answers at once
   * (status 'loading'); progress and the end come as invoices:load-progress events.
   */
  'invoices:load': channel<InvoicesView>()({
    method: 'loadInvoices',
    request: (z) =>
      z.strictObject({
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullable(),
        state: z.enum(INVOICE_STATES).nullable(),
        search: z.string().max(200),
        /** Reload from 3scale and Stripe even when the month is the one loaded (else only the filters change). */
        refresh: z.boolean().optional(),
      }),
  }),
  'invoices:detail': channel<InvoiceDetailView>()({
    method: 'getInvoiceDetail',
    request: (z) => z.strictObject({ invoiceId: z.number().int().positive() }),
    toPayload: (invoiceId: number) => ({ invoiceId }),
  }),
  /** After the user confirmed: re-reads both sides, then charges through 3scale unless anything changed. */
  'invoices:charge': channel<ChargeResultView>()({
    method: 'chargeInvoice',
    request: (z) => z.strictObject({ invoiceId: z.number().int().positive() }),
    toPayload: (invoiceId: number) => ({ invoiceId }),
  }),
  /** "Mark as paid in 3scale" for an invoice paid in Stripe. */
  'invoices:mark-paid': channel<ChargeResultView>()({
    method: 'markInvoicePaid',
    request: (z) => z.strictObject({ invoiceId: z.number().int().positive(), paymentIntentId: z.string().max(80) }),
  }),
  /** A plan for the given invoices, or (null) every failed/unpaid invoice the current query selects. */
  'invoices:plan-retry': channel<RetryPlanView>()({
    method: 'planRetry',
    request: (z) => z.strictObject({ invoiceIds: z.array(z.number().int().positive()).max(20000).nullable() }),
    toPayload: (invoiceIds: number[] | null) => ({ invoiceIds }),
  }),
  /** Starts the planned run; in live mode `confirmCount` must equal the number of invoices to charge. */
  'invoices:start-run': channel<RunView>()({
    method: 'startRetryRun',
    request: (z) => z.strictObject({ planId: z.string().max(80), confirmCount: z.number().int().nonnegative().nullable() }),
  }),
  'invoices:run': channel<RunView | null>()({ method: 'getRetryRun', request: (z) => z.null() }),
  'invoices:pause-run': channel<RunView>()({ method: 'pauseRetryRun', request: (z) => z.null() }),
  'invoices:resume-run': channel<RunView>()({ method: 'resumeRetryRun', request: (z) => z.null() }),
  'invoices:cancel-run': channel<RunView>()({ method: 'cancelRetryRun', request: (z) => z.null() }),
  /** "Cancel loading": ends a load of the invoices now; what was read stays shown, marked partial (status 'cancelled'). */
  'invoices:cancel-load': channel<InvoicesView>()({ method: 'cancelInvoicesLoad', request: (z) => z.null() }),
  'invoices:export-run': channel<{ savedTo: string } | null>()({ method: 'exportRetryRun', request: (z) => z.null() }),
  'invoices:open-admin': channel<null>()({
    method: 'openInvoiceInAdminPortal',
    request: (z) => z.strictObject({ invoiceId: z.number().int().positive() }),
    toPayload: (invoiceId: number) => ({ invoiceId }),
  }),
  'invoices:open-payment': channel<null>()({
    method: 'openPaymentInDashboard',
    request: (z) => z.strictObject({ paymentIntentId: z.string().regex(/^pi_[A-Za-z0-9]+$/).max(80) }),
    toPayload: (paymentIntentId: string) => ({ paymentIntentId }),
  }),
};

export type InvoicesLoadState = Pick<InvoicesView, 'mode' | 'status' | 'progress' | 'error'>;

export const INVOICES_EVENTS = {
  /** A load of the invoices started, made progress, or ended. */
  'invoices:load-progress': event<InvoicesLoadState>(),
  /** A retry run's progress: after each invoice, and on pause, cancel, end. */
  'invoices:run-progress': event<RunView>(),
};
