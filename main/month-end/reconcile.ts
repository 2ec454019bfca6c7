// The month's 3scale invoices matched with what Stripe did about them: which PaymentIntents
// belong to each invoice, what was collected, kept in fees, refunded, disputed and paid out,
// where each invoice stands, and what does not match — each kind its own list — plus the
// Stripe payments of the month that no invoice claims (other business, listed apart).
// Pure: the loader feeds it what it read.

import type { MismatchItem, MismatchKind, MonthEndRow, ReconciledStatus, UnmatchedPayment } from '../../common/contract/month-end';
import { formatMinor, monthBounds, toMinor } from './month-end-inputs';
import type { InvoiceInput, MonthEndInput, StripeBalanceTransactionInput, StripeChargeInput, StripeIntentInput } from './month-end-inputs';
import { descriptionTail, StripeIndex } from './stripe-index';

/** A charge attempt that failed, for the day chart. */
export interface FailedAttempt {
  /** Unix seconds. */
  at: number;
  amountMinor: number;
  currency: string;
}

export interface ReconciledInvoice {
  input: InvoiceInput;
  row: MonthEndRow;
  mismatches: MismatchItem[];
  /** The succeeded charges' balance transactions, then refunds' and disputes'. */
  transactions: StripeBalanceTransactionInput[];
  collectedCharges: StripeChargeInput[];
  failedAttempts: FailedAttempt[];
}

export interface Reconciliation {
  month: string;
  /** The month the invoices were charged in (see MonthEndInput.paymentsMonth). */
  paymentsMonth: string;
  invoices: ReconciledInvoice[];
  unmatchedPayments: UnmatchedPayment[];
  index: StripeIndex;
}

const FRIENDLY_ID = /^\d{4}-\d{2}-\d+$/;

/** Refunds that moved money (a failed or cancelled refund gave nothing back). */
const REFUND_COUNTS = new Set(['succeeded', 'pending', 'requires_action']);

/**
 * Each invoice's PaymentIntents: first those its transactions reference or that carry its id as
 * order_id; then, for PaymentIntents nobody claimed that way, a description ending with its
 * friendly id (of its own customers when they are known).
 */
function claimIntents(invoices: readonly InvoiceInput[], index: StripeIndex): Map<number, StripeIntentInput[]> {
  const claims = new Map<number, Map<string, StripeIntentInput>>();
  const claimed = new Set<string>();
  for (const { invoice, transactions } of invoices) {
    const found = new Map<string, StripeIntentInput>();
    for (const transaction of transactions ?? []) {
      const intent = transaction.reference ? index.intentFor(transaction.reference) : undefined;
      if (intent) found.set(intent.id, intent);
    }
    for (const intent of index.intentsByOrderId.get(String(invoice.id)) ?? []) found.set(intent.id, intent);
    for (const id of found.keys()) claimed.add(id);
    claims.set(invoice.id, found);
  }
  for (const { invoice, customerIds } of invoices) {
    const found = claims.get(invoice.id);
    if (!found) continue;
    const customers = customerIds ? new Set(customerIds) : null;
    for (const intent of index.intentsByTail.get(invoice.friendlyId) ?? []) {
      if (claimed.has(intent.id)) continue;
      if (customers && (intent.customer === null || !customers.has(intent.customer))) continue;
      found.set(intent.id, intent);
      claimed.add(intent.id);
    }
  }
  const out = new Map<number, StripeIntentInput[]>();
  for (const [invoiceId, found] of claims) out.set(invoiceId, [...found.values()].sort((a, b) => a.created - b.created || a.id.localeCompare(b.id)));
  return out;
}

function day(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

function needsAction(intent: StripeIntentInput | undefined): boolean {
  return intent !== undefined && (intent.status === 'requires_action' || intent.errorCode === 'authentication_required');
}

function reconcileInvoice(input: InvoiceInput, intents: StripeIntentInput[], index: StripeIndex): ReconciledInvoice {
  const { invoice } = input;
  const currency = invoice.currency.toUpperCase();
  const invoicedMinor = toMinor(invoice.cost, currency);
  const succeeded = intents.filter((intent) => intent.status === 'succeeded');

  // What was collected: the succeeded charges (a succeeded PaymentIntent whose charge was not read counts by its amount).
  const collectedCharges: StripeChargeInput[] = [];
  const collected: { amount: number; currency: string }[] = [];
  for (const intent of succeeded) {
    const charges = index.succeededCharges(intent.id);
    if (charges.length === 0) collected.push({ amount: intent.amount, currency: intent.currency.toUpperCase() });
    for (const charge of charges) {
      collectedCharges.push(charge);
      collected.push({ amount: charge.amount, currency: charge.currency.toUpperCase() });
    }
  }
  const collectedMinor = collected.reduce((sum, c) => sum + c.amount, 0);

  const transactions: StripeBalanceTransactionInput[] = [];
  let feeMinor = 0;
  let refundedMinor = 0;
  let disputedMinor = 0;
  const refundNotes: string[] = [];
  const disputeNotes: string[] = [];
  const disputes: MonthEndRow['disputes'] = [];
  for (const charge of collectedCharges) {
    // Stripe settles in the account's currency: a balance transaction in another currency than
    // the charge (a USD payment on a EUR account) is left out of this row's figures, which are
    // in the charge's currency; the totals count its fee in its own currency.
    const inChargeCurrency = (txn: StripeBalanceTransactionInput) => txn.currency.toUpperCase() === charge.currency.toUpperCase();
    const chargeTxn = charge.balanceTransaction ? index.transactions.get(charge.balanceTransaction) : undefined;
    if (chargeTxn) {
      transactions.push(chargeTxn);
      if (inChargeCurrency(chargeTxn)) feeMinor += chargeTxn.fee;
    }
    for (const refund of index.refundsByCharge.get(charge.id) ?? []) {
      if (!REFUND_COUNTS.has(refund.status)) continue;
      refundedMinor += refund.amount;
      refundNotes.push(`${formatMinor(refund.amount, refund.currency.toUpperCase())} on ${day(refund.created)}`);
      const txn = refund.balanceTransaction ? index.transactions.get(refund.balanceTransaction) : undefined;
      if (txn) transactions.push(txn);
    }
    for (const dispute of index.disputesByCharge.get(charge.id) ?? []) {
      const txns = dispute.balanceTransactions.map((id) => index.transactions.get(id)).filter((t): t is StripeBalanceTransactionInput => t !== undefined);
      transactions.push(...txns);
      const counted = txns.filter(inChargeCurrency);
      feeMinor += counted.reduce((sum, t) => sum + t.fee, 0);
      // Withdrawn and not reinstated; without its transactions (in the charge's currency), by its status.
      const withdrawn = counted.length > 0 ? -counted.reduce((sum, t) => sum + t.amount, 0) : dispute.status === 'won' ? 0 : dispute.amount;
      disputedMinor += withdrawn;
      disputes.push({ id: dispute.id, status: dispute.status, amountMinor: dispute.amount });
      if (dispute.status !== 'won') disputeNotes.push(`${formatMinor(dispute.amount, dispute.currency.toUpperCase())} disputed (${dispute.status.replace(/_/g, ' ')}) on ${day(dispute.created)}`);
    }
  }

  const paid = invoice.state === 'paid';
  const hasStripePayment = succeeded.length > 0;
  const last = intents[intents.length - 1];
  let status: ReconciledStatus;
  if (paid) status = hasStripePayment ? 'collected' : 'paid_by_hand';
  else if (hasStripePayment) status = 'paid_in_stripe_only';
  else if (invoice.state === 'cancelled') status = 'cancelled';
  else if (needsAction(last)) status = 'needs_action';
  else if (invoice.state === 'failed') status = 'failed';
  else status = 'unpaid';

  const mismatches: MismatchItem[] = [];
  const base = {
    invoiceId: invoice.id,
    friendlyId: invoice.friendlyId,
    organisation: input.organisation,
    state: invoice.state,
    invoicedMinor,
    currency,
    paymentIntentIds: intents.map((intent) => intent.id),
  };
  const add = (kind: MismatchKind, stripeMinor: number | null, stripeCurrency: string | null, detail: string) =>
    mismatches.push({ ...base, kind, stripeMinor, stripeCurrency, detail });
  const collectedCurrencies = [...new Set(collected.map((c) => c.currency))];
  const collectedText = collectedCurrencies.length === 1 ? formatMinor(collectedMinor, collectedCurrencies[0] ?? currency) : collected.map((c) => formatMinor(c.amount, c.currency)).join(' + ');
  const payments = `${collected.length} payment${collected.length === 1 ? '' : 's'}`;

  if (paid && !hasStripePayment) {
    const when = invoice.paidAt ? ` on ${invoice.paidAt.slice(0, 10)}` : '';
    add('paid_without_stripe_payment', null, null, `Paid in 3scale${when} with no succeeded Stripe payment: marked paid by hand.`);
  }
  if (!paid && hasStripePayment) {
    add('paid_in_stripe_not_in_3scale', collectedMinor, collectedCurrencies[0] ?? null, `Stripe collected ${collectedText} (${payments}); 3scale says ${invoice.state}.`);
  }
  if (paid && hasStripePayment) {
    const otherCurrency = collectedCurrencies.find((c) => c !== currency);
    if (otherCurrency !== undefined) {
      add('amount_or_currency_differs', collectedMinor, otherCurrency, `Collected ${collectedText} for an invoice of ${formatMinor(invoicedMinor, currency)}: the currency differs.`);
    } else if (collectedMinor !== invoicedMinor) {
      const twice = collected.length > 1 ? ` in ${payments}` : '';
      add('amount_or_currency_differs', collectedMinor, currency, `Collected ${collectedText}${twice} for an invoice of ${formatMinor(invoicedMinor, currency)}.`);
    }
    if (refundedMinor > 0 || disputeNotes.length > 0) {
      const parts = [
        ...(refundedMinor > 0 ? [`Refunded ${refundNotes.join(', ')} of ${collectedText}`] : []),
        ...disputeNotes,
      ];
      add('refunded_or_disputed', refundedMinor + disputedMinor, collectedCurrencies[0] ?? currency, `${parts.join('; ')}; 3scale says paid.`);
    }
  }

  const payoutIds = new Set<string>();
  for (const txn of transactions) if (txn.payout) payoutIds.add(txn.payout);
  // The failed attempts: 3scale's failed transactions, or without them Stripe's failed charges.
  const stripeAttempts = intents.flatMap((intent) => index.chargesByIntent.get(intent.id) ?? []);
  const failedAttempts: FailedAttempt[] = input.transactions
    ? input.transactions
        .filter((t) => !t.success)
        .map((t) => ({ at: Date.parse(t.createdAt) / 1000, amountMinor: toMinor(t.amount, t.currency.toUpperCase()), currency: t.currency.toUpperCase() }))
    : stripeAttempts.filter((c) => c.status === 'failed').map((c) => ({ at: c.created, amountMinor: c.amount, currency: c.currency.toUpperCase() }));

  const row: MonthEndRow = {
    invoiceId: invoice.id,
    friendlyId: invoice.friendlyId,
    accountId: invoice.accountId,
    organisation: input.organisation,
    state: invoice.state,
    status,
    invoicedMinor,
    currency,
    attempts: input.transactions ? Math.max(input.transactions.length, intents.length) : Math.max(stripeAttempts.length, intents.length),
    paymentIntents: intents.map((intent) => ({ id: intent.id, status: intent.status, amountMinor: intent.amount, currency: intent.currency.toUpperCase(), created: intent.created })),
    chargeIds: collectedCharges.map((charge) => charge.id),
    collectedMinor,
    feeMinor,
    refundedMinor,
    disputedMinor,
    disputes,
    netMinor: collectedMinor - feeMinor - refundedMinor - disputedMinor,
    payouts: [...payoutIds].map((id) => ({ id, arrivalDate: index.payouts.get(id)?.arrivalDate ?? 0 })).sort((a, b) => a.arrivalDate - b.arrivalDate),
    mismatches: mismatches.map((m) => m.kind),
  };
  return { input, row, mismatches, transactions, collectedCharges, failedAttempts };
}

/** Matches the month's invoices with Stripe's objects. */
export function reconcile(input: MonthEndInput): Reconciliation {
  const index = new StripeIndex(input.stripe);
  const claims = claimIntents(input.invoices, index);
  const invoices = input.invoices
    .map((invoiceInput) => reconcileInvoice(invoiceInput, claims.get(invoiceInput.invoice.id) ?? [], index))
    .sort((a, b) => a.row.friendlyId.localeCompare(b.row.friendlyId) || a.row.invoiceId - b.row.invoiceId);

  const claimed = new Set<string>();
  for (const intents of claims.values()) for (const intent of intents) claimed.add(intent.id);
  const paymentsMonth = input.paymentsMonth ?? input.month;
  const { start, end } = monthBounds(paymentsMonth);
  const friendlyIds = new Set(input.invoices.map((i) => i.invoice.friendlyId));
  const unmatchedPayments: UnmatchedPayment[] = input.stripe.intents
    .filter((intent) => intent.status === 'succeeded' && !claimed.has(intent.id) && intent.created >= start && intent.created < end)
    .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))
    .map((intent) => {
      const tail = descriptionTail(intent.description);
      const namesOther = tail !== null && FRIENDLY_ID.test(tail) && !friendlyIds.has(tail);
      const charge = index.succeededCharges(intent.id)[0];
      return {
        kind: 'stripe_payment_without_invoice' as const,
        paymentIntentId: intent.id,
        chargeId: charge?.id ?? null,
        amountMinor: charge?.amount ?? intent.amount,
        currency: intent.currency.toUpperCase(),
        created: intent.created,
        description: intent.description,
        customer: intent.customer,
        detail: namesOther
          ? `Its description names 3scale invoice ${tail}, which is not one of this month's invoices.`
          : 'No 3scale invoice of the month claims it: other business on the same Stripe account.',
      };
    });
  return { month: input.month, paymentsMonth, invoices, unmatchedPayments, index };
}
