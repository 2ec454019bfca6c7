import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../../main/ipc/dispatch';
import { APP_ORIGIN, createSenderPolicy, originOf } from '../../../../main/ipc/sender-policy';
import { testAppCore } from '../../../support/test-app-core';

const APP_PAGE = `${APP_ORIGIN}/index.html`;

function core(logError = vi.fn(), initial: unknown = {}) {
  return { ...testAppCore(initial, { logError }), logError };
}

const validBilling = {
  chargingEnabled: true,
  currency: 'USD',
  invoiceFootnote: '',
  vatZeroText: '',
  numberingPeriod: 'monthly',
};

describe('sender policy', () => {
  it('trusts only frames of the app’s own origin', () => {
    const trusted = createSenderPolicy([APP_ORIGIN]);
    expect(trusted(APP_PAGE)).toBe(true);
    expect(trusted(`${APP_ORIGIN}/nested/page.html#x`)).toBe(true);
    for (const url of [
      undefined,
      '',
      'about:blank',
      'file:///etc/passwd',
      'https://billing-desk/index.html',
      'app://billing-desk.evil.example/index.html',
      'app://evil/index.html',
      'http://127.0.0.1:5173/',
      'not a url',
    ]) {
      expect(trusted(url), String(url)).toBe(false);
    }
  });

  it('reads origins of custom schemes, where URL.origin says "null"', () => {
    expect(originOf('app://billing-desk/index.html')).toBe('app://billing-desk');
    expect(originOf('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
    expect(originOf('about:blank')).toBeNull();
  });
});

describe('dispatch', () => {
  it('answers a trusted, well-formed request', async () => {
    const { dispatchOptions } = core();
    const result = await dispatch(dispatchOptions, 'settings:get', null, APP_PAGE);
    expect(result).toMatchObject({ ok: true, value: { billingMode: 'postpaid' } });
  });

  it('refuses an untrusted sender before looking at anything else', async () => {
    const { dispatchOptions, store } = core();
    const result = await dispatch(dispatchOptions, 'billing:save', validBilling, 'https://evil.example/');
    expect(result).toEqual({
      ok: false,
      error: { code: 'forbidden_sender', message: 'This window is not allowed to change billing settings.' },
    });
    expect(store.writes).toHaveLength(0);
  });

  it('refuses channels outside the contract', async () => {
    const { dispatchOptions } = core();
    for (const channel of ['electron-store-get-data', 'settings:GET', 42, undefined, '__proto__', 'constructor']) {
      const result = await dispatch(dispatchOptions, channel, null, APP_PAGE);
      expect(result, String(channel)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it.each([
    ['a wrong type', { ...validBilling, chargingEnabled: 'yes' }],
    ['an extra key', { ...validBilling, isAdmin: true }],
    ['a missing key', { chargingEnabled: true }],
    ['an unknown numbering period', { ...validBilling, numberingPeriod: 'weekly' }],
    ['an oversized text', { ...validBilling, invoiceFootnote: 'x'.repeat(10_001) }],
    ['no payload at all', undefined],
    ['an array', [validBilling]],
  ])('refuses a billing payload with %s, as data', async (_case, payload) => {
    const { dispatchOptions, store } = core();
    const result = await dispatch(dispatchOptions, 'billing:save', payload, APP_PAGE);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(store.writes).toHaveLength(0);
  });

  it('refuses malformed gateway payloads and never echoes their values', async () => {
    const { dispatchOptions } = core();
    const secret = 'sk_live_FAKEFAKEFAKE00000001';
    for (const payload of [
      { type: 'paypal', values: {}, confirmedGatewayChange: true },
      { type: 'stripe', values: { login: secret }, confirmedGatewayChange: 'yes' },
      { type: 'stripe', values: { 'login key': secret }, confirmedGatewayChange: true },
      { type: 'stripe', values: { login: { nested: secret } }, confirmedGatewayChange: true },
    ]) {
      const result = await dispatch(dispatchOptions, 'gateway:save', payload, APP_PAGE);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.stringify(result)).not.toContain(secret);
    }
  });

  it('reports field errors of the domain next to the fields', async () => {
    const { dispatchOptions } = core();
    const result = await dispatch(dispatchOptions, 'billing:save', { ...validBilling, currency: 'XYZ' }, APP_PAGE);
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'Invalid finance settings', fieldErrors: { currency: 'is not included in the list' } },
    });
  });

  it('turns an unexpected failure into a plain message and logs it with secrets masked', async () => {
    const { dispatchOptions, logError } = core();
    dispatchOptions.table['settings:get'] = () => {
      throw new Error('boom with sk_live_FAKEFAKEFAKE00000009 inside');
    };
    const result = await dispatch(dispatchOptions, 'settings:get', null, APP_PAGE);
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong in Billing Desk; nothing was changed. Please try again.' },
    });
    expect(logError).toHaveBeenCalledOnce();
    const logged = String(logError.mock.calls[0]?.[0]);
    expect(logged).toContain('sk_live_…0009');
    expect(logged).not.toContain('FAKE00000009');
  });

  it('reports an unreadable settings file in words the user can act on', async () => {
    const { dispatchOptions } = core(vi.fn(), { schemaVersion: 99 });
    const result = await dispatch(dispatchOptions, 'settings:get', null, APP_PAGE);
    expect(result).toMatchObject({ ok: false, error: { code: 'store_unreadable', message: expect.stringContaining('newer version') } });
  });
});
