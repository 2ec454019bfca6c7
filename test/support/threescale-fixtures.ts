// The 3scale provider and access tokens the tests give the 3scale test server. Obviously
// fake, shaped like 3scale's (64 hex digits for the full token), never real.
import type { FakeToken } from '../threescale-server/server';

export const THREESCALE_PROVIDER = {
  id: 2445582571000,
  orgName: 'Acme API',
  adminDomain: 'acme-admin.3scale.net',
  domain: 'acme.3scale.net',
};

export const THREESCALE_TOKENS_BY_NAME = {
  /** finance, account_management and cms. */
  all: 'fa4e0000000000000000000000000000000000000000000000000000000fa4e1',
  /** finance and cms: no Account Management, so the provider cannot be read. */
  noAccountManagement: 'fake3scale-finance-and-cms-0000000000000002',
  /** cms only. */
  cmsOnly: 'fake3scale-cms-only-00000000000000000000003',
  /** Known to 3scale but expired. */
  expired: 'fake3scale-expired-000000000000000000000004',
} as const;

export const THREESCALE_TOKENS: FakeToken[] = [
  { value: THREESCALE_TOKENS_BY_NAME.all, scopes: ['finance', 'account_management', 'cms'] },
  { value: THREESCALE_TOKENS_BY_NAME.noAccountManagement, scopes: ['finance', 'cms'] },
  { value: THREESCALE_TOKENS_BY_NAME.cmsOnly, scopes: ['cms'] },
  { value: THREESCALE_TOKENS_BY_NAME.expired, scopes: ['finance', 'account_management', 'cms'], expired: true },
];
