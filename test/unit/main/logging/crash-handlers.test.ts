// What main does with failures outside every try: each logged (redacted, as every line),
// the user told in words, the window's page reloaded once and then asked about.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleMessageLogger, installProcessCrashHandlers, rendererCrashHandler, type RendererCrashActions } from '../../../../main/logging/crash-handlers';
import { createLogFile, type Logger } from '../../../../main/logging/log-file';

let log: Logger;
const logText = () => readFileSync(log.filePath, 'utf8');
const KEY = 'sk_live_NOTAKEY_1234';

beforeEach(() => {
  log = createLogFile({ directory: mkdtempSync(path.join(os.tmpdir(), 'billing-desk-crash-')), level: 'debug' });
});

describe('the main process’s uncaught failures', () => {
  it('logs an uncaught exception with its stack, redacted, and tells the user once where the log is', () => {
    const target = new EventEmitter();
    const tell = vi.fn();
    installProcessCrashHandlers(target as unknown as NodeJS.Process, log, { tell });
    target.emit('uncaughtException', new Error(`Stripe said no to ${KEY}`), 'uncaughtException');
    target.emit('uncaughtException', new RangeError('again'), 'uncaughtException');
    expect(logText()).toMatch(/ERROR Uncaught exception in the main process \(uncaughtException\): Error: Stripe said no to sk_live_…1234\n\s+at /);
    expect(logText()).toContain('RangeError: again');
    expect(logText()).not.toContain(KEY);
    expect(tell).toHaveBeenCalledOnce();
    expect(tell.mock.calls[0]?.[1]).toContain(log.filePath);
  });

  it('logs an unhandled rejection, whatever was rejected', () => {
    const target = new EventEmitter();
    installProcessCrashHandlers(target as unknown as NodeJS.Process, log, { tell: vi.fn() });
    target.emit('unhandledRejection', new Error('lost promise'), Promise.resolve());
    target.emit('unhandledRejection', { code: 'odd', key: KEY }, Promise.resolve());
    expect(logText()).toContain('ERROR Unhandled promise rejection in the main process: Error: lost promise');
    expect(logText()).toContain('{"code":"odd","key":"sk_live_…1234"}');
  });
});

function actions(answerReload: boolean) {
  return {
    reload: vi.fn<RendererCrashActions['reload']>(),
    quit: vi.fn<RendererCrashActions['quit']>(),
    tell: vi.fn<RendererCrashActions['tell']>(),
    askReload: vi.fn<RendererCrashActions['askReload']>(() => Promise.resolve(answerReload)),
  };
}

describe('the window’s page process going away', () => {
  it('reloads the page the first time and says what happened and that the typing is kept as a draft', () => {
    const act = actions(true);
    rendererCrashHandler(log, act)({ reason: 'oom', exitCode: 9 });
    expect(act.reload).toHaveBeenCalledOnce();
    expect(act.tell).toHaveBeenCalledOnce();
    const [title, message] = act.tell.mock.calls[0] as [string, string];
    expect(title).toBe('Billing Desk’s window was reloaded');
    expect(message).toContain('it ran out of memory');
    expect(message).toContain('kept as a draft');
    expect(logText()).toContain('ERROR The window’s page process is gone: oom, exit code 9');
  });

  it('asks the second time instead of reloading in a loop: Reload reloads, Quit quits', async () => {
    const reloading = actions(true);
    const onGone = rendererCrashHandler(log, reloading);
    onGone({ reason: 'crashed', exitCode: 139 });
    onGone({ reason: 'crashed', exitCode: 139 });
    await vi.waitFor(() => expect(reloading.reload).toHaveBeenCalledTimes(2));
    expect(reloading.askReload).toHaveBeenCalledOnce();
    expect(reloading.askReload.mock.calls[0]?.[1]).toContain(log.filePath);
    expect(reloading.quit).not.toHaveBeenCalled();

    const quitting = actions(false);
    const onGoneAgain = rendererCrashHandler(log, quitting);
    onGoneAgain({ reason: 'killed', exitCode: 15 });
    onGoneAgain({ reason: 'killed', exitCode: 15 });
    await vi.waitFor(() => expect(quitting.quit).toHaveBeenCalledOnce());
    expect(quitting.reload).toHaveBeenCalledOnce();
    expect(logText()).toContain('The user quit after the window failed again');
  });

  it('only logs a clean exit (the window closing)', () => {
    const act = actions(true);
    rendererCrashHandler(log, act)({ reason: 'clean-exit', exitCode: 0 });
    expect(act.reload).not.toHaveBeenCalled();
    expect(act.tell).not.toHaveBeenCalled();
    expect(logText()).toContain('INFO  The window’s page process exited normally');
  });
});

describe('the page’s console', () => {
  it('puts errors and warnings in the log, redacted, with where they came from', () => {
    const onMessage = consoleMessageLogger(log);
    onMessage({ level: 'error', message: `The Customers screen failed ${KEY}`, sourceId: 'app://billing-desk/assets/index.js', lineNumber: 12 });
    onMessage({ level: 'warning', message: 'slow' });
    onMessage({ level: 'debug', message: 'chatter' });
    expect(logText()).toContain('ERROR [page] The Customers screen failed sk_live_…1234 (app://billing-desk/assets/index.js:12)');
    expect(logText()).toContain('WARN  [page] slow');
    expect(logText()).not.toContain('chatter');
  });
});
