// The join of 3scale's invoices with Stripe's PaymentIntents, pure.
import { describe, expect, it } from 'vitest';
import { customersByAccount, lastPayment, PaymentIndex, summarise, toMinor, toRow } from '../../../../main/invoices/invoice-join';
import type { StripePayment } from '../../../../main/invoices/stripe-payments';
import type { BillingInvoice, BillingTransaction } from '../../../../main/invoices/threescale-billing';

const invoice: BillingInvoice = { id: 42, friendlyId: '2026-11-00000007', accountId: 9, state: 'unpaid', cost: 99.99, currency: 'EUR', month: '2026-11', issuedOn: '2026-11-30', dueOn: '2026-12-02', paidAt: null, updatedAt: null };
const pi = (id: string, extra: Partial<StripePayment>): StripePayment => ({ id, status: 'requires_payment_method', amount: 9999, currency: 'EUR', created: 10, customer: 'cus_a', description: null, orderId: null, declineCode: null, errorMessage: null, card: null, latestCharge: null, accountReference: null, livemode: false, ...extra });
const tx = (reference: string, extra: Partial<BillingTransaction> = {}): BillingTransaction => ({ id: 1, createdAt: '2026-12-01T00:00:00Z', success: false, message: 'Your card was declined.', amount: 99.99, currency: 'EUR', reference, ...extra });

describe('the join', () => {
  it('finds a payment through a transaction reference and flags a succeeded one as paid in Stripe', () => {
    const index = new PaymentIndex([pi('pi_1', { status: 'succeeded', created: 20 }), pi('pi_other', { status: 'succeeded', description: 'x 2026-11-00000008' })]);
    const transactions = [tx('pi_1')];
    const payments = index.forInvoice(invoice, transactions, new Set());
    expect(payments.map((p) => p.id)).toEqual(['pi_1']);
    const row = toRow({ invoice, account: null, transactions, payments }, new Date());
    expect(row).toMatchObject({ paidInStripe: { id: 'pi_1' }, exclusion: { reason: 'paid_in_stripe' }, attempts: 1, lastMessage: 'Your card was declined.', total: { amountMinor: 9999 } });
  });

  // 3scale records ActiveMerchant's authorization as the reference: the PaymentIntent id when the
  // charge succeeds, but error.charge — the charge id — when the card is declined (StripeGateway#
  // authorization_from), and none when Stripe asks for authentication.
  it("finds a declined attempt's PaymentIntent by the charge id 3scale records as its reference", () => {
    const declined = pi('pi_declined', { latestCharge: 'ch_declined', customer: 'cus_b', declineCode: 'insufficient_funds', created: 30 });
    const newer = pi('pi_newer', { latestCharge: 'ch_newer', customer: 'cus_b', created: 40 });
    const index = new PaymentIndex([declined, newer]);
    const transactions = [tx('ch_declined')];
    expect(index.get('ch_declined')?.id).toBe('pi_declined');
    expect(index.forInvoice(invoice, transactions, new Set()).map((p) => p.id)).toEqual(['pi_declined']);
    expect(lastPayment({ invoice, account: null, transactions, payments: [declined, newer] })?.id).toBe('pi_declined');
    expect(customersByAccount([{ invoice, transactions }], index).get(invoice.accountId)).toEqual(new Set(['cus_b']));
  });

  it("finds a payment by the description's friendly id only among the account's customers", () => {
    const index = new PaymentIndex([
      pi('pi_desc', { status: 'succeeded', description: 'Acme API API services 2026-11-00000007', customer: 'cus_a' }),
      pi('pi_stranger', { status: 'succeeded', description: 'Other API services 2026-11-00000007', customer: 'cus_z' }),
    ]);
    expect(index.forInvoice(invoice, null, new Set(['cus_a'])).map((p) => p.id)).toEqual(['pi_desc']);
    expect(index.forInvoice(invoice, null, new Set())).toEqual([]);
  });

  it('finds a payment by metadata.order_id', () => {
    const index = new PaymentIndex([pi('pi_order', { orderId: '42', declineCode: 'authentication_required' })]);
    const payments = index.forInvoice(invoice, null, new Set());
    const row = toRow({ invoice, account: null, transactions: null, payments }, new Date());
    expect(row).toMatchObject({ needsAction: true, paidInStripe: null, lastPayment: { id: 'pi_order', declineText: 'The developer must authenticate this payment' } });
  });

  it('says an invoice cannot be charged, as the plan does, while any of its PaymentIntents may still move money', () => {
    const failedLater = pi('pi_failed', { created: 20, declineCode: 'insufficient_funds' });
    const waiting = toRow({ invoice, account: null, transactions: null, payments: [pi('pi_wait', { status: 'requires_action' }), failedLater] }, new Date());
    expect(waiting).toMatchObject({ needsAction: true, exclusion: { reason: 'needs_authentication' } });
    const capture = toRow({ invoice, account: null, transactions: null, payments: [pi('pi_cap', { status: 'requires_capture' }), failedLater] }, new Date());
    expect(capture).toMatchObject({ needsAction: false, exclusion: { reason: 'payment_in_progress' } });
    expect(capture.exclusion?.detail).toMatch(/requires_capture, pi_cap/);
  });

  it('converts amounts to minor units per currency and sums them per currency', () => {
    expect(toMinor(99.99, 'EUR')).toBe(9999);
    expect(toMinor(1500, 'JPY')).toBe(1500);
    const rows = [
      toRow({ invoice, account: null, transactions: null, payments: [] }, new Date()),
      toRow({ invoice: { ...invoice, id: 43, state: 'paid' }, account: null, transactions: null, payments: [] }, new Date()),
      toRow({ invoice: { ...invoice, id: 44, state: 'failed', currency: 'USD', cost: 5 }, account: null, transactions: null, payments: [] }, new Date()),
    ];
    expect(summarise(rows)).toEqual([
      { currency: 'EUR', paidMinor: 9999, failedMinor: 0, unpaidMinor: 9999, needsActionMinor: 0, paidInStripeMinor: 0, count: 2 },
      { currency: 'USD', paidMinor: 0, failedMinor: 500, unpaidMinor: 0, needsActionMinor: 0, paidInStripeMinor: 0, count: 1 },
    ]);
  });
});
