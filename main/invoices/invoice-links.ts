// The outside pages an invoice links to, built by main from checked parts only: the
// invoice in the connected admin portal and its payment in the Stripe Dashboard.

import type { StripeMode } from '../../common/stripe-keys';
import { UserFacingError } from '../domain/user-facing-error';

/** The invoice's page in the admin portal (Audience › Billing › Invoices). */
export function adminInvoiceUrl(adminDomain: string, invoiceId: number): string {
  if (!/^[a-z0-9.-]+$/i.test(adminDomain) || !Number.isInteger(invoiceId) || invoiceId <= 0) {
    throw new UserFacingError('invalid_input', 'That is not an invoice of the connected admin portal.');
  }
  return `https://${adminDomain}/finance/invoices/${invoiceId}`;
}

const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9]{6,64}$/;

/** A payment's page in the Stripe Dashboard, in the right mode; refuses anything but a PaymentIntent id. */
export function paymentDashboardUrl(paymentIntentId: string, mode: StripeMode): string {
  if (!PAYMENT_INTENT_ID.test(paymentIntentId)) throw new UserFacingError('invalid_input', 'That is not a Stripe PaymentIntent id.');
  return `https://dashboard.stripe.com${mode === 'test' ? '/test' : ''}/payments/${paymentIntentId}`;
}
