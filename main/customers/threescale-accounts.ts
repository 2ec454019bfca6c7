// Every buyer (developer) account of the connected 3scale provider, read from the Account
// Management API (`GET /admin/api/accounts.json`, at most 500 a page) under its own
// client-side rate limit, with what 3scale keeps of each account's card.
//
// Shapes from porta: AccountRepresenter renders `credit_card_stored`, and only when it is
// true `credit_card_partial_number` (the last 4) and `credit_card_expires_on` (stripe_crypt.rb
// stores Date.new(exp_year, exp_month): the first day of the expiry month);
// `monthly_charging_enabled` comes from the account's settings (Logic::Buyer#is_charged?).
// The collection carries `metadata` {per_page, total_entries, total_pages, current_page} only
// when it has more than one page (ThreeScale::Api::Collection#paginated?).

import { z } from 'zod';
import { backoffDelay, sleep, type BackoffPolicy } from '../shared/backoff';
import { ThreescaleError, type Params } from '../threescale/threescale-client';
import { RateLimiter } from './rate-limiter';

export const ACCOUNTS_PATH = '/admin/api/accounts.json';
/** porta's default and most per page for accounts. */
export const ACCOUNTS_PER_PAGE = 500;
/** Requests per second to 3scale's admin API unless told otherwise. */
export const DEFAULT_THREESCALE_RATE_LIMIT = 5;

export interface ThreescaleCard {
  /** credit_card_partial_number; null when 3scale's gateway keeps none (another gateway). */
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

export interface BuyerAccount {
  /** Digits, as in the account reference. */
  id: string;
  orgName: string | null;
  state: string;
  monthlyChargingEnabled: boolean | null;
  monthlyBillingEnabled: boolean | null;
  /** Null when credit_card_stored is false. */
  card: ThreescaleCard | null;
}

/** How the accounts are kept in the customers cache (checked again when read). */
export const buyerAccountSchema = z.object({
  id: z.string().regex(/^[1-9][0-9]*$/),
  orgName: z.string().nullable(),
  state: z.string(),
  monthlyChargingEnabled: z.boolean().nullable(),
  monthlyBillingEnabled: z.boolean().nullable(),
  card: z.object({ last4: z.string().nullable(), expMonth: z.number().nullable(), expYear: z.number().nullable() }).nullable(),
});

const EXPIRES_ON = /^(\d{4})-(\d{2})-\d{2}/;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** One `{"account": {…}}` item of the list; null when it is not an account 3scale would send. */
export function parseBuyerAccount(item: unknown): BuyerAccount | null {
  const account = (item as { account?: unknown } | null)?.account;
  if (account === null || typeof account !== 'object') return null;
  const fields = account as Record<string, unknown>;
  const id = fields['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null;
  let card: ThreescaleCard | null = null;
  if (fields['credit_card_stored'] === true) {
    const expiry = EXPIRES_ON.exec(text(fields['credit_card_expires_on']) ?? '');
    card = {
      last4: text(fields['credit_card_partial_number']),
      expMonth: expiry ? Number(expiry[2]) : null,
      expYear: expiry ? Number(expiry[1]) : null,
    };
  }
  return {
    id: String(id),
    orgName: text(fields['org_name']),
    state: text(fields['state']) ?? 'unknown',
    monthlyChargingEnabled: flag(fields['monthly_charging_enabled']),
    monthlyBillingEnabled: flag(fields['monthly_billing_enabled']),
    card,
  };
}

interface AccountsPage {
  accounts: BuyerAccount[];
  /** Items on the page, parsed or not. */
  size: number;
  totalPages: number | null;
  totalEntries: number | null;
}

export function parseAccountsPage(body: unknown): AccountsPage {
  const list = (body as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(list)) throw new ThreescaleError('bad_response', `3scale did not answer ${ACCOUNTS_PATH} with a list of accounts.`, 200);
  const metadata = (body as { metadata?: Record<string, unknown> }).metadata;
  const count = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);
  return {
    accounts: list.map(parseBuyerAccount).filter((account): account is BuyerAccount => account !== null),
    size: list.length,
    totalPages: count(metadata?.['total_pages']),
    totalEntries: count(metadata?.['total_entries']),
  };
}

export interface ThreescaleAccountsProgress {
  loaded: number;
  estimatedTotal: number | null;
  pagesDone: number;
  pagesTotal: number | null;
  requests: number;
  rateLimited: number;
}

/** What the pager needs of the 3scale client (main/threescale/threescale-client.ts). */
export interface ThreescaleGetter {
  get(path: string, params?: Params): Promise<unknown>;
}

export interface ThreescaleAccountsOptions {
  client: ThreescaleGetter;
  /** Requests per second; default 5. */
  rateLimitPerSecond?: number;
  /** Retries of one page after a 429, a 5xx, a timeout or a dropped connection; default 5. */
  maxRetries?: number;
  backoff?: BackoffPolicy;
  signal?: AbortSignal;
  onProgress?: (progress: ThreescaleAccountsProgress) => void;
}

export const DEFAULT_THREESCALE_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 10_000, jitter: 'half' };
const RETRIED: ReadonlySet<string> = new Set(['rate_limited', 'server_error', 'timeout', 'unreachable']);

/**
 * Every buyer account, in id order. Page 1 says how many pages there are; the rest are asked
 * side by side under the rate limit. A last page that comes back full means accounts were
 * added meanwhile: the pages after it are read until one is not full. Accounts that moved
 * between pages while they were read are kept once.
 */
export async function loadThreescaleAccounts(options: ThreescaleAccountsOptions): Promise<BuyerAccount[]> {
  const limiter = new RateLimiter({ perWindow: options.rateLimitPerSecond ?? DEFAULT_THREESCALE_RATE_LIMIT });
  const maxRetries = options.maxRetries ?? 5;
  const backoff = options.backoff ?? DEFAULT_THREESCALE_BACKOFF;
  const progress: ThreescaleAccountsProgress = { loaded: 0, estimatedTotal: null, pagesDone: 0, pagesTotal: null, requests: 0, rateLimited: 0 };
  const byId = new Map<string, BuyerAccount>();
  const tell = () => options.onProgress?.({ ...progress, loaded: byId.size });

  const fetchPage = async (page: number): Promise<AccountsPage> => {
    for (let attempt = 0; ; attempt += 1) {
      const grant = await limiter.acquire(0, options.signal);
      progress.requests += 1;
      try {
        const parsed = parseAccountsPage(await options.client.get(ACCOUNTS_PATH, { page, per_page: ACCOUNTS_PER_PAGE }));
        for (const account of parsed.accounts) byId.set(account.id, account);
        progress.pagesDone += 1;
        tell();
        return parsed;
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (!(error instanceof ThreescaleError) || !RETRIED.has(error.kind) || attempt >= maxRetries) throw error;
        if (error.kind === 'rate_limited') {
          progress.rateLimited += 1;
          limiter.slowDown();
        }
        tell();
        await sleep(backoffDelay(backoff, attempt), options.signal);
      } finally {
        grant.release();
      }
    }
  };

  try {
    tell();
    const first = await fetchPage(1);
    progress.pagesTotal = first.totalPages ?? 1;
    progress.estimatedTotal = first.totalEntries ?? first.size;
    tell();
    const rest = Array.from({ length: Math.max(0, progress.pagesTotal - 1) }, (_, index) => fetchPage(index + 2));
    const pages = [first, ...(await Promise.all(rest))];
    let last = pages.at(-1) ?? first;
    let page = pages.length;
    // Only a provider with more than one page sends metadata: a full last page may have a sequel.
    while (first.totalPages !== null && last.size >= ACCOUNTS_PER_PAGE) {
      page += 1;
      progress.pagesTotal = page;
      last = await fetchPage(page);
    }
    return [...byId.values()].sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  } finally {
    limiter.close(new Error('3scale accounts load ended'));
  }
}
