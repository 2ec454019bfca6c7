// One request of a load through the rate limiter, retried the same way whatever it asks:
// after a 429 (the limiter then slows down), a dropped connection or a 5xx, the very same
// request again after a jittered exponential wait (main/shared/backoff.ts). Also the tests
// of Stripe's errors the load needs.

import { backoffDelay, sleep, type BackoffPolicy } from '../shared/backoff';
import { isRateLimited, statusOf } from '../stripe/stripe-errors';
import type { Priority, RateLimiter } from './rate-limiter';

/** What a request asks Stripe for: a page of customers or of SetupIntents, or one customer's cards. */
export type RequestKind = 'customers' | 'setup_intents' | 'customer_cards';

export interface SentRequest {
  /** performance.now() when the limiter let it go. */
  at: number;
  kind: RequestKind;
  /** 0 for the first try of a request, 1… for its retries. */
  attempt: number;
}

export interface RequestCounts {
  requests: number;
  byKind: Record<RequestKind, number>;
  rateLimited: number;
  /** Retries after 429s, dropped connections and 5xx. */
  retries: number;
}

export interface RequestRunnerOptions {
  limiter: RateLimiter;
  signal: AbortSignal;
  /** Retries of one request; default 8. */
  maxRetries?: number;
  backoff?: BackoffPolicy;
  onRequest?: (request: SentRequest) => void;
  /** Told when a request failed and will be retried (for progress). */
  onRetry?: () => void;
}

/** Half jitter keeps the retries of a burst of 429s apart without waiting needlessly long. */
export const DEFAULT_LOAD_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 8000, jitter: 'half' };

export class RequestRunner {
  readonly counts: RequestCounts = {
    requests: 0,
    byKind: { customers: 0, setup_intents: 0, customer_cards: 0 },
    rateLimited: 0,
    retries: 0,
  };
  private latency: number | null = null;
  private readonly maxRetries: number;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: RequestRunnerOptions) {
    this.maxRetries = options.maxRetries ?? 8;
    this.backoff = options.backoff ?? DEFAULT_LOAD_BACKOFF;
  }

  /** The latency of recent answers (a moving average), or null before the first. */
  get latencyMs(): number | null {
    return this.latency;
  }

  get limiter(): RateLimiter {
    return this.options.limiter;
  }

  /** Runs `send` when the limiter allows; retries it after a 429, a dropped connection or a 5xx. */
  async run<T>(kind: RequestKind, priority: Priority, send: () => Promise<T>): Promise<T> {
    const { limiter, signal } = this.options;
    for (let attempt = 0; ; attempt += 1) {
      const grant = await limiter.acquire(priority, signal);
      this.counts.requests += 1;
      this.counts.byKind[kind] += 1;
      if (attempt > 0) this.counts.retries += 1;
      this.options.onRequest?.({ at: grant.at, kind, attempt });
      let outcome: { ok: true; value: T } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await abortable(send(), signal) };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        grant.release();
      }
      if (outcome.ok) {
        const took = performance.now() - grant.at;
        this.latency = this.latency === null ? took : this.latency * 0.7 + took * 0.3;
        return outcome.value;
      }
      const { error } = outcome;
      if (signal.aborted) throw signal.reason;
      const rateLimited = isRateLimited(error);
      if (rateLimited) {
        this.counts.rateLimited += 1;
        limiter.slowDown();
      }
      const status = statusOf(error);
      const retryable = rateLimited || isConnectionError(error) || (status !== undefined && status >= 500);
      if (!retryable || attempt >= this.maxRetries) throw error;
      this.options.onRetry?.();
      await sleep(backoffDelay(this.backoff, attempt), signal);
    }
  }
}

export function isConnectionError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'StripeConnectionError';
}

/** 400 resource_missing for starting_after/ending_before: the cursor object was deleted. */
export function isMissingCursor(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: string; param?: string } | null;
  return e?.statusCode === 400 && e.code === 'resource_missing' && (e.param === 'starting_after' || e.param === 'ending_before');
}

/** The promise, or the signal's reason as soon as it aborts (the SDK takes no signal; its answer is then ignored). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
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
