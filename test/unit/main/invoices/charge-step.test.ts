// The charge step's guards, with 3scale and Stripe replaced by plain objects: a PaymentIntent
// still in progress in Stripe blocks a new charge; a lost answer is waited for from when it
// was lost, not from before the request.
import { describe, expect, it } from 'vitest';
import type { PaymentIntentStatus } from '../../../../common/contract/invoices';
import { ChargeStep, describeFailure, type ChargeTarget } from '../../../../main/invoices/charge-step';
import type { ServiceGate } from '../../../../main/invoices/service-gate';
import type { StripePayment, StripePayments } from '../../../../main/invoices/stripe-payments';
import type { BillingInvoice, ThreescaleBilling } from '../../../../main/invoices/threescale-billing';

const target: ChargeTarget = {
  invoiceId: 7,
  friendlyId: '2026-12-00000007',
  accountId: 3,
  organisation: 'Dev',
  total: { currency: 'EUR', amountMinor: 1000 },
  month: null,
  listPage: 1,
  paymentsSince: 0,
  customers: ['cus_1'],
};

const invoice = (state: string): BillingInvoice =>
  ({ id: 7, friendlyId: target.friendlyId, accountId: 3, state, cost: 10, currency: 'EUR', month: '2026-12', issuedOn: null, dueOn: null, paidAt: null, updatedAt: null }) as BillingInvoice;

export const payment = (id: string, status: PaymentIntentStatus, created = 1): StripePayment => ({
  id,
  status,
  amount: 1000,
  currency: 'EUR',
  created,
  customer: 'cus_1',
  description: null,
  orderId: '7',
  declineCode: null,
  errorMessage: null,
  card: null,
  latestCharge: null,
  accountReference: null,
  livemode: false,
});

export function fakeStep(world: { state: string; payments: StripePayment[] }, settleMs = 0): ChargeStep {
  const billing = { invoice: () => Promise.resolve(invoice(world.state)), invoicePage: () => Promise.resolve({ invoices: [invoice(world.state)], totalPages: 1 }) };
  const payments = { forCustomer: () => Promise.resolve([...world.payments]), customerFor: () => Promise.resolve('cus_1') };
  const gate = { run: <T>(send: () => Promise<T>) => send() };
  return new ChargeStep({
    billing: billing as unknown as ThreescaleBilling,
    payments: payments as unknown as StripePayments,
    threescale: gate as unknown as ServiceGate,
    providerId: () => '1',
    settleMs,
  });
}

describe('ChargeStep.check', () => {
  it.each(['processing', 'requires_action', 'requires_confirmation', 'requires_capture'] as const)('blocks a charge while a PaymentIntent is %s', async (status) => {
    const step = fakeStep({ state: 'unpaid', payments: [payment('pi_old', 'requires_payment_method'), payment('pi_now', status, 2)] });
    expect(await step.check(target)).toEqual({ kind: 'skip', message: `Skipped: a payment is in progress in Stripe (status ${status}, pi_now)` });
  });

  it.each(['requires_payment_method', 'canceled'] as const)('allows a new charge when the PaymentIntent is %s', async (status) => {
    const step = fakeStep({ state: 'unpaid', payments: [payment('pi_old', status)] });
    expect((await step.check(target)).kind).toBe('go');
  });
});

describe('describeFailure', () => {
  it.each(['processing', 'requires_confirmation', 'requires_capture'] as const)('reports %s as in progress, never declined', (status) => {
    const result = describeFailure(payment('pi_1', status), 'Failed');
    expect(result.message).not.toMatch(/Declined/);
    expect(result).toMatchObject({ status: 'skipped', message: `A payment is in progress in Stripe (status ${status}); not charged again`, paymentIntentId: 'pi_1' });
  });

  it('reports requires_action as needing the developer', () => {
    expect(describeFailure(payment('pi_1', 'requires_action'), 'Failed').status).toBe('needs_action');
  });

  it('reconcile reports a PaymentIntent left processing as in progress', async () => {
    const world = { state: 'unpaid', payments: [] as StripePayment[] };
    const step = fakeStep(world);
    world.payments = [payment('pi_new', 'processing')];
    const settled = await step.reconcile(target, [], Date.now());
    expect(settled).toMatchObject({ status: 'skipped', message: expect.stringMatching(/in progress in Stripe \(status processing\)/) });
  });
});
