// Whether the Customers screen may read 3scale's developer accounts: a saved connection
// whose last Verify (for the saved domain) named the provider the customers are matched
// against and let the token use the Account Management API. Also the admin portal's page
// of one account, for "Open in 3scale".

import { UserFacingError } from '../domain/user-facing-error';
import { parseAdminDomain } from '../threescale/admin-domain';
import type { ThreescaleSettingsPort } from '../threescale/connection-service';
import { ThreescaleClient } from '../threescale/threescale-client';

export type ThreescaleAccess =
  | { connected: true; client: ThreescaleClient; adminDomain: string; providerId: string }
  | { connected: false; adminDomain: string | null; message: string };

export const NOT_CONNECTED = 'The developer accounts are not joined to the customers. Connect 3scale (3scale › Connection) to see, for every developer account, whether 3scale and Stripe agree about its card.';

export function threescaleAccess(saved: ReturnType<ThreescaleSettingsPort['read']>, baseUrlOverride: string | null): ThreescaleAccess {
  const domain = parseAdminDomain(saved.adminDomain);
  if (!domain.ok || !saved.accessToken) return { connected: false, adminDomain: null, message: NOT_CONNECTED };
  const adminDomain = domain.value.domain;
  const verification = saved.verification?.adminDomain === saved.adminDomain ? saved.verification : null;
  if (!verification?.provider) {
    return { connected: false, adminDomain, message: `The 3scale connection to ${adminDomain} is not verified: verify it (3scale › Connection) to join the developer accounts.` };
  }
  if (!verification.apis.some((access) => access.api === 'account_management' && access.ok)) {
    return {
      connected: false,
      adminDomain,
      message: `The saved 3scale access token may not use the Account Management API, so the developer accounts cannot be read. Give the token that scope and verify again (3scale › Connection).`,
    };
  }
  const providerId = String(verification.provider.id);
  if (saved.provider.accountId.trim() !== providerId) {
    return {
      connected: false,
      adminDomain,
      message: `The 3scale connection is for provider ${providerId}, but the customers are matched against provider ${saved.provider.accountId.trim() || '(none)'}: verify the connection again.`,
    };
  }
  const client = new ThreescaleClient({ adminDomain: domain.value, accessToken: saved.accessToken, baseUrlOverride });
  return { connected: true, client, adminDomain, providerId };
}

const ACCOUNT_ID = /^[1-9][0-9]{0,18}$/;

/** The account's page in the admin portal; refuses anything but a numeric id and a valid saved domain. */
export function adminPortalAccountUrl(adminDomain: string | null, accountId: string): string {
  if (!ACCOUNT_ID.test(accountId)) throw new UserFacingError('invalid_input', 'That is not a 3scale developer account id.');
  const domain = adminDomain ? parseAdminDomain(adminDomain) : null;
  if (!domain?.ok) throw new UserFacingError('invalid_input', 'Connect 3scale first (3scale › Connection): its admin portal domain is not saved.');
  return `https://${domain.value.domain}/buyers/accounts/${accountId}`;
}
