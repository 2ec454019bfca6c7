// 3scale's Stripe callback: the URL Stripe must call for payment_intent.succeeded.

export const CALLBACK_PATH = '/api/payment_callbacks/stripe_callbacks';

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** Accepts "acme-admin.3scale.net", or a pasted "https://acme-admin.3scale.net/p/admin". */
export function normaliseAdminDomain(input: string): { ok: true; domain: string } | { ok: false; error: string } {
  let text = input.trim().toLowerCase();
  if (text === '') return { ok: false, error: "can't be blank" };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    try {
      const url = new URL(text);
      if (url.protocol !== 'https:') return { ok: false, error: 'The admin portal is served over https: enter its domain only.' };
      text = url.hostname;
    } catch {
      return { ok: false, error: 'Enter the admin portal domain, for example acme-admin.3scale.net.' };
    }
  } else {
    text = text.replace(/\/.*$/, '');
  }
  if (!HOSTNAME.test(text)) return { ok: false, error: 'Enter the admin portal domain, for example acme-admin.3scale.net.' };
  return { ok: true, domain: text };
}

/** 3scale access tokens are long hex or alphanumeric strings; catch pasting mistakes only. */
export function checkAccessToken(token: string): string | undefined {
  if (/\s/.test(token)) return 'An access token has no spaces or line breaks: copy it again from 3scale.';
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return 'An access token holds only letters, digits, - and _: copy it again from 3scale.';
  if (token.length < 16) return 'Too short to be a 3scale access token: check that it was copied whole.';
  return undefined;
}

export function stripeCallbackUrl(domain: string, accessToken: string): { url: string; urlWithoutQuery: string } {
  const urlWithoutQuery = `https://${domain}${CALLBACK_PATH}`;
  return { url: `${urlWithoutQuery}?access_token=${encodeURIComponent(accessToken)}`, urlWithoutQuery };
}
