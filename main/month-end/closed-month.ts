// A closed month against a fresh load of the same month: what changed in 3scale or Stripe since
// the figures were kept — totals per currency, invoices added, removed or changed (state,
// amount, payments, fee, net, payouts, mismatches), mismatch counts and payouts.

import { MISMATCH_KINDS } from '../../common/contract/month-end';
import type {
  ClosedMonth,
  ClosedMonthDiff,
  CurrencyTotals,
  FieldChange,
  InvoiceFieldChange,
  InvoiceFields,
  MonthEndReport,
  MonthEndRow,
} from '../../common/contract/month-end';

const TOTAL_FIELDS = [
  'invoiceCount',
  'invoicedMinor',
  'collectedGrossMinor',
  'feesMinor',
  'disputeFeesMinor',
  'refundedMinor',
  'disputedMinor',
  'netMinor',
  'outstandingUnpaidMinor',
  'outstandingFailedMinor',
  'outstandingNeedsActionMinor',
  'otherBusinessMinor',
] as const satisfies readonly (keyof CurrencyTotals)[];

/** The fields of a row compared, in the order the screen lists them. */
const ROW_FIELDS: { [F in keyof InvoiceFields]: (row: MonthEndRow) => InvoiceFields[F] } = {
  state: (row) => row.state,
  status: (row) => row.status,
  invoicedMinor: (row) => row.invoicedMinor,
  currency: (row) => row.currency,
  attempts: (row) => row.attempts,
  paymentIntents: (row) => row.paymentIntents.map((p) => ({ id: p.id, status: p.status })),
  collectedMinor: (row) => row.collectedMinor,
  feeMinor: (row) => row.feeMinor,
  refundedMinor: (row) => row.refundedMinor,
  disputedMinor: (row) => row.disputedMinor,
  disputes: (row) => row.disputes.map((d) => ({ id: d.id, status: d.status })),
  netMinor: (row) => row.netMinor,
  payouts: (row) => row.payouts.map((p) => p.id),
  mismatches: (row) => [...row.mismatches],
};

/** The field's change between two readings of an invoice, or null when it is the same (lists compared whole, in order). */
function rowChange<F extends keyof InvoiceFields>(field: F, old: MonthEndRow, row: MonthEndRow): InvoiceFieldChange | null {
  const before = ROW_FIELDS[field](old);
  const after = ROW_FIELDS[field](row);
  // TypeScript cannot tie `field` to its own value types in the union; ROW_FIELDS' type does.
  return JSON.stringify(before) === JSON.stringify(after) ? null : ({ field, before, after } as InvoiceFieldChange);
}

function totalsChanges(before: CurrencyTotals | undefined, after: CurrencyTotals | undefined): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of TOTAL_FIELDS) {
    const a = before?.[field] ?? 0;
    const b = after?.[field] ?? 0;
    if (a !== b) changes.push({ field, before: a, after: b });
  }
  return changes;
}

export function diffClosedMonth(closed: ClosedMonth, fresh: MonthEndReport): ClosedMonthDiff {
  const stored = closed.report;
  const currencies = [...new Set([...stored.totals, ...fresh.totals].map((t) => t.currency))].sort();
  const totals = currencies
    .map((currency) => ({
      currency,
      changes: totalsChanges(
        stored.totals.find((t) => t.currency === currency),
        fresh.totals.find((t) => t.currency === currency),
      ),
    }))
    .filter((t) => t.changes.length > 0);

  const before = new Map(stored.rows.map((row) => [row.invoiceId, row]));
  const after = new Map(fresh.rows.map((row) => [row.invoiceId, row]));
  const invoicesAdded = fresh.rows.filter((row) => !before.has(row.invoiceId)).map((row) => ({ invoiceId: row.invoiceId, friendlyId: row.friendlyId }));
  const invoicesRemoved = stored.rows.filter((row) => !after.has(row.invoiceId)).map((row) => ({ invoiceId: row.invoiceId, friendlyId: row.friendlyId }));
  const invoicesChanged: ClosedMonthDiff['invoicesChanged'] = [];
  for (const row of fresh.rows) {
    const old = before.get(row.invoiceId);
    if (!old) continue;
    const changes = (Object.keys(ROW_FIELDS) as (keyof InvoiceFields)[]).map((field) => rowChange(field, old, row)).filter((c) => c !== null);
    if (changes.length > 0) invoicesChanged.push({ invoiceId: row.invoiceId, friendlyId: row.friendlyId, changes });
  }

  const mismatchCounts: ClosedMonthDiff['mismatchCounts'] = [];
  for (const kind of MISMATCH_KINDS) {
    const a = stored.mismatches[kind].length;
    const b = fresh.mismatches[kind].length;
    if (a !== b) mismatchCounts.push({ kind, before: a, after: b });
  }
  if (stored.unmatchedPayments.length !== fresh.unmatchedPayments.length) {
    mismatchCounts.push({ kind: 'stripe_payment_without_invoice', before: stored.unmatchedPayments.length, after: fresh.unmatchedPayments.length });
  }

  const payoutsBefore = new Set(stored.payouts.map((p) => p.id));
  const payoutsAfter = new Set(fresh.payouts.map((p) => p.id));
  const payoutsAdded = [...payoutsAfter].filter((id) => !payoutsBefore.has(id)).sort();
  const payoutsRemoved = [...payoutsBefore].filter((id) => !payoutsAfter.has(id)).sort();

  const unchanged =
    totals.length === 0 &&
    invoicesAdded.length === 0 &&
    invoicesRemoved.length === 0 &&
    invoicesChanged.length === 0 &&
    mismatchCounts.length === 0 &&
    payoutsAdded.length === 0 &&
    payoutsRemoved.length === 0;
  return {
    month: closed.month,
    closedAt: closed.closedAt,
    unchanged,
    totals,
    invoicesAdded,
    invoicesRemoved,
    invoicesChanged,
    mismatchCounts,
    payoutsAdded,
    payoutsRemoved,
  };
}
