// A retry run: charges its invoices a few at a time (the gates keep each service under its
// limit), journals each charge before it is sent and after its answer, and can pause,
// resume and cancel (in-flight charges finish; nothing new starts). Before anything is sent,
// every charge whose answer never came — this run's or a "Charge now"'s, found in the journal
// after a crash or lost in this session — is settled with 3scale and Stripe
// (journaled-charge.ts); what a settle finds reaches the run's items through the journal.

import type { RunItemStatus, RunView } from '../../common/contract/invoices';
import { redactSecrets } from '../domain/masking';
import { formatMinor } from '../shared/currency-units';
import type { ChargeStep, StepResult } from './charge-step';
import { ChargeNotStarted, chargeWithJournal, EarlierChargeUnsettled, NO_ANSWER_MESSAGE, settleUnresolved, UnsettledCharge, type FinanceLogPort, type JournaledChargeDeps } from './journaled-charge';
import { runSummary, runView, type RunItem as Item } from './run-view';
import { JournalWriteError, type DurableLog, type ResultEntry, type RunFile, type RunJournal } from './run-journal';

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

const FINAL: ReadonlySet<RunItemStatus> = new Set(['paid', 'declined', 'needs_action', 'skipped', 'failed']);

/** Waits for every promise to settle, then rejects with the first failure, if any. */
async function allReturned(promises: readonly Promise<void>[]): Promise<void> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

export class RetryRun {
  private readonly items = new Map<number, Item>();
  private status: RunView['status'];
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
    // Results reach the run through the journal, also those a "Charge now" settled for it.
    deps.journal.onResult = (log, entry) => this.heard(log, entry);
  }

  /** The run log's charges with no known outcome (sent before a crash, or lost in this session). */
  private get unresolvedCount(): number {
    return this.deps.journal.unresolvedInRun().length;
  }

  private heard(log: DurableLog, entry: ResultEntry): void {
    if (log !== this.deps.journal.log) return;
    const item = this.items.get(entry.id);
    if (!item) return;
    item.status = entry.status;
    item.message = entry.message;
    // A "Charge now" settled the last open charge of a cancelled run: it can end now.
    if (this.active === null && this.unresolvedCount === 0 && (this.status === 'cancelled' || (this.settleOnly && this.status !== 'done'))) {
      this.status = 'cancelled';
      this.persist('cancelled');
      this.logRun();
    }
    this.emit(false);
  }

  /**
   * Writes the run's status. A cancelled run read back only to settle its open charges stays
   * cancelled on disk whatever happens meanwhile, so that no restart can make it charge.
   */
  private persist(status: RunFile['status']): void {
    this.deps.journal.setStatus(this.run, this.settleOnly ? 'cancelled' : status);
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
    const unsettled = deps.journal.unresolvedInRun().length > 0;
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
    for (const entry of deps.journal.unresolvedInRun()) {
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
    return this.active !== null || this.unresolvedCount > 0;
  }

  get done(): Promise<void> {
    return this.active ?? Promise.resolve();
  }

  view(): RunView {
    const problem = this.problem ?? (this.unresolvedCount > 0 && this.status === 'paused' ? `${this.unresolvedCount} charge(s) sent without a known outcome: resume to check them with 3scale and Stripe before anything else is sent` : null);
    return runView(this.run, this.status, this.items.values(), problem);
  }

  /** Starts (or goes on with) the charging; resolves when the run is done, paused or cancelled. */
  resume(): Promise<void> {
    if (this.active) return this.active;
    if (this.status === 'done' || (this.status === 'cancelled' && this.unresolvedCount === 0)) return Promise.resolve();
    // A cancelled run with charges of unknown outcome: resuming only settles them, nothing new is sent.
    if (this.status === 'cancelled') {
      this.active = this.work().finally(() => {
        this.active = null;
      });
      return this.active;
    }
    if (this.status === 'paused' || this.status === 'interrupted') this.persist('running');
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
    this.persist('paused');
    this.emit(true);
  }

  cancel(): void {
    if (this.status === 'done' || this.status === 'cancelled') return;
    this.stopRequested = true;
    const wasActive = this.active !== null;
    this.status = 'cancelled';
    this.deps.journal.setStatus(this.run, 'cancelled');
    // With charges in flight the run's finance entry waits for them (see work()).
    if (!wasActive && this.unresolvedCount === 0) this.logRun();
    this.emit(true);
  }

  private async work(): Promise<void> {
    try {
      // Charges whose answer never came (this run's and single charges') are settled before
      // anything else is sent; what they were found to be reaches the items through the journal.
      for (const item of this.items.values()) if (item.status === 'unknown') item.status = 'charging';
      this.emit(true);
      try {
        await settleUnresolved(this.chargeDeps());
      } catch (error) {
        if (!(error instanceof EarlierChargeUnsettled)) throw error;
        this.stopForUnsettled(error, true);
      }
      // A charge of this run still open here is being charged by "Charge now" this moment.
      this.markUnknown(NO_ANSWER_MESSAGE);
      if (this.unresolvedCount > 0) this.pauseBecause(null);
      if (this.settleOnly && this.unresolvedCount === 0 && this.status === 'running') {
        this.status = 'cancelled';
        this.persist('cancelled');
      }
      if (this.unresolvedCount === 0 && this.status === 'running') {
        const workers = Array.from({ length: this.deps.concurrency ?? 8 }, () => this.worker());
        // Every worker returns before the run counts as stopped, even when one failed.
        await allReturned(workers);
      }
      if (this.status === 'running' && [...this.items.values()].every((item) => FINAL.has(item.status))) {
        this.status = 'done';
        this.persist('done');
        this.logRun();
      } else if (this.status === 'cancelled') {
        this.logRun();
      }
    } catch (error) {
      // The journal cannot be written: nothing more may be sent. A send whose result was not
      // written stays open in the journal, so it is settled before the next send of any kind.
      this.markUnknown('Sent, but its result could not be written to the journal; checked with 3scale and Stripe before anything else is sent');
      this.stopRequested = true;
      this.status = 'paused';
      try {
        this.persist('paused');
      } catch {
        // The same disk: the run file keeps 'running', which reads back as interrupted anyway.
      }
      this.problem = `The run stopped: its journal cannot be written (${redactSecrets(error instanceof Error ? error.message : String(error))}).`;
    }
    this.emit(true);
  }

  /** The journaled charge as this run sends it: in the session's mode, only while the run still wants it. */
  private chargeDeps(): JournaledChargeDeps {
    return {
      step: this.deps.step(),
      journal: this.deps.journal,
      mode: this.deps.activeMode?.() ?? this.run.mode,
      financeLog: this.deps.financeLog,
      stillWanted: () => !this.stopRequested && (this.deps.activeMode?.() ?? this.run.mode) === this.run.mode,
    };
  }

  /** Items still 'charging' when the run stops unsettled are unknown until the next settle. */
  private markUnknown(message: string): void {
    for (const item of this.items.values()) {
      if (item.status !== 'charging') continue;
      item.status = this.deps.journal.unresolvedInRun().some((entry) => entry.id === item.target.invoiceId) ? 'unknown' : 'pending';
      item.message = item.status === 'unknown' ? message : null;
    }
  }

  private pauseBecause(problem: string | null): void {
    this.stopRequested = true;
    if (this.status === 'running') {
      this.status = 'paused';
      this.persist('paused');
    }
    if (problem) this.problem = problem;
  }

  /**
   * An earlier charge could not be checked: nothing is sent, the run pauses until it can be.
   * `settling`: no worker runs, so items still 'charging' are the ones that settle left open.
   */
  private stopForUnsettled(error: EarlierChargeUnsettled, settling: boolean): void {
    if (settling) this.markUnknown(`Sent, but 3scale and Stripe could not be read to know the outcome (${redactSecrets(error.reason)}); resume to check again`);
    this.pauseBecause(`${redactSecrets(error.message)} The run paused; resume it to check again.`);
  }

  /** A charge that was sent and whose outcome cannot be read now: kept for the next settle, and the run pauses. */
  private unsettled(item: Item, error: UnsettledCharge): void {
    item.status = 'unknown';
    item.message = error.noAnswer ? NO_ANSWER_MESSAGE : `Sent, but 3scale and Stripe could not be read to know the outcome (${redactSecrets(error.cause instanceof Error ? error.cause.message : String(error.cause))}); resume to check again`;
    this.pauseBecause(null);
  }

  /** A run goes on only in its own mode: pauses (true) when the app switched. */
  private pausedForMode(): boolean {
    const mode = this.deps.activeMode?.();
    if (!mode || mode === this.run.mode) return false;
    this.pauseBecause(`The app switched to ${mode} mode; switch back to ${this.run.mode} mode to resume this run.`);
    return true;
  }

  private nextPending(): Item | undefined {
    for (const item of this.items.values()) if (item.status === 'pending') return item;
    return undefined;
  }

  private async worker(): Promise<void> {
    try {
      await this.charging();
    } catch (error) {
      if (error instanceof StopWorker) return;
      this.stopRequested = true; // the other workers send nothing more either
      throw error;
    }
  }

  private async charging(): Promise<void> {
    for (;;) {
      if (this.stopRequested) return;
      const item = this.nextPending();
      if (!item) return;
      if (this.pausedForMode()) return;
      const { inFlight } = this.deps.journal;
      if (!inFlight.claim(item.target.invoiceId)) {
        this.record(this.deps.journal.log, item, { status: 'skipped', message: 'Skipped: this invoice was being charged or checked at the same moment (Charge now); not charged twice. Retry it once that has finished.', paymentIntentId: null }, false);
        continue;
      }
      item.status = 'charging';
      item.message = null;
      this.emit(false);
      try {
        const { result, charged } = await this.chargeOne(item);
        // Written while still claimed: a settle elsewhere must not read this send as open.
        this.record(this.deps.journal.log, item, result, charged);
      } finally {
        inFlight.release(item.target.invoiceId);
      }
    }
  }

  /** One invoice through the journaled charge; what went wrong before an answer is kept as the item's result. */
  private async chargeOne(item: Item): Promise<{ result: StepResult; charged: boolean }> {
    try {
      return await chargeWithJournal(this.chargeDeps(), this.deps.journal.log, item.target);
    } catch (error) {
      if (error instanceof UnsettledCharge) {
        this.unsettled(item, error);
        throw new StopWorker();
      }
      if (error instanceof EarlierChargeUnsettled || error instanceof ChargeNotStarted) {
        item.status = 'pending'; // nothing was sent for it
        item.message = null;
        if (error instanceof EarlierChargeUnsettled) this.stopForUnsettled(error, false);
        else this.pausedForMode();
        throw new StopWorker();
      }
      if (error instanceof JournalWriteError) throw error; // stops the run: nothing more may be sent
      // Failed before anything was sent (the check could not read 3scale or Stripe).
      return { result: { status: 'failed', message: `Failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`, paymentIntentId: null }, charged: false };
    }
  }

  private record(log: DurableLog, item: Item, result: StepResult, charged: boolean): void {
    this.deps.journal.result(log, item.target.invoiceId, result, charged);
    item.status = result.status;
    item.message = result.message;
    if (charged) {
      const { target } = item;
      this.deps.financeLog?.({
        summary: `Retry run ${this.run.runId} (${this.run.mode} mode): invoice ${target.friendlyId} (${target.organisation ?? `account ${target.accountId}`}) ${formatMinor(target.total.amountMinor, target.total.currency)} — ${result.message}`,
        changes: [{ field: `invoice ${target.friendlyId}`, from: 'unpaid', to: result.status + (result.paymentIntentId ? ` (${result.paymentIntentId})` : '') }],
      });
    }
    this.emit(false);
  }

  private logRun(): void {
    if (this.runLogged) return;
    this.runLogged = true;
    this.deps.financeLog?.(runSummary(this.view()));
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

/** A worker stops here: the run paused for a charge of unknown outcome. */
class StopWorker extends Error {}
