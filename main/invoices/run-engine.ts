// A retry run: charges its invoices a few at a time (the gates keep each service under its
// limit), journals each charge before it is sent and after its answer, and can pause,
// resume and cancel (in-flight charges finish; nothing new starts). A run read back from
// the journal after a crash first reconciles every charge whose answer never came, and only
// then goes on.

import type { Money, RunItemStatus, RunView } from '../../common/contract/invoices';
import type { FinanceLogChange } from '../../common/contract/finance-log';
import { redactSecrets } from '../domain/masking';
import type { ChargeStep, ChargeTarget, StepResult } from './charge-step';
import type { DurableLog, RunFile, RunJournal, SendEntry } from './run-journal';

export interface FinanceLogPort {
  (entry: { summary: string; changes: FinanceLogChange[] }): void;
}

export interface RunEngineDeps {
  journal: RunJournal;
  /** The step of the current session (a run read back at startup connects only when resumed). */
  step: () => ChargeStep;
  /** Invoices charged at once (default 8); the gates set the pace. */
  concurrency?: number;
  onChange?: (view: RunView) => void;
  financeLog?: FinanceLogPort;
  /** The app's mode now: a run pauses rather than go on in another mode than its own. */
  activeMode?: () => 'test' | 'live';
  /** Least time between two progress events (default 200 ms); status changes go at once. */
  progressEveryMs?: number;
}

interface Item {
  target: ChargeTarget;
  status: RunItemStatus;
  message: string | null;
}

const FINAL: ReadonlySet<RunItemStatus> = new Set(['paid', 'declined', 'needs_action', 'skipped', 'failed']);

export function formatMoney(money: Money): string {
  const digits = money.currency === 'JPY' || money.currency === 'KRW' ? 0 : 2;
  return `${money.currency} ${(money.amountMinor / 10 ** digits).toFixed(digits)}`;
}

/** Waits for every promise to settle, then rejects with the first failure, if any. */
async function allReturned(promises: readonly Promise<void>[]): Promise<void> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

export class RetryRun {
  private readonly items = new Map<number, Item>();
  private status: RunView['status'];
  private unresolved: SendEntry[] = [];
  /** Why the run stopped by itself, if it did. */
  private problem: string | null = null;
  private active: Promise<void> | null = null;
  private stopRequested = false;
  private lastEmit = 0;
  private runLogged = false;
  /** A cancelled run read back with unsettled charges: resuming settles them and sends nothing. */
  private settleOnly = false;
  private emitTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly deps: RunEngineDeps,
    private readonly run: RunFile,
    status: RunView['status'],
  ) {
    this.status = status;
    for (const target of run.items) this.items.set(target.invoiceId, { target, status: 'pending', message: null });
  }

  /** A new run, journaled before anything is charged. */
  static begin(deps: RunEngineDeps, run: RunFile): RetryRun {
    deps.journal.begin(run);
    return new RetryRun(deps, run, 'running');
  }

  /** The run the journal holds: finished ones as they ended, unfinished ones 'interrupted'. */
  static fromJournal(deps: RunEngineDeps): RetryRun | null {
    const read = deps.journal.read();
    if (!read) return null;
    // A cancelled run with charges of unknown outcome is interrupted too: they are settled
    // before anything else, and then it ends cancelled (nothing new is sent).
    const unsettled = read.state.unresolved.size > 0;
    const finished = read.run.status === 'done' || (read.run.status === 'cancelled' && !unsettled);
    const run = new RetryRun(deps, read.run, finished ? read.run.status : 'interrupted');
    run.settleOnly = read.run.status === 'cancelled';
    for (const [id, result] of read.state.results) {
      const item = run.items.get(id);
      if (item) {
        item.status = result.status;
        item.message = result.message;
      }
    }
    run.unresolved = [...read.state.unresolved.values()];
    for (const entry of run.unresolved) {
      const item = run.items.get(entry.id);
      if (item) {
        item.status = 'unknown';
        item.message = 'Sent before the app stopped; to be checked with 3scale and Stripe';
      }
    }
    return run;
  }

  get runId(): string {
    return this.run.runId;
  }

  /** True while charges of this run are in flight or sent with no known outcome: no new run may start. */
  get unsettledWork(): boolean {
    return this.active !== null || this.unresolved.length > 0;
  }

  get done(): Promise<void> {
    return this.active ?? Promise.resolve();
  }

  view(): RunView {
    const counts = { total: 0, paid: 0, declined: 0, needsAction: 0, skipped: 0, failed: 0, pending: 0 };
    const charged = new Map<string, number>();
    const items: RunView['items'] = [];
    for (const { target, status, message } of this.items.values()) {
      counts.total += 1;
      if (status === 'paid') {
        counts.paid += 1;
        charged.set(target.total.currency, (charged.get(target.total.currency) ?? 0) + target.total.amountMinor);
      } else if (status === 'declined') counts.declined += 1;
      else if (status === 'needs_action') counts.needsAction += 1;
      else if (status === 'skipped') counts.skipped += 1;
      else if (status === 'failed') counts.failed += 1;
      else counts.pending += 1;
      items.push({ invoiceId: target.invoiceId, friendlyId: target.friendlyId, organisation: target.organisation, total: target.total, status, message });
    }
    return {
      runId: this.run.runId,
      mode: this.run.mode,
      status: this.status,
      startedAt: this.run.startedAt,
      counts,
      totalsCharged: [...charged].map(([currency, amountMinor]) => ({ currency, amountMinor })).sort((a, b) => a.currency.localeCompare(b.currency)),
      items,
      problem: this.problem ?? (this.unresolved.length > 0 && this.status === 'paused' ? `${this.unresolved.length} charge(s) sent without a known outcome: resume to check them with 3scale and Stripe before anything else is sent` : null),
    };
  }

  /** Starts (or goes on with) the charging; resolves when the run is done, paused or cancelled. */
  resume(): Promise<void> {
    if (this.active) return this.active;
    if (this.status === 'done' || (this.status === 'cancelled' && this.unresolved.length === 0)) return Promise.resolve();
    // A cancelled run with charges of unknown outcome: resuming only settles them, nothing new is sent.
    if (this.status === 'cancelled') {
      this.active = this.work().finally(() => {
        this.active = null;
      });
      return this.active;
    }
    if (this.status === 'paused' || this.status === 'interrupted') this.deps.journal.setStatus(this.run, 'running');
    this.status = 'running';
    this.stopRequested = false;
    this.problem = null;
    this.emit(true);
    this.active = this.work().finally(() => {
      this.active = null;
    });
    return this.active;
  }

  pause(): void {
    if (this.status !== 'running' && this.status !== 'interrupted') return;
    this.stopRequested = true;
    this.status = 'paused';
    this.deps.journal.setStatus(this.run, 'paused');
    this.emit(true);
  }

  cancel(): void {
    if (this.status === 'done' || this.status === 'cancelled') return;
    this.stopRequested = true;
    const wasActive = this.active !== null;
    this.status = 'cancelled';
    this.deps.journal.setStatus(this.run, 'cancelled');
    // With charges in flight the run's finance entry waits for them (see work()).
    if (!wasActive && this.unresolved.length === 0) this.logRun();
    this.emit(true);
  }

  private async work(): Promise<void> {
    const { journal } = this.deps;
    try {
      // Charges whose answer never came are settled before anything else is sent.
      const unresolved = this.unresolved;
      this.unresolved = [];
      await allReturned(
        unresolved.map(async (entry) => {
          const item = this.items.get(entry.id);
          if (!item) return;
          item.status = 'charging';
          try {
            const settled = await this.deps.step().reconcile(entry.target, entry.before, entry.at);
            if (settled.status === 'not_sent') {
              item.status = 'pending';
              item.message = null;
              return;
            }
            this.record(journal.log, item, settled, true);
          } catch (error) {
            this.unsettled(item, entry, error);
          }
        }),
      );
      if (this.settleOnly && this.unresolved.length === 0 && this.status === 'running') {
        this.status = 'cancelled';
        journal.setStatus(this.run, 'cancelled');
      }
      if (this.unresolved.length === 0 && this.status !== 'cancelled') {
        const workers = Array.from({ length: this.deps.concurrency ?? 8 }, () => this.worker());
        // Every worker returns before the run counts as stopped, even when one failed.
        await allReturned(workers);
      }
      if (this.status === 'running' && [...this.items.values()].every((item) => FINAL.has(item.status))) {
        this.status = 'done';
        journal.setStatus(this.run, 'done');
        this.logRun();
      } else if (this.status === 'cancelled') {
        this.logRun();
      }
    } catch (error) {
      // The journal cannot be written: nothing more may be sent.
      this.stopRequested = true;
      this.status = 'paused';
      for (const item of this.items.values()) {
        if (item.status !== 'charging') continue;
        item.status = 'unknown';
        item.message = 'Sent, but its result could not be written to the journal; checked with 3scale and Stripe when the app starts again';
      }
      this.problem = `The run stopped: its journal cannot be written (${redactSecrets(error instanceof Error ? error.message : String(error))}).`;
    }
    this.emit(true);
  }

  /** A charge that was sent and whose outcome cannot be read now: kept for the next resume, and the run pauses. */
  private unsettled(item: Item, entry: SendEntry, error: unknown, noAnswer = false): void {
    item.status = 'unknown';
    item.message = noAnswer ? NO_ANSWER_MESSAGE : `Sent, but 3scale and Stripe could not be read to know the outcome (${redactSecrets(error instanceof Error ? error.message : String(error))}); resume to check again`;
    this.unresolved.push(entry);
    this.stopRequested = true;
    if (this.status === 'running') {
      this.status = 'paused';
      this.deps.journal.setStatus(this.run, 'paused');
    }
  }

  private nextPending(): Item | undefined {
    for (const item of this.items.values()) if (item.status === 'pending') return item;
    return undefined;
  }

  private async worker(): Promise<void> {
    for (;;) {
      if (this.stopRequested) return;
      const item = this.nextPending();
      if (!item) return;
      const mode = this.deps.activeMode?.();
      if (mode && mode !== this.run.mode) {
        this.stopRequested = true;
        this.status = 'paused';
        this.deps.journal.setStatus(this.run, 'paused');
        this.problem = `The app switched to ${mode} mode; switch back to ${this.run.mode} mode to resume this run.`;
        return;
      }
      const { inFlight } = this.deps.journal;
      if (!inFlight.claim(item.target.invoiceId)) {
        this.record(this.deps.journal.log, item, { status: 'skipped', message: 'Skipped: this invoice was being charged at the same moment (Charge now); not charged twice', paymentIntentId: null }, false);
        continue;
      }
      item.status = 'charging';
      item.message = null;
      this.emit(false);
      let result: StepResult;
      let charged = false;
      try {
        ({ result, charged } = await this.chargeOne(item.target));
      } catch (error) {
        if (error instanceof UnsettledCharge) {
          this.unsettled(item, error.entry, error.cause, error.noAnswer);
          return;
        }
        result = { status: 'failed', message: `Failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`, paymentIntentId: null };
      } finally {
        inFlight.release(item.target.invoiceId);
      }
      this.record(this.deps.journal.log, item, result, charged);
    }
  }

  private async chargeOne(target: ChargeTarget): Promise<{ result: StepResult; charged: boolean }> {
    return chargeWithJournal(this.deps.step(), this.deps.journal, this.deps.journal.log, target);
  }

  private record(log: DurableLog, item: Item, result: StepResult, charged: boolean): void {
    this.deps.journal.result(log, item.target.invoiceId, result, charged);
    item.status = result.status;
    item.message = result.message;
    if (charged) {
      const { target } = item;
      this.deps.financeLog?.({
        summary: `Retry run ${this.run.runId} (${this.run.mode} mode): invoice ${target.friendlyId} (${target.organisation ?? `account ${target.accountId}`}) ${formatMoney(target.total)} — ${result.message}`,
        changes: [{ field: `invoice ${target.friendlyId}`, from: 'unpaid', to: result.status + (result.paymentIntentId ? ` (${result.paymentIntentId})` : '') }],
      });
    }
    this.emit(false);
  }

  private logRun(): void {
    if (this.runLogged) return;
    this.runLogged = true;
    const view = this.view();
    const totals = view.totalsCharged.map(formatMoney).join(', ') || 'nothing';
    const { counts } = view;
    this.deps.financeLog?.({
      summary: `Retry run ${view.runId} (${view.mode} mode) ${view.status}: ${counts.paid} paid (${totals}), ${counts.declined} declined, ${counts.needsAction} need the developer's action, ${counts.skipped} skipped, ${counts.failed} failed, ${counts.pending} not charged`,
      changes: [
        { field: 'invoices', from: String(counts.total), to: `${counts.paid} paid` },
        { field: 'charged', from: '', to: totals },
      ],
    });
  }

  private emit(now: boolean): void {
    const { onChange } = this.deps;
    if (!onChange) return;
    const every = this.deps.progressEveryMs ?? 200;
    const since = performance.now() - this.lastEmit;
    if (now || since >= every) {
      if (this.emitTimer) clearTimeout(this.emitTimer);
      this.emitTimer = null;
      this.lastEmit = performance.now();
      onChange(this.view());
      return;
    }
    this.emitTimer ??= setTimeout(() => {
      this.emitTimer = null;
      this.lastEmit = performance.now();
      onChange(this.view());
    }, every - since);
  }
}

/**
 * A charge was sent, no answer came, and its outcome is unknown: neither side could be read,
 * or (`noAnswer`) nothing showed yet once the settle wait was over.
 */
export class UnsettledCharge extends Error {
  constructor(
    readonly entry: SendEntry,
    override readonly cause: unknown,
    readonly noAnswer = false,
  ) {
    super('The outcome of a charge could not be read');
    this.name = 'UnsettledCharge';
  }
}

/** What a run item or a single charge says while its sent charge has no known outcome. */
export const NO_ANSWER_MESSAGE = '3scale did not answer; checked again before anything else is sent';

/**
 * Check, journal, send, read the outcome — the one way an invoice is charged (runs and
 * single charges alike). A send with no answer is reconciled once 3scale had time to finish
 * it, counted from when the answer was lost; it is never sent again in the same pass: if
 * nothing shows yet, its outcome stays unknown until the next settle (resume, next charge).
 */
export async function chargeWithJournal(
  step: ChargeStep,
  journal: RunJournal,
  log: DurableLog,
  target: ChargeTarget,
  alone = false,
): Promise<{ result: StepResult; charged: boolean }> {
  const check = await step.check(target, alone);
  if (check.kind === 'skip') return { result: { status: 'skipped', message: check.message, paymentIntentId: null }, charged: false };
  journal.sending(log, target, check.before, Date.now());
  let answer;
  try {
    answer = await step.send(target);
  } catch {
    // 3scale may still be working on it: the settle wait starts now, not before the request.
    const lostAt = Date.now();
    const entry: SendEntry = { e: 'send', id: target.invoiceId, at: lostAt, before: check.before, target };
    let settled;
    try {
      settled = await step.reconcile(target, check.before, lostAt);
    } catch (error) {
      throw new UnsettledCharge(entry, error);
    }
    if (settled.status === 'not_sent') throw new UnsettledCharge(entry, new Error(NO_ANSWER_MESSAGE), true);
    return { result: settled, charged: true };
  }
  return { result: await step.outcome(target, answer), charged: answer.kind !== 'not_chargeable' };
}
