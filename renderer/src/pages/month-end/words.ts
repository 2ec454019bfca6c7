// The Month-end screen's words for what main sends by id: the figures, the mismatch lists, where
// an invoice stands, and the "changed since closed" list with every field it names. Each
// map is a Record over the contract's ids, so a new id without words does not compile; 3scale's
// invoice states and Stripe's PaymentIntent statuses are the Invoices screen's words.
import type {
  ClosedMonthDiff,
  CurrencyTotals,
  InvoiceFieldChange,
  InvoiceFields,
  MismatchKind,
  ReconciledStatus,
  UnmatchedPaymentKind,
} from '../../../../common/ipc-contract';
import { PAYMENT_STATUS_TEXT, STATE_LABELS } from '../invoices/format';
import { money } from './money';

export type TotalField = Exclude<keyof CurrencyTotals, 'currency'>;

export const TOTAL_WORDS: Record<TotalField, string> = {
  invoiceCount: 'Invoices',
  invoicedMinor: 'Invoiced (3scale)',
  collectedGrossMinor: 'Collected, gross (Stripe)',
  feesMinor: 'Stripe fees',
  disputeFeesMinor: 'Of which dispute fees',
  refundedMinor: 'Refunded',
  disputedMinor: 'Disputed (open or lost)',
  netMinor: 'Net',
  outstandingUnpaidMinor: 'Outstanding: unpaid',
  outstandingFailedMinor: 'Outstanding: failed',
  outstandingNeedsActionMinor: 'Outstanding: needs action',
  otherBusinessMinor: 'Other business (not in the figures above)',
};

/** Each mismatch list's title, in the order the screen shows the lists. */
export const MISMATCH_TITLES: Record<MismatchKind, string> = {
  paid_without_stripe_payment: 'Paid in 3scale with no Stripe payment (marked paid by hand)',
  paid_in_stripe_not_in_3scale: 'Paid in Stripe but not in 3scale',
  amount_or_currency_differs: 'Amount or currency differs',
  refunded_or_disputed: 'Refunded or disputed in Stripe while paid in 3scale',
};

export const UNMATCHED_TITLE: Record<UnmatchedPaymentKind, string> = {
  stripe_payment_without_invoice: 'Stripe payments of the month with no 3scale invoice (other business, not an error)',
};

export function listTitle(kind: MismatchKind | UnmatchedPaymentKind): string {
  return kind === 'stripe_payment_without_invoice' ? UNMATCHED_TITLE[kind] : MISMATCH_TITLES[kind];
}

/** Where an invoice stands once both sides are read, in the totals' and the Invoices screen's words. */
export const STATUS_WORDS: Record<ReconciledStatus, string> = {
  collected: 'Collected',
  paid_by_hand: 'Paid by hand (no Stripe payment)',
  paid_in_stripe_only: 'Paid in Stripe only',
  unpaid: 'Unpaid',
  failed: 'Failed',
  needs_action: 'Needs the developer’s action',
  cancelled: 'Cancelled',
};

/** Stripe's dispute statuses (Stripe.Dispute.Status); one Stripe adds later is written with spaces for underscores. */
const DISPUTE_STATUS_WORDS: Record<string, string> = {
  warning_needs_response: 'Inquiry, needs response',
  warning_under_review: 'Inquiry under review',
  warning_closed: 'Inquiry closed',
  needs_response: 'Needs response',
  under_review: 'Under review',
  appeal_needs_response: 'Appeal, needs response',
  appeal_under_review: 'Appeal under review',
  won: 'Won',
  lost: 'Lost',
  prevented: 'Prevented',
};

export function disputeStatusWords(status: string): string {
  return DISPUTE_STATUS_WORDS[status] ?? status.replace(/_/g, ' ');
}

/** An invoice's fields as the "changed since closed" list names them. */
export const INVOICE_FIELD_WORDS: Record<keyof InvoiceFields, string> = {
  state: '3scale state',
  status: 'status',
  invoicedMinor: 'amount',
  currency: 'currency',
  attempts: 'attempts',
  paymentIntents: 'PaymentIntents',
  collectedMinor: 'collected',
  feeMinor: 'fee',
  refundedMinor: 'refunded',
  disputedMinor: 'disputed',
  disputes: 'disputes',
  netMinor: 'net',
  payouts: 'payouts',
  mismatches: 'mismatches',
};

function listWords(items: string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

/** One value of an invoice's field in words: money with its currency, states and kinds by name. */
function invoiceValueWords(change: InvoiceFieldChange, side: 'before' | 'after', currency: string | null): string {
  switch (change.field) {
    case 'state':
      return STATE_LABELS[change[side]];
    case 'status':
      return STATUS_WORDS[change[side]];
    case 'mismatches':
      return listWords(change[side].map((kind) => MISMATCH_TITLES[kind]));
    case 'paymentIntents':
      return listWords(change[side].map((p) => `${p.id} (${PAYMENT_STATUS_TEXT[p.status]})`));
    case 'disputes':
      return listWords(change[side].map((d) => `${d.id} (${disputeStatusWords(d.status)})`));
    case 'payouts':
      return listWords(change[side]);
    case 'currency':
      return change[side];
    case 'attempts':
      return String(change[side]);
    default:
      return currency ? money(change[side], currency) : String(change[side]);
  }
}

/** "refunded 0.00 EUR → 7.00 EUR". */
export function invoiceChangeWords(change: InvoiceFieldChange, currency: string | null): string {
  return `${INVOICE_FIELD_WORDS[change.field]} ${invoiceValueWords(change, 'before', currency)} → ${invoiceValueWords(change, 'after', currency)}`;
}

/** "EUR Refunded: 20.00 EUR → 60.00 EUR". */
export function totalChangeWords(currency: string, change: { field: TotalField; before: number; after: number }): string {
  const value = (n: number) => (change.field === 'invoiceCount' ? n.toLocaleString('en') : money(n, currency));
  return `${currency} ${TOTAL_WORDS[change.field]}: ${value(change.before)} → ${value(change.after)}`;
}

/** Invoices listed one by one in the changes; the rest are counted. */
const CHANGED_INVOICES_SHOWN = 50;

/** The "changed since closed" list, line by line, as the screen shows it; `currencyOf` gives an invoice's currency now. */
export function changedSinceClosedLines(diff: ClosedMonthDiff, currencyOf: (invoiceId: number) => string | null): { key: string; text: string }[] {
  const lines: { key: string; text: string }[] = [];
  for (const t of diff.totals) for (const c of t.changes) lines.push({ key: `${t.currency}-${c.field}`, text: totalChangeWords(t.currency, c) });
  for (const m of diff.mismatchCounts) lines.push({ key: `count-${m.kind}`, text: `${listTitle(m.kind)}: ${m.before.toLocaleString('en')} → ${m.after.toLocaleString('en')}` });
  if (diff.invoicesAdded.length > 0) lines.push({ key: 'added', text: `Invoices added: ${diff.invoicesAdded.map((i) => i.friendlyId).join(', ')}` });
  if (diff.invoicesRemoved.length > 0) lines.push({ key: 'removed', text: `Invoices removed: ${diff.invoicesRemoved.map((i) => i.friendlyId).join(', ')}` });
  for (const i of diff.invoicesChanged.slice(0, CHANGED_INVOICES_SHOWN)) {
    const currency = currencyOf(i.invoiceId);
    lines.push({ key: `inv-${i.invoiceId}`, text: `Invoice ${i.friendlyId}: ${i.changes.map((c) => invoiceChangeWords(c, currency)).join('; ')}` });
  }
  if (diff.invoicesChanged.length > CHANGED_INVOICES_SHOWN) {
    lines.push({ key: 'more', text: `…and ${diff.invoicesChanged.length - CHANGED_INVOICES_SHOWN} more invoices changed.` });
  }
  if (diff.payoutsAdded.length > 0) lines.push({ key: 'payouts-added', text: `Payouts added: ${diff.payoutsAdded.join(', ')}` });
  if (diff.payoutsRemoved.length > 0) lines.push({ key: 'payouts-removed', text: `Payouts removed: ${diff.payoutsRemoved.join(', ')}` });
  return lines;
}
