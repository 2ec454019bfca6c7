// The two charts' series, one per currency (amounts of different currencies never share a bar):
// collected vs failed per day of the month, and Stripe's fees as a share of the gross per week.
// Both over the month the invoices were charged in (the next one when 3scale bills postpaid).
// Days are UTC; weeks start on Monday and are cut at the month's edges.

import type { DaySeriesPoint, MonthEndCharts, WeekSeriesPoint } from '../../common/contract/month-end';
import { monthBounds } from './month-end-inputs';
import type { Reconciliation } from './reconcile';

const DAY = 86_400;

function daysInMonth(month: string): number {
  const { start, end } = monthBounds(month);
  return Math.round((end - start) / DAY);
}

/** Day of the month (1…) of a time within it, else null. */
function dayOfMonth(month: string, unixSeconds: number): number | null {
  const { start, end } = monthBounds(month);
  if (!Number.isFinite(unixSeconds) || unixSeconds < start || unixSeconds >= end) return null;
  return Math.floor((unixSeconds - start) / DAY) + 1;
}

/** Collected: the succeeded charges of the month's invoices by the day they were made; failed: 3scale's failed attempts by day. */
export function collectedVsFailedByDay(reconciliation: Reconciliation): MonthEndCharts['collectedVsFailed'] {
  const days = daysInMonth(reconciliation.paymentsMonth);
  const series = new Map<string, DaySeriesPoint[]>();
  const pointsOf = (currency: string): DaySeriesPoint[] => {
    let points = series.get(currency);
    if (!points) {
      points = Array.from({ length: days }, (_, i) => ({ day: i + 1, collectedMinor: 0, collectedCount: 0, failedMinor: 0, failedCount: 0 }));
      series.set(currency, points);
    }
    return points;
  };
  for (const { collectedCharges, failedAttempts, row } of reconciliation.invoices) {
    for (const charge of collectedCharges) {
      const day = dayOfMonth(reconciliation.paymentsMonth, charge.created);
      const point = day === null ? undefined : pointsOf(charge.currency.toUpperCase())[day - 1];
      if (point) {
        point.collectedMinor += charge.amount;
        point.collectedCount += 1;
      }
    }
    for (const attempt of failedAttempts) {
      const day = dayOfMonth(reconciliation.paymentsMonth, attempt.at);
      const point = day === null ? undefined : pointsOf(attempt.currency || row.currency)[day - 1];
      if (point) {
        point.failedMinor += attempt.amountMinor;
        point.failedCount += 1;
      }
    }
  }
  return [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, points]) => ({ currency, points }));
}

function isoDay(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** The month's weeks (Monday to Sunday, cut at the month's first and last day). */
export function monthWeeks(month: string): { from: number; to: number }[] {
  const { start, end } = monthBounds(month);
  const weeks: { from: number; to: number }[] = [];
  let from = start;
  while (from < end) {
    const weekday = (new Date(from * 1000).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    const next = Math.min(end, from + (7 - weekday) * DAY);
    weeks.push({ from, to: next - DAY });
    from = next;
  }
  return weeks;
}

/** Per week: the gross of the charges made in it, their processing fees, and the share in percent. */
export function feeShareByWeek(reconciliation: Reconciliation): MonthEndCharts['feeShareByWeek'] {
  const weeks = monthWeeks(reconciliation.paymentsMonth);
  const series = new Map<string, WeekSeriesPoint[]>();
  const pointsOf = (currency: string): WeekSeriesPoint[] => {
    let points = series.get(currency);
    if (!points) {
      points = weeks.map((w) => ({ from: isoDay(w.from), to: isoDay(w.to), grossMinor: 0, feesMinor: 0, feeSharePercent: null }));
      series.set(currency, points);
    }
    return points;
  };
  for (const { collectedCharges } of reconciliation.invoices) {
    for (const charge of collectedCharges) {
      const week = weeks.findIndex((w) => charge.created >= w.from && charge.created < w.to + DAY);
      if (week < 0) continue;
      const point = pointsOf(charge.currency.toUpperCase())[week];
      if (!point) continue;
      const txn = charge.balanceTransaction ? reconciliation.index.transactions.get(charge.balanceTransaction) : undefined;
      point.grossMinor += charge.amount;
      point.feesMinor += txn?.fee ?? 0;
    }
  }
  for (const points of series.values()) {
    for (const point of points) point.feeSharePercent = point.grossMinor === 0 ? null : Math.round((point.feesMinor / point.grossMinor) * 10_000) / 100;
  }
  return [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, points]) => ({ currency, points }));
}

export function monthEndCharts(reconciliation: Reconciliation): MonthEndCharts {
  return { collectedVsFailed: collectedVsFailedByDay(reconciliation), feeShareByWeek: feeShareByWeek(reconciliation) };
}
