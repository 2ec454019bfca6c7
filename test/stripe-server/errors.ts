/** Stripe's error envelope (`#/components/schemas/error`) and the fake's ways of raising it. */
import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` random characters from [0-9A-Za-z], like the tails of Stripe's ids. */
export function randomAlphanumeric(length: number): string {
  let out = '';
  // Rejection sampling keeps the characters uniform (248 = 4 × 62).
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC.charAt(byte % 62);
    }
  }
  return out;
}

/** Stripe-like ids: `cus_` + 14 characters, most others + 24. */
export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomAlphanumeric(length)}`;
}

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  charge?: string;
  doc_url?: string;
  request_log_url?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  payment_method?: unknown;
}

/** Thrown by handlers; the server turns it into `{ error: body }` with `status`. */
export class StripeHttpError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: StripeErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

export function invalidRequest(message: string, extra: Partial<StripeErrorBody> = {}, status = 400): StripeHttpError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message, ...extra };
  if (body.code && !body.doc_url) body.doc_url = docUrl(body.code);
  return new StripeHttpError(status, body);
}

/** `No such customer: 'cus_x'` — 404 for the path's own object, 400 when another param names it. */
export function resourceMissing(kind: string, id: string, param: string, status = 404): StripeHttpError {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: 'resource_missing', param }, status);
}

/**
 * Stripe shows keys as prefix + one `*` per hidden character + the last 4 (6 for restricted keys):
 * `sk_test_**********************1234`.
 */
export function maskKey(key: string): string {
  const separator = key.indexOf('_', key.indexOf('_') + 1);
  const prefixLength = separator > 0 && separator < 10 ? separator + 1 : Math.min(3, key.length);
  const suffixLength = key.startsWith('rk_') ? 6 : 4;
  if (key.length <= prefixLength + suffixLength) return `${key.slice(0, prefixLength)}${'*'.repeat(Math.max(key.length - prefixLength, 0))}`;
  return key.slice(0, prefixLength) + '*'.repeat(key.length - prefixLength - suffixLength) + key.slice(-suffixLength);
}
