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

export interface CustomerRowView {
  customerId: string;
  developerAccountId: string | null;
  /** The description (where 3scale writes the organisation name), else the name. */
  organisation: string | null;
  /** Stripe's name when the description is shown too (both set and different). */
  name: string | null;
  email: string | null;
  /** Unix seconds. */
  created: number;
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
}

export interface CustomersSummaryView {
  total: number;
  chargeable: number;
  noCard: number;
  expired: number;
  expiresSoon: number;
  problems: number;
  byProblem: Record<CustomerProblemKind, number>;
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
  } | null;
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
};

/** How a load of the customers goes; the rows are fetched with getCustomers once it ends. */
export type CustomersLoadState = Pick<CustomersView, 'mode' | 'status' | 'progress' | 'error'>;

export const CUSTOMERS_EVENTS = {
  /** A load started, made progress, or ended (done, failed, cancelled). */
  'customers:load-progress': event<CustomersLoadState>(),
};
