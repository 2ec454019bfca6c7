// What a retry run shows and logs: its items with counts and the totals charged per
// currency, and the one finance-log entry that sums a run up when it ends.

import type { RunItemStatus, RunView } from '../../common/contract/invoices';
import type { FinanceLogChange } from '../../common/contract/finance-log';
import { formatMinor } from '../shared/currency-units';
import type { ChargeTarget } from './charge-step';
import type { RunFile } from './run-journal';

export interface RunItem {
  target: ChargeTarget;
  status: RunItemStatus;
  message: string | null;
}

export function runView(run: RunFile, status: RunView['status'], runItems: Iterable<RunItem>, problem: string | null): RunView {
  const counts = { total: 0, paid: 0, declined: 0, needsAction: 0, skipped: 0, failed: 0, pending: 0 };
  const charged = new Map<string, number>();
  const items: RunView['items'] = [];
  for (const { target, status: itemStatus, message } of runItems) {
    counts.total += 1;
    if (itemStatus === 'paid') {
      counts.paid += 1;
      charged.set(target.total.currency, (charged.get(target.total.currency) ?? 0) + target.total.amountMinor);
    } else if (itemStatus === 'declined') counts.declined += 1;
    else if (itemStatus === 'needs_action') counts.needsAction += 1;
    else if (itemStatus === 'skipped') counts.skipped += 1;
    else if (itemStatus === 'failed') counts.failed += 1;
    else counts.pending += 1;
    items.push({ invoiceId: target.invoiceId, friendlyId: target.friendlyId, organisation: target.organisation, total: target.total, status: itemStatus, message });
  }
  return {
    runId: run.runId,
    mode: run.mode,
    status,
    startedAt: run.startedAt,
    counts,
    totalsCharged: [...charged].map(([currency, amountMinor]) => ({ currency, amountMinor })).sort((a, b) => a.currency.localeCompare(b.currency)),
    items,
    problem,
  };
}

/** The run's one finance-log entry: what it charged, and what is still of unknown outcome. */
export function runSummary(view: RunView): { summary: string; changes: FinanceLogChange[] } {
  const totals = view.totalsCharged.map((m) => formatMinor(m.amountMinor, m.currency)).join(', ') || 'nothing';
  const { counts } = view;
  const unknown = view.items.filter((item) => item.status === 'unknown' || item.status === 'charging').length;
  const open = unknown > 0 ? `, ${unknown} of unknown outcome (checked with 3scale and Stripe before the next charge)` : '';
  return {
    summary: `Retry run ${view.runId} (${view.mode} mode) ${view.status}: ${counts.paid} paid (${totals}), ${counts.declined} declined, ${counts.needsAction} need the developer's action, ${counts.skipped} skipped, ${counts.failed} failed, ${counts.pending - unknown} not charged${open}`,
    changes: [
      { field: 'invoices', from: String(counts.total), to: `${counts.paid} paid` },
      { field: 'charged', from: '', to: totals },
    ],
  };
}
