// The Customers screen's state in main: one load at a time per mode, its progress, the
// reconciliation of the loaded customers against the provider's id, a cache per mode so
// that the screen opens at once, CSV export, and Stripe Dashboard links.

import type { CustomerRowView, CustomersLoadState, CustomersView } from '../../common/ipc-contract';
import type { StripeMode } from '../../common/stripe-keys';
import type { StripeConnection } from '../stripe/stripe-connection';
import { UserFacingError } from '../domain/user-facing-error';
import { classifyCustomers, type CustomerProblem, type CustomerRow } from './classify';
import { loadCustomers, type CustomerLoadOptions, type LoadProgress } from './customer-loader';
import { upgradeCachedRecord, type CustomerRecord } from './customer-records';

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
      return `Stale: developer account ${problem.developerAccountId} has a newer customer, ${problem.newestCustomerId}, the one 3scale most likely uses`;
    case 'deleted':
      return 'Deleted in Stripe';
  }
}

function toRowView(row: CustomerRow): CustomerRowView {
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
  };
}

function progressView(progress: LoadProgress): NonNullable<CustomersView['progress']> {
  return {
    stage: progress.stage,
    loaded: progress.loaded,
    estimatedTotal: progress.estimatedTotal ?? null,
    setupIntents: progress.setupIntents,
    setupIntentsEstimated: progress.setupIntentsEstimated ?? null,
    checksDone: progress.checksDone,
    checksTotal: progress.checksTotal,
    requests: progress.requests,
    rateLimited: progress.rateLimited,
  };
}

/** The cache's customers as records of today (older files kept one payment method per customer). */
function cachedRecords(entry: { customers: readonly unknown[] }): CustomerRecord[] | null {
  const records: CustomerRecord[] = [];
  for (const value of entry.customers) {
    const record = upgradeCachedRecord(value);
    if (!record) return null;
    records.push(record);
  }
  return records;
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

/** A card as one short text: `visa •••• 4242 12/2027`. */
export function cardLabel(card: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null }): string {
  const expiry = card.expMonth && card.expYear ? ` ${String(card.expMonth).padStart(2, '0')}/${card.expYear}` : '';
  return `${card.brand ?? 'card'} •••• ${card.last4 ?? '????'}${expiry}`;
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
] as const;

export function customersCsv(rows: readonly CustomerRowView[]): string {
  const lines = rows.map((row) => {
    const best = row.cards[0];
    return [
      row.developerAccountId ?? '',
      row.customerId,
      row.organisation ?? '',
      row.name ?? '',
      row.email ?? '',
      new Date(row.created * 1000).toISOString(),
      String(row.cards.length),
      String(row.usableCards),
      best?.brand ?? '',
      best?.last4 ?? '',
      best?.expMonth && best.expYear ? `${String(best.expMonth).padStart(2, '0')}/${best.expYear}` : '',
      row.cardStatus,
      row.cards.map((card) => `${cardLabel(card)} (${card.status})`).join('; '),
      row.duplicate ? (row.duplicate.role === 'newest' ? 'newest (most likely used by 3scale)' : 'stale') : '',
      row.chargeable ? 'yes' : 'no',
      row.problems.map((p) => p.detail).join('; '),
    ]
      .map(csvCell)
      .join(',');
  });
  return `${[CSV_HEADER.join(','), ...lines].join('\r\n')}\r\n`;
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
    const records = cached ? cachedRecords(cached) : null;
    if (records && providerId) {
      const reconciliation = classifyCustomers({ providerId, now: this.now(), customers: records });
      rows = reconciliation.rows.map(toRowView);
      summary = reconciliation.summary;
    }
    return {
      mode,
      status: state.status === 'idle' && records ? 'done' : state.status,
      progress: state.progress,
      loadedAt: records ? (cached?.loadedAt ?? null) : null,
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
    const progress = progressView({ stage: 'lists', loaded: 0, setupIntents: 0, checksDone: 0, checksTotal: 0, requests: 0, rateLimited: 0 });
    Object.assign(state, { status: 'loading', progress, error: null, controller });
    this.tell(key.mode);
    void loadCustomers({
      ...this.deps.loaderOptions,
      secretKey: key.secretKey,
      mode: key.mode,
      connection: this.deps.connection,
      signal: controller.signal,
      onProgress: (progress) => {
        state.progress = progressView(progress);
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
