// A ChargeStep over plain objects standing for 3scale and Stripe, for the invoices unit tests.
import type { PaymentIntentStatus } from '../../../../common/contract/invoices';
import { ChargeStep, type ChargeTarget } from '../../../../main/invoices/charge-step';
import type { ServiceGate } from '../../../../main/invoices/service-gate';
import type { StripePayment, StripePayments } from '../../../../main/invoices/stripe-payments';
import type { BillingInvoice, ThreescaleBilling } from '../../../../main/invoices/threescale-billing';
import { ThreescaleError } from '../../../../main/threescale/threescale-client';

export const target: ChargeTarget = {
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

const invoice = (state: string, id = 7): BillingInvoice =>
  ({ id, friendlyId: id === 7 ? target.friendlyId : `2026-12-0000000${id}`, accountId: 3, state, cost: 10, currency: 'EUR', month: '2026-12', issuedOn: null, dueOn: null, paidAt: null, updatedAt: null }) as BillingInvoice;

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

export interface FakeWorld {
  state: string;
  /** One invoice's state when it differs from `state`. */
  stateOf?: (invoiceId: number) => string | undefined;
  payments: StripePayment[];
  /** 3scale's invoice read fails (neither side can be read to settle a charge). */
  readFails?: boolean;
  /** 3scale answers 404 for the invoice: it was deleted. */
  invoiceGone?: boolean;
  /** Stripe's list of PaymentIntents cannot be read. */
  stripeFails?: boolean;
  /** What 3scale does with a charge request (default: loses the answer). */
  charge?: (invoiceId: number) => Promise<unknown>;
}

export function fakeStep(world: FakeWorld, settleMs = 0): ChargeStep {
  const billing = { charge: (invoiceId: number) => (world.charge ?? (() => Promise.reject(new Error('timeout'))))(invoiceId), invoice: (id: number) =>
      world.invoiceGone
        ? Promise.reject(new ThreescaleError('not_found', 'no /api/invoices/7.json (404)', 404))
        : world.readFails
          ? Promise.reject(new Error('503 Service Unavailable'))
          : Promise.resolve(invoice(world.stateOf?.(id) ?? world.state, id)), invoicePage: () => Promise.resolve({ invoices: [invoice(world.state)], totalPages: 1 }) };
  const payments = { forCustomer: () => (world.stripeFails ? Promise.reject(new Error('Stripe: Request timed out')) : Promise.resolve([...world.payments])), customerFor: () => Promise.resolve('cus_1') };
  const gate = { run: <T>(send: () => Promise<T>) => send() };
  return new ChargeStep({
    billing: billing as unknown as ThreescaleBilling,
    payments: payments as unknown as StripePayments,
    threescale: gate as unknown as ServiceGate,
    providerId: () => '1',
    settleMs,
  });
}

