// The month-end screen's money: Stripe's minor units in the currency's digits as Stripe counts them.
import { describe, expect, it } from 'vitest';
import { money, units } from '../../../../../../renderer/src/pages/month-end/money';

describe('month-end money', () => {
  it('writes minor units with the digits Stripe counts (HUF, ISK in hundredths; JPY none; KWD three)', () => {
    expect(money(123450, 'EUR')).toBe('1,234.50 EUR');
    expect(money(100000, 'HUF')).toBe('1,000.00 HUF');
    expect(money(500000, 'ISK')).toBe('5,000.00 ISK');
    expect(money(1200, 'JPY')).toBe('1,200 JPY');
    expect(money(1234, 'KWD')).toBe('1.234 KWD');
    expect(units(100000, 'HUF')).toBe(1000);
  });
});
