// The month's CSV: one row per invoice with its 3scale ids, state, amount, the Stripe
// PaymentIntents and charges, fee, net, the payouts that carried it and what does not match.
// Amounts are decimals in the invoice's currency; cells a spreadsheet would run as formulas are
// quoted as text.

import type { MonthEndReport, MonthEndRow } from '../../common/contract/month-end';
import { currencyExponent } from './month-end-inputs';

export const MONTH_END_CSV_HEADER = [
  'invoice_id',
  'friendly_id',
  'account_id',
  'organisation',
  'state',
  'status',
  'amount',
  'currency',
  'attempts',
  'payment_intents',
  'charges',
  'collected',
  'fee',
  'refunded',
  'disputed',
  'net',
  'payout_ids',
  'payout_dates',
  'mismatch',
] as const;

/** A CSV cell a spreadsheet will not run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Minor units as a plain decimal ("1234.50", "-15.00", "500" for JPY). */
export function decimal(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(amountMinor);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  const unit = 10 ** exponent;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(exponent, '0')}`;
}

function isoDate(unixSeconds: number): string {
  return unixSeconds > 0 ? new Date(unixSeconds * 1000).toISOString().slice(0, 10) : '';
}

export function monthEndCsvRow(row: MonthEndRow): string[] {
  const money = (minor: number) => decimal(minor, row.currency);
  return [
    String(row.invoiceId),
    row.friendlyId,
    String(row.accountId),
    row.organisation ?? '',
    row.state,
    row.status,
    money(row.invoicedMinor),
    row.currency,
    String(row.attempts),
    row.paymentIntents.map((p) => `${p.id} (${p.status})`).join('; '),
    row.chargeIds.join('; '),
    money(row.collectedMinor),
    money(row.feeMinor),
    money(row.refundedMinor),
    money(row.disputedMinor),
    money(row.netMinor),
    row.payouts.map((p) => p.id).join('; '),
    row.payouts.map((p) => isoDate(p.arrivalDate)).join('; '),
    row.mismatches.join('; '),
  ];
}

export function monthEndCsv(report: Pick<MonthEndReport, 'rows'>): string {
  const lines = report.rows.map((row) => monthEndCsvRow(row).map(csvCell).join(','));
  return `${[MONTH_END_CSV_HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}
