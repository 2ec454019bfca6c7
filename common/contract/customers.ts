// The Customers screen: the active mode's Stripe customers matched to 3scale accounts.

import { channel, event } from '../ipc/define';
import type { StripeMode } from '../stripe-keys';

export type CustomerProblemKind = 'other_provider' | 'malformed_reference' | 'no_reference' | 'duplicate_account' | 'deleted';
export type CardStatus = 'ok' | 'expires_soon' | 'expired' | 'none';

export interface CustomerCardView {
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  status: CardStatus;
  /** Where it was found: the customer's default, a SetupIntent (as 3scale attaches cards), or the customer's own list. */
  source: 'invoice_settings' | 'default_source' | 'setup_intent' | 'customer_payment_methods';
}

/**
 * How 3scale's developer account and the Stripe side agree (issue 11):
 * - ok: 3scale's card is attached to the account's customer (last 4 and expiry agree) and not expired;
 * - card_not_in_stripe: 3scale holds a card but Stripe has no customer for the account, or none of its cards matches;
 * - card_expiring: 3scale's card expires within 30 days (it can still be charged until then);
 * - card_expired: 3scale's card has expired;
 * - account_missing: the customer's developer account does not exist in 3scale (deleted) or belongs to another provider;
 * - charging_without_card: charging is on for the account in 3scale and 3scale holds no card.
 */
export type AccountJoinKind = 'ok' | 'card_not_in_stripe' | 'card_expiring' | 'card_expired' | 'account_missing' | 'charging_without_card';

/** A buyer account as 3scale's Account Management API returns it. */
export interface ThreescaleAccountView {
  id: string;
  orgName: string | null;
  /** approved, pending, rejected, suspended, scheduled_for_deletion. */
  state: string;
  /** monthly_charging_enabled: 3scale charges the account's invoices to its card. */
  chargingEnabled: boolean | null;
  /** What 3scale keeps of the card (credit_card_partial_number, credit_card_expires_on); null when none is stored. */
  card: { last4: string | null; expMonth: number | null; expYear: number | null; status: CardStatus } | null;
}

export interface CustomerRowView {
  /** Null for a 3scale developer account that has no Stripe customer. */
  customerId: string | null;
  developerAccountId: string | null;
  /** The description (where 3scale writes the organisation name), else the name. */
  organisation: string | null;
  /** Stripe's name when the description is shown too (both set and different). */
  name: string | null;
  email: string | null;
  /** Unix seconds; null without a Stripe customer. */
  created: number | null;
  /** Every card attached, the best first. */
  cards: CustomerCardView[];
  /** Cards that are not expired. */
  usableCards: number;
  /** The best card's status; 'none' without a card. */
  cardStatus: CardStatus;
  /** Several customers claim the developer account: 'newest' is the one 3scale most likely uses. */
  duplicate: { role: 'newest' | 'stale'; otherCustomerIds: string[] } | null;
  chargeable: boolean;
  problems: { kind: CustomerProblemKind; detail: string }[];
  /** The join with 3scale's developer accounts; null when they were not loaded (3scale not connected). */
  threescale: {
    /** The developer account in 3scale; null when it does not exist there (or the customer names none of this provider's). */
    account: ThreescaleAccountView | null;
    states: { kind: AccountJoinKind; detail: string }[];
  } | null;
}

export interface CustomersSummaryView {
  total: number;
  chargeable: number;
  noCard: number;
  expired: number;
  expiresSoon: number;
  problems: number;
  byProblem: Record<CustomerProblemKind, number>;
  /** The join with 3scale, when its developer accounts were loaded. */
  threescale: {
    accounts: number;
    /** Developer accounts without any Stripe customer. */
    accountsWithoutCustomer: number;
    /** Rows in each state. */
    byState: Record<AccountJoinKind, number>;
  } | null;
}

/** 3scale's side of a load: its buyer accounts, paged at 500 under their own rate limit. */
export interface ThreescaleLoadProgress {
  status: 'loading' | 'done' | 'failed';
  loaded: number;
  /** total_entries from 3scale's metadata (only sent when there is more than one page). */
  estimatedTotal: number | null;
  pagesDone: number;
  pagesTotal: number | null;
  requests: number;
  rateLimited: number;
}

/** Whether the Customers screen can read 3scale's developer accounts, and what it last read. */
export interface CustomersThreescaleView {
  connected: boolean;
  /** Why not, or what is wrong with the last 3scale load (the Stripe side is shown regardless). */
  message: string | null;
  adminDomain: string | null;
  /** When the developer accounts shown were loaded; null when the rows hold none. */
  loadedAt: string | null;
}

export interface CustomersView {
  mode: StripeMode;
  status: 'idle' | 'loading' | 'done' | 'failed' | 'cancelled';
  progress: {
    /** 'lists': customers and SetupIntents (cards) listed side by side; 'checks': customers without a card asked one by one. */
    stage: 'lists' | 'checks';
    loaded: number;
    estimatedTotal: number | null;
    setupIntents: number;
    setupIntentsEstimated: number | null;
    checksDone: number;
    checksTotal: number;
    requests: number;
    rateLimited: number;
    /** 3scale's side, loaded in parallel; null when 3scale is not connected. */
    threescale: ThreescaleLoadProgress | null;
  } | null;
  threescale: CustomersThreescaleView;
  /** When the rows were loaded from Stripe (the cache's time). */
  loadedAt: string | null;
  summary: CustomersSummaryView | null;
  rows: CustomerRowView[];
  error: string | null;
  /** The provider account ID the rows were matched against. */
  providerId: string | null;
}

export const CUSTOMERS_CHANNELS = {
  'customers:get': channel<CustomersView>()({ method: 'getCustomers', request: (z) => z.null() }),
  'customers:load': channel<CustomersView>()({ method: 'loadCustomers', request: (z) => z.null() }),
  'customers:cancel': channel<CustomersView>()({ method: 'cancelCustomerLoad', request: (z) => z.null() }),
  'customers:export': channel<{ savedTo: string } | null>()({ method: 'exportCustomers', request: (z) => z.null() }),
  'customers:open-dashboard': channel<null>()({
    method: 'openCustomerInDashboard',
    request: (z) => z.strictObject({ customerId: z.string().max(80) }),
    toPayload: (customerId: string) => ({ customerId }),
  }),
  /** The developer account's page in 3scale's admin portal (the saved connection's domain). */
  'customers:open-admin-portal': channel<null>()({
    method: 'openAccountInAdminPortal',
    request: (z) => z.strictObject({ accountId: z.string().max(20) }),
    toPayload: (accountId: string) => ({ accountId }),
  }),
};

/** How a load of the customers goes; the rows are fetched with getCustomers once it ends. */
export type CustomersLoadState = Pick<CustomersView, 'mode' | 'status' | 'progress' | 'error'>;

export const CUSTOMERS_EVENTS = {
  /** A load started, made progress, or ended (done, failed, cancelled). */
  'customers:load-progress': event<CustomersLoadState>(),
};
