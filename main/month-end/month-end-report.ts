// The whole month-end report from what the loader read: reconciliation, totals per currency,
// payouts, the mismatch lists (each kind its own list), the other-business payments apart, and
// the chart series.

import { MISMATCH_KINDS } from '../../common/contract/month-end';
import type { MismatchItem, MismatchKind, MonthEndReport } from '../../common/contract/month-end';
import type { StripeMode } from '../../common/stripe-keys';
import { monthEndCharts } from './month-end-charts';
import type { MonthEndInput } from './month-end-inputs';
import { monthPayouts, totalsByCurrency } from './month-end-totals';
import { reconcile } from './reconcile';

export function buildMonthEndReport(
  input: MonthEndInput,
  context: { mode: StripeMode; provider: string | null; loadedAt: string },
): MonthEndReport {
  const reconciliation = reconcile(input);
  const mismatches = Object.fromEntries(MISMATCH_KINDS.map((kind) => [kind, [] as MismatchItem[]])) as Record<MismatchKind, MismatchItem[]>;
  for (const invoice of reconciliation.invoices) for (const item of invoice.mismatches) mismatches[item.kind].push(item);
  return {
    month: input.month,
    paymentsMonth: reconciliation.paymentsMonth,
    mode: context.mode,
    provider: context.provider,
    loadedAt: context.loadedAt,
    totals: totalsByCurrency(reconciliation),
    payouts: monthPayouts(reconciliation),
    rows: reconciliation.invoices.map((invoice) => invoice.row),
    mismatches,
    unmatchedPayments: reconciliation.unmatchedPayments,
    charts: monthEndCharts(reconciliation),
  };
}
