// The 3scale access token field, checked before anything is sent: 3scale's personal access
// tokens are long random strings (64 hex digits today); what is clearly something else —
// a Stripe key, a URL, text with spaces — is refused with the reason.

import { containsSecret } from '../domain/masking';

/** null when the token may be sent to 3scale; otherwise what is wrong with it. */
export function checkAccessToken(input: string): string | null {
  const token = input.trim();
  if (token === '') return 'Paste the access token created in the admin portal (Account Settings › Personal › Tokens).';
  if (containsSecret(token) || /^(?:sk|rk|pk)_(?:test|live)_/.test(token)) {
    return 'This is a Stripe key, not a 3scale access token.';
  }
  if (/^https?:\/\//i.test(token)) return 'This is an address, not an access token.';
  if (/\s/.test(token)) return 'An access token has no spaces: copy it again, without anything around it.';
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return 'An access token holds only letters, digits, - and _: copy it again from 3scale.';
  if (token.length < 16) return 'This is too short for a 3scale access token (they are 64 characters long).';
  if (token.length > 255) return 'This is too long for a 3scale access token.';
  return null;
}
