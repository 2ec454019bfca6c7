// The pager of 3scale's buyer accounts against the 3scale test server (127.0.0.1 only): every
// account once over several pages of 500, what 3scale keeps of the card, its own rate limit,
// retries of 429 and 5xx, refusals that are not retried, and cancellation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNTS_PER_PAGE,
  loadThreescaleAccounts,
  parseBuyerAccount,
  type ThreescaleAccountsOptions,
  type ThreescaleAccountsProgress,
} from '../../../../main/customers/threescale-accounts';
import { ThreescaleClient, ThreescaleError } from '../../../../main/threescale/threescale-client';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';

const TOKEN = 'tok-accounts-unit-0001';
const NO_SCOPE = 'tok-cms-only-unit-0002';
let fake: FakeThreescale;

beforeAll(async () => {
  fake = await startFakeThreescale({
    tokens: [
      { value: TOKEN, scopes: ['account_management'], permission: 'ro' },
      { value: NO_SCOPE, scopes: ['cms'] },
    ],
  });
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.world.accounts.clear();
  fake.requests.length = 0;
  fake.setFaults({ latencyMs: 0, failNext: [], rateLimitPerSecond: null, dropNext: 0 });
});

async function seed(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await fake.seedAccount({ orgName: `Developer ${index}`, monthlyChargingEnabled: index % 2 === 0 });
}

function client(token = TOKEN): ThreescaleClient {
  return new ThreescaleClient({
    adminDomain: { domain: fake.provider.adminDomain, origin: `https://${fake.provider.adminDomain}` },
    accessToken: token,
    baseUrlOverride: fake.url,
  });
}

const FAST_BACKOFF = { baseMs: 5, maxMs: 20, jitter: 'none' } as const;

function load(extra: Partial<ThreescaleAccountsOptions> = {}) {
  const progress: ThreescaleAccountsProgress[] = [];
  const result = loadThreescaleAccounts({ client: client(), backoff: FAST_BACKOFF, onProgress: (p) => progress.push(p), ...extra });
  return { result, progress };
}

const accountRequests = () => fake.requests.filter((request) => request.path === '/admin/api/accounts.json');

describe('loadThreescaleAccounts', () => {
  it('reads every account once over pages of 500, asking with the token in the query as 3scale documents', async () => {
    await seed(1203);
    const { result, progress } = load();
    const accounts = await result;
    expect(accounts).toHaveLength(1203);
    expect(new Set(accounts.map((a) => a.id)).size).toBe(1203);
    expect(accounts.map((a) => a.id)).toEqual([...fake.world.accounts.keys()].map(String));
    const requests = accountRequests();
    expect(requests.map((r) => new URLSearchParams(r.query).get('page')).sort()).toEqual(['1', '2', '3']);
    expect(requests.every((r) => new URLSearchParams(r.query).get('per_page') === String(ACCOUNTS_PER_PAGE) && r.tokenVia === 'query' && r.status === 200)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ loaded: 1203, estimatedTotal: 1203, pagesDone: 3, pagesTotal: 3, requests: 3, rateLimited: 0 });
  });

  it('one page without metadata when the accounts fit in it (exactly 500)', async () => {
    await seed(500);
    expect(await load().result).toHaveLength(500);
    expect(accountRequests()).toHaveLength(1);
  });

  it('reads on past a full last page: accounts created while the pages were read are not lost', async () => {
    await seed(1000);
    // The first page's answer still says 2 pages; 3 accounts more exist by the time page 2 is read.
    const original = fake.requests.push.bind(fake.requests);
    let added = false;
    fake.requests.push = (...items) => {
      if (!added && items.some((item) => item.path === '/admin/api/accounts.json')) {
        added = true;
        void seed(3);
      }
      return original(...items);
    };
    try {
      const accounts = await load().result;
      expect(accounts).toHaveLength(1003);
      expect(accountRequests().map((r) => new URLSearchParams(r.query).get('page')).sort()).toEqual(['1', '2', '3']);
    } finally {
      fake.requests.push = original;
    }
  });

  it('reads what 3scale keeps of the card (last 4, expiry as the first of the month) and the charging setting', async () => {
    const withCard = await fake.seedAccount({
      orgName: 'Card Co',
      monthlyChargingEnabled: true,
      storedCard: { paymentMethodId: 'pm_x', partialNumber: '4242', expiresOn: '2027-03-01' },
    });
    const without = await fake.seedAccount({ orgName: 'No Card', monthlyChargingEnabled: false, state: 'pending' });
    const accounts = await load().result;
    expect(accounts).toEqual([
      { id: String(withCard.id), orgName: 'Card Co', state: 'approved', monthlyChargingEnabled: true, monthlyBillingEnabled: true, card: { last4: '4242', expMonth: 3, expYear: 2027 } },
      { id: String(without.id), orgName: 'No Card', state: 'pending', monthlyChargingEnabled: false, monthlyBillingEnabled: true, card: null },
    ]);
  });

  it('keeps to its own rate limit: six pages against a 3scale allowing 5 requests a second meet no 429', async () => {
    await seed(2600);
    fake.setFaults({ rateLimitPerSecond: 5 });
    const { result, progress } = load({ rateLimitPerSecond: 5 });
    expect(await result).toHaveLength(2600);
    expect(accountRequests().map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(progress.at(-1)).toMatchObject({ requests: 6, rateLimited: 0 });
  });

  it('retries a 429, a 500 and a dropped connection, and counts the 429', async () => {
    await seed(700);
    fake.setFaults({ failNext: [{ status: 429, pathIncludes: '/admin/api/accounts' }, { status: 500, pathIncludes: '/admin/api/accounts' }], dropNext: 1 });
    const { result, progress } = load();
    expect(await result).toHaveLength(700);
    expect(progress.at(-1)).toMatchObject({ loaded: 700, rateLimited: 1, pagesDone: 2 });
    expect(progress.at(-1)?.requests).toBe(5);
  });

  it('gives up after its retries, with 3scale’s failure', async () => {
    await seed(10);
    fake.setFaults({ failNext: [{ status: 503 }, { status: 503 }, { status: 503 }] });
    await expect(load({ maxRetries: 2 }).result).rejects.toMatchObject({ kind: 'server_error' });
    expect(accountRequests()).toHaveLength(3);
  });

  it('does not retry a token without the Account Management scope', async () => {
    await seed(10);
    const failure = loadThreescaleAccounts({ client: client(NO_SCOPE), backoff: FAST_BACKOFF });
    await expect(failure).rejects.toBeInstanceOf(ThreescaleError);
    await expect(failure).rejects.toMatchObject({ kind: 'missing_scope' });
    expect(accountRequests()).toHaveLength(1);
  });

  it('stops when cancelled', async () => {
    await seed(1600);
    fake.setFaults({ latencyMs: 200 });
    const controller = new AbortController();
    const { result } = load({ signal: controller.signal, rateLimitPerSecond: 1 });
    setTimeout(() => controller.abort(new Error('Cancelled by the user')), 50);
    await expect(result).rejects.toThrow('Cancelled by the user');
  });
});

describe('parseBuyerAccount', () => {
  it('reads porta’s representer: card fields only when credit_card_stored, any state string, ids as digits', () => {
    expect(
      parseBuyerAccount({
        account: { id: 7, org_name: 'Gone Soon', state: 'scheduled_for_deletion', credit_card_stored: true, credit_card_partial_number: '0005', credit_card_expires_on: '2030-11-01', monthly_charging_enabled: true },
      }),
    ).toEqual({ id: '7', orgName: 'Gone Soon', state: 'scheduled_for_deletion', monthlyChargingEnabled: true, monthlyBillingEnabled: null, card: { last4: '0005', expMonth: 11, expYear: 2030 } });
    // Another gateway: stored, but no partial number.
    expect(parseBuyerAccount({ account: { id: 8, state: 'approved', credit_card_stored: true } })?.card).toEqual({ last4: null, expMonth: null, expYear: null });
    expect(parseBuyerAccount({ account: { id: 9, state: 'approved', credit_card_stored: false, credit_card_partial_number: '4242' } })?.card).toBeNull();
  });

  it('skips what is not an account', () => {
    for (const bad of [null, {}, { account: null }, { account: { id: '7' } }, { account: { id: -1 } }, { account: { id: 1.5 } }]) expect(parseBuyerAccount(bad)).toBeNull();
  });
});
