// 3scale's invoices joined with Stripe's PaymentIntents: which payments belong to which
// invoice (the transactions' references, metadata.order_id, and the customer's
// PaymentIntents whose description ends with the friendly id), the row the screen shows,
// and the summary per currency. Pure: the loader and the run feed it what they read.

import type { CurrencySummary, InvoiceRowView, Money, PaymentIntentView } from '../../common/contract/invoices';
import { declineText, needsAuthentication } from './decline-words';
import { exclusionFor } from './exclusions';
import type { InvoiceFacts } from './invoice-facts';
import type { BillingInvoice, BillingTransaction } from './threescale-billing';
import type { StripePayment } from './stripe-payments';
import { currencyExponent, toMinor } from '../shared/currency-units';

export { currencyExponent, toMinor };
export type { InvoiceFacts };

export function money(amount: number, currency: string): Money {
  return { amountMinor: toMinor(amount, currency), currency };
}

export function paymentView(payment: StripePayment): PaymentIntentView {
  return {
    id: payment.id,
    status: payment.status,
    amount: { amountMinor: payment.amount, currency: payment.currency },
    created: payment.created,
    card: payment.card,
    declineCode: payment.declineCode,
    declineText: declineText(payment.declineCode),
    description: payment.description,
  };
}

/**
 * Index of Stripe's PaymentIntents for matching them to invoices. A 3scale transaction's
 * reference is ActiveMerchant's authorization: the PaymentIntent id when the charge succeeded,
 * but the charge id (error.charge) when the card was declined — found by the latest charge.
 */
export class PaymentIndex {
  private readonly byId = new Map<string, StripePayment>();
  private readonly byLatestCharge = new Map<string, StripePayment>();
  private readonly byOrderId = new Map<string, StripePayment[]>();
  private readonly byFriendlyTail = new Map<string, StripePayment[]>();

  constructor(payments: Iterable<StripePayment> = []) {
    for (const payment of payments) this.add(payment);
  }

  add(payment: StripePayment): void {
    this.byId.set(payment.id, payment);
    if (payment.latestCharge) this.byLatestCharge.set(payment.latestCharge, payment);
    if (payment.orderId) push(this.byOrderId, payment.orderId, payment);
    // 3scale's description: "<provider name> API services <friendly id>" — the last word.
    const tail = payment.description?.trim().split(/\s+/).pop();
    if (tail) push(this.byFriendlyTail, tail, payment);
  }

  all(): IterableIterator<StripePayment> {
    return this.byId.values();
  }

  /** By PaymentIntent id, or by the id of its latest charge (a declined attempt's reference in 3scale). */
  get(id: string): StripePayment | undefined {
    return this.byId.get(id) ?? this.byLatestCharge.get(id);
  }

  /**
   * The invoice's PaymentIntents: those its transactions reference, those with its id as
   * order_id, and those of its customer whose description ends with its friendly id.
   */
  forInvoice(invoice: BillingInvoice, transactions: BillingTransaction[] | null, customers: ReadonlySet<string>): StripePayment[] {
    const found = new Map<string, StripePayment>();
    for (const t of transactions ?? []) {
      const payment = t.reference ? this.get(t.reference) : undefined;
      if (payment) found.set(payment.id, payment);
    }
    for (const payment of this.byOrderId.get(String(invoice.id)) ?? []) {
      if (payment.description === null || payment.description.trim().endsWith(invoice.friendlyId)) found.set(payment.id, payment);
    }
    for (const payment of this.byFriendlyTail.get(invoice.friendlyId) ?? []) {
      if (payment.customer !== null && customers.has(payment.customer)) found.set(payment.id, payment);
    }
    return [...found.values()].sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/** The Stripe customers known for each developer account, from the PaymentIntents 3scale's transactions reference. */
export function customersByAccount(
  invoices: Iterable<{ invoice: BillingInvoice; transactions: BillingTransaction[] | null }>,
  index: PaymentIndex,
): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const { invoice, transactions } of invoices) {
    const refs = (transactions ?? []).map((t) => (t.reference ? index.get(t.reference) : undefined));
    const byOrder = index.forInvoice(invoice, null, new Set());
    for (const payment of [...refs, ...byOrder]) {
      if (!payment?.customer) continue;
      const set = out.get(invoice.accountId) ?? new Set<string>();
      set.add(payment.customer);
      out.set(invoice.accountId, set);
    }
  }
  return out;
}

/** The newest succeeded PaymentIntent of an invoice 3scale does not call paid. */
export function paidInStripe(facts: InvoiceFacts): StripePayment | null {
  if (facts.invoice.state === 'paid') return null;
  const succeeded = facts.payments.filter((p) => p.status === 'succeeded');
  return succeeded[succeeded.length - 1] ?? null;
}

/** The PaymentIntent of the last attempt: the last transaction's reference, else the newest. */
export function lastPayment(facts: InvoiceFacts): StripePayment | null {
  const transactions = facts.transactions ?? [];
  for (let i = transactions.length - 1; i >= 0; i -= 1) {
    const reference = transactions[i]?.reference;
    const payment = reference ? facts.payments.find((p) => p.id === reference || p.latestCharge === reference) : undefined;
    if (payment) return payment;
  }
  return facts.payments[facts.payments.length - 1] ?? null;
}

export function toRow(facts: InvoiceFacts, today: Date): InvoiceRowView {
  const { invoice, account, transactions } = facts;
  const last = lastPayment(facts);
  const paid = paidInStripe(facts);
  const open = invoice.state !== 'paid' && invoice.state !== 'cancelled';
  const lastTransaction = transactions?.[transactions.length - 1];
  return {
    id: invoice.id,
    friendlyId: invoice.friendlyId,
    accountId: invoice.accountId,
    organisation: account?.orgName ?? null,
    state: invoice.state,
    total: money(invoice.cost, invoice.currency),
    month: invoice.month,
    issuedOn: invoice.issuedOn,
    dueOn: invoice.dueOn,
    attempts: transactions ? transactions.length : facts.payments.length,
    lastMessage: lastTransaction?.message ?? last?.errorMessage ?? null,
    lastPayment: last ? paymentView(last) : null,
    paidInStripe: paid ? paymentView(paid) : null,
    // Any PaymentIntent waiting on the developer, as the plan's exclusion says, or the last attempt's decline.
    needsAction:
      open &&
      paid === null &&
      (facts.payments.some((p) => p.status === 'requires_action') || (last !== null && last.status !== 'succeeded' && needsAuthentication(last.declineCode, last.status))),
    exclusion: exclusionFor(facts, today),
  };
}

export function summarise(rows: readonly InvoiceRowView[]): CurrencySummary[] {
  const byCurrency = new Map<string, CurrencySummary>();
  for (const row of rows) {
    const currency = row.total.currency;
    let summary = byCurrency.get(currency);
    if (!summary) {
      summary = { currency, paidMinor: 0, failedMinor: 0, unpaidMinor: 0, needsActionMinor: 0, paidInStripeMinor: 0, count: 0 };
      byCurrency.set(currency, summary);
    }
    const amount = row.total.amountMinor;
    summary.count += 1;
    if (row.state === 'paid') summary.paidMinor += amount;
    if (row.state === 'failed') summary.failedMinor += amount;
    if (row.state === 'unpaid' || row.state === 'pending') summary.unpaidMinor += amount;
    if (row.needsAction) summary.needsActionMinor += amount;
    if (row.paidInStripe) summary.paidInStripeMinor += amount;
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
