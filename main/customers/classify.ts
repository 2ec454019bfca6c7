// The Customers reconciliation: every Stripe customer of the active mode against the
// 3scale developer accounts of this provider. Pure: the loaded customers, the provider
// id from the settings and the time in, rows and counts out.

import { ACCOUNT_REFERENCE_KEY, isValidId, parseAccountReference } from './account-reference';

/** What the app needs of a customer's default payment method (a card, usually). */
export interface PaymentMethodSummary {
  id: string;
  /** Stripe's payment method type: 'card', 'sepa_debit', … */
  type: string;
  brand: string | null;
  last4: string | null;
  /** 1–12; null for payment methods without an expiry. */
  expMonth: number | null;
  expYear: number | null;
  /** Where it was found: the customer's invoice settings, or the customer's only attached card. */
  source: 'invoice_settings' | 'only_attached_card';
}

/** One Stripe customer as loaded. */
export interface CustomerRecord {
  id: string;
  name: string | null;
  email: string | null;
  /** Unix seconds. */
  created: number;
  deleted: boolean;
  metadata: Readonly<Record<string, string>>;
  /** The default payment method; null when the customer has no usable one. */
  paymentMethod: PaymentMethodSummary | null;
}

/** `none`: no usable payment method; `expires_soon`: valid for 30 days or less from now. */
export type CardStatus = 'ok' | 'expires_soon' | 'expired' | 'none';

export const CARD_STATUSES: readonly CardStatus[] = ['ok', 'expires_soon', 'expired', 'none'];

export type ProblemKind = 'other_provider' | 'malformed_reference' | 'no_reference' | 'duplicate_account' | 'deleted';

export const PROBLEM_KINDS: readonly ProblemKind[] = [
  'other_provider',
  'malformed_reference',
  'no_reference',
  'duplicate_account',
  'deleted',
];

export type CustomerProblem =
  /** A valid reference, for another 3scale provider. */
  | { kind: 'other_provider'; providerId: string; developerAccountId: string }
  /** A reference 3scale would not have written; `reason` says why. */
  | { kind: 'malformed_reference'; value: string; reason: string }
  | { kind: 'no_reference' }
  /** Other live customers claim the same developer account of this provider. */
  | { kind: 'duplicate_account'; developerAccountId: string; otherCustomerIds: string[] }
  | { kind: 'deleted' };

export interface CustomerRow {
  customerId: string;
  name: string | null;
  email: string | null;
  created: number;
  deleted: boolean;
  /** The raw metadata value, when there is one. */
  reference: string | null;
  /** The developer account of this provider the customer belongs to (from a valid reference). */
  developerAccountId: string | null;
  paymentMethod: PaymentMethodSummary | null;
  cardStatus: CardStatus;
  /** The last day the card is valid, 'YYYY-MM-DD' (UTC), when it has an expiry. */
  cardValidThrough: string | null;
  problems: CustomerProblem[];
  /** Valid reference for this provider, not deleted, card ok or expiring soon, no duplicate. */
  chargeable: boolean;
}

export interface CustomerSummary {
  total: number;
  chargeable: number;
  /** Customers not deleted whose card status is `none`. */
  noCard: number;
  /** Customers not deleted whose card has expired. */
  expired: number;
  /** Customers not deleted whose card expires within 30 days. */
  expiresSoon: number;
  /** Customers with at least one problem. */
  problems: number;
  /** Customers with each kind of problem. */
  byProblem: Record<ProblemKind, number>;
}

export interface Reconciliation {
  rows: CustomerRow[];
  summary: CustomerSummary;
}

/** How close to its expiry a card is reported as expiring soon. */
export const EXPIRES_SOON_DAYS = 30;
const DAY_MS = 86_400_000;

function isMonth(value: number | null): value is number {
  return value !== null && Number.isInteger(value) && value >= 1 && value <= 12;
}

function isYear(value: number | null): value is number {
  return value !== null && Number.isInteger(value) && value >= 1970 && value <= 9999;
}

/** The instant a card stops being valid: the start of the month after its expiry month (UTC). */
function validUntil(method: PaymentMethodSummary): Date | null {
  if (!isMonth(method.expMonth) || !isYear(method.expYear)) return null;
  return new Date(Date.UTC(method.expYear, method.expMonth, 1));
}

/**
 * A card is valid through the end of its expiry month. No payment method, or a card whose
 * expiry cannot be read, is `none`; a payment method without expiry (a bank debit) is `ok`.
 */
export function cardStatusOf(method: PaymentMethodSummary | null, now: Date): CardStatus {
  if (!method) return 'none';
  if (method.expMonth === null && method.expYear === null) return method.type === 'card' ? 'none' : 'ok';
  const until = validUntil(method);
  if (!until) return 'none';
  const left = until.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= EXPIRES_SOON_DAYS * DAY_MS ? 'expires_soon' : 'ok';
}

function validThrough(method: PaymentMethodSummary | null): string | null {
  const until = method ? validUntil(method) : null;
  return until ? new Date(until.getTime() - DAY_MS).toISOString().slice(0, 10) : null;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Rows ordered by developer account id (numerically), unmapped customers last, then newest first. */
function compareRows(a: CustomerRow, b: CustomerRow): number {
  if (a.developerAccountId !== b.developerAccountId) {
    if (a.developerAccountId === null) return 1;
    if (b.developerAccountId === null) return -1;
    return compareIds(a.developerAccountId, b.developerAccountId);
  }
  return b.created - a.created || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);
}

export interface ClassifyInput {
  /** The 3scale provider account id from the app's settings: a positive integer, as digits. */
  providerId: string;
  now: Date;
  customers: readonly CustomerRecord[];
}

/** Reconciles the customers with this provider's developer accounts. */
export function classifyCustomers({ providerId, now, customers }: ClassifyInput): Reconciliation {
  if (!isValidId(providerId)) throw new RangeError(`The provider id must be a positive integer without leading zeros, not “${providerId}”`);

  const rows: CustomerRow[] = customers.map((customer) => {
    const raw = Object.hasOwn(customer.metadata, ACCOUNT_REFERENCE_KEY) ? customer.metadata[ACCOUNT_REFERENCE_KEY] : undefined;
    const reference = raw ?? null;
    const problems: CustomerProblem[] = [];
    let developerAccountId: string | null = null;
    if (reference === null) {
      if (!customer.deleted) problems.push({ kind: 'no_reference' });
    } else {
      const parsed = parseAccountReference(reference);
      if (!parsed.ok) {
        if (!customer.deleted) problems.push({ kind: 'malformed_reference', value: reference, reason: parsed.problem });
      } else if (parsed.providerId !== providerId) {
        if (!customer.deleted) {
          problems.push({ kind: 'other_provider', providerId: parsed.providerId, developerAccountId: parsed.developerAccountId });
        }
      } else {
        developerAccountId = parsed.developerAccountId;
      }
    }
    if (customer.deleted) problems.push({ kind: 'deleted' });
    const paymentMethod = customer.deleted ? null : customer.paymentMethod;
    return {
      customerId: customer.id,
      name: customer.name,
      email: customer.email,
      created: customer.created,
      deleted: customer.deleted,
      reference,
      developerAccountId,
      paymentMethod,
      cardStatus: cardStatusOf(paymentMethod, now),
      cardValidThrough: validThrough(paymentMethod),
      problems,
      chargeable: false,
    };
  });

  // Two or more live customers for one developer account: each names the others.
  const claims = new Map<string, CustomerRow[]>();
  for (const row of rows) {
    if (row.deleted || row.developerAccountId === null) continue;
    const list = claims.get(row.developerAccountId);
    if (list) list.push(row);
    else claims.set(row.developerAccountId, [row]);
  }
  for (const [developerAccountId, claimants] of claims) {
    if (claimants.length < 2) continue;
    for (const row of claimants) {
      const otherCustomerIds = claimants.filter((other) => other !== row).map((other) => other.customerId);
      row.problems.push({ kind: 'duplicate_account', developerAccountId, otherCustomerIds });
    }
  }

  const byProblem = Object.fromEntries(PROBLEM_KINDS.map((kind) => [kind, 0])) as Record<ProblemKind, number>;
  const summary: CustomerSummary = { total: rows.length, chargeable: 0, noCard: 0, expired: 0, expiresSoon: 0, problems: 0, byProblem };
  for (const row of rows) {
    row.chargeable =
      !row.deleted &&
      row.developerAccountId !== null &&
      (row.cardStatus === 'ok' || row.cardStatus === 'expires_soon') &&
      !row.problems.some((problem) => problem.kind === 'duplicate_account');
    if (row.chargeable) summary.chargeable += 1;
    if (!row.deleted) {
      if (row.cardStatus === 'none') summary.noCard += 1;
      if (row.cardStatus === 'expired') summary.expired += 1;
      if (row.cardStatus === 'expires_soon') summary.expiresSoon += 1;
    }
    if (row.problems.length > 0) summary.problems += 1;
    for (const kind of new Set(row.problems.map((problem) => problem.kind))) byProblem[kind] += 1;
  }
  rows.sort(compareRows);
  return { rows, summary };
}

export interface RowFilter {
  /** A kind of problem; 'any' = at least one problem, 'none' = no problem. */
  problem?: ProblemKind | 'any' | 'none';
  cardStatus?: CardStatus;
  chargeable?: boolean;
}

/** The rows that pass every given criterion (an empty filter keeps all). */
export function filterRows(rows: readonly CustomerRow[], filter: RowFilter): CustomerRow[] {
  return rows.filter((row) => {
    if (filter.problem === 'any' && row.problems.length === 0) return false;
    if (filter.problem === 'none' && row.problems.length > 0) return false;
    if (
      filter.problem !== undefined &&
      filter.problem !== 'any' &&
      filter.problem !== 'none' &&
      !row.problems.some((problem) => problem.kind === filter.problem)
    ) {
      return false;
    }
    if (filter.cardStatus !== undefined && row.cardStatus !== filter.cardStatus) return false;
    if (filter.chargeable !== undefined && row.chargeable !== filter.chargeable) return false;
    return true;
  });
}

/**
 * Rows whose developer account id or Stripe customer id starts with the query (customer ids
 * ignoring case). A whole account reference finds the customers that hold it. Blank: all rows.
 */
export function searchRows(rows: readonly CustomerRow[], query: string): CustomerRow[] {
  const text = query.trim();
  if (text === '') return [...rows];
  const reference = parseAccountReference(text);
  if (reference.ok) return rows.filter((row) => row.reference === text);
  const lower = text.toLowerCase();
  const digits = /^[0-9]+$/.test(text);
  return rows.filter(
    (row) =>
      (digits && row.developerAccountId !== null && row.developerAccountId.startsWith(text)) ||
      row.customerId.toLowerCase().startsWith(lower),
  );
}
