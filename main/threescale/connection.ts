// The 3scale connection as the app keeps and checks it: the typed domain and token are
// checked first (nothing is sent for a bad one), then verified with 3scale; the provider
// 3scale names is compared with the provider details typed by hand.

import { checkAccessToken } from './access-token';
import { parseAdminDomain, parseBaseUrlOverride } from './admin-domain';
import { ThreescaleClient } from './threescale-client';
import { verifyThreescaleConnection } from './verification';
import type { ThreescaleProvider, ThreescaleVerification } from './verification';

export interface ConnectionInput {
  adminDomain: string;
  accessToken: string;
}

export type ConnectionCheck =
  | { ok: true; adminDomain: string; origin: string; accessToken: string }
  | { ok: false; fieldErrors: { adminDomain?: string; accessToken?: string } };

/** The two fields, checked without any request. */
export function checkConnectionInput(input: ConnectionInput): ConnectionCheck {
  const domain = parseAdminDomain(input.adminDomain);
  const tokenProblem = checkAccessToken(input.accessToken);
  if (!domain.ok || tokenProblem) {
    return {
      ok: false,
      fieldErrors: { ...(domain.ok ? {} : { adminDomain: domain.message }), ...(tokenProblem ? { accessToken: tokenProblem } : {}) },
    };
  }
  return { ok: true, adminDomain: domain.value.domain, origin: domain.value.origin, accessToken: input.accessToken.trim() };
}

export interface VerifierOptions {
  /** process.env.BILLING_DESK_3SCALE_BASE_URL, read by main. */
  baseUrlOverride?: string | undefined;
  timeoutMs?: number;
  now?: () => Date;
}

export type ConnectionVerification = ThreescaleVerification | { ok: false; kind: 'invalid_input'; fieldErrors: { adminDomain?: string; accessToken?: string } };

/** Builds the Verify step; the override is checked once, when main starts. */
export function createThreescaleVerifier(options: VerifierOptions = {}): (input: ConnectionInput) => Promise<ConnectionVerification> {
  const baseUrlOverride = parseBaseUrlOverride(options.baseUrlOverride);
  return async (input) => {
    const check = checkConnectionInput(input);
    if (!check.ok) return { ok: false, kind: 'invalid_input', fieldErrors: check.fieldErrors };
    const client = new ThreescaleClient({
      adminDomain: { domain: check.adminDomain, origin: check.origin },
      accessToken: check.accessToken,
      baseUrlOverride,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    return verifyThreescaleConnection(client, options.now);
  };
}

export interface ProviderComparison {
  /** The typed provider account ID differs from 3scale's (empty counts as not typed). */
  accountIdDiffers: boolean;
  nameDiffers: boolean;
}

/** A typed value that differs from 3scale's is flagged; an empty one is simply filled. */
export function compareProviderDetails(typed: { accountId: string; name: string }, provider: ThreescaleProvider): ProviderComparison {
  const accountId = typed.accountId.trim();
  const name = typed.name.trim();
  return {
    accountIdDiffers: accountId !== '' && accountId !== String(provider.id),
    nameDiffers: name !== '' && name.toLowerCase() !== provider.orgName.trim().toLowerCase(),
  };
}
