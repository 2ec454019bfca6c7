// Where the Stripe SDK connects: api.stripe.com, or the server named by
// BILLING_DESK_STRIPE_API_BASE (the tests' Stripe-compatible server). Plain http is
// allowed only to this machine, so that a key never crosses a network unencrypted.

import Stripe from 'stripe';

export interface StripeConnection {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export const STRIPE_API_BASE_ENV = 'BILLING_DESK_STRIPE_API_BASE';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])$/;

/** Reads an API base such as "http://127.0.0.1:12111"; undefined means Stripe itself. */
export function parseApiBase(base: string | undefined): StripeConnection | null {
  if (!base) return null;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`${STRIPE_API_BASE_ENV} is not a URL: ${base}`);
  }
  const protocol = url.protocol.replace(':', '');
  if (protocol !== 'http' && protocol !== 'https') throw new Error(`${STRIPE_API_BASE_ENV} must be http(s): ${base}`);
  if (protocol === 'http' && !LOOPBACK.test(url.hostname)) {
    throw new Error(`${STRIPE_API_BASE_ENV} may use plain http only on this machine (127.0.0.1), not ${url.hostname}`);
  }
  const port = url.port ? Number(url.port) : protocol === 'https' ? 443 : 80;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, protocol };
}

export interface ClientOptions {
  /** Per request, in milliseconds. */
  timeoutMs: number;
  /** Retries of connection errors, 409 and 5xx by the SDK itself (it never retries a plain 429). */
  maxNetworkRetries: number;
}

export function createStripeClient(secretKey: string, connection: StripeConnection | null, options: ClientOptions): Stripe {
  return new Stripe(secretKey, {
    timeout: options.timeoutMs,
    maxNetworkRetries: options.maxNetworkRetries,
    telemetry: false,
    appInfo: { name: 'Billing Desk', version: '0.1.0' },
    ...(connection ? { host: connection.host, port: connection.port, protocol: connection.protocol } : {}),
  });
}
