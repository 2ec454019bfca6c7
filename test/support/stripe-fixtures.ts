// Keys and accounts the tests give the Stripe-compatible test server. Obviously fake,
// the right shape, never real.
import type Stripe from 'stripe';
import type { FakeAccountSettings, FakeKey, FakeStripe } from '../stripe-server/server';

export const ACCOUNT: FakeAccountSettings = {
  id: 'acct_1FakeBillingDesk',
  businessName: 'Acme APIs Ltd',
  country: 'US',
  defaultCurrency: 'usd',
  chargesEnabled: true,
};

export const KEYS = {
  testSecret: 'sk_test_FAKEFAKEFAKEFAKE0000004242',
  testPublishable: 'pk_test_FAKEFAKEFAKEFAKE0000001111',
  testWebhook: 'whsec_FAKEFAKEFAKEFAKEFAKE9876',
  liveSecret: 'sk_live_FAKEFAKEFAKE00007777',
  livePublishable: 'pk_live_FAKEFAKEFAKEFAKE0000002222',
  liveWebhook: 'whsec_FAKEFAKEFAKEFAKEFAKE5555',
  /** A restricted test key that may only read customers. */
  restrictedTest: 'rk_test_FAKEFAKEFAKEFAKE0000003333',
  /** Shaped right, unknown to the server: Stripe answers 401. */
  unknownTest: 'sk_test_FAKEFAKEFAKEFAKE0000009999',
} as const;

export const FAKE_KEYS: FakeKey[] = [
  { secret: KEYS.testSecret, accountId: ACCOUNT.id },
  { secret: KEYS.liveSecret, accountId: ACCOUNT.id },
  { secret: KEYS.restrictedTest, accountId: ACCOUNT.id, permissions: ['customers_read'] },
];

// ---------------------------------------------------------------------------------------------
// Customers and cards the way 3scale writes them (app/lib/payment_gateways/stripe_crypt.rb):
// a customer per developer account with description = organisation name, the user's email
// and metadata.3scale_account_reference = 3scale-<provider>-<account>, no name and no default
// payment method; each card through a SetupIntent (card, off_session) confirmed with the
// card, which attaches it to the customer.
// ---------------------------------------------------------------------------------------------

/** What 3scale writes into metadata.3scale_account_reference. */
export function threescaleReference(providerId: string, developerAccountId: string | number): string {
  return `3scale-${providerId}-${developerAccountId}`;
}

export interface ThreescaleCustomerSpec {
  providerId: string;
  developerAccountId: string | number;
  organisation: string;
  email: string;
  /** Test cards, each through its own SetupIntent, in order (e.g. ['pm_card_visa']); default none. */
  cards?: string[];
}

/**
 * Creates a customer and its cards over HTTP with the real SDK, as 3scale does: customers.create,
 * then per card setupIntents.create and a confirmation with the card (Stripe.js does that in
 * the developer's browser).
 */
export async function createCustomerAs3scale(
  sdk: Stripe,
  spec: ThreescaleCustomerSpec,
): Promise<{ customer: Stripe.Customer; paymentMethodIds: string[] }> {
  const customer = await sdk.customers.create({
    description: spec.organisation,
    email: spec.email,
    metadata: { '3scale_account_reference': threescaleReference(spec.providerId, spec.developerAccountId) },
  });
  const paymentMethodIds: string[] = [];
  for (const card of spec.cards ?? []) {
    // 3scale's params; this SDK's newer types no longer list payment_method_types, which the
    // 2024-04-10 API (the test server's) still takes.
    const params = { payment_method_types: ['card'], usage: 'off_session', customer: customer.id } as Stripe.SetupIntentCreateParams;
    const intent = await sdk.setupIntents.create(params);
    const confirmed = await sdk.setupIntents.confirm(intent.id, { payment_method: card });
    if (typeof confirmed.payment_method === 'string') paymentMethodIds.push(confirmed.payment_method);
  }
  return { customer, paymentMethodIds };
}

export interface ThreescaleSeedOptions {
  mode?: 'test' | 'live';
  /** The Stripe account (default: the server's default account). */
  accountId?: string;
  providerId: string;
  /** When each customer was created (Unix seconds), in any order: one customer each. */
  times: readonly number[];
  random: () => number;
  /** Share of customers that are a second, newer customer of an earlier developer account; default 0.02. */
  duplicateShare?: number;
  /** Share of customers with two cards (else one); default 0.3. */
  twoCardShare?: number;
  /** Share of cards that have expired; default 0.05. */
  expiredShare?: number;
  /** The first developer account id; default 2445584000001. */
  firstDeveloperAccountId?: number;
}

export interface ThreescaleSeed {
  customers: string[];
  setupIntents: number;
  /** Developer account id → its customer ids, oldest first. */
  byDeveloperAccount: Map<string, string[]>;
  duplicates: number;
}

const TEST_CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_visa_debit'];

/**
 * Seeds many customers shaped as 3scale makes them straight into the test server (no HTTP):
 * 1–2 cards each through succeeded SetupIntents created shortly after the customer, and a
 * share of duplicates (a newer customer for a developer account that already has one).
 */
export function seedThreescaleCustomers(fake: FakeStripe, options: ThreescaleSeedOptions): ThreescaleSeed {
  const mode = options.mode ?? 'test';
  const next = options.random;
  const now = Math.floor(Date.now() / 1000);
  const times = [...options.times].sort((a, b) => a - b);
  const duplicates = Math.round(times.length * (options.duplicateShare ?? 0.02));
  // Which customers (by position, oldest first) are duplicates: never the first.
  const duplicateAt = new Set<number>();
  while (duplicateAt.size < Math.min(duplicates, times.length - 1)) duplicateAt.add(1 + Math.floor(next() * (times.length - 1)));
  const byDeveloperAccount = new Map<string, string[]>();
  const accountIds: string[] = [];
  const customers: string[] = [];
  let setupIntents = 0;
  let nextAccount = options.firstDeveloperAccountId ?? 2_445_584_000_001;
  const thisYear = new Date().getUTCFullYear();
  const card = (): { token: string; expMonth: number; expYear: number } => {
    const expired = next() < (options.expiredShare ?? 0.05);
    return {
      token: TEST_CARDS[Math.floor(next() * TEST_CARDS.length)] ?? 'pm_card_visa',
      expMonth: 1 + Math.floor(next() * 12),
      expYear: expired ? thisYear - 1 - Math.floor(next() * 2) : thisYear + 1 + Math.floor(next() * 4),
    };
  };
  times.forEach((created, index) => {
    let developerAccountId: string;
    if (duplicateAt.has(index) && accountIds.length > 0) {
      developerAccountId = accountIds[Math.floor(next() * accountIds.length)] ?? String(nextAccount);
    } else {
      developerAccountId = String(nextAccount);
      nextAccount += 1;
      accountIds.push(developerAccountId);
    }
    const { id } = fake.seedCustomer(mode, {
      ...(options.accountId ? { accountId: options.accountId } : {}),
      created,
      description: `Developer ${developerAccountId} Ltd`,
      email: `billing@dev${developerAccountId}.example`,
      metadata: { '3scale_account_reference': threescaleReference(options.providerId, developerAccountId) },
    });
    customers.push(id);
    byDeveloperAccount.set(developerAccountId, [...(byDeveloperAccount.get(developerAccountId) ?? []), id]);
    const cards = next() < (options.twoCardShare ?? 0.3) ? 2 : 1;
    for (let i = 0; i < cards; i += 1) {
      // The card form right after sign-up; a second card some time between then and now.
      const after = i === 0 ? 5 + Math.floor(next() * 300) : Math.floor(next() * Math.max(0, now - created));
      fake.seedSetupIntent(mode, {
        ...(options.accountId ? { accountId: options.accountId } : {}),
        customer: id,
        card: card(),
        created: Math.min(now, created + after),
      });
      setupIntents += 1;
    }
  });
  return { customers, setupIntents, byDeveloperAccount, duplicates: duplicateAt.size };
}
