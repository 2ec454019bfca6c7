import { describe, expect, it } from 'vitest';
import { decimal, MONTH_END_CSV_HEADER, monthEndCsv } from '../../../../main/month-end/month-end-csv';
import { buildMonthEndReport } from '../../../../main/month-end/month-end-report';
import { octoberScenario, standardFee } from './month-end-builder';

describe('the month-end CSV', () => {
  const scenario = octoberScenario();
  scenario.invoices.refunded.organisation = '=HYPERLINK("http://evil.example","x")';
  const report = buildMonthEndReport(scenario.b.input(), { mode: 'test', provider: 'Acme', loadedAt: '2026-11-01T09:00:00Z' });
  const lines = monthEndCsv(report).split('\r\n');

  it('a header and one row per invoice, CRLF, ending with a line break', () => {
    expect(lines[0]).toBe(MONTH_END_CSV_HEADER.join(','));
    expect(lines).toHaveLength(1 + 17 + 1);
    expect(lines[lines.length - 1]).toBe('');
  });

  it('a row: 3scale ids, state, amount, PaymentIntent, charge, fee, net, payout id and date, mismatch kind', () => {
    const row = lines.find((line) => line.startsWith('14,'));
    const [a, b] = [scenario.charges.c14a, scenario.charges.c14b];
    const fee = (standardFee(1_200) * 2) / 100;
    expect(row).toBe(
      [
        '14', '2026-10-00000014', '1014', 'Org 14', 'paid', 'collected', '12.00', 'EUR', '2',
        `${a.intent.id} (succeeded); ${b.intent.id} (succeeded)`,
        `${a.charge?.id}; ${b.charge?.id}`,
        '24.00', fee.toFixed(2), '0.00', '0.00', (24 - fee).toFixed(2),
        scenario.payouts.eurPayout, '2026-10-12', 'amount_or_currency_differs',
      ].join(','),
    );
  });

  it('a formula in a cell is kept as text, quoted', () => {
    const row = lines.find((line) => line.startsWith('6,'));
    expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(row?.endsWith(',refunded_or_disputed')).toBe(true);
  });

  it('amounts as decimals in the currency’s own minor unit', () => {
    expect(decimal(123_450, 'EUR')).toBe('1234.50');
    expect(decimal(-1_500, 'EUR')).toBe('-15.00');
    expect(decimal(5_000, 'JPY')).toBe('5000');
    expect(lines.find((line) => line.startsWith('17,'))).toContain(',5000,JPY,');
  });
});
