// What the Invoices feature knows about one invoice, 3scale's side and Stripe's: the input
// of the join, the exclusions and the plan (its own module so that none of them imports another for it).

import type { BillingInvoice, BillingTransaction, BuyerAccount } from './threescale-billing';
import type { StripePayment } from './stripe-payments';

/** Everything known about one invoice: 3scale's side and Stripe's. */
export interface InvoiceFacts {
  invoice: BillingInvoice;
  account: BuyerAccount | null;
  /** Null when the transactions were not read. */
  transactions: BillingTransaction[] | null;
  /** The invoice's PaymentIntents, oldest first. */
  payments: StripePayment[];
}
