// The Month-end screen's state in main: the month loaded (3scale and Stripe, reconciled), the
// load under way and its progress, the closed months of the mode, and — when the month shown
// was closed — what changed in 3scale or Stripe since.

import type { ClosedMonth, MonthEndLoadState, MonthEndReport, MonthEndView } from '../../common/contract/month-end';
import type { StripeMode } from '../../common/stripe-keys';
import { UserFacingError } from '../domain/user-facing-error';
import { failureMessage } from '../invoices/invoices-screen';
import { diffClosedMonth } from './closed-month';
import type { ClosedMonthsStore } from './closed-months-store';
import { monthEndCsv } from './month-end-csv';
import { loadMonthEnd } from './month-end-loader';
import { buildMonthEndReport } from './month-end-report';
import type { MonthEndSession, MonthEndTuning } from './month-end-session';

export interface MonthEndScreenDeps {
  session: () => MonthEndSession;
  activeMode: () => StripeMode;
  store: ClosedMonthsStore;
  tuning?: MonthEndTuning;
  now?: () => Date;
  onLoadChange?: (state: MonthEndLoadState) => void;
}

export class MonthEndScreen {
  private report: MonthEndReport | null = null;
  private closed: MonthEndView['closed'] = null;
  private status: MonthEndView['status'] = 'idle';
  private progress: MonthEndView['progress'] = null;
  private error: string | null = null;
  private controller: AbortController | null = null;
  private readonly now: () => Date;

  constructor(private readonly deps: MonthEndScreenDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The loaded report, if it is of the active mode. */
  get loaded(): MonthEndReport | null {
    return this.report && this.report.mode === this.deps.activeMode() ? this.report : null;
  }

  view(): MonthEndView {
    const mode = this.deps.activeMode();
    const report = this.loaded;
    return {
      mode,
      status: this.status === 'done' && !report ? 'idle' : this.status,
      progress: this.progress,
      report,
      closed: report ? this.closed : null,
      closedMonths: this.deps.store.months(mode),
      error: this.error,
    };
  }

  private changed(): void {
    this.deps.onLoadChange?.({ mode: this.deps.activeMode(), status: this.status, progress: this.progress, error: this.error });
  }

  /** Starts loading a month (a load under way is replaced); the view is pushed as it goes. */
  load(month: string): MonthEndView {
    const session = this.deps.session();
    this.controller?.abort(new Error('Another month was asked for'));
    const controller = new AbortController();
    this.controller = controller;
    this.status = 'loading';
    this.error = null;
    this.progress = { stage: 'invoices', done: 0, total: null, requests: 0 };
    this.changed();
    void loadMonthEnd(month, session, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (this.controller !== controller) return;
        this.progress = progress;
        this.changed();
      },
    }).then(
      (loaded) => {
        if (this.controller !== controller) return;
        const report = buildMonthEndReport(loaded.input, { mode: session.mode, provider: loaded.provider, loadedAt: this.now().toISOString() });
        this.report = report;
        const kept = this.deps.store.read(session.mode, month);
        this.closed = kept ? { closedAt: kept.closedAt, diff: diffClosedMonth(kept, report) } : null;
        this.status = 'done';
        this.controller = null;
        this.changed();
      },
      (error: unknown) => {
        if (this.controller !== controller) return;
        this.status = controller.signal.aborted ? 'cancelled' : 'failed';
        this.error = controller.signal.aborted ? null : failureMessage(error, session.mode, this.deps.tuning?.timeoutMs ?? 30_000);
        this.controller = null;
        this.changed();
      },
    );
    return this.view();
  }

  cancel(): MonthEndView {
    this.controller?.abort(new Error('Cancelled by the user'));
    return this.view();
  }

  /** Keeps the loaded report as the month's closing (a later closing replaces it). */
  close(): MonthEndView {
    const report = this.loaded;
    if (!report || this.status === 'loading') throw new UserFacingError('invalid_input', 'Load the month before closing it.');
    const closed: ClosedMonth = { month: report.month, mode: report.mode, closedAt: this.now().toISOString(), report };
    this.deps.store.save(closed);
    this.closed = { closedAt: closed.closedAt, diff: diffClosedMonth(closed, report) };
    return this.view();
  }

  csv(): { name: string; text: string } | null {
    const report = this.loaded;
    return report ? { name: `month-end-${report.month}-${report.mode}.csv`, text: monthEndCsv(report) } : null;
  }
}
