// The customers bench's 3scale side: a buyer account per developer account of the seeded Stripe
// customers (with the card 3scale keeps of the newest customer, as stripe_crypt.rb stores it),
// some without a card but with charging on, some without any customer; then Stripe's customers
// and 3scale's accounts loaded side by side as the Customers screen does, each under its own
// limit, and joined. Prints the figures; checks the counts.
import type { CustomerRecord } from '../../../main/customers/customer-records';
import { classifyCustomers } from '../../../main/customers/classify';
import { joinAccounts } from '../../../main/customers/join-accounts';
import { ACCOUNTS_PER_PAGE, DEFAULT_THREESCALE_RATE_LIMIT, loadThreescaleAccounts } from '../../../main/customers/threescale-accounts';
import { ThreescaleClient } from '../../../main/threescale/threescale-client';
import { startFakeThreescale } from '../../threescale-server/server';
import type { BuyerAccountRecord } from '../../threescale-server/store';
import { benchCheck } from './bench-options';

const TOKEN = 'bench-threescale-token-0000000000000001';

export interface ThreescaleSideOptions {
  providerId: string;
  /** Developer account id → its customer ids, oldest first (the Stripe seed's). */
  byDeveloperAccount: ReadonlyMap<string, readonly string[]>;
  /** The customers as a load found them (their cards). */
  customers: readonly CustomerRecord[];
  latencyMs: number;
  random: () => number;
  /** Loads Stripe's side (the app's loader) while 3scale's is read. */
  loadStripe: () => Promise<{ customers: CustomerRecord[] }>;
}

export async function runThreescaleSide(options: ThreescaleSideOptions): Promise<void> {
  const fake = await startFakeThreescale({ provider: { id: Number(options.providerId) }, tokens: [{ value: TOKEN, scopes: ['account_management'], permission: 'ro' }] });
  try {
    const records = new Map(options.customers.map((customer) => [customer.id, customer]));
    const at = new Date();
    const account = (id: number, card: BuyerAccountRecord['card']): BuyerAccountRecord => ({
      id,
      orgName: `Developer ${id}`,
      state: 'approved',
      email: `billing@dev${id}.example`,
      monthlyBillingEnabled: true,
      monthlyChargingEnabled: true,
      card,
      stripeCustomerId: null,
      createdAt: at,
      updatedAt: at,
    });
    let withoutCard = 0;
    let lastId = 0;
    for (const [developerAccountId, customerIds] of options.byDeveloperAccount) {
      const id = Number(developerAccountId);
      lastId = Math.max(lastId, id);
      const newest = records.get(customerIds.at(-1) ?? '');
      const card = newest?.cards[0];
      if (!card || options.random() < 0.05) {
        withoutCard += 1;
        fake.world.accounts.set(id, account(id, null));
        continue;
      }
      const expiresOn = `${card.expYear}-${String(card.expMonth).padStart(2, '0')}-01`;
      fake.world.accounts.set(id, account(id, { paymentMethodId: card.id, partialNumber: card.last4 ?? '', expiresOn }));
    }
    // Sign-ups that never reached the card form: no customer in Stripe.
    const withoutCustomer = Math.max(1, Math.round(options.byDeveloperAccount.size * 0.02));
    for (let i = 1; i <= withoutCustomer; i += 1) fake.world.accounts.set(lastId + i, account(lastId + i, null));
    const accounts = fake.world.accounts.size;

    fake.setFaults({ latencyMs: options.latencyMs, rateLimitPerSecond: DEFAULT_THREESCALE_RATE_LIMIT });
    const client = new ThreescaleClient({ adminDomain: { domain: 'bench-admin.3scale.net', origin: 'https://bench-admin.3scale.net' }, accessToken: TOKEN, baseUrlOverride: fake.url });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the Stripe server's bucket fills up again
    const started = performance.now();
    let stripeSeconds = 0;
    let threescaleSeconds = 0;
    const [stripe, loaded] = await Promise.all([
      options.loadStripe().then((result) => {
        stripeSeconds = (performance.now() - started) / 1000;
        return result;
      }),
      loadThreescaleAccounts({ client }).then((result) => {
        threescaleSeconds = (performance.now() - started) / 1000;
        return result;
      }),
    ]);
    const bothSeconds = (performance.now() - started) / 1000;
    const classifyStarted = performance.now();
    const { rows } = classifyCustomers({ providerId: options.providerId, now: new Date(), customers: stripe.customers });
    const joinStarted = performance.now();
    const join = joinAccounts({ rows, accounts: loaded, now: new Date() });
    const joinMs = performance.now() - joinStarted;
    const classifyMs = joinStarted - classifyStarted;

    const requests = fake.requests.filter((r) => r.path === '/admin/api/accounts.json');
    const pages = Math.ceil(accounts / ACCOUNTS_PER_PAGE);
    const ideal = (2 * options.latencyMs) / 1000 + (pages - 1) / DEFAULT_THREESCALE_RATE_LIMIT;
    console.log(
      `3scale: ${accounts} buyer accounts (${withoutCard} without a card, ${withoutCustomer} without a customer); latency ${options.latencyMs} ms; ` +
        `3scale's limit and the app's ${DEFAULT_THREESCALE_RATE_LIMIT} requests/s`,
    );
    console.log(
      `${'3scale accounts (in parallel):'.padEnd(30)} ${threescaleSeconds.toFixed(2).padStart(6)} s, ${String(requests.length).padStart(4)} requests, ` +
        `${requests.filter((r) => r.status === 429).length} × 429 (ideal ${ideal.toFixed(2)} s: page 1, then ${pages - 1} more at ${DEFAULT_THREESCALE_RATE_LIMIT}/s)`,
    );
    console.log(`${'Stripe (in parallel):'.padEnd(30)} ${stripeSeconds.toFixed(2).padStart(6)} s`);
    console.log(`${'both sides:'.padEnd(30)} ${bothSeconds.toFixed(2).padStart(6)} s`);
    console.log(
      `${'join (after classify):'.padEnd(30)} ${joinMs.toFixed(0).padStart(6)} ms for ${join.rows.length} rows (classify ${classifyMs.toFixed(0)} ms) ` +
        `(${Object.entries(join.summary.byState).map(([kind, count]) => `${kind} ${count}`).join(', ')})`,
    );
    benchCheck(loaded.length === accounts, `3scale's ${accounts} accounts were all read`);
    benchCheck(join.summary.accountsWithoutCustomer === withoutCustomer, `${withoutCustomer} accounts without a customer`);
    benchCheck(join.summary.byState.card_not_in_stripe === 0, 'every card 3scale holds was found in Stripe');
    benchCheck(join.summary.byState.charging_without_card === withoutCard + withoutCustomer, 'every account without a card is charging without one');
  } finally {
    await fake.stop();
  }
}
