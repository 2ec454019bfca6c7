// "Verify": who the token belongs to, and which of the three APIs it may use. The provider
// comes from /admin/api/provider.json; each API is probed with a harmless one-item read.
// A failure that concerns the whole connection (token, domain, network) stops at the first
// call; a failure of one API (scope, not enabled, its own 5xx) is told for that API alone.

import { ThreescaleError } from './threescale-client';
import type { ThreescaleClient, ThreescaleFailureKind } from './threescale-client';

import type { ThreescaleApi } from '../../common/contract/threescale';

export type { ThreescaleApi };

export const API_LABELS: Record<ThreescaleApi, string> = {
  account_management: 'Account Management API',
  billing: 'Billing API',
  cms: 'Developer Portal API',
};

/** The scope each API needs, as the admin portal's token form names it. */
const SCOPE_LABELS: Record<ThreescaleApi, string> = {
  account_management: 'Account Management API',
  billing: 'Billing API',
  cms: 'Developer Portal API',
};

const PROBES: Record<ThreescaleApi, { path: string; params: Record<string, number> }> = {
  account_management: { path: '/admin/api/accounts.json', params: { per_page: 1 } },
  billing: { path: '/api/invoices.json', params: { per_page: 1 } },
  cms: { path: '/admin/api/cms/templates.json', params: { per_page: 1 } },
};

export interface ThreescaleProvider {
  id: number;
  orgName: string;
  adminDomain: string;
}

export type ApiAccess = { api: ThreescaleApi; ok: true } | { api: ThreescaleApi; ok: false; kind: ThreescaleFailureKind; message: string };

export type ThreescaleVerification =
  | { ok: true; provider: ThreescaleProvider | null; providerProblem: string | null; apis: ApiAccess[]; verifiedAt: string }
  | { ok: false; kind: ThreescaleFailureKind; message: string };

/** Failures that say nothing about one API but about the connection itself. */
const CONNECTION_KINDS: ReadonlySet<ThreescaleFailureKind> = new Set(['bad_token', 'unreachable', 'timeout', 'certificate', 'redirect', 'bad_response']);

export function parseProvider(body: unknown): ThreescaleProvider {
  const account = (body as { account?: Record<string, unknown> } | null)?.account;
  const id = account?.['id'];
  const orgName = account?.['org_name'];
  const adminDomain = account?.['admin_domain'];
  if (typeof id !== 'number' || typeof orgName !== 'string' || typeof adminDomain !== 'string') {
    throw new ThreescaleError('bad_response', "The provider's details from 3scale lack its id, organisation name or admin domain.", 200);
  }
  return { id, orgName, adminDomain };
}

function apiMessage(api: ThreescaleApi, error: ThreescaleError): string {
  const label = API_LABELS[api];
  switch (error.kind) {
    case 'missing_scope':
      return `The token may not use the ${label}: give it the “${SCOPE_LABELS[api]}” scope (or create a token that has it).`;
    case 'api_not_enabled':
      return `The ${label} is not enabled for this account: Billing (the Finance module) is off in 3scale.`;
    case 'not_found':
      return `The ${label} is not available on this domain (404): it may not be enabled for this account.`;
    case 'forbidden':
      return `3scale refused the ${label} (403); the user who owns the token may lack the permission for it.`;
    case 'server_error':
      return `The ${label} had an internal error (${error.status ?? '5xx'}). Try again later.`;
    case 'rate_limited':
      return `The ${label} is limiting requests (429). Try again in a moment.`;
    default:
      return `${label}: ${error.message}`;
  }
}

function asThreescaleError(error: unknown): ThreescaleError {
  if (error instanceof ThreescaleError) return error;
  return new ThreescaleError('bad_response', '3scale answered in a way Billing Desk does not understand.', null);
}

export async function verifyThreescaleConnection(client: ThreescaleClient, now: () => Date = () => new Date()): Promise<ThreescaleVerification> {
  let provider: ThreescaleProvider | null = null;
  let providerProblem: string | null = null;
  try {
    provider = parseProvider(await client.get('/admin/api/provider.json'));
  } catch (error) {
    const failure = asThreescaleError(error);
    if (failure.kind === 'not_found') {
      return {
        ok: false,
        kind: 'not_found',
        message: `${client.domain} is not a 3scale admin portal (404 for /admin/api/provider.json): check the domain; it looks like acme-admin.3scale.net.`,
      };
    }
    if (CONNECTION_KINDS.has(failure.kind) || failure.kind === 'server_error' || failure.kind === 'rate_limited') {
      return { ok: false, kind: failure.kind, message: failure.message };
    }
    // Reading the provider needs the Account Management scope; the other APIs may still work.
    providerProblem =
      failure.kind === 'missing_scope'
        ? 'The provider (id, name) can only be read with the “Account Management API” scope; the token lacks it.'
        : failure.message;
  }
  const apis: ApiAccess[] = [];
  for (const api of ['billing', 'account_management', 'cms'] as const) {
    try {
      await client.get(PROBES[api].path, PROBES[api].params);
      apis.push({ api, ok: true });
    } catch (error) {
      const failure = asThreescaleError(error);
      if (CONNECTION_KINDS.has(failure.kind)) return { ok: false, kind: failure.kind, message: failure.message };
      apis.push({ api, ok: false, kind: failure.kind, message: apiMessage(api, failure) });
    }
  }
  return { ok: true, provider, providerProblem, apis, verifiedAt: now().toISOString() };
}
