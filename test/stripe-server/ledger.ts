/**
 * Where the money goes after a PaymentIntent succeeds: its Charge, the balance transactions
 * (fee, net, available on, reporting category), refunds, disputes and the automatic payouts that
 * carry the net to the bank. Shapes follow `#/components/schemas/{charge,refund,dispute,payout,
 * balance_transaction}` of the 2024-04-10 document.
 *
 * Kept beside a ModeStore (one ledger per account and mode) rather than inside it. Charges are
 * derived from the PaymentIntents: the server syncs the ledger after every POST to a PaymentIntent,
 * and whatever else confirmed one (a seed, a test helper), the next read of the ledger gives each
 * new `latest_charge` its Charge and, when it succeeded, its `charge` balance transaction with the
 * account's fees.
 *
 * Each currency settles in itself (as with multi-currency settlement): no conversion, no
 * exchange_rate.
 */
import { newId } from './errors';
import { Collection } from './store';
import type { ModeStore, Ordered, PaymentIntentRecord } from './store';

const DAY = 86_400;

/** What Stripe keeps of a charge, and when the rest can be paid out. */
export interface FeeModel {
  /** Percentage of the amount, in basis points: Stripe's standard 2.9% is 290. */
  percentBasisPoints: number;
  /** The fixed part in minor units (30 = 30¢), or per currency (lower case) with `default`. */
  fixedMinor: number | (Record<string, number> & { default: number });
  /** Charged when a dispute is opened (Stripe: 15.00 in USD/EUR). */
  disputeFeeMinor: number;
  /** Whether a won dispute gives the dispute fee back (it does in many countries). */
  disputeFeeReturnedWhenWon: boolean;
  /** Funds become available this many days after the UTC day of the charge (Stripe's delay_days). */
  availableAfterDays: number;
}

export const STANDARD_FEES: FeeModel = {
  percentBasisPoints: 290,
  fixedMinor: 30,
  disputeFeeMinor: 1500,
  disputeFeeReturnedWhenWon: true,
  availableAfterDays: 2,
};

/** Stripe's processing fee for an amount: percentage rounded half up, plus the fixed part. */
export function processingFee(model: FeeModel, amount: number, currency: string): number {
  const fixed = typeof model.fixedMinor === 'number' ? model.fixedMinor : (model.fixedMinor[currency] ?? model.fixedMinor.default);
  return Math.round((amount * model.percentBasisPoints) / 10_000) + fixed;
}

export interface ChargeRecord extends Ordered {
  livemode: boolean;
  amount: number;
  amountRefunded: number;
  currency: string;
  customer: string | null;
  paymentIntent: string | null;
  paymentMethod: string | null;
  description: string | null;
  status: 'succeeded' | 'failed';
  failureCode: string | null;
  failureMessage: string | null;
  /** The decline code of a failed charge (outcome.reason). */
  declineCode: string | null;
  balanceTransaction: string | null;
  disputed: boolean;
  metadata: Record<string, string>;
}

export interface RefundRecord extends Ordered {
  amount: number;
  currency: string;
  charge: string;
  paymentIntent: string | null;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  balanceTransaction: string;
  metadata: Record<string, string>;
}

export type DisputeStatus = 'needs_response' | 'under_review' | 'won' | 'lost';

export interface DisputeRecord extends Ordered {
  livemode: boolean;
  amount: number;
  currency: string;
  charge: string;
  paymentIntent: string | null;
  reason: string;
  status: DisputeStatus;
  /** The withdrawal, then (won) the reinstatement. */
  balanceTransactions: string[];
}

export type BalanceTransactionType = 'charge' | 'refund' | 'adjustment' | 'payout';
export type ReportingCategory = 'charge' | 'refund' | 'dispute' | 'dispute_reversal' | 'payout';

export interface FeeDetail {
  amount: number;
  currency: string;
  description: string;
  type: 'stripe_fee';
}

export interface BalanceTransactionRecord extends Ordered {
  amount: number;
  fee: number;
  feeDetails: FeeDetail[];
  net: number;
  currency: string;
  /** Unix seconds, midnight UTC. */
  availableOn: number;
  type: BalanceTransactionType;
  reportingCategory: ReportingCategory;
  /** The charge, refund, dispute or payout it records. */
  source: string;
  description: string | null;
  /** The automatic payout that carried it (the payout's own transaction names its payout too). */
  payout: string | null;
}

export interface PayoutRecord extends Ordered {
  livemode: boolean;
  amount: number;
  currency: string;
  /** Unix seconds, midnight UTC of the day the bank receives it. */
  arrivalDate: number;
  balanceTransaction: string;
}

/** One account's money in one mode. */
export class Ledger {
  readonly charges = new Collection<ChargeRecord>();
  readonly refunds = new Collection<RefundRecord>();
  readonly disputes = new Collection<DisputeRecord>();
  readonly balanceTransactions = new Collection<BalanceTransactionRecord>();
  readonly payouts = new Collection<PayoutRecord>();
  fees: FeeModel = { ...STANDARD_FEES };
  private seq = 0;

  constructor(readonly store: ModeStore) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** PaymentIntents whose earlier attempt already has its charge here. */
  private readonly attempted = new Set<string>();

  /**
   * Gives every PaymentIntent's latest charge its Charge (and balance transaction) if it has none
   * yet. A first attempt is dated when the PaymentIntent was created (3scale confirms at once);
   * a later one on the same PaymentIntent (a retry confirming it again) when it is first seen.
   */
  sync(now = Math.floor(Date.now() / 1000)): void {
    for (const intent of this.store.paymentIntents.newestFirst()) {
      const chargeId = intent.latestCharge;
      if (chargeId === null || this.charges.get(chargeId)) continue;
      const created = this.attempted.has(intent.id) ? Math.max(intent.created, now) : intent.created;
      if (intent.status === 'succeeded') this.recordSucceededCharge(intent, chargeId, created);
      else if (failedChargeOf(intent) === chargeId) this.recordFailedCharge(intent, chargeId, created);
      else continue;
      this.attempted.add(intent.id);
    }
  }

  /** The charge of a succeeded PaymentIntent, with its `charge` balance transaction. */
  recordSucceededCharge(intent: PaymentIntentRecord, chargeId: string, created: number): ChargeRecord {
    const fee = processingFee(this.fees, intent.amountReceived, intent.currency);
    const txn = this.addTransaction({
      created,
      amount: intent.amountReceived,
      fee,
      currency: intent.currency,
      type: 'charge',
      reportingCategory: 'charge',
      source: chargeId,
      description: intent.description,
    });
    const charge: ChargeRecord = {
      ...chargeBase(intent, chargeId, created, this.nextSeq()),
      amount: intent.amountReceived,
      status: 'succeeded',
      balanceTransaction: txn.id,
    };
    this.charges.add(charge);
    return charge;
  }

  private recordFailedCharge(intent: PaymentIntentRecord, chargeId: string, created: number): void {
    const error = intent.lastPaymentError as { code?: string; decline_code?: string; message?: string; payment_method?: { id?: string } } | null;
    this.charges.add({
      ...chargeBase(intent, chargeId, created, this.nextSeq()),
      paymentMethod: error?.payment_method?.id ?? null,
      status: 'failed',
      failureCode: error?.code ?? 'card_declined',
      failureMessage: error?.message ?? null,
      declineCode: error?.decline_code ?? null,
    });
  }

  addTransaction(fields: {
    created: number;
    amount: number;
    fee: number;
    currency: string;
    type: BalanceTransactionType;
    reportingCategory: ReportingCategory;
    source: string;
    description: string | null;
    availableOn?: number;
    payout?: string;
  }): BalanceTransactionRecord {
    const txn: BalanceTransactionRecord = {
      id: newId('txn'),
      created: fields.created,
      seq: this.nextSeq(),
      amount: fields.amount,
      fee: fields.fee,
      feeDetails:
        fields.fee === 0
          ? []
          : [{ amount: fields.fee, currency: fields.currency, description: feeDescription(fields.reportingCategory), type: 'stripe_fee' }],
      net: fields.amount - fields.fee,
      currency: fields.currency,
      availableOn: fields.availableOn ?? startOfDay(fields.created) + this.fees.availableAfterDays * DAY,
      type: fields.type,
      reportingCategory: fields.reportingCategory,
      source: fields.source,
      description: fields.description,
      payout: fields.payout ?? null,
    };
    this.balanceTransactions.add(txn);
    return txn;
  }
}

function feeDescription(category: ReportingCategory): string {
  return category === 'dispute' || category === 'dispute_reversal' ? 'Dispute fee' : 'Stripe processing fees';
}

function failedChargeOf(intent: PaymentIntentRecord): string | null {
  const charge = (intent.lastPaymentError as { charge?: unknown } | null)?.charge;
  return typeof charge === 'string' ? charge : null;
}

function chargeBase(intent: PaymentIntentRecord, id: string, created: number, seq: number): ChargeRecord {
  return {
    id,
    created,
    seq,
    livemode: intent.livemode,
    amount: intent.amount,
    amountRefunded: 0,
    currency: intent.currency,
    customer: intent.customer,
    paymentIntent: intent.id,
    paymentMethod: intent.paymentMethod,
    description: intent.description,
    status: 'failed',
    failureCode: null,
    failureMessage: null,
    declineCode: null,
    balanceTransaction: null,
    disputed: false,
    metadata: { ...intent.metadata },
  };
}

export function startOfDay(unixSeconds: number): number {
  return Math.floor(unixSeconds / DAY) * DAY;
}

const ledgers = new WeakMap<ModeStore, Ledger>();

/** The ledger of an account's mode, as it stands (see ledgerOf). */
export function bareLedgerOf(store: ModeStore): Ledger {
  let ledger = ledgers.get(store);
  if (!ledger) {
    ledger = new Ledger(store);
    ledgers.set(store, ledger);
  }
  return ledger;
}

/** The ledger of an account's mode, brought up to date with its PaymentIntents. */
export function ledgerOf(store: ModeStore): Ledger {
  const ledger = bareLedgerOf(store);
  ledger.sync();
  return ledger;
}
