/**
 * The fake 3scale's side of the one world it shares with the Stripe test server: it talks to that
 * server over HTTP with the provider's secret key, as 3scale's Stripe gateway does.
 *   - `storeCard`: app/lib/payment_gateways/stripe_crypt.rb — find or create the buyer's customer
 *     (description = org name, email, metadata.3scale_account_reference = 3scale-<provider>-<buyer>),
 *     collect the card with a confirmed SetupIntent (card, off_session), then keep the payment
 *     method id, last 4 and expiry (the first day of the expiry month) and the customer id.
 *   - `chargeInvoice`: app/services/finance/stripe_charge_service.rb — a PaymentIntent per attempt
 *     (amount in cents, currency, customer, the payment method 3scale holds, off_session, confirm,
 *     description "<provider name> API services <friendly_id>"), or, when the invoice already has
 *     a PaymentIntent that did not succeed, confirming that one again.
 */
import Stripe from 'stripe';
import type { BuyerAccountRecord, StoredCard } from './store';

export interface StripeGatewaySettings {
  /** The Stripe test server, e.g. 'http://127.0.0.1:12111'. */
  url: string;
  /** The provider's Stripe secret key (3scale's "Secret Key" gateway setting). */
  secretKey: string;
}

export function stripeClient(settings: StripeGatewaySettings): Stripe {
  const url = new URL(settings.url);
  return new Stripe(settings.secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

export function accountReference(providerId: number, buyerId: number): string {
  return `3scale-${providerId}-${buyerId}`;
}

/** Stores a card for the buyer the way 3scale's Stripe card form does; returns what 3scale keeps. */
export async function storeCard(
  stripe: Stripe,
  providerId: number,
  account: BuyerAccountRecord,
  paymentMethod: string,
): Promise<{ customerId: string; card: StoredCard }> {
  const customer = await findOrCreateCustomer(stripe, providerId, account);
  const methodId = await attachWithSetupIntent(stripe, customer, paymentMethod);
  // The customer's cards, rather than one retrieve: the Stripe test server lists them.
  const methods = await stripe.customers.listPaymentMethods(customer, { limit: 100 });
  const method = methods.data.find((m) => m.id === methodId);
  const card = method?.card;
  if (!method || !card) throw new Error(`${methodId} is not a card of ${customer}`);
  return {
    customerId: customer,
    card: {
      paymentMethodId: method.id,
      partialNumber: card.last4,
      expiresOn: `${card.exp_year}-${String(card.exp_month).padStart(2, '0')}-01`,
    },
  };
}

async function attachWithSetupIntent(stripe: Stripe, customer: string, paymentMethod: string): Promise<string> {
  try {
    // 3scale sends payment_method_types, which this SDK version's types no longer list.
    const params = { customer, payment_method: paymentMethod, payment_method_types: ['card'], usage: 'off_session', confirm: true };
    const setupIntent = await stripe.setupIntents.create(params as Stripe.SetupIntentCreateParams);
    const methodId = typeof setupIntent.payment_method === 'string' ? setupIntent.payment_method : setupIntent.payment_method?.id;
    if (!methodId) throw new Error(`SetupIntent ${setupIntent.id} has no payment method (status ${setupIntent.status})`);
    return methodId;
  } catch (error) {
    // A Stripe test server without SetupIntents yet: attach the card directly (same end state).
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404 && /Unrecognized request URL/.test(error.message))) {
      throw error;
    }
    const attached = await stripe.paymentMethods.attach(paymentMethod, { customer });
    return attached.id;
  }
}

async function findOrCreateCustomer(stripe: Stripe, providerId: number, account: BuyerAccountRecord): Promise<string> {
  if (account.stripeCustomerId) {
    try {
      const existing = await stripe.customers.retrieve(account.stripeCustomerId);
      if (!existing.deleted) return existing.id;
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    }
  }
  const created = await stripe.customers.create({
    description: account.orgName,
    email: account.email,
    metadata: { '3scale_account_reference': accountReference(providerId, account.id) },
  });
  return created.id;
}

export type ChargeOutcome =
  | { kind: 'succeeded'; paymentIntentId: string; status: string; livemode: boolean }
  /**
   * `reference`: what 3scale records as the transaction's reference, ActiveMerchant's
   * authorization — error.charge (the failed charge's id) for a Stripe error, none when
   * StripePaymentIntentsGateway#success_from turns requires_action into an error, else the
   * PaymentIntent's id.
   */
  | { kind: 'failed'; paymentIntentId: string | null; status: string | null; reference: string | null; message: string; livemode: boolean }
  | { kind: 'rate_limited'; message: string };

export interface ChargeRequest {
  amountCents: number;
  currency: string;
  customerId: string;
  paymentMethodId: string;
  description: string;
  invoiceId: number;
  /** The latest PaymentIntent of the invoice that did not succeed: confirmed again instead of a new one. */
  pendingPaymentIntentId: string | null;
}

export async function chargeInvoice(stripe: Stripe, request: ChargeRequest): Promise<ChargeOutcome> {
  try {
    const intent = request.pendingPaymentIntentId
      ? await stripe.paymentIntents.confirm(request.pendingPaymentIntentId, {
          payment_method: request.paymentMethodId,
          off_session: true,
        })
      : await stripe.paymentIntents.create({
          amount: request.amountCents,
          currency: request.currency.toLowerCase(),
          customer: request.customerId,
          payment_method: request.paymentMethodId,
          off_session: true,
          confirm: true,
          description: request.description,
          metadata: { order_id: String(request.invoiceId) },
        });
    if (intent.status === 'succeeded') return { kind: 'succeeded', paymentIntentId: intent.id, status: intent.status, livemode: intent.livemode };
    // StripeChargeService: anything but succeeded is a failed attempt, its message the humanised status.
    const humanised = intent.status.replace(/_/g, ' ');
    return {
      kind: 'failed',
      paymentIntentId: intent.id,
      status: intent.status,
      reference: intent.status === 'requires_action' ? null : intent.id,
      message: humanised.charAt(0).toUpperCase() + humanised.slice(1),
      livemode: intent.livemode,
    };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeRateLimitError) return { kind: 'rate_limited', message: error.message };
    if (error instanceof Stripe.errors.StripeError) {
      const raw = error.raw as { charge?: string; payment_intent?: { id: string; status: string; livemode: boolean } } | undefined;
      return {
        kind: 'failed',
        paymentIntentId: raw?.payment_intent?.id ?? null,
        status: raw?.payment_intent?.status ?? null,
        reference: raw?.charge ?? null,
        message: error.message,
        livemode: raw?.payment_intent?.livemode ?? false,
      };
    }
    throw error;
  }
}
