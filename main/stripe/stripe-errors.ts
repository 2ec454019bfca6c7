// Stripe's failures in plain words, each with its own code, so that the user knows
// whether to fix the key, the key's permissions, the connection, or just wait.

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

export function statusOf(error: unknown): number | undefined {
  return asStripeError(error).statusCode;
}

export function isRateLimited(error: unknown): boolean {
  const e = asStripeError(error);
  return e.statusCode === 429 || e.type === 'StripeRateLimitError';
}

export function isPermissionError(error: unknown): boolean {
  const e = asStripeError(error);
  return e.statusCode === 403 || e.type === 'StripePermissionError';
}

/** The permission a 403 names, e.g. rak_customer_read. */
export function permissionNamedIn(error: unknown): string | null {
  return /\b(rak_[a-z_]+)\b/.exec(asStripeError(error).message ?? '')?.[1] ?? null;
}

/** Turns any failure of a Stripe call into a message for the user; field is where to show it. */
export function explainStripeFailure(error: unknown, context: { setName: string; timeoutMs: number }): UserFacingError {
  if (error instanceof UserFacingError) return error;
  const e = asStripeError(error);
  const detail = e.message ? ` Stripe said: “${redactSecrets(e.message)}”` : '';
  if (e.statusCode === 401 || e.type === 'StripeAuthenticationError') {
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
  if (e.type === 'StripeConnectionError' || e.statusCode === undefined) {
    const timedOut = /timeout|timed out/i.test(e.message ?? '');
    return new UserFacingError(
      'stripe_unreachable',
      timedOut
        ? `Stripe did not answer within ${Math.round(context.timeoutMs / 1000)} s. Check your connection and try again; nothing was changed.`
        : 'Stripe could not be reached. Check your internet connection or VPN and try again; nothing was changed.',
    );
  }
  if (e.statusCode >= 500) {
    return new UserFacingError(
      'stripe_error',
      `Stripe had an internal error (${e.statusCode}) and could not answer. Try again in a few minutes; nothing was changed.`,
    );
  }
  return new UserFacingError('stripe_error', `Stripe refused the request (${e.statusCode}).${detail}`);
}

export function modeMismatch(setMode: StripeMode, reportedLive: boolean): UserFacingError {
  const reported = reportedLive ? 'live' : 'test';
  return new UserFacingError(
    'stripe_mode_mismatch',
    `Stripe serves this key in ${reported} mode, but it is in the ${setMode === 'test' ? 'Test' : 'Live'} keys. Move it to the ${reported === 'test' ? 'Test' : 'Live'} keys.`,
  );
}
