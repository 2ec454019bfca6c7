// Builds a month of 3scale invoices and Stripe objects the way the two services leave them:
// each charge attempt is a PaymentIntent 3scale references from a payment transaction; a
// succeeded one has its charge and `charge` balance transaction (2.9% + 30¢), refunds and
// disputes have theirs, payouts group balance transactions. Times are days of October 2026, UTC.

import type { InvoiceState } from '../../../../common/contract/invoices';
import type {
  InvoiceInput,
  MonthEndInput,
  StripeBalanceTransactionInput,
  StripeChargeInput,
  StripeInput,
  StripeIntentInput,
} from '../../../../main/month-end/month-end-inputs';

export const MONTH = '2026-10';

/** Unix seconds of day `day` of October 2026 at `hour` UTC. */
export function at(day: number, hour = 12): number {
  return Date.UTC(2026, 9, day, hour) / 1000;
}

export function standardFee(amount: number): number {
  return Math.round(amount * 0.029) + 30;
}

export class MonthBuilder {
  readonly invoices: InvoiceInput[] = [];
  readonly stripe: StripeInput = { intents: [], charges: [], balanceTransactions: [], refunds: [], disputes: [], payouts: [] };
  private counter = 0;

  private id(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${String(this.counter).padStart(6, '0')}`;
  }

  invoice(fields: { id: number; state: InvoiceState; cost: number; currency?: string; organisation?: string; paidAt?: string }): InvoiceInput {
    const input: InvoiceInput = {
      invoice: {
        id: fields.id,
        friendlyId: `2026-10-${String(fields.id).padStart(8, '0')}`,
        accountId: 1000 + fields.id,
        state: fields.state,
        cost: fields.cost,
        currency: fields.currency ?? 'EUR',
        month: MONTH,
        paidAt: fields.paidAt ?? (fields.state === 'paid' ? '2026-10-02T10:00:00Z' : null),
      },
      organisation: fields.organisation ?? `Org ${fields.id}`,
      transactions: [],
    };
    this.invoices.push(input);
    return input;
  }

  /**
   * One charge attempt by 3scale: a PaymentIntent (amount/currency default to the invoice's)
   * and the payment transaction that references it (unless `recorded: false`, the webhook lost).
   */
  attempt(
    invoice: InvoiceInput,
    fields: { when: number; outcome: 'succeeded' | 'declined' | 'requires_action'; amountMinor?: number; currency?: string; recorded?: boolean },
  ): { intent: StripeIntentInput; charge: StripeChargeInput | null; txn: StripeBalanceTransactionInput | null } {
    const currency = fields.currency ?? invoice.invoice.currency;
    const amount = fields.amountMinor ?? Math.round(invoice.invoice.cost * 100);
    const intent = this.intent({ amount, currency, when: fields.when, description: `Acme API services ${invoice.invoice.friendlyId}`, outcome: fields.outcome });
    if (fields.recorded !== false) {
      const transactions = (invoice.transactions ??= []);
      transactions.push({
        id: transactions.length + 1 + invoice.invoice.id * 100,
        createdAt: new Date(fields.when * 1000).toISOString(),
        success: fields.outcome === 'succeeded',
        message: fields.outcome === 'succeeded' ? 'Transaction approved' : fields.outcome === 'declined' ? 'Your card was declined.' : 'authentication_required',
        amount: amount / 100,
        currency: currency.toUpperCase(),
        reference: intent.intent.id,
      });
    }
    return intent;
  }

  /** A PaymentIntent with its charge (and balance transaction when it succeeded). */
  intent(fields: {
    amount: number;
    currency: string;
    when: number;
    description: string | null;
    outcome: 'succeeded' | 'declined' | 'requires_action';
    orderId?: string;
  }): { intent: StripeIntentInput; charge: StripeChargeInput | null; txn: StripeBalanceTransactionInput | null } {
    const intent: StripeIntentInput = {
      id: this.id('pi'),
      status: fields.outcome === 'succeeded' ? 'succeeded' : fields.outcome === 'declined' ? 'requires_payment_method' : 'requires_action',
      amount: fields.amount,
      currency: fields.currency.toLowerCase(),
      created: fields.when,
      customer: 'cus_1',
      description: fields.description,
      orderId: fields.orderId ?? null,
      errorCode: fields.outcome === 'declined' ? 'insufficient_funds' : fields.outcome === 'requires_action' ? 'authentication_required' : null,
    };
    this.stripe.intents.push(intent);
    if (fields.outcome === 'requires_action') return { intent, charge: null, txn: null };
    const chargeId = this.id('ch');
    let txn: StripeBalanceTransactionInput | null = null;
    if (fields.outcome === 'succeeded') {
      txn = this.transaction({ amount: fields.amount, fee: standardFee(fields.amount), currency: intent.currency, when: fields.when, category: 'charge', source: chargeId });
    }
    const charge: StripeChargeInput = {
      id: chargeId,
      paymentIntent: intent.id,
      amount: fields.amount,
      currency: intent.currency,
      created: fields.when,
      status: fields.outcome === 'succeeded' ? 'succeeded' : 'failed',
      balanceTransaction: txn?.id ?? null,
    };
    this.stripe.charges.push(charge);
    return { intent, charge, txn };
  }

  transaction(fields: { amount: number; fee: number; currency: string; when: number; category: string; source: string }): StripeBalanceTransactionInput {
    const txn: StripeBalanceTransactionInput = {
      id: this.id('txn'),
      amount: fields.amount,
      fee: fields.fee,
      net: fields.amount - fields.fee,
      currency: fields.currency,
      created: fields.when,
      availableOn: fields.when + 2 * 86_400,
      reportingCategory: fields.category,
      source: fields.source,
      payout: null,
    };
    this.stripe.balanceTransactions.push(txn);
    return txn;
  }

  refund(charge: StripeChargeInput, amount: number, when: number): StripeBalanceTransactionInput {
    const id = this.id('re');
    const txn = this.transaction({ amount: -amount, fee: 0, currency: charge.currency, when, category: 'refund', source: id });
    this.stripe.refunds.push({ id, charge: charge.id, amount, currency: charge.currency, created: when, status: 'succeeded', balanceTransaction: txn.id });
    return txn;
  }

  dispute(charge: StripeChargeInput, status: 'won' | 'lost' | 'needs_response', when: number, closedAt = when + 10 * 86_400): StripeBalanceTransactionInput[] {
    const id = this.id('dp');
    const txns = [this.transaction({ amount: -charge.amount, fee: 1500, currency: charge.currency, when, category: 'dispute', source: id })];
    if (status === 'won') txns.push(this.transaction({ amount: charge.amount, fee: -1500, currency: charge.currency, when: closedAt, category: 'dispute_reversal', source: id }));
    this.stripe.disputes.push({ id, charge: charge.id, amount: charge.amount, currency: charge.currency, created: when, status, balanceTransactions: txns.map((t) => t.id) });
    return txns;
  }

  payout(currency: string, txns: StripeBalanceTransactionInput[], arrivalDate: number): string {
    const id = this.id('po');
    for (const txn of txns) txn.payout = id;
    this.stripe.payouts.push({ id, amount: txns.reduce((sum, t) => sum + t.net, 0), currency, created: arrivalDate - 86_400, arrivalDate, status: 'paid' });
    return id;
  }

  input(): MonthEndInput {
    return { month: MONTH, invoices: this.invoices, stripe: this.stripe };
  }
}

/**
 * October 2026 with one invoice per case: EUR (every mismatch kind, refunds, disputes won and
 * lost, three attempts, outstanding), GBP (one matched by order_id only), JPY, and Stripe
 * payments no invoice claims. Payouts: the first week's EUR charge transactions, and GBP's.
 */
export function octoberScenario() {
  const b = new MonthBuilder();
  const collected = b.invoice({ id: 1, state: 'paid', cost: 40 });
  const c1 = b.attempt(collected, { when: at(1), outcome: 'succeeded' });
  const byHand = b.invoice({ id: 2, state: 'paid', cost: 50 });
  const stripeOnly = b.invoice({ id: 3, state: 'unpaid', cost: 30 });
  b.attempt(stripeOnly, { when: at(2), outcome: 'requires_action' });
  // The developer authenticated later; the webhook to 3scale failed: no transaction records it.
  b.attempt(stripeOnly, { when: at(3), outcome: 'succeeded', recorded: false });
  const short = b.invoice({ id: 4, state: 'paid', cost: 100 });
  b.attempt(short, { when: at(2), outcome: 'succeeded', amountMinor: 9_000 });
  const otherCurrency = b.invoice({ id: 5, state: 'paid', cost: 20 });
  b.attempt(otherCurrency, { when: at(2), outcome: 'succeeded', currency: 'USD' });
  const refunded = b.invoice({ id: 6, state: 'paid', cost: 60 });
  const c6 = b.attempt(refunded, { when: at(3), outcome: 'succeeded' });
  const r6a = c6.charge ? b.refund(c6.charge, 1_500, at(8)) : null;
  const r6b = c6.charge ? b.refund(c6.charge, 500, at(9)) : null;
  const lost = b.invoice({ id: 7, state: 'paid', cost: 80 });
  const c7 = b.attempt(lost, { when: at(5), outcome: 'succeeded' });
  const d7 = c7.charge ? b.dispute(c7.charge, 'lost', at(12)) : [];
  const won = b.invoice({ id: 8, state: 'paid', cost: 70 });
  const c8 = b.attempt(won, { when: at(6), outcome: 'succeeded' });
  const d8 = c8.charge ? b.dispute(c8.charge, 'won', at(13), at(20)) : [];
  const threeAttempts = b.invoice({ id: 9, state: 'paid', cost: 25 });
  b.attempt(threeAttempts, { when: at(1, 6), outcome: 'declined' });
  b.attempt(threeAttempts, { when: at(4, 6), outcome: 'declined' });
  const c9 = b.attempt(threeAttempts, { when: at(7, 6), outcome: 'succeeded' });
  const failed = b.invoice({ id: 10, state: 'failed', cost: 45 });
  b.attempt(failed, { when: at(1, 7), outcome: 'declined' });
  b.attempt(failed, { when: at(4, 7), outcome: 'declined' });
  const needsAction = b.invoice({ id: 11, state: 'unpaid', cost: 35 });
  b.attempt(needsAction, { when: at(1, 8), outcome: 'requires_action' });
  const pending = b.invoice({ id: 12, state: 'pending', cost: 10 });
  const cancelled = b.invoice({ id: 13, state: 'cancelled', cost: 5 });
  const twice = b.invoice({ id: 14, state: 'paid', cost: 12 });
  const c14a = b.attempt(twice, { when: at(2, 9), outcome: 'succeeded' });
  const c14b = b.attempt(twice, { when: at(2, 10), outcome: 'succeeded' });
  const gbp = b.invoice({ id: 15, state: 'paid', cost: 30, currency: 'GBP' });
  const c15 = b.attempt(gbp, { when: at(9), outcome: 'succeeded' });
  const byOrderId = b.invoice({ id: 16, state: 'paid', cost: 40, currency: 'GBP' });
  const c16 = b.intent({ amount: 4_000, currency: 'gbp', when: at(9, 13), description: 'charge', outcome: 'succeeded', orderId: '16' });
  const jpy = b.invoice({ id: 17, state: 'paid', cost: 5000, currency: 'JPY' });
  const c17 = b.attempt(jpy, { when: at(15), outcome: 'succeeded', amountMinor: 5_000 });
  const consulting = b.intent({ amount: 9_900, currency: 'eur', when: at(10), description: 'Consulting, October', outcome: 'succeeded' });
  const otherMonth = b.intent({ amount: 1_100, currency: 'eur', when: at(11), description: 'Acme API services 2026-09-00000077', outcome: 'succeeded' });
  const lastMonth = b.intent({ amount: 4_200, currency: 'eur', when: Date.UTC(2026, 8, 30, 12) / 1000, description: 'September consulting', outcome: 'succeeded' });
  const firstWeek = [c1.txn, c9.txn, c14a.txn, c14b.txn].filter((t): t is StripeBalanceTransactionInput => t !== null);
  const eurPayout = b.payout('eur', firstWeek, at(12, 0));
  const gbpPayout = b.payout('gbp', [c15.txn, c16.txn].filter((t): t is StripeBalanceTransactionInput => t !== null), at(14, 0));
  return {
    b,
    invoices: { collected, byHand, stripeOnly, short, otherCurrency, refunded, lost, won, threeAttempts, failed, needsAction, pending, cancelled, twice, gbp, byOrderId, jpy },
    charges: { c1, c6, c7, c8, c9, c14a, c14b, c15, c16, c17 },
    refunds: { r6a, r6b },
    disputes: { d7, d8 },
    others: { consulting, otherMonth, lastMonth },
    payouts: { eurPayout, gbpPayout },
  };
}
