// The Customers screen's state in main: one load at a time per mode, its progress, the
// reconciliation of the loaded customers against the provider's id, a cache per mode so
// that the screen opens at once, CSV export, and Stripe Dashboard links.

import type { CustomerRowView, CustomersLoadState, CustomersView } from '../../common/ipc-contract';
import type { StripeMode } from '../../common/stripe-keys';
import type { StripeConnection } from '../stripe/stripe-connection';
import { UserFacingError } from '../domain/user-facing-error';
import { classifyCustomers, type CustomerProblem, type CustomerRecord, type CustomerRow } from './classify';
import { loadCustomers, type CustomerLoadOptions } from './customer-loader';

export interface CustomersCache {
  read(mode: StripeMode): { loadedAt: string; customers: CustomerRecord[] } | null;
  write(mode: StripeMode, entry: { loadedAt: string; customers: CustomerRecord[] }): void;
}

export interface CustomersScreenDeps {
  cache: CustomersCache;
  connection: StripeConnection | null;
  /** The active mode and its secret key, or null when none is saved. */
  activeKey: () => { mode: StripeMode; secretKey: string } | null;
  activeMode: () => StripeMode;
  providerId: () => string;
  now?: () => Date;
  /** Loader settings (tests shorten them). */
  loaderOptions?: Partial<Pick<CustomerLoadOptions, 'rateLimitPerSecond' | 'timeoutMs' | 'backoffBaseMs' | 'maxRetries'>>;
  /** Told when a load starts, progresses and ends; main pushes it to the renderer. */
  onLoadChange?: (state: CustomersLoadState) => void;
}

interface ModeState {
  status: CustomersView['status'];
  progress: CustomersView['progress'];
  error: string | null;
  controller: AbortController | null;
}

export function describeProblem(problem: CustomerProblem): string {
  switch (problem.kind) {
    case 'other_provider':
      return `Reference for another provider (${problem.providerId}), developer account ${problem.developerAccountId}`;
    case 'malformed_reference':
      return `Malformed reference “${problem.value}”: ${problem.reason}`;
    case 'no_reference':
      return 'No 3scale account reference';
    case 'duplicate_account':
      return `Developer account ${problem.developerAccountId} is also claimed by ${problem.otherCustomerIds.join(', ')}`;
    case 'deleted':
      return 'Deleted in Stripe';
  }
}

function toRowView(row: CustomerRow): CustomerRowView {
  const method = row.paymentMethod;
  return {
    customerId: row.customerId,
    developerAccountId: row.developerAccountId,
    name: row.name,
    email: row.email,
    created: row.created,
    card: method ? { brand: method.brand, last4: method.last4, expMonth: method.expMonth, expYear: method.expYear } : null,
    cardStatus: row.cardStatus,
    chargeable: row.chargeable,
    problems: row.problems.map((problem) => ({ kind: problem.kind, detail: describeProblem(problem) })),
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

export function customersCsv(rows: readonly CustomerRowView[]): string {
  const header = ['developer_account_id', 'customer_id', 'name', 'email', 'created', 'card_brand', 'card_last4', 'card_expiry', 'card_status', 'chargeable', 'problems'];
  const lines = rows.map((row) =>
    [
      row.developerAccountId ?? '',
      row.customerId,
      row.name ?? '',
      row.email ?? '',
      new Date(row.created * 1000).toISOString(),
      row.card?.brand ?? '',
      row.card?.last4 ?? '',
      row.card?.expMonth && row.card.expYear ? `${String(row.card.expMonth).padStart(2, '0')}/${row.card.expYear}` : '',
      row.cardStatus,
      row.chargeable ? 'yes' : 'no',
      row.problems.map((p) => p.detail).join('; '),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

export class CustomersScreen {
  private readonly states: Record<StripeMode, ModeState> = {
    test: { status: 'idle', progress: null, error: null, controller: null },
    live: { status: 'idle', progress: null, error: null, controller: null },
  };
  private readonly now: () => Date;

  constructor(private readonly deps: CustomersScreenDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  view(): CustomersView {
    const mode = this.deps.activeMode();
    const state = this.states[mode];
    const cached = this.deps.cache.read(mode);
    const providerId = this.deps.providerId();
    let rows: CustomerRowView[] = [];
    let summary: CustomersView['summary'] = null;
    if (cached && providerId) {
      const reconciliation = classifyCustomers({ providerId, now: this.now(), customers: cached.customers });
      rows = reconciliation.rows.map(toRowView);
      summary = reconciliation.summary;
    }
    return {
      mode,
      status: state.status === 'idle' && cached ? 'done' : state.status,
      progress: state.progress,
      loadedAt: cached?.loadedAt ?? null,
      summary,
      rows,
      error: state.error,
      providerId: providerId || null,
    };
  }

  private tell(mode: StripeMode): void {
    const { status, progress, error } = this.states[mode];
    this.deps.onLoadChange?.({ mode, status, progress, error });
  }

  /** Starts loading every customer of the active mode; its progress is told to onLoadChange. */
  load(): CustomersView {
    if (!this.deps.providerId()) {
      throw new UserFacingError('invalid_input', 'Enter your 3scale provider account ID (Charging & Gateway › 3scale provider) first: customers are matched against it.');
    }
    const key = this.deps.activeKey();
    if (!key) throw new UserFacingError('invalid_input', 'Save the Stripe keys of the active mode first.');
    const state = this.states[key.mode];
    if (state.status === 'loading') return this.view();
    const controller = new AbortController();
    Object.assign(state, { status: 'loading', progress: { loaded: 0, estimatedTotal: null, requests: 0, rateLimited: 0 }, error: null, controller });
    this.tell(key.mode);
    void loadCustomers({
      ...this.deps.loaderOptions,
      secretKey: key.secretKey,
      mode: key.mode,
      connection: this.deps.connection,
      // The default payment method is the customer's invoice settings' one: no per-customer lookups.
      lookUpAttachedCards: false,
      signal: controller.signal,
      onProgress: (progress) => {
        state.progress = { loaded: progress.loaded, estimatedTotal: progress.estimatedTotal ?? null, requests: progress.requests, rateLimited: progress.rateLimited };
        this.tell(key.mode);
      },
    }).then(
      (result) => {
        this.deps.cache.write(key.mode, { loadedAt: this.now().toISOString(), customers: result.customers });
        Object.assign(state, { status: 'done', error: null, controller: null });
        this.tell(key.mode);
      },
      (error: unknown) => {
        if (controller.signal.aborted) {
          Object.assign(state, { status: 'cancelled', error: null, controller: null });
          this.tell(key.mode);
          return;
        }
        const message = error instanceof UserFacingError ? error.message : 'Loading the customers failed; nothing was changed. Try Refresh again.';
        Object.assign(state, { status: 'failed', error: message, controller: null });
        this.tell(key.mode);
      },
    );
    return this.view();
  }

  cancel(): CustomersView {
    this.states[this.deps.activeMode()].controller?.abort(new Error('Cancelled by the user'));
    return this.view();
  }

  csv(): string {
    return customersCsv(this.view().rows);
  }

  dashboardUrl(customerId: string): string {
    return dashboardUrl(customerId, this.deps.activeMode());
  }
}
