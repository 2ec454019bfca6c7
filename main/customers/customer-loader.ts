// Loads every Stripe customer of one account and mode, as fast as Stripe's rate limit
// allows, with each customer's default payment method.
//
// Stripe lists customers 100 at a time, newest first, with no total and no ascending
// order, so a plain load is one sequential round trip per 100 customers. This loader cuts
// the `created` time range into slices and pages through several at once.
//
// Why no customer is missed or loaded twice:
// - A slice is `created` in [gte, lt) — half-open, whole seconds — optionally "after" a
//   cursor customer: then only the customers Stripe lists after it (older ones, or later
//   in its second). Slices never overlap, and together with what is loaded they always
//   hold every customer that existed when the load began.
// - A page of a slice that has more leaves a remainder: [gte, last.created + 1) after the
//   page's last customer. Cutting it at whole seconds b1 > b2 > … > gte keeps the cursor on
//   the top piece [b1, last.created + 1) — customers sharing the cursor's second are paged
//   with starting_after, so a second holding hundreds of customers is neither cut nor
//   repeated — while the pieces below need no cursor: all their customers are older than
//   the cursor by `created` alone.
// - Customers created while loading are newer than the first page and so in no slice; a
//   last pass lists those Stripe puts before the first page's newest (ending_before).
//   Ids are de-duplicated regardless, and counted if that ever happens.
//
// How it stays fast:
// - The first request is the newest page of all. Below it nothing is known, not even where
//   the oldest customer is, so the open-ended rest "leaps" into the past: slices of about
//   8, 24, 72 … pages (by the density seen) split off its top while one request probes
//   everything below them; an empty probe marks the bottom, and the slice just above it
//   is then searched the same way from small leaps. Every probe asks for a full page, so
//   a request brings fewer than 100 customers only at the end of a slice or the bottom.
// - A bounded remainder is cut when too few slices run to keep the allowance busy at the
//   latency seen, or when paging it alone would outlast the rest of the load; pieces are
//   carved from its top by the density of its last page (bulk-created seconds counted
//   once), so an emptier past ends up in one piece rather than many empty ones.
// - Requests go through a limiter that allows at most a share (90 %) of Stripe's limit in
//   any one-second window (plus a small guard), serves first pages first, and lowers its
//   rate after a 429. A 429 is retried after an exponential, jittered wait; a dropped
//   connection or a 5xx is retried with the very same page.

import { setMaxListeners } from 'node:events';
import type Stripe from 'stripe';
import type { StripeMode } from '../../common/stripe-keys';
import { createStripeClient, type StripeConnection } from '../stripe/stripe-connection';
import { explainStripeFailure, isRateLimited, statusOf } from '../stripe/stripe-errors';
import type { CustomerRecord, PaymentMethodSummary } from './classify';

/** Stripe's rate limits (requests per second) per mode. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<StripeMode, number>> = { test: 25, live: 100 };
/** The share of Stripe's limit the loader uses, leaving room for other users of the key. */
export const DEFAULT_HEADROOM = 0.9;
export const DEFAULT_LOAD_TIMEOUT_MS = 20_000;

const PAGE_SIZE = 100;
const EXPAND_DEFAULT_PAYMENT_METHOD = 'data.invoice_settings.default_payment_method';
/** The most pieces one remainder is cut into at once. */
const MAX_PIECES = 8;
/** Pages of the first slice split off the open-ended bottom; each further leap is larger. */
const FIRST_LEAP_PAGES = 8;
const LEAP_GROWTH = 3;
const MAX_LEAP_PAGES = 1000;
/** Fewest pages a slice cut off only to add a stream should hold. */
const MIN_PIECE_PAGES = 3;
/** A slice is cut when paging it alone would take longer than this times the rest of the load. */
const CRITICAL_SHARE = 1.3;
/** Assumed latency until the first answer. */
const INITIAL_LATENCY_MS = 300;

export interface LoadProgress {
  /** Customers loaded so far. */
  loaded: number;
  /** Customers expected in all, from the density of the slices; absent while unknown. */
  estimatedTotal?: number;
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
  /** The share of that limit to use, in (0, 1]; default 0.9. */
  headroom?: number;
  /** Per request; default 20 s. */
  timeoutMs?: number;
  /** Retries of one request after 429, a dropped connection or a 5xx; default 8. */
  maxRetries?: number;
  /** First wait before a retry (doubled each time, jittered); default 250 ms. */
  backoffBaseMs?: number;
  /** Longest wait before a retry; default 8 s. */
  backoffMaxMs?: number;
  /**
   * For customers without invoice_settings.default_payment_method, look up their attached
   * cards — one request per such customer — and use the card when there is exactly one.
   * Default true.
   */
  lookUpAttachedCards?: boolean;
  /** Most requests in flight at once; default the per-second allowance, at most 50. */
  maxInFlight?: number;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /** Told of every request as the limiter lets it go (for logs, tests and benchmarks). */
  onRequest?: (request: SentRequest) => void;
}

export interface SentRequest {
  /** performance.now() when the limiter let it go. */
  at: number;
  kind: 'list' | 'payment_method';
  /** 0 for the first try of a request, 1… for its retries. */
  attempt: number;
}

export interface CustomerLoadStats {
  requests: number;
  listRequests: number;
  paymentMethodRequests: number;
  rateLimited: number;
  /** Retries after 429s, dropped connections and 5xx. */
  retries: number;
  /** Slices the time range was cut into (the whole range counts as one). */
  slices: number;
  /** Customers found by the last pass: created while the load ran. */
  createdDuringLoad: number;
  /** Customers received twice and dropped: 0 unless a cursor customer was deleted meanwhile. */
  duplicatesDropped: number;
  elapsedMs: number;
}

export interface CustomerLoadResult {
  /** Newest first. */
  customers: CustomerRecord[];
  stats: CustomerLoadStats;
}

// ---------------------------------------------------------------------------------------------
// Rate limiter
// ---------------------------------------------------------------------------------------------

export interface RateLimiterOptions {
  /** Requests allowed in any window of `windowMs`. */
  perWindow: number;
  windowMs?: number;
  /**
   * Added to the window before a slot is reused, so that requests sent one window apart do
   * not arrive within one window after uneven delays on the way; default 25 ms.
   */
  guardMs?: number;
  /** Most requests between acquire and release at once; default unlimited. */
  maxInFlight?: number;
  now?: () => number;
}

/** 0: a slice's first page; 1: its next pages; 2: payment methods. */
export type Priority = 0 | 1 | 2;

export interface Grant {
  /** When the request was let go (the limiter's clock). */
  at: number;
  /** Call once the answer is in. */
  release(): void;
}

interface Waiter {
  grant: (grant: Grant) => void;
  reject: (reason: unknown) => void;
}

/**
 * Lets at most `perWindow` requests go in any window of `windowMs` (+ guard): a token bucket
 * whose tokens come back one window after they were taken, so it never bursts beyond the
 * limit, not even at the start. Lower priorities go first. After a 429 (`slowDown`) the
 * allowance drops by 30 % and grows back by 10 % of the limit per quiet window.
 */
export class RateLimiter {
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly guardMs: number;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private readonly sent: number[] = [];
  private readonly queues: [Waiter[], Waiter[], Waiter[]] = [[], [], []];
  private current: number;
  private changedAt: number;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed: { reason: unknown } | null = null;

  constructor(options: RateLimiterOptions) {
    if (!(options.perWindow >= 1)) throw new RangeError('A rate limiter must allow at least one request per window');
    this.perWindow = Math.floor(options.perWindow);
    this.windowMs = options.windowMs ?? 1000;
    this.guardMs = options.guardMs ?? 25;
    this.maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
    this.now = options.now ?? (() => performance.now());
    this.current = this.perWindow;
    this.changedAt = this.now();
  }

  /** Requests allowed per window now (lower than the limit for a while after a 429). */
  get allowance(): number {
    return this.current;
  }

  /** How long a slot stays taken, in seconds. */
  get windowSeconds(): number {
    return (this.windowMs + this.guardMs) / 1000;
  }

  /** Waits for a slot. */
  acquire(priority: Priority = 0, signal?: AbortSignal): Promise<Grant> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(this.closed.reason);
        return;
      }
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const queue = this.queues[priority];
      const onAbort = (): void => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (grant) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(grant);
        },
        reject: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.pump();
    });
  }

  /** A 429 arrived: send less for a while. */
  slowDown(): void {
    this.current = Math.max(1, Math.floor(this.current * 0.7));
    this.changedAt = this.now();
  }

  /** Refuses every waiting and future request with `reason`. */
  close(reason: unknown): void {
    this.closed = { reason };
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const queue of this.queues) for (const waiter of queue.splice(0)) waiter.reject(reason);
  }

  private recover(now: number): void {
    const span = this.windowMs + this.guardMs;
    while (this.current < this.perWindow && now - this.changedAt >= span) {
      this.current = Math.min(this.perWindow, this.current + Math.max(1, Math.round(this.perWindow * 0.1)));
      this.changedAt += span;
    }
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.closed) return;
    const span = this.windowMs + this.guardMs;
    for (;;) {
      const queue = this.queues.find((waiting) => waiting.length > 0);
      if (!queue || this.inFlight >= this.maxInFlight) return;
      const now = this.now();
      while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - span) this.sent.shift();
      this.recover(now);
      if (this.sent.length >= this.current) {
        // A slot frees when the send `current` places back leaves the window.
        const oldest = this.sent[this.sent.length - this.current] ?? now;
        this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(oldest + span - now)));
        return;
      }
      const waiter = queue.shift();
      if (!waiter) return;
      this.sent.push(now);
      this.inFlight += 1;
      let released = false;
      waiter.grant({
        at: now,
        release: () => {
          if (released) return;
          released = true;
          this.inFlight -= 1;
          this.pump();
        },
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Slices
// ---------------------------------------------------------------------------------------------

export interface Slice {
  /** created ≥ gte (Unix seconds). */
  gte: number;
  /** created < lt; null: no upper bound. */
  lt: number | null;
  /** Only the customers Stripe lists after this one (older ones, or later in its second). */
  after: { id: string; created: number } | null;
  /** The oldest customer may lie anywhere down to gte: searched by leaps, not cut by density. */
  openEnded: boolean;
  /** Customers per second around the slice's top, from the pages seen; null when unknown. */
  density: number | null;
  /** How many slices this open-ended search has split off so far. */
  leaps: number;
}

/**
 * Customers per second in the stretch a page covers, from `ceiling` (the newest second its
 * request could return) down to its last customer's second; null when the page says nothing
 * about it. Bulk imports do not distort it: seconds are counted once each and weighted by
 * the median number of customers per second, so one second holding 80 customers does not
 * make a year look 80 times as dense.
 */
export function pageDensity(page: readonly { created: number }[], ceiling: number): number | null {
  const last = page[page.length - 1];
  if (!last) return null;
  const perSecond: number[] = [];
  let previous: number | null = null;
  for (const customer of page) {
    if (customer.created === previous) perSecond[perSecond.length - 1] = (perSecond[perSecond.length - 1] ?? 0) + 1;
    else perSecond.push(1);
    previous = customer.created;
  }
  const span = ceiling - last.created + 1;
  if (perSecond.length < 3 || span < 2) return null;
  const median = [...perSecond].sort((a, b) => a - b)[Math.floor(perSecond.length / 2)] ?? 1;
  return Math.min(page.length, perSecond.length * median) / span;
}

/**
 * What is left of a slice after one of its pages (which had more): the customers after the
 * page's last one, down to gte, with the page's density averaged into the slice's estimate.
 */
export function remainderAfter(slice: Slice, page: readonly { id: string; created: number }[]): Slice | null {
  const last = page[page.length - 1];
  const first = page[0];
  if (!last || !first) return null;
  // The page holds every customer of the slice created after its last one's second.
  const ceiling = slice.after ? slice.after.created : slice.lt !== null ? slice.lt - 1 : first.created;
  const measured = pageDensity(page, ceiling);
  const density = measured === null ? slice.density : slice.density === null ? measured : (measured + slice.density) / 2;
  return { ...slice, lt: last.created + 1, after: { id: last.id, created: last.created }, density };
}

/**
 * The open-ended remainder leaps into the past: below its cursor come bounded slices of
 * about `pages[0]`, `pages[1]`, … pages (by its density), the first keeping the cursor, and
 * one open-ended slice for everything below them. Just the remainder while its density is
 * unknown (the next page tells more); just the remainder, bounded, when the first leap would
 * already reach gte.
 */
export function leapRemainder(remainder: Slice, pages: readonly number[]): Slice[] {
  const cursor = remainder.after;
  const density = remainder.density;
  if (!cursor || !remainder.openEnded || density === null || pages.length === 0) return [remainder];
  const low = remainder.gte;
  const out: Slice[] = [];
  let top = cursor.created + 1;
  for (const size of pages) {
    const bound = top - Math.max(1, Math.round((size * PAGE_SIZE) / density));
    if (bound <= low) break;
    out.push({ ...remainder, gte: bound, lt: top, after: out.length === 0 ? cursor : null, openEnded: false });
    top = bound;
  }
  if (out.length === 0) return [{ ...remainder, openEnded: false }];
  out.push({ gte: low, lt: top, after: null, openEnded: true, density, leaps: remainder.leaps + out.length });
  return out;
}

/**
 * Cuts a remainder (a slice with a cursor) into at most `pieces` slices that together hold
 * exactly its customers; the first keeps the cursor. They are carved from the top, of equal
 * width — narrower when `maxPages` (by the remainder's density) says so — and the last takes
 * the rest. Fewer, or just the remainder, when it cannot be cut: one second is paged with
 * the cursor only.
 */
export function splitRemainder(remainder: Slice, pieces: number, maxPages?: number): Slice[] {
  const cursor = remainder.after;
  const wanted = Math.min(Math.floor(pieces), MAX_PIECES);
  if (!cursor || wanted < 2) return [remainder];
  const low = remainder.gte;
  const top = cursor.created + 1;
  if (top - 1 <= low) return [remainder];
  let width = (top - low) / wanted;
  if (maxPages !== undefined && remainder.density !== null && remainder.density > 0) {
    width = Math.min(width, (maxPages * PAGE_SIZE) / remainder.density);
  }
  const bounds: number[] = [top];
  for (let i = 1; i < wanted; i += 1) {
    const bound = Math.round(top - width * i);
    const previous = bounds[bounds.length - 1] ?? top;
    if (bound < previous && bound > low) bounds.push(bound);
  }
  if (bounds.length < 2) return [remainder];
  return bounds.map((lt, i) => {
    const last = i === bounds.length - 1;
    return {
      ...remainder,
      gte: last ? low : (bounds[i + 1] ?? low),
      lt,
      after: i === 0 ? cursor : null,
      openEnded: last && remainder.openEnded,
    };
  });
}

/**
 * The slice to list instead when its cursor customer was deleted meanwhile (Stripe then
 * refuses starting_after): the same range down from the cursor's whole second. It holds
 * everything the slice held, and customers of that second already loaded come again (they
 * are dropped as duplicates).
 */
export function withoutCursor(slice: Slice): Slice {
  return slice.after ? { ...slice, lt: slice.after.created + 1, after: null } : slice;
}

/** Customers a slice is expected to hold, or null when unknown. */
export function expectedIn(slice: Slice): number | null {
  if (slice.openEnded || slice.density === null) return null;
  const end = slice.after ? slice.after.created + 1 : slice.lt;
  if (end === null) return null;
  return slice.density * Math.max(0, end - slice.gte);
}

// ---------------------------------------------------------------------------------------------
// The load
// ---------------------------------------------------------------------------------------------

function summarize(method: Stripe.PaymentMethod, source: PaymentMethodSummary['source']): PaymentMethodSummary {
  const card = method.card;
  return {
    id: method.id,
    type: method.type,
    brand: card?.brand ?? null,
    last4: card?.last4 ?? method.sepa_debit?.last4 ?? method.us_bank_account?.last4 ?? method.bacs_debit?.last4 ?? null,
    expMonth: card?.exp_month ?? null,
    expYear: card?.exp_year ?? null,
    source,
  };
}

function toRecord(customer: Stripe.Customer, paymentMethod: PaymentMethodSummary | null): CustomerRecord {
  return {
    id: customer.id,
    name: customer.name ?? null,
    email: customer.email ?? null,
    created: customer.created,
    deleted: false,
    metadata: { ...customer.metadata },
    paymentMethod,
  };
}

function isConnectionError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'StripeConnectionError';
}

/** 400 resource_missing for starting_after/ending_before: the cursor customer was deleted. */
function isMissingCursor(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: string; param?: string } | null;
  return e?.statusCode === 400 && e.code === 'resource_missing' && (e.param === 'starting_after' || e.param === 'ending_before');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The promise, or the signal's reason as soon as it aborts (the SDK takes no signal; its answer is then ignored). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

interface Loaded {
  customer: Stripe.Customer;
  paymentMethod: PaymentMethodSummary | null;
}

class CustomerLoad {
  private readonly client: Stripe;
  private readonly limiter: RateLimiter;
  private readonly controller = new AbortController();
  private readonly signal = this.controller.signal;
  private readonly customers = new Map<string, Loaded>();
  /** Slices being paged or waiting for their next page. */
  private readonly alive = new Set<Slice>();
  private readonly stats: CustomerLoadStats = {
    requests: 0,
    listRequests: 0,
    paymentMethodRequests: 0,
    rateLimited: 0,
    retries: 0,
    slices: 1,
    createdDuringLoad: 0,
    duplicatesDropped: 0,
    elapsedMs: 0,
  };
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly timeoutMs: number;
  private readonly lookUpAttachedCards: boolean;
  private readonly maxStreams: number;
  private latencyMs: number | null = null;
  private lookupsPending = 0;
  /** The newest customer when the load began: the last pass lists those before it. */
  private newest: { id: string; created: number } | null = null;
  private catchingUp = false;
  private tasks = 0;
  private failure: { error: unknown } | null = null;
  private settle: (() => void) | null = null;

  constructor(private readonly options: CustomerLoadOptions) {
    const limit = options.rateLimitPerSecond ?? DEFAULT_RATE_LIMITS[options.mode];
    const headroom = options.headroom ?? DEFAULT_HEADROOM;
    if (!(limit > 0) || !(headroom > 0 && headroom <= 1)) throw new RangeError('rateLimitPerSecond must be positive and headroom in (0, 1]');
    const perSecond = Math.max(1, Math.floor(limit * headroom));
    const maxInFlight = Math.max(1, options.maxInFlight ?? Math.min(50, perSecond));
    this.maxStreams = Math.max(2, maxInFlight);
    this.limiter = new RateLimiter({ perWindow: perSecond, maxInFlight });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? 8;
    this.backoffBaseMs = options.backoffBaseMs ?? 250;
    this.backoffMaxMs = options.backoffMaxMs ?? 8000;
    this.lookUpAttachedCards = options.lookUpAttachedCards ?? true;
    this.client = createStripeClient(options.secretKey, options.connection, { timeoutMs: this.timeoutMs, maxNetworkRetries: 0 });
    // One listener per request in flight or waiting to retry: more than Node's default of 10.
    setMaxListeners(0, this.signal);
    this.signal.addEventListener('abort', () => {
      this.limiter.close(this.signal.reason);
      this.settle?.();
    });
  }

  async run(): Promise<CustomerLoadResult> {
    const started = performance.now();
    const outer = this.options.signal;
    const cancel = (): void => this.controller.abort(outer?.reason);
    if (outer?.aborted) cancel();
    outer?.addEventListener('abort', cancel, { once: true });
    this.signal.throwIfAborted();
    const done = new Promise<void>((resolve) => {
      this.settle = resolve;
    });
    this.spawnSlice({ gte: 0, lt: null, after: null, openEnded: true, density: null, leaps: 0 });
    try {
      await done;
    } finally {
      outer?.removeEventListener('abort', cancel);
    }
    if (this.failure) throw this.failure.error;
    this.signal.throwIfAborted();
    this.stats.elapsedMs = performance.now() - started;
    const customers = [...this.customers.values()]
      .map(({ customer, paymentMethod }) => toRecord(customer, paymentMethod))
      .sort((a, b) => b.created - a.created);
    return { customers, stats: { ...this.stats } };
  }

  // --- tasks: slices, look-ups and the last pass; the load ends when none is left ----------------

  private start(task: () => Promise<void>): void {
    this.tasks += 1;
    task().then(
      () => this.finishTask(),
      (error: unknown) => {
        if (!this.failure && !this.signal.aborted) {
          this.failure = { error };
          this.controller.abort(error);
        }
        this.finishTask();
      },
    );
  }

  private finishTask(): void {
    this.tasks -= 1;
    if (this.tasks === 0) this.settle?.();
  }

  /** Stripe's failure in words for the user. */
  private explain(error: unknown): Error {
    return explainStripeFailure(error, { setName: this.options.mode === 'test' ? 'Test keys' : 'Live keys', timeoutMs: this.timeoutMs });
  }

  // --- requests --------------------------------------------------------------------------------

  private backoff(attempt: number): number {
    const full = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** attempt);
    return full / 2 + Math.random() * (full / 2);
  }

  /** One request through the limiter; after a 429, a dropped connection or a 5xx, the same request again. */
  private async request<T>(kind: SentRequest['kind'], priority: Priority, run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const grant = await this.limiter.acquire(priority);
      this.stats.requests += 1;
      if (kind === 'list') this.stats.listRequests += 1;
      else this.stats.paymentMethodRequests += 1;
      if (attempt > 0) this.stats.retries += 1;
      this.options.onRequest?.({ at: grant.at, kind, attempt });
      let outcome: { ok: true; value: T } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await abortable(run(), this.signal) };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        grant.release();
      }
      if (outcome.ok) {
        const took = performance.now() - grant.at;
        this.latencyMs = this.latencyMs === null ? took : this.latencyMs * 0.7 + took * 0.3;
        return outcome.value;
      }
      const { error } = outcome;
      if (this.signal.aborted) throw this.signal.reason;
      const rateLimited = isRateLimited(error);
      if (rateLimited) {
        this.stats.rateLimited += 1;
        this.limiter.slowDown();
      }
      const status = statusOf(error);
      const retryable = rateLimited || isConnectionError(error) || (status !== undefined && status >= 500);
      if (!retryable || attempt >= this.maxRetries) throw error;
      this.progress();
      await sleep(this.backoff(attempt), this.signal);
    }
  }

  private listPage(params: Stripe.CustomerListParams, priority: Priority): Promise<Stripe.ApiList<Stripe.Customer>> {
    return this.request('list', priority, () =>
      this.client.customers.list({ limit: PAGE_SIZE, expand: [EXPAND_DEFAULT_PAYMENT_METHOD], ...params }),
    );
  }

  // --- slices ----------------------------------------------------------------------------------

  private perSecond(): number {
    return this.limiter.allowance / this.limiter.windowSeconds;
  }

  /** Slices needed at once to keep the allowance busy at the latency seen. */
  private minStreams(): number {
    const latencySeconds = (this.latencyMs ?? INITIAL_LATENCY_MS) / 1000;
    return Math.max(2, Math.min(this.maxStreams, Math.ceil(this.perSecond() * latencySeconds) + 1));
  }

  /** What the remainder of `current` becomes: one slice to go on with, and new ones. */
  private cut(current: Slice, remainder: Slice): Slice[] {
    if (remainder.openEnded) {
      // When a search starts (the first page, or the bottom found above an empty probe) as
      // many leaps as streams are missing; later one at a time, so that at most one slice
      // overshoots the oldest customer.
      const count = remainder.leaps === 0 ? Math.min(MAX_PIECES, Math.max(1, this.minStreams() - this.alive.size)) : 1;
      const pages = Array.from({ length: count }, (_, i) => Math.min(MAX_LEAP_PAGES, FIRST_LEAP_PAGES * LEAP_GROWTH ** (remainder.leaps + i)));
      return leapRemainder(remainder, pages);
    }
    const expected = expectedIn(remainder);
    if (expected === null) return [remainder];
    const pages = expected / PAGE_SIZE;
    const missing = this.minStreams() - this.alive.size + 1;
    // Slices cut off only to add a stream hold a few pages, or they cost more than they bring.
    const forStreams = Math.min(missing, Math.floor(pages / MIN_PIECE_PAGES));
    // The requests still to make if the estimates hold (unknown while the bottom is sought).
    let requests = pages + this.lookupsPending;
    let known = true;
    for (const slice of this.alive) {
      if (slice === current) continue;
      const other = expectedIn(slice);
      if (other === null) known = false;
      else requests += Math.max(1, other / PAGE_SIZE);
    }
    let critical = 1;
    let maxPages: number | undefined;
    if (known) {
      const remainingSeconds = requests / this.perSecond();
      const alone = pages * ((this.latencyMs ?? INITIAL_LATENCY_MS) / 1000);
      critical = Math.min(Math.floor(pages), Math.ceil(alone / (CRITICAL_SHARE * remainingSeconds)));
      // No piece larger than one stream's share of what is left.
      maxPages = requests / this.minStreams();
    }
    const pieces = Math.max(critical, forStreams);
    return pieces >= 2 ? splitRemainder(remainder, pieces, maxPages) : [remainder];
  }

  /**
   * The open-ended probe below `bound` found nothing: the oldest customer lies in the slice
   * just above, which is now searched by leaps again, from small ones, rather than cut by a
   * density that holds only at its top.
   */
  private bottomAbove(bound: number): void {
    for (const slice of this.alive) {
      if (slice.gte === bound) {
        slice.openEnded = true;
        slice.leaps = 0;
      }
    }
  }

  private spawnSlice(slice: Slice): void {
    this.alive.add(slice);
    this.start(() => this.runSlice(slice));
  }

  private async runSlice(first: Slice): Promise<void> {
    let slice = first;
    let probing = true;
    try {
      for (;;) {
        const params: Stripe.CustomerListParams = {};
        if (slice.gte > 0 || slice.lt !== null) {
          params.created = slice.lt === null ? { gte: slice.gte } : { gte: slice.gte, lt: slice.lt };
        }
        if (slice.after) params.starting_after = slice.after.id;
        let page: Stripe.ApiList<Stripe.Customer>;
        try {
          page = await this.listPage(params, probing ? 0 : 1);
        } catch (error) {
          if (slice.after && isMissingCursor(error)) {
            const replacement = withoutCursor(slice);
            this.alive.delete(slice);
            this.alive.add(replacement);
            slice = replacement;
            continue;
          }
          throw this.explain(error);
        }
        probing = false;
        const data = page.data;
        if (slice === first && first.lt === null && first.after === null && data[0]) {
          this.newest = { id: data[0].id, created: data[0].created };
        }
        this.accept(data, false);
        if (slice.openEnded && data.length === 0 && slice.lt !== null) this.bottomAbove(slice.lt);
        const remainder = page.has_more ? remainderAfter(slice, data) : null;
        if (!remainder) break;
        const [next = remainder, ...others] = this.cut(slice, remainder);
        this.alive.delete(slice);
        slice = next;
        this.alive.add(slice);
        for (const piece of others) {
          this.stats.slices += 1;
          this.spawnSlice(piece);
        }
        this.maybeCatchUp();
        this.progress();
      }
    } finally {
      this.alive.delete(slice);
      if (!this.signal.aborted) this.maybeCatchUp();
      this.progress();
    }
  }

  // --- customers and their payment methods -------------------------------------------------------

  /** Keeps the customers not seen yet and starts the payment method look-ups they need. */
  private accept(data: readonly Stripe.Customer[], lastPass: boolean): number {
    let added = 0;
    for (const customer of data) {
      if (this.customers.has(customer.id)) {
        if (!lastPass) this.stats.duplicatesDropped += 1;
        continue;
      }
      added += 1;
      const entry: Loaded = { customer, paymentMethod: null };
      this.customers.set(customer.id, entry);
      const method = customer.invoice_settings?.default_payment_method ?? null;
      if (method !== null && typeof method === 'object') {
        entry.paymentMethod = summarize(method, 'invoice_settings');
      } else if (typeof method === 'string') {
        this.lookUp(() => this.retrieveDefault(entry, method)); // not expanded
      } else if (this.lookUpAttachedCards) {
        this.lookUp(() => this.lookUpOnlyCard(entry));
      }
    }
    return added;
  }

  private lookUp(task: () => Promise<void>): void {
    this.lookupsPending += 1;
    this.start(async () => {
      try {
        await task();
      } finally {
        this.lookupsPending -= 1;
        this.progress();
      }
    });
  }

  private async retrieveDefault(entry: Loaded, id: string): Promise<void> {
    try {
      const method = await this.request('payment_method', 2, () => this.client.paymentMethods.retrieve(id));
      entry.paymentMethod = summarize(method, 'invoice_settings');
    } catch (error) {
      if (statusOf(error) !== 404) throw this.explain(error);
    }
  }

  private async lookUpOnlyCard(entry: Loaded): Promise<void> {
    try {
      const cards = await this.request('payment_method', 2, () =>
        this.client.customers.listPaymentMethods(entry.customer.id, { type: 'card', limit: 2 }),
      );
      const [only] = cards.data;
      if (only && cards.data.length === 1 && !cards.has_more) entry.paymentMethod = summarize(only, 'only_attached_card');
    } catch (error) {
      if (statusOf(error) !== 404) throw this.explain(error); // 404: the customer was deleted meanwhile
    }
  }

  // --- the last pass ---------------------------------------------------------------------------

  /** Starts the last pass once at most one slice with at most one page is left, to run alongside it. */
  private maybeCatchUp(): void {
    if (this.catchingUp || this.alive.size > 1) return;
    for (const slice of this.alive) {
      const expected = expectedIn(slice);
      if (expected === null || expected > PAGE_SIZE) return;
    }
    this.catchingUp = true;
    this.start(() => this.catchUp());
  }

  /** Customers created while the load ran: those Stripe lists before the first page's newest. */
  private async catchUp(): Promise<void> {
    let anchor = this.newest;
    let startingAfter: string | null = null;
    // No customer at the start: everything listed now is new.
    let byCreated = anchor === null;
    for (;;) {
      let params: Stripe.CustomerListParams;
      if (!byCreated && anchor) params = { ending_before: anchor.id };
      else params = { ...(anchor ? { created: { gte: anchor.created } } : {}), ...(startingAfter ? { starting_after: startingAfter } : {}) };
      let page: Stripe.ApiList<Stripe.Customer>;
      try {
        page = await this.listPage(params, 0);
      } catch (error) {
        if (!byCreated && isMissingCursor(error)) {
          byCreated = true; // the anchor was deleted: list from its second on instead
          continue;
        }
        throw this.explain(error);
      }
      this.stats.createdDuringLoad += this.accept(page.data, true);
      this.progress();
      if (!page.has_more) return;
      if (byCreated) {
        const last = page.data[page.data.length - 1];
        if (!last) return;
        startingAfter = last.id;
      } else {
        const top = page.data[0];
        if (!top) return;
        anchor = { id: top.id, created: top.created };
      }
    }
  }

  private progress(): void {
    const report = this.options.onProgress;
    if (!report || this.signal.aborted) return;
    let estimate: number | undefined = this.customers.size;
    for (const slice of this.alive) {
      const expected = expectedIn(slice);
      if (expected === null) {
        estimate = undefined;
        break;
      }
      estimate += expected;
    }
    const progress: LoadProgress = {
      loaded: this.customers.size,
      requests: this.stats.requests,
      rateLimited: this.stats.rateLimited,
    };
    if (estimate !== undefined) progress.estimatedTotal = Math.max(this.customers.size, Math.round(estimate));
    report(progress);
  }
}

/**
 * Loads every customer of the key's account in its mode, with default payment methods,
 * paging through several `created` slices at once under the rate limit. Rejects with the
 * `signal`'s reason when cancelled, or with a UserFacingError saying what went wrong with
 * Stripe.
 */
export function loadCustomers(options: CustomerLoadOptions): Promise<CustomerLoadResult> {
  return new CustomerLoad(options).run();
}

// ---------------------------------------------------------------------------------------------
// The naive load, for comparison
// ---------------------------------------------------------------------------------------------

export interface NaiveLoadOptions {
  secretKey: string;
  connection: StripeConnection | null;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The SDK's auto-pagination: one page of 100 after the other, default payment methods
 * expanded, no look-up of attached cards, no handling of 429. For the benchmark.
 */
export async function loadCustomersNaively(options: NaiveLoadOptions): Promise<CustomerLoadResult> {
  const started = performance.now();
  const client = createStripeClient(options.secretKey, options.connection, {
    timeoutMs: options.timeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS,
    maxNetworkRetries: 0,
  });
  let requests = 0;
  let rateLimited = 0;
  client.on('response', (event: Stripe.ResponseEvent) => {
    requests += 1;
    if (event.status === 429) rateLimited += 1;
  });
  const customers: CustomerRecord[] = [];
  for await (const customer of client.customers.list({ limit: PAGE_SIZE, expand: [EXPAND_DEFAULT_PAYMENT_METHOD] })) {
    options.signal?.throwIfAborted();
    const method = customer.invoice_settings?.default_payment_method ?? null;
    customers.push(toRecord(customer, method !== null && typeof method === 'object' ? summarize(method, 'invoice_settings') : null));
  }
  return {
    customers,
    stats: {
      requests,
      listRequests: requests,
      paymentMethodRequests: 0,
      rateLimited,
      retries: 0,
      slices: 1,
      createdDuringLoad: 0,
      duplicatesDropped: 0,
      elapsedMs: performance.now() - started,
    },
  };
}
