// The clients the Month-end screen reads through, built from the saved settings: 3scale's
// Billing and Account APIs with the saved admin domain and token, Stripe with the active
// mode's key, and one rate-limit gate per service (reads only, so retries are safe).

import type { StripeMode } from '../../common/stripe-keys';
import { UserFacingError } from '../domain/user-facing-error';
import { DEFAULT_THREESCALE_RPS, STRIPE_RATE_LIMITS, type SessionSettings } from '../invoices/invoices-session';
import { ServiceGate } from '../invoices/service-gate';
import { ThreescaleBilling } from '../invoices/threescale-billing';
import { createStripeClient } from '../stripe/stripe-connection';
import { parseAdminDomain } from '../threescale/admin-domain';
import { ThreescaleClient } from '../threescale/threescale-client';
import type { MonthEndSources } from './month-end-loader';

export interface MonthEndTuning {
  threescaleRequestsPerSecond?: number;
  /** Default: all but one request a second of the mode's limit — the load only reads, and a 429 is retried after a pause. */
  stripeRequestsPerSecond?: number;
  timeoutMs?: number;
}

export type MonthEndSettings = Omit<SessionSettings, 'tuning' | 'providerId'> & { tuning?: MonthEndTuning | undefined };

export interface MonthEndSession extends MonthEndSources {
  mode: StripeMode;
}

export function monthEndSession(settings: MonthEndSettings): MonthEndSession {
  const stripeKey = settings.activeKey();
  if (!stripeKey) throw new UserFacingError('invalid_input', 'Save the Stripe keys of the active mode first (Charging & Gateway).');
  const saved = settings.threescale();
  const domain = parseAdminDomain(saved.adminDomain);
  if (!domain.ok || !saved.accessToken) {
    throw new UserFacingError('invalid_input', 'Connect Billing Desk to 3scale first (the 3scale page: admin portal domain and access token).');
  }
  const tuning = settings.tuning ?? {};
  const timeoutMs = tuning.timeoutMs ?? 30_000;
  const threescaleClient = new ThreescaleClient({
    adminDomain: domain.value,
    accessToken: saved.accessToken,
    baseUrlOverride: settings.threescaleBaseUrl ?? null,
    timeoutMs,
  });
  return {
    mode: stripeKey.mode,
    billing: new ThreescaleBilling(threescaleClient),
    threescaleClient,
    stripe: createStripeClient(stripeKey.secretKey, settings.connection, { timeoutMs, maxNetworkRetries: 0 }),
    threescaleGate: new ServiceGate({ name: '3scale', requestsPerSecond: tuning.threescaleRequestsPerSecond ?? DEFAULT_THREESCALE_RPS }),
    stripeGate: new ServiceGate({
      name: 'Stripe',
      requestsPerSecond: tuning.stripeRequestsPerSecond ?? STRIPE_RATE_LIMITS[stripeKey.mode] - 1,
    }),
  };
}
