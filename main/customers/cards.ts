// A customer's cards as the Customers screen needs them: read from Stripe's objects (a
// PaymentMethod, or a legacy card or source), and judged against today's date. Pure.

import type Stripe from 'stripe';

/** Where a card was found. */
export type CardSource =
  /** The customer's invoice_settings.default_payment_method. */
  | 'invoice_settings'
  /** The customer's legacy default_source (a card or a card source). */
  | 'default_source'
  /** The payment method of a SetupIntent, attached to the customer: how 3scale collects cards. */
  | 'setup_intent'
  /** The customer's own list of payment methods (GET /v1/customers/{id}/payment_methods). */
  | 'customer_payment_methods';

/** What the app needs of a payment method attached to a customer (a card, usually). */
export interface CardSummary {
  /** pm_…, or card_… / src_… for a legacy source. */
  id: string;
  /** Stripe's payment method type: 'card', 'sepa_debit', … */
  type: string;
  brand: string | null;
  last4: string | null;
  /** 1–12; null for payment methods without an expiry. */
  expMonth: number | null;
  expYear: number | null;
  source: CardSource;
}

/** `none`: no usable payment method; `expires_soon`: valid for 30 days or less from now. */
export type CardStatus = 'ok' | 'expires_soon' | 'expired' | 'none';

export const CARD_STATUSES: readonly CardStatus[] = ['ok', 'expires_soon', 'expired', 'none'];

/** How close to its expiry a card is reported as expiring soon. */
export const EXPIRES_SOON_DAYS = 30;
const DAY_MS = 86_400_000;

export function cardFromPaymentMethod(method: Stripe.PaymentMethod, source: CardSource): CardSummary {
  const card = method.card;
  return {
    id: method.id,
    type: method.type,
    brand: card?.brand ?? null,
    last4: card?.last4 ?? method.sepa_debit?.last4 ?? method.us_bank_account?.last4 ?? method.bacs_debit?.last4 ?? null,
    expMonth: card?.exp_month ?? null,
    expYear: card?.exp_year ?? null,
    source,
  };
}

/**
 * A customer's legacy default_source, when expanded and a card: a Card object (`card_…`,
 * brand spelled "Visa") or a Source of type card (`src_…`). Anything else (a bank account,
 * an unexpanded id) says nothing about a card.
 */
export function cardFromLegacySource(source: unknown): CardSummary | null {
  if (source === null || typeof source !== 'object') return null;
  const object = source as { id?: unknown; object?: unknown; type?: unknown; card?: unknown } & Record<string, unknown>;
  if (typeof object.id !== 'string') return null;
  let fields: Record<string, unknown> | null = null;
  if (object.object === 'card') fields = object;
  else if (object.object === 'source' && object.type === 'card' && object.card !== null && typeof object.card === 'object') {
    fields = object.card as Record<string, unknown>;
  }
  if (!fields) return null;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  const brand = text(fields['brand']);
  return {
    id: object.id,
    type: 'card',
    // Legacy cards say "Visa", "MasterCard", "American Express"; payment methods say "visa", "mastercard", "amex".
    brand: brand === null ? null : LEGACY_BRANDS[brand] ?? brand.toLowerCase(),
    last4: text(fields['last4']),
    expMonth: number(fields['exp_month']),
    expYear: number(fields['exp_year']),
    source: 'default_source',
  };
}

const LEGACY_BRANDS: Readonly<Record<string, string>> = {
  Visa: 'visa',
  MasterCard: 'mastercard',
  'American Express': 'amex',
  Discover: 'discover',
  'Diners Club': 'diners',
  JCB: 'jcb',
  UnionPay: 'unionpay',
};

function isMonth(value: number | null): value is number {
  return value !== null && Number.isInteger(value) && value >= 1 && value <= 12;
}

function isYear(value: number | null): value is number {
  return value !== null && Number.isInteger(value) && value >= 1970 && value <= 9999;
}

/** What judging a card's expiry needs (3scale's stored card has no id nor source). */
export type CardExpiry = Pick<CardSummary, 'type' | 'expMonth' | 'expYear'>;

/** The instant a card stops being valid: the start of the month after its expiry month (UTC). */
function validUntil(card: CardExpiry): Date | null {
  if (!isMonth(card.expMonth) || !isYear(card.expYear)) return null;
  return new Date(Date.UTC(card.expYear, card.expMonth, 1));
}

/**
 * A card is valid through the end of its expiry month. No payment method, a card whose expiry
 * cannot be read, or a payment method that is not a card (a SEPA or bank debit, Link) is `none`:
 * 3scale charges only cards (its SetupIntents are card-only; stripe_crypt.rb stores
 * payment_method.card).
 */
export function cardStatusOf(card: CardExpiry | null, now: Date): CardStatus {
  if (!card || card.type !== 'card') return 'none';
  const until = validUntil(card);
  if (!until) return 'none';
  const left = until.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= EXPIRES_SOON_DAYS * DAY_MS ? 'expires_soon' : 'ok';
}

/** The last day a card is valid, 'YYYY-MM-DD' (UTC), when it has an expiry. */
export function cardValidThrough(card: CardExpiry | null): string | null {
  const until = card ? validUntil(card) : null;
  return until ? new Date(until.getTime() - DAY_MS).toISOString().slice(0, 10) : null;
}

/** Usable: not expired (a card expiring soon can still be charged). */
export function isUsable(status: CardStatus): boolean {
  return status === 'ok' || status === 'expires_soon';
}

/** 0: usable, 1: expired, 2: expiry unreadable. */
function usability(status: CardStatus): number {
  return isUsable(status) ? 0 : status === 'expired' ? 1 : 2;
}

function isDefaultCard(card: CardSummary): boolean {
  return card.source === 'invoice_settings' || card.source === 'default_source';
}

/**
 * The card to show for a customer: a usable default (invoice settings or default_source)
 * first, else the usable card valid longest, else the one that expired last. Which card
 * 3scale charges is known only to 3scale.
 */
export function bestCard(cards: readonly CardSummary[], now: Date): CardSummary | null {
  const ranked = cards.map((card) => ({
    card,
    usability: usability(cardStatusOf(card, now)),
    isDefault: isDefaultCard(card),
    until: validUntil(card)?.getTime() ?? Number.POSITIVE_INFINITY,
  }));
  ranked.sort(
    (a, b) =>
      a.usability - b.usability ||
      (a.usability === 0 ? Number(b.isDefault) - Number(a.isDefault) : 0) ||
      b.until - a.until,
  );
  return ranked[0]?.card ?? null;
}

/** A card as one short text: `visa •••• 4242 12/2027`. */
export function cardLabel(card: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null }): string {
  const expiry = card.expMonth && card.expYear ? ` ${String(card.expMonth).padStart(2, '0')}/${card.expYear}` : '';
  return `${card.brand ?? 'card'} •••• ${card.last4 ?? '????'}${expiry}`;
}
