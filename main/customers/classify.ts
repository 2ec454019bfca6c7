// The Customers reconciliation: every Stripe customer of the active mode against the
// 3scale developer accounts of this provider. Pure: the loaded customers, the provider
// id from the settings and the time in, rows and counts out.

import { ACCOUNT_REFERENCE_KEY, isValidId, parseAccountReference } from './account-reference';
import { bestCard, cardStatusOf, cardValidThrough, isUsable, type CardStatus, type CardSummary } from './cards';
import type { CustomerRecord } from './customer-records';

export type { CardStatus } from './cards';
export { CARD_STATUSES } from './cards';
export type { CustomerRecord } from './customer-records';

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
  /** A newer live customer claims the same developer account of this provider: this one is stale. */
  | { kind: 'duplicate_account'; developerAccountId: string; newestCustomerId: string }
  | { kind: 'deleted' };

/** A card of a row, judged against today's date. */
export interface CardRow extends CardSummary {
  status: CardStatus;
  /** The last day the card is valid, 'YYYY-MM-DD' (UTC), when it has an expiry. */
  validThrough: string | null;
}

/**
 * Several live customers claim one developer account (3scale creates a new customer when
 * the one it stored was deleted or unknown): the newest is the one 3scale most likely uses,
 * the others are stale.
 */
export interface DuplicateMark {
  role: 'newest' | 'stale';
  developerAccountId: string;
  otherCustomerIds: string[];
}

export interface CustomerRow {
  customerId: string;
  name: string | null;
  /** 3scale writes the organisation name here. */
  description: string | null;
  /** What to call the customer: the description (3scale's organisation), else the name. */
  organisation: string | null;
  email: string | null;
  created: number;
  deleted: boolean;
  /** The raw metadata value, when there is one. */
  reference: string | null;
  /** The developer account of this provider the customer belongs to (from a valid reference). */
  developerAccountId: string | null;
  /** Every card attached, the best first (see bestCard). */
  cards: CardRow[];
  /** Cards not expired. */
  usableCards: number;
  /** The best card's status; `none` without any card. */
  cardStatus: CardStatus;
  /** The best card's last valid day. */
  cardValidThrough: string | null;
  duplicate: DuplicateMark | null;
  problems: CustomerProblem[];
  /** Valid reference for this provider, not deleted, at least one usable card, not a stale duplicate. */
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

/** The cards of a customer, the best first (bestCard), then the usable ones valid longest. */
function sortedCards(cards: readonly CardSummary[], now: Date): CardSummary[] {
  const best = bestCard(cards, now);
  const rest = cards
    .filter((card) => card !== best)
    .map((card) => ({ card, usable: isUsable(cardStatusOf(card, now)), through: cardValidThrough(card) ?? '' }))
    .sort((a, b) => Number(b.usable) - Number(a.usable) || (a.through < b.through ? 1 : a.through > b.through ? -1 : 0))
    .map(({ card }) => card);
  return best ? [best, ...rest] : rest;
}

/** Newest first; within one second, the larger id first (an order Stripe does not promise). */
function newestFirst(a: CustomerRow, b: CustomerRow): number {
  return b.created - a.created || compareIds(b.customerId, a.customerId);
}

/** The live rows of each developer account of this provider. */
function claimsByAccount(rows: readonly CustomerRow[]): Map<string, CustomerRow[]> {
  const claims = new Map<string, CustomerRow[]>();
  for (const row of rows) {
    if (row.deleted || row.developerAccountId === null) continue;
    const list = claims.get(row.developerAccountId);
    if (list) list.push(row);
    else claims.set(row.developerAccountId, [row]);
  }
  return claims;
}

/** One developer account's customers: the one 3scale most likely uses, and the stale ones. */
export interface DeveloperAccountCustomers {
  developerAccountId: string;
  current: CustomerRow;
  stale: CustomerRow[];
}

/** The classified rows by developer account id, for joining other per-account data (3scale's buyer accounts). */
export function customersByDeveloperAccount(rows: readonly CustomerRow[]): Map<string, DeveloperAccountCustomers> {
  const out = new Map<string, DeveloperAccountCustomers>();
  for (const [developerAccountId, claimants] of claimsByAccount(rows)) {
    const [current, ...stale] = [...claimants].sort(newestFirst);
    if (current) out.set(developerAccountId, { developerAccountId, current, stale });
  }
  return out;
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
    const cards: CardRow[] = (customer.deleted ? [] : sortedCards(customer.cards, now)).map((card) => ({
      ...card,
      status: cardStatusOf(card, now),
      validThrough: cardValidThrough(card),
    }));
    const best = cards[0] ?? null;
    return {
      customerId: customer.id,
      name: customer.name,
      description: customer.description,
      organisation: customer.description ?? customer.name,
      email: customer.email,
      created: customer.created,
      deleted: customer.deleted,
      reference,
      developerAccountId,
      cards,
      usableCards: cards.filter((card) => isUsable(card.status)).length,
      cardStatus: best ? best.status : 'none',
      cardValidThrough: best ? best.validThrough : null,
      duplicate: null,
      problems,
      chargeable: false,
    };
  });

  // Two or more live customers for one developer account: the newest is the one 3scale most
  // likely uses (it creates a new customer when the one it holds is gone), the others are stale.
  for (const [developerAccountId, claimants] of claimsByAccount(rows)) {
    if (claimants.length < 2) continue;
    const [newest, ...stale] = [...claimants].sort(newestFirst);
    if (!newest) continue;
    const ids = claimants.map((row) => row.customerId);
    for (const row of claimants) {
      const otherCustomerIds = ids.filter((id) => id !== row.customerId);
      row.duplicate = { role: row === newest ? 'newest' : 'stale', developerAccountId, otherCustomerIds };
    }
    for (const row of stale) row.problems.push({ kind: 'duplicate_account', developerAccountId, newestCustomerId: newest.customerId });
  }

  const byProblem = Object.fromEntries(PROBLEM_KINDS.map((kind) => [kind, 0])) as Record<ProblemKind, number>;
  const summary: CustomerSummary = { total: rows.length, chargeable: 0, noCard: 0, expired: 0, expiresSoon: 0, problems: 0, byProblem };
  for (const row of rows) {
    row.chargeable = !row.deleted && row.developerAccountId !== null && row.usableCards > 0 && row.duplicate?.role !== 'stale';
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
