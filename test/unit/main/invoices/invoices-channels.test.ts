// The Invoices channels through the app's one dispatch path: what they say before the
// connections are saved, and the outside pages opened only by main with a checked URL.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminInvoiceUrl, paymentDashboardUrl } from '../../../../main/invoices/invoice-links';
import { dispatch } from '../../../../main/ipc/dispatch';
import { APP_ORIGIN } from '../../../../main/ipc/sender-policy';
import { testAppCore } from '../../../support/test-app-core';
import { testNativeShell } from '../../../support/test-native-shell';

function app() {
  const native = testNativeShell({});
  const core = testAppCore({}, { native, invoicesDataDir: mkdtempSync(path.join(os.tmpdir(), 'invoices-channels-')) });
  const call = (channel: Parameters<typeof dispatch>[1], payload: unknown) => dispatch(core.dispatchOptions, channel, payload, `${APP_ORIGIN}/index.html`);
  return { call, native };
}

describe('invoices channels', () => {
  it('show an empty screen, and ask for the connections before loading', async () => {
    const { call } = app();
    expect(await call('invoices:get', null)).toMatchObject({ ok: true, value: { status: 'idle', rows: [], adminDomain: null, mode: 'test' } });
    const load = await call('invoices:load', { month: '2026-11', state: null, search: '' });
    expect(load).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Save the Stripe keys/) } });
    expect(await call('invoices:run', null)).toEqual({ ok: true, value: null });
    // Nothing loading: "Cancel loading" changes nothing and answers the view.
    expect(await call('invoices:cancel-load', null)).toMatchObject({ ok: true, value: { status: 'idle', rows: [] } });
    expect(await call('invoices:plan-retry', { invoiceIds: null })).toMatchObject({ ok: false, error: { message: 'Load the invoices first.' } });
  });

  it('refuse malformed requests', async () => {
    const { call } = app();
    expect(await call('invoices:cancel-load', { month: '2026-11' })).toMatchObject({ ok: false });
    expect(await call('invoices:load', { month: '2026-13', state: null, search: '' })).toMatchObject({ ok: false });
    expect(await call('invoices:open-payment', { paymentIntentId: 'https://evil.example' })).toMatchObject({ ok: false });
  });

  it('open the Stripe Dashboard for a PaymentIntent in the mode, and nothing else', async () => {
    const { call, native } = app();
    expect(await call('invoices:open-payment', { paymentIntentId: 'pi_3AbCdEf123456' })).toEqual({ ok: true, value: null });
    expect(native.opened).toEqual(['https://dashboard.stripe.com/test/payments/pi_3AbCdEf123456']);
    expect(paymentDashboardUrl('pi_3AbCdEf123456', 'live')).toBe('https://dashboard.stripe.com/payments/pi_3AbCdEf123456');
    expect(() => paymentDashboardUrl('pi_1/../../x', 'test')).toThrow(/not a Stripe PaymentIntent id/);
  });

  it("build the admin portal's invoice page only for a plain domain and a numeric id", () => {
    expect(adminInvoiceUrl('acme-admin.3scale.net', 42)).toBe('https://acme-admin.3scale.net/finance/invoices/42');
    expect(() => adminInvoiceUrl('evil.example/x?', 42)).toThrow();
    expect(() => adminInvoiceUrl('acme-admin.3scale.net', -1)).toThrow();
  });
});
