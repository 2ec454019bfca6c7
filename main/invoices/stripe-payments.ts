// What Stripe knows of 3scale's payments: PaymentIntents read by list (created since a day,
// or one customer's), with their card expanded, so that a month costs a few pages rather
// than a request per payment; and one PaymentIntent by id when a list missed it.

import type Stripe from 'stripe';
import type { CardView, PaymentIntentStatus } from '../../common/contract/invoices';

/** A PaymentIntent reduced to what the join and the checks need. */
export interface StripePayment {
  id: string;
  status: PaymentIntentStatus;
  /** Minor units. */
  amount: number;
  /** Upper case, as 3scale writes currencies. */
  currency: string;
  created: number;
  customer: string | null;
  description: string | null;
  /** metadata.order_id: the invoice id 3scale's gateway passes (ActiveMerchant's order_id). */
  orderId: string | null;
  /** last_payment_error.decline_code, else its code (e.g. authentication_required). */
  declineCode: string | null;
  errorMessage: string | null;
  card: CardView | null;
  /** Changes with every attempt on the same PaymentIntent (3scale's retries confirm it again). */
  latestCharge: string | null;
  /** The customer's metadata.3scale_account_reference (customer expanded), e.g. "3scale-2445…-12". */
  accountReference: string | null;
  livemode: boolean;
}

function cardOf(method: unknown): CardView | null {
  if (!method || typeof method !== 'object') return null;
  const card = (method as { card?: { brand?: string; last4?: string; exp_month?: number; exp_year?: number } }).card;
  if (!card) return null;
  return { brand: card.brand ?? null, last4: card.last4 ?? null, expMonth: card.exp_month ?? null, expYear: card.exp_year ?? null };
}

export function toStripePayment(intent: Stripe.PaymentIntent): StripePayment {
  const error = intent.last_payment_error;
  return {
    id: intent.id,
    status: intent.status as PaymentIntentStatus,
    amount: intent.amount,
    currency: intent.currency.toUpperCase(),
    created: intent.created,
    customer: typeof intent.customer === 'string' ? intent.customer : (intent.customer?.id ?? null),
    description: intent.description ?? null,
    orderId: intent.metadata?.['order_id'] ?? null,
    declineCode: error?.decline_code ?? error?.code ?? null,
    errorMessage: error?.message ?? null,
    // A declined PaymentIntent loses its payment_method; the error keeps the card it tried.
    card: cardOf(intent.payment_method) ?? cardOf(error?.payment_method),
    latestCharge: typeof intent.latest_charge === 'string' ? intent.latest_charge : (intent.latest_charge?.id ?? null),
    accountReference:
      intent.customer && typeof intent.customer === 'object' && !intent.customer.deleted
        ? (intent.customer.metadata?.['3scale_account_reference'] ?? null)
        : null,
    livemode: intent.livemode,
  };
}

/** Sends one Stripe request (the caller's rate limit and retries wrap it). */
export type StripeSend = <T>(send: () => Promise<T>) => Promise<T>;

export class StripePayments {
  constructor(
    private readonly stripe: Stripe,
    private readonly send: StripeSend,
  ) {}

  /** Every PaymentIntent created at or after `since` (Unix seconds), page by page; `onPage` for progress; `signal` stops between pages. */
  async listSince(since: number, onPage?: (count: number) => void, signal?: AbortSignal): Promise<StripePayment[]> {
    const out: StripePayment[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const page = await this.send(() =>
        this.stripe.paymentIntents.list({
          created: { gte: since },
          limit: 100,
          expand: ['data.payment_method', 'data.customer'],
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      out.push(...page.data.map(toStripePayment));
      onPage?.(out.length);
      const last = page.data[page.data.length - 1];
      if (!page.has_more || !last) return out;
      startingAfter = last.id;
    }
  }

  /** A customer's PaymentIntents created at or after `since`, newest first. */
  async forCustomer(customer: string, since: number): Promise<StripePayment[]> {
    const out: StripePayment[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const page = await this.send(() =>
        this.stripe.paymentIntents.list({
          customer,
          created: { gte: since },
          limit: 100,
          expand: ['data.payment_method'],
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      out.push(...page.data.map(toStripePayment));
      const last = page.data[page.data.length - 1];
      if (!page.has_more || !last) return out;
      startingAfter = last.id;
    }
  }

  async retrieve(id: string): Promise<StripePayment | null> {
    try {
      return toStripePayment(await this.send(() => this.stripe.paymentIntents.retrieve(id, { expand: ['payment_method'] })));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return null;
      throw error;
    }
  }

  /**
   * The PaymentIntent of a charge: 3scale records a declined attempt's reference as the failed
   * charge's id (ActiveMerchant's error.charge). Null when Stripe has no such charge or the key
   * may not read charges (a restricted key): the invoice is then joined by its order_id.
   */
  async retrieveByCharge(chargeId: string): Promise<StripePayment | null> {
    let intentId: string | null;
    try {
      const charge = await this.send(() => this.stripe.charges.retrieve(chargeId));
      intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404 || status === 403) return null;
      throw error;
    }
    return intentId ? this.retrieve(intentId) : null;
  }

  /** The Stripe customer 3scale created for a developer account (metadata.3scale_account_reference). */
  async customerFor(reference: string): Promise<string | null> {
    const found = await this.send(() =>
      this.stripe.customers.search({ query: `metadata['3scale_account_reference']:'${reference.replace(/'/g, "\\'")}'`, limit: 10 }),
    );
    // 3scale uses the newest when there are several.
    const newest = [...found.data].sort((a, b) => b.created - a.created)[0];
    return newest?.id ?? null;
  }
}
