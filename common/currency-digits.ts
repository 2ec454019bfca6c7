// Digits after the point of an amount in minor units, as Stripe counts them (docs.stripe.com/
// currencies). Not Intl's (ISO 4217 / CLDR) digits: those give HUF, ISK, IDR, COP and others none,
// while Stripe counts them in hundredths — a PaymentIntent of 1,000 HUF has amount 100000. 3scale
// agrees with Stripe: its gateway sends amount.cents (×100) and ActiveMerchant's Stripe gateway
// divides by 100 again only for the zero-decimal list below (currencies_without_fractions).
// Shared by main and the renderer so that money is counted and shown alike everywhere.

/** Stripe's zero-decimal currencies. */
const ZERO_DECIMAL: ReadonlySet<string> = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
/** Stripe's three-decimal currencies. */
const THREE_DECIMAL: ReadonlySet<string> = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Minor-unit digits of a currency code, any case (JPY 0, EUR and HUF 2, KWD 3; unknown 2). */
export function minorUnitDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}
