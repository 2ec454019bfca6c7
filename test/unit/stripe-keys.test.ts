import { describe, expect, it } from 'vitest';
import { checkStripeKey, keyMode } from '../../common/stripe-keys';

const SK_TEST = 'sk_test_FAKEFAKEFAKEFAKE0000004242';
const SK_LIVE = 'sk_live_FAKEFAKEFAKE00004242';
const RK_TEST = 'rk_test_FAKEFAKEFAKEFAKE0000004242';
const PK_TEST = 'pk_test_FAKEFAKEFAKEFAKE0000001111';
const PK_LIVE = 'pk_live_FAKEFAKEFAKEFAKE0000001111';
const WHSEC = 'whsec_FAKEFAKEFAKEFAKEFAKE9876';

describe('checkStripeKey', () => {
  it('accepts each key in its own field and set', () => {
    expect(checkStripeKey('login', SK_TEST, 'test')).toEqual({ value: SK_TEST });
    expect(checkStripeKey('login', RK_TEST, 'test')).toEqual({ value: RK_TEST });
    expect(checkStripeKey('login', SK_LIVE, 'live')).toEqual({ value: SK_LIVE });
    expect(checkStripeKey('publishable_key', PK_LIVE, 'live')).toEqual({ value: PK_LIVE });
    expect(checkStripeKey('endpoint_secret', WHSEC, 'test')).toEqual({ value: WHSEC });
  });

  it('says nothing of an empty field', () => {
    expect(checkStripeKey('login', '', 'test')).toEqual({ value: '' });
  });

  it('catches a publishable key in the secret field, and the reverse', () => {
    expect(checkStripeKey('login', PK_TEST, 'test').error).toBe(
      'This is the publishable key (pk_…): it belongs in Publishable Key. The Secret Key starts with sk_ or rk_.',
    );
    expect(checkStripeKey('publishable_key', SK_TEST, 'test').error).toBe(
      'This is a secret key: it belongs in Secret Key, never in Publishable Key. The Publishable Key starts with pk_.',
    );
    expect(checkStripeKey('publishable_key', RK_TEST, 'test').error).toMatch(/^This is a secret key/);
  });

  it('catches a key of the other mode', () => {
    expect(checkStripeKey('login', SK_LIVE, 'test').error).toBe('This is a live key (sk_live_…) in the Test keys: put it in the Live keys.');
    expect(checkStripeKey('publishable_key', PK_TEST, 'live').error).toBe(
      'This is a test key (pk_test_…) in the Live keys: put it in the Test keys.',
    );
  });

  it('catches webhook secrets without whsec_, and keys in the webhook field', () => {
    expect(checkStripeKey('endpoint_secret', 'FAKEFAKEFAKEFAKEFAKE9876', 'test').error).toMatch(/^A webhook signing secret starts with whsec_/);
    expect(checkStripeKey('endpoint_secret', SK_TEST, 'test').error).toMatch(/^This is a secret API key, not a webhook signing secret/);
    expect(checkStripeKey('endpoint_secret', PK_TEST, 'test').error).toMatch(/^This is a publishable key, not a webhook signing secret/);
    expect(checkStripeKey('login', WHSEC, 'test').error).toBe('This is a webhook signing secret (whsec_…): it belongs in Webhook Signing Secret.');
  });

  it('trims spaces and line breaks pasted around a key, and says so', () => {
    expect(checkStripeKey('login', `  ${SK_TEST}\n`, 'test')).toEqual({
      value: SK_TEST,
      note: 'Spaces or line breaks around the key were removed.',
    });
  });

  it('names a character a key never has', () => {
    expect(checkStripeKey('login', 'sk_test_FAKEFAKE FAKEFAKE000000', 'test').error).toBe(
      'Contains a space, which a Stripe key never has: copy the key again from Stripe.',
    );
    expect(checkStripeKey('login', 'sk_test_FAKEFAKE-FAKEFAKE000000', 'test').error).toMatch(/^Contains “-”/);
    expect(checkStripeKey('login', 'sk_test_FAKEFAKE\u200bFAKEFAKE000000', 'test').error).toMatch(/^Contains an invisible character \(U\+200B\)/);
    expect(checkStripeKey('endpoint_secret', 'whsec_FAKE/FAKEFAKEFAKEFAKE98', 'test').error).toMatch(/^Contains “\/”/);
  });

  it('catches a key too short to be one', () => {
    expect(checkStripeKey('login', 'sk_test_123', 'test').error).toBe('Too short to be a Stripe key: check that it was copied whole.');
    expect(checkStripeKey('endpoint_secret', 'whsec_abc', 'test').error).toBe('Too short to be a Stripe key: check that it was copied whole.');
  });

  it('explains what a secret key looks like when it is something else', () => {
    expect(checkStripeKey('login', 'password123456789012345', 'live').error).toBe(
      'A secret key starts with sk_live_ (or rk_live_ for a restricted key).',
    );
    expect(checkStripeKey('publishable_key', 'hello', 'test').error).toBe('A publishable key starts with pk_test_.');
  });
});

describe('keyMode', () => {
  it('reads the mode from the prefix', () => {
    expect(keyMode(SK_TEST)).toBe('test');
    expect(keyMode(` ${PK_LIVE}`)).toBe('live');
    expect(keyMode(WHSEC)).toBeNull();
  });
});
