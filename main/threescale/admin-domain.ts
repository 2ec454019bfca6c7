// The 3scale admin portal's address, from what a user types or pastes: a bare domain
// ("acme-admin.3scale.net"), a whole URL copied from the browser, or an on-premises host
// with a port. Only HTTPS leaves this machine; plain http is for loopback test servers.

export interface AdminDomain {
  /** Lower-case host, with ":port" when one was given, e.g. "acme-admin.3scale.net". */
  domain: string;
  /** Where requests go, e.g. "https://acme-admin.3scale.net". */
  origin: string;
}

export type AdminDomainResult = { ok: true; value: AdminDomain } | { ok: false; message: string };

const LOOPBACK_HOST = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const SAAS_SUFFIX = '.3scale.net';

export const ADMIN_DOMAIN_EXAMPLE = 'acme-admin.3scale.net';

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOST.test(hostname);
}

function validHostname(hostname: string): boolean {
  if (hostname.length > 253) return false;
  if (IPV4.test(hostname)) return hostname.split('.').every((part) => Number(part) <= 255);
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const labels = hostname.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1) ?? '');
}

/** Parses the admin portal domain field; the message says what is wrong and how to fix it. */
export function parseAdminDomain(input: string): AdminDomainResult {
  const text = input.trim();
  if (text === '') return { ok: false, message: `Enter the admin portal's domain, e.g. ${ADMIN_DOMAIN_EXAMPLE}.` };
  if (/\s/.test(text)) return { ok: false, message: 'The domain cannot contain spaces.' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return { ok: false, message: `This is not a domain: write it like ${ADMIN_DOMAIN_EXAMPLE}.` };
  }
  const hostname = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `Only https:// addresses: write the domain like ${ADMIN_DOMAIN_EXAMPLE}.` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(hostname)) {
    return { ok: false, message: 'Only HTTPS: the access token is never sent over plain http. Use https:// (or just the domain).' };
  }
  if (url.username || url.password) return { ok: false, message: 'Leave out any user name or password; only the domain is needed.' };
  if (!validHostname(hostname)) return { ok: false, message: `“${hostname}” is not a valid domain: write it like ${ADMIN_DOMAIN_EXAMPLE}.` };
  if (hostname.endsWith(SAAS_SUFFIX)) {
    const tenant = hostname.slice(0, -SAAS_SUFFIX.length);
    if (!tenant.includes('.') && !tenant.endsWith('-admin')) {
      return {
        ok: false,
        message: `${hostname} is the developer portal. The admin portal is ${tenant}-admin.3scale.net.`,
      };
    }
  }
  const domain = url.port ? `${hostname}:${url.port}` : hostname;
  return { ok: true, value: { domain, origin: `${url.protocol}//${domain}` } };
}

export const THREESCALE_BASE_URL_ENV = 'BILLING_DESK_3SCALE_BASE_URL';

/**
 * The tests' 3scale server, named by BILLING_DESK_3SCALE_BASE_URL (read by main only):
 * requests go there instead of the admin domain. https anywhere, http only on this machine.
 */
export function parseBaseUrlOverride(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${THREESCALE_BASE_URL_ENV} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error(`${THREESCALE_BASE_URL_ENV} may use plain http only on this machine (127.0.0.1), not ${url.host}`);
  }
  return url.origin;
}
