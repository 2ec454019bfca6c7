// Loads every Stripe customer of one account and mode with every card attached to it, as
// fast as Stripe's rate limit allows, without a request per customer.
//
// 3scale creates a customer per developer account and collects cards through SetupIntents:
// the card is attached to the customer, never made its default. So the load lists, side by
// side under one rate limiter, the account's customers (default payment method and legacy
// default_source expanded) and its SetupIntents (payment method expanded), both by
// `created` slices (sliced-list.ts), and joins each SetupIntent's card to the customer it
// is attached to (customer-records.ts). Only the customers left without any card are then
// asked for their own payment methods, one request each.

import { setMaxListeners } from 'node:events';
import type Stripe from 'stripe';
import type { StripeMode } from '../../common/stripe-keys';
import type { BackoffPolicy } from '../shared/backoff';
import { createStripeClient, type StripeConnection } from '../stripe/stripe-connection';
import { explainStripeFailure, statusOf } from '../stripe/stripe-errors';
import {
  joinCustomerPaymentMethods,
  joinSetupIntents,
  needingCardCheck,
  recordFromCustomer,
  type CustomerRecord,
} from './customer-records';
import { RateLimiter } from './rate-limiter';
import { SlicedList, type ListParams, type ListPool, type Listed } from './sliced-list';
import { DEFAULT_LOAD_BACKOFF, RequestRunner, type SentRequest } from './stripe-requests';
import { PAGE_SIZE } from './time-slices';

export type { SentRequest } from './stripe-requests';

/** Stripe's rate limits (requests per second) per mode. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<StripeMode, number>> = { test: 25, live: 100 };
/**
 * The share of Stripe's limit the loader uses. All of it: the limiter's window guard keeps
 * uneven arrivals under the limit, and a 429 (someone else using the key) lowers the
 * allowance for the rest of the load (rate-limiter.ts).
 */
export const DEFAULT_HEADROOM = 1;
export const DEFAULT_LOAD_TIMEOUT_MS = 20_000;

/** Expanded on the customers list: the default payment method and the legacy default source. */
export const CUSTOMER_EXPANSIONS = ['data.invoice_settings.default_payment_method', 'data.default_source'];
/** Expanded on the SetupIntents list: the card each one attached. */
export const SETUP_INTENT_EXPANSIONS = ['data.payment_method'];

export interface LoadProgress {
  /** 'lists': customers and SetupIntents are being listed; 'checks': customers without a card are asked one by one. */
  stage: 'lists' | 'checks';
  /** Customers loaded so far. */
  loaded: number;
  /** Customers expected in all, from the density of the slices; absent while unknown. */
  estimatedTotal?: number;
  /** SetupIntents (the cards 3scale collected) loaded so far. */
  setupIntents: number;
  setupIntentsEstimated?: number;
  /** Customers without a card from the lists: asked one by one once the lists are done. */
  checksDone: number;
  checksTotal: number;
  /** Requests sent so far (retries included). */
  requests: number;
  /** 429 answers received so far. */
  rateLimited: number;
}

export interface CustomerLoadOptions {
  secretKey: string;
  mode: StripeMode;
  /** Where the SDK connects; null for Stripe itself. */
  connection: StripeConnection | null;
  /** Stripe's rate limit in requests per second; default 25 in test mode, 100 in live mode. */
  rateLimitPerSecond?: number;
  /** The share of that limit to use, in (0, 1]; default DEFAULT_HEADROOM. */
  headroom?: number;
  /** Per request; default 20 s. */
  timeoutMs?: number;
  /** Retries of one request after 429, a dropped connection or a 5xx; default 8. */
  maxRetries?: number;
  /** First wait before a retry (doubled each time, jittered); default 250 ms. */
  backoffBaseMs?: number;
  /** Longest wait before a retry; default 8 s. */
  backoffMaxMs?: number;
  /** List the account's SetupIntents and join their cards; default true. */
  setupIntents?: boolean;
  /**
   * Ask each customer that the lists leave without a card for its own payment methods (one
   * request per such customer); default true.
   */
  cardChecks?: boolean;
  /** Most requests in flight at once; default the per-second allowance, at most 50. */
  maxInFlight?: number;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /** Told of every request as the limiter lets it go (for logs, tests and benchmarks). */
  onRequest?: (request: SentRequest) => void;
}

export interface CustomerLoadStats {
  requests: number;
  customerListRequests: number;
  setupIntentListRequests: number;
  /** One per customer asked for its own payment methods. */
  cardCheckRequests: number;
  rateLimited: number;
  /** Retries after 429s, dropped connections and 5xx. */
  retries: number;
  /** Slices the customers' time range was cut into (the whole range counts as one). */
  slices: number;
  setupIntentSlices: number;
  /** Customers found by the last pass: created while the load ran. */
  createdDuringLoad: number;
  /** Customers received twice and dropped: 0 unless a cursor customer was deleted meanwhile. */
  duplicatesDropped: number;
  setupIntents: number;
  /** Cards joined from SetupIntents that the customers list did not show. */
  cardsFromSetupIntents: number;
  /** Customers asked for their own payment methods. */
  customersChecked: number;
  elapsedMs: number;
}

export interface CustomerLoadResult {
  /** Newest first. */
  customers: CustomerRecord[];
  stats: CustomerLoadStats;
}

/** The SDK's list methods take our params as they are; this is where their types meet. */
function customerParams(params: ListParams): Stripe.CustomerListParams {
  return { limit: PAGE_SIZE, expand: CUSTOMER_EXPANSIONS, ...params };
}

function setupIntentParams(params: ListParams): Stripe.SetupIntentListParams {
  return { limit: PAGE_SIZE, expand: SETUP_INTENT_EXPANSIONS, ...params };
}

class CustomerLoad implements ListPool {
  private readonly client: Stripe;
  private readonly controller = new AbortController();
  private readonly signal = this.controller.signal;
  readonly runner: RequestRunner;
  readonly maxStreams: number;
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;
  private readonly customers: SlicedList<Stripe.Customer>;
  private readonly intents: SlicedList<Stripe.SetupIntent> | null;
  private readonly failed: Promise<never>;
  private fail: (error: unknown) => void = () => undefined;
  private stage: LoadProgress['stage'] = 'lists';
  private checksDone = 0;
  private checksTotal = 0;

  constructor(private readonly options: CustomerLoadOptions) {
    const limit = options.rateLimitPerSecond ?? DEFAULT_RATE_LIMITS[options.mode];
    const headroom = options.headroom ?? DEFAULT_HEADROOM;
    if (!(limit > 0) || !(headroom > 0 && headroom <= 1)) throw new RangeError('rateLimitPerSecond must be positive and headroom in (0, 1]');
    const perSecond = Math.max(1, Math.floor(limit * headroom));
    this.maxInFlight = Math.max(1, options.maxInFlight ?? Math.min(50, perSecond));
    // Slices alive at once: enough for the allowance at up to ~0.6 s of latency. More only
    // add part-filled last pages (and where latency is CPU, not network, they do not help).
    this.maxStreams = Math.max(2, Math.min(this.maxInFlight, Math.ceil(perSecond * 0.6)));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    const backoff: BackoffPolicy = {
      ...DEFAULT_LOAD_BACKOFF,
      ...(options.backoffBaseMs !== undefined ? { baseMs: options.backoffBaseMs } : {}),
      ...(options.backoffMaxMs !== undefined ? { maxMs: options.backoffMaxMs } : {}),
    };
    const limiter = new RateLimiter({ perWindow: perSecond, maxInFlight: this.maxInFlight });
    this.runner = new RequestRunner({
      limiter,
      signal: this.signal,
      backoff,
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      onRetry: () => this.changed(),
    });
    this.client = createStripeClient(options.secretKey, options.connection, { timeoutMs: this.timeoutMs, maxNetworkRetries: 0 });
    this.customers = new SlicedList({ kind: 'customers', page: (params) => this.client.customers.list(customerParams(params)) }, this);
    this.intents =
      options.setupIntents === false
        ? null
        : // 3scale makes a customer's SetupIntents after the customer: the customers loaded say where they are.
          new SlicedList({ kind: 'setup_intents', page: (params) => this.client.setupIntents.list(setupIntentParams(params)) }, this, this.customers);
    this.failed = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    this.failed.catch(() => undefined);
    // One listener per request in flight or waiting to retry: more than Node's default of 10.
    setMaxListeners(0, this.signal);
    this.signal.addEventListener('abort', () => {
      limiter.close(this.signal.reason);
      this.fail(this.signal.reason);
    });
  }

  async run(): Promise<CustomerLoadResult> {
    const started = performance.now();
    const outer = this.options.signal;
    const cancel = (): void => this.controller.abort(outer?.reason);
    if (outer?.aborted) cancel();
    outer?.addEventListener('abort', cancel, { once: true });
    try {
      this.signal.throwIfAborted();
      this.customers.begin();
      this.intents?.begin();
      await Promise.race([Promise.all([this.customers.done(), this.intents?.done()]), this.failed]);

      const records = new Map<string, CustomerRecord>();
      for (const customer of this.customers.items.values()) records.set(customer.id, recordFromCustomer(customer));
      const cardsFromSetupIntents = this.intents ? joinSetupIntents(records, this.intents.items.values()) : 0;

      const unexplained = this.options.cardChecks === false ? [] : needingCardCheck(records.values());
      this.stage = 'checks';
      this.checksTotal = unexplained.length;
      this.changed();
      await Promise.race([this.checkCards(unexplained), this.failed]);
      this.signal.throwIfAborted();

      const counts = this.runner.counts;
      return {
        customers: [...records.values()].sort((a, b) => b.created - a.created),
        stats: {
          requests: counts.requests,
          customerListRequests: counts.byKind.customers,
          setupIntentListRequests: counts.byKind.setup_intents,
          cardCheckRequests: counts.byKind.customer_cards,
          rateLimited: counts.rateLimited,
          retries: counts.retries,
          slices: this.customers.stats.slices,
          setupIntentSlices: this.intents?.stats.slices ?? 0,
          createdDuringLoad: this.customers.stats.createdDuringLoad,
          duplicatesDropped: this.customers.stats.duplicatesDropped,
          setupIntents: this.intents?.items.size ?? 0,
          cardsFromSetupIntents,
          customersChecked: unexplained.length,
          elapsedMs: performance.now() - started,
        },
      };
    } finally {
      outer?.removeEventListener('abort', cancel);
    }
  }

  // --- the pool the lists share -------------------------------------------------------------------

  streamsAlive(): number {
    return this.customers.streams + (this.intents?.streams ?? 0);
  }

  requestsAhead(except: SlicedList<Listed>): number | null {
    let total = 0;
    for (const list of [this.customers, this.intents]) {
      if (!list || (list as unknown) === except) continue;
      const expected = list.requestsExpected();
      if (expected === null) return null;
      total += expected;
    }
    return total;
  }

  start(task: () => Promise<void>): void {
    task().catch((error: unknown) => {
      if (!this.signal.aborted) this.controller.abort(error);
    });
  }

  changed(): void {
    const report = this.options.onProgress;
    if (!report || this.signal.aborted) return;
    const progress: LoadProgress = {
      stage: this.stage,
      loaded: this.customers.items.size,
      setupIntents: this.intents?.items.size ?? 0,
      checksDone: this.checksDone,
      checksTotal: this.checksTotal,
      requests: this.runner.counts.requests,
      rateLimited: this.runner.counts.rateLimited,
    };
    const customers = this.customers.estimatedTotal();
    if (customers !== undefined) progress.estimatedTotal = customers;
    const intents = this.intents?.estimatedTotal();
    if (intents !== undefined) progress.setupIntentsEstimated = intents;
    report(progress);
  }

  /** Stripe's failure in words for the user. */
  explain(error: unknown): Error {
    return explainStripeFailure(error, { setName: this.options.mode === 'test' ? 'Test keys' : 'Live keys', timeoutMs: this.timeoutMs });
  }

  // --- customers the lists leave without a card ---------------------------------------------------

  private async checkCards(records: CustomerRecord[]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < records.length) {
        const record = records[next];
        next += 1;
        if (record) await this.checkCustomer(record);
        this.checksDone += 1;
        this.changed();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxInFlight, records.length) }, worker));
  }

  private async checkCustomer(record: CustomerRecord): Promise<void> {
    let startingAfter: string | undefined;
    for (;;) {
      try {
        const page = await this.runner.run('customer_cards', 2, () =>
          this.client.customers.listPaymentMethods(record.id, { limit: PAGE_SIZE, ...(startingAfter ? { starting_after: startingAfter } : {}) }),
        );
        joinCustomerPaymentMethods(record, page.data);
        const last = page.data[page.data.length - 1];
        if (!page.has_more || !last) return;
        startingAfter = last.id;
      } catch (error) {
        if (statusOf(error) === 404) return; // deleted meanwhile
        throw this.explain(error);
      }
    }
  }
}

/**
 * Loads every customer of the key's account in its mode with its cards. Rejects with the
 * `signal`'s reason when cancelled, or with a UserFacingError saying what went wrong with
 * Stripe.
 */
export function loadCustomers(options: CustomerLoadOptions): Promise<CustomerLoadResult> {
  return new CustomerLoad(options).run();
}
