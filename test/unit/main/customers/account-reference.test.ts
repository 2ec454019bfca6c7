import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_REFERENCE_KEY,
  formatAccountReference,
  isValidId,
  parseAccountReference,
} from '../../../../main/customers/account-reference';

describe('parseAccountReference: what 3scale writes', () => {
  it.each([
    ['3scale-1-1', '1', '1'],
    ['3scale-2445582535751-2445584437111', '2445582535751', '2445584437111'],
    ['3scale-10-20', '10', '20'],
    ['3scale-999999999999999999-1', '999999999999999999', '1'], // 18 digits, beyond 2^53: kept as text
    ['3scale-7-900719925474099312', '7', '900719925474099312'],
  ])('%s', (value, providerId, developerAccountId) => {
    expect(parseAccountReference(value)).toEqual({ ok: true, providerId, developerAccountId });
  });

  it('round-trips with formatAccountReference', () => {
    expect(parseAccountReference(formatAccountReference('42', '4711'))).toEqual({ ok: true, providerId: '42', developerAccountId: '4711' });
    expect(ACCOUNT_REFERENCE_KEY).toBe('3scale_account_reference');
  });
});

describe('parseAccountReference: everything else is refused, saying why', () => {
  const cases: [name: string, value: unknown, problem: RegExp][] = [
    // not text at all
    ['undefined', undefined, /no account reference/],
    ['null', null, /no account reference/],
    ['a number', 31, /is a number, not text/],
    ['a list', ['3scale-1-2'], /is a list, not text/],
    ['an object', { value: '3scale-1-2' }, /is an object, not text/],
    ['a boolean', true, /not text/],
    // empty and blank
    ['empty', '', /is empty/],
    ['a space', ' ', /only whitespace/],
    ['tabs and newlines', '\t\n', /only whitespace/],
    ['a zero-width space only', '\u200B', /only whitespace/],
    // whitespace around or inside
    ['a leading space', ' 3scale-1-2', /whitespace around it/],
    ['a trailing space', '3scale-1-2 ', /whitespace around it/],
    ['a trailing newline', '3scale-1-2\n', /whitespace around it/],
    ['a leading tab', '\t3scale-1-2', /whitespace around it/],
    ['a no-break space at the end', '3scale-1-2\u00A0', /whitespace around it/],
    ['a byte order mark', '\uFEFF3scale-1-2', /whitespace around it/],
    ['a space inside', '3scale-1 -2', /contains whitespace \(U\+0020\) at position 9/],
    ['a zero-width space inside', '3scale-1\u200B-2', /contains whitespace \(U\+200B\)/],
    // look-alike characters
    ['an en dash', '3scale\u20131-2', /U\+2013 where 3scale writes the ASCII hyphen/],
    ['a minus sign', '3scale-1\u22122', /U\+2212/],
    ['a fullwidth hyphen', '3scale\uFF0D1-2', /U\+FF0D/],
    ['fullwidth digits', '3scale-\uFF11-2', /non-ASCII digit “１” \(U\+FF11\)/],
    ['Arabic-Indic digits', '3scale-1-\u0662', /non-ASCII digit/],
    ['Devanagari digits', '3scale-\u0967-2', /non-ASCII digit/],
    ['a NUL character', '3scale-1-2\u0000', /U\+0000/],
    ['an accented letter', '3scalé-1-2', /U\+00E9/],
    ['an emoji', '3scale-1-2🙂', /U\+1F642/],
    // the prefix
    ['no prefix', '1-2', /“3scale-” prefix is missing/],
    ['capital S', '3Scale-1-2', /lower case/],
    ['all capitals', '3SCALE-1-2', /lower case/],
    ['an underscore after 3scale', '3scale_1_2', /followed by “_”/],
    ['a colon after 3scale', '3scale:1:2', /followed by “:”/],
    ['no separator after 3scale', '3scale12-3', /followed by “1”/],
    ['only 3scale', '3scale', /only “3scale”/],
    ['threescale', 'threescale-1-2', /prefix is not “3scale-”/],
    ['3-scale', '3-scale-1-2', /prefix is not “3scale-”/],
    ['another system', 'acct-1-2', /does not start with “3scale-”/],
    ['a Stripe id', 'cus_NffrFeUfNV2Hib', /does not start with “3scale-”/],
    ['the prefix twice', '3scale-3scale-1-2', /repeated/],
    // missing parts
    ['only the prefix', '3scale-', /provider id and developer account id are missing/],
    ['no developer account', '3scale-12', /developer account id is missing/],
    ['empty provider id', '3scale--12', /provider id is empty/],
    ['empty developer account id', '3scale-12-', /ends with an extra hyphen|developer account id is empty/],
    ['non-digits with no second part', '3scale-abc', /contains “a”/],
    // extra parts
    ['three ids', '3scale-1-2-3', /3 parts after “3scale-” where 3scale writes 2/],
    ['a suffix', '3scale-1-2-old', /3 parts/],
    ['a double hyphen', '3scale-1--2', /two hyphens in a row/],
    ['a trailing hyphen', '3scale-1-2-', /ends with an extra hyphen/],
    // not digits
    ['letters in the provider id', '3scale-abc-12', /provider id “abc” contains “a”/],
    ['letters in the account id', '3scale-12-x7', /developer account id “x7” contains “x”/],
    ['a plus sign', '3scale-+1-2', /has a sign/],
    ['a decimal', '3scale-1.5-2', /not a whole number/],
    ['a decimal comma', '3scale-1-2,0', /not a whole number/],
    ['exponent notation', '3scale-1-2e5', /exponent notation/],
    ['hexadecimal', '3scale-0x1F-2', /hexadecimal/],
    ['a slash', '3scale-1/2', /contains “\/”/],
    // zero and leading zeros
    ['provider id zero', '3scale-0-12', /provider id is zero; ids start at 1/],
    ['account id zero', '3scale-12-0', /developer account id is zero/],
    ['all zeros', '3scale-12-000', /all zeros/],
    ['a leading zero', '3scale-012-34', /provider id “012” has leading zeros; 3scale writes “12”/],
    ['leading zeros in the account', '3scale-12-0034', /developer account id “0034” has leading zeros/],
    // too long
    ['19-digit provider id', `3scale-${'1'.repeat(19)}-2`, /provider id has 19 digits; ids have at most 18/],
    ['40-digit account id', `3scale-1-${'9'.repeat(40)}`, /developer account id has 40 digits/],
    ['a huge value', `3scale-1-${'9'.repeat(500)}`, /509 characters long/],
  ];

  it.each(cases)('%s', (_name, value, problem) => {
    const parsed = parseAccountReference(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it('says what is wrong in a sentence without echoing a huge value', () => {
    const parsed = parseAccountReference(`3scale-abcdefghijklmnopqrstuvwxyz0123456789-2`);
    expect(parsed).toEqual({ ok: false, problem: expect.stringContaining('“abcdefghijklmnopqrstuvwx…”') as unknown });
  });
});

describe('isValidId', () => {
  it('accepts positive integers without leading zeros, of at most 18 digits', () => {
    expect(['1', '42', '2445582535751', '9'.repeat(18)].every(isValidId)).toBe(true);
    expect(['', '0', '012', '-1', '1.0', ' 1', '1e3', '9'.repeat(19), '١'].some(isValidId)).toBe(false);
  });
});
