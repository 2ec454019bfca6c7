/**
 * The ledger's objects as Stripe renders them (`#/components/schemas/{charge,refund,dispute,payout,
 * balance_transaction}` of the 2024-04-10 document), and their expansion from any response.
 */
import { bareLedgerOf } from './ledger';
import type { BalanceTransactionRecord, ChargeRecord, DisputeRecord, Ledger, PayoutRecord, RefundRecord } from './ledger';
import type { ModeStore } from './store';

const DAY = 86_400;

function cardDetails(store: ModeStore, paymentMethod: string | null): Record<string, unknown> | null {
  const method = paymentMethod ? store.paymentMethods.get(paymentMethod) : undefined;
  if (!method) return null;
  return {
    type: 'card',
    card: {
      amount_authorized: null,
      brand: method.card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: null },
      country: 'US',
      exp_month: method.expMonth,
      exp_year: method.expYear,
      fingerprint: method.fingerprint,
      funding: method.card.funding,
      installments: null,
      last4: method.card.last4,
      mandate: null,
      network: method.card.brand,
      network_token: { used: false },
      three_d_secure: null,
      wallet: null,
    },
  };
}

export function renderCharge(ledger: Ledger, charge: ChargeRecord): Record<string, unknown> {
  const succeeded = charge.status === 'succeeded';
  const refunds = ledger.refunds.newestFirst((refund) => refund.charge === charge.id);
  return {
    id: charge.id,
    object: 'charge',
    amount: charge.amount,
    amount_captured: succeeded ? charge.amount : 0,
    amount_refunded: charge.amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: charge.balanceTransaction,
    billing_details: { address: null, email: null, name: null, phone: null },
    calculated_statement_descriptor: 'BILLING DESK',
    captured: succeeded,
    created: charge.created,
    currency: charge.currency,
    customer: charge.customer,
    description: charge.description,
    disputed: charge.disputed,
    failure_balance_transaction: null,
    failure_code: charge.failureCode,
    failure_message: charge.failureMessage,
    fraud_details: {},
    invoice: null,
    livemode: charge.livemode,
    metadata: { ...charge.metadata },
    on_behalf_of: null,
    outcome: succeeded
      ? { network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 32, seller_message: 'Payment complete.', type: 'authorized' }
      : {
          network_status: 'declined_by_network',
          reason: charge.declineCode,
          risk_level: 'normal',
          risk_score: 40,
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        },
    paid: succeeded,
    payment_intent: charge.paymentIntent,
    payment_method: charge.paymentMethod,
    payment_method_details: cardDetails(ledger.store, charge.paymentMethod),
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: succeeded && charge.amountRefunded === charge.amount,
    refunds: { object: 'list', data: refunds.slice(0, 10).map(renderRefund), has_more: refunds.length > 10, url: `/v1/charges/${charge.id}/refunds` },
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: charge.status,
    transfer_data: null,
    transfer_group: null,
  };
}

export function renderRefund(refund: RefundRecord): Record<string, unknown> {
  return {
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    balance_transaction: refund.balanceTransaction,
    charge: refund.charge,
    created: refund.created,
    currency: refund.currency,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata: { ...refund.metadata },
    payment_intent: refund.paymentIntent,
    reason: refund.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

export function renderDispute(dispute: DisputeRecord, ledger: Ledger): Record<string, unknown> {
  return {
    id: dispute.id,
    object: 'dispute',
    amount: dispute.amount,
    balance_transactions: dispute.balanceTransactions
      .map((id) => ledger.balanceTransactions.get(id))
      .filter((txn): txn is BalanceTransactionRecord => txn !== undefined)
      .map(renderBalanceTransaction),
    charge: dispute.charge,
    created: dispute.created,
    currency: dispute.currency,
    evidence: {},
    evidence_details: { due_by: dispute.created + 21 * DAY, has_evidence: dispute.status !== 'needs_response', past_due: false, submission_count: dispute.status === 'needs_response' ? 0 : 1 },
    is_charge_refundable: false,
    livemode: dispute.livemode,
    metadata: {},
    payment_intent: dispute.paymentIntent,
    reason: dispute.reason,
    status: dispute.status,
  };
}

export function renderBalanceTransaction(txn: BalanceTransactionRecord, now = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return {
    id: txn.id,
    object: 'balance_transaction',
    amount: txn.amount,
    available_on: txn.availableOn,
    created: txn.created,
    currency: txn.currency,
    description: txn.description,
    exchange_rate: null,
    fee: txn.fee,
    fee_details: txn.feeDetails.map((detail) => ({ ...detail, application: null })),
    net: txn.net,
    reporting_category: txn.reportingCategory,
    source: txn.source,
    status: txn.availableOn <= now ? 'available' : 'pending',
    type: txn.type,
  };
}

export function renderPayout(payout: PayoutRecord, now = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return {
    id: payout.id,
    object: 'payout',
    amount: payout.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: payout.arrivalDate,
    automatic: true,
    balance_transaction: payout.balanceTransaction,
    created: payout.created,
    currency: payout.currency,
    description: 'STRIPE PAYOUT',
    destination: 'ba_fake_bank_account',
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: payout.livemode,
    metadata: {},
    method: 'standard',
    original_payout: null,
    reconciliation_status: 'completed',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: null,
    status: payout.arrivalDate <= now ? 'paid' : 'in_transit',
    type: 'bank_account',
  };
}

/** Expansion of the ledger's ids (`expand[]=data.source`, `latest_charge`, `balance_transaction`, …). */
export function resolveLedgerObject(store: ModeStore, id: string, now: number): Record<string, unknown> | undefined {
  const prefix = id.slice(0, id.indexOf('_'));
  if (!['ch', 're', 'dp', 'po', 'txn'].includes(prefix)) return undefined;
  // A list expanding 100 latest_charge ids syncs once, for the first charge it lacks.
  const ledger = bareLedgerOf(store);
  if (prefix === 'ch') {
    if (!ledger.charges.get(id)) ledger.sync();
    const charge = ledger.charges.get(id);
    return charge ? renderCharge(ledger, charge) : undefined;
  }
  if (prefix === 're') {
    const refund = ledger.refunds.get(id);
    return refund ? renderRefund(refund) : undefined;
  }
  if (prefix === 'dp') {
    const dispute = ledger.disputes.get(id);
    return dispute ? renderDispute(dispute, ledger) : undefined;
  }
  if (prefix === 'po') {
    const payout = ledger.payouts.get(id);
    return payout ? renderPayout(payout, now) : undefined;
  }
  const txn = ledger.balanceTransactions.get(id);
  return txn ? renderBalanceTransaction(txn, now) : undefined;
}
