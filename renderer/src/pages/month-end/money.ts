// Minor units (cents) as money the way finance reads it, per currency (JPY has no decimals),
// counted as Stripe counts them (HUF and ISK in hundredths: common/currency-digits.ts).

import { minorUnitDigits as exponent } from '../../../../common/currency-digits';

/** "€1,234.50" style with the currency's code: "1,234.50 EUR". */
export function money(minor: number, currency: string): string {
  const digits = exponent(currency);
  const amount = minor / 10 ** digits;
  return `${amount.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
}

/** Minor units as a plain number of the currency's units, for chart axes. */
export function units(minor: number, currency: string): number {
  return minor / 10 ** exponent(currency);
}

export function isoDay(unixSeconds: number): string {
  return unixSeconds > 0 ? new Date(unixSeconds * 1000).toISOString().slice(0, 10) : '—';
}

/** "October 2026" for "2026-10". */
export function monthName(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (number ?? 1) - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
