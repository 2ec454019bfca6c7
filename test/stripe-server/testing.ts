/** Small helpers for tests that talk to the fake: an SDK client pointed at it, and raw HTTP. */
import Stripe from 'stripe';
import type { FakeStripe } from './server';

/** The real SDK, pointed at the fake; no retries and no telemetry unless `config` says otherwise. */
export function stripeFor(fake: FakeStripe, key: string, config: Stripe.StripeConfig = {}): Stripe {
  return new Stripe(key, {
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
    maxNetworkRetries: 0,
    telemetry: false,
    ...config,
  });
}

export interface StripeErrorEnvelope {
  error: {
    type: string;
    message: string;
    code?: string;
    decline_code?: string;
    param?: string;
    payment_intent?: { id: string; status: string };
    request_log_url?: string;
  };
}

export interface RawResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One request without the SDK (for what its types would refuse). `body` is sent form-encoded as is;
 * `key: null` sends no Authorization header.
 */
export async function rawRequest<T = unknown>(
  fake: FakeStripe,
  method: string,
  path: string,
  options: { key: string | null; body?: string; headers?: Record<string, string> },
): Promise<RawResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers['Authorization'] = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

/** The rejection of `promise`, which must reject with a StripeError. */
export async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the Stripe call to fail');
}
