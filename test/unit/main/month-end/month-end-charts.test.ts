import { describe, expect, it } from 'vitest';
import { monthEndCharts, monthWeeks } from '../../../../main/month-end/month-end-charts';
import { reconcile } from '../../../../main/month-end/reconcile';
import { at, MonthBuilder, octoberScenario, standardFee } from './month-end-builder';

describe('chart series', () => {
  const charts = monthEndCharts(reconcile(octoberScenario().b.input()));

  it('collected vs failed per day of the month, one series per currency, every day present', () => {
    expect(charts.collectedVsFailed.map((s) => s.currency)).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
    const eur = charts.collectedVsFailed[0]?.points ?? [];
    expect(eur).toHaveLength(31);
    expect(eur.slice(0, 7).map((p) => [p.day, p.collectedMinor, p.collectedCount, p.failedMinor, p.failedCount])).toEqual([
      // Day 1: invoice 1 paid; invoices 9 and 10 declined, 11 needs authentication.
      [1, 4_000, 1, 2_500 + 4_500 + 3_500, 3],
      // Day 2: 90.00 short, 2 × 12.00; invoice 3's first attempt needed authentication.
      [2, 9_000 + 1_200 + 1_200, 3, 3_000, 1],
      [3, 3_000 + 6_000, 2, 0, 0],
      [4, 0, 0, 2_500 + 4_500, 2],
      [5, 8_000, 1, 0, 0],
      [6, 7_000, 1, 0, 0],
      [7, 2_500, 1, 0, 0],
    ]);
    expect(charts.collectedVsFailed[3]?.points[1]).toMatchObject({ day: 2, collectedMinor: 2_000 });
  });

  it('October 2026 has five weeks starting on Monday, cut at the month’s edges', () => {
    expect(monthWeeks('2026-10').map((w) => [new Date(w.from * 1000).toISOString().slice(0, 10), new Date(w.to * 1000).toISOString().slice(0, 10)])).toEqual([
      ['2026-10-01', '2026-10-04'],
      ['2026-10-05', '2026-10-11'],
      ['2026-10-12', '2026-10-18'],
      ['2026-10-19', '2026-10-25'],
      ['2026-10-26', '2026-10-31'],
    ]);
    // February 2027 starts on a Monday: four whole weeks; February 2026 starts on a Sunday, a week of its own.
    expect(monthWeeks('2027-02')).toHaveLength(4);
    expect(monthWeeks('2026-02').map((w) => (w.to - w.from) / 86_400 + 1)).toEqual([1, 7, 7, 7, 6]);
  });

  it('fees as a share of the gross per week, null for a week without gross', () => {
    const eur = charts.feeShareByWeek.find((s) => s.currency === 'EUR')?.points ?? [];
    const week1Fees = [4_000, 9_000, 1_200, 1_200, 3_000, 6_000].reduce((sum, amount) => sum + standardFee(amount), 0);
    const week2Fees = [8_000, 7_000, 2_500].reduce((sum, amount) => sum + standardFee(amount), 0);
    expect(eur[0]).toEqual({ from: '2026-10-01', to: '2026-10-04', grossMinor: 24_400, feesMinor: week1Fees, feeSharePercent: Math.round((week1Fees / 24_400) * 10_000) / 100 });
    expect(eur[0]?.feeSharePercent).toBe(3.64);
    expect(eur[1]).toMatchObject({ grossMinor: 17_500, feesMinor: week2Fees, feeSharePercent: 3.42 });
    expect(eur.slice(2).map((p) => p.feeSharePercent)).toEqual([null, null, null]);
  });
});

describe('postpaid billing: September’s invoices charged in October', () => {
  it('the charts and the unclaimed payments are of the month the invoices were charged in', () => {
    const b = new MonthBuilder();
    const invoice = b.invoice({ id: 1, state: 'paid', cost: 40 });
    invoice.invoice.month = '2026-09';
    b.attempt(invoice, { when: at(1, 3), outcome: 'succeeded' });
    b.intent({ amount: 500, currency: 'eur', when: at(2), description: 'Workshop', outcome: 'succeeded' });
    b.intent({ amount: 700, currency: 'eur', when: Date.UTC(2026, 8, 15) / 1000, description: 'Workshop', outcome: 'succeeded' });
    const reconciliation = reconcile({ month: '2026-09', paymentsMonth: '2026-10', invoices: b.invoices, stripe: b.stripe });
    const charts = monthEndCharts(reconciliation);
    expect(charts.collectedVsFailed[0]?.points).toHaveLength(31);
    expect(charts.collectedVsFailed[0]?.points[0]).toMatchObject({ day: 1, collectedMinor: 4_000 });
    expect(charts.feeShareByWeek[0]?.points[0]).toMatchObject({ from: '2026-10-01', grossMinor: 4_000 });
    expect(reconciliation.unmatchedPayments.map((p) => p.amountMinor)).toEqual([500]);

    const september = monthEndCharts(reconcile({ month: '2026-09', invoices: b.invoices, stripe: b.stripe }));
    expect(september.collectedVsFailed).toEqual([]);
  });
});
