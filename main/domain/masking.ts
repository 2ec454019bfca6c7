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

/** Masks every Stripe-shaped secret in a text, for logs and error messages. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_IN_TEXT, (match) => maskSecret(match));
}

/** True when a text holds something shaped like a Stripe secret (a key pasted into the wrong field). */
export function containsSecret(text: string): boolean {
  return new RegExp(SECRET_IN_TEXT.source).test(text);
}
