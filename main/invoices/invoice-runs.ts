// Retry runs as the screen drives them: a plan (kept until started), the start after the
// confirmation (in live mode the typed count must match), pause / resume / cancel, the
// run found in the journal at startup ("interrupted", offered for resume), and the CSV of
// its results.

import { randomUUID } from 'node:crypto';
import type { RetryPlanView, RunView } from '../../common/contract/invoices';
import type { StripeMode } from '../../common/stripe-keys';
import { UserFacingError } from '../domain/user-facing-error';
import type { InvoicesScreen } from './invoices-screen';
import type { SessionFactory } from './invoices-session';
import { planRetry, RETRY_STATES, type Plan, type PlanInput } from './retry-plan';
import { formatMinor } from '../shared/currency-units';
import type { FinanceLogPort } from './journaled-charge';
import { RetryRun } from './run-engine';
import type { RunJournal } from './run-journal';

export interface InvoiceRunsDeps {
  screen: InvoicesScreen;
  sessions: SessionFactory;
  journal: RunJournal;
  activeMode: () => StripeMode;
  now?: () => Date;
  onRunChange?: (view: RunView) => void;
  financeLog?: FinanceLogPort;
}

/** A CSV cell a spreadsheet will not run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function runCsv(view: RunView): string {
  const header = ['invoice_id', 'friendly_id', 'organisation', 'amount', 'currency', 'result', 'message'];
  const lines = view.items.map((item) =>
    [String(item.invoiceId), item.friendlyId, item.organisation ?? '', formatMinor(item.total.amountMinor, item.total.currency).split(' ')[0] ?? '', item.total.currency, item.status, item.message ?? '']
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

export class InvoiceRuns {
  private readonly plans = new Map<string, Plan>();
  private current: RetryRun | null = null;
  private readonly now: () => Date;

  constructor(private readonly deps: InvoiceRunsDeps) {
    this.now = deps.now ?? (() => new Date());
    // A run the app did not finish (a crash, a kill, a quit) is offered for resume.
    this.current = RetryRun.fromJournal(this.engineDeps());
  }

  private engineDeps() {
    const { sessions, journal } = this.deps;
    return {
      journal,
      step: () => sessions.session().step,
      activeMode: this.deps.activeMode,
      ...(sessions.tuning.concurrency !== undefined ? { concurrency: sessions.tuning.concurrency } : {}),
      ...(this.deps.onRunChange ? { onChange: this.deps.onRunChange } : {}),
      ...(this.deps.financeLog ? { financeLog: this.deps.financeLog } : {}),
    };
  }

  plan(invoiceIds: number[] | null): RetryPlanView {
    const { screen } = this.deps;
    if (!screen.data) throw new UserFacingError('invalid_input', 'Load the invoices first.');
    screen.requireLoaded();
    const ids = invoiceIds ?? screen.rows().filter((row) => RETRY_STATES.includes(row.state)).map((row) => row.id);
    const inputs: PlanInput[] = [];
    for (const id of ids) {
      const facts = screen.facts(id);
      const target = screen.target(id);
      if (!facts || !target) throw new UserFacingError('invalid_input', `Invoice ${id} is not among the loaded invoices.`);
      inputs.push({ facts, target });
    }
    const plan = planRetry(inputs, this.deps.activeMode(), this.now());
    this.plans.clear(); // only the latest plan can be started
    this.plans.set(plan.view.planId, plan);
    return plan.view;
  }

  start(planId: string, confirmCount: number | null): RunView {
    if (this.current && (this.current.view().status === 'running' || this.current.view().status === 'paused' || this.current.view().status === 'interrupted')) {
      throw new UserFacingError('invalid_input', 'A retry run is not finished yet: resume or cancel it first.');
    }
    // A cancelled run may still have charges in flight or sent without a known outcome; a new
    // run would empty the journal that holds them.
    // (A run file lost beside open charges is read back as a run to check: see RetryRun.fromJournal.)
    if (this.current?.unsettledWork || this.deps.journal.unresolvedInRun().length > 0) {
      throw new UserFacingError('invalid_input', 'The previous retry run still has charges in flight or without a known outcome; wait for them to finish (or resume that run to check them with 3scale and Stripe), then start again.');
    }
    const plan = this.plans.get(planId);
    if (!plan) throw new UserFacingError('invalid_input', 'This plan is out of date; make the plan again.');
    const mode = this.deps.activeMode();
    if (plan.view.mode !== mode) throw new UserFacingError('invalid_input', `The plan was made in ${plan.view.mode} mode and the app is now in ${mode} mode; make the plan again.`);
    if (plan.targets.length === 0) throw new UserFacingError('invalid_input', 'The plan has no invoice to charge.');
    if (mode === 'live' && confirmCount !== plan.targets.length) {
      throw new UserFacingError('invalid_input', `Type the number of invoices to charge (${plan.targets.length}) to confirm a live run.`, {
        confirmCount: `Type ${plan.targets.length} to confirm.`,
      });
    }
    this.deps.sessions.session(); // fails now, before anything is journaled, when a connection is missing
    let run: RetryRun;
    try {
      run = RetryRun.begin(this.engineDeps(), {
        version: 1,
        runId: `run-${this.now().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`,
        mode,
        startedAt: this.now().toISOString(),
        status: 'running',
        items: plan.targets,
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      throw new UserFacingError('invalid_input', `The run's journal cannot be written in ${this.deps.journal.directory} (${code}), so nothing was charged. Free some disk space or fix the folder's permissions, then start again.`);
    }
    this.plans.delete(planId);
    this.current = run;
    void run.resume();
    return run.view();
  }

  view(): RunView | null {
    return this.current?.view() ?? null;
  }

  private requireRun(): RetryRun {
    if (!this.current) throw new UserFacingError('invalid_input', 'There is no retry run.');
    return this.current;
  }

  pause(): RunView {
    const run = this.requireRun();
    run.pause();
    return run.view();
  }

  resume(): RunView {
    const run = this.requireRun();
    if (run.view().mode !== this.deps.activeMode()) {
      throw new UserFacingError('invalid_input', `This run was started in ${run.view().mode} mode; switch to that mode to resume it.`);
    }
    this.deps.sessions.session();
    void run.resume();
    return run.view();
  }

  cancel(): RunView {
    const run = this.requireRun();
    run.cancel();
    return run.view();
  }

  csv(): string | null {
    const view = this.view();
    return view ? runCsv(view) : null;
  }

  /** For tests and shutdown: resolves when the running part of the run stops. */
  settled(): Promise<void> {
    return this.current?.done ?? Promise.resolve();
  }
}
