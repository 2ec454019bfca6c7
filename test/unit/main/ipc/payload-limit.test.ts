// Issue 14, finding 5: a huge payload must not block main. Requests arrive as JSON text;
// one over its channel's byte limit is refused before JSON.parse and zod see it, and a
// refusal names a few field paths, never thousands.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../../common/ipc-contract';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../../../common/ipc/define';
import { TEMPLATE_MAX_PAYLOAD_BYTES } from '../../../../common/contract/template';
import { dispatch } from '../../../../main/ipc/dispatch';
import { formatBytes, malformedMessage, withinLimit, withinShape } from '../../../../main/ipc/payload-limit';
import { PAYLOAD_SCHEMAS } from '../../../../main/ipc/payload-schemas';
import { APP_ORIGIN } from '../../../../main/ipc/sender-policy';
import { testAppCore } from '../../../support/test-app-core';

const APP_PAGE = `${APP_ORIGIN}/index.html`;

function core() {
  return testAppCore();
}

/** A record of `count` keys as JSON text, written without building the object. */
function recordJson(count: number, key = (i: number) => `k${i}`): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`"${key(i)}":"x"`);
  return `{${parts.join(',')}}`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the payload byte limit', () => {
  it('refuses a million-key record before parsing it, with a short message', async () => {
    const { dispatchOptions, store } = core();
    const json = `{"form":${recordJson(1_000_000)}}`;
    const parse = vi.spyOn(JSON, 'parse');
    const validate = vi.spyOn(PAYLOAD_SCHEMAS['draft:save'], 'safeParse');
    const result = await dispatch(dispatchOptions, 'draft:save', json, APP_PAGE);
    expect(result).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(parse).not.toHaveBeenCalled();
    expect(validate).not.toHaveBeenCalled();
    expect(store.writes).toHaveLength(0);
    const message = result.ok ? '' : result.error.message;
    expect(message).toMatch(/^This request is too large for Billing Desk \(at least \d+(\.\d)? MB; at most 128 KB\)\. Nothing was changed\.$/);
  }, 60_000); // building the text takes a while on a busy machine; main refuses it without reading it

  it('refuses oversized requests on every channel, template channels past their own higher limit', async () => {
    const { dispatchOptions } = core();
    for (const channel of Object.keys(CHANNELS)) {
      const limit = CHANNELS[channel as keyof typeof CHANNELS].maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
      const json = JSON.stringify({ padding: 'x'.repeat(limit) });
      expect(await dispatch(dispatchOptions, channel, json, APP_PAGE), channel).toMatchObject({ ok: false, error: { code: 'too_large' } });
    }
    expect(TEMPLATE_MAX_PAYLOAD_BYTES).toBeGreaterThan(2 * 1024 * 1024);
  }, 30_000);

  it('lets a 2 MB template paste through to the template channel’s own checks', async () => {
    const { dispatchOptions } = core();
    const source = `{% case provider.payment_gateway.type %}\n${'<p>line of a pasted template</p>\n'.repeat(66_000)}{% endcase %}`;
    expect(source.length).toBeGreaterThan(2_000_000);
    const result = await dispatch(dispatchOptions, 'template:check', JSON.stringify({ source }), APP_PAGE);
    expect(result.ok ? null : result.error.code).not.toBe('too_large');
  });

  it('counts bytes, not characters: text of many-byte characters is measured in UTF-8', () => {
    const euro = '€'.repeat(50_000); // 150,000 bytes in 50,000 characters
    expect(withinLimit(JSON.stringify(euro), DEFAULT_MAX_PAYLOAD_BYTES)).toBe(false);
    expect(withinLimit(JSON.stringify('e'.repeat(50_000)), DEFAULT_MAX_PAYLOAD_BYTES)).toBe(true);
  });

  it('accepts a request within the limit as before', async () => {
    const { dispatchOptions } = core();
    const billing = { chargingEnabled: true, currency: 'USD', invoiceFootnote: 'Thanks', vatZeroText: '', numberingPeriod: 'monthly' };
    expect(await dispatch(dispatchOptions, 'billing:save', JSON.stringify(billing), APP_PAGE)).toMatchObject({ ok: true });
    expect(await dispatch(dispatchOptions, 'settings:get', 'null', APP_PAGE)).toMatchObject({ ok: true });
  });

  it('refuses a record of many keys within a template channel’s byte limit before parsing it', async () => {
    const { dispatchOptions } = core();
    const json = `{"source":"x","extra":${recordJson(300_000)}}`;
    expect(json.length).toBeLessThan(TEMPLATE_MAX_PAYLOAD_BYTES);
    const parse = vi.spyOn(JSON, 'parse');
    const result = await dispatch(dispatchOptions, 'template:check', json, APP_PAGE);
    expect(parse).not.toHaveBeenCalled();
    expect(result).toEqual({
      ok: false,
      error: { code: 'too_large', message: 'This request has more fields or nesting than any request of Billing Desk (at most 2,000 fields, 32 levels). Nothing was changed.' },
    });
  });

  it('refuses nesting deeper than any request, and counts nothing inside strings', () => {
    expect(withinShape(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)).toBe(false);
    expect(withinShape(`${'{"a":'.repeat(10)}1${'}'.repeat(10)}`)).toBe(true);
    expect(withinShape(JSON.stringify({ source: '{"a":1,"b":2,'.repeat(10_000) + '\\"' }))).toBe(true);
    expect(withinShape(recordJson(2_001))).toBe(false);
    expect(withinShape(recordJson(1_999))).toBe(true);
  });

  it('refuses text that is not JSON as malformed', async () => {
    const { dispatchOptions } = core();
    expect(await dispatch(dispatchOptions, 'settings:get', '{nope', APP_PAGE)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'The request was malformed (not JSON).' },
    });
  });
});

describe('an invalid_input refusal', () => {
  it('names at most three field paths, and how many more', async () => {
    const { dispatchOptions } = core();
    // Within the byte limit, every key of the draft's form invalid.
    const json = `{"form":${recordJson(1_500, (i) => `Bad Key ${i}`)}}`;
    const result = await dispatch(dispatchOptions, 'draft:save', json, APP_PAGE);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const message = result.ok ? '' : result.error.message;
    expect(message.length).toBeLessThan(200);
    expect(message).toMatch(/^The request was malformed \(form\.Bad Key 0, form\.Bad Key 1, form\.Bad Key 2 and [\d,]+ more\)\.$/);
  });

  it('names each path once', () => {
    expect(malformedMessage(['form.a', 'form.a', 'form.b'])).toBe('The request was malformed (form.a, form.b).');
  });

  it('shortens a very long path', () => {
    const message = malformedMessage(['a'.repeat(500)]);
    expect(message.length).toBeLessThan(100);
  });

  it('formats sizes as people read them', () => {
    expect(formatBytes(128 * 1024)).toBe('128 KB');
    expect(formatBytes(4 * 1024 * 1024)).toBe('4 MB');
    expect(formatBytes(17_000_000)).toBe('16.2 MB');
  });
});
