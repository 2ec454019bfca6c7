// Checks of Stripe keys by their shape alone, before any call: run in the renderer as
// the user types or pastes, and again in main before anything is saved or sent.

export const STRIPE_MODES = ['test', 'live'] as const;
export type StripeMode = (typeof STRIPE_MODES)[number];

export type StripeKeyField = 'login' | 'publishable_key' | 'endpoint_secret';

export interface KeyCheck {
  /** The value to keep: trimmed of surrounding spaces and line breaks. */
  value: string;
  /** What is wrong, in words that say what to do. */
  error?: string;
  /** Something fixed on the user's behalf, to say so. */
  note?: string;
}

/** Shortest body (after the prefix) of a real key: Stripe's oldest keys had 24 characters. */
const MIN_BODY = 20;
const KEY_BODY = /^[A-Za-z0-9_]+$/;

const modeWord = (mode: StripeMode) => (mode === 'test' ? 'test' : 'live');
const setName = (mode: StripeMode) => (mode === 'test' ? 'Test keys' : 'Live keys');

interface Parsed {
  kind: 'secret' | 'restricted' | 'publishable' | 'webhook' | 'unknown';
  mode: StripeMode | null;
  prefix: string;
}

export function parseStripeKey(key: string): Parsed {
  const match = /^(sk|rk|pk)_(test|live)_/.exec(key);
  if (match) {
    const kind = match[1] === 'sk' ? 'secret' : match[1] === 'rk' ? 'restricted' : 'publishable';
    return { kind, mode: match[2] as StripeMode, prefix: match[0] };
  }
  if (key.startsWith('whsec_')) return { kind: 'webhook', mode: null, prefix: 'whsec_' };
  return { kind: 'unknown', mode: null, prefix: '' };
}

/** The mode a secret or publishable key belongs to, or null when it names none. */
export function keyMode(key: string): StripeMode | null {
  return parseStripeKey(key.trim()).mode;
}

function describeCharacter(character: string): string {
  if (character === ' ') return 'a space';
  if (character === '\t') return 'a tab';
  if (character === '\n' || character === '\r') return 'a line break';
  if (/\p{Cc}|\p{Cf}/u.test(character)) return `an invisible character (U+${character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`;
  return `“${character}”`;
}

function shapeError(value: string, prefix: string): string | undefined {
  const body = value.slice(prefix.length);
  if (!KEY_BODY.test(body)) {
    const bad = [...body].find((c) => !/[A-Za-z0-9_]/.test(c)) ?? '?';
    return `Contains ${describeCharacter(bad)}, which a Stripe key never has: copy the key again from Stripe.`;
  }
  if (body.length < MIN_BODY) return 'Too short to be a Stripe key: check that it was copied whole.';
  return undefined;
}

/** Checks one field of a key set (mode: the set it is typed in). */
export function checkStripeKey(field: StripeKeyField, raw: string, mode: StripeMode): KeyCheck {
  const value = raw.trim();
  const result: KeyCheck = { value };
  if (value !== raw && value !== '') result.note = 'Spaces or line breaks around the key were removed.';
  if (value === '') return result;
  const parsed = parseStripeKey(value);

  if (field === 'endpoint_secret') {
    if (parsed.kind === 'secret' || parsed.kind === 'restricted') {
      result.error = 'This is a secret API key, not a webhook signing secret: it belongs in Secret Key. A webhook signing secret starts with whsec_.';
    } else if (parsed.kind === 'publishable') {
      result.error = 'This is a publishable key, not a webhook signing secret. A webhook signing secret starts with whsec_.';
    } else if (parsed.kind !== 'webhook') {
      result.error = "A webhook signing secret starts with whsec_: find it on the webhook endpoint's page in Stripe, or use Create webhook endpoint.";
    } else {
      const shape = shapeError(value, parsed.prefix);
      if (shape) result.error = shape;
    }
    return result;
  }

  const wantsSecret = field === 'login';
  if (parsed.kind === 'webhook') {
    result.error = 'This is a webhook signing secret (whsec_…): it belongs in Webhook Signing Secret.';
  } else if (wantsSecret && parsed.kind === 'publishable') {
    result.error = 'This is the publishable key (pk_…): it belongs in Publishable Key. The Secret Key starts with sk_ or rk_.';
  } else if (!wantsSecret && (parsed.kind === 'secret' || parsed.kind === 'restricted')) {
    result.error = 'This is a secret key: it belongs in Secret Key, never in Publishable Key. The Publishable Key starts with pk_.';
  } else if (parsed.kind === 'unknown') {
    result.error = wantsSecret
      ? `A secret key starts with sk_${modeWord(mode)}_ (or rk_${modeWord(mode)}_ for a restricted key).`
      : `A publishable key starts with pk_${modeWord(mode)}_.`;
  } else if (parsed.mode !== mode) {
    const other = parsed.mode ?? mode;
    result.error = `This is a ${modeWord(other)} key (${parsed.prefix}…) in the ${setName(mode)}: put it in the ${setName(other)}.`;
  } else {
    const shape = shapeError(value, parsed.prefix);
    if (shape) result.error = shape;
  }
  return result;
}
