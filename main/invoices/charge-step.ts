// One invoice's charge, in the steps that keep it from ever happening twice:
//   check   — right before: 3scale's state of the invoice (re-read) and the invoice's
//             PaymentIntents in Stripe (read now); skip if paid meanwhile anywhere;
//   send    — POST charge.json through 3scale (3scale creates or re-confirms the PaymentIntent);
//   outcome — what Stripe says of the attempt (decline code, authentication needed);
//   reconcile — when no answer came (crash, timeout, 5xx): read 3scale and Stripe again,
//             after the request had time to finish, and tell whether it charged, failed,
//             or never happened (only then may it be sent again).

import type { Money, RunItemStatus } from '../../common/contract/invoices';
import { declineText, needsAuthentication } from './decline-words';
import { CHARGEABLE_STATES, IN_PROGRESS_STATUSES } from './exclusions';
import type { ServiceGate } from './service-gate';
import type { StripePayment, StripePayments } from './stripe-payments';
import type { BillingInvoice, ChargeAnswer, ThreescaleBilling } from './threescale-billing';
import { PAGE_SIZE } from './threescale-billing';
import { sleep } from '../shared/backoff';
import { ThreescaleError } from '../threescale/threescale-client';

/** What a run or a single charge needs to know of an invoice to charge it. */
export interface ChargeTarget {
  invoiceId: number;
  friendlyId: string;
  accountId: number;
  organisation: string | null;
  total: Money;
  /** The listing the invoice was loaded from (month filter, page of 500): re-read in batches. */
  month: string | null;
  listPage: number;
  /** Unix seconds: the invoice's PaymentIntents are not older than this. */
  paymentsSince: number;
  /** Stripe customers known for the account. */
  customers: string[];
}

export type CheckResult = { kind: 'go'; before: string[] } | { kind: 'skip'; message: string };

export interface StepResult {
  status: RunItemStatus;
  message: string;
  paymentIntentId: string | null;
}

export type Reconciled = StepResult | { status: 'not_sent' };

export interface ChargeStepDeps {
  billing: ThreescaleBilling;
  payments: StripePayments;
  threescale: ServiceGate;
  providerId: () => string;
  /** How old a re-read of 3scale's listing may be when an invoice is charged (default 5 s). */
  freshnessMs?: number;
  /** How long a request whose answer was lost may still be running in 3scale (default 5 s). */
  settleMs?: number;
  signal?: AbortSignal;
}

/** The invoice's PaymentIntents among a customer's: order_id, or the description's friendly id. */
export function paymentsOfInvoice(target: Pick<ChargeTarget, 'invoiceId' | 'friendlyId'>, payments: readonly StripePayment[]): StripePayment[] {
  return payments
    .filter(
      (p) =>
        p.orderId === String(target.invoiceId) ||
        (p.description !== null && p.description.trim().split(/\s+/).pop() === target.friendlyId),
    )
    .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

function inProgressMessage(status: string): string {
  return `A payment is in progress in Stripe (status ${status}); not charged again`;
}

function fingerprint(payments: readonly StripePayment[]): string[] {
  return payments.map((p) => `${p.id}:${p.status}:${p.latestCharge ?? ''}`);
}

export function describeFailure(payment: StripePayment | null, fallback: string): StepResult {
  if (!payment) return { status: 'failed', message: fallback, paymentIntentId: null };
  if (payment.status === 'succeeded') return { status: 'paid', message: 'Paid', paymentIntentId: payment.id };
  if (needsAuthentication(payment.declineCode, payment.status)) {
    return { status: 'needs_action', message: 'Needs authentication: the developer must authenticate this payment', paymentIntentId: payment.id };
  }
  if (IN_PROGRESS_STATUSES.has(payment.status)) return { status: 'skipped', message: inProgressMessage(payment.status), paymentIntentId: payment.id };
  const words = declineText(payment.declineCode) ?? payment.errorMessage ?? payment.status.replace(/_/g, ' ');
  return { status: 'declined', message: `Declined: ${words}`, paymentIntentId: payment.id };
}

/** A 404 of the invoice itself: it was deleted in 3scale (null); anything else is thrown. */
function goneIs404(error: unknown): null {
  if (error instanceof ThreescaleError && error.status === 404) return null;
  throw error;
}

export class ChargeStep {
  private readonly pages = new Map<string, { at: number; invoices: Promise<Map<number, BillingInvoice>> }>();
  private readonly customerCache = new Map<number, Promise<string | null>>();
  private readonly freshnessMs: number;
  readonly settleMs: number;

  constructor(private readonly deps: ChargeStepDeps) {
    this.freshnessMs = deps.freshnessMs ?? 5000;
    this.settleMs = deps.settleMs ?? 5000;
  }

  /** 3scale's invoice now: from a re-read of its listing page shared by the invoices charged together, or alone. */
  async currentInvoice(target: ChargeTarget, alone = false): Promise<BillingInvoice> {
    const { billing, threescale, signal } = this.deps;
    if (!alone) {
      const key = `${target.month ?? '*'}|${target.listPage}`;
      let entry = this.pages.get(key);
      if (!entry || performance.now() - entry.at > this.freshnessMs) {
        const read = threescale
          .run(() => billing.invoicePage(target.month, target.listPage, PAGE_SIZE), 'read', signal)
          .then((page) => new Map(page.invoices.map((invoice) => [invoice.id, invoice])));
        entry = { at: performance.now(), invoices: read };
        this.pages.set(key, entry);
        read.catch(() => this.pages.delete(key));
      }
      const found = (await entry.invoices).get(target.invoiceId);
      if (found) return found;
    }
    return threescale.run(() => billing.invoice(target.invoiceId), 'read', signal);
  }

  private customersOf(target: ChargeTarget): Promise<string[]> {
    if (target.customers.length > 0) return Promise.resolve(target.customers);
    let cached = this.customerCache.get(target.accountId);
    if (!cached) {
      cached = this.deps.payments.customerFor(`3scale-${this.deps.providerId()}-${target.accountId}`);
      this.customerCache.set(target.accountId, cached);
      cached.catch(() => this.customerCache.delete(target.accountId));
    }
    return cached.then((id) => (id ? [id] : []));
  }

  /** The invoice's PaymentIntents in Stripe now. */
  async stripeSide(target: ChargeTarget): Promise<StripePayment[]> {
    const customers = await this.customersOf(target);
    const all: StripePayment[] = [];
    for (const customer of customers) all.push(...(await this.deps.payments.forCustomer(customer, target.paymentsSince)));
    return paymentsOfInvoice(target, all);
  }

  async check(target: ChargeTarget, alone = false): Promise<CheckResult> {
    const [invoice, payments] = await Promise.all([this.currentInvoice(target, alone), this.stripeSide(target)]);
    if (invoice.state === 'paid') return { kind: 'skip', message: 'Skipped: paid in 3scale meanwhile' };
    if (!CHARGEABLE_STATES.includes(invoice.state)) return { kind: 'skip', message: `Skipped: the invoice is ${invoice.state} in 3scale now` };
    const succeeded = payments.find((p) => p.status === 'succeeded');
    if (succeeded) return { kind: 'skip', message: `Skipped: paid in Stripe (${succeeded.id}); mark it as paid in 3scale` };
    const inProgress = payments.find((p) => IN_PROGRESS_STATUSES.has(p.status));
    if (inProgress) return { kind: 'skip', message: `Skipped: a payment is in progress in Stripe (status ${inProgress.status}, ${inProgress.id})` };
    return { kind: 'go', before: fingerprint(payments) };
  }

  /** POST charge.json; a 429 is retried by the gate (nothing was done), anything else unanswered is thrown. */
  send(target: ChargeTarget): Promise<ChargeAnswer> {
    const { billing, threescale, signal } = this.deps;
    return threescale.run(() => billing.charge(target.invoiceId), 'write', signal);
  }

  /** What the answer means, with Stripe's reason for a failed attempt. */
  async outcome(target: ChargeTarget, answer: ChargeAnswer): Promise<StepResult> {
    switch (answer.kind) {
      case 'paid':
        return { status: 'paid', message: 'Paid', paymentIntentId: null };
      case 'not_chargeable':
        return { status: 'skipped', message: 'Skipped: 3scale says the invoice is not chargeable now (paid or cancelled meanwhile)', paymentIntentId: null };
      case 'failed': {
        // 3scale answered that the charge failed; Stripe only adds the reason, if it can be read.
        const payments = await this.stripeSide(target).catch(() => null);
        const newest = payments?.[payments.length - 1] ?? null;
        return describeFailure(newest, `Failed: ${answer.message}`);
      }
    }
  }

  /**
   * A charge whose answer never came, sent at `sentAt` (epoch ms) when Stripe held `before`:
   * waits until it cannot be running any more, then reads both sides.
   */
  async reconcile(target: ChargeTarget, before: readonly string[], sentAt: number): Promise<Reconciled> {
    const wait = sentAt + this.settleMs - Date.now();
    if (wait > 0) await sleep(wait, this.deps.signal);
    const [invoice, payments] = await Promise.all([this.currentInvoice(target, true).catch(goneIs404), this.stripeSide(target)]);
    const succeeded = payments.find((p) => p.status === 'succeeded');
    if (invoice?.state === 'paid' || succeeded) {
      return { status: 'paid', message: 'Paid (confirmed after the answer was lost)', paymentIntentId: succeeded?.id ?? null };
    }
    const now = fingerprint(payments);
    const changed = now.length !== before.length || now.some((entry, i) => entry !== before[i]);
    const inProgress = payments.find((p) => IN_PROGRESS_STATUSES.has(p.status));
    if (changed) return describeFailure(inProgress ?? payments[payments.length - 1] ?? null, 'Failed');
    // Deleted in 3scale and nothing in Stripe: it cannot be charged any more, by anyone.
    if (!invoice) return { status: 'skipped', message: 'Skipped: the invoice no longer exists in 3scale', paymentIntentId: null };
    if (!CHARGEABLE_STATES.includes(invoice.state)) return { status: 'skipped', message: `Skipped: the invoice is ${invoice.state} in 3scale now`, paymentIntentId: null };
    return { status: 'not_sent' };
  }
}

