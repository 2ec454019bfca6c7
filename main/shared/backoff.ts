// The one back-off and sleep of main: Stripe 429 retries, the customers loader and the
// connectivity probe all wait the same way, so a change of policy is made once.

export interface BackoffPolicy {
  /** The first wait, in ms. */
  baseMs: number;
  /** No wait is longer than this, in ms. */
  maxMs: number;
  /** 'full' draws in [0, wait) (spreads a burst of retries best); 'half' in [wait/2, 3·wait/2); 'none' waits exactly. */
  jitter: 'full' | 'half' | 'none';
}

/** The wait before retry number `attempt` (0-based): base·2^attempt, capped, jittered. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const wait = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  switch (policy.jitter) {
    case 'full':
      return Math.floor(random() * wait);
    case 'half':
      return Math.min(policy.maxMs, Math.floor(wait * (0.5 + random())));
    case 'none':
      return wait;
  }
}

/** A running back-off: each `next()` is longer until `reset()`. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    return backoffDelay(this.policy, this.attempt++, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
