// Calls to a 3scale admin portal's APIs. The access token travels as 3scale's API
// descriptions say — `access_token` in the query of a GET, in the form body of a write —
// and only over HTTPS (or to a loopback test server). It never appears in an error: a
// failure names the path, never the URL with its query, and every message is redacted.

import type { ThreescaleFailureKind as FailureKind } from '../../common/contract/threescale';
import { redactSecrets } from '../domain/masking';
import type { AdminDomain } from './admin-domain';

/** What a call can fail with ('invalid_input' is the connection's own, before any call). */
export type ThreescaleFailureKind = Exclude<FailureKind, 'invalid_input'>;

/** A failed call, classified; `message` is safe to show and to log. */
export class ThreescaleError extends Error {
  constructor(
    readonly kind: ThreescaleFailureKind,
    message: string,
    readonly status: number | null,
    /** What 3scale said, when it said something (redacted). */
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = 'ThreescaleError';
  }
}

export interface ThreescaleClientOptions {
  adminDomain: AdminDomain;
  accessToken: string;
  /** BILLING_DESK_3SCALE_BASE_URL: requests go there instead of the admin domain. */
  baseUrlOverride?: string | null;
  /** Per request (default 15 s). */
  timeoutMs?: number;
  /** Injectable for tests; default the global fetch. */
  fetch?: typeof fetch;
}

export type Params = Record<string, string | number | boolean | undefined>;

const TOKEN_DENIED = 'Access denied';
const WRONG_SCOPE = 'does not have the correct permissions';
const FINANCE_DISABLED = 'Finance module not enabled';

// Node's TLS error codes for a certificate that cannot be trusted.
const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

const NETWORK_WORDS: Record<string, string> = {
  ENOTFOUND: 'the domain does not exist (DNS found no such host)',
  EAI_AGAIN: 'the domain could not be looked up (DNS did not answer)',
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was cut',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  UND_ERR_SOCKET: 'the connection was closed before an answer came',
};

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function seconds(ms: number): string {
  return ms >= 1000 ? String(Math.round(ms / 1000)) : (ms / 1000).toFixed(1);
}

export class ThreescaleClient {
  private readonly origin: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ThreescaleClientOptions) {
    if (!options.accessToken) throw new Error('A 3scale client needs an access token');
    this.origin = options.baseUrlOverride ?? options.adminDomain.origin;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  get domain(): string {
    return this.options.adminDomain.domain;
  }

  get(path: string, params: Params = {}): Promise<unknown> {
    return this.request('GET', path, params);
  }

  put(path: string, params: Params = {}): Promise<unknown> {
    return this.request('PUT', path, params);
  }

  post(path: string, params: Params = {}): Promise<unknown> {
    return this.request('POST', path, params);
  }

  private async request(method: 'GET' | 'PUT' | 'POST', path: string, params: Params): Promise<unknown> {
    const fields = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) fields.set(key, String(value));
    fields.set('access_token', this.options.accessToken);
    const url = new URL(path, this.origin);
    const init: RequestInit = { method, redirect: 'manual', headers: { Accept: 'application/json' } };
    if (method === 'GET') url.search = fields.toString();
    else {
      init.body = fields.toString();
      init.headers = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { ...init, signal: controller.signal });
      text = await response.text();
    } catch (error) {
      throw this.networkFailure(error, controller.signal.aborted, path);
    } finally {
      clearTimeout(timer);
    }
    if (response.status >= 300 && response.status < 400) {
      throw new ThreescaleError(
        'redirect',
        `${this.domain} answered ${path} with a redirect (${response.status}) instead of the API: check that this is the admin portal's domain. The token was not sent on.`,
        response.status,
      );
    }
    if (!response.ok) throw this.httpFailure(response.status, text, path);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ThreescaleError('bad_response', `${this.domain} did not answer ${path} with 3scale's JSON: is this a 3scale admin portal?`, response.status);
    }
  }

  private networkFailure(error: unknown, timedOut: boolean, path: string): ThreescaleError {
    if (timedOut) {
      return new ThreescaleError('timeout', `${this.domain} did not answer within ${seconds(this.timeoutMs)} s (${path}). Try again; nothing was changed.`, null);
    }
    const code = causeCode(error);
    if (code && (CERTIFICATE_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'))) {
      return new ThreescaleError(
        'certificate',
        `The HTTPS certificate of ${this.domain} cannot be trusted (${code}), so the access token was not sent. If this is an on-premises 3scale with its own certificate authority, add that authority to the trusted ones (NODE_EXTRA_CA_CERTS); Billing Desk never ignores certificate errors.`,
        null,
      );
    }
    const words = (code && NETWORK_WORDS[code]) ?? 'the connection failed';
    return new ThreescaleError('unreachable', `${this.domain} could not be reached: ${words}${code ? ` (${code})` : ''}. Check the domain and your network.`, null);
  }

  private httpFailure(status: number, text: string, path: string): ThreescaleError {
    const token = this.options.accessToken;
    const said = redactSecrets(token ? this.saidBy(text).replaceAll(token, '[token]') : this.saidBy(text));
    const detail = said || null;
    if (status === 401 || (status === 403 && said.includes(TOKEN_DENIED))) {
      return new ThreescaleError(
        'bad_token',
        `3scale refused the access token (${status}): it is unknown to ${this.domain}, expired or revoked. Create one in the admin portal (Account Settings › Personal › Tokens) and paste it again.`,
        status,
        detail,
      );
    }
    if (status === 403 && said.includes(WRONG_SCOPE)) {
      return new ThreescaleError('missing_scope', `The access token lacks the scope for ${path} (403).`, status, detail);
    }
    if (status === 403 && said.includes(FINANCE_DISABLED)) {
      return new ThreescaleError('api_not_enabled', `Billing is not enabled for this 3scale account, so its Billing API cannot be used (403).`, status, detail);
    }
    if (status === 403) {
      return new ThreescaleError('forbidden', `3scale refused ${path} (403)${detail ? `: “${detail}”` : ''}. The provider account may be suspended.`, status, detail);
    }
    if (status === 404) {
      return new ThreescaleError('not_found', `${this.domain} has no ${path} (404): check the admin portal's domain, or the API is not enabled there.`, status, detail);
    }
    if (status === 429) {
      return new ThreescaleError('rate_limited', `3scale is limiting the rate of requests (429). Wait a moment and try again.`, status, detail);
    }
    if (status >= 500) {
      return new ThreescaleError('server_error', `3scale had an internal error (${status}) answering ${path}. Try again in a few minutes; nothing was changed.`, status, detail);
    }
    return new ThreescaleError('refused', `3scale refused ${path} (${status})${detail ? `: “${detail}”` : ''}.`, status, detail);
  }

  /** 3scale's own words from an error body: {"error": …}, {"status": …} or {"errors": {field: [..]}}. */
  private saidBy(text: string): string {
    try {
      const body = JSON.parse(text) as { error?: unknown; status?: unknown; errors?: Record<string, unknown> };
      if (typeof body.error === 'string') return body.error;
      if (body.errors && typeof body.errors === 'object') return Object.values(body.errors).flat().map(String).join(' ');
      if (typeof body.status === 'string') return body.status;
      return '';
    } catch {
      return plainWords(text);
    }
  }
}

/** The words of a non-JSON error body: porta's plain text as is; an HTML page (a front proxy's, a firewall's) by its title or its text, never its markup. */
export function plainWords(text: string): string {
  if (!/^\s*</.test(text)) return text.trim().slice(0, 200);
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const words = (html: string) =>
    html
      .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  const said = title ? words(title) : '';
  return (said || words(text)).slice(0, 200);
}
