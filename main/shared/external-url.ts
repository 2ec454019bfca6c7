// The system browser is handed only pages main built itself, and only on the one host the
// caller names: Stripe's Dashboard, or the connected 3scale admin portal. Checked again by
// the shell right before opening, so a bug in a URL builder cannot open anything else.

export const STRIPE_DASHBOARD_HOST = 'dashboard.stripe.com';

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i;

/** True for an https URL, without user or password, on exactly `host` (host[:port]). */
export function isOpenableExternalUrl(url: string, host: string): boolean {
  if (!HOST.test(host)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.host === host.toLowerCase();
}
