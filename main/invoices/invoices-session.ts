// The clients the Invoices feature talks through, built from the saved settings: 3scale's
// Billing API with the saved admin domain and token, Stripe with the active mode's key, and
// one rate-limit gate per service shared by loads, single charges and runs — so that
// together they stay under 3scale's limit (configurable, default 5 requests/s) and the
// mode's Stripe limit (every 3scale charge spends Stripe requests of the same account).

import type { StripeMode } from '../../common/stripe-keys';
import { UserFacingError } from '../domain/user-facing-error';
import { createStripeClient, type StripeConnection } from '../stripe/stripe-connection';
import { parseAdminDomain } from '../threescale/admin-domain';
import { ThreescaleClient } from '../threescale/threescale-client';
import { ChargeStep } from './charge-step';
import { ServiceGate } from './service-gate';
import { StripePayments } from './stripe-payments';
import { ThreescaleBilling } from './threescale-billing';

/** Stripe's documented limits per mode (requests per second). */
export const STRIPE_RATE_LIMITS: Record<StripeMode, number> = { test: 25, live: 100 };
export const DEFAULT_THREESCALE_RPS = 5;

export interface SessionSettings {
  connection: StripeConnection | null;
  activeKey: () => { mode: StripeMode; secretKey: string } | null;
  threescale: () => { adminDomain: string; accessToken: string | null };
  providerId: () => string;
  /** BILLING_DESK_3SCALE_BASE_URL. */
  threescaleBaseUrl?: string | undefined;
  tuning?: SessionTuning;
}

export interface SessionTuning {
  threescaleRequestsPerSecond?: number;
  /** Default: the mode's limit, less a tenth for 3scale's own charging requests. */
  stripeRequestsPerSecond?: number;
  timeoutMs?: number;
  settleMs?: number;
  freshnessMs?: number;
  /** Invoices charged at once by a run. */
  concurrency?: number;
}

export interface Session {
  key: string;
  mode: StripeMode;
  adminDomain: string;
  billing: ThreescaleBilling;
  payments: StripePayments;
  threescaleGate: ServiceGate;
  stripeGate: ServiceGate;
  step: ChargeStep;
}

export class SessionFactory {
  private current: Session | null = null;

  constructor(private readonly settings: SessionSettings) {}

  get tuning(): SessionTuning {
    return this.settings.tuning ?? {};
  }

  /** The session for the settings as they are now (the same one while they do not change). */
  session(): Session {
    const stripeKey = this.settings.activeKey();
    if (!stripeKey) throw new UserFacingError('invalid_input', 'Save the Stripe keys of the active mode first (Charging & Gateway).');
    const saved = this.settings.threescale();
    const domain = parseAdminDomain(saved.adminDomain);
    if (!domain.ok || !saved.accessToken) {
      throw new UserFacingError('invalid_input', 'Connect Billing Desk to 3scale first (the 3scale page: admin portal domain and access token).');
    }
    const key = `${stripeKey.mode}|${stripeKey.secretKey}|${domain.value.domain}|${saved.accessToken}`;
    if (this.current?.key === key) return this.current;
    const tuning = this.tuning;
    const timeoutMs = tuning.timeoutMs ?? 30_000;
    const client = new ThreescaleClient({
      adminDomain: domain.value,
      accessToken: saved.accessToken,
      baseUrlOverride: this.settings.threescaleBaseUrl ?? null,
      timeoutMs,
    });
    const threescaleGate = new ServiceGate({ name: '3scale', requestsPerSecond: tuning.threescaleRequestsPerSecond ?? DEFAULT_THREESCALE_RPS });
    const stripeGate = new ServiceGate({
      name: 'Stripe',
      requestsPerSecond: tuning.stripeRequestsPerSecond ?? Math.floor(STRIPE_RATE_LIMITS[stripeKey.mode] * 0.6),
    });
    const stripe = createStripeClient(stripeKey.secretKey, this.settings.connection, { timeoutMs, maxNetworkRetries: 0 });
    const billing = new ThreescaleBilling(client);
    const payments = new StripePayments(stripe, (send) => stripeGate.run(send, 'read'));
    const step = new ChargeStep({
      billing,
      payments,
      threescale: threescaleGate,
      providerId: this.settings.providerId,
      ...(tuning.settleMs !== undefined ? { settleMs: tuning.settleMs } : {}),
      ...(tuning.freshnessMs !== undefined ? { freshnessMs: tuning.freshnessMs } : {}),
    });
    this.current = { key, mode: stripeKey.mode, adminDomain: domain.value.domain, billing, payments, threescaleGate, stripeGate, step };
    return this.current;
  }
}
