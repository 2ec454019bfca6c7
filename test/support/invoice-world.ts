// One world of the two test servers for the Invoices feature: the fake 3scale charging
// through the fake Stripe, 3scale's webhook wired to Stripe's events, and quick seeding
// without HTTP (a developer account with its Stripe customer and card as 3scale leaves
// them, invoices, earlier failed attempts made through 3scale's own charge.json).
import { startFakeStripe, type FakeStripe } from '../stripe-server/server';
import { accountReference, startFakeThreescale, type FakeThreescale, type InvoiceState } from '../threescale-server/server';
import type { BuyerAccountRecord, InvoiceRecord } from '../threescale-server/store';
import { THREESCALE_PROVIDER, THREESCALE_TOKENS, THREESCALE_TOKENS_BY_NAME } from './threescale-fixtures';
import { createInvoicesFeature, type InvoicesFeature, type InvoicesFeatureDeps } from '../../main/invoices/invoices-feature';

export const WORLD_STRIPE_KEY = 'sk_test_invoicesWorld0000000000000000';
export const WORLD_TOKEN = THREESCALE_TOKENS_BY_NAME.all;

export type TestCard =
  | 'pm_card_visa'
  | 'pm_card_chargeCustomerFail'
  | 'pm_card_chargeDeclined'
  | 'pm_card_chargeDeclinedInsufficientFunds'
  | 'pm_card_chargeDeclinedLostCard'
  | 'pm_card_chargeDeclinedStolenCard'
  | 'pm_card_authenticationRequired';

export interface InvoiceWorld {
  stripe: FakeStripe;
  threescale: FakeThreescale;
  /** A developer account; `card: null` for none stored in 3scale. */
  account(seed: { orgName: string; card: TestCard | null; expMonth?: number; expYear?: number; chargingEnabled?: boolean }): Promise<BuyerAccountRecord>;
  /** Replaces the card 3scale holds (a new card saved by the developer). */
  replaceCard(account: BuyerAccountRecord, card: TestCard): void;
  invoice(account: BuyerAccountRecord, seed?: { state?: InvoiceState; cost?: number; period?: string; currency?: string }): InvoiceRecord;
  /** An attempt through 3scale's own charge.json (as its monthly billing would have made). */
  chargeIn3scale(invoiceId: number): Promise<number>;
  /** The feature under test, against this world. */
  feature(overrides: Partial<InvoicesFeatureDeps> & { journalDir: string }): InvoicesFeature;
  /** Succeeded PaymentIntents per invoice id (metadata.order_id). */
  succeededByInvoice(): Map<string, string[]>;
  stop(): Promise<void>;
}

/** Both test servers, started and wired for the Invoices feature. */
export async function startInvoiceWorld(): Promise<InvoiceWorld> {
  const stripe = await startFakeStripe({ keys: [{ secret: WORLD_STRIPE_KEY }] });
  const threescale = await startFakeThreescale({
    provider: THREESCALE_PROVIDER,
    tokens: THREESCALE_TOKENS,
    stripe: { url: stripe.url, secretKey: WORLD_STRIPE_KEY },
  });
  const world = invoiceWorldOn(stripe, threescale, WORLD_STRIPE_KEY);
  return {
    ...world,
    async stop() {
      await world.stop();
      await threescale.stop();
      await stripe.stop();
    },
  };
}

/**
 * The same helpers over servers started elsewhere (the e2e fixtures): `stripeKey` is the secret
 * key 3scale's gateway uses, `accountId` the Stripe account it belongs to; `stop` only unwires the webhook.
 */
export function invoiceWorldOn(stripe: FakeStripe, threescale: FakeThreescale, stripeKey: string, accountId?: string): InvoiceWorld {
  const inAccount = accountId !== undefined ? { accountId } : {};
  const unsubscribe = stripe.onEvent((event) => threescale.receiveStripeEvent(event));

  const storeCard = (account: BuyerAccountRecord, customerId: string, card: TestCard, expiry: { expMonth?: number; expYear?: number }) => {
    const seeded = stripe.seedCard('test', { customer: customerId, token: card, ...expiry, ...inAccount });
    account.card = {
      paymentMethodId: seeded.paymentMethodId,
      partialNumber: seeded.last4,
      expiresOn: `${seeded.expYear}-${String(seeded.expMonth).padStart(2, '0')}-01`,
    };
  };

  return {
    stripe,
    threescale,
    async account(seed) {
      const account = await threescale.seedAccount({ orgName: seed.orgName, monthlyChargingEnabled: seed.chargingEnabled ?? true });
      const customer = stripe.seedCustomer('test', {
        ...inAccount,
        description: seed.orgName,
        email: account.email,
        metadata: { '3scale_account_reference': accountReference(THREESCALE_PROVIDER.id, account.id) },
      });
      account.stripeCustomerId = customer.id;
      if (seed.card) {
        storeCard(account, customer.id, seed.card, {
          ...(seed.expMonth !== undefined ? { expMonth: seed.expMonth } : {}),
          ...(seed.expYear !== undefined ? { expYear: seed.expYear } : {}),
        });
      }
      return account;
    },
    replaceCard(account, card) {
      if (!account.stripeCustomerId) throw new Error('no customer');
      storeCard(account, account.stripeCustomerId, card, {});
    },
    invoice(account, seed = {}) {
      return threescale.seedInvoice({
        buyerAccountId: account.id,
        state: seed.state ?? 'unpaid',
        ...(seed.period ? { period: seed.period } : {}),
        ...(seed.currency ? { currency: seed.currency } : {}),
        lineItems: [{ name: 'Pro plan', cost: seed.cost ?? 100 }],
      });
    },
    async chargeIn3scale(invoiceId) {
      const response = await fetch(`${threescale.url}/api/invoices/${invoiceId}/charge.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `access_token=${WORLD_TOKEN}`,
      });
      await response.text();
      return response.status;
    },
    feature(overrides) {
      return createInvoicesFeature({
        connection: { host: '127.0.0.1', port: stripe.port, protocol: 'http' },
        activeKey: () => ({ mode: 'test', secretKey: stripeKey }),
        activeMode: () => 'test',
        threescale: () => ({ adminDomain: THREESCALE_PROVIDER.adminDomain, accessToken: WORLD_TOKEN }),
        providerId: () => String(THREESCALE_PROVIDER.id),
        threescaleBaseUrl: threescale.url,
        tuning: { threescaleRequestsPerSecond: 200, stripeRequestsPerSecond: 200, settleMs: 50, timeoutMs: 5000 },
        ...overrides,
      });
    },
    succeededByInvoice() {
      const out = new Map<string, string[]>();
      for (const intent of stripe.paymentIntents('test', accountId)) {
        if (intent.status !== 'succeeded') continue;
        const key = intent.metadata['order_id'] ?? intent.description ?? '?';
        out.set(key, [...(out.get(key) ?? []), intent.id]);
      }
      return out;
    },
    stop() {
      unsubscribe();
      return Promise.resolve();
    },
  };
}
