// A client-side limit on requests to Stripe: at most a number of requests in any one
// window, so that a load spends Stripe's rate limit without being refused. Lower
// priorities go first; a 429 lowers the allowance for a while.

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

/** 0: a slice's first page; 1: its next pages; 2: per-customer checks. */
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
 * limit, not even at the start. Lower priorities go first.
 *
 * After a 429 (`slowDown`) the allowance drops by 30 % and grows back by 10 % of the limit
 * per quiet window — but only up to a ceiling just below where the 429 came, since someone
 * else (3scale charging with the same key, another tool) is then using part of the limit.
 * The 429s of one burst count once: a cut per window at most.
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
  /** The allowance never grows back beyond this (lowered by each 429). */
  private ceiling: number;
  private changedAt: number;
  private lastCutAt = Number.NEGATIVE_INFINITY;
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
    this.ceiling = this.perWindow;
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
    const now = this.now();
    if (now - this.lastCutAt < this.windowMs + this.guardMs) return;
    this.lastCutAt = now;
    this.ceiling = Math.max(1, Math.min(this.ceiling, this.current) - Math.max(1, Math.round(this.perWindow * 0.05)));
    this.current = Math.max(1, Math.floor(this.current * 0.7));
    this.changedAt = now;
  }

  /** The most the allowance grows back to after 429s. */
  get allowanceCeiling(): number {
    return this.ceiling;
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
    while (this.current < this.ceiling && now - this.changedAt >= span) {
      this.current = Math.min(this.ceiling, this.current + Math.max(1, Math.round(this.perWindow * 0.1)));
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
