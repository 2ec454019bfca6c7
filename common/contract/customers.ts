// The Customers screen: the active mode's Stripe customers matched to 3scale accounts.

import { channel } from '../ipc/define';
import type { StripeMode } from '../stripe-keys';

export type CustomerProblemKind = 'other_provider' | 'malformed_reference' | 'no_reference' | 'duplicate_account' | 'deleted';
export type CardStatus = 'ok' | 'expires_soon' | 'expired' | 'none';

export interface CustomerRowView {
  customerId: string;
  developerAccountId: string | null;
  name: string | null;
  email: string | null;
  /** Unix seconds. */
  created: number;
  card: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null } | null;
  cardStatus: CardStatus;
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
  progress: { loaded: number; estimatedTotal: number | null; requests: number; rateLimited: number } | null;
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
