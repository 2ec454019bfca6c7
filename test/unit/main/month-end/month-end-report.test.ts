import { describe, expect, it } from 'vitest';
import { MISMATCH_KINDS } from '../../../../common/contract/month-end';
import { buildMonthEndReport } from '../../../../main/month-end/month-end-report';
import { octoberScenario } from './month-end-builder';

describe('the month-end report', () => {
  it('gathers totals, payouts, rows, one list per mismatch kind with its count, other business apart, charts', () => {
    const scenario = octoberScenario();
    const report = buildMonthEndReport(scenario.b.input(), { mode: 'live', provider: 'Acme', loadedAt: '2026-11-01T09:00:00Z' });
    expect(report).toMatchObject({ month: '2026-10', mode: 'live', provider: 'Acme', loadedAt: '2026-11-01T09:00:00Z' });
    expect(Object.keys(report.mismatches)).toEqual([...MISMATCH_KINDS]);
    expect(Object.fromEntries(MISMATCH_KINDS.map((kind) => [kind, report.mismatches[kind].map((m) => m.invoiceId)]))).toEqual({
      paid_without_stripe_payment: [2],
      paid_in_stripe_not_in_3scale: [3],
      amount_or_currency_differs: [4, 5, 14],
      refunded_or_disputed: [6, 7],
    });
    expect(report.unmatchedPayments).toHaveLength(2);
    expect(report.rows.map((r) => r.invoiceId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(report.payouts).toHaveLength(2);
    expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
    expect(report.charts.collectedVsFailed).toHaveLength(4);
    // What the renderer gets must survive the IPC's JSON.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
