// Whether Stripe can be reached: the OS's network state, a cheap probe (any HTTP answer
// from the API, even 401, means reachable), and every real call's outcome. Probes back
// off while offline (1 s doubling to 30 s) and are rare while online: never a busy loop.

import type { ConnectivityView } from '../../common/ipc-contract';
import { Backoff } from '../shared/backoff';
import type { StripeConnection } from './stripe-connection';

export interface ConnectivityOptions {
  connection: StripeConnection | null;
  /** Electron's net.isOnline(); absent in tests. */
  isOsOnline?: () => boolean;
  now?: () => Date;
  probeTimeoutMs?: number;
  /** While online, the next probe comes after this long. */
  onlineIntervalMs?: number;
  offlineBackoffMs?: { first: number; max: number };
  /** Told whenever reachability (or its reason) changes; main pushes it to the renderer. */
  onChange?: (view: ConnectivityView) => void;
}

export class ConnectivityMonitor {
  private online: boolean | null = null;
  private checkedAt: Date | null = null;
  private detail: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly offlineBackoff: Backoff;
  private probing: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => Date;

  constructor(private readonly options: ConnectivityOptions) {
    this.now = options.now ?? (() => new Date());
    const { first, max } = options.offlineBackoffMs ?? { first: 1000, max: 30_000 };
    this.offlineBackoff = new Backoff({ baseMs: first, maxMs: max, jitter: 'none' });
  }

  private get baseUrl(): string {
    const c = this.options.connection;
    return c ? `${c.protocol}://${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}` : 'https://api.stripe.com';
  }

  view(): ConnectivityView {
    return { online: this.online, checkedAt: this.checkedAt?.toISOString() ?? null, detail: this.detail };
  }

  start(): void {
    void this.checkNow();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A real Stripe call got an answer. */
  reportReachable(): void {
    this.record(true, null);
  }

  /** A real Stripe call could not reach Stripe. */
  reportUnreachable(detail: string): void {
    this.record(false, detail);
  }

  async checkNow(): Promise<ConnectivityView> {
    this.probing ??= this.probe().finally(() => {
      this.probing = null;
    });
    await this.probing;
    return this.view();
  }

  private async probe(): Promise<void> {
    if (this.options.isOsOnline && !this.options.isOsOnline()) {
      this.record(false, 'This computer is offline.');
      return;
    }
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.options.probeTimeoutMs ?? 5000);
    try {
      // No key is sent: Stripe answers 401, which proves it is reachable.
      await fetch(`${this.baseUrl}/v1/balance`, { signal: controller.signal });
      this.record(true, null);
    } catch {
      this.record(false, 'Stripe cannot be reached.');
    } finally {
      clearTimeout(timeout);
    }
  }

  private record(online: boolean, detail: string | null): void {
    const changed = online !== this.online;
    const detailChanged = detail !== this.detail;
    this.online = online;
    this.detail = detail;
    this.checkedAt = this.now();
    if (changed || detailChanged) this.options.onChange?.(this.view());
    if (online) this.offlineBackoff.reset();
    if (changed || !this.timer) this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    let wait: number;
    if (this.online) {
      wait = this.options.onlineIntervalMs ?? 60_000;
    } else {
      wait = this.offlineBackoff.next();
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkNow();
    }, wait);
    this.timer.unref?.();
  }
}
