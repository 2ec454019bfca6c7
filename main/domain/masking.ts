// How secrets are shown anywhere outside the vault: a recognisable prefix and the last
// four characters, like Stripe's Dashboard ("sk_test_…4242").

const KNOWN_PREFIX = /^(?:(?:sk|rk|pk)_(?:test|live)_|whsec_)/;
/** Anything shaped like a Stripe secret inside free text (error messages, log lines). */
const SECRET_IN_TEXT = /\b(?:(?:sk|rk)_(?:test|live)_|whsec_)[0-9A-Za-z_]+/g;

export function maskSecret(secret: string): string {
  const prefix = KNOWN_PREFIX.exec(secret)?.[0] ?? '';
  const rest = secret.slice(prefix.length);
  // Too short to show a tail without giving most of it away.
  if (rest.length < 12) return `${prefix}••••`;
  return `${prefix}…${rest.slice(-4)}`;
}

/** A 3scale access token as a URL or form parameter or a JSON field, and the 64 hex digits 3scale's tokens are. */
const THREESCALE_TOKEN_PARAM = /(access_token(?:=|["']?\s*:\s*["']?))[^&\s"',;}]+/g;
const THREESCALE_TOKEN_SHAPE = /\b[0-9a-f]{64}\b/gi;

/** Masks every Stripe-shaped secret and 3scale access token in a text, for logs and error messages. */
export function redactSecrets(text: string): string {
  return text
    .replace(SECRET_IN_TEXT, (match) => maskSecret(match))
    .replace(THREESCALE_TOKEN_PARAM, (_match, name: string) => `${name}[redacted]`)
    .replace(THREESCALE_TOKEN_SHAPE, (match) => maskSecret(match));
}

/** True when a text holds something shaped like a Stripe secret (a key pasted into the wrong field). */
export function containsSecret(text: string): boolean {
  return new RegExp(SECRET_IN_TEXT.source).test(text);
}
