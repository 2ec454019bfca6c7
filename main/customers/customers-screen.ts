// The Customers screen's state in main: one load at a time per mode — Stripe's customers
// and, when 3scale is connected, its developer accounts, side by side with one progress —
// the reconciliation and the join, a cache per mode so that the screen opens at once, CSV
// export, and the links to the Stripe Dashboard and 3scale's admin portal.

import type { CustomersLoadState, CustomersView, ThreescaleLoadProgress } from '../../common/ipc-contract';
import type { StripeMode } from '../../common/stripe-keys';
import type { StripeConnection } from '../stripe/stripe-connection';
import { UserFacingError } from '../domain/user-facing-error';
import { ThreescaleError } from '../threescale/threescale-client';
import { cachedAccounts, cachedRecords, type CachedThreescaleAccounts, type CustomersCache, type CustomersCacheEntry } from './customers-cache';
import { classifyCustomers } from './classify';
import { loadCustomers, type CustomerLoadOptions, type LoadProgress } from './customer-loader';
import { customersCsv, dashboardUrl, joinedRowView, toRowView } from './customers-view';
import { joinAccounts } from './join-accounts';
import { loadThreescaleAccounts, type BuyerAccount, type ThreescaleAccountsOptions, type ThreescaleAccountsProgress } from './threescale-accounts';
import { adminPortalAccountUrl, NOT_CONNECTED, type ThreescaleAccess } from './threescale-access';

export type { CustomersCache } from './customers-cache';
export { cardLabel } from './cards';
export { CSV_HEADER, customersCsv, dashboardUrl, describeProblem } from './customers-view';

export interface CustomersScreenDeps {
  cache: CustomersCache;
  connection: StripeConnection | null;
  /** The active mode and its secret key, or null when none is saved. */
  activeKey: () => { mode: StripeMode; secretKey: string } | null;
  activeMode: () => StripeMode;
  providerId: () => string;
  /** Whether 3scale's developer accounts can be read now (main/customers/threescale-access.ts). */
  threescale?: () => ThreescaleAccess;
  now?: () => Date;
  /** Loader settings (tests shorten them). */
  loaderOptions?: Partial<Pick<CustomerLoadOptions, 'rateLimitPerSecond' | 'timeoutMs' | 'backoffBaseMs' | 'maxRetries'>>;
  /** 3scale's side: its own rate limit (default 5 requests/s) and retries. */
  threescaleOptions?: Partial<Pick<ThreescaleAccountsOptions, 'rateLimitPerSecond' | 'maxRetries' | 'backoff'>>;
  /** Told when a load starts, progresses and ends; main pushes it to the renderer. */
  onLoadChange?: (state: CustomersLoadState) => void;
}

interface ModeState {
  status: CustomersView['status'];
  progress: CustomersView['progress'];
  error: string | null;
  /** Why the last load has no 3scale side although 3scale was connected. */
  threescaleError: string | null;
  controller: AbortController | null;
}

type Progress = NonNullable<CustomersView['progress']>;

interface Reconciled {
  /** The cache held a load. */
  records: boolean;
  rows: CustomersView['rows'];
  summary: CustomersView['summary'];
}

function stripeProgress(progress: LoadProgress): Omit<Progress, 'threescale'> {
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

function threescaleProgress(progress: ThreescaleAccountsProgress, status: ThreescaleLoadProgress['status']): ThreescaleLoadProgress {
  return { status, ...progress };
}

const NO_ACCESS: ThreescaleAccess = { connected: false, adminDomain: null, message: NOT_CONNECTED };

export class CustomersScreen {
  private readonly states: Record<StripeMode, ModeState> = {
    test: { status: 'idle', progress: null, error: null, threescaleError: null, controller: null },
    live: { status: 'idle', progress: null, error: null, threescaleError: null, controller: null },
  };
  private readonly now: () => Date;
  private memo: { entry: CustomersCacheEntry | null; providerId: string; joined: CachedThreescaleAccounts | null; hour: string; result: Reconciled } | null = null;

  constructor(private readonly deps: CustomersScreenDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private access(): ThreescaleAccess {
    return this.deps.threescale?.() ?? NO_ACCESS;
  }

  view(): CustomersView {
    const mode = this.deps.activeMode();
    const state = this.states[mode];
    const cached = this.deps.cache.read(mode);
    const providerId = this.deps.providerId();
    const access = this.access();
    const joined = cached && access.connected ? cachedAccounts(cached, access.adminDomain, access.providerId) : null;
    const { records, rows, summary } = this.reconcile(cached, providerId, joined);
    let message: string | null = access.connected ? state.threescaleError : access.message;
    if (access.connected && !message && records && !joined && state.status !== 'loading') message = `Refresh to join the developer accounts of ${access.adminDomain} to the customers.`;
    return {
      mode,
      status: state.status === 'idle' && records ? 'done' : state.status,
      progress: state.progress,
      threescale: { connected: access.connected, message, adminDomain: access.adminDomain, loadedAt: joined?.loadedAt ?? null },
      loadedAt: records ? (cached?.loadedAt ?? null) : null,
      summary,
      rows,
      error: state.error,
      providerId: providerId || null,
    };
  }

  /**
   * The rows of a cached load, classified and joined. Kept while the same load, provider and
   * accounts are shown within the same hour (card statuses depend on the date): 10,000
   * customers take about a second to classify and join, and the view is asked often.
   */
  private reconcile(cached: CustomersCacheEntry | null, providerId: string, joined: CachedThreescaleAccounts | null): Reconciled {
    const hour = this.now().toISOString().slice(0, 13);
    const memo = this.memo;
    if (memo && memo.entry === cached && memo.providerId === providerId && memo.joined === joined && memo.hour === hour) return memo.result;
    const records = cached ? cachedRecords(cached) : null;
    const result: Reconciled = { records: records !== null, rows: [], summary: null };
    if (records && providerId) {
      const reconciliation = classifyCustomers({ providerId, now: this.now(), customers: records });
      if (joined) {
        const join = joinAccounts({ rows: reconciliation.rows, accounts: joined.accounts, now: this.now() });
        result.rows = join.rows.map(joinedRowView);
        result.summary = { ...reconciliation.summary, threescale: join.summary };
      } else {
        result.rows = reconciliation.rows.map(toRowView);
        result.summary = { ...reconciliation.summary, threescale: null };
      }
    }
    this.memo = { entry: cached, providerId, joined, hour, result };
    return result;
  }

  private tell(mode: StripeMode): void {
    const { status, progress, error } = this.states[mode];
    this.deps.onLoadChange?.({ mode, status, progress, error });
  }

  /** Starts loading every customer of the active mode (and 3scale's accounts); its progress is told to onLoadChange. */
  load(): CustomersView {
    if (!this.deps.providerId()) {
      throw new UserFacingError('invalid_input', 'Enter your 3scale provider account ID (Charging & Gateway › 3scale provider) first: customers are matched against it.');
    }
    const key = this.deps.activeKey();
    if (!key) throw new UserFacingError('invalid_input', 'Save the Stripe keys of the active mode first.');
    const state = this.states[key.mode];
    if (state.status === 'loading') return this.view();
    const access = this.access();
    const controller = new AbortController();
    // 3scale's side stops with the load, and when Stripe's side fails.
    const threescaleController = new AbortController();
    controller.signal.addEventListener('abort', () => threescaleController.abort(controller.signal.reason), { once: true });
    let stripe = stripeProgress({ stage: 'lists', loaded: 0, setupIntents: 0, checksDone: 0, checksTotal: 0, requests: 0, rateLimited: 0 });
    let threescale: ThreescaleLoadProgress | null = access.connected
      ? threescaleProgress({ loaded: 0, estimatedTotal: null, pagesDone: 0, pagesTotal: null, requests: 0, rateLimited: 0 }, 'loading')
      : null;
    const publish = () => {
      state.progress = { ...stripe, threescale };
      this.tell(key.mode);
    };
    Object.assign(state, { status: 'loading', error: null, threescaleError: null, controller });
    publish();

    const threescaleLoad: Promise<{ accounts: BuyerAccount[]; loadedAt: string } | null> = access.connected
      ? loadThreescaleAccounts({
          ...this.deps.threescaleOptions,
          client: access.client,
          signal: threescaleController.signal,
          onProgress: (progress) => {
            threescale = threescaleProgress(progress, 'loading');
            publish();
          },
        }).then(
          (accounts) => {
            if (threescale) threescale = { ...threescale, status: 'done' };
            publish();
            return { accounts, loadedAt: this.now().toISOString() };
          },
          (error: unknown) => {
            if (threescaleController.signal.aborted) return null;
            const said = error instanceof ThreescaleError ? error.message : 'the answer could not be read.';
            state.threescaleError = `3scale's developer accounts could not be loaded: ${said} The Stripe customers are shown without them; Refresh to try again.`;
            if (threescale) threescale = { ...threescale, status: 'failed' };
            publish();
            return null;
          },
        )
      : Promise.resolve(null);

    const stripeLoad = loadCustomers({
      ...this.deps.loaderOptions,
      secretKey: key.secretKey,
      mode: key.mode,
      connection: this.deps.connection,
      signal: controller.signal,
      onProgress: (progress) => {
        stripe = stripeProgress(progress);
        publish();
      },
    });

    void Promise.all([stripeLoad, threescaleLoad]).then(
      ([result, accounts]) => {
        this.deps.cache.write(key.mode, {
          loadedAt: this.now().toISOString(),
          customers: result.customers,
          ...(accounts && access.connected ? { threescale: { ...accounts, adminDomain: access.adminDomain, providerId: access.providerId } } : {}),
        });
        Object.assign(state, { status: 'done', error: null, controller: null });
        this.tell(key.mode);
      },
      (error: unknown) => {
        threescaleController.abort(new Error('The Stripe side failed'));
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

  /** The account's page in 3scale's admin portal, on the saved connection's domain. */
  /** The connected admin portal's host, the only one its links may open. */
  adminDomain(): string {
    return this.access().adminDomain ?? '';
  }

  adminPortalUrl(accountId: string): string {
    return adminPortalAccountUrl(this.access().adminDomain, accountId);
  }
}
