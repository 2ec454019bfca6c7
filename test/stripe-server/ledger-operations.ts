/**
 * What happens to a charge after it succeeded, as Stripe books it: refunds (full or partial, each
 * with its own negative `refund` balance transaction, the processing fee not given back),
 * disputes (the funds and the dispute fee withdrawn by an `adjustment` of category `dispute`;
 * a won dispute reinstates them with one of category `dispute_reversal`), and automatic payouts
 * grouping the available balance transactions by currency and day or week.
 */
import { invalidRequest, newId } from './errors';
import { startOfDay } from './ledger';
import type { ChargeRecord, DisputeRecord, DisputeStatus, Ledger, PayoutRecord, RefundRecord } from './ledger';

const DAY = 86_400;

function formatMinor(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency}`;
}

export function refundCharge(
  ledger: Ledger,
  charge: ChargeRecord,
  fields: { amount?: number; created: number; reason?: RefundRecord['reason']; metadata?: Record<string, string> },
): RefundRecord {
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has not succeeded, so it cannot be refunded.`, { param: 'charge' });
  }
  if (charge.disputed) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed', param: 'charge' });
  }
  const left = charge.amount - charge.amountRefunded;
  if (left === 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded', param: 'charge' });
  }
  const amount = fields.amount ?? left;
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount' });
  if (amount > left) {
    throw invalidRequest(
      `Refund amount (${formatMinor(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMinor(left, charge.currency)})`,
      { param: 'amount' },
    );
  }
  const id = newId('re');
  const txn = ledger.addTransaction({
    created: fields.created,
    amount: -amount,
    fee: 0,
    currency: charge.currency,
    type: 'refund',
    reportingCategory: 'refund',
    source: id,
    description: 'REFUND FOR CHARGE',
  });
  const refund: RefundRecord = {
    id,
    created: fields.created,
    seq: ledger.nextSeq(),
    amount,
    currency: charge.currency,
    charge: charge.id,
    paymentIntent: charge.paymentIntent,
    reason: fields.reason ?? null,
    balanceTransaction: txn.id,
    metadata: { ...(fields.metadata ?? {}) },
  };
  ledger.refunds.add(refund);
  charge.amountRefunded += amount;
  return refund;
}

/**
 * A dispute on a succeeded charge: the disputed amount and the dispute fee are withdrawn when it
 * opens; `won` reinstates the amount (and the fee when the account's model gives it back) at
 * `closedAt`; `lost` keeps the withdrawal.
 */
export function disputeCharge(
  ledger: Ledger,
  charge: ChargeRecord,
  fields: { created: number; status: DisputeStatus; closedAt?: number; reason?: string; amount?: number },
): DisputeRecord {
  if (charge.status !== 'succeeded') throw new Error(`dispute: charge ${charge.id} did not succeed`);
  if (charge.disputed) throw new Error(`dispute: charge ${charge.id} is already disputed`);
  const amount = fields.amount ?? charge.amount - charge.amountRefunded;
  const id = newId('dp');
  const feeMinor = ledger.fees.disputeFeeMinor;
  const withdrawal = ledger.addTransaction({
    created: fields.created,
    amount: -amount,
    fee: feeMinor,
    currency: charge.currency,
    type: 'adjustment',
    reportingCategory: 'dispute',
    source: id,
    description: `Chargeback withdrawal for ${charge.id}`,
  });
  const transactions = [withdrawal.id];
  if (fields.status === 'won') {
    const closedAt = fields.closedAt ?? fields.created + 30 * DAY;
    const returnedFee = ledger.fees.disputeFeeReturnedWhenWon ? -feeMinor : 0;
    const reinstatement = ledger.addTransaction({
      created: closedAt,
      amount,
      fee: returnedFee,
      currency: charge.currency,
      type: 'adjustment',
      reportingCategory: 'dispute_reversal',
      source: id,
      description: `Chargeback reversal for ${charge.id}`,
    });
    transactions.push(reinstatement.id);
  }
  const dispute: DisputeRecord = {
    id,
    created: fields.created,
    seq: ledger.nextSeq(),
    livemode: charge.livemode,
    amount,
    currency: charge.currency,
    charge: charge.id,
    paymentIntent: charge.paymentIntent,
    reason: fields.reason ?? 'fraudulent',
    status: fields.status,
    balanceTransactions: transactions,
  };
  ledger.disputes.add(dispute);
  charge.disputed = true;
  return dispute;
}

export type PayoutSchedule = 'daily' | 'weekly';

/** When the funds available in a bucket leave Stripe: daily the same day, weekly the Monday after. */
function payoutDay(schedule: PayoutSchedule, availableOn: number): number {
  const day = startOfDay(availableOn);
  if (schedule === 'daily') return day;
  const weekday = new Date(day * 1000).getUTCDay(); // 0 Sunday … 6 Saturday
  const daysToNextMonday = ((8 - weekday) % 7) || 7;
  return day + daysToNextMonday * DAY;
}

/**
 * Automatic payouts: every balance transaction not paid out yet and available by `until` goes
 * into the payout of its currency and day (or week); a payout is created at 01:00 UTC of its
 * day and arrives the next day. Payouts later than `until` are not made yet, and a bucket whose
 * net is not positive stays in the balance (Stripe would debit the bank instead).
 */
export function payOut(ledger: Ledger, schedule: PayoutSchedule, until: number): PayoutRecord[] {
  const buckets = new Map<string, { currency: string; day: number; ids: string[]; net: number }>();
  for (const txn of ledger.balanceTransactions.newestFirst((t) => t.payout === null && t.type !== 'payout' && t.availableOn <= until)) {
    const day = payoutDay(schedule, txn.availableOn);
    if (day + 3600 > until) continue;
    const key = `${txn.currency}:${day}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { currency: txn.currency, day, ids: [], net: 0 };
      buckets.set(key, bucket);
    }
    bucket.ids.push(txn.id);
    bucket.net += txn.net;
  }
  const made: PayoutRecord[] = [];
  for (const bucket of [...buckets.values()].sort((a, b) => a.day - b.day || a.currency.localeCompare(b.currency))) {
    if (bucket.net <= 0) continue;
    const id = newId('po');
    const created = bucket.day + 3600;
    const own = ledger.addTransaction({
      created,
      amount: -bucket.net,
      fee: 0,
      currency: bucket.currency,
      type: 'payout',
      reportingCategory: 'payout',
      source: id,
      description: 'STRIPE PAYOUT',
      availableOn: created,
      payout: id,
    });
    for (const txnId of bucket.ids) {
      const txn = ledger.balanceTransactions.get(txnId);
      if (txn) txn.payout = id;
    }
    const payout: PayoutRecord = {
      id,
      created,
      seq: ledger.nextSeq(),
      livemode: ledger.store.livemode,
      amount: bucket.net,
      currency: bucket.currency,
      arrivalDate: bucket.day + DAY,
      balanceTransaction: own.id,
    };
    ledger.payouts.add(payout);
    made.push(payout);
  }
  return made;
}
