// Every id of the Month-end contract has words on the screen, and the "changed since closed" list —
// drawn with every status, state, mismatch kind, payment status, dispute status and figure of the
// contract changing — names none of them by its id.
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { INVOICE_STATES, type PaymentIntentStatus } from '../../../../../../common/contract/invoices';
import {
  MISMATCH_KINDS,
  RECONCILED_STATUSES,
  type ClosedMonthDiff,
  type CurrencyTotals,
  type InvoiceFieldChange,
  type InvoiceFields,
} from '../../../../../../common/contract/month-end';
import {
  changedSinceClosedLines,
  disputeStatusWords,
  invoiceChangeWords,
  listTitle,
  MISMATCH_TITLES,
  STATUS_WORDS,
  totalChangeWords,
  TOTAL_WORDS,
} from '../../../../../../renderer/src/pages/month-end/words';

// The contract's ids that exist only as types, listed whole: each Record fails to compile if one is missing.
/** Stripe's named values of a string type, without its open-ended `OtherString`. */
type Named<T> = T extends string ? (string extends T ? never : T) : never;
const DISPUTE_STATUSES = Object.keys({
  warning_needs_response: 1,
  warning_under_review: 1,
  warning_closed: 1,
  needs_response: 1,
  under_review: 1,
  appeal_needs_response: 1,
  appeal_under_review: 1,
  won: 1,
  lost: 1,
  prevented: 1,
} satisfies Record<Named<Stripe.Dispute.Status>, 1>);

const PAYMENT_INTENT_STATUSES = Object.keys({
  requires_payment_method: 1,
  requires_confirmation: 1,
  requires_action: 1,
  processing: 1,
  requires_capture: 1,
  canceled: 1,
  succeeded: 1,
} satisfies Record<PaymentIntentStatus, 1>) as PaymentIntentStatus[];

type TotalField = Exclude<keyof CurrencyTotals, 'currency'>;
const TOTAL_FIELDS = Object.keys({
  invoiceCount: 1,
  invoicedMinor: 1,
  collectedGrossMinor: 1,
  feesMinor: 1,
  disputeFeesMinor: 1,
  refundedMinor: 1,
  disputedMinor: 1,
  netMinor: 1,
  outstandingUnpaidMinor: 1,
  outstandingFailedMinor: 1,
  outstandingNeedsActionMinor: 1,
  otherBusinessMinor: 1,
} satisfies Record<TotalField, 1>) as TotalField[];

const wordsLike = /^[A-Z0-9][^_]*$/;

describe('month-end words', () => {
  it('has words, not ids, for every status, mismatch kind, dispute status and figure', () => {
    for (const status of RECONCILED_STATUSES) expect(STATUS_WORDS[status], status).toMatch(wordsLike);
    for (const kind of MISMATCH_KINDS) expect(MISMATCH_TITLES[kind], kind).toMatch(wordsLike);
    expect(listTitle('stripe_payment_without_invoice')).toMatch(wordsLike);
    for (const status of DISPUTE_STATUSES) expect(disputeStatusWords(status), status).toMatch(wordsLike);
    // One Stripe adds later is still readable.
    expect(disputeStatusWords('some_new_status')).toBe('some new status');
    for (const field of TOTAL_FIELDS) expect(TOTAL_WORDS[field], field).toMatch(wordsLike);
  });

  it('words each kind of field of an invoice', () => {
    expect(invoiceChangeWords({ field: 'status', before: 'paid_in_stripe_only', after: 'collected' }, 'EUR')).toBe('status Paid in Stripe only → Collected');
    expect(invoiceChangeWords({ field: 'state', before: 'unpaid', after: 'paid' }, 'EUR')).toBe('3scale state Unpaid → Paid');
    expect(invoiceChangeWords({ field: 'mismatches', before: [], after: ['refunded_or_disputed', 'amount_or_currency_differs'] }, 'EUR')).toBe(
      'mismatches none → Refunded or disputed in Stripe while paid in 3scale, Amount or currency differs',
    );
    expect(
      invoiceChangeWords(
        { field: 'paymentIntents', before: [{ id: 'pi_1', status: 'requires_payment_method' }], after: [{ id: 'pi_1', status: 'requires_payment_method' }, { id: 'pi_2', status: 'succeeded' }] },
        'EUR',
      ),
    ).toBe('PaymentIntents pi_1 (Failed) → pi_1 (Failed), pi_2 (Succeeded)');
    expect(invoiceChangeWords({ field: 'disputes', before: [{ id: 'dp_1', status: 'needs_response' }], after: [{ id: 'dp_1', status: 'lost' }] }, 'EUR')).toBe(
      'disputes dp_1 (Needs response) → dp_1 (Lost)',
    );
    expect(invoiceChangeWords({ field: 'refundedMinor', before: 0, after: 700 }, 'EUR')).toBe('refunded 0.00 EUR → 7.00 EUR');
    expect(invoiceChangeWords({ field: 'attempts', before: 2, after: 3 }, 'EUR')).toBe('attempts 2 → 3');
    expect(invoiceChangeWords({ field: 'payouts', before: [], after: ['po_1'] }, 'EUR')).toBe('payouts none → po_1');
    expect(totalChangeWords('EUR', { field: 'invoiceCount', before: 1400, after: 1401 })).toBe('EUR Invoices: 1,400 → 1,401');
    expect(totalChangeWords('JPY', { field: 'disputeFeesMinor', before: 0, after: 1500 })).toBe('JPY Of which dispute fees: 0 JPY → 1,500 JPY');
  });
});

/** One change of every field of an invoice, every value of every id-valued field appearing. */
function everyInvoiceChange(): InvoiceFieldChange[] {
  const changes: { [F in keyof InvoiceFields]: InvoiceFieldChange & { field: F } } = {
    state: { field: 'state', before: INVOICE_STATES[0], after: INVOICE_STATES[1] },
    status: { field: 'status', before: RECONCILED_STATUSES[0], after: RECONCILED_STATUSES[1] },
    invoicedMinor: { field: 'invoicedMinor', before: 1000, after: 1200 },
    currency: { field: 'currency', before: 'EUR', after: 'USD' },
    attempts: { field: 'attempts', before: 1, after: 2 },
    paymentIntents: { field: 'paymentIntents', before: [], after: PAYMENT_INTENT_STATUSES.map((status, i) => ({ id: `pi_${i}AbC`, status })) },
    collectedMinor: { field: 'collectedMinor', before: 0, after: 1200 },
    feeMinor: { field: 'feeMinor', before: 0, after: 60 },
    refundedMinor: { field: 'refundedMinor', before: 0, after: 700 },
    disputedMinor: { field: 'disputedMinor', before: 0, after: 500 },
    disputes: { field: 'disputes', before: [], after: DISPUTE_STATUSES.map((status, i) => ({ id: `dp_${i}AbC`, status })) },
    netMinor: { field: 'netMinor', before: 0, after: 440 },
    payouts: { field: 'payouts', before: [], after: ['po_1AbC'] },
    mismatches: { field: 'mismatches', before: [], after: [...MISMATCH_KINDS] },
  };
  const all: InvoiceFieldChange[] = Object.values(changes);
  // Every state and status, one invoice each.
  for (const state of INVOICE_STATES) all.push({ field: 'state', before: state, after: state });
  for (const status of RECONCILED_STATUSES) all.push({ field: 'status', before: status, after: status });
  return all;
}

describe('the "changed since closed" list', () => {
  const changes = everyInvoiceChange();
  const diff: ClosedMonthDiff = {
    month: '2026-10',
    closedAt: '2026-11-01T09:05:00Z',
    unchanged: false,
    totals: [{ currency: 'EUR', changes: TOTAL_FIELDS.map((field, i) => ({ field, before: i, after: i + 100 })) }],
    invoicesAdded: [{ invoiceId: 99, friendlyId: '2026-10-00000099' }],
    invoicesRemoved: [],
    // One invoice per change, fewer than the 50 the list shows one by one.
    invoicesChanged: changes.map((change, i) => ({ invoiceId: i + 1, friendlyId: `2026-10-${String(i + 1).padStart(8, '0')}`, changes: [change] })),
    mismatchCounts: [...MISMATCH_KINDS.map((kind) => ({ kind, before: 1, after: 2 })), { kind: 'stripe_payment_without_invoice' as const, before: 2, after: 3 }],
    payoutsAdded: ['po_1AbC'],
    payoutsRemoved: [],
  };
  const lines = changedSinceClosedLines(diff, () => 'EUR');
  const text = lines.map((line) => line.text).join('\n');

  it('lists every change', () => {
    expect(changes.length).toBeLessThan(50);
    expect(lines).toHaveLength(TOTAL_FIELDS.length + MISMATCH_KINDS.length + 1 + 1 + changes.length + 1);
  });

  it('names no status, state, kind or field by its id', () => {
    const ids = [...RECONCILED_STATUSES, ...INVOICE_STATES, ...MISMATCH_KINDS, 'stripe_payment_without_invoice', ...PAYMENT_INTENT_STATUSES, ...DISPUTE_STATUSES, ...TOTAL_FIELDS];
    // Stripe's own object ids (pi_…, dp_…, po_…) are shown as they are; nothing else has an underscore or is in camelCase.
    const withoutObjectIds = text.replace(/\b(pi|dp|po)_\w+/g, '');
    for (const id of ids.filter((id) => /_|[a-z][A-Z]/.test(id))) expect(withoutObjectIds, id).not.toContain(id);
    expect(withoutObjectIds).not.toMatch(/\w_\w/);
    expect(withoutObjectIds).not.toMatch(/\b[a-z]+[A-Z]\w*/);
    // Ids without an underscore (paid, won, processing…) are written as capitalised words.
    for (const id of ids.filter((id) => /^[a-z]+$/.test(id))) {
      expect(withoutObjectIds, id).not.toMatch(new RegExp(`(→ |(state|status) )${id}\\b|\\(${id}\\)`));
    }
  });

  it('says each change in the screen’s words', () => {
    expect(text).toContain('status Paid in Stripe only → Paid in Stripe only');
    expect(text).toContain('status Collected → Paid by hand (no Stripe payment)');
    expect(text).toContain('3scale state Open → Finalized');
    expect(text).toContain('Refunded or disputed in Stripe while paid in 3scale: 1 → 2');
    expect(text).toContain('Stripe payments of the month with no 3scale invoice (other business, not an error): 2 → 3');
    expect(text).toContain('mismatches none → Paid in 3scale with no Stripe payment (marked paid by hand), Paid in Stripe but not in 3scale');
    expect(text).toContain('pi_1AbC (Not confirmed)');
    expect(text).toContain('dp_0AbC (Inquiry, needs response)');
    expect(text).toContain('EUR Invoices: 0 → 100');
    expect(text).toContain('EUR Of which dispute fees: 0.04 EUR → 1.04 EUR');
    expect(text).toContain('refunded 0.00 EUR → 7.00 EUR');
  });
});
