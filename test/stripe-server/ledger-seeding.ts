/**
 * Seeding the ledger without HTTP, for tests and benchmarks of the month-end report: PaymentIntents
 * as 3scale's charging leaves them (succeeded, declined, needing authentication) at chosen times,
 * their charges' balance transactions with the account's fees, refunds, disputes, and the
 * automatic payouts that group the available funds by day or week.
 */
import { newId, randomAlphanumeric } from './errors';
import { bareLedgerOf, ledgerOf } from './ledger';
import type { ChargeRecord, DisputeStatus, FeeModel, Ledger, RefundRecord } from './ledger';
import { disputeCharge, payOut, refundCharge } from './ledger-operations';
import type { PayoutSchedule } from './ledger-operations';
import { DECLINES, materialise, renderPaymentMethod, TEST_PAYMENT_METHODS } from './resources';
import type { AccountRecord, ModeStore, PaymentIntentRecord } from './store';

export interface SeedPaymentIntent {
  amount: number;
  /** Lower case, as Stripe writes it. */
  currency: string;
  /** Unix seconds. */
  created: number;
  customer?: string | null;
  /** 3scale's: "<provider> API services <invoice friendly id>". */
  description?: string;
  metadata?: Record<string, string>;
  /** A test card token (default pm_card_visa); a declining card gives a declined PaymentIntent. */
  card?: string;
}

export interface SettledCharge {
  paymentIntent: string;
  charge: string;
  balanceTransaction: string;
  amount: number;
  fee: number;
  net: number;
}

export interface LedgerSeeder {
  /** The account's fee model in this mode (default: Stripe's standard 2.9% + 30¢). */
  setFees(fees: Partial<FeeModel>): void;
  /** A PaymentIntent confirmed off-session with the card: succeeded, declined or needing authentication. */
  seedPaymentIntent(fields: SeedPaymentIntent): { id: string; status: PaymentIntentRecord['status']; charge: string | null };
  /** The charges of succeeded PaymentIntents (all, or those given) with their balance transactions. */
  settle(paymentIntentIds?: readonly string[]): SettledCharge[];
  /** A refund of a charge (`ch_…`) or of a PaymentIntent's charge (`pi_…`); full unless `amount`. */
  refund(target: string, fields?: { amount?: number; created?: number; reason?: RefundRecord['reason'] }): { id: string; balanceTransaction: string };
  /** A dispute opened at `created`; `won` is reinstated at `closedAt` (default 30 days later). */
  dispute(
    target: string,
    fields: { status: DisputeStatus; created?: number; closedAt?: number; reason?: string },
  ): { id: string; balanceTransactions: string[] };
  /** Automatic payouts of what is available by `until` (default now), by currency and day or week. */
  payOut(schedule: PayoutSchedule, until?: number): { id: string; amount: number; currency: string; created: number; arrivalDate: number }[];
  /** settle() then payOut(): the usual month. */
  settleAndPayOut(schedule: PayoutSchedule, until?: number): { charges: SettledCharge[]; payouts: ReturnType<LedgerSeeder['payOut']> };
}

function chargeOf(ledger: Ledger, target: string): ChargeRecord {
  ledger.sync();
  if (target.startsWith('pi_')) {
    const intent = ledger.store.paymentIntents.get(target);
    const charge = intent?.latestCharge ? ledger.charges.get(intent.latestCharge) : undefined;
    if (!charge) throw new Error(`no charge for PaymentIntent ${target}`);
    return charge;
  }
  const charge = ledger.charges.get(target);
  if (!charge) throw new Error(`no charge ${target}`);
  return charge;
}

export function ledgerSeeder(store: ModeStore, account: AccountRecord, nextSeq: () => number, now: () => number): LedgerSeeder {
  const seeder: LedgerSeeder = {
    setFees(fees) {
      const ledger = bareLedgerOf(store);
      ledger.fees = { ...ledger.fees, ...fees };
    },

    seedPaymentIntent(fields) {
      const token = fields.card ?? 'pm_card_visa';
      const profile = TEST_PAYMENT_METHODS[token];
      if (!profile) throw new Error(`seedPaymentIntent: unknown test card ${token}`);
      const method = materialise({ store, account, nextSeq, now: () => fields.created }, profile);
      method.customer = fields.customer ?? null;
      store.paymentMethods.add(method);
      const id = newId('pi');
      const intent: PaymentIntentRecord = {
        id,
        created: fields.created,
        seq: nextSeq(),
        livemode: store.livemode,
        amount: fields.amount,
        amountReceived: 0,
        amountCapturable: 0,
        currency: fields.currency.toLowerCase(),
        customer: fields.customer ?? null,
        paymentMethod: method.id,
        status: 'succeeded',
        description: fields.description ?? null,
        metadata: { ...(fields.metadata ?? {}) },
        captureMethod: 'automatic_async',
        confirmationMethod: 'automatic',
        clientSecret: `${id}_secret_${randomAlphanumeric(25)}`,
        automaticPaymentMethods: null,
        paymentMethodTypes: ['card'],
        receiptEmail: null,
        setupFutureUsage: null,
        statementDescriptor: null,
        statementDescriptorSuffix: null,
        latestCharge: newId('ch'),
        lastPaymentError: null,
        nextAction: null,
      };
      const behaviour = profile.behaviour;
      if (behaviour === 'succeed') {
        intent.amountReceived = fields.amount;
      } else {
        // Off-session, as 3scale confirms: authentication_required is a decline like the others.
        const decline = DECLINES[behaviour] ?? DECLINES.decline;
        intent.status = 'requires_payment_method';
        intent.paymentMethod = null;
        intent.lastPaymentError = {
          type: 'card_error',
          ...decline,
          charge: intent.latestCharge,
          payment_method: renderPaymentMethod(method),
        };
      }
      store.paymentIntents.add(intent);
      return { id, status: intent.status, charge: intent.latestCharge };
    },

    settle(paymentIntentIds) {
      const ledger = ledgerOf(store);
      const wanted = paymentIntentIds ? new Set(paymentIntentIds) : null;
      const out: SettledCharge[] = [];
      for (const charge of ledger.charges.newestFirst((c) => c.status === 'succeeded' && (wanted === null || wanted.has(c.paymentIntent ?? '')))) {
        const txn = charge.balanceTransaction ? ledger.balanceTransactions.get(charge.balanceTransaction) : undefined;
        if (!txn) continue;
        out.push({ paymentIntent: charge.paymentIntent ?? '', charge: charge.id, balanceTransaction: txn.id, amount: txn.amount, fee: txn.fee, net: txn.net });
      }
      return out.reverse();
    },

    refund(target, fields = {}) {
      const ledger = bareLedgerOf(store);
      const charge = chargeOf(ledger, target);
      const refund = refundCharge(ledger, charge, {
        created: fields.created ?? now(),
        ...(fields.amount !== undefined ? { amount: fields.amount } : {}),
        ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
      });
      return { id: refund.id, balanceTransaction: refund.balanceTransaction };
    },

    dispute(target, fields) {
      const ledger = bareLedgerOf(store);
      const charge = chargeOf(ledger, target);
      const dispute = disputeCharge(ledger, charge, {
        status: fields.status,
        created: fields.created ?? now(),
        ...(fields.closedAt !== undefined ? { closedAt: fields.closedAt } : {}),
        ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
      });
      return { id: dispute.id, balanceTransactions: [...dispute.balanceTransactions] };
    },

    payOut(schedule, until) {
      return payOut(ledgerOf(store), schedule, until ?? now()).map((p) => ({
        id: p.id,
        amount: p.amount,
        currency: p.currency,
        created: p.created,
        arrivalDate: p.arrivalDate,
      }));
    },

    settleAndPayOut(schedule, until) {
      const charges = seeder.settle();
      return { charges, payouts: seeder.payOut(schedule, until) };
    },
  };
  return seeder;
}
