// The join of 3scale's developer accounts with the classified Stripe customers: for each
// account, whether the card 3scale holds is on the account's customer in Stripe; for each
// customer, whether its account exists in 3scale. Pure: classified rows, accounts, the time
// in; joined rows and counts out.

import type { AccountJoinKind } from '../../common/contract/customers';
import { cardLabel, cardStatusOf, type CardStatus } from './cards';
import { customersByDeveloperAccount, type CardRow, type CustomerRow } from './classify';
import type { BuyerAccount, ThreescaleCard } from './threescale-accounts';

export type { AccountJoinKind };

export const JOIN_KINDS: readonly AccountJoinKind[] = ['ok', 'card_not_in_stripe', 'card_expiring', 'card_expired', 'account_missing', 'charging_without_card'];

export interface JoinState {
  kind: AccountJoinKind;
  detail: string;
}

export interface JoinedRow {
  /** Null: a developer account without any Stripe customer. */
  customer: CustomerRow | null;
  /** Null: the customer's account is not one of this provider's accounts in 3scale. */
  account: BuyerAccount | null;
  /** The status of 3scale's card, when it holds one. */
  threescaleCardStatus: CardStatus | null;
  states: JoinState[];
}

export interface JoinSummary {
  accounts: number;
  accountsWithoutCustomer: number;
  byState: Record<AccountJoinKind, number>;
}

export interface JoinInput {
  rows: readonly CustomerRow[];
  accounts: readonly BuyerAccount[];
  now: Date;
}

/** `•••• 4242 12/2027`: 3scale keeps no brand. */
function threescaleCardLabel(card: ThreescaleCard): string {
  return cardLabel({ brand: null, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear }).replace(/^card /, '');
}

/** 3scale keeps only the last 4 and the expiry: a Stripe card agrees when all three are equal. */
export function cardsAgree(threescale: ThreescaleCard, stripe: CardRow): boolean {
  return (
    stripe.type === 'card' &&
    threescale.last4 !== null &&
    threescale.last4 === stripe.last4 &&
    threescale.expMonth !== null &&
    threescale.expMonth === stripe.expMonth &&
    threescale.expYear === stripe.expYear
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The states of a developer account that has customers (`customers`, the current first) or none. */
function accountStates(account: BuyerAccount, customers: readonly CustomerRow[], holder: CustomerRow | null, cardStatus: CardStatus | null): JoinState[] {
  const states: JoinState[] = [];
  const card = account.card;
  if (card) {
    const label = threescaleCardLabel(card);
    if (!holder) {
      states.push({
        kind: 'card_not_in_stripe',
        detail:
          customers.length === 0
            ? `3scale holds the card ${label}, but Stripe has no customer for developer account ${account.id}`
            : cardStatus === 'none'
              ? // Neither expiring nor expired: without an expiry no Stripe card can be matched to it.
                `3scale holds the card ${label} with no readable expiry, so none of the cards of ${customers.map((c) => c.customerId).join(', ')} can be matched to it`
              : `3scale holds the card ${label}, but none of the cards of ${customers.map((c) => c.customerId).join(', ')} matches its last 4 and expiry`,
      });
    }
    if (cardStatus === 'expired') states.push({ kind: 'card_expired', detail: `3scale's card ${label} has expired` });
    else if (cardStatus === 'expires_soon') states.push({ kind: 'card_expiring', detail: `3scale's card ${label} expires within 30 days` });
    if (states.length === 0 && holder) {
      const older = holder !== customers[0] ? ' (an older customer of the account)' : '';
      states.push({ kind: 'ok', detail: `3scale's card ${label} is attached to ${holder.customerId}${older}` });
    }
  } else if (account.monthlyChargingEnabled === true) {
    const usable = customers.reduce((sum, customer) => sum + customer.usableCards, 0);
    const stripeSide = usable > 0 ? ` (Stripe has ${plural(usable, 'usable card', 'usable cards')} 3scale does not know of)` : '';
    states.push({ kind: 'charging_without_card', detail: `Charging is on in 3scale, but 3scale holds no card for this account${stripeSide}` });
  }
  return states;
}

/** The states of a customer whose reference names no account of this provider in 3scale. */
function orphanStates(row: CustomerRow): JoinState[] {
  if (row.deleted) return [];
  const other = row.problems.find((problem) => problem.kind === 'other_provider');
  if (other?.kind === 'other_provider') {
    return [{ kind: 'account_missing', detail: `Its developer account ${other.developerAccountId} belongs to another provider (${other.providerId})` }];
  }
  if (row.developerAccountId !== null) {
    return [{ kind: 'account_missing', detail: `Developer account ${row.developerAccountId} does not exist in 3scale (deleted)` }];
  }
  return [];
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function accountIdOf(row: JoinedRow): string | null {
  return row.account?.id ?? row.customer?.developerAccountId ?? null;
}

/** By developer account id (numerically), rows without one last; within one account, the rows with a state first, then newest. */
function compareJoined(a: JoinedRow, b: JoinedRow): number {
  const idA = accountIdOf(a);
  const idB = accountIdOf(b);
  if (idA !== idB) {
    if (idA === null) return 1;
    if (idB === null) return -1;
    return compareIds(idA, idB);
  }
  return (b.customer?.created ?? Infinity) - (a.customer?.created ?? Infinity);
}

/**
 * Every developer account with its customers, and every customer with its account. An
 * account's states go on the customer that holds 3scale's card (else the current one, the
 * newest), or on a row of its own when it has no customer; its other customers carry the
 * account without states (their own problems say they are stale).
 */
export function joinAccounts({ rows, accounts, now }: JoinInput): { rows: JoinedRow[]; summary: JoinSummary } {
  const claims = customersByDeveloperAccount(rows);
  const joined: JoinedRow[] = [];
  const placed = new Set<CustomerRow>();
  let accountsWithoutCustomer = 0;

  for (const account of accounts) {
    const cardStatus = account.card ? cardStatusOf({ type: 'card', expMonth: account.card.expMonth, expYear: account.card.expYear }, now) : null;
    const claim = claims.get(account.id);
    const customers = claim ? [claim.current, ...claim.stale] : [];
    const card = account.card;
    const holder = card ? (customers.find((customer) => customer.cards.some((stripeCard) => cardsAgree(card, stripeCard))) ?? null) : null;
    const states = accountStates(account, customers, holder, cardStatus);
    if (customers.length === 0) {
      accountsWithoutCustomer += 1;
      joined.push({ customer: null, account, threescaleCardStatus: cardStatus, states });
      continue;
    }
    const primary = holder ?? customers[0];
    for (const customer of customers) {
      placed.add(customer);
      joined.push({ customer, account, threescaleCardStatus: cardStatus, states: customer === primary ? states : [] });
    }
  }
  for (const row of rows) {
    // A deleted customer, or a live one whose account is not among this provider's in 3scale.
    if (!placed.has(row)) joined.push({ customer: row, account: null, threescaleCardStatus: null, states: orphanStates(row) });
  }

  joined.sort(compareJoined);
  const byState = Object.fromEntries(JOIN_KINDS.map((kind) => [kind, 0])) as Record<AccountJoinKind, number>;
  for (const row of joined) for (const kind of new Set(row.states.map((state) => state.kind))) byState[kind] += 1;
  return { rows: joined, summary: { accounts: accounts.length, accountsWithoutCustomer, byState } };
}
