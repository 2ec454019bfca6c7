// Stripe's objects as the month-end reconciliation takes them: ids rather than expansions
// (an expanded field gives its id), currencies upper case, a balance transaction with the
// payout the loader read it under. Pure; the loader lists, these map.

import type Stripe from 'stripe';
import type { PaymentIntentStatus } from '../../common/contract/invoices';
import type {
  StripeBalanceTransactionInput,
  StripeChargeInput,
  StripeDisputeInput,
  StripeIntentInput,
  StripePayoutInput,
  StripeRefundInput,
} from './month-end-inputs';

/** The id of a field that may come expanded. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

export function intentInput(intent: Stripe.PaymentIntent): StripeIntentInput {
  const error = intent.last_payment_error;
  return {
    id: intent.id,
    status: intent.status as PaymentIntentStatus,
    amount: intent.amount,
    currency: intent.currency.toUpperCase(),
    created: intent.created,
    customer: idOf(intent.customer),
    description: intent.description ?? null,
    orderId: intent.metadata?.['order_id'] ?? null,
    errorCode: error?.decline_code ?? error?.code ?? null,
  };
}

export function chargeInput(charge: Stripe.Charge): StripeChargeInput {
  return {
    id: charge.id,
    paymentIntent: idOf(charge.payment_intent),
    amount: charge.amount,
    currency: charge.currency.toUpperCase(),
    created: charge.created,
    status: charge.status === 'succeeded' ? 'succeeded' : charge.status === 'pending' ? 'pending' : 'failed',
    balanceTransaction: idOf(charge.balance_transaction),
  };
}

export function balanceTransactionInput(txn: Stripe.BalanceTransaction, payout: string | null): StripeBalanceTransactionInput {
  return {
    id: txn.id,
    amount: txn.amount,
    fee: txn.fee,
    net: txn.net,
    currency: txn.currency.toUpperCase(),
    created: txn.created,
    availableOn: txn.available_on,
    reportingCategory: txn.reporting_category,
    source: idOf(txn.source) ?? '',
    payout,
  };
}

export function refundInput(refund: Stripe.Refund): StripeRefundInput {
  return {
    id: refund.id,
    charge: idOf(refund.charge) ?? '',
    amount: refund.amount,
    currency: refund.currency.toUpperCase(),
    created: refund.created,
    status: refund.status ?? 'succeeded',
    balanceTransaction: idOf(refund.balance_transaction),
  };
}

export function disputeInput(dispute: Stripe.Dispute): StripeDisputeInput {
  return {
    id: dispute.id,
    charge: idOf(dispute.charge) ?? '',
    amount: dispute.amount,
    currency: dispute.currency.toUpperCase(),
    created: dispute.created,
    status: dispute.status,
    balanceTransactions: dispute.balance_transactions.map((txn) => txn.id),
  };
}

export function payoutInput(payout: Stripe.Payout): StripePayoutInput {
  return {
    id: payout.id,
    amount: payout.amount,
    currency: payout.currency.toUpperCase(),
    created: payout.created,
    arrivalDate: payout.arrival_date,
    status: payout.status,
  };
}
