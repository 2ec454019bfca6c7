/**
 * A 3scale-compatible fake admin API for tests: stateful, in memory, on 127.0.0.1. See README.md.
 *
 * Per request, in this order:
 *   dropNext → latency → injected failure (failNext) → rate limit (429) → route (404)
 *   → body Content-Type (400) → access token (403 "Access denied", as porta's provider_required)
 *   → scope (403 "Your access token does not have the correct permissions") → read-only token on a
 *   write (403, same body) → Finance module enabled (403) → request against 3scale's API
 *   description (400) → the endpoint (200 or its own 404/422/500).
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOT_FOUND, ROUTES } from './routes';
import type { Route, RouteAnswer } from './routes';
import { checkRequestAgainstDescription, findDescribedOperation } from './spec';
import { accountReference, storeCard, stripeClient } from './stripe-link';
import type { StripeGatewaySettings } from './stripe-link';
import { World } from './store';
import { applyStripeEvent } from './stripe-webhook';
import type { PaymentIntentEvent } from './stripe-webhook';
import type {
  AccessTokenRecord,
  AccountState,
  BuyerAccountRecord,
  InvoiceRecord,
  InvoiceState,
  LineItemRecord,
  ProviderRecord,
  TemplateRecord,
  TemplateType,
  TokenScope,
} from './store';

export type { TokenScope, InvoiceState, AccountState } from './store';
export { accountReference };

export interface FakeToken {
  value: string;
  scopes: TokenScope[];
  /** Default 'rw'. */
  permission?: 'ro' | 'rw';
  expired?: boolean;
}

/** An answer forced on the next matching request, before anything else is looked at. */
export interface InjectedFailure {
  status: 401 | 403 | 404 | 422 | 429 | 500 | 502 | 503;
  /** Only requests whose path contains this (e.g. '/admin/api/cms/'); default every request. */
  pathIncludes?: string;
  /** Default: what 3scale (or the front proxy, for 401/429/502/503) answers with that status. */
  body?: unknown;
}

export interface ThreescaleFaults {
  /** Before every answer (default 0). Spent before the request reaches the API. */
  latencyMs: number;
  /** The next N requests have their socket destroyed without an answer. */
  dropNext: number;
  /** Each entry answers one request (the first it matches), then is used up. */
  failNext: InjectedFailure[];
  /** Token bucket over all requests; beyond it 429 (default null = off). */
  rateLimitPerSecond: number | null;
  /** Time spent inside POST charge.json before Stripe is called (default 0). */
  chargeDelayMs: number;
  /** Stripe's webhook events never reach 3scale (default false): a payment authenticated later stays unpaid here. */
  dropWebhooks: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string without '?', access_token masked. */
  query: string;
  /** The form body, access_token masked. */
  body: string;
  /** How the token came: 'query', 'body', 'basic' or null. */
  tokenVia: 'query' | 'body' | 'basic' | null;
  status: number;
}

export interface SeedAccount {
  orgName: string;
  state?: AccountState;
  email?: string;
  monthlyChargingEnabled?: boolean;
  monthlyBillingEnabled?: boolean;
  /** A Stripe test payment method (e.g. 'pm_card_visa') stored as 3scale does: needs `stripe`. */
  card?: string;
  /** Or what 3scale keeps, without going through Stripe (a card Stripe does not know). */
  storedCard?: { paymentMethodId: string; partialNumber: string; expiresOn: string; customerId?: string };
  createdAt?: Date;
}

export interface SeedInvoice {
  buyerAccountId: number;
  state?: InvoiceState;
  /** 'YYYY-MM'; default the current month. */
  period?: string;
  currency?: string;
  vatRate?: number | null;
  lineItems?: { name: string; cost: number; description?: string; quantity?: number }[];
  friendlyId?: string;
}

export interface SeedTemplate {
  type: TemplateType;
  systemName?: string | null;
  title?: string | null;
  draft?: string | null;
  published?: string | null;
  path?: string | null;
}

export interface FakeThreescale {
  /** 'http://127.0.0.1:<port>' */
  url: string;
  port: number;
  world: World;
  provider: ProviderRecord;
  addToken(token: FakeToken): void;
  setProvider(changes: Partial<Omit<ProviderRecord, 'createdAt'>>): void;
  /** The provider's Stripe gateway (3scale's Charging & Gateway settings); null: none configured. */
  setStripe(settings: StripeGatewaySettings | null): void;
  setFaults(faults: Partial<ThreescaleFaults>): void;
  requests: RecordedRequest[];
  seedAccount(seed: SeedAccount): Promise<BuyerAccountRecord>;
  seedInvoice(seed: SeedInvoice): InvoiceRecord;
  seedTemplate(seed: SeedTemplate): TemplateRecord;
  /** 3scale's Stripe webhook: a `payment_intent.succeeded` event (unless `dropWebhooks`); see stripe-webhook.ts. */
  receiveStripeEvent(event: PaymentIntentEvent): 'applied' | 'ignored' | 'dropped';
  stop(): Promise<void>;
}

export interface StartThreescaleOptions {
  provider?: Partial<Omit<ProviderRecord, 'createdAt'>>;
  tokens?: FakeToken[];
  stripe?: StripeGatewaySettings;
  port?: number;
  /** The clock (default Date.now). */
  now?: () => Date;
}

export const PAYMENT_GATEWAY_SHOW = 'accounts/payment_gateways/show';

const ACCESS_DENIED = { error: 'Access denied' };
const WRONG_SCOPE = { error: 'Your access token does not have the correct permissions' };

const DEFAULT_BODIES: Record<InjectedFailure['status'], unknown> = {
  401: { error: 'Unauthorized' },
  403: ACCESS_DENIED,
  404: NOT_FOUND.body,
  422: { errors: { base: ['Unprocessable'] } },
  429: { error: 'Too Many Requests' },
  500: { status: 500, error: 'Internal Server Error' },
  502: { error: 'Bad Gateway' },
  503: { error: 'Service Unavailable' },
};

function maskToken(text: string): string {
  return text.replace(/(access_token=)[^&]*/g, '$1***');
}

function basicAuthToken(header: string | undefined): string | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const [user, password] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
  // porta: user_name_and_password(request).find(&:presence)
  return user || password || null;
}

function matchRoute(method: string, path: string): { route: Route; pathParams: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const source = route.template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const param = /^\{(.+)\}$/.exec(part);
        if (param?.[1]) {
          names.push(param[1]);
          return '([^/.]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    const match = new RegExp(`^${source}$`).exec(path);
    if (!match) continue;
    const pathParams: Record<string, string> = {};
    names.forEach((name, index) => {
      pathParams[name] = decodeURIComponent(match[index + 1] ?? '');
    });
    return { route, pathParams };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeThreescale(options: StartThreescaleOptions = {}): Promise<FakeThreescale> {
  const now = options.now ?? (() => new Date());
  const provider: ProviderRecord = {
    id: 2445581234567,
    orgName: 'Acme API',
    adminDomain: 'acme-admin.3scale.net',
    domain: 'acme.3scale.net',
    fromEmail: 'no-reply@acme.example',
    supportEmail: 'support@acme.example',
    financeSupportEmail: 'finance@acme.example',
    siteAccessCode: null,
    financeEnabled: true,
    ...options.provider,
    createdAt: new Date('2024-01-15T09:30:00Z'),
  };
  const world = new World(provider, now);
  let stripe: StripeGatewaySettings | null = options.stripe ?? null;
  const faults: ThreescaleFaults = { latencyMs: 0, dropNext: 0, failNext: [], rateLimitPerSecond: null, chargeDelayMs: 0, dropWebhooks: false };
  let bucket = { tokens: 0, at: Date.now() };
  const requests: RecordedRequest[] = [];

  const addToken = (token: FakeToken): void => {
    const record: AccessTokenRecord = { value: token.value, scopes: token.scopes, permission: token.permission ?? 'rw', expired: token.expired ?? false };
    world.tokens.set(token.value, record);
  };
  for (const token of options.tokens ?? []) addToken(token);

  const takeRateToken = (): boolean => {
    const limit = faults.rateLimitPerSecond;
    if (limit === null) return true;
    const at = Date.now();
    bucket = { tokens: Math.min(limit, bucket.tokens + ((at - bucket.at) / 1000) * limit), at };
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  const answer = async (req: IncomingMessage, record: RecordedRequest): Promise<RouteAnswer & { headers?: Record<string, string> }> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const failureIndex = faults.failNext.findIndex((f) => !f.pathIncludes || url.pathname.includes(f.pathIncludes));
    if (failureIndex >= 0) {
      const [failure] = faults.failNext.splice(failureIndex, 1);
      if (failure) {
        return {
          status: failure.status,
          body: failure.body ?? DEFAULT_BODIES[failure.status],
          ...(failure.status === 429 ? { headers: { 'Retry-After': '1' } } : {}),
        };
      }
    }
    if (!takeRateToken()) return { status: 429, body: DEFAULT_BODIES[429], headers: { 'Retry-After': '1' } };

    const found = matchRoute(method, url.pathname);
    if (!found) return NOT_FOUND;
    const { route } = found;
    const described = findDescribedOperation(route.api, method, url.pathname);
    if (!described) throw new Error(`${method} ${url.pathname} is served but not described in ${route.api}`);

    const rawBody = method === 'GET' ? '' : await readBody(req);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (rawBody && contentType !== 'application/x-www-form-urlencoded') {
      return { status: 400, body: { error: `3scale's API description takes application/x-www-form-urlencoded bodies, not ${contentType || 'none'}` } };
    }
    record.body = maskToken(rawBody);
    const params: Record<string, unknown> = {};
    for (const [key, value] of url.searchParams) params[key] = value;
    for (const [key, value] of new URLSearchParams(rawBody)) params[key] = value;

    let tokenValue = typeof params['access_token'] === 'string' ? params['access_token'] : null;
    if (tokenValue !== null) record.tokenVia = url.searchParams.has('access_token') ? 'query' : 'body';
    if (tokenValue === null) {
      tokenValue = basicAuthToken(req.headers.authorization);
      if (tokenValue !== null) {
        record.tokenVia = 'basic';
        params['access_token'] = tokenValue;
      }
    }
    const token = tokenValue ? world.tokens.get(tokenValue) : undefined;
    if (!token || token.expired) return { status: 403, body: ACCESS_DENIED };
    if (!route.scopes.some((scope) => token.scopes.includes(scope))) return { status: 403, body: WRONG_SCOPE };
    if (method !== 'GET' && token.permission !== 'rw') return { status: 403, body: WRONG_SCOPE };
    if (route.api === 'billing' && !world.provider.financeEnabled) {
      return { status: 403, body: { error: 'Finance module not enabled for the account' } };
    }

    const check = checkRequestAgainstDescription(described, params);
    if (!check.ok) {
      // An id that is not a number: porta's find raises RecordNotFound.
      if (check.problems.some((p) => Object.keys(described.pathParams).some((name) => p.startsWith(name)))) return NOT_FOUND;
      return {
        status: 400,
        body: { error: `The request does not match 3scale's API description (${described.method.toUpperCase()} ${described.template}): ${check.problems.join('; ')}` },
      };
    }
    const host = req.headers.host ?? '127.0.0.1';
    return route.handle({
      world,
      base: `http://${host}`,
      pathParams: check.pathParams,
      params: check.params,
      stripe,
      chargeDelayMs: faults.chargeDelayMs,
    });
  };

  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: maskToken(url.search.replace(/^\?/, '')),
      body: '',
      tokenVia: null,
      status: 0,
    };
    requests.push(record);
    if (faults.dropNext > 0) {
      faults.dropNext -= 1;
      req.socket.destroy();
      return;
    }
    let closed = false;
    res.on('close', () => {
      closed = !res.writableEnded;
    });
    void (async () => {
      if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      if (closed || req.socket.destroyed) return;
      let result: RouteAnswer & { headers?: Record<string, string> };
      try {
        result = await answer(req, record);
      } catch (error) {
        result = { status: 500, body: { status: 500, error: 'Internal Server Error', fake: String(error) } };
      }
      record.status = result.status;
      if (closed || req.socket.destroyed) return;
      res.writeHead(result.status, { 'Content-Type': 'application/json; charset=utf-8', ...result.headers });
      res.end(JSON.stringify(result.body));
    })();
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const seedAccount = async (seed: SeedAccount): Promise<BuyerAccountRecord> => {
    const createdAt = seed.createdAt ?? now();
    const account: BuyerAccountRecord = {
      id: world.id(),
      orgName: seed.orgName,
      state: seed.state ?? 'approved',
      email: seed.email ?? `billing@${seed.orgName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
      monthlyBillingEnabled: seed.monthlyBillingEnabled ?? true,
      monthlyChargingEnabled: seed.monthlyChargingEnabled ?? true,
      card: null,
      stripeCustomerId: null,
      createdAt,
      updatedAt: createdAt,
    };
    if (seed.storedCard) {
      const { customerId, ...card } = seed.storedCard;
      account.card = card;
      account.stripeCustomerId = customerId ?? null;
    }
    if (seed.card) {
      if (!stripe) throw new Error('seedAccount with a card needs the Stripe test server (options.stripe or setStripe)');
      const stored = await storeCard(stripeClient(stripe), world.provider.id, account, seed.card);
      account.card = stored.card;
      account.stripeCustomerId = stored.customerId;
    }
    world.accounts.set(account.id, account);
    return account;
  };

  const seedInvoice = (seed: SeedInvoice): InvoiceRecord => {
    if (!world.accounts.has(seed.buyerAccountId)) throw new Error(`no buyer account ${seed.buyerAccountId}`);
    const at = now();
    const period = seed.period ?? at.toISOString().slice(0, 7);
    const id = world.id();
    const sequence = [...world.invoices.values()].filter((i) => i.period === period).length + 1;
    const state = seed.state ?? 'pending';
    const issued = state !== 'open' && state !== 'finalized';
    const invoice: InvoiceRecord = {
      id,
      buyerAccountId: seed.buyerAccountId,
      friendlyId: seed.friendlyId ?? `${period}-${String(sequence).padStart(8, '0')}`,
      state,
      period,
      currency: seed.currency ?? 'EUR',
      vatRate: seed.vatRate === undefined ? null : seed.vatRate,
      issuedOn: issued ? `${period}-28` : null,
      dueOn: issued ? `${period}-28` : null,
      paidAt: state === 'paid' ? at : null,
      creationType: 'background',
      paymentIntents: [],
      createdAt: at,
      updatedAt: at,
    };
    world.invoices.set(id, invoice);
    for (const line of seed.lineItems ?? [{ name: 'Fixed fee (Pro plan)', cost: 100 }]) {
      const item: LineItemRecord = {
        id: world.id(),
        invoiceId: id,
        name: line.name,
        description: line.description ?? null,
        quantity: line.quantity ?? 1,
        cost: line.cost,
        type: 'LineItem::PlanCost',
        createdAt: at,
      };
      world.lineItems.push(item);
    }
    return invoice;
  };

  const seedTemplate = (seed: SeedTemplate): TemplateRecord => {
    const at = now();
    const template: TemplateRecord = {
      id: world.id(),
      type: seed.type,
      title: seed.title ?? null,
      systemName: seed.systemName ?? null,
      path: seed.path ?? null,
      sectionId: seed.type === 'page' ? 1 : null,
      layoutId: seed.type === 'page' || seed.type === 'builtin_page' ? 1 : null,
      draft: seed.draft ?? null,
      published: seed.published ?? null,
      createdAt: at,
      updatedAt: at,
    };
    world.templates.set(template.id, template);
    return template;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    world,
    get provider() {
      return world.provider;
    },
    addToken,
    setProvider(changes) {
      world.provider = { ...world.provider, ...changes };
    },
    setStripe(settings) {
      stripe = settings;
    },
    setFaults(changes) {
      Object.assign(faults, changes);
      if (changes.rateLimitPerSecond !== undefined) bucket = { tokens: changes.rateLimitPerSecond ?? 0, at: Date.now() };
    },
    requests,
    seedAccount,
    seedInvoice,
    seedTemplate,
    receiveStripeEvent: (event) => (faults.dropWebhooks ? 'dropped' : applyStripeEvent(world, event)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
