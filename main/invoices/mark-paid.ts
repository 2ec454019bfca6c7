// "Mark as paid in 3scale" for an invoice paid in Stripe whose webhook never reached 3scale:
// only with a PaymentIntent of that invoice that succeeded for the invoice's total (as 3scale
// reports it now), both read again right before 3scale's state is changed.

import type { ChargeResultView, InvoiceRowView } from '../../common/contract/invoices';
import { UserFacingError } from '../domain/user-facing-error';
import { formatMinor } from '../shared/currency-units';
import type { ChargeTarget } from './charge-step';
import { money } from './invoice-join';
import type { Session } from './invoices-session';
import { writeFinanceLog, type FinanceLogPort } from './journaled-charge';

export interface MarkPaidContext {
  target: ChargeTarget;
  session: Session;
  financeLog?: FinanceLogPort | undefined;
  /** The invoice's row read again from both sides. */
  refresh: () => Promise<InvoiceRowView | null>;
}

export async function markPaidInThreescale(context: MarkPaidContext, paymentIntentId: string): Promise<ChargeResultView> {
  const { target, session, financeLog, refresh } = context;
  const { invoiceId } = target;
  const payment = await session.payments.retrieve(paymentIntentId);
  const ours =
    payment !== null &&
    (payment.orderId === String(invoiceId) || payment.description?.trim().split(/\s+/).pop() === target.friendlyId);
  if (!payment || !ours) throw new UserFacingError('invalid_input', `${paymentIntentId} is not a Stripe payment of invoice ${target.friendlyId}.`);
  if (payment.status !== 'succeeded') throw new UserFacingError('invalid_input', `${paymentIntentId} has not succeeded in Stripe (${payment.status}); the invoice stays as it is.`);
  const invoice = await session.threescaleGate.run(() => session.billing.invoice(invoiceId), 'read');
  if (invoice.state === 'paid') return { invoiceId, outcome: 'skipped', message: 'Already paid in 3scale', row: await refresh() };
  // 3scale charges the invoice's total in its currency (Finance::StripeChargeService: amount.cents):
  // a payment of anything else is not this invoice's payment, whatever its description says.
  const total = money(invoice.cost, invoice.currency);
  if (payment.amount !== total.amountMinor || payment.currency !== total.currency) {
    throw new UserFacingError(
      'invalid_input',
      `${paymentIntentId} took ${formatMinor(payment.amount, payment.currency)}, but invoice ${target.friendlyId} totals ${formatMinor(total.amountMinor, total.currency)} in 3scale now; it is not this invoice's payment. Nothing was changed in 3scale.`,
    );
  }
  await session.threescaleGate.run(() => session.billing.markPaid(invoiceId), 'write');
  const failed = writeFinanceLog(financeLog, {
    summary: `Marked invoice ${target.friendlyId} (${target.organisation ?? `account ${target.accountId}`}) as paid in 3scale: paid in Stripe by ${paymentIntentId}`,
    changes: [{ field: `invoice ${target.friendlyId}`, from: invoice.state, to: 'paid' }],
  });
  return { invoiceId, outcome: 'paid', message: `Marked as paid in 3scale (paid in Stripe by ${paymentIntentId})${failed ? `; ${failed}` : ''}`, row: await refresh() };
}
