// Offline, the 3scale connection typed on the 3scale page waits in the draft; this verifies
// it by itself once 3scale can be reached. It tries when main starts (a draft left by an
// earlier run) and whenever a Verify could not reach 3scale, then again with a growing
// wait while 3scale stays unreachable. Any answer from 3scale ends the waiting: a connection
// it accepts is saved as Verify saves it, a refusal is told; both are pushed to the window.

import type { DraftView } from '../../common/contract/drafts';
import type { ThreescaleConnectResult } from '../../common/contract/threescale';
import { Backoff } from '../shared/backoff';
import type { ConnectionInput } from './connection';

/** Failures that mean "3scale was not reached", worth trying again later. */
const UNREACHED = new Set(['unreachable', 'timeout']);

/**
 * The connection the draft holds when its domain or token differs from the saved ones (the
 * token stays sealed in the draft: ''). The connection's fields are the draft's "action"
 * fields, not listed among its differences: the draft's form and secret masks tell.
 */
export function draftedConnection(draft: DraftView | null, savedAdminDomain: string): ConnectionInput | null {
  if (!draft) return null;
  const adminDomain = draft.form['webhook.adminDomain'];
  if (typeof adminDomain !== 'string' || adminDomain.trim() === '') return null;
  const tokenTyped = 'webhook.accessToken' in draft.draftSecretMasks;
  return tokenTyped || adminDomain.trim() !== savedAdminDomain ? { adminDomain, accessToken: '' } : null;
}

export interface AutoVerifyDeps {
  /** The connection kept in the draft, when it differs from the saved one (the token: '' = the draft's). */
  pending(): ConnectionInput | null;
  connect(input: ConnectionInput): Promise<ThreescaleConnectResult>;
  /** Told of every outcome that ends the waiting. */
  onOutcome(outcome: ThreescaleConnectResult): void;
  /** Waits between attempts while 3scale cannot be reached (default 2 s doubling to 60 s). */
  backoffMs?: { first: number; max: number };
  logError?: (text: string) => void;
}

export class ThreescaleAutoVerify {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly backoff: Backoff;

  constructor(private readonly deps: AutoVerifyDeps) {
    const { first, max } = deps.backoffMs ?? { first: 2_000, max: 60_000 };
    this.backoff = new Backoff({ baseMs: first, maxMs: max, jitter: 'none' });
  }

  /** At start: a connection left in the draft by an earlier run is verified if 3scale can be reached. */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A Verify could not reach 3scale: keep trying in the background. */
  unreachable(): void {
    if (this.stopped || this.timer || this.running) return;
    this.backoff.reset();
    this.schedule();
  }

  /** Tries now (unless a try is under way); what it does next depends on 3scale's answer. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running ??= this.attempt().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.kick();
    }, this.backoff.next());
    // Waiting must never keep main (or a test process) alive.
    this.timer.unref?.();
  }

  private async attempt(): Promise<void> {
    const input = this.deps.pending();
    if (!input) return;
    let outcome: ThreescaleConnectResult;
    try {
      outcome = await this.deps.connect(input);
    } catch (error) {
      // A refusal of main's own (the keychain, a conflicting save): told, not retried.
      this.deps.logError?.(`3scale auto-verify: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (outcome.status === 'failed' && UNREACHED.has(outcome.kind)) {
      this.schedule();
      return;
    }
    this.backoff.reset();
    this.deps.onOutcome(outcome);
  }
}
