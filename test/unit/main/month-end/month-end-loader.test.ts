// The month-end loader against the two test servers: a seeded month (every case of the report,
// two currencies, daily payouts) read by lists only — the requests each service got are counted
// and none asks for one object — and the report built from it finds exactly the seeded cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISMATCH_KINDS } from '../../../../common/contract/month-end';
import type { BillingInvoice } from '../../../../main/invoices/threescale-billing';
import { loadMonthEnd, paymentsMonthOf } from '../../../../main/month-end/month-end-loader';
import { buildMonthEndReport } from '../../../../main/month-end/month-end-report';
import { monthEndSession } from '../../../../main/month-end/month-end-session';
import { seedMonthEndWorld, type MonthEndWorld } from '../../../support/month-end-fixtures';
import { THREESCALE_PROVIDER } from '../../../support/threescale-fixtures';
import { startFakeStripe, type FakeStripe } from '../../../stripe-server/server';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';

const KEY = 'sk_test_51FakeMonthEndLoader00000000000001';
const TOKEN = 'tok-month-end-loader-0001';
const MONTH = '2026-10';
const INVOICES = 1200;

let stripe: FakeStripe;
let threescale: FakeThreescale;
let world: MonthEndWorld;

beforeAll(async () => {
  stripe = await startFakeStripe({ keys: [{ secret: KEY }] });
  threescale = await startFakeThreescale({ provider: THREESCALE_PROVIDER, tokens: [{ value: TOKEN, scopes: ['finance', 'account_management'] }] });
  world = seedMonthEndWorld(threescale, stripe, { month: MONTH, invoices: INVOICES, currencies: ['EUR', 'USD'], payouts: 'daily', seed: 11 });
}, 60_000);

afterAll(async () => {
  await threescale.stop();
  await stripe.stop();
});

function session() {
  return monthEndSession({
    connection: { host: '127.0.0.1', port: stripe.port, protocol: 'http' },
    activeKey: () => ({ mode: 'test', secretKey: KEY }),
    threescale: () => ({ adminDomain: THREESCALE_PROVIDER.adminDomain, accessToken: TOKEN }),
    threescaleBaseUrl: threescale.url,
    tuning: { threescaleRequestsPerSecond: 200, stripeRequestsPerSecond: 200, timeoutMs: 5000 },
  });
}

describe('loadMonthEnd against the test servers', { timeout: 60_000 }, () => {
  it('reads the month by lists only, and the report finds exactly the seeded mismatches', async () => {
    stripe.requests.length = 0;
    threescale.requests.length = 0;
    const stages = new Set<string>();
    const loaded = await loadMonthEnd(MONTH, session(), { signal: new AbortController().signal, onProgress: (p) => stages.add(p.stage) });

    // 3scale: the invoices in pages of 500, the accounts in pages of 500, the provider; no per-invoice request.
    const paths3 = threescale.requests.map((r) => r.path);
    expect(paths3.filter((p) => p === '/api/invoices.json')).toHaveLength(Math.ceil(INVOICES / 500));
    expect(paths3.filter((p) => p === '/admin/api/accounts.json')).toHaveLength(Math.ceil(threescale.world.accounts.size / 500));
    expect(paths3.filter((p) => p === '/admin/api/provider.json')).toHaveLength(1);
    expect(paths3).toHaveLength(loaded.requests.threescale);
    expect(threescale.requests.every((r) => !r.path.startsWith('/api/invoices.json') || r.query.includes('per_page=500'))).toBe(true);

    // Stripe: lists only, 100 a page, PaymentIntents with their latest charge's balance transaction expanded.
    const pathsS = stripe.requests.map((r) => r.path);
    expect(pathsS.every((p) => ['/v1/payment_intents', '/v1/refunds', '/v1/disputes', '/v1/payouts', '/v1/balance_transactions'].includes(p))).toBe(true);
    expect(pathsS).toHaveLength(loaded.requests.stripe);
    const intentRequests = stripe.requests.filter((r) => r.path === '/v1/payment_intents');
    expect(intentRequests.every((r) => decodeURIComponent(r.query).includes('expand[0]=data.latest_charge.balance_transaction'))).toBe(true);
    const intents = stripe.paymentIntents('test').length;
    // Pieces cut by density end in part-filled pages: a few more than the fewest pages, not one per object.
    console.log(`PaymentIntents: ${intents}, list requests: ${intentRequests.length}`);
    expect(intentRequests.length).toBeLessThanOrEqual(Math.ceil(intents / 100) * 1.3 + 2);
    expect(new Set(loaded.input.stripe.intents.map((i) => i.id)).size).toBe(intents);
    expect(loaded.input.stripe.intents).toHaveLength(intents);
    const payoutTxnRequests = stripe.requests.filter((r) => r.path === '/v1/balance_transactions');
    expect(payoutTxnRequests.every((r) => /(^|&)payout=po_/.test(r.query))).toBe(true);
    expect(new Set(payoutTxnRequests.map((r) => /payout=(po_[^&]+)/.exec(r.query)?.[1])).size).toBe(world.payouts.length);
    expect(stages).toEqual(new Set(['invoices', 'payments', 'payouts']));

    const report = buildMonthEndReport(loaded.input, { mode: 'test', provider: loaded.provider, loadedAt: '2026-11-02T00:00:00Z' });
    expect(report.provider).toBe(THREESCALE_PROVIDER.orgName);
    expect(report.paymentsMonth).toBe(MONTH);
    expect(report.rows).toHaveLength(INVOICES);
    for (const kind of MISMATCH_KINDS) expect(report.mismatches[kind].map((m) => m.invoiceId).sort((a, b) => a - b), kind).toEqual(world.expectedMismatches[kind]);
    expect(report.unmatchedPayments.map((p) => p.paymentIntentId).sort()).toEqual([...world.otherPaymentIntents].sort());
    // Payouts carried the month's net: every collected invoice settled before the month's end names its payout.
    expect(report.payouts.length).toBe(world.payouts.length);
    const collected = report.rows.filter((row) => row.status === 'collected');
    expect(collected.filter((row) => row.payouts.length > 0).length).toBeGreaterThan(collected.length * 0.8);
    expect(report.rows.find((row) => row.organisation === null)).toBeUndefined();
    const fees = report.totals.reduce((sum, t) => sum + t.feesMinor, 0);
    expect(fees).toBeGreaterThan(0);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('Cancelled by the user'));
    await expect(loadMonthEnd(MONTH, session(), { signal: controller.signal })).rejects.toThrow();
  });
});

describe('paymentsMonthOf', () => {
  const invoice = (dueOn: string | null): BillingInvoice => ({
    id: 1,
    friendlyId: 'x',
    accountId: 1,
    state: 'paid',
    cost: 1,
    currency: 'EUR',
    month: '2026-10',
    issuedOn: dueOn,
    dueOn,
    paidAt: null,
    updatedAt: null,
  });
  it('is the month itself when 3scale bills prepaid (due within it)', () => {
    expect(paymentsMonthOf('2026-10', [invoice('2026-10-01'), invoice('2026-10-01')])).toBe('2026-10');
  });
  it('is the next month when the invoices are due after the period (postpaid)', () => {
    expect(paymentsMonthOf('2026-10', [invoice('2026-11-03'), invoice('2026-11-03'), invoice('2026-10-31')])).toBe('2026-11');
    expect(paymentsMonthOf('2026-12', [invoice('2027-01-05')])).toBe('2027-01');
  });
  it('is the month when nothing says otherwise', () => {
    expect(paymentsMonthOf('2026-10', [])).toBe('2026-10');
    expect(paymentsMonthOf('2026-10', [invoice(null)])).toBe('2026-10');
  });
});
