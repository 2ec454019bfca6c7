// Stripe customers and their cards as loaded: what the customers list says of each (its
// default payment method and legacy default_source, both expanded), joined with the cards
// the account's SetupIntents attached (how 3scale collects cards), and, for the customers
// those leave without a card, the customer's own list of payment methods. Pure.

import type Stripe from 'stripe';
import { cardFromLegacySource, cardFromPaymentMethod, type CardSummary } from './cards';

/** One Stripe customer as loaded. */
export interface CustomerRecord {
  id: string;
  /** Stripe's `name`; 3scale sets none. */
  name: string | null;
  /** Stripe's `description`; 3scale writes the developer account's organisation name here. */
  description: string | null;
  email: string | null;
  /** Unix seconds. */
  created: number;
  deleted: boolean;
  metadata: Readonly<Record<string, string>>;
  /** Every card known to be attached, each once; the defaults first. */
  cards: CardSummary[];
}

export function recordFromCustomer(customer: Stripe.Customer): CustomerRecord {
  const cards: CardSummary[] = [];
  const method = customer.invoice_settings?.default_payment_method ?? null;
  if (method !== null && typeof method === 'object') cards.push(cardFromPaymentMethod(method, 'invoice_settings'));
  const legacy = cardFromLegacySource(customer.default_source);
  if (legacy) cards.push(legacy);
  return {
    id: customer.id,
    name: customer.name || null,
    description: customer.description || null,
    email: customer.email ?? null,
    created: customer.created,
    deleted: false,
    metadata: { ...customer.metadata },
    cards,
  };
}

/** Adds a card unless the customer already has it (a default is also listed by its SetupIntent). */
export function addCard(record: CustomerRecord, card: CardSummary): void {
  if (!record.cards.some((known) => known.id === card.id)) record.cards.push(card);
}

/**
 * Joins SetupIntents to the customers their payment method is attached to now. The
 * payment method's own `customer` is the truth: a card detached since counts for nobody.
 * Returns how many cards were added.
 */
export function joinSetupIntents(records: ReadonlyMap<string, CustomerRecord>, intents: Iterable<Stripe.SetupIntent>): number {
  let added = 0;
  for (const intent of intents) {
    const method = intent.payment_method;
    if (method === null || typeof method !== 'object') continue;
    const owner = typeof method.customer === 'string' ? method.customer : (method.customer?.id ?? null);
    const record = owner === null ? undefined : records.get(owner);
    if (!record) continue;
    const before = record.cards.length;
    addCard(record, cardFromPaymentMethod(method, 'setup_intent'));
    added += record.cards.length - before;
  }
  return added;
}

/**
 * The customers the bulk lists leave unexplained: no card from the customers list nor from
 * any SetupIntent. Only for these is the customer's own list of payment methods asked
 * (cards attached some other way: the Dashboard, another integration).
 */
export function needingCardCheck(records: Iterable<CustomerRecord>): CustomerRecord[] {
  return [...records].filter((record) => record.cards.length === 0);
}

/** The customer's own list of payment methods, joined. */
export function joinCustomerPaymentMethods(record: CustomerRecord, methods: readonly Stripe.PaymentMethod[]): void {
  for (const method of methods) addCard(record, cardFromPaymentMethod(method, 'customer_payment_methods'));
}

/**
 * A record from an older cache file (one `paymentMethod`, no `cards`, no `description`), as
 * a record of today; null when it is not a record at all (the cache is then loaded again).
 */
export function upgradeCachedRecord(value: unknown): CustomerRecord | null {
  if (value === null || typeof value !== 'object') return null;
  const old = value as Partial<CustomerRecord> & { paymentMethod?: CardSummary | null };
  if (typeof old.id !== 'string' || typeof old.created !== 'number' || typeof old.metadata !== 'object' || old.metadata === null) return null;
  const found = Array.isArray(old.cards) ? old.cards : old.paymentMethod ? [old.paymentMethod] : [];
  // Older files called a customer's only attached card 'only_attached_card'.
  const cards = found.map((card) => ((card.source as string) === 'only_attached_card' ? { ...card, source: 'customer_payment_methods' as const } : card));
  return {
    id: old.id,
    name: old.name ?? null,
    description: old.description ?? null,
    email: old.email ?? null,
    created: old.created,
    deleted: old.deleted ?? false,
    metadata: old.metadata,
    cards,
  };
}
