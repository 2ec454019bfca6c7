// How long main's event loop is blocked while a benchmark runs, in two figures:
// - the event loop's delay as perf_hooks sees it (monitorEventLoopDelay), for everything
//   that runs in the process: main's code and the benchmark's own (Playwright's client);
// - per IPC channel, the longest stretch its handler ran without yielding (the
//   synchronous start and each continuation after an await), attributed through
//   async_hooks, so that the benchmark's own work is not counted against main.
// The longest stretch of any handler is the lag a user would feel from main: while it
// runs, no other request, event or timer is served. Figures only; nothing asserts on them.

import { createHook, executionAsyncId } from 'node:async_hooks';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

export interface ChannelLag {
  requests: number;
  /** Longest uninterrupted run of this channel's code on the thread, ms. */
  longestSliceMs: number;
}

export interface LagReport {
  /** perf_hooks' event-loop delay over the run: worst and 99th percentile, ms. */
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  channels: Map<string, ChannelLag>;
  /** The channel with the longest slice, or null when no request was made. */
  worst: { channel: string; ms: number } | null;
}

type AnyHandler = (request: never) => unknown;

export class EventLoopLagMonitor {
  /** The clock slices are measured with (tests give their own). */
  private readonly now: () => number;
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private readonly channels = new Map<string, ChannelLag>();
  /** Async resource → the channel whose code created it. */
  private readonly owners = new Map<number, string>();
  /** What runs now: a channel's slice (with its start) or something else (null). */
  private readonly running: ({ channel: string; startedAt: number } | null)[] = [];
  private readonly hook = createHook({
    init: (asyncId) => {
      const channel = this.currentChannel() ?? this.owners.get(executionAsyncId());
      if (channel !== undefined) this.owners.set(asyncId, channel);
    },
    before: (asyncId) => {
      const channel = this.owners.get(asyncId);
      this.running.push(channel === undefined ? null : { channel, startedAt: this.now() });
    },
    after: () => {
      const slice = this.running.pop();
      if (slice) this.record(slice.channel, this.now() - slice.startedAt);
    },
    destroy: (asyncId) => {
      this.owners.delete(asyncId);
    },
  });

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? (() => performance.now());
  }

  start(): this {
    this.histogram.enable();
    this.hook.enable();
    return this;
  }

  /** Runs one request's code as `channel`'s: its synchronous part and all it awaits. */
  track<T>(channel: string, run: () => T): T {
    this.lagOf(channel).requests += 1;
    this.running.push({ channel, startedAt: this.now() });
    try {
      return run();
    } finally {
      const slice = this.running.pop();
      if (slice) this.record(slice.channel, this.now() - slice.startedAt);
    }
  }

  /** The same handler table, each handler tracked under its channel's name. */
  instrument<T extends { [channel: string]: AnyHandler }>(table: T): T {
    const tracked: { [channel: string]: AnyHandler } = {};
    for (const [channel, handler] of Object.entries(table)) {
      tracked[channel] = ((request: never) => this.track(channel, () => handler(request))) as AnyHandler;
    }
    return tracked as T;
  }

  stop(): LagReport {
    this.hook.disable();
    this.histogram.disable();
    this.owners.clear();
    let worst: LagReport['worst'] = null;
    for (const [channel, lag] of this.channels) {
      if (!worst || lag.longestSliceMs > worst.ms) worst = { channel, ms: lag.longestSliceMs };
    }
    const ms = (nanoseconds: number) => (Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : 0);
    return {
      loopDelayMaxMs: ms(this.histogram.max),
      loopDelayP99Ms: ms(this.histogram.percentile(99)),
      channels: new Map(this.channels),
      worst,
    };
  }

  private currentChannel(): string | undefined {
    return this.running.at(-1)?.channel;
  }

  private lagOf(channel: string): ChannelLag {
    let lag = this.channels.get(channel);
    if (!lag) {
      lag = { requests: 0, longestSliceMs: 0 };
      this.channels.set(channel, lag);
    }
    return lag;
  }

  private record(channel: string, ms: number): void {
    const lag = this.lagOf(channel);
    lag.longestSliceMs = Math.max(lag.longestSliceMs, ms);
  }
}

/** The report as benchmark output lines; the last one is `worst event-loop lag of main's handlers: …`. */
export function formatLagReport(report: LagReport, options: { perChannel?: boolean } = {}): string[] {
  const lines: string[] = [];
  if (options.perChannel) {
    const rows = [...report.channels].sort((a, b) => b[1].longestSliceMs - a[1].longestSliceMs);
    for (const [channel, lag] of rows) {
      lines.push(`  ${channel.padEnd(28)} ${String(lag.requests).padStart(5)} requests, longest slice ${lag.longestSliceMs.toFixed(1)} ms`);
    }
  }
  lines.push(
    `event-loop delay of the whole process (perf_hooks): max ${report.loopDelayMaxMs.toFixed(1)} ms, p99 ${report.loopDelayP99Ms.toFixed(1)} ms`,
  );
  lines.push(
    report.worst
      ? `worst event-loop lag of main's handlers: ${report.worst.ms.toFixed(1)} ms (${report.worst.channel})`
      : "worst event-loop lag of main's handlers: no request was made",
  );
  return lines;
}
