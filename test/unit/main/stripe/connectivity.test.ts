// The connectivity monitor's probes back off with the shared back-off while offline,
// and come back to the slow online rhythm once Stripe answers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectivityMonitor } from '../../../../main/stripe/connectivity';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('ConnectivityMonitor', () => {
  it('probes after 1, 2, 4, 8, 8 … time units while offline, and every minute again once online', async () => {
    vi.useFakeTimers();
    let online = false;
    const probes: number[] = [];
    vi.stubGlobal('fetch', () => {
      probes.push(Date.now());
      return online ? Promise.resolve(new Response('{}', { status: 401 })) : Promise.reject(new Error('ECONNREFUSED'));
    });
    const monitor = new ConnectivityMonitor({
      connection: null,
      offlineBackoffMs: { first: 1000, max: 8000 },
      onlineIntervalMs: 60_000,
    });
    const start = Date.now();
    monitor.start();
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000 + 8000 + 8000);
    expect(probes.map((at) => at - start)).toEqual([0, 1000, 3000, 7000, 15000, 23000]);
    expect(monitor.view().online).toBe(false);
    online = true;
    await vi.advanceTimersByTimeAsync(8000);
    expect(monitor.view().online).toBe(true);
    const answered = probes.length;
    await vi.advanceTimersByTimeAsync(59_000);
    expect(probes.length).toBe(answered);
    await vi.advanceTimersByTimeAsync(1000);
    expect(probes.length).toBe(answered + 1);
    // Offline again: the back-off starts over from the first wait.
    online = false;
    monitor.reportUnreachable('Stripe cannot be reached.');
    const lost = Date.now();
    await vi.advanceTimersByTimeAsync(1000);
    expect((probes.at(-1) ?? 0) - lost).toBe(1000);
    monitor.stop();
  });
});
