// The rate limiter's window, priorities, slow-down after a 429, and cancellation.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../main/customers/rate-limiter';

describe('RateLimiter', () => {
  it('lets at most perWindow requests go in any window (plus guard), lower priorities first', async () => {
    const limiter = new RateLimiter({ perWindow: 4, windowMs: 100, guardMs: 10 });
    const order: string[] = [];
    const times: number[] = [];
    const take = async (name: string, priority: 0 | 1 | 2) => {
      const grant = await limiter.acquire(priority);
      order.push(name);
      times.push(grant.at);
      grant.release();
    };
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => take(`low${i}`, 2)),
      ...Array.from({ length: 6 }, (_, i) => take(`high${i}`, 0)),
    ]);
    for (let i = 4; i < times.length; i += 1) expect((times[i] ?? 0) - (times[i - 4] ?? 0)).toBeGreaterThanOrEqual(110);
    // The first four went at once, in call order; after that the high ones first.
    expect(order.slice(0, 4)).toEqual(['low0', 'low1', 'low2', 'low3']);
    expect(order.slice(4, 10)).toEqual(['high0', 'high1', 'high2', 'high3', 'high4', 'high5']);
  });

  it('slows down after a 429, keeps to the most in flight, and can be cancelled or closed', async () => {
    const limiter = new RateLimiter({ perWindow: 10, windowMs: 1000, maxInFlight: 2 });
    limiter.slowDown();
    expect(limiter.allowance).toBe(7);
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    let third = false;
    const waiting = limiter.acquire().then((grant) => {
      third = true;
      return grant;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third).toBe(false);
    first.release();
    (await waiting).release();
    second.release();

    const blocked = new RateLimiter({ perWindow: 1, windowMs: 60_000 });
    (await blocked.acquire()).release();
    const controller = new AbortController();
    const cancelled = blocked.acquire(0, controller.signal);
    controller.abort(new Error('stop'));
    await expect(cancelled).rejects.toThrow('stop');
    const queued = blocked.acquire();
    blocked.close(new Error('closed'));
    await expect(queued).rejects.toThrow('closed');
    await expect(blocked.acquire()).rejects.toThrow('closed');
  });
});

describe('RateLimiter after 429s', () => {
  it('cuts once per window, grows back by a tenth of the limit per quiet window, up to just below where the 429 came', async () => {
    let clock = 0;
    const limiter = new RateLimiter({ perWindow: 20, windowMs: 1000, guardMs: 0, now: () => clock });
    const touch = async () => (await limiter.acquire()).release(); // the limiter recomputes when asked
    limiter.slowDown();
    limiter.slowDown(); // the same burst of 429s
    expect(limiter.allowance).toBe(14);
    expect(limiter.allowanceCeiling).toBe(19);
    const grown: number[] = [];
    for (let window = 1; window <= 4; window += 1) {
      clock = window * 1000;
      await touch();
      grown.push(limiter.allowance);
    }
    expect(grown).toEqual([16, 18, 19, 19]);
    clock = 10_000;
    limiter.slowDown(); // another client keeps using the key: settle lower
    expect(limiter.allowance).toBe(13);
    expect(limiter.allowanceCeiling).toBe(18);
    clock = 20_000;
    await touch();
    expect(limiter.allowance).toBe(18);
  });
});
