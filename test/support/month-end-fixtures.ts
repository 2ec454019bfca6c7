// A month of 3scale billing and its Stripe money, seeded straight into both test servers (no
// HTTP, so 10,000 invoices take a moment): buyer accounts with their Stripe customers, one
// invoice each with its line item, charge attempts as 3scale makes them (a PaymentIntent with
// 3scale's description and metadata.order_id, a payment transaction referencing it), refunds,
// disputes, other business on the same Stripe account, and automatic payouts. Every case of
// the month-end report occurs in a fixed share, and the fixture says which invoice is which.

import type { MismatchKind } from '../../common/contract/month-end';
import type { FakeStripe } from '../stripe-server/server';
import type { FakeThreescale } from '../threescale-server/server';
import type { InvoiceState } from '../threescale-server/store';
import { seededRandom } from './seeded-random';

export type MonthEndCase =
  | 'collected'
  | 'collected_after_retries'
  | 'failed'
  | 'needs_action'
  | 'pending'
  | 'cancelled'
  | 'paid_by_hand'
  | 'paid_in_stripe_only'
  | 'amount_differs'
  | 'partly_refunded'
  | 'dispute_lost'
  | 'dispute_won';

/** Shares out of 1000 (the rest is `collected`). */
const SHARES: readonly [MonthEndCase, number][] = [
  ['collected_after_retries', 60],
  ['failed', 50],
  ['needs_action', 30],
  ['pending', 20],
  ['cancelled', 10],
  ['paid_by_hand', 10],
  ['paid_in_stripe_only', 10],
  ['amount_differs', 10],
  ['partly_refunded', 20],
  ['dispute_lost', 10],
  ['dispute_won', 10],
];

/** The mismatch list each case lands in. */
export const CASE_MISMATCH: Partial<Record<MonthEndCase, MismatchKind>> = {
  paid_by_hand: 'paid_without_stripe_payment',
  paid_in_stripe_only: 'paid_in_stripe_not_in_3scale',
  amount_differs: 'amount_or_currency_differs',
  partly_refunded: 'refunded_or_disputed',
  dispute_lost: 'refunded_or_disputed',
};

export interface MonthEndWorldOptions {
  /** "YYYY-MM": the invoices' period; they are charged in the same month (prepaid). */
  month: string;
  invoices: number;
  /** Default ['EUR']; invoices take them in turn. */
  currencies?: string[];
  payouts?: 'daily' | 'weekly';
  /** Stripe payments no invoice claims (other business); default invoices / 200. */
  otherPayments?: number;
  seed?: number;
  /** The Stripe account seeded (default the fake's default account). */
  stripeAccountId?: string;
}

export interface MonthEndWorld {
  /** Invoice id → its case. */
  cases: Map<number, MonthEndCase>;
  /** Invoice ids per mismatch kind, ascending. */
  expectedMismatches: Record<MismatchKind, number[]>;
  otherPaymentIntents: string[];
  payouts: { id: string; amount: number; currency: string; arrivalDate: number }[];
}

function pickCase(random: () => number): MonthEndCase {
  let roll = Math.floor(random() * 1000);
  for (const [kind, share] of SHARES) {
    if (roll < share) return kind;
    roll -= share;
  }
  return 'collected';
}

const STATE_OF: Record<MonthEndCase, InvoiceState> = {
  collected: 'paid',
  collected_after_retries: 'paid',
  failed: 'failed',
  needs_action: 'unpaid',
  pending: 'pending',
  cancelled: 'cancelled',
  paid_by_hand: 'paid',
  paid_in_stripe_only: 'unpaid',
  amount_differs: 'paid',
  partly_refunded: 'paid',
  dispute_lost: 'paid',
  dispute_won: 'paid',
};

export function seedMonthEndWorld(threescale: FakeThreescale, stripe: FakeStripe, options: MonthEndWorldOptions): MonthEndWorld {
  const random = seededRandom(options.seed ?? 13);
  const currencies = options.currencies ?? ['EUR'];
  const [year, month] = options.month.split('-').map(Number);
  if (!year || !month) throw new Error(`not a month: ${options.month}`);
  const start = Date.UTC(year, month - 1, 1) / 1000;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const ledger = stripe.ledger('test', options.stripeAccountId);
  const { world } = threescale;
  const provider = world.provider;
  const cases = new Map<number, MonthEndCase>();
  const expectedMismatches: Record<MismatchKind, number[]> = {
    paid_without_stripe_payment: [],
    paid_in_stripe_not_in_3scale: [],
    amount_or_currency_differs: [],
    refunded_or_disputed: [],
  };
  const when = (day: number) => start + (day - 1) * 86_400 + 3_600 + Math.floor(random() * 72_000);

  for (let n = 0; n < options.invoices; n += 1) {
    const currency = currencies[n % currencies.length] ?? 'EUR';
    const kind = pickCase(random);
    const orgName = `Developer ${String(n + 1).padStart(5, '0')}`;
    const customer = stripe.seedCustomer('test', { ...(options.stripeAccountId ? { accountId: options.stripeAccountId } : {}), description: orgName, metadata: { '3scale_account_reference': `3scale-${provider.id}-${n}` }, created: start - 86_400 * 30 });
    const created = new Date((start - 86_400 * 30) * 1000);
    const accountId = world.id();
    world.accounts.set(accountId, {
      id: accountId,
      orgName,
      state: 'approved',
      email: `billing@developer-${n + 1}.example`,
      monthlyBillingEnabled: true,
      monthlyChargingEnabled: true,
      card: { paymentMethodId: `pm_seeded_${n}`, partialNumber: '4242', expiresOn: `${year + 2}-12-01` },
      stripeCustomerId: customer.id,
      createdAt: created,
      updatedAt: created,
    });
    const invoiceId = world.id();
    const friendlyId = `${options.month}-${String(n + 1).padStart(8, '0')}`;
    const cost = Math.round(1_000 + random() * 49_000) / 100;
    const costMinor = Math.round(cost * 100);
    const state = STATE_OF[kind];
    const issuedAt = new Date(start * 1000);
    world.invoices.set(invoiceId, {
      id: invoiceId,
      buyerAccountId: accountId,
      friendlyId,
      state,
      period: options.month,
      currency,
      vatRate: null,
      issuedOn: `${options.month}-01`,
      dueOn: `${options.month}-01`,
      paidAt: state === 'paid' ? new Date((start + 3 * 86_400) * 1000) : null,
      creationType: 'background',
      paymentIntents: [],
      createdAt: issuedAt,
      updatedAt: issuedAt,
    });
    world.lineItems.push({ id: world.id(), invoiceId, name: 'Fixed fee (Pro plan)', description: null, quantity: 1, cost, type: 'LineItem::PlanCost', createdAt: issuedAt });
    cases.set(invoiceId, kind);
    const mismatch = CASE_MISMATCH[kind];
    if (mismatch) expectedMismatches[mismatch].push(invoiceId);

    /** One charge attempt as 3scale makes it; `recorded: false` when the webhook never reached 3scale. */
    const attempt = (day: number, card: string, recorded = true, amount = costMinor) => {
      const at = when(day);
      const intent = ledger.seedPaymentIntent({
        amount,
        currency: currency.toLowerCase(),
        created: at,
        customer: customer.id,
        description: `${provider.orgName} API services ${friendlyId}`,
        metadata: { order_id: String(invoiceId) },
        card,
      });
      const invoice = world.invoices.get(invoiceId);
      invoice?.paymentIntents.push({ reference: intent.id, state: intent.status });
      if (recorded) {
        world.transactions.push({
          id: world.id(),
          invoiceId,
          accountId,
          reference: intent.id,
          success: intent.status === 'succeeded',
          amount: amount / 100,
          currency,
          action: 'purchase',
          message: intent.status === 'succeeded' ? 'Transaction approved' : 'Your card was declined.',
          test: true,
          createdAt: new Date(at * 1000),
        });
      }
      return intent;
    };

    const chargeDay = 1 + Math.floor(random() * Math.min(3, days));
    switch (kind) {
      case 'collected':
        attempt(chargeDay, 'pm_card_visa');
        break;
      case 'collected_after_retries':
        attempt(chargeDay, 'pm_card_chargeDeclinedInsufficientFunds');
        attempt(chargeDay + 3, 'pm_card_chargeDeclinedInsufficientFunds');
        attempt(chargeDay + 6, 'pm_card_visa');
        break;
      case 'failed':
        attempt(chargeDay, 'pm_card_chargeDeclined');
        attempt(chargeDay + 3, 'pm_card_chargeDeclined');
        break;
      case 'needs_action':
        attempt(chargeDay, 'pm_card_authenticationRequired');
        break;
      case 'paid_in_stripe_only':
        attempt(chargeDay, 'pm_card_authenticationRequired');
        attempt(chargeDay + 2, 'pm_card_visa', false);
        break;
      case 'amount_differs':
        attempt(chargeDay, 'pm_card_visa', true, costMinor - 100);
        break;
      case 'partly_refunded':
      case 'dispute_lost':
      case 'dispute_won': {
        const paid = attempt(chargeDay, 'pm_card_visa');
        ledger.settle([paid.id]);
        if (kind === 'partly_refunded') ledger.refund(paid.id, { amount: Math.max(50, Math.floor(costMinor / 4)), created: when(chargeDay + 5) });
        else ledger.dispute(paid.id, { status: kind === 'dispute_lost' ? 'lost' : 'won', created: when(chargeDay + 8), closedAt: when(Math.min(days, chargeDay + 20)) });
        break;
      }
      case 'pending':
      case 'cancelled':
      case 'paid_by_hand':
        break;
    }
  }

  const otherPaymentIntents: string[] = [];
  const others = options.otherPayments ?? Math.floor(options.invoices / 200);
  for (let n = 0; n < others; n += 1) {
    const currency = (currencies[n % currencies.length] ?? 'EUR').toLowerCase();
    const intent = ledger.seedPaymentIntent({ amount: 5_000 + n, currency, created: when(1 + (n % days)), description: `Consulting ${n + 1}` });
    otherPaymentIntents.push(intent.id);
  }
  const endOfMonth = start + days * 86_400 - 1;
  const { payouts } = ledger.settleAndPayOut(options.payouts ?? 'daily', endOfMonth);
  for (const list of Object.values(expectedMismatches)) list.sort((a, b) => a - b);
  return { cases, expectedMismatches, otherPaymentIntents, payouts };
}
