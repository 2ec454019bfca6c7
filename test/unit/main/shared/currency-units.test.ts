import { describe, expect, it } from 'vitest';
import { currencyExponent, toMinor } from '../../../../main/shared/currency-units';

describe('currency units', () => {
  it('knows each currency’s minor digits', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('not a currency')).toBe(2);
  });

  it('turns 3scale’s decimals into minor units without float drift', () => {
    expect(toMinor(19.99, 'EUR')).toBe(1999);
    expect(toMinor(0.29, 'USD')).toBe(29);
    expect(toMinor(500, 'JPY')).toBe(500);
    expect(toMinor(1.234, 'KWD')).toBe(1234);
  });
});
