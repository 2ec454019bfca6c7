// What the Customers screen shows of the reconciliation: row views (a Stripe customer, a
// 3scale developer account, or both joined), the CSV export, and the Stripe Dashboard
// link. Pure.

import type { CardStatus, CustomerRowView, ThreescaleAccountView } from '../../common/ipc-contract';
import type { StripeMode } from '../../common/stripe-keys';
import { UserFacingError } from '../domain/user-facing-error';
import { cardLabel } from './cards';
import type { CustomerProblem, CustomerRow } from './classify';
import type { JoinedRow } from './join-accounts';
import type { BuyerAccount } from './threescale-accounts';

export function describeProblem(problem: CustomerProblem): string {
  switch (problem.kind) {
    case 'other_provider':
      return `Reference for another provider (${problem.providerId}), developer account ${problem.developerAccountId}`;
    case 'malformed_reference':
      return `Malformed reference “${problem.value}”: ${problem.reason}`;
    case 'no_reference':
      return 'No 3scale account reference';
    case 'duplicate_account':
      return `Stale: developer account ${problem.developerAccountId} has a newer customer, ${problem.newestCustomerId}, the one 3scale most likely uses`;
    case 'deleted':
      return 'Deleted in Stripe';
  }
}

/** A Stripe customer's row; `threescale` stays null when 3scale's accounts were not loaded. */
export function toRowView(row: CustomerRow): CustomerRowView {
  return {
    customerId: row.customerId,
    developerAccountId: row.developerAccountId,
    organisation: row.organisation,
    name: row.description !== null && row.name !== null && row.name !== row.description ? row.name : null,
    email: row.email,
    created: row.created,
    cards: row.cards.map((card) => ({
      brand: card.brand,
      last4: card.last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
      status: card.status,
      source: card.source,
    })),
    usableCards: row.usableCards,
    cardStatus: row.cardStatus,
    duplicate: row.duplicate ? { role: row.duplicate.role, otherCustomerIds: row.duplicate.otherCustomerIds } : null,
    chargeable: row.chargeable,
    problems: row.problems.map((problem) => ({ kind: problem.kind, detail: describeProblem(problem) })),
    threescale: null,
  };
}

function accountView(account: BuyerAccount, cardStatus: CardStatus | null): ThreescaleAccountView {
  return {
    id: account.id,
    orgName: account.orgName,
    state: account.state,
    chargingEnabled: account.monthlyChargingEnabled,
    card: account.card ? { ...account.card, status: cardStatus ?? 'none' } : null,
  };
}

/** A row of the join: a customer with its 3scale account, or an account without a customer. */
export function joinedRowView(joined: JoinedRow): CustomerRowView {
  const threescale = { account: joined.account ? accountView(joined.account, joined.threescaleCardStatus) : null, states: joined.states };
  if (joined.customer) return { ...toRowView(joined.customer), threescale };
  return {
    customerId: null,
    developerAccountId: joined.account?.id ?? null,
    organisation: null,
    name: null,
    email: null,
    created: null,
    cards: [],
    usableCards: 0,
    cardStatus: 'none',
    duplicate: null,
    chargeable: false,
    problems: [],
    threescale,
  };
}

const DASHBOARD = 'https://dashboard.stripe.com';
const CUSTOMER_ID = /^cus_[A-Za-z0-9]{6,64}$/;

/** The Dashboard page of a customer, in the right mode; refuses anything but a customer id. */
export function dashboardUrl(customerId: string, mode: StripeMode): string {
  if (!CUSTOMER_ID.test(customerId)) throw new UserFacingError('invalid_input', 'That is not a Stripe customer id.');
  return `${DASHBOARD}${mode === 'test' ? '/test' : ''}/customers/${customerId}`;
}

/** A CSV cell a spreadsheet will not run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function expiry(month: number | null | undefined, year: number | null | undefined): string {
  return month && year ? `${String(month).padStart(2, '0')}/${year}` : '';
}

export const CSV_HEADER = [
  'developer_account_id',
  'customer_id',
  'organisation',
  'name',
  'email',
  'created',
  'cards',
  'usable_cards',
  'card_brand',
  'card_last4',
  'card_expiry',
  'card_status',
  'all_cards',
  'duplicate',
  'chargeable',
  'problems',
  'threescale_organisation',
  'threescale_account_state',
  'threescale_charging',
  'threescale_card_last4',
  'threescale_card_expiry',
  'threescale_card_status',
  'threescale_states',
  'threescale_details',
] as const;

/** The 3scale columns: empty when 3scale's accounts were not loaded; `not in 3scale` when the account is missing there. */
function threescaleCells(row: CustomerRowView): string[] {
  const joined = row.threescale;
  if (!joined) return ['', '', '', '', '', '', '', ''];
  const account = joined.account;
  const card = account?.card ?? null;
  return [
    account?.orgName ?? '',
    account ? account.state : 'not in 3scale',
    account?.chargingEnabled === true ? 'on' : account?.chargingEnabled === false ? 'off' : '',
    card?.last4 ?? '',
    expiry(card?.expMonth, card?.expYear),
    account ? (card ? card.status : 'none') : '',
    joined.states.map((state) => state.kind).join('; '),
    joined.states.map((state) => state.detail).join('; '),
  ];
}

export function customersCsv(rows: readonly CustomerRowView[]): string {
  const lines = rows.map((row) => {
    const best = row.cards[0];
    return [
      row.developerAccountId ?? '',
      row.customerId ?? '',
      row.organisation ?? '',
      row.name ?? '',
      row.email ?? '',
      row.created === null ? '' : new Date(row.created * 1000).toISOString(),
      String(row.cards.length),
      String(row.usableCards),
      best?.brand ?? '',
      best?.last4 ?? '',
      expiry(best?.expMonth, best?.expYear),
      row.customerId === null ? '' : row.cardStatus,
      row.cards.map((card) => `${cardLabel(card)} (${card.status})`).join('; '),
      row.duplicate ? (row.duplicate.role === 'newest' ? 'newest (most likely used by 3scale)' : 'stale') : '',
      row.chargeable ? 'yes' : 'no',
      row.problems.map((p) => p.detail).join('; '),
      ...threescaleCells(row),
    ]
      .map(csvCell)
      .join(',');
  });
  return `${[CSV_HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}
