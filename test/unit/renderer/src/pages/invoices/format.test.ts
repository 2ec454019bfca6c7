// Money from minor units in each currency's own digits, cards and dates as the screen writes them.
import { describe, expect, it } from 'vitest';
import { formatCard, formatDate, formatMoney, formatTotals } from '../../../../../../renderer/src/pages/invoices/format';

/** Intl puts no-break spaces between code and number; compared as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('divides by the currency’s own minor unit', () => {
    expect(formatMoney({ amountMinor: 123450, currency: 'EUR' }, 'en-US')).toBe('€1,234.50');
    expect(formatMoney({ amountMinor: 5, currency: 'USD' }, 'en-US')).toBe('$0.05');
    expect(formatMoney({ amountMinor: 1200, currency: 'JPY' }, 'en-US')).toBe('¥1,200');
    expect(plain(formatMoney({ amountMinor: 1234, currency: 'KWD' }, 'en-US'))).toBe('KWD 1.234');
    expect(plain(formatMoney({ amountMinor: 123450, currency: 'EUR' }, 'de-DE'))).toBe('1.234,50 €');
  });

  it('reads Stripe’s minor units, which for HUF or ISK are hundredths although Intl shows none', () => {
    expect(plain(formatMoney({ amountMinor: 100000, currency: 'HUF' }, 'en-US'))).toBe('HUF 1,000');
    expect(plain(formatMoney({ amountMinor: 100050, currency: 'HUF' }, 'en-US'))).toBe('HUF 1,000.5');
    expect(plain(formatMoney({ amountMinor: 500000, currency: 'ISK' }, 'en-US'))).toBe('ISK 5,000');
    expect(plain(formatMoney({ amountMinor: 1500, currency: 'CLP' }, 'en-US'))).toBe('CLP 1,500');
  });

  it('writes a code Intl does not know as it is, rather than failing', () => {
    expect(formatMoney({ amountMinor: 990, currency: 'E U' }, 'en-US')).toBe('9.90 E U');
  });

  it('never adds currencies together', () => {
    expect(formatTotals([{ amountMinor: 1000, currency: 'EUR' }, { amountMinor: 500, currency: 'USD' }], 'en-US')).toBe('€10.00 · $5.00');
    expect(formatTotals([], 'en-US')).toBe('nothing');
  });
});

describe('cards and dates', () => {
  it('writes a card as brand, last 4 and expiry', () => {
    expect(formatCard({ brand: 'visa', last4: '4242', expMonth: 3, expYear: 2030 })).toBe('visa •••• 4242 03/2030');
    expect(formatCard(null)).toBe('No card');
  });

  it('writes 3scale’s dates on their own day whatever the time zone', () => {
    expect(formatDate('2026-01-01', 'en-US')).toBe('Jan 1, 2026');
    expect(formatDate(null)).toBe('—');
  });
});
