// Every call Billing Desk makes to Stripe, through the official SDK, with a timeout,
// the SDK's own retries for connection errors and 5xx, and backoff on 429 (which the
// SDK does not retry by itself).

import type Stripe from 'stripe';
import type { MissingPermission, StripeVerification } from '../../common/ipc-contract';
import type { StripeMode } from '../../common/stripe-keys';
import { backoffDelay, sleep, type BackoffPolicy } from '../shared/backoff';
import { createStripeClient, type StripeConnection } from './stripe-connection';
import {
  explainStripeFailure,
  isConnectionError,
  isPermissionError,
  isRateLimited,
  modeMismatch,
  permissionNamedIn,
  statusOf,
  unexpectedAnswer,
} from './stripe-errors';

export interface StripeServiceOptions {
  connection: StripeConnection | null;
  timeoutMs?: number;
  /** The back-off between retries of a 429 (jittered by ±50 %), and how many retries. */
  rateLimitBackoff?: { baseMs: number; maxMs: number; retries: number };
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Told after every call whether Stripe answered (any HTTP status) or could not be reached. */
  onReachability?: (reachable: boolean, detail: string) => void;
}

/** What a restricted key must allow, for which feature; checked where /v1/account is refused. */
const PERMISSION_PROBES: readonly {
  permission: string;
  feature: string;
  run: (client: Stripe) => Promise<unknown>;
}[] = [
  {
    permission: 'rak_customer_read',
    feature: 'Customers: reading the Stripe customers of your developer accounts',
    run: (client) => client.customers.list({ limit: 1 }),
  },
  {
    // An empty create: Stripe checks the permission before the parameters, so a key
    // that may create gets 400 (nothing is created) and one that may not gets 403.
    permission: 'rak_payment_intent_write',
    feature: 'Charging invoices: creating payment intents',
    run: (client) => client.paymentIntents.create({} as Stripe.PaymentIntentCreateParams),
  },
  {
    permission: 'rak_webhook_write',
    feature: 'Create webhook endpoint: managing webhook endpoints',
    run: (client) => client.webhookEndpoints.create({} as Stripe.WebhookEndpointCreateParams),
  },
];

export const DEFAULT_TIMEOUT_MS = 10_000;

export class StripeService {
  private readonly timeoutMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly retries: number;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: StripeServiceOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const { baseMs, maxMs, retries } = options.rateLimitBackoff ?? { baseMs: 500, maxMs: 4000, retries: 4 };
    this.backoff = { baseMs, maxMs, jitter: 'half' };
    this.retries = retries;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
  }

  private client(secretKey: string): Stripe {
    return createStripeClient(secretKey, this.options.connection, { timeoutMs: this.timeoutMs, maxNetworkRetries: 1 });
  }

  /** Runs a call, retrying 429s with exponential backoff and jitter. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await run();
        this.options.onReachability?.(true, '');
        return result;
      } catch (error) {
        // Any answer, even one that could not be used, proves Stripe is reachable.
        const reached = !isConnectionError(error);
        this.options.onReachability?.(reached, reached ? '' : 'Stripe cannot be reached.');
        if (!isRateLimited(error) || attempt >= this.retries) throw error;
        await this.sleep(backoffDelay(this.backoff, attempt));
      }
    }
  }

  private explain(error: unknown, mode: StripeMode): Error {
    return explainStripeFailure(error, { setName: mode === 'test' ? 'Test keys' : 'Live keys', timeoutMs: this.timeoutMs });
  }

  /** Asks Stripe who the key belongs to and in which mode, and what a restricted key may do. */
  async verify(secretKey: string, mode: StripeMode): Promise<StripeVerification> {
    const client = this.client(secretKey);
    const restricted = secretKey.startsWith('rk_');
    // A restricted key may be refused these reads (403) and still be valid: 401 is the invalid key.
    const readUnlessRestricted = async <T>(run: () => Promise<T>): Promise<T | null> => {
      try {
        return await this.call(run);
      } catch (error) {
        if (restricted && isPermissionError(error)) return null;
        throw this.explain(error, mode);
      }
    };
    const account = await readUnlessRestricted(() => client.accounts.retrieveCurrent());
    const balance = await readUnlessRestricted(() => client.balance.retrieve());
    const livemode = balance ? balance.livemode : null;
    if (livemode !== null && livemode !== (mode === 'live')) throw modeMismatch(mode, livemode);

    const missingPermissions: MissingPermission[] = [];
    if (restricted) {
      if (!account) missingPermissions.push({ permission: 'rak_account_read', feature: 'Showing which Stripe account the key reaches' });
      for (const probe of PERMISSION_PROBES) {
        try {
          await this.call(() => probe.run(client));
        } catch (error) {
          if (isPermissionError(error)) {
            missingPermissions.push({ permission: permissionNamedIn(error) ?? probe.permission, feature: probe.feature });
          } else if (statusOf(error) !== 400) {
            throw this.explain(error, mode);
          }
        }
      }
    }

    let supportedCurrencies: string[] | null = null;
    if (account?.country) {
      try {
        const spec = await this.call(() => client.countrySpecs.retrieve(account.country as string));
        supportedCurrencies = spec.supported_payment_currencies.map((c) => c.toLowerCase());
      } catch {
        supportedCurrencies = null; // the currency check is advice; its absence is not a failure
      }
    }

    return {
      verifiedAt: this.now().toISOString(),
      restricted,
      account: {
        accountId: account?.id ?? null,
        name: account?.business_profile?.name ?? account?.settings?.dashboard?.display_name ?? null,
        country: account?.country ?? null,
        defaultCurrency: account?.default_currency ?? null,
        chargesEnabled: account ? account.charges_enabled : null,
        livemode,
      },
      missingPermissions,
      supportedCurrencies,
    };
  }

  /** Webhook endpoints whose URL, without its query string, is the given one. */
  async findWebhookEndpoints(secretKey: string, mode: StripeMode, urlWithoutQuery: string): Promise<{ id: string; url: string }[]> {
    const client = this.client(secretKey);
    try {
      const found: { id: string; url: string }[] = [];
      let startingAfter: string | undefined;
      for (;;) {
        const page = await this.call(() =>
          client.webhookEndpoints.list({ limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) }),
        );
        for (const endpoint of page.data) {
          if (endpoint.url.split('?')[0] === urlWithoutQuery) found.push({ id: endpoint.id, url: endpoint.url });
        }
        const last = page.data[page.data.length - 1];
        if (!page.has_more || !last) return found;
        startingAfter = last.id;
      }
    } catch (error) {
      throw this.explain(error, mode);
    }
  }

  async createWebhookEndpoint(
    secretKey: string,
    mode: StripeMode,
    url: string,
    idempotencyKey: string,
  ): Promise<{ id: string; secret: string }> {
    const client = this.client(secretKey);
    try {
      const endpoint = await this.call(() =>
        client.webhookEndpoints.create(
          { url, enabled_events: ['payment_intent.succeeded'], description: '3scale payment callbacks (created by Billing Desk)' },
          { idempotencyKey },
        ),
      );
      if (!endpoint.secret) {
        throw unexpectedAnswer(
          `it created the webhook endpoint ${endpoint.id} but returned no signing secret for it; copy the secret from the endpoint's page in Stripe's Dashboard into Webhook Signing Secret`,
        );
      }
      return { id: endpoint.id, secret: endpoint.secret };
    } catch (error) {
      throw this.explain(error, mode);
    }
  }

  async deleteWebhookEndpoint(secretKey: string, mode: StripeMode, id: string): Promise<void> {
    try {
      await this.call(() => this.client(secretKey).webhookEndpoints.del(id));
    } catch (error) {
      if (statusOf(error) === 404) return; // deleted meanwhile (another replace): what was wanted
      throw this.explain(error, mode);
    }
  }
}
