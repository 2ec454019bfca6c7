// The ledger of the fake: charges of succeeded PaymentIntents with their balance transactions and
// fees, refunds (partial, full, too much), disputes won and lost, automatic payouts and the lists a
// month-end report reads (balance transactions by payout/type/created with expand[]=data.source,
// payouts by arrival_date); every answer against Stripe's response schemas.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type Stripe from 'stripe';
import { expectMatchesResponseSchema } from './response-schema';
import { startFakeStripe } from './server';
import type { FakeStripe } from './server';
import { rawRequest, stripeError, stripeFor } from './testing';
import type { StripeErrorEnvelope } from './testing';

vi.setConfig({ testTimeout: 30_000 });

const KEY = 'sk_test_51FakeLedgerKey0000000000000000001';
const PAYOUT_KEY = 'sk_test_51FakeLedgerKey0000000000000000002';
const FEES_KEY = 'sk_test_51FakeLedgerKey0000000000000000003';
const BALANCE_ONLY = 'rk_test_51FakeLedgerKey0000000000000000004';
const PAYOUT_ACCOUNT = 'acct_1FakeLedgerPayouts';
const FEES_ACCOUNT = 'acct_1FakeLedgerFees';

/** Unix seconds of a day in October 2026 (a past month), at the hour given. */
function oct(day: number, hour = 12): number {
  return Date.UTC(2026, 9, day, hour) / 1000;
}

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe({
    keys: [
      { secret: KEY },
      { secret: PAYOUT_KEY, accountId: PAYOUT_ACCOUNT },
      { secret: FEES_KEY, accountId: FEES_ACCOUNT },
      { secret: BALANCE_ONLY, permissions: ['balance_read'] },
    ],
  });
  stripe = stripeFor(fake, KEY);
});

afterAll(async () => {
  await fake.stop();
});

async function getChecked<T>(path: string, key = KEY): Promise<T> {
  const response = await rawRequest<T>(fake, 'GET', path, { key });
  expectMatchesResponseSchema('GET', path, response.status, response.body);
  expect(response.status).toBe(200);
  return response.body;
}

describe('charges and their balance transactions', () => {
  it('a succeeded PaymentIntent has a charge whose balance transaction keeps 2.9% + 30¢; a declined one a failed charge without', { timeout: 30_000 }, async () => {
    const ledger = fake.ledger('test');
    const paid = ledger.seedPaymentIntent({ amount: 10_000, currency: 'usd', created: oct(3), description: 'Acme API services 2026-10-00000001' });
    const declined = ledger.seedPaymentIntent({ amount: 5_000, currency: 'usd', created: oct(3, 13), card: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(paid.status).toBe('succeeded');
    expect(declined.status).toBe('requires_payment_method');
    const [settled] = ledger.settle([paid.id]);
    expect(settled).toMatchObject({ paymentIntent: paid.id, charge: paid.charge, amount: 10_000, fee: 320, net: 9_680 });

    const charges = await getChecked<Stripe.ApiList<Stripe.Charge>>(`/v1/charges?payment_intent=${paid.id}&expand[]=data.balance_transaction`);
    expect(charges.data).toHaveLength(1);
    const charge = charges.data[0];
    expect(charge).toMatchObject({ id: paid.charge, status: 'succeeded', paid: true, amount: 10_000, amount_refunded: 0, refunded: false, payment_intent: paid.id, disputed: false });
    expect(charge?.balance_transaction).toMatchObject({
      object: 'balance_transaction',
      amount: 10_000,
      fee: 320,
      net: 9_680,
      type: 'charge',
      reporting_category: 'charge',
      source: paid.charge,
      status: 'available',
      // The UTC day of the charge plus two days.
      available_on: Date.UTC(2026, 9, 5) / 1000,
      fee_details: [{ amount: 320, currency: 'usd', type: 'stripe_fee', description: 'Stripe processing fees', application: null }],
    });

    const failed = await getChecked<Stripe.Charge>(`/v1/charges/${declined.charge ?? ''}`);
    expect(failed).toMatchObject({ status: 'failed', paid: false, balance_transaction: null, failure_code: 'card_declined', outcome: { reason: 'insufficient_funds' } });

    // One PaymentIntent list with its charge and fee expanded: what a loader needs in one request.
    const intent = await getChecked<Stripe.PaymentIntent>(`/v1/payment_intents/${paid.id}?expand[]=latest_charge.balance_transaction`);
    expect(intent.latest_charge).toMatchObject({ id: paid.charge, balance_transaction: { fee: 320, net: 9_680 } });
  });

  it('a PaymentIntent confirmed over HTTP gets its charge and balance transaction too', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2_000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, off_session: true });
    expect(intent.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(intent.latest_charge as string, { expand: ['balance_transaction'] });
    expect(charge.balance_transaction).toMatchObject({ amount: 2_000, fee: 88, net: 1_912, currency: 'eur' });
    const listed = await stripe.balanceTransactions.list({ source: charge.id });
    expect(listed.data.map((txn) => txn.type)).toEqual(['charge']);
  });

  it('a declined attempt over HTTP leaves a failed charge, dated when it was made', async () => {
    const before = Math.floor(Date.now() / 1000);
    const declined = await stripeError(stripe.paymentIntents.create({ amount: 3_000, currency: 'eur', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true, off_session: true }));
    const intentId = (declined.raw as { payment_intent?: { id: string } }).payment_intent?.id ?? '';
    const charges = await stripe.charges.list({ payment_intent: intentId });
    expect(charges.data).toHaveLength(1);
    expect(charges.data[0]).toMatchObject({ status: 'failed', amount: 3_000, balance_transaction: null, outcome: { reason: 'insufficient_funds' } });
    expect(charges.data[0]?.created).toBeGreaterThanOrEqual(before);
  });

  it('restricted keys need the charges permission; balance_read reads balance transactions', async () => {
    const refused = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/charges', { key: BALANCE_ONLY });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("'rak_charge_read'");
    const allowed = await rawRequest(fake, 'GET', '/v1/balance_transactions?limit=1', { key: BALANCE_ONLY });
    expect(allowed.status).toBe(200);
  });
});

describe('refunds', () => {
  it('partial refunds, each with its own negative balance transaction and no fee back; then the rest; then nothing left', async () => {
    const ledger = fake.ledger('test');
    const paid = ledger.seedPaymentIntent({ amount: 4_000, currency: 'usd', created: oct(6) });
    ledger.settle([paid.id]);
    const first = ledger.refund(paid.id, { amount: 1_500, created: oct(8) });
    const firstTxn = await getChecked<Stripe.BalanceTransaction>(`/v1/balance_transactions/${first.balanceTransaction}`);
    expect(firstTxn).toMatchObject({ amount: -1_500, fee: 0, net: -1_500, type: 'refund', reporting_category: 'refund', source: first.id, fee_details: [] });

    const overHttp = await rawRequest<Stripe.Refund>(fake, 'POST', '/v1/refunds', { key: KEY, body: `payment_intent=${paid.id}&amount=1000&reason=requested_by_customer` });
    expectMatchesResponseSchema('POST', '/v1/refunds', overHttp.status, overHttp.body);
    expect(overHttp.body).toMatchObject({ object: 'refund', amount: 1_000, status: 'succeeded', charge: paid.charge, payment_intent: paid.id, reason: 'requested_by_customer' });

    const tooMuch = await stripeError(stripe.refunds.create({ charge: paid.charge ?? '', amount: 2_000 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'amount' });
    expect(tooMuch.message).toBe('Refund amount (20.00 usd) is greater than unrefunded amount on charge (15.00 usd)');

    await stripe.refunds.create({ charge: paid.charge ?? '' });
    const charge = await getChecked<Stripe.Charge>(`/v1/charges/${paid.charge ?? ''}`);
    expect(charge).toMatchObject({ amount_refunded: 4_000, refunded: true });
    expect(charge.refunds?.data.map((r) => r.amount).sort()).toEqual([1_000, 1_500, 1_500]);
    const again = await stripeError(stripe.refunds.create({ charge: paid.charge ?? '' }));
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });

    const refunds = await getChecked<Stripe.ApiList<Stripe.Refund>>(`/v1/refunds?payment_intent=${paid.id}`);
    expect(refunds.data).toHaveLength(3);
  });
});

describe('disputes', () => {
  it('lost: the amount and the dispute fee withdrawn, nothing reinstated', async () => {
    const ledger = fake.ledger('test');
    const paid = ledger.seedPaymentIntent({ amount: 9_900, currency: 'usd', created: oct(10) });
    ledger.settle([paid.id]);
    const dispute = ledger.dispute(paid.id, { status: 'lost', created: oct(15) });
    const body = await getChecked<Stripe.Dispute>(`/v1/disputes/${dispute.id}`);
    expect(body).toMatchObject({ status: 'lost', amount: 9_900, charge: paid.charge, payment_intent: paid.id, is_charge_refundable: false });
    expect(body.balance_transactions).toHaveLength(1);
    expect(body.balance_transactions[0]).toMatchObject({ type: 'adjustment', reporting_category: 'dispute', amount: -9_900, fee: 1_500, net: -11_400 });
    expect(await stripe.charges.retrieve(paid.charge ?? '')).toMatchObject({ disputed: true, refunded: false });
    const refund = await stripeError(stripe.refunds.create({ charge: paid.charge ?? '' }));
    expect(refund).toMatchObject({ code: 'charge_disputed' });
  });

  it('won: withdrawn when opened, reinstated with the fee when closed', async () => {
    const ledger = fake.ledger('test');
    const paid = ledger.seedPaymentIntent({ amount: 5_000, currency: 'eur', created: oct(11) });
    ledger.settle([paid.id]);
    const dispute = ledger.dispute(paid.id, { status: 'won', created: oct(16), closedAt: oct(28) });
    const listed = await getChecked<Stripe.ApiList<Stripe.Dispute>>(`/v1/disputes?payment_intent=${paid.id}`);
    expect(listed.data.map((d) => d.id)).toEqual([dispute.id]);
    const [withdrawal, reinstatement] = listed.data[0]?.balance_transactions ?? [];
    expect(withdrawal).toMatchObject({ reporting_category: 'dispute', amount: -5_000, fee: 1_500, net: -6_500, created: oct(16) });
    expect(reinstatement).toMatchObject({ reporting_category: 'dispute_reversal', amount: 5_000, fee: -1_500, net: 6_500, created: oct(28) });
    const bySource = await getChecked<Stripe.ApiList<Stripe.BalanceTransaction>>(`/v1/balance_transactions?source=${dispute.id}`);
    expect(bySource.data.map((t) => t.reporting_category)).toEqual(['dispute_reversal', 'dispute']);
  });
});

describe('payouts', () => {
  it('daily payouts carry the net of each day; balance transactions by payout, type and created, with their sources expanded', async () => {
    const ledger = fake.ledger('test', PAYOUT_ACCOUNT);
    const a = ledger.seedPaymentIntent({ amount: 10_000, currency: 'usd', created: oct(1, 9) });
    const b = ledger.seedPaymentIntent({ amount: 20_000, currency: 'usd', created: oct(1, 18) });
    const c = ledger.seedPaymentIntent({ amount: 3_000, currency: 'usd', created: oct(2, 9) });
    const eur = ledger.seedPaymentIntent({ amount: 7_000, currency: 'eur', created: oct(1, 10) });
    ledger.seedPaymentIntent({ amount: 1_000, currency: 'usd', created: oct(1, 11), card: 'pm_card_chargeDeclined' });
    ledger.settle();
    ledger.refund(b.id, { amount: 5_000, created: oct(2, 10) });
    const { payouts } = ledger.settleAndPayOut('daily', oct(20));
    // 1 Oct (usd, eur) available on 3 Oct; 2 Oct's charge and refund on 4 Oct.
    expect(payouts.map((p) => [p.currency, p.amount, p.created, p.arrivalDate])).toEqual([
      ['eur', 7_000 - 233, oct(3, 1), Date.UTC(2026, 9, 4) / 1000],
      ['usd', 10_000 - 320 + 20_000 - 610, oct(3, 1), Date.UTC(2026, 9, 4) / 1000],
    ]);
    const usdFirst = payouts.find((p) => p.currency === 'usd');
    expect(usdFirst).toBeDefined();

    const inPayout = await getChecked<Stripe.ApiList<Stripe.BalanceTransaction>>(
      `/v1/balance_transactions?payout=${usdFirst?.id ?? ''}&expand[]=data.source&limit=100`,
      PAYOUT_KEY,
    );
    const byType = inPayout.data.map((t) => [t.type, t.amount]);
    expect(byType).toEqual(expect.arrayContaining([['charge', 10_000], ['charge', 20_000], ['payout', -(usdFirst?.amount ?? 0)]]));
    expect(inPayout.data).toHaveLength(3);
    const sources = inPayout.data.filter((t) => t.type === 'charge').map((t) => (t.source as Stripe.Charge).payment_intent).sort();
    expect(sources).toEqual([a.id, b.id].sort());
    expect(inPayout.data.find((t) => t.type === 'payout')?.source).toMatchObject({ object: 'payout', id: usdFirst?.id });

    // The 2 Oct day nets 3000 − 117 − 5000 < 0: it stays in the balance, not paid out.
    const unpaid = await getChecked<Stripe.ApiList<Stripe.BalanceTransaction>>(
      `/v1/balance_transactions?created[gte]=${oct(2, 0)}&created[lt]=${oct(3, 0)}`,
      PAYOUT_KEY,
    );
    expect(unpaid.data.map((t) => t.type).sort()).toEqual(['charge', 'refund']);
    const charges = await getChecked<Stripe.ApiList<Stripe.BalanceTransaction>>(`/v1/balance_transactions?type=charge&limit=100`, PAYOUT_KEY);
    expect(charges.data.map((t) => t.source).sort()).toEqual([a.charge, b.charge, c.charge, eur.charge].sort());

    const listed = await getChecked<Stripe.ApiList<Stripe.Payout>>(
      `/v1/payouts?arrival_date[gte]=${Date.UTC(2026, 9, 4) / 1000}&arrival_date[lt]=${Date.UTC(2026, 9, 5) / 1000}`,
      PAYOUT_KEY,
    );
    expect(listed.data.map((p) => p.currency).sort()).toEqual(['eur', 'usd']);
    expect(listed.data[0]).toMatchObject({ status: 'paid', automatic: true, method: 'standard', reconciliation_status: 'completed' });
    const none = await getChecked<Stripe.ApiList<Stripe.Payout>>(`/v1/payouts?arrival_date[gte]=${Date.UTC(2026, 9, 5) / 1000}`, PAYOUT_KEY);
    expect(none.data).toHaveLength(0);

    const unknown = await rawRequest<StripeErrorEnvelope>(fake, 'GET', '/v1/balance_transactions?payout=po_nope', { key: PAYOUT_KEY });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'resource_missing', param: 'payout' });
  });

  it('weekly payouts on the Monday after the week the funds became available; fees configurable per account', async () => {
    const ledger = fake.ledger('test', FEES_ACCOUNT);
    ledger.setFees({ percentBasisPoints: 150, fixedMinor: { default: 25, gbp: 20 } });
    // Thu 1 Oct → available Sat 3 Oct → paid Mon 5 Oct; Mon 5 Oct → available Wed 7 Oct → paid Mon 12 Oct.
    const first = ledger.seedPaymentIntent({ amount: 10_000, currency: 'gbp', created: oct(1) });
    const second = ledger.seedPaymentIntent({ amount: 10_000, currency: 'gbp', created: oct(5) });
    const { charges, payouts } = ledger.settleAndPayOut('weekly', oct(31));
    expect(charges.map((c) => c.fee)).toEqual([170, 170]);
    expect(payouts).toHaveLength(2);
    expect(payouts[0]).toMatchObject({ currency: 'gbp', amount: 10_000 - 170, created: Date.UTC(2026, 9, 5, 1) / 1000 });
    expect(payouts[1]).toMatchObject({ currency: 'gbp', amount: 10_000 - 170, created: Date.UTC(2026, 9, 12, 1) / 1000, arrivalDate: Date.UTC(2026, 9, 13) / 1000 });
    const inSecond = await stripe.balanceTransactions.list({ payout: payouts[1]?.id ?? '', type: 'charge' }, { apiKey: FEES_KEY });
    expect(inSecond.data.map((t) => t.source)).toEqual([second.charge]);
    expect(first.charge).not.toBe(second.charge);
  });
});
