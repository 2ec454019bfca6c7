// The 3scale connection page: the admin portal domain and access token, Verify, and what
// 3scale said — the provider, and which of its APIs the token may use.

import { channel, event } from '../ipc/define';

export type ThreescaleApi = 'billing' | 'account_management' | 'cms';

export interface ThreescaleApiView {
  api: ThreescaleApi;
  /** "Billing API", "Account Management API", "Developer Portal API". */
  label: string;
  ok: boolean;
  /** Why the token may not use it. */
  message: string | null;
}

export interface ThreescaleConnectionView {
  adminDomain: string;
  /** The saved token's mask ("…9f3a"), never the token. */
  maskedAccessToken: string | null;
  verification: {
    verifiedAt: string;
    provider: { id: number; orgName: string; adminDomain: string } | null;
    providerProblem: string | null;
    apis: ThreescaleApiView[];
  } | null;
  /** Sentences about the provider details typed by hand that differ from 3scale's. */
  providerMismatches: string[];
}

export type ThreescaleFailureKind =
  | 'invalid_input'
  | 'bad_token'
  | 'missing_scope'
  | 'api_not_enabled'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'unreachable'
  | 'timeout'
  | 'certificate'
  | 'redirect'
  | 'bad_response'
  | 'refused';

export type ThreescaleConnectResult =
  | { status: 'saved'; view: ThreescaleConnectionView; message: string }
  | {
      status: 'failed';
      view: ThreescaleConnectionView;
      kind: ThreescaleFailureKind;
      message: string;
      fieldErrors: { adminDomain?: string; accessToken?: string };
    };

/** What Verify sends: an empty token means the one kept in the draft, else the saved one. */
export interface ThreescaleConnectRequest {
  adminDomain: string;
  accessToken: string;
}

export const THREESCALE_CHANNELS = {
  'threescale:view': channel<ThreescaleConnectionView>()({ method: 'loadThreescaleConnection', request: (z) => z.null() }),
  'threescale:connect': channel<ThreescaleConnectResult>()({
    method: 'connectThreescale',
    request: (z) => z.strictObject({ adminDomain: z.string().max(2048), accessToken: z.string().max(1024) }),
  }),
};

export const THREESCALE_EVENTS = {
  /** A connection kept in the draft while 3scale could not be reached was verified by main once it could: saved, or refused. */
  'threescale:auto-verified': event<ThreescaleConnectResult>(),
};
