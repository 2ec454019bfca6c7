// One gate per service (3scale, Stripe): a client-side rate limit, and the retries that
// are safe. A read is retried after a 429, a 5xx or a lost connection; a write only after
// a 429 that the front door answered (nothing was done) — anything else about a write is
// the caller's to reconcile. The wait backs off without losing the request's place.

import { RateLimiter } from '../customers/rate-limiter';
import { backoffDelay, sleep, type BackoffPolicy } from '../shared/backoff';
import { isConnectionError, isRateLimited, statusOf } from '../stripe/stripe-errors';
import { ThreescaleError } from '../threescale/threescale-client';

export type Retry = 'read' | 'write';

export interface GateOptions {
  name: string;
  requestsPerSecond: number;
  maxRetries?: number;
  backoff?: BackoffPolicy;
  /** Added to each one-second window before a slot is reused (default 10 ms). */
  guardMs?: number;
}

export interface GateCounts {
  requests: number;
  rateLimited: number;
  retries: number;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 300, maxMs: 10_000, jitter: 'half' };

export function isRateLimitedAnywhere(error: unknown): boolean {
  if (error instanceof ThreescaleError) return error.kind === 'rate_limited';
  return isRateLimited(error);
}

/** No answer at all, or one that says the server failed: the request may or may not have been done. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ThreescaleError) return error.kind === 'server_error' || error.kind === 'unreachable' || error.kind === 'timeout';
  const status = statusOf(error);
  return isConnectionError(error) || (status !== undefined && status >= 500);
}

export class ServiceGate {
  readonly counts: GateCounts = { requests: 0, rateLimited: 0, retries: 0 };
  private readonly limiter: RateLimiter;
  private readonly maxRetries: number;
  private readonly backoff: BackoffPolicy;

  constructor(readonly options: GateOptions) {
    this.limiter = new RateLimiter({ perWindow: options.requestsPerSecond, windowMs: 1000, guardMs: options.guardMs ?? 10 });
    this.maxRetries = options.maxRetries ?? 10;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** Runs `send` within the limit; retries it as `retry` allows. */
  async run<T>(send: () => Promise<T>, retry: Retry, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const grant = await this.limiter.acquire(0, signal);
      this.counts.requests += 1;
      if (attempt > 0) this.counts.retries += 1;
      try {
        return await send();
      } catch (error) {
        const limited = isRateLimitedAnywhere(error);
        if (limited) {
          this.counts.rateLimited += 1;
          this.limiter.slowDown();
        }
        const retryable = limited || (retry === 'read' && isTransient(error));
        if (!retryable || attempt >= this.maxRetries) throw error;
      } finally {
        grant.release();
      }
      await sleep(backoffDelay(this.backoff, attempt), signal);
    }
  }

  close(reason: unknown): void {
    this.limiter.close(reason);
  }
}
