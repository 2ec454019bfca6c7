// PaymentIntents as Stripe really returns them (hand-written from Stripe's API reference, no real
// data): expandable fields as ids or objects, a deleted customer, no metadata, a null description,
// a declined off-session card whose payment_method was cleared, and non-card payment methods.
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { StripePayments, toStripePayment } from '../../../../main/invoices/stripe-payments';
import { stripeError, stripeFor } from '../../../stripe-server/testing';
import { KEYS } from '../../../support/stripe-fixtures';
import { useFakeStripe } from '../../../support/vitest-fake-stripe';

const CARD_PM = {
  id: 'pm_1Q0card',
  object: 'payment_method',
  type: 'card',
  customer: 'cus_Q0globex',
  card: { brand: 'visa', last4: '0341', exp_month: 4, exp_year: 2029, funding: 'credit', country: 'US' },
  livemode: false,
  metadata: {},
};

function intent(fields: Record<string, unknown>): Stripe.PaymentIntent {
  return {
    id: 'pi_3Q0declined',
    object: 'payment_intent',
    amount: 11900,
    amount_received: 0,
    currency: 'eur',
    created: 1_793_000_000,
    customer: 'cus_Q0globex',
    description: 'Acme API API services 2026-10-00000042',
    latest_charge: 'ch_3Q0declined',
    last_payment_error: null,
    livemode: false,
    metadata: { order_id: '2447770001' },
    payment_method: null,
    payment_method_types: ['card'],
    status: 'requires_payment_method',
    ...fields,
  } as unknown as Stripe.PaymentIntent;
}

describe('toStripePayment', () => {
  it('reads a declined off-session charge: the card from the error, the decline code, a deleted customer', () => {
    const payment = toStripePayment(
      intent({
        customer: { id: 'cus_Q0globex', object: 'customer', deleted: true },
        last_payment_error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
          charge: 'ch_3Q0declined',
          payment_method: CARD_PM,
        },
      }),
    );
    expect(payment).toMatchObject({
      customer: 'cus_Q0globex',
      accountReference: null,
      declineCode: 'insufficient_funds',
      errorMessage: 'Your card has insufficient funds.',
      card: { brand: 'visa', last4: '0341', expMonth: 4, expYear: 2029 },
      latestCharge: 'ch_3Q0declined',
      orderId: '2447770001',
      currency: 'EUR',
    });
  });

  it('takes the error code when there is no decline code (authentication_required off session)', () => {
    const payment = toStripePayment(
      intent({ last_payment_error: { type: 'card_error', code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.', payment_method: CARD_PM } }),
    );
    expect(payment.declineCode).toBe('authentication_required');
  });

  it('reads expanded objects by their id, and no metadata, description or customer as none', () => {
    const payment = toStripePayment(
      intent({
        status: 'succeeded',
        latest_charge: { id: 'ch_3Q0paid', object: 'charge', status: 'succeeded' },
        customer: null,
        description: null,
        metadata: {},
        payment_method: { ...CARD_PM, id: 'pm_1Q0paid' },
      }),
    );
    expect(payment).toMatchObject({ latestCharge: 'ch_3Q0paid', customer: null, description: null, orderId: null, declineCode: null, card: { last4: '0341' } });
  });

  it('shows no card for a SEPA debit or Link payment method (no payment_method.card), rather than failing', () => {
    const sepa = toStripePayment(
      intent({
        status: 'processing',
        payment_method_types: ['sepa_debit'],
        payment_method: { id: 'pm_1Q0sepa', object: 'payment_method', type: 'sepa_debit', sepa_debit: { last4: '3000', country: 'DE' } },
      }),
    );
    expect(sepa.card).toBeNull();
    const link = toStripePayment(intent({ payment_method: { id: 'pm_1Q0link', object: 'payment_method', type: 'link', link: { email: 'dev@example.com' } } }));
    expect(link.card).toBeNull();
  });

  it('keeps Stripe minor units of a zero-decimal currency as they are', () => {
    expect(toStripePayment(intent({ currency: 'jpy', amount: 1500 }))).toMatchObject({ amount: 1500, currency: 'JPY' });
  });
});

// A declined attempt older than the listing: 3scale's reference is its charge (ch_…), read back to its PaymentIntent.
describe('StripePayments.retrieveByCharge against the Stripe test server', () => {
  const fake = useFakeStripe();

  it('finds the PaymentIntent of a declined charge, and none for an unknown charge or a key that may not read charges', async () => {
    const stripe = stripeFor(fake(), KEYS.testSecret);
    const customer = await stripe.customers.create({ description: 'Globex' });
    const method = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    const declined = await stripeError(
      stripe.paymentIntents.create({ amount: 11_900, currency: 'eur', customer: customer.id, payment_method: method.id, off_session: true, confirm: true }),
    );
    const chargeId = (declined.raw as { charge?: string }).charge ?? '';
    expect(chargeId).toMatch(/^ch_/);
    const payments = new StripePayments(stripe, (send) => send());
    const found = await payments.retrieveByCharge(chargeId);
    expect(found).toMatchObject({ status: 'requires_payment_method', latestCharge: chargeId, amount: 11_900, customer: customer.id });
    expect(await payments.retrieveByCharge('ch_doesnotexist000000000000')).toBeNull();
    const restricted = new StripePayments(stripeFor(fake(), KEYS.restrictedTest), (send) => send());
    expect(await restricted.retrieveByCharge(chargeId)).toBeNull();
  });
});
