// The Invoices screen's state in main: the loaded month (3scale joined with Stripe), the
// query over it, an invoice's details, "Charge now" on one invoice (checked, journaled,
// reconciled like a run's) and "Mark as paid in 3scale" for an invoice paid in Stripe.

import type {
  ChargeResultView,
  InvoiceDetailView,
  InvoiceRowView,
  InvoicesLoadState,
  InvoicesQuery,
  InvoicesView,
} from '../../common/contract/invoices';
import type { StripeMode } from '../../common/stripe-keys';
import { UserFacingError } from '../domain/user-facing-error';
import { explainStripeFailure } from '../stripe/stripe-errors';
import { ThreescaleError } from '../threescale/threescale-client';
import type { ChargeTarget } from './charge-step';
import { money, paymentView, PaymentIndex, summarise, toRow, type InvoiceFacts } from './invoice-join';
import { loadInvoices, type LoadedInvoices } from './invoice-loader';
import type { SessionFactory } from './invoices-session';
import { cardOf } from './retry-plan';
import { adminInvoiceUrl } from './invoice-links';
import { markPaidInThreescale } from './mark-paid';
import { ChargeNotStarted, chargeWithJournal, EarlierChargeUnsettled, NO_ANSWER_MESSAGE, UnsettledCharge, writeFinanceLog, type FinanceLogPort } from './journaled-charge';
import { JournalWriteError, type RunJournal } from './run-journal';
import type { StripePayment } from './stripe-payments';
import type { BillingInvoice, BillingTransaction } from './threescale-billing';

export interface InvoicesScreenDeps {
  sessions: SessionFactory;
  journal: RunJournal;
  activeMode: () => StripeMode;
  providerId: () => string;
  now?: () => Date;
  onLoadChange?: (state: InvoicesLoadState) => void;
  financeLog?: FinanceLogPort;
}

export function failureMessage(error: unknown, mode: StripeMode, timeoutMs: number): string {
  if (error instanceof UserFacingError || error instanceof ThreescaleError) return error.message;
  const kind = (error as { type?: unknown } | null)?.type;
  if (typeof kind === 'string' && kind.startsWith('Stripe')) return explainStripeFailure(error, { setName: `${mode} mode`, timeoutMs }).message;
  return 'Something went wrong; nothing was changed. Try again.';
}

const EMPTY_QUERY: InvoicesQuery = { month: null, state: null, search: '' };

export class InvoicesScreen {
  private loaded: LoadedInvoices | null = null;
  /** False while `loaded` holds the rows of a load that has not finished (still loading, cancelled or failed part way). */
  private loadedWhole = false;
  private loadedMode: StripeMode | null = null;
  private query: InvoicesQuery = EMPTY_QUERY;
  private status: InvoicesView['status'] = 'idle';
  private progress: InvoicesView['progress'] = null;
  private error: string | null = null;
  private controller: AbortController | null = null;
  private loadingMonth: string | null = null;
  private readonly now: () => Date;

  constructor(private readonly deps: InvoicesScreenDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get data(): LoadedInvoices | null {
    return this.loaded && this.loadedMode === this.deps.activeMode() ? this.loaded : null;
  }

  get currentQuery(): InvoicesQuery {
    return this.query;
  }

  facts(invoiceId: number): InvoiceFacts | null {
    const data = this.data;
    const loaded = data?.invoices.get(invoiceId);
    if (!data || !loaded) return null;
    const account = data.accounts.get(loaded.invoice.accountId) ?? null;
    const customers = data.customers.get(loaded.invoice.accountId) ?? new Set<string>();
    return { invoice: loaded.invoice, account, transactions: loaded.transactions, payments: data.index.forInvoice(loaded.invoice, loaded.transactions, customers) };
  }

  target(invoiceId: number): ChargeTarget | null {
    const data = this.data;
    const loaded = data?.invoices.get(invoiceId);
    const facts = this.facts(invoiceId);
    if (!data || !loaded || !facts) return null;
    const row = toRow(facts, this.now());
    return {
      invoiceId,
      friendlyId: loaded.invoice.friendlyId,
      accountId: loaded.invoice.accountId,
      organisation: row.organisation,
      total: row.total,
      month: data.month,
      listPage: loaded.listPage,
      paymentsSince: data.paymentsSince,
      customers: [...(data.customers.get(loaded.invoice.accountId) ?? [])],
    };
  }

  /** The rows the query selects. */
  rows(query: InvoicesQuery = this.query): InvoiceRowView[] {
    const data = this.data;
    if (!data) return [];
    const today = this.now();
    const search = query.search.trim().toLowerCase();
    const rows: InvoiceRowView[] = [];
    for (const id of data.invoices.keys()) {
      const facts = this.facts(id);
      if (!facts) continue;
      if (query.state && facts.invoice.state !== query.state) continue;
      if (query.month && facts.invoice.month !== query.month) continue;
      if (search) {
        const haystack = `${facts.invoice.friendlyId} ${facts.invoice.id} ${facts.account?.orgName ?? ''}`.toLowerCase();
        if (!haystack.includes(search)) continue;
      }
      rows.push(toRow(facts, today));
    }
    return rows;
  }

  view(): InvoicesView {
    const rows = this.rows();
    let adminDomain: string | null = null;
    try {
      adminDomain = this.deps.sessions.session().adminDomain;
    } catch {
      adminDomain = null;
    }
    const data = this.data;
    return {
      mode: this.deps.activeMode(),
      status: this.status === 'idle' && data ? 'done' : this.status,
      progress: this.progress,
      // Only of the month asked for: an earlier month kept after a cancelled load is not what is shown.
      loadedAt: data && data.month === this.query.month ? data.loadedAt : null,
      partial: data !== null && !this.loadedWhole,
      query: this.query,
      rows,
      summary: summarise(rows),
      error: this.error,
      adminDomain,
    };
  }

  private tell(): void {
    this.deps.onLoadChange?.({ mode: this.deps.activeMode(), status: this.status, progress: this.progress, error: this.error });
  }

  /** Sets the query; (re)loads from 3scale and Stripe when the month changed, nothing is loaded, or `refresh`. */
  load(query: InvoicesQuery & { refresh?: boolean | undefined }): InvoicesView {
    const { refresh, ...plain } = query;
    const sameMonth = this.data !== null && this.data.month === plain.month;
    const loadingOther = this.status === 'loading' && this.loadingMonth !== plain.month;
    const backToWholeMonth = this.status === 'cancelled' && sameMonth && this.loadedWhole && this.query.month !== plain.month;
    this.query = plain;
    if (loadingOther) this.controller?.abort(new Error('Another month was asked for'));
    else if (this.status === 'loading' || (sameMonth && !refresh)) {
      // Back from a month whose load was cancelled to the month loaded whole before it.
      if (backToWholeMonth) this.status = 'done';
      return this.view();
    }
    const session = this.deps.sessions.session();
    const controller = new AbortController();
    this.controller = controller;
    this.loadingMonth = plain.month;
    this.status = 'loading';
    this.error = null;
    this.progress = { stage: 'invoices', done: 0, total: null, requests: 0 };
    this.tell();
    void loadInvoices(plain.month, {
      billing: session.billing,
      payments: session.payments,
      threescale: session.threescaleGate,
      providerId: this.deps.providerId(),
      signal: controller.signal,
      now: this.now,
      onPartial: (partial) => {
        if (this.controller !== controller) return;
        this.loaded = partial;
        this.loadedWhole = false;
        this.loadedMode = session.mode;
      },
      onProgress: (progress) => {
        if (this.controller !== controller) return; // cancelled, or replaced by a load of another month
        this.progress = progress;
        this.tell();
      },
    }).then(
      (loaded) => {
        if (this.controller !== controller) return; // replaced by a load of another month
        this.loaded = loaded;
        this.loadedWhole = true;
        this.loadedMode = session.mode;
        this.status = 'done';
        this.progress = null;
        this.controller = null;
        this.tell();
      },
      (error: unknown) => {
        if (this.controller !== controller) return;
        this.controller = null;
        this.progress = null;
        this.status = controller.signal.aborted ? 'cancelled' : 'failed';
        this.error = controller.signal.aborted ? null : failureMessage(error, session.mode, this.deps.sessions.tuning.timeoutMs ?? 30_000);
        this.tell();
      },
    );
    return this.view();
  }

  /**
   * "Cancel loading": ends the load now (requests on their way are dropped as they come
   * back). What was read stays shown, marked partial, and refuses charges and plans.
   */
  cancelLoad(): InvoicesView {
    const controller = this.controller;
    if (this.status !== 'loading' || !controller) return this.view();
    this.controller = null;
    controller.abort(new Error('Cancelled by the user'));
    this.status = 'cancelled';
    this.progress = null;
    this.error = null;
    this.loadingMonth = null;
    this.tell();
    return this.view();
  }

  /** Charges and plans wait for a whole load: 3scale's transactions name the payments to check. */
  requireLoaded(): void {
    if (this.status === 'loading') throw new UserFacingError('invalid_input', 'The invoices are still loading; wait until the load has finished.');
    if (this.data && !this.loadedWhole) {
      const why = this.status === 'cancelled' ? 'Loading the invoices was cancelled before it finished' : 'The last load of the invoices did not finish';
      throw new UserFacingError('invalid_input', `${why}, so what is shown may be incomplete and nothing was charged. Reload the month first.`);
    }
  }

  private requireTarget(invoiceId: number): ChargeTarget {
    const target = this.target(invoiceId);
    if (!target) throw new UserFacingError('invalid_input', `Invoice ${invoiceId} is not among the loaded invoices; load its month first.`);
    return target;
  }

  async detail(invoiceId: number): Promise<InvoiceDetailView> {
    const target = this.requireTarget(invoiceId);
    const session = this.deps.sessions.session();
    const run3 = <T>(send: () => Promise<T>) => session.threescaleGate.run(send, 'read');
    const [invoice, lineItems, transactions, account] = await Promise.all([
      run3(() => session.billing.invoice(invoiceId)),
      run3(() => session.billing.lineItems(invoiceId)),
      run3(() => session.billing.transactions(invoiceId)),
      run3(() => session.billing.account(target.accountId)),
    ]);
    const stripeNow = await session.step.stripeSide(target);
    const index = new PaymentIndex(stripeNow);
    for (const t of transactions) {
      if (t.reference?.startsWith('pi_') && !index.get(t.reference)) {
        const payment = await session.payments.retrieve(t.reference);
        if (payment) index.add(payment);
      }
    }
    this.remember(invoiceId, invoice, transactions, [...stripeNow, ...transactions.flatMap((t) => (t.reference ? [index.get(t.reference)] : []))]);
    const facts = this.facts(invoiceId);
    if (!facts) throw new UserFacingError('invalid_input', `Invoice ${invoiceId} is no longer loaded.`);
    const row = toRow({ ...facts, account }, this.now());
    return {
      row,
      lineItems: lineItems.map((item) => ({ ...item, cost: money(item.cost, invoice.currency) })),
      attempts: transactions.map((t) => {
        const payment = t.reference ? index.get(t.reference) : undefined;
        return {
          transactionId: t.id,
          createdAt: t.createdAt,
          success: t.success,
          message: t.message,
          amount: money(t.amount, t.currency || invoice.currency),
          reference: t.reference,
          paymentIntent: payment ? paymentView(payment) : null,
        };
      }),
      card: cardOf({ ...facts, account }),
    };
  }

  /** Keeps what was just read of one invoice, so that its row shows it. */
  private remember(invoiceId: number, invoice: BillingInvoice, transactions: BillingTransaction[], payments: readonly (StripePayment | undefined)[]): void {
    const data = this.data;
    const loaded = data?.invoices.get(invoiceId);
    if (!data || !loaded) return;
    loaded.invoice = invoice;
    loaded.transactions = transactions;
    for (const payment of payments) {
      if (!payment) continue;
      data.index.add(payment);
      if (payment.customer) {
        const set = data.customers.get(loaded.invoice.accountId) ?? new Set<string>();
        set.add(payment.customer);
        data.customers.set(loaded.invoice.accountId, set);
      }
    }
  }

  private async refreshOne(invoiceId: number): Promise<InvoiceRowView | null> {
    const target = this.target(invoiceId);
    if (!target) return null;
    const session = this.deps.sessions.session();
    const [invoice, transactions, payments] = await Promise.all([
      session.threescaleGate.run(() => session.billing.invoice(invoiceId), 'read'),
      session.threescaleGate.run(() => session.billing.transactions(invoiceId), 'read'),
      session.step.stripeSide(target),
    ]);
    this.remember(invoiceId, invoice, transactions, payments);
    const facts = this.facts(invoiceId);
    return facts ? toRow(facts, this.now()) : null;
  }

  /** "Charge now", after the user confirmed: checked right before, journaled, then charged through 3scale. */
  async charge(invoiceId: number): Promise<ChargeResultView> {
    const { inFlight } = this.deps.journal;
    if (!inFlight.claim(invoiceId)) {
      const friendly = this.target(invoiceId)?.friendlyId ?? String(invoiceId);
      throw new UserFacingError('invalid_input', `Invoice ${friendly} is being charged right now (by a retry run or another "Charge now"); nothing more was sent. Wait for that charge to finish.`);
    }
    try {
      return await this.chargeClaimed(invoiceId);
    } finally {
      inFlight.release(invoiceId);
    }
  }

  private async chargeClaimed(invoiceId: number): Promise<ChargeResultView> {
    this.requireLoaded();
    const target = this.requireTarget(invoiceId);
    const facts = this.facts(invoiceId);
    const row = facts ? toRow(facts, this.now()) : null;
    if (row?.exclusion) throw new UserFacingError('invalid_input', `Invoice ${row.friendlyId} cannot be charged: ${row.exclusion.detail}`);
    const session = this.deps.sessions.session();
    const { journal } = this.deps;
    let outcome: Awaited<ReturnType<typeof chargeWithJournal>>;
    try {
      // Settles first every earlier charge of unknown outcome, a run's as well as single ones.
      outcome = await chargeWithJournal(
        {
          step: session.step,
          journal,
          mode: session.mode,
          financeLog: this.deps.financeLog,
          // The user confirmed this charge in this mode: a switch meanwhile sends nothing.
          stillWanted: () => this.deps.activeMode() === session.mode,
        },
        journal.singleLog,
        target,
        true,
      );
    } catch (error) {
      if (error instanceof EarlierChargeUnsettled) throw new UserFacingError('invalid_input', `${error.message} Try again in a moment.`);
      if (error instanceof ChargeNotStarted) {
        throw new UserFacingError('invalid_input', `The app switched to ${this.deps.activeMode()} mode before invoice ${target.friendlyId} was charged in ${session.mode} mode; nothing was charged.`);
      }
      // Thrown before this charge was sent (its own lines after the send never throw).
      if (error instanceof JournalWriteError) {
        throw new UserFacingError('invalid_input', `${error.message}, so nothing was charged. Free some disk space or fix the permissions of ${journal.directory}, then try again.`);
      }
      if (!(error instanceof UnsettledCharge)) throw error;
      return {
        invoiceId,
        outcome: 'failed',
        message: error.noAnswer
          ? `${NO_ANSWER_MESSAGE}; do not charge this invoice elsewhere meanwhile.`
          : 'Sent, but neither 3scale nor Stripe could be read to know the outcome. It is checked again before any other charge; do not charge this invoice elsewhere meanwhile.',
        row,
      };
    }
    const { result, charged } = outcome;
    let note = '';
    try {
      journal.result(journal.singleLog, invoiceId, result, charged);
      if (charged) {
        const failed = writeFinanceLog(this.deps.financeLog, {
          summary: `Charged invoice ${target.friendlyId} (${target.organisation ?? `account ${target.accountId}`}) in ${session.mode} mode: ${result.message}`,
          changes: [{ field: `invoice ${target.friendlyId}`, from: facts?.invoice.state ?? 'unpaid', to: result.status + (result.paymentIntentId ? ` (${result.paymentIntentId})` : '') }],
        });
        if (failed) note = ` (${failed})`;
      }
    } catch (error) {
      if (!(error instanceof JournalWriteError)) throw error;
      // The charge happened; its send stays open in the journal and is settled (and logged) before the next one.
      note = ` (${error.message}: it is checked again with 3scale and Stripe, and logged, before the next charge)`;
    }
    const shown = result.status === 'paid' || result.status === 'declined' || result.status === 'needs_action' || result.status === 'skipped' ? result.status : 'failed';
    return { invoiceId, outcome: shown, message: result.message + note, row: await this.refreshOne(invoiceId).catch(() => row) };
  }

  /** "Mark as paid in 3scale" (mark-paid.ts), with the row read again afterwards. */
  markPaid(invoiceId: number, paymentIntentId: string): Promise<ChargeResultView> {
    return markPaidInThreescale(
      { target: this.requireTarget(invoiceId), session: this.deps.sessions.session(), financeLog: this.deps.financeLog, refresh: () => this.refreshOne(invoiceId) },
      paymentIntentId,
    );
  }

  /** The connected admin portal's host, the only one its links may open. */
  adminDomain(): string {
    return this.deps.sessions.session().adminDomain;
  }

  adminUrl(invoiceId: number): string {
    const session = this.deps.sessions.session();
    return adminInvoiceUrl(session.adminDomain, invoiceId);
  }
}
