// The charge step's guards, with 3scale and Stripe replaced by plain objects: a PaymentIntent
// still in progress in Stripe blocks a new charge; a lost answer is waited for from when it
// was lost, not from before the request.
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../../main/invoices/charge-step';
import type { StripePayment } from '../../../../main/invoices/stripe-payments';
import { fakeStep, payment, target } from './fake-charge-step';

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
