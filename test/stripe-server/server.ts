/**
 * A Stripe-compatible fake HTTP server for tests: it speaks Stripe's v1 wire protocol (form-encoded
 * requests, JSON responses, Stripe's error envelope) well enough for the official `stripe` SDK, for the
 * endpoints Billing Desk uses. See README.md in this folder.
 *
 * Per request, in this order:
 *   dropNext → latency → rate limit (429) → API key (401) → route (404) → Content-Type (400)
 *   → idempotency replay/conflict → failNext500 (500) → restricted-key permission (403)
 *   → params against the OpenAPI schema (400) → the endpoint (200, or its own 4xx/402) → dropResponseNext.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import { defaultCurrencyFor } from './country-specs';
import { invalidRequest, maskKey, newId, StripeHttpError } from './errors';
import type { StripeErrorBody } from './errors';
import { ALL_PERMISSIONS, hasPermission, STRIPE_PERMISSION_NAMES } from './permissions';
import type { StripePermission } from './permissions';
import { applyExpansions, seedCustomerInto } from './resources';
import type { RequestContext, Route, SeedLegacyCard } from './resources';
import { ROUTES } from './routes';
import { seedSetupIntentInto } from './setup-intents';
import { ledgerOf } from './ledger';
import { ledgerSeeder } from './ledger-seeding';
import type { LedgerSeeder } from './ledger-seeding';
import type { SeedCard } from './setup-intents';
import { compileTemplate, matchTemplate, specApiVersion, validateRequestParams } from './spec';
import { ModeStore } from './store';
import type { AccountRecord, Mode, PaymentIntentRecord } from './store';
import { authenticateInto, seedCardInto } from './payment-intents';
import type { StripeEvent } from './payment-intents';

export type { StripeEvent } from './payment-intents';

export type { StripePermission } from './permissions';
export { ALL_PERMISSIONS, PERMISSIONS_BY_STRIPE_NAME, STRIPE_PERMISSION_NAMES } from './permissions';
export { TEST_MODE_WEBHOOK_ENDPOINT_LIMIT, TEST_PAYMENT_METHODS } from './resources';

export const DEFAULT_ACCOUNT_ID = 'acct_fake_default';

export interface FakeKey {
  /** e.g. 'sk_test_…', 'sk_live_…', 'rk_test_…', 'rk_live_…' (or 'pk_…', refused as Stripe does). The mode (livemode) follows the prefix. */
  secret: string;
  /** Restricted keys: the permissions they hold; secret (sk_) keys have all. Default: all. */
  permissions?: StripePermission[];
  /** Which account the key belongs to; default 'acct_fake_default'. */
  accountId?: string;
}

export interface FakeAccountSettings {
  id: string;
  businessName: string;
  country: string;
  defaultCurrency: string;
  chargesEnabled: boolean;
  /** The account's email (Account.email); default 'owner@example.com'. */
  email?: string;
}

export interface Faults {
  /** Added before every response (default 0). */
  latencyMs: number;
  /**
   * Token bucket over all requests (every request takes a token); beyond it answer 429 like Stripe
   * (default null = off). The bucket holds at most this many tokens and refills at this rate per
   * second, so a rate below 1 refuses every request. Setting it refills the bucket.
   */
  rateLimitPerSecond: number | null;
  /** The next N authenticated requests answer 500 api_error. */
  failNext500: number;
  /** The next N requests have their socket destroyed without a response (before anything is done). */
  dropNext: number;
  /** The next N requests are carried out, then their socket is destroyed instead of answering. */
  dropResponseNext: number;
}

export interface RecordedRequest {
  method: string;
  /** The path without the query string, e.g. '/v1/customers'. */
  path: string;
  /** The raw query string without '?'. */
  query: string;
  body: string;
  apiKey: string | null;
  idempotencyKey: string | null;
  /** The status sent; 0 while in flight, or when the socket was dropped. */
  status: number;
}

export interface SeedCustomer {
  email?: string;
  name?: string;
  description?: string;
  metadata?: Record<string, string>;
  created?: number;
  accountId?: string;
  /** A legacy card as default_source (integrations from before PaymentMethods). */
  legacyCard?: SeedLegacyCard;
}

export type { SeedCard } from './setup-intents';

export interface SeedSetupIntent {
  customer: string;
  /** Default: pm_card_visa, expiring 12 of next year. */
  card?: SeedCard;
  /** Default: now. */
  created?: number;
  accountId?: string;
}

export interface FakeStripe {
  /** 'http://127.0.0.1:<port>' */
  url: string;
  host: string;
  port: number;
  protocol: 'http';
  addKey(key: FakeKey): void;
  /** Afterwards the key gets 401 "Expired API Key provided", like a rolled key. */
  revokeKey(secret: string): void;
  /** Creates or updates an account (without `id`: the default account). */
  setAccount(settings: Partial<FakeAccountSettings> & { id?: string }): void;
  setFaults(faults: Partial<Faults>): void;
  /** Every request received, in arrival order (clear it with `requests.length = 0`). */
  requests: RecordedRequest[];
  /** Direct seeding for tests and benchmarks without HTTP: creates a customer (with `created` given or now) in a mode. */
  seedCustomer(mode: Mode, customer: SeedCustomer): { id: string };
  /** Direct seeding: a succeeded SetupIntent (usage off_session) whose card is attached to the customer, as 3scale leaves them. */
  seedSetupIntent(mode: Mode, intent: SeedSetupIntent): { id: string; paymentMethodId: string };
  /** Direct seeding: a test card (`pm_card_chargeDeclinedLostCard`, …) attached to a customer as if it was fine when saved. */
  seedCard(mode: Mode, card: { customer: string; token: string; expMonth?: number; expYear?: number; accountId?: string }): {
    paymentMethodId: string;
    last4: string;
    expMonth: number;
    expYear: number;
  };
  /** The developer authenticates a PaymentIntent that needed it: it succeeds, and `payment_intent.succeeded` goes to the listeners. */
  authenticatePaymentIntent(id: string): StripeEvent;
  /** Webhook deliveries in process (the fake refuses loopback webhook URLs, as Stripe does); returns the unsubscribe. */
  onEvent(listener: (event: StripeEvent) => void): () => void;
  /** Every PaymentIntent of an account's mode, newest first (for test assertions). */
  paymentIntents(mode: Mode, accountId?: string): PaymentIntentRecord[];
  /** Direct seeding of an account's money in a mode: PaymentIntents, fees, refunds, disputes, payouts (ledger-seeding.ts). */
  ledger(mode: Mode, accountId?: string): LedgerSeeder;
  stop(): Promise<void>;
}

export interface StartOptions {
  keys?: FakeKey[];
  accounts?: FakeAccountSettings[];
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
}

type KeyKind = 'secret' | 'restricted' | 'publishable';

interface KeyRecord {
  secret: string;
  kind: KeyKind;
  mode: Mode;
  permissions: ReadonlySet<StripePermission>;
  accountId: string;
  revoked: boolean;
}

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
  headers: Record<string, string>;
  requestId: string;
}

const KEY_FORMAT = /^(sk|rk|pk)_(test|live)_\S+$/;
const MAX_BODY_BYTES = 1024 * 1024;

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
const PUBLISHABLE_KEY_MESSAGE =
  'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.';
const RATE_LIMIT_MESSAGE =
  'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.';

function apiKeyFrom(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (/^bearer$/i.test(scheme)) return value || null;
  if (/^basic$/i.test(scheme)) return Buffer.from(value, 'base64').toString('utf8').split(':')[0] || null;
  return null;
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseForm(text: string): Record<string, unknown> {
  return qs.parse(text, { arrayLimit: 1000, depth: 10, parameterLimit: 10_000, plainObjects: true }) as Record<
    string,
    unknown
  >;
}

const routeTemplates = new Map<string, ReturnType<typeof compileTemplate>[]>();
for (const route of ROUTES) {
  const list = routeTemplates.get(route.method) ?? [];
  list.push(compileTemplate(route.template));
  routeTemplates.set(route.method, list);
}

function findRoute(method: string, path: string): { route: Route; pathParams: Record<string, string> } | undefined {
  const found = matchTemplate(routeTemplates.get(method) ?? [], path);
  if (!found) return undefined;
  const route = ROUTES.find((r) => r.method === method && r.template === found.template);
  return route ? { route, pathParams: found.params } : undefined;
}

class FakeStripeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly keys = new Map<string, KeyRecord>();
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly stores = new Map<string, ModeStore>();
  private readonly idempotency = new Map<string, StoredResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private faults: Faults = { latencyMs: 0, rateLimitPerSecond: null, failNext500: 0, dropNext: 0, dropResponseNext: 0 };
  private bucket = { tokens: 0, at: 0 };
  private seq = 0;
  private stopped = false;
  readonly http: http.Server;

  constructor() {
    this.http = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          this.send(res, 500, { type: 'api_error', message: `The fake Stripe server failed: ${String(error)}` }, {});
        }
      });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Configuration
  // -------------------------------------------------------------------------------------------

  addKey(key: FakeKey): void {
    const match = KEY_FORMAT.exec(key.secret);
    if (!match) {
      throw new Error(`FakeKey.secret must look like sk_test_…, sk_live_…, rk_test_…, rk_live_…, pk_test_… or pk_live_…: ${key.secret}`);
    }
    const kind: KeyKind = match[1] === 'sk' ? 'secret' : match[1] === 'rk' ? 'restricted' : 'publishable';
    const accountId = key.accountId ?? DEFAULT_ACCOUNT_ID;
    this.ensureAccount(accountId);
    this.keys.set(key.secret, {
      secret: key.secret,
      kind,
      mode: match[2] === 'live' ? 'live' : 'test',
      permissions: new Set(kind === 'restricted' && key.permissions ? key.permissions : ALL_PERMISSIONS),
      accountId,
      revoked: false,
    });
  }

  revokeKey(secret: string): void {
    const key = this.keys.get(secret);
    if (key) key.revoked = true;
  }

  private ensureAccount(id: string): AccountRecord {
    let account = this.accounts.get(id);
    if (!account) {
      account = {
        id,
        businessName: 'Fake Business',
        country: 'US',
        defaultCurrency: 'usd',
        chargesEnabled: true,
        email: 'owner@example.com',
        created: Math.floor(Date.now() / 1000),
      };
      this.accounts.set(id, account);
    }
    return account;
  }

  setAccount(settings: Partial<FakeAccountSettings> & { id?: string }): void {
    const existed = this.accounts.has(settings.id ?? DEFAULT_ACCOUNT_ID);
    const account = this.ensureAccount(settings.id ?? DEFAULT_ACCOUNT_ID);
    if (settings.country !== undefined) {
      account.country = settings.country.toUpperCase();
      if (!existed && settings.defaultCurrency === undefined) account.defaultCurrency = defaultCurrencyFor(account.country);
    }
    if (settings.businessName !== undefined) account.businessName = settings.businessName;
    if (settings.defaultCurrency !== undefined) account.defaultCurrency = settings.defaultCurrency.toLowerCase();
    if (settings.chargesEnabled !== undefined) account.chargesEnabled = settings.chargesEnabled;
    if (settings.email !== undefined) account.email = settings.email;
  }

  setFaults(faults: Partial<Faults>): void {
    const previousRate = this.faults.rateLimitPerSecond;
    this.faults = { ...this.faults, ...faults };
    if (faults.rateLimitPerSecond !== undefined && faults.rateLimitPerSecond !== previousRate) {
      this.bucket = { tokens: faults.rateLimitPerSecond ?? 0, at: performance.now() };
    }
  }

  seedCustomer(mode: Mode, customer: SeedCustomer): { id: string } {
    const accountId = customer.accountId ?? DEFAULT_ACCOUNT_ID;
    this.ensureAccount(accountId);
    const store = this.storeFor(accountId, mode);
    const record = seedCustomerInto(
      { store, nextSeq: () => this.nextSeq(), now: () => Math.floor(Date.now() / 1000) },
      customer,
    );
    return { id: record.id };
  }

  seedSetupIntent(mode: Mode, fields: SeedSetupIntent): { id: string; paymentMethodId: string } {
    const accountId = fields.accountId ?? DEFAULT_ACCOUNT_ID;
    const account = this.ensureAccount(accountId);
    const store = this.storeFor(accountId, mode);
    const { intent, method } = seedSetupIntentInto(
      { store, account, nextSeq: () => this.nextSeq(), now: () => Math.floor(Date.now() / 1000) },
      { customer: fields.customer, ...(fields.card ? { card: fields.card } : {}), ...(fields.created !== undefined ? { created: fields.created } : {}) },
    );
    return { id: intent.id, paymentMethodId: method.id };
  }

  seedCard(mode: Mode, fields: { customer: string; token: string; expMonth?: number; expYear?: number; accountId?: string }) {
    const accountId = fields.accountId ?? DEFAULT_ACCOUNT_ID;
    const account = this.ensureAccount(accountId);
    const store = this.storeFor(accountId, mode);
    return seedCardInto({ store, account, nextSeq: () => this.nextSeq(), now: () => Math.floor(Date.now() / 1000) }, fields);
  }

  readonly eventListeners = new Set<(event: StripeEvent) => void>();

  authenticatePaymentIntent(id: string): StripeEvent {
    const store = [...this.stores.values()].find((candidate) => candidate.paymentIntents.get(id));
    if (!store) throw new Error(`no PaymentIntent ${id}`);
    const event = authenticateInto(store, id, Math.floor(Date.now() / 1000));
    for (const listener of this.eventListeners) listener(event);
    return event;
  }

  paymentIntents(mode: Mode, accountId = DEFAULT_ACCOUNT_ID): PaymentIntentRecord[] {
    return this.storeFor(accountId, mode).paymentIntents.newestFirst(() => true);
  }

  ledger(mode: Mode, accountId = DEFAULT_ACCOUNT_ID): LedgerSeeder {
    const account = this.ensureAccount(accountId);
    return ledgerSeeder(this.storeFor(accountId, mode), account, () => this.nextSeq(), () => Math.floor(Date.now() / 1000));
  }

  private storeFor(accountId: string, mode: Mode): ModeStore {
    const key = `${accountId}:${mode}`;
    let store = this.stores.get(key);
    if (!store) {
      store = new ModeStore(mode);
      this.stores.set(key, store);
    }
    return store;
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------------------------

  listen(port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve(this.http.address() as AddressInfo);
      });
    });
  }

  stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private takeToken(): boolean {
    const rate = this.faults.rateLimitPerSecond;
    if (rate === null) return true;
    const now = performance.now();
    this.bucket.tokens = Math.min(rate, this.bucket.tokens + ((now - this.bucket.at) / 1000) * rate);
    this.bucket.at = now;
    if (this.bucket.tokens >= 1) {
      this.bucket.tokens -= 1;
      return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Requests
  // -------------------------------------------------------------------------------------------

  private send(
    res: ServerResponse,
    status: number,
    payload: unknown,
    headers: Record<string, string>,
    asError = true,
  ): string {
    const text = JSON.stringify(asError ? { error: payload } : payload, null, 2);
    if (res.destroyed) return text;
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, no-store',
      ...headers,
    });
    res.end(text);
    return text;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const apiKey = apiKeyFrom(headerValue(req, 'authorization') ?? undefined);
    const idempotencyKey = headerValue(req, 'idempotency-key');
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.search.slice(1),
      body: body ?? '',
      apiKey,
      idempotencyKey,
      status: 0,
    };
    this.requests.push(record);

    if (this.faults.dropNext > 0) {
      this.faults.dropNext -= 1;
      req.socket.destroy();
      return;
    }
    if (this.faults.latencyMs > 0) {
      // Latency is spent before the request reaches the API: a client that gives up meanwhile leaves
      // nothing behind (no rate-limit token, no fault used up, nothing done).
      let abandoned = false;
      const onClose = (): void => {
        abandoned = true;
      };
      res.once('close', onClose);
      await this.sleep(this.faults.latencyMs);
      res.off('close', onClose);
      if (abandoned || res.destroyed) return;
    }
    if (this.stopped) return;

    const requestId = newId('req', 14);
    const headers: Record<string, string> = {
      'Request-Id': requestId,
      'Stripe-Version': headerValue(req, 'stripe-version') ?? specApiVersion(),
    };
    if (idempotencyKey !== null && method === 'POST') headers['Idempotency-Key'] = idempotencyKey;
    const reply = (status: number, payload: unknown, asError = true, extra: Record<string, string> = {}): void => {
      record.status = status;
      this.send(res, status, payload, { ...headers, ...extra }, asError);
    };
    const replyError = (error: StripeHttpError): void => reply(error.status, error.body, true, error.headers);

    if (!this.takeToken()) {
      reply(429, { type: 'invalid_request_error', code: 'rate_limit', message: RATE_LIMIT_MESSAGE }, true, {
        'Stripe-Rate-Limited-Reason': 'global-rate',
      });
      return;
    }
    if (body === null) {
      replyError(invalidRequest(`The request body is larger than the ${MAX_BODY_BYTES} bytes the API accepts.`, {}, 413));
      return;
    }

    // API key
    const key = apiKey === null ? undefined : this.keys.get(apiKey);
    if (apiKey === null || !key) {
      reply(401, { type: 'invalid_request_error', message: apiKey === null ? NO_KEY_MESSAGE : `Invalid API Key provided: ${maskKey(apiKey)}` });
      return;
    }
    if (key.revoked) {
      replyError(invalidRequest(`Expired API Key provided: ${maskKey(key.secret)}`, { code: 'api_key_expired' }, 401));
      return;
    }
    if (key.kind === 'publishable') {
      replyError(invalidRequest(PUBLISHABLE_KEY_MESSAGE, { code: 'secret_key_required' }, 401));
      return;
    }
    const store = this.storeFor(key.accountId, key.mode);
    const account = this.ensureAccount(key.accountId);
    const logUrl = `https://dashboard.stripe.com/${key.mode === 'test' ? 'test/' : ''}logs/${requestId}`;
    const withLog = (error: StripeHttpError): StripeHttpError => {
      const errorBody: StripeErrorBody = { ...error.body };
      errorBody.request_log_url ??= logUrl;
      return new StripeHttpError(error.status, errorBody, error.headers);
    };
    const onBehalfOf = headerValue(req, 'stripe-account');
    if (onBehalfOf !== null && onBehalfOf !== key.accountId) {
      replyError(
        withLog(
          invalidRequest(
            `The provided key '${maskKey(key.secret)}' does not have access to account '${onBehalfOf}' (or that account does not exist). Application access may have been revoked.`,
            {},
            403,
          ),
        ),
      );
      return;
    }

    // Route
    const found = findRoute(method, url.pathname);
    if (!found) {
      reply(404, {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      });
      return;
    }

    const contentType = (headerValue(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (body !== '' && contentType !== '' && contentType !== 'application/x-www-form-urlencoded') {
      replyError(
        withLog(
          invalidRequest(
            `Invalid request: unsupported Content-Type ${contentType}. If error persists and you need assistance, please contact support@stripe.com.`,
          ),
        ),
      );
      return;
    }

    // Idempotency: replay, or refuse a different request under the same key.
    let save: ((status: number, text: string, extra: Record<string, string>) => void) | undefined;
    if (method === 'POST' && idempotencyKey !== null) {
      if (idempotencyKey.length > 255) {
        replyError(withLog(invalidRequest('Idempotency-Key must be at most 255 characters long.', { param: 'Idempotency-Key' })));
        return;
      }
      const slot = `${key.secret}\u0000${idempotencyKey}`;
      const fingerprint = `${method} ${url.pathname}?${url.search.slice(1)}\n${body}`;
      const stored = this.idempotency.get(slot);
      if (stored && stored.fingerprint !== fingerprint) {
        replyError(
          withLog(
            new StripeHttpError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            }),
          ),
        );
        return;
      }
      if (stored) {
        record.status = stored.status;
        res.writeHead(stored.status, {
          ...stored.headers,
          'Request-Id': requestId,
          'Idempotent-Replayed': 'true',
          'Original-Request': stored.requestId,
        });
        res.end(stored.body);
        return;
      }
      save = (status, text, extra) => {
        this.idempotency.set(slot, {
          fingerprint,
          status,
          body: text,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': String(Buffer.byteLength(text)),
            'Cache-Control': 'no-cache, no-store',
            'Stripe-Version': headers['Stripe-Version'] ?? specApiVersion(),
            'Idempotency-Key': idempotencyKey,
            ...extra,
          },
          requestId,
        });
      };
    }
    /** The endpoint's answer: kept for idempotent replay, then sent (or dropped, as a fault). */
    const finish = (status: number, payload: unknown, asError: boolean, extra: Record<string, string> = {}): void => {
      save?.(status, JSON.stringify(asError ? { error: payload } : payload, null, 2), extra);
      if (this.faults.dropResponseNext > 0) {
        this.faults.dropResponseNext -= 1;
        req.socket.destroy();
        return;
      }
      reply(status, payload, asError, extra);
    };

    if (this.faults.failNext500 > 0) {
      this.faults.failNext500 -= 1;
      // Stripe keeps a 500 under the idempotency key (a retry replays it), and then says not to retry.
      const extra: Record<string, string> = save ? { 'Stripe-Should-Retry': 'false' } : {};
      finish(500, { type: 'api_error', message: 'An unknown error occurred', request_log_url: logUrl }, true, extra);
      return;
    }

    // Restricted keys: permission before params, so an empty POST tells a missing write permission (403) from a present one (400).
    const { route } = found;
    if (key.kind === 'restricted' && route.permission && !hasPermission(key.permissions, route.permission)) {
      replyError(
        withLog(
          invalidRequest(
            `The provided key '${maskKey(key.secret)}' does not have the required permissions for this endpoint on account '${key.accountId}'. Having the '${STRIPE_PERMISSION_NAMES[route.permission]}' permission would allow this request to continue.`,
            {},
            403,
          ),
        ),
      );
      return;
    }

    // Params, validated (and coerced) against the operation's schema in Stripe's OpenAPI document.
    const params = { ...parseForm(url.search.slice(1)), ...parseForm(body) };
    const problem = validateRequestParams(method, route.template, params);
    if (problem) {
      replyError(withLog(invalidRequest(problem.message, { param: problem.param })));
      return;
    }

    const ctx: RequestContext = {
      store,
      account,
      params,
      pathParams: found.pathParams,
      requestId,
      now: () => Math.floor(Date.now() / 1000),
      nextSeq: () => this.nextSeq(),
    };
    try {
      const result = route.handle(ctx);
      applyExpansions(ctx, result);
      finish(200, result, false);
    } catch (error) {
      if (!(error instanceof StripeHttpError)) throw error;
      const failed = withLog(error);
      finish(failed.status, failed.body, true, failed.headers);
    } finally {
      // Every attempt on a PaymentIntent gets its charge now, declined ones included (ledger.ts).
      if (route.method === 'POST' && route.template.startsWith('/v1/payment_intents')) ledgerOf(store).sync(ctx.now());
    }
  }
}

/** Starts the fake on 127.0.0.1 (a free port unless `port` is given). */
export async function startFakeStripe(options: StartOptions = {}): Promise<FakeStripe> {
  const server = new FakeStripeServer();
  server.setAccount({ id: DEFAULT_ACCOUNT_ID });
  for (const account of options.accounts ?? []) server.setAccount(account);
  for (const key of options.keys ?? []) server.addKey(key);
  const address = await server.listen(options.port ?? 0);
  const host = '127.0.0.1';
  return {
    url: `http://${host}:${address.port}`,
    host,
    port: address.port,
    protocol: 'http',
    requests: server.requests,
    addKey: (key) => server.addKey(key),
    revokeKey: (secret) => server.revokeKey(secret),
    setAccount: (settings) => server.setAccount(settings),
    setFaults: (faults) => server.setFaults(faults),
    seedCustomer: (mode, customer) => server.seedCustomer(mode, customer),
    seedSetupIntent: (mode, intent) => server.seedSetupIntent(mode, intent),
    seedCard: (mode, card) => server.seedCard(mode, card),
    authenticatePaymentIntent: (id) => server.authenticatePaymentIntent(id),
    onEvent: (listener) => {
      server.eventListeners.add(listener);
      return () => server.eventListeners.delete(listener);
    },
    paymentIntents: (mode, accountId) => server.paymentIntents(mode, accountId),
    ledger: (mode, accountId) => server.ledger(mode, accountId),
    stop: () => server.stop(),
  };
}
