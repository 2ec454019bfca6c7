// main/index.ts, the app's start, against a recording stand-in for Electron: what it asks
// of Electron, in which order, and that IPC reaches the same handler table the Chromium
// harness builds. Not Electron itself: the Playwright Electron backend is the real check
// wherever Electron's binary exists.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { IPC_CHANNELS } from '../../../common/ipc-contract';
import type * as AppCoreExports from '../../../main/app-core';
import { createAppCore, type AppCore } from '../../../main/app-core';
import { memoryDraftStore } from '../../../main/persistence/draft-file';
import { BrowserWindow, app, dialog, ipcMain, protocol, resetElectronStandIn, session } from '../../support/electron-stand-in';
import { memoryCustomersCache } from '../../support/memory-customers-cache';
import { memoryStore } from '../../support/memory-store';
import { createTestEncryptor } from '../../support/test-encryptor';
import { testNativeShell } from '../../support/test-native-shell';
import { launch } from '../../../main/index';

type AppCoreModule = typeof AppCoreExports;

vi.mock('electron', () => import('../../support/electron-stand-in'));
// electron-store reads Electron's app itself; conf is the library under it, on the same file.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(options: { name: string; cwd: string; configFileMode?: number }) {
        super({ configName: options.name, cwd: options.cwd, ...(options.configFileMode === undefined ? {} : { configFileMode: options.configFileMode }) });
      }
    },
  };
});
vi.mock('../../../main/app-core', async (importOriginal) => {
  const real = await importOriginal<AppCoreModule>();
  return { ...real, createAppCore: vi.fn(real.createAppCore) };
});

const APP_PAGE = 'app://billing-desk/index.html';
const savedEnv = { ...process.env };
let dataDir: string;
/** main's process-wide crash listeners are kept here, never added to the test runner's own process. */
const CRASH_EVENTS = ['uncaughtException', 'unhandledRejection'];
let processOn: MockInstance<typeof process.on>;

beforeEach(() => {
  resetElectronStandIn();
  vi.mocked(createAppCore).mockClear();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'billing-desk-shell-'));
  app.paths.set('userData', dataDir);
  // Never Stripe itself: a closed local port.
  process.env.BILLING_DESK_STRIPE_API_BASE = 'http://127.0.0.1:9';
  delete process.env.BILLING_DESK_USER_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
  const realOn = process.on.bind(process);
  processOn = vi
    .spyOn(process, 'on')
    .mockImplementation(((event: string, listener: (...args: unknown[]) => void) =>
      CRASH_EVENTS.includes(event) ? process : realOn(event, listener)) as typeof process.on);
});

afterEach(() => {
  app.emit('before-quit'); // stops the connectivity probes
  processOn.mockRestore();
  process.env = { ...savedEnv };
});

/** What main asked to hear of the process (`uncaughtException`, …). */
function processListener(event: string): (...args: unknown[]) => void {
  const call = processOn.mock.calls.find(([name]) => name === event);
  if (!call) throw new Error(`main did not listen to ${event}`);
  return call[1] as (...args: unknown[]) => void;
}

const logText = () => readFileSync(path.join(dataDir, 'billing-desk.log'), 'utf8');
const FAKE_KEY = 'sk_live_NOTAKEY_1234';

/** Launches, plays Electron's "ready", and waits for the start to run. */
async function launchReady(): Promise<AppCore> {
  launch();
  app.becomeReady();
  await new Promise((resolve) => setImmediate(resolve));
  const core = vi.mocked(createAppCore).mock.results.at(-1)?.value as AppCore | undefined;
  if (!core) throw new Error('main did not build its core');
  return core;
}

function invoke(channel: string, payload: unknown, senderUrl: string | null = APP_PAGE): Promise<unknown> {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, payload));
}

describe('one instance at a time', () => {
  it('quits a second instance before doing anything else', () => {
    app.singleInstanceLock = false;
    launch();
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(protocol.privilegedSchemes).toEqual([]);
    expect(app.listenerCount('web-contents-created')).toBe(0);
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('brings the window back when a second instance is started', async () => {
    await launchReady();
    const [window] = BrowserWindow.instances;
    if (!window) throw new Error('no window');
    window.minimized = true;
    app.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focusCount).toBe(1);
  });
});

describe('before "ready"', () => {
  it('registers the app:// scheme and locks down web contents, and opens no window yet', () => {
    launch();
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'whenReady']);
    expect(protocol.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
    expect(app.listenerCount('web-contents-created')).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('takes its data folder from BILLING_DESK_USER_DATA_DIR before asking for the lock', async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), 'billing-desk-own-'));
    process.env.BILLING_DESK_USER_DATA_DIR = own;
    await launchReady();
    expect(app.calls.slice(0, 2)).toEqual(['setPath userData', 'requestSingleInstanceLock']);
    const saved = await invoke('provider:save', { accountId: '2445582535751', name: 'Acme' });
    expect(saved).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(path.join(own, 'settings.json'), 'utf8'))).toMatchObject({ provider: { accountId: '2445582535751' } });
    expect(existsSync(path.join(dataDir, 'settings.json'))).toBe(false);
  });
});

describe('on "ready"', () => {
  it('denies every permission, serves app://, and opens one locked-down window on the app page', async () => {
    await launchReady();
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    const granted = vi.fn();
    session.defaultSession.permissionRequestHandler?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(protocol.handlers.has('app')).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
    const [window] = BrowserWindow.instances;
    expect(window?.loadedUrls).toEqual([APP_PAGE]);
    expect(window?.options.webPreferences).toMatchObject({
      preload: path.resolve('preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
  });

  it("removes electron-store's IPC listener, leaving only the contract's channels", async () => {
    await launchReady();
    expect(ipcMain.removedListeners).toContain('electron-store-get-data');
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('wires every channel to the handler table the Chromium harness builds the same way', async () => {
    const core = await launchReady();
    // The harness builds its table with createAppCore from its own parts; same channels.
    const harnessLike = createAppCore({
      store: memoryStore({}),
      drafts: memoryDraftStore(),
      native: testNativeShell({}),
      customersCache: memoryCustomersCache(),
      encryptor: createTestEncryptor(),
      osUser: 'test',
      allowedOrigins: ['http://127.0.0.1:1'],
      stripeApiBase: 'http://127.0.0.1:9',
    });
    expect(Object.keys(core.dispatchOptions.table).sort()).toEqual(Object.keys(harnessLike.dispatchOptions.table).sort());
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(core.dispatchOptions.table).sort());

    // A request through ipcMain lands in that very table, after the dispatch checks.
    const listed = vi.fn(() => []);
    (core.dispatchOptions.table as Record<string, unknown>)['finance-log:list'] = listed;
    await expect(invoke('finance-log:list', null)).resolves.toEqual({ ok: true, value: [] });
    expect(listed).toHaveBeenCalledOnce();
    await expect(invoke('finance-log:list', { extra: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(listed).toHaveBeenCalledOnce();
  });

  it('answers the app page and refuses any other sender', async () => {
    await launchReady();
    await expect(invoke('settings:get', null)).resolves.toMatchObject({ ok: true, value: { stripe: { activeMode: 'test' } } });
    for (const sender of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', null]) {
      await expect(invoke('settings:get', null, sender)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
  });

  it('seals secrets with safeStorage', async () => {
    const core = await launchReady();
    expect(core.service.view().keychain).toEqual({ backend: 'os', name: expect.any(String) });
  });

  it('loads the dev server only when not packaged, and trusts its origin then', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    await launchReady();
    expect(BrowserWindow.instances[0]?.loadedUrls).toEqual(['http://localhost:5173/']);
    await expect(invoke('settings:get', null, 'http://localhost:5173/')).resolves.toMatchObject({ ok: true });

    resetElectronStandIn();
    app.paths.set('userData', dataDir);
    app.isPackaged = true;
    await launchReady();
    expect(BrowserWindow.instances[0]?.loadedUrls).toEqual([APP_PAGE]);
    await expect(invoke('settings:get', null, 'http://localhost:5173/')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });
});

describe('windows closing and coming back', () => {
  it('quits when the last window closes, except on macOS', async () => {
    const realPlatform = process.platform;
    try {
      await launchReady();
      Object.defineProperty(process, 'platform', { value: 'linux', configurable: true });
      app.emit('window-all-closed');
      expect(app.calls.filter((c) => c === 'quit')).toHaveLength(1);
      Object.defineProperty(process, 'platform', { value: 'darwin', configurable: true });
      app.emit('window-all-closed');
      expect(app.calls.filter((c) => c === 'quit')).toHaveLength(1);
    } finally {
      Object.defineProperty(process, 'platform', { value: realPlatform, configurable: true });
    }
  });

  it('opens a new window on activate once the old one is gone, never a second one', async () => {
    await launchReady();
    app.emit('activate');
    expect(BrowserWindow.instances).toHaveLength(1);
    const [first] = BrowserWindow.instances;
    if (first) first.destroyed = true;
    app.emit('activate');
    expect(BrowserWindow.instances).toHaveLength(2);
    expect(BrowserWindow.instances[1]?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
  });
});

describe('the log and crashes', () => {
  it('writes billing-desk.log in the data folder, with IPC’s internal errors redacted', async () => {
    const core = await launchReady();
    (core.dispatchOptions.table as Record<string, unknown>)['finance-log:list'] = () => {
      throw new Error(`Invalid API Key provided: ${FAKE_KEY}`);
    };
    await expect(invoke('finance-log:list', null)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logText()).toMatch(/INFO {2}Billing Desk starting/);
    expect(logText()).toContain('ERROR [ipc finance-log:list] Error: Invalid API Key provided: sk_live_…1234');
    expect(logText()).not.toContain(FAKE_KEY);
  });

  it('logs uncaught exceptions and unhandled rejections of main, and tells the user once', async () => {
    await launchReady();
    processListener('uncaughtException')(new Error(`boom ${FAKE_KEY}`), 'uncaughtException');
    processListener('unhandledRejection')(new Error('nobody waited for this'), Promise.resolve());
    expect(logText()).toContain('ERROR Uncaught exception in the main process (uncaughtException): Error: boom sk_live_…1234');
    expect(logText()).toContain('ERROR Unhandled promise rejection in the main process: Error: nobody waited for this');
    expect(logText()).not.toContain(FAKE_KEY);
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]?.content).toContain(path.join(dataDir, 'billing-desk.log'));
  });

  it('logs a GPU or utility process going away', async () => {
    await launchReady();
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 133 });
    expect(logText()).toContain('WARN  A GPU process of Billing Desk is gone: crashed, exit code 133');
  });

  it('reloads the window once when its page process is gone, then asks; Quit quits', async () => {
    await launchReady();
    const [window] = BrowserWindow.instances;
    if (!window) throw new Error('no window');
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(window.webContents.reloads).toBe(1);
    expect(dialog.calls.at(-1)).toMatchObject({ kind: 'message', owner: window, options: { type: 'warning', title: 'Billing Desk’s window was reloaded' } });
    expect(String(dialog.calls.at(-1)?.options.detail)).toContain('kept as a draft');

    dialog.nextMessageResponse = 1; // Quit
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    await vi.waitFor(() => expect(app.calls).toContain('quit'));
    expect(window.webContents.reloads).toBe(1);
    expect(dialog.calls.at(-1)?.options).toMatchObject({ type: 'error', buttons: ['Reload', 'Quit'] });
    expect(logText().match(/ERROR The window’s page process is gone: crashed, exit code 139/g)).toHaveLength(2);
  });

  it('watches a window opened again on activate, and logs the page’s console errors redacted', async () => {
    await launchReady();
    const [first] = BrowserWindow.instances;
    if (first) first.destroyed = true;
    app.emit('activate');
    const second = BrowserWindow.instances[1];
    if (!second) throw new Error('no second window');
    second.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 9 });
    expect(second.webContents.reloads).toBe(1);
    second.webContents.emit('console-message', { level: 'error', message: `The Customers screen failed ${FAKE_KEY}`, lineNumber: 3, sourceId: 'app://billing-desk/assets/x.js' });
    expect(logText()).toContain('ERROR [page] The Customers screen failed sk_live_…1234 (app://billing-desk/assets/x.js:3)');
  });
});
