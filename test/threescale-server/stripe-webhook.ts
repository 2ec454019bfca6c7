/**
 * 3scale's Stripe webhook (finance/api/payment_callbacks/stripe_callbacks_controller.rb and
 * Finance::StripePaymentIntentUpdateService): on `payment_intent.succeeded` for a PaymentIntent 3scale
 * stored for one of its invoices, the stored state is updated, a payment transaction is recorded
 * ("Payment confirmed") and the invoice is paid. A PaymentIntent 3scale does not know is acknowledged
 * and ignored; one whose state did not change does nothing.
 *
 * The Stripe test server delivers its events in process (`onEvent`); `dropWebhooks` makes 3scale miss
 * them — the invisible case where a payment succeeded in Stripe and the invoice still says unpaid.
 */
import type { InvoiceRecord, World } from './store';

export interface PaymentIntentEvent {
  type: string;
  livemode: boolean;
  data: { object: Record<string, unknown> };
}

export function applyStripeEvent(world: World, event: PaymentIntentEvent): 'applied' | 'ignored' {
  if (event.type !== 'payment_intent.succeeded') return 'ignored';
  const intent = event.data.object;
  const reference = String(intent['id'] ?? '');
  let invoice: InvoiceRecord | undefined;
  for (const candidate of world.invoices.values()) {
    if (candidate.paymentIntents.some((known) => known.reference === reference)) invoice = candidate;
  }
  if (!invoice) return 'ignored';
  const known = invoice.paymentIntents.find((entry) => entry.reference === reference);
  const status = String(intent['status'] ?? '');
  if (!known || known.state === status) return 'ignored';
  known.state = status;
  const succeeded = status === 'succeeded';
  const amountCents = typeof intent['amount'] === 'number' ? intent['amount'] : 0;
  world.transactions.push({
    id: world.id(),
    invoiceId: invoice.id,
    accountId: invoice.buyerAccountId,
    reference,
    success: succeeded,
    amount: amountCents / 100,
    currency: typeof intent['currency'] === 'string' ? intent['currency'].toUpperCase() : invoice.currency,
    action: 'purchase',
    message: succeeded ? 'Payment confirmed' : status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, ' '),
    test: !event.livemode,
    createdAt: world.now(),
  });
  // Invoice#pay: from unpaid, pending or failed.
  if (succeeded && ['unpaid', 'pending', 'failed'].includes(invoice.state)) {
    invoice.state = 'paid';
    invoice.paidAt = world.now();
    invoice.updatedAt = world.now();
  }
  return 'applied';
}
