// 3scale's link from a Stripe customer to its developer account: the customer's
// metadata['3scale_account_reference'] = "3scale-<provider id>-<developer account id>".
// Read strictly: anything 3scale itself would not have written is refused, with a
// sentence that says what is wrong, so that finance staff can fix it in Stripe.

/** The metadata key under which 3scale writes the account reference. */
export const ACCOUNT_REFERENCE_KEY = '3scale_account_reference';

export const ACCOUNT_REFERENCE_PREFIX = '3scale-';

/** Ids are positive integers of at most this many digits (3scale's ids fit a signed 64-bit integer). */
export const MAX_ID_DIGITS = 18;

export type AccountReference =
  | { ok: true; providerId: string; developerAccountId: string }
  | { ok: false; problem: string };

const EXPECTED = 'expected 3scale-<provider id>-<developer account id>, e.g. 3scale-2445582535751-2445584437111';
/** Beyond this length a value is not worth reading part by part. */
const MAX_LENGTH = 200;

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/u;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/u;
const WHITESPACE = /[\s\u200B-\u200D\u2060\uFEFF]/u;
const DISALLOWED = /[^\x21-\x7E]/u;

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

function quote(text: string): string {
  const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  return `“${shown}”`;
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What is wrong with one id, or null when it is a positive integer without leading zeros. */
function idProblem(part: string, name: string): string | null {
  if (part === '') return `the ${name} is empty (${EXPECTED})`;
  if (!/^[0-9]+$/.test(part)) {
    if (/^\+/.test(part)) return `the ${name} ${quote(part)} has a sign; ids are plain digits`;
    if (/^[0-9]+[.,][0-9]*$/.test(part)) return `the ${name} ${quote(part)} is not a whole number`;
    if (/^[0-9]+e[0-9]+$/i.test(part)) return `the ${name} ${quote(part)} is in exponent notation; write all its digits`;
    if (/^0x[0-9a-f]+$/i.test(part)) return `the ${name} ${quote(part)} is hexadecimal; ids are decimal digits`;
    const bad = [...part].find((char) => !/[0-9]/.test(char)) ?? '';
    return `the ${name} ${quote(part)} contains ${quote(bad)}; ids are digits 0–9 only`;
  }
  if (/^0+$/.test(part)) return `the ${name} is ${part.length > 1 ? 'all zeros' : 'zero'}; ids start at 1`;
  if (part.startsWith('0')) return `the ${name} ${quote(part)} has leading zeros; 3scale writes ${quote(part.replace(/^0+/, ''))}`;
  if (part.length > MAX_ID_DIGITS) return `the ${name} has ${part.length} digits; ids have at most ${MAX_ID_DIGITS}`;
  return null;
}

/**
 * Reads a 3scale account reference. The value must be exactly
 * `3scale-<provider id>-<developer account id>`, both positive integers written in ASCII
 * digits without leading zeros, at most 18 digits each. Ids are returned as strings
 * (they may exceed JavaScript's safe integers).
 */
export function parseAccountReference(value: unknown): AccountReference {
  if (value === undefined || value === null) return fail('there is no account reference');
  if (typeof value !== 'string') {
    const kind = Array.isArray(value) ? 'list' : typeof value;
    return fail(`the account reference is ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}, not text`);
  }
  if (value === '') return fail('the account reference is empty');
  if (value.length > MAX_LENGTH) return fail(`the account reference is ${value.length} characters long; a valid one has at most 44`);
  const chars = [...value];
  if (chars.every((char) => WHITESPACE.test(char))) return fail('the account reference is only whitespace');
  if (WHITESPACE.test(chars[0] ?? '') || WHITESPACE.test(chars[chars.length - 1] ?? '')) {
    return fail(`the account reference has whitespace around it: ${quote(value.trim())}`);
  }
  const space = WHITESPACE.exec(value);
  if (space) return fail(`the account reference contains whitespace (${codePoint(space[0])}) at position ${space.index + 1}`);
  const dash = DASHES.exec(value);
  if (dash) return fail(`the account reference uses ${codePoint(dash[0])} where 3scale writes the ASCII hyphen “-”`);
  const digit = NON_ASCII_DIGIT.exec(value);
  if (digit) return fail(`the account reference contains the non-ASCII digit ${quote(digit[0])} (${codePoint(digit[0])}); ids use 0–9`);
  const other = DISALLOWED.exec(value);
  if (other) return fail(`the account reference contains the character ${codePoint(other[0])}, which 3scale never writes`);

  if (!value.startsWith(ACCOUNT_REFERENCE_PREFIX)) {
    const lower = value.toLowerCase();
    if (lower.startsWith(ACCOUNT_REFERENCE_PREFIX)) return fail(`the prefix is ${quote(value.slice(0, 7))}; 3scale writes “3scale-” in lower case`);
    if (/^3scale[^-]/i.test(value)) return fail(`“3scale” is followed by ${quote(value.charAt(6))}; ${EXPECTED}`);
    if (lower === '3scale') return fail(`the account reference is only “3scale”; ${EXPECTED}`);
    if (/^[0-9]+-[0-9]+$/.test(value)) return fail(`the “3scale-” prefix is missing; ${EXPECTED}`);
    if (/^(?:three|3)[-_ ]?scale/i.test(value)) return fail(`the prefix is not “3scale-”; ${EXPECTED}`);
    return fail(`the account reference does not start with “3scale-”; ${EXPECTED}`);
  }

  const rest = value.slice(ACCOUNT_REFERENCE_PREFIX.length);
  if (rest.toLowerCase().startsWith(ACCOUNT_REFERENCE_PREFIX)) return fail('the “3scale-” prefix is repeated');
  if (rest === '') return fail(`the provider id and developer account id are missing; ${EXPECTED}`);
  const parts = rest.split('-');
  if (parts.length === 1) {
    const single = idProblem(parts[0] ?? '', 'provider id');
    return fail(single ?? `the developer account id is missing; ${EXPECTED}`);
  }
  if (parts.length > 2) {
    if (parts.slice(2).every((part) => part === '')) return fail('the account reference ends with an extra hyphen');
    if (parts.some((part) => part === '')) return fail(`the account reference has two hyphens in a row; ${EXPECTED}`);
    return fail(`the account reference has ${parts.length} parts after “3scale-” where 3scale writes 2; ${EXPECTED}`);
  }
  const [providerId = '', developerAccountId = ''] = parts;
  const problem = idProblem(providerId, 'provider id') ?? idProblem(developerAccountId, 'developer account id');
  if (problem) return fail(problem);
  return { ok: true, providerId, developerAccountId };
}

/** The reference 3scale writes for a developer account. */
export function formatAccountReference(providerId: string, developerAccountId: string): string {
  return `${ACCOUNT_REFERENCE_PREFIX}${providerId}-${developerAccountId}`;
}

/** Whether an id (e.g. the provider id in the app's settings) is one a reference may hold. */
export function isValidId(id: string): boolean {
  return idProblem(id, 'id') === null;
}
