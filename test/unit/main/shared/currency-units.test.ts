import { describe, expect, it } from 'vitest';
import { currencyExponent, toMinor } from '../../../../main/shared/currency-units';

describe('currency units', () => {
  it('knows each currency’s minor digits', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('not a currency')).toBe(2);
  });

  // Stripe counts these in hundredths although ISO 4217 / Intl give them no decimals (HUF, ISK,
  // IDR, COP…): a PaymentIntent of 1,000.00 HUF has amount 100000, and 3scale's gateway sends
  // amount.cents (×100) for them (ActiveMerchant divides only for Stripe's zero-decimal list).
  it('counts minor units as Stripe does, not as Intl displays them', () => {
    for (const twoDecimal of ['HUF', 'ISK', 'IDR', 'COP', 'TWD', 'IQD', 'huf']) expect(currencyExponent(twoDecimal)).toBe(2);
    for (const zeroDecimal of ['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF', 'jpy']) {
      expect(currencyExponent(zeroDecimal)).toBe(0);
    }
    for (const threeDecimal of ['BHD', 'JOD', 'KWD', 'OMR', 'TND']) expect(currencyExponent(threeDecimal)).toBe(3);
    expect(toMinor(1000, 'HUF')).toBe(100000);
    expect(toMinor(5000, 'ISK')).toBe(500000);
    expect(toMinor(1500, 'CLP')).toBe(1500);
  });

  it('turns 3scale’s decimals into minor units without float drift', () => {
    expect(toMinor(19.99, 'EUR')).toBe(1999);
    expect(toMinor(0.29, 'USD')).toBe(29);
    expect(toMinor(500, 'JPY')).toBe(500);
    expect(toMinor(1.234, 'KWD')).toBe(1234);
  });
});
