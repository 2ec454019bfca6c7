// 3scale renders amounts as decimals in currency units; Stripe counts minor units. One
// conversion for every feature, so the Invoices screen and the month-end report agree.

import { minorUnitDigits } from '../../common/currency-digits';

/** Digits after the decimal point of a currency as Stripe counts its minor units (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(currency: string): number {
  return minorUnitDigits(currency);
}

/** 3scale's decimal amount in minor units, as its gateway sends it to Stripe (amount.cents). */
export function toMinor(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyExponent(currency));
}

/** A minor amount as text with its currency: "40.00 EUR", "500 JPY". */
export function formatMinor(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  if (exponent === 0) return `${sign}${abs} ${currency}`;
  const unit = 10 ** exponent;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(exponent, '0')} ${currency}`;
}
