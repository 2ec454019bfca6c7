// The log file: levels, redaction of every line by redactSecrets (the function that cleans
// IPC errors), rotation by size, and a disk that refuses the log.
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogFile, formatEntry, type LogFileOptions } from '../../../../main/logging/log-file';

let dir: string;
const at = new Date('2026-12-02T10:00:00.000Z');

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'billing-desk-log-'));
});

function open(options: Partial<LogFileOptions> = {}) {
  return createLogFile({ directory: dir, now: () => at, ...options });
}
const read = (name = 'billing-desk.log') => readFileSync(path.join(dir, name), 'utf8');

// Fake secrets of the real shapes (never real keys).
const SK_LIVE = 'sk_live_NOTAKEY_1234';
const SK_TEST = 'sk_test_NOTAKEY_5678';
const RK_LIVE = 'rk_live_NOTAKEY_9999';
const WHSEC = 'whsec_NOTAKEY_abcd';
const TOKEN = 'a3f1'.repeat(16); // 3scale's access tokens are 64 hex digits

describe('the log file', () => {
  it('writes time, level and message in billing-desk.log, 0600 in the data folder', () => {
    open().info('Billing Desk starting');
    expect(read()).toBe('2026-12-02T10:00:00.000Z INFO  Billing Desk starting\n');
    expect(statSync(path.join(dir, 'billing-desk.log')).mode & 0o777).toBe(0o600);
  });

  it('creates the data folder when it does not exist yet', () => {
    const nested = path.join(dir, 'not-yet');
    createLogFile({ directory: nested, now: () => at }).warn('first line');
    expect(readFileSync(path.join(nested, 'billing-desk.log'), 'utf8')).toContain('WARN  first line');
  });

  it('drops the levels below the one chosen', () => {
    const log = open({ level: 'warn' });
    log.debug('debug line');
    log.info('info line');
    log.warn('warn line');
    log.error('error line');
    expect(read().split('\n').filter(Boolean).map((line) => line.split(' ').slice(1).join(' ').trim())).toEqual([
      'WARN  warn line',
      'ERROR error line',
    ]);
  });

  it('writes info and above by default, and debug when asked', () => {
    const log = open();
    log.debug('hidden');
    log.info('shown');
    expect(read()).not.toContain('hidden');
    open({ level: 'debug', fileName: 'debug.log' }).debug('now shown');
    expect(read('debug.log')).toContain('DEBUG now shown');
  });

  it('writes an error with its stack, later lines indented under the entry', () => {
    const error = new TypeError('bad value');
    open().error('Saving failed', error);
    const text = read();
    expect(text).toMatch(/^2026-12-02T10:00:00\.000Z ERROR Saving failed: TypeError: bad value\n\s+at /);
    expect(text.split('\n').filter(Boolean).every((line) => line.startsWith('2026-') || line.startsWith('    '))).toBe(true);
  });
});

describe('secrets never reach the log', () => {
  it.each([
    ['a live secret key', `Stripe refused ${SK_LIVE}`, SK_LIVE, 'sk_live_…1234'],
    ['a test secret key', `key=${SK_TEST}`, SK_TEST, 'sk_test_…5678'],
    ['a restricted key', `restricted ${RK_LIVE} lacks rak_customer_read`, RK_LIVE, 'rk_live_…9999'],
    ['a webhook signing secret', `{"secret":"${WHSEC}"}`, WHSEC, 'whsec_…abcd'],
    ['a 3scale token in a query', `GET /admin/api/accounts.json?access_token=not-hex-token-shape&page=2`, 'not-hex-token-shape', 'access_token=[redacted]&page=2'],
    ['a 3scale token in a JSON body', `{"access_token":"not-hex-token-shape","state":"paid"}`, 'not-hex-token-shape', '"access_token":"[redacted]"'],
    ['a 3scale token alone', `token ${TOKEN} refused`, TOKEN, '…a3f1 refused'],
  ])('masks %s in the message', (_what, message, secret, shown) => {
    open().warn(message);
    expect(read()).not.toContain(secret);
    expect(read()).toContain(shown);
  });

  it('masks secrets in an error’s message and stack, and in every level', () => {
    const log = open({ level: 'debug' });
    const error = new Error(`Invalid API Key provided: ${SK_LIVE}`);
    log.error('Verify failed', error);
    log.debug(`sent ${SK_TEST}`);
    log.info(`webhook ${WHSEC}`);
    const text = read();
    for (const secret of [SK_LIVE, SK_TEST, WHSEC]) expect(text).not.toContain(secret);
    expect(text).toContain('Verify failed: Error: Invalid API Key provided: sk_live_…1234\n    ');
  });

  it('masks what it echoes to the terminal too', () => {
    const echo = vi.fn();
    open({ echo }).error(`key ${SK_LIVE}`);
    expect(echo).toHaveBeenCalledWith(expect.stringContaining('sk_live_…1234'), 'error');
    expect(JSON.stringify(echo.mock.calls)).not.toContain(SK_LIVE);
  });

  it('formats and redacts the whole entry, whatever the error is', () => {
    expect(formatEntry(at, 'error', 'rejected', { key: SK_LIVE })).toBe(`2026-12-02T10:00:00.000Z ERROR rejected: {"key":"sk_live_…1234"}\n`);
    expect(formatEntry(at, 'warn', 'x'.repeat(20_000)).length).toBeLessThan(16_200);
  });
});

describe('rotation by size', () => {
  it('keeps at most three files of about the size given, the newest lines in billing-desk.log', () => {
    const log = open({ maxBytes: 200, files: 3 });
    // Each entry is 50 bytes: 4 fit in a file.
    for (let n = 0; n < 20; n += 1) log.info(`line ${String(n).padStart(2, '0')} ${'.'.repeat(10)}`);
    expect(readdirSync(dir).sort()).toEqual(['billing-desk.1.log', 'billing-desk.2.log', 'billing-desk.log']);
    for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(200);
    const numbers = (name: string) => [...read(name).matchAll(/line (\d\d)/g)].map((m) => Number(m[1]));
    expect(numbers('billing-desk.log')).toEqual([16, 17, 18, 19]);
    expect(numbers('billing-desk.1.log')).toEqual([12, 13, 14, 15]);
    expect(numbers('billing-desk.2.log')).toEqual([8, 9, 10, 11]);
  });

  it('counts what an earlier run left in the file', () => {
    writeFileSync(path.join(dir, 'billing-desk.log'), 'x'.repeat(190));
    open({ maxBytes: 200 }).info('a line that does not fit');
    expect(read('billing-desk.1.log')).toBe('x'.repeat(190));
    expect(read()).toContain('a line that does not fit');
  });

  it('writes an entry larger than a whole file rather than lose it', () => {
    open({ maxBytes: 100 }).error('y'.repeat(300));
    expect(read()).toContain('y'.repeat(300));
  });
});

describe('a disk that refuses the log', () => {
  it('never throws, and says so once', () => {
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, '');
    const onWriteError = vi.fn();
    const log = createLogFile({ directory: blocked, onWriteError });
    expect(() => {
      log.error('first');
      log.error('second');
    }).not.toThrow();
    expect(onWriteError).toHaveBeenCalledOnce();
  });
});
