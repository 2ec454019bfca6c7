// 3scale renders amounts as decimals in currency units; Stripe counts minor units. One
// conversion for every feature, so the Invoices screen and the month-end report agree.

/** Digits after the decimal point of a currency (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 3scale's decimal amount in minor units, as its gateway sends it to Stripe (amount.cents). */
export function toMinor(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyExponent(currency));
}

/** Minor units as a plain amount for logs and CSV: "EUR 12.34", "JPY 1200", "KWD 1.234". */
export function formatMinor(money: { amountMinor: number; currency: string }): string {
  const digits = currencyExponent(money.currency);
  return `${money.currency} ${(money.amountMinor / 10 ** digits).toFixed(digits)}`;
}
