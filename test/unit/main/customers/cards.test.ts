// Cards read from Stripe's objects (PaymentMethods, legacy cards and sources) and judged
// against the date: valid through the end of the expiry month, usable unless expired,
// and which one the Customers screen shows first.
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  bestCard,
  cardFromLegacySource,
  cardFromPaymentMethod,
  cardStatusOf,
  cardValidThrough,
  type CardSummary,
} from '../../../../main/customers/cards';

const NOW = new Date('2026-03-10T12:00:00Z');

function card(expMonth: number | null, expYear: number | null, extra: Partial<CardSummary> = {}): CardSummary {
  return { id: 'pm_1', type: 'card', brand: 'visa', last4: '4242', expMonth, expYear, source: 'setup_intent', ...extra };
}

describe('cardStatusOf: a card is valid through the end of its expiry month', () => {
  it.each([
    ['far away', card(12, 2030), 'ok'],
    ['next year', card(3, 2027), 'ok'],
    ['ends this month (21 days left)', card(3, 2026), 'expires_soon'],
    ['ends next month (51 days left)', card(4, 2026), 'ok'],
    ['ended last month', card(2, 2026), 'expired'],
    ['long expired', card(1, 2019), 'expired'],
    ['no payment method', null, 'none'],
    ['a card without a readable expiry', card(null, null), 'none'],
    ['month 13', card(13, 2030), 'none'],
    ['month 0', card(0, 2030), 'none'],
    ['a two-digit year', card(5, 30), 'none'],
    // 3scale charges only cards: its SetupIntents are card-only and it stores payment_method.card (stripe_crypt.rb).
    ['a SEPA debit, which 3scale cannot charge', card(null, null, { type: 'sepa_debit', brand: null }), 'none'],
    ['a Link payment method, which 3scale cannot charge', card(null, null, { type: 'link', brand: null }), 'none'],
  ] as const)('%s', (_name, method, status) => {
    expect(cardStatusOf(method, NOW)).toBe(status);
  });

  it('counts 30 days to the very millisecond', () => {
    const method = card(3, 2026); // valid until 2026-04-01T00:00:00Z
    expect(cardStatusOf(method, new Date('2026-03-01T23:59:59.999Z'))).toBe('ok');
    expect(cardStatusOf(method, new Date('2026-03-02T00:00:00Z'))).toBe('expires_soon'); // exactly 30 days left
    expect(cardStatusOf(method, new Date('2026-03-31T23:59:59.999Z'))).toBe('expires_soon');
    expect(cardStatusOf(method, new Date('2026-04-01T00:00:00Z'))).toBe('expired');
    // December rolls over into the next year.
    expect(cardStatusOf(card(12, 2026), new Date('2026-12-31T23:00:00Z'))).toBe('expires_soon');
    expect(cardStatusOf(card(12, 2026), new Date('2027-01-01T00:00:00Z'))).toBe('expired');
    expect(cardValidThrough(card(2, 2028))).toBe('2028-02-29');
    expect(cardValidThrough(card(null, null))).toBeNull();
  });
});

describe('bestCard', () => {
  it('a usable default first, else the usable card valid longest, else the one expired last', () => {
    const short = card(4, 2027, { id: 'pm_short' });
    const long = card(9, 2031, { id: 'pm_long' });
    const expiredDefault = card(1, 2025, { id: 'pm_old_default', source: 'invoice_settings' });
    const usableDefault = card(5, 2026, { id: 'pm_default', source: 'invoice_settings' });
    const legacy = card(6, 2027, { id: 'card_legacy', source: 'default_source' });
    expect(bestCard([short, long], NOW)?.id).toBe('pm_long');
    expect(bestCard([short, long, usableDefault], NOW)?.id).toBe('pm_default');
    expect(bestCard([long, legacy], NOW)?.id).toBe('card_legacy');
    expect(bestCard([expiredDefault, short], NOW)?.id).toBe('pm_short'); // an expired default gives way
    expect(bestCard([card(1, 2024, { id: 'a' }), card(7, 2025, { id: 'b' })], NOW)?.id).toBe('b');
    expect(bestCard([card(null, null, { id: 'unreadable' }), card(7, 2025, { id: 'expired' })], NOW)?.id).toBe('expired');
    expect(bestCard([], NOW)).toBeNull();
  });
});

describe('reading Stripe objects', () => {
  it('a PaymentMethod: brand, last 4, expiry, and where it was found', () => {
    const method = {
      id: 'pm_123',
      object: 'payment_method',
      type: 'card',
      card: { brand: 'mastercard', last4: '4444', exp_month: 3, exp_year: 2031 },
    } as Stripe.PaymentMethod;
    expect(cardFromPaymentMethod(method, 'setup_intent')).toEqual({
      id: 'pm_123',
      type: 'card',
      brand: 'mastercard',
      last4: '4444',
      expMonth: 3,
      expYear: 2031,
      source: 'setup_intent',
    });
    const sepa = { id: 'pm_sepa', object: 'payment_method', type: 'sepa_debit', sepa_debit: { last4: '3000' } } as Stripe.PaymentMethod;
    expect(cardFromPaymentMethod(sepa, 'customer_payment_methods')).toMatchObject({ type: 'sepa_debit', brand: null, last4: '3000', expMonth: null });
  });

  it('a legacy default_source: a Card object or a card Source; nothing else', () => {
    expect(cardFromLegacySource({ id: 'card_1', object: 'card', brand: 'American Express', last4: '0005', exp_month: 7, exp_year: 2029 })).toEqual({
      id: 'card_1',
      type: 'card',
      brand: 'amex',
      last4: '0005',
      expMonth: 7,
      expYear: 2029,
      source: 'default_source',
    });
    expect(cardFromLegacySource({ id: 'src_1', object: 'source', type: 'card', card: { brand: 'Visa', last4: '4242', exp_month: 1, exp_year: 2030 } })).toMatchObject({
      id: 'src_1',
      brand: 'visa',
      last4: '4242',
    });
    expect(cardFromLegacySource('card_unexpanded')).toBeNull();
    expect(cardFromLegacySource(null)).toBeNull();
    expect(cardFromLegacySource({ id: 'ba_1', object: 'bank_account', last4: '6789' })).toBeNull();
    expect(cardFromLegacySource({ id: 'src_2', object: 'source', type: 'sepa_debit' })).toBeNull();
  });
});
