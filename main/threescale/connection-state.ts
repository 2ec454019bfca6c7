// What the settings keep of the 3scale connection besides its domain and sealed token —
// the last successful verification — and the view the 3scale page shows: the provider
// 3scale named, which APIs the token may use, and the provider details typed by hand that
// differ from 3scale's.

import { z } from 'zod';
import type { ThreescaleConnectionView } from '../../common/contract/threescale';
import { compareProviderDetails } from './connection';
import { API_LABELS } from './verification';
import type { ThreescaleApi, ThreescaleVerification } from './verification';

const API_IDS = ['billing', 'account_management', 'cms'] as const satisfies readonly ThreescaleApi[];

export const storedThreescaleVerificationSchema = z.object({
  verifiedAt: z.string(),
  /** The domain the verification was made for; a different saved domain makes it stale. */
  adminDomain: z.string(),
  provider: z.object({ id: z.number().int(), orgName: z.string(), adminDomain: z.string() }).nullable(),
  providerProblem: z.string().nullable(),
  apis: z.array(z.object({ api: z.enum(API_IDS), ok: z.boolean(), message: z.string().nullable() })),
});

export type StoredThreescaleVerification = z.infer<typeof storedThreescaleVerificationSchema>;

export function toStoredVerification(adminDomain: string, result: Extract<ThreescaleVerification, { ok: true }>): StoredThreescaleVerification {
  return {
    verifiedAt: result.verifiedAt,
    adminDomain,
    provider: result.provider,
    providerProblem: result.providerProblem,
    apis: result.apis.map((access) => ({ api: access.api, ok: access.ok, message: access.ok ? null : access.message })),
  };
}

export function toConnectionView(
  saved: { adminDomain: string; maskedAccessToken: string | null; verification: StoredThreescaleVerification | null },
  typedProvider: { accountId: string; name: string },
): ThreescaleConnectionView {
  // A verification made for another domain says nothing about the saved one.
  const verification = saved.verification && saved.verification.adminDomain === saved.adminDomain ? saved.verification : null;
  const mismatches: string[] = [];
  const provider = verification?.provider ?? null;
  if (provider) {
    const comparison = compareProviderDetails(typedProvider, provider);
    if (comparison.accountIdDiffers) {
      mismatches.push(`The provider account ID ${typedProvider.accountId.trim()} differs from 3scale's: ${provider.id}.`);
    }
    if (comparison.nameDiffers) mismatches.push(`The provider name “${typedProvider.name.trim()}” differs from 3scale's: “${provider.orgName}”.`);
  }
  return {
    adminDomain: saved.adminDomain,
    maskedAccessToken: saved.maskedAccessToken,
    verification: verification
      ? {
          verifiedAt: verification.verifiedAt,
          provider,
          providerProblem: verification.providerProblem,
          apis: verification.apis.map((access) => ({ ...access, label: API_LABELS[access.api] })),
        }
      : null,
    providerMismatches: mismatches,
  };
}

export type { ThreescaleApiView, ThreescaleConnectionView } from '../../common/contract/threescale';
