// The plan of a retry run, pure: every exclusion reason, in its order of precedence, and
// the totals per currency of what is charged.
import { describe, expect, it } from 'vitest';
import type { ChargeTarget } from '../../../../main/invoices/charge-step';
import type { InvoiceFacts } from '../../../../main/invoices/invoice-facts';
import { planRetry, type PlanInput } from '../../../../main/invoices/retry-plan';
import type { StripePayment } from '../../../../main/invoices/stripe-payments';
import type { BillingInvoice, BuyerAccount } from '../../../../main/invoices/threescale-billing';

const TODAY = new Date('2026-12-02T10:00:00Z');

function invoice(id: number, extra: Partial<BillingInvoice> = {}): BillingInvoice {
  return { id, friendlyId: `2026-11-0000000${id}`, accountId: 100 + id, state: 'failed', cost: 10, currency: 'EUR', month: '2026-11', issuedOn: null, dueOn: null, paidAt: null, updatedAt: null, ...extra };
}
function account(id: number, extra: Partial<BuyerAccount> = {}): BuyerAccount {
  return { id, orgName: `Org ${id}`, cardStored: true, cardLast4: '4242', cardExpiresOn: '2027-05-01', monthlyChargingEnabled: true, ...extra };
}
function payment(id: string, extra: Partial<StripePayment> = {}): StripePayment {
  return { id, status: 'requires_payment_method', amount: 1000, currency: 'EUR', created: 1, customer: 'cus_1', description: null, orderId: null, declineCode: 'generic_decline', errorMessage: null, card: null, latestCharge: null, accountReference: null, livemode: false, ...extra };
}
function input(id: number, facts: Partial<InvoiceFacts> = {}, inv: Partial<BillingInvoice> = {}, acc: Partial<BuyerAccount> = {}): PlanInput {
  const i = invoice(id, inv);
  const target: ChargeTarget = { invoiceId: id, friendlyId: i.friendlyId, accountId: i.accountId, organisation: null, total: { amountMinor: Math.round(i.cost * 100), currency: i.currency }, month: '2026-11', listPage: 1, paymentsSince: 0, customers: [] };
  return { facts: { invoice: i, account: account(i.accountId, acc), transactions: [], payments: [], ...facts }, target };
}

describe('a retry plan', () => {
  it('leaves out each invoice for its reason and charges the rest', () => {
    const plan = planRetry(
      [
        input(1),
        input(2, { payments: [payment('pi_ok', { status: 'succeeded', declineCode: null })] }),
        input(3, {}, { state: 'paid' }),
        input(4, {}, { state: 'cancelled' }),
        input(5, {}, {}, { cardStored: false }),
        input(6, {}, {}, { cardExpiresOn: '2026-11-01' }),
        input(7, { payments: [payment('pi_auth', { declineCode: 'authentication_required' })] }),
        input(8, { payments: [payment('pi_act', { status: 'requires_action', declineCode: null })] }),
        input(9, { payments: [payment('pi_lost', { declineCode: 'lost_card' })] }),
        input(10, {}, {}, { monthlyChargingEnabled: false }),
        input(11, { payments: [payment('pi_soft', { declineCode: 'insufficient_funds' })] }, { currency: 'USD', cost: 12.5 }),
        input(12, {}, {}, { cardExpiresOn: '2026-12-01' }),
        input(13, { payments: [payment('pi_proc', { status: 'processing', declineCode: null })] }),
        input(14, { payments: [payment('pi_unconfirmed', { status: 'requires_confirmation', declineCode: null })] }),
        input(15, { payments: [payment('pi_uncaptured', { status: 'requires_capture', declineCode: null })] }),
      ],
      'test',
      TODAY,
      'plan-1',
    );
    expect(Object.fromEntries(plan.view.excluded.map((e) => [e.invoiceId, e.reason]))).toEqual({
      2: 'paid_in_stripe',
      3: 'not_chargeable_state',
      4: 'not_chargeable_state',
      5: 'no_card',
      6: 'card_expired',
      7: 'needs_authentication',
      8: 'needs_authentication',
      9: 'hard_decline',
      10: 'charging_disabled',
      13: 'payment_in_progress',
      14: 'payment_in_progress',
      15: 'payment_in_progress',
    });
    expect(plan.view.include.map((i) => i.invoiceId)).toEqual([1, 11, 12]);
    expect(plan.targets.map((t) => t.invoiceId)).toEqual([1, 11, 12]);
    expect(plan.view.totals).toEqual([
      { currency: 'EUR', amountMinor: 2000 },
      { currency: 'USD', amountMinor: 1250 },
    ]);
    expect(plan.view.excluded.find((e) => e.invoiceId === 9)?.detail).toMatch(/reported lost/);
    const detail = (id: number) => plan.view.excluded.find((e) => e.invoiceId === id)?.detail;
    expect(detail(8)).toMatch(/pi_act/);
    expect(detail(13)).toMatch(/in progress in Stripe \(status processing, pi_proc\)/);
    expect(detail(14)).toMatch(/in progress in Stripe \(status requires_confirmation, pi_unconfirmed\)/);
    expect(detail(15)).toMatch(/in progress in Stripe \(status requires_capture, pi_uncaptured\)/);
  });

  it('leaves out an invoice with any PaymentIntent Stripe may still move money on, not only its newest', () => {
    const failedSince = payment('pi_failed_later', { created: 5, declineCode: 'insufficient_funds' });
    const plan = planRetry(
      [
        input(1, { payments: [payment('pi_waiting', { status: 'requires_action', declineCode: null, created: 1 }), failedSince] }),
        input(2, { payments: [payment('pi_capture', { status: 'requires_capture', declineCode: null, created: 1 }), failedSince] }),
        // Stripe's side comes before what 3scale holds: no card now, yet a payment may still complete.
        input(3, { payments: [payment('pi_proc', { status: 'processing', declineCode: null })] }, {}, { cardStored: false }),
      ],
      'test',
      TODAY,
    );
    expect(plan.view.include).toEqual([]);
    expect(plan.view.excluded.map((e) => [e.invoiceId, e.reason])).toEqual([
      [1, 'needs_authentication'],
      [2, 'payment_in_progress'],
      [3, 'payment_in_progress'],
    ]);
    expect(plan.view.excluded[0]?.detail).toMatch(/pi_waiting/);
    expect(plan.view.excluded[1]?.detail).toMatch(/status requires_capture, pi_capture/);
  });

  it('says when the payment taken in Stripe is not the invoice total, rather than advising to mark the invoice paid', () => {
    const plan = planRetry([input(1, { payments: [payment('pi_part', { status: 'succeeded', declineCode: null, amount: 400 })] })], 'test', TODAY);
    expect(plan.view.excluded[0]?.reason).toBe('paid_in_stripe');
    expect(plan.view.excluded[0]?.detail).toMatch(/pi_part.*4\.00 EUR.*10\.00 EUR/);
    expect(plan.view.excluded[0]?.detail).not.toMatch(/Mark it as paid/);
    const whole = planRetry([input(1, { payments: [payment('pi_whole', { status: 'succeeded', declineCode: null })] })], 'test', TODAY);
    expect(whole.view.excluded[0]?.detail).toMatch(/Mark it as paid in 3scale/);
  });

  it('puts money already taken in Stripe before every other reason', () => {
    const plan = planRetry([input(1, { payments: [payment('pi_ok', { status: 'succeeded' })] }, { state: 'failed' }, { cardStored: false })], 'live', TODAY);
    expect(plan.view.excluded[0]?.reason).toBe('paid_in_stripe');
    expect(plan.view.mode).toBe('live');
  });
});
