import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay, sleep } from '../../../../main/shared/backoff';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const policy = { baseMs: 100, maxMs: 1000, jitter: 'none' } as const;
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(policy, a))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('full jitter stays below the wait, half jitter around it', () => {
    const policy = { baseMs: 100, maxMs: 10_000, jitter: 'full' } as const;
    expect(backoffDelay(policy, 2, () => 0.999)).toBe(399);
    expect(backoffDelay(policy, 2, () => 0)).toBe(0);
    expect(backoffDelay({ ...policy, jitter: 'half' }, 2, () => 0)).toBe(200);
    expect(backoffDelay({ ...policy, jitter: 'half' }, 2, () => 0.999)).toBe(599);
  });
});

describe('Backoff', () => {
  it('grows until reset', () => {
    const backoff = new Backoff({ baseMs: 1000, maxMs: 30_000, jitter: 'none' });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([1000, 2000, 4000]);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });
});

describe('sleep', () => {
  it('waits, and stops early when aborted', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
    await expect(sleep(10, controller.signal)).rejects.toThrow('cancelled');
  });
});
