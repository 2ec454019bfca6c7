// Main process entry: app lifecycle and wiring. Everything with logic lives in
// main/domain and main/ipc, which know nothing of Electron.

import { app, dialog, ipcMain, net, type BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNELS } from '../common/ipc-contract';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createAppCore } from './app-core';
import { SETTINGS_FILE_NAME } from './domain/settings-repository';
import { dispatch } from './ipc/dispatch';
import { consoleMessageLogger, installProcessCrashHandlers, rendererCrashHandler } from './logging/crash-handlers';
import { createLogFile, isLogLevel, type Logger } from './logging/log-file';
import { electronNativeShell } from './electron-native-shell';
import { customersCacheFile } from './persistence/customers-cache-file';
import { draftFile } from './persistence/draft-file';
import { PRIVATE_FILE_MODE, openSettingsFiles } from './persistence/settings-files';
import { APP_ORIGIN, originOf } from './ipc/sender-policy';
import { safeStorageEncryptor } from './keychain';
import { STRIPE_API_BASE_ENV } from './stripe/stripe-connection';
import { THREESCALE_BASE_URL_ENV } from './threescale/admin-domain';
import { createMainWindow, denyAllPermissions, lockDownWebContents } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Starts the app: one instance at a time, the app:// scheme and the lock-down before
 * "ready", then main's core, IPC and the window. Electron runs it on loading this file.
 */
export function launch(): void {
  // A data folder of one's own (tests, a second profile); must be set before "ready".
  const userDataOverride = process.env.BILLING_DESK_USER_DATA_DIR;
  if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const log = openLog();
  log.info(`Billing Desk starting (Electron ${process.versions.electron ?? 'stand-in'}, ${process.platform})`);
  installProcessCrashHandlers(process, log, { tell: (title, message) => dialog.showErrorBox(title, message) });
  // The GPU and utility processes: Chromium restarts them itself; the log keeps that it happened.
  app.on('child-process-gone', (_event, details) =>
    log.warn(`A ${details.type} process of Billing Desk is gone: ${details.reason}, exit code ${details.exitCode}`),
  );
  registerAppScheme();
  lockDownWebContents();
  void app.whenReady().then(() => start(log));
}

/** billing-desk.log in the data folder; BILLING_DESK_LOG_LEVEL=debug for more. Echoed to the terminal while developing. */
function openLog(): Logger {
  const level = process.env.BILLING_DESK_LOG_LEVEL;
  return createLogFile({
    directory: app.getPath('userData'),
    ...(isLogLevel(level) ? { level } : {}),
    ...(app.isPackaged ? {} : { echo: (line: string) => process.stderr.write(line) }),
    onWriteError: (error) => process.stderr.write(`Billing Desk cannot write its log: ${String(error)}\n`),
  });
}

/** The window's page process going away (reloaded once, then asked) and its console errors, in the log. */
function watchWindow(window: BrowserWindow, log: Logger): void {
  const reload = () => {
    if (!window.isDestroyed()) window.webContents.reload();
  };
  const onGone = rendererCrashHandler(log, {
    reload,
    quit: () => app.quit(),
    tell: (title, message) => void dialog.showMessageBox(window, { type: 'warning', title, message: title, detail: message, buttons: ['OK'] }),
    askReload: (title, message) =>
      dialog
        .showMessageBox(window, { type: 'error', title, message: title, detail: message, buttons: ['Reload', 'Quit'], defaultId: 0, cancelId: 1 })
        .then(({ response }) => response === 0),
  });
  window.webContents.on('render-process-gone', (_event, details) => onGone(details));
  window.webContents.on('console-message', consoleMessageLogger(log));
}

function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

function start(log: Logger): void {
  denyAllPermissions();

  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const startUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;
  const devOrigin = devServerUrl ? originOf(devServerUrl) : null;

  const dataDir = app.getPath('userData');
  const settingsFiles = openSettingsFiles({
    directory: dataDir,
    name: SETTINGS_FILE_NAME,
    openStore: () => new ElectronStore({ name: SETTINGS_FILE_NAME, cwd: dataDir, configFileMode: PRIVATE_FILE_MODE }),
  });
  // electron-store answers a sync IPC message meant for renderers with Node access;
  // ours have none, so the only channels left are the contract's.
  ipcMain.removeAllListeners('electron-store-get-data');

  const core = createAppCore({
    store: settingsFiles.store,
    drafts: draftFile(dataDir),
    native: electronNativeShell,
    customersCache: customersCacheFile(dataDir),
    invoicesDataDir: path.join(dataDir, 'invoice-runs'),
    monthEndDataDir: path.join(dataDir, 'month-end'),
    storeNotice: settingsFiles.notice,
    isOsOnline: () => net.isOnline(),
    encryptor: safeStorageEncryptor,
    osUser: osUserName(),
    allowedOrigins: devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN],
    logError: (text) => log.error(text),
    stripeApiBase: process.env[STRIPE_API_BASE_ENV],
    threescaleBaseUrl: process.env[THREESCALE_BASE_URL_ENV],
  });
  core.connectivity.start();
  core.threescaleAutoVerify.start();
  app.on('before-quit', () => {
    log.info('Billing Desk quitting');
    core.connectivity.stop();
    core.threescaleAutoVerify.stop();
  });
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      dispatch(core.dispatchOptions, channel, payload, event.senderFrame?.url),
    );
  }

  serveRenderer(path.join(here, '../renderer'));
  const openWindow = () => {
    const opened = createMainWindow(path.join(here, '../preload/index.cjs'), startUrl);
    watchWindow(opened, log);
    return opened;
  };
  let window = openWindow();
  core.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(event, payload);
  });

  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (window.isDestroyed()) window = openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// Electron loads the built file as the app's entry point; the unit tests import
// launch() under a stand-in for Electron and call it themselves.
if (process.versions.electron) launch();
