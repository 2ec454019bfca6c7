// Stripe's failures in plain words, each with its own code, so that the user knows
// whether to fix the key, the key's permissions, the connection, or just wait. Told
// apart by the SDK's error types: only a StripeConnectionError means "not reached";
// an answer Billing Desk cannot use is said as such.

import Stripe from 'stripe';
import type { StripeMode } from '../../common/stripe-keys';
import { redactSecrets } from '../domain/masking';
import { UserFacingError } from '../domain/user-facing-error';

interface StripeLikeError {
  type?: string;
  statusCode?: number;
  message?: string;
  code?: string;
}

function asStripeError(error: unknown): StripeLikeError {
  return typeof error === 'object' && error !== null ? (error as StripeLikeError) : {};
}

/** The SDK's error classes by name; `type` is the class name the SDK gives each error. */
const SDK_ERROR_TYPES = [
  'StripeConnectionError',
  'StripeAuthenticationError',
  'StripePermissionError',
  'StripeRateLimitError',
  'StripeAPIError',
  'StripeInvalidRequestError',
  'StripeIdempotencyError',
  'StripeCardError',
] as const;
export type StripeErrorKind = (typeof SDK_ERROR_TYPES)[number] | 'OtherStripeError' | 'NotStripe';

/** Which of the SDK's error types this is. */
export function stripeErrorKind(error: unknown): StripeErrorKind {
  if (!(error instanceof Stripe.errors.StripeError) && typeof asStripeError(error).type !== 'string') return 'NotStripe';
  const classes = Stripe.errors as unknown as Record<string, new (...args: never[]) => Error>;
  for (const name of SDK_ERROR_TYPES) {
    const sdkClass = classes[name];
    if ((sdkClass && error instanceof sdkClass) || asStripeError(error).type === name) return name;
  }
  return 'OtherStripeError';
}

export function statusOf(error: unknown): number | undefined {
  return asStripeError(error).statusCode;
}

/** True only when the request never got an answer (refused, dropped, timed out). */
export function isConnectionError(error: unknown): boolean {
  return stripeErrorKind(error) === 'StripeConnectionError';
}

export function isRateLimited(error: unknown): boolean {
  return statusOf(error) === 429 || stripeErrorKind(error) === 'StripeRateLimitError';
}

export function isPermissionError(error: unknown): boolean {
  return statusOf(error) === 403 || stripeErrorKind(error) === 'StripePermissionError';
}

/** The permission a 403 names, e.g. rak_customer_read. */
export function permissionNamedIn(error: unknown): string | null {
  return /\b(rak_[a-z_]+)\b/.exec(asStripeError(error).message ?? '')?.[1] ?? null;
}

/** Stripe answered, but not with what the call needs (no JSON, a field missing). */
export function unexpectedAnswer(what: string): UserFacingError {
  return new UserFacingError(
    'stripe_unexpected',
    `Stripe answered, but not as expected: ${what}. Nothing was changed. Try again; if it happens again, check Stripe's status page or whether something between you and Stripe (a proxy) alters its answers.`,
  );
}

/** Turns any failure of a Stripe call into a message for the user. */
export function explainStripeFailure(error: unknown, context: { setName: string; timeoutMs: number }): UserFacingError {
  if (error instanceof UserFacingError) return error;
  const e = asStripeError(error);
  const detail = e.message ? ` Stripe said: “${redactSecrets(e.message)}”` : '';
  const kind = stripeErrorKind(error);
  if (kind === 'StripeAuthenticationError' || e.statusCode === 401) {
    return new UserFacingError(
      'stripe_auth',
      `Stripe rejected the ${context.setName}' Secret Key (401): it is invalid, expired or has been rolled. Copy the current key from Stripe's Dashboard (Developers › API keys).`,
    );
  }
  if (isPermissionError(error)) {
    return new UserFacingError('stripe_permission', `This restricted key lacks a permission Stripe requires for this request (403).${detail}`);
  }
  if (isRateLimited(error)) {
    return new UserFacingError(
      'stripe_rate_limited',
      'Stripe is limiting the rate of requests (429) and still did after several retries. Wait a minute, then try again.',
    );
  }
  if (kind === 'StripeConnectionError') {
    const timedOut = /timeout|timed out/i.test(e.message ?? '');
    return new UserFacingError(
      'stripe_unreachable',
      timedOut
        ? `Stripe did not answer within ${Math.round(context.timeoutMs / 1000)} s. Check your connection and try again; nothing was changed.`
        : 'Stripe could not be reached. Check your internet connection or VPN and try again; nothing was changed.',
    );
  }
  if (e.statusCode !== undefined && e.statusCode >= 500) {
    return new UserFacingError(
      'stripe_error',
      `Stripe had an internal error (${e.statusCode}) and could not answer. Try again in a few minutes; nothing was changed.`,
    );
  }
  if (e.statusCode !== undefined) return new UserFacingError('stripe_error', `Stripe refused the request (${e.statusCode}).${detail}`);
  // No status and no connection failure: something answered that the SDK (or we) could not use.
  const what = kind === 'NotStripe' ? 'its answer could not be used' : (e.message ? redactSecrets(e.message) : 'an answer without a status');
  return unexpectedAnswer(what.replace(/\.$/, ''));
}

export function modeMismatch(setMode: StripeMode, reportedLive: boolean): UserFacingError {
  const reported = reportedLive ? 'live' : 'test';
  return new UserFacingError(
    'stripe_mode_mismatch',
    `Stripe serves this key in ${reported} mode, but it is in the ${setMode === 'test' ? 'Test' : 'Live'} keys. Move it to the ${reported === 'test' ? 'Test' : 'Live'} keys.`,
  );
}
