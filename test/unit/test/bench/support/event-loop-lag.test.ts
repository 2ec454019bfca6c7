import { describe, expect, it } from 'vitest';
import { EventLoopLagMonitor, formatLagReport } from '../../../../bench/support/event-loop-lag';

/** The monitor's clock: work "takes" exactly what block() says, whatever the machine's load. */
let clock = 0;
function block(ms: number): void {
  clock += ms;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('the event-loop lag monitor', () => {
  it("attributes a handler's blocking, after an await too, to its channel and nothing else", async () => {
    const monitor = new EventLoopLagMonitor({ now: () => clock }).start();
    const table = monitor.instrument({
      'quick:get': async () => {
        await tick();
        return 1;
      },
      'slow:save': async () => {
        await tick();
        block(40); // in a continuation, not in the synchronous start
        return 2;
      },
    });
    expect(await table['quick:get']()).toBe(1);
    expect(await table['slow:save']()).toBe(2);
    await tick();
    block(60); // the benchmark's own work: not a handler's
    const report = monitor.stop();

    expect(report.channels.get('slow:save')?.requests).toBe(1);
    expect(report.channels.get('quick:get')).toEqual({ requests: 1, longestSliceMs: 0 });
    expect(report.channels.get('slow:save')).toEqual({ requests: 1, longestSliceMs: 40 });
    expect([...report.channels.keys()]).toEqual(['quick:get', 'slow:save']);
    expect(report.worst).toEqual({ channel: 'slow:save', ms: 40 });
    expect(Number.isFinite(report.loopDelayMaxMs)).toBe(true);
    expect(formatLagReport(report).at(-1)).toBe("worst event-loop lag of main's handlers: 40.0 ms (slow:save)");
  });

  it('says so when no request was made', () => {
    const report = new EventLoopLagMonitor().start().stop();
    expect(report.worst).toBeNull();
    expect(formatLagReport(report).at(-1)).toBe("worst event-loop lag of main's handlers: no request was made");
  });
});
