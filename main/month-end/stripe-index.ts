// Stripe's objects of a month, indexed the ways the reconciliation looks them up: a
// PaymentIntent by id, by metadata.order_id (3scale's invoice id) and by the friendly id that
// ends 3scale's description; a PaymentIntent's charges; a charge's refunds and disputes; a
// balance transaction by id; a payout by id.

import type {
  StripeBalanceTransactionInput,
  StripeChargeInput,
  StripeDisputeInput,
  StripeInput,
  StripeIntentInput,
  StripePayoutInput,
  StripeRefundInput,
} from './month-end-inputs';

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The last word of 3scale's description "<provider name> API services <friendly id>". */
export function descriptionTail(description: string | null): string | null {
  const tail = description?.trim().split(/\s+/).pop();
  return tail ? tail : null;
}

export class StripeIndex {
  readonly intents = new Map<string, StripeIntentInput>();
  readonly intentsByOrderId = new Map<string, StripeIntentInput[]>();
  readonly intentsByTail = new Map<string, StripeIntentInput[]>();
  readonly chargesByIntent = new Map<string, StripeChargeInput[]>();
  private readonly intentByCharge = new Map<string, StripeIntentInput>();
  readonly transactions = new Map<string, StripeBalanceTransactionInput>();
  readonly refundsByCharge = new Map<string, StripeRefundInput[]>();
  readonly disputesByCharge = new Map<string, StripeDisputeInput[]>();
  readonly payouts = new Map<string, StripePayoutInput>();

  constructor(readonly input: StripeInput) {
    for (const intent of input.intents) {
      this.intents.set(intent.id, intent);
      if (intent.orderId) push(this.intentsByOrderId, intent.orderId, intent);
      const tail = descriptionTail(intent.description);
      if (tail) push(this.intentsByTail, tail, intent);
    }
    for (const charge of input.charges) {
      if (!charge.paymentIntent) continue;
      push(this.chargesByIntent, charge.paymentIntent, charge);
      const intent = this.intents.get(charge.paymentIntent);
      if (intent) this.intentByCharge.set(charge.id, intent);
    }
    for (const txn of input.balanceTransactions) this.transactions.set(txn.id, txn);
    for (const refund of input.refunds) push(this.refundsByCharge, refund.charge, refund);
    for (const dispute of input.disputes) push(this.disputesByCharge, dispute.charge, dispute);
    for (const payout of input.payouts) this.payouts.set(payout.id, payout);
  }

  /**
   * What a 3scale transaction's reference names: a PaymentIntent id (a charge that succeeded), or
   * the id of one of its charges (ActiveMerchant records error.charge for a declined card).
   */
  intentFor(reference: string): StripeIntentInput | undefined {
    return this.intents.get(reference) ?? this.intentByCharge.get(reference);
  }

  /** The succeeded charges of a PaymentIntent (one in practice; none read yet for an intent succeeded just now). */
  succeededCharges(intentId: string): StripeChargeInput[] {
    return (this.chargesByIntent.get(intentId) ?? []).filter((charge) => charge.status === 'succeeded');
  }
}
