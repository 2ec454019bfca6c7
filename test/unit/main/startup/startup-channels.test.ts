// The start's one request answers what the three reads it replaces answer, through the
// one dispatch path; a draft that cannot be read leaves the saved settings on screen.
import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from '../../../../main/ipc/sender-policy';
import { dispatch } from '../../../../main/ipc/dispatch';
import { testAppCore } from '../../../support/test-app-core';

const APP_PAGE = `${APP_ORIGIN}/index.html`;

describe('startup:first-page', () => {
  it('answers the settings, the draft and connectivity as their own channels do, in one request', async () => {
    const core = testAppCore();
    const send = (channel: string, payload: unknown = null) => dispatch(core.dispatchOptions, channel, JSON.stringify(payload), APP_PAGE);
    expect(await send('draft:save', { form: { 'billing.invoiceFootnote': 'Bank: Example Bank' } })).toMatchObject({ ok: true });

    const first = await send('startup:first-page');
    expect(first).toEqual({
      ok: true,
      value: {
        settings: ((await send('settings:get')) as { value: unknown }).value,
        draft: ((await send('draft:get')) as { value: unknown }).value,
        connectivity: ((await send('connectivity:get')) as { value: unknown }).value,
      },
    });
    expect(first).toMatchObject({ value: { draft: { form: { 'billing.invoiceFootnote': 'Bank: Example Bank' } }, settings: { keychain: { backend: 'os' } } } });
  });

  it('takes no payload', async () => {
    const core = testAppCore();
    expect(await dispatch(core.dispatchOptions, 'startup:first-page', JSON.stringify({ all: true }), APP_PAGE)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('still answers the saved settings when the draft cannot be read, and logs why', async () => {
    const logError = vi.fn();
    const core = testAppCore({}, { logError });
    vi.spyOn(core.service, 'draft').mockImplementation(() => {
      throw new Error('EIO: i/o error, read');
    });
    const first = await dispatch(core.dispatchOptions, 'startup:first-page', 'null', APP_PAGE);
    expect(first).toMatchObject({ ok: true, value: { draft: null, settings: { stripe: { activeMode: 'test' } } } });
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('the draft could not be read: Error: EIO'));
  });
});
