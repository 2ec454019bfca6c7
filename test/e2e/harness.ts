// End-to-end harness: one entry point, two backends.
// - electron: Playwright's Electron launcher on the built app, wherever Electron's
//   binary is installed;
// - chromium: the built renderer in Chromium, with the preload API bound to the very
//   same main-process dispatch and handlers, running in this test process.
// BILLING_DESK_E2E_BACKEND=electron|chromium forces one.

import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { _electron, chromium, type BrowserContext, type Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import type { KeychainBackend } from '../../common/ipc-contract';
import { createAppCore } from '../../main/app-core';
import { SETTINGS_FILE_NAME } from '../../main/domain/settings-repository';
import { dispatch, type DispatchOptions } from '../../main/ipc/dispatch';
import { customersCacheFile } from '../../main/persistence/customers-cache-file';
import { draftFile } from '../../main/persistence/draft-file';
import { PRIVATE_FILE_MODE, openSettingsFiles } from '../../main/persistence/settings-files';
import { STRIPE_API_BASE_ENV } from '../../main/stripe/stripe-connection';
import { THREESCALE_BASE_URL_ENV } from '../../main/threescale/admin-domain';
import { createTestEncryptor } from '../support/test-encryptor';
import { testNativeShell } from '../support/test-native-shell';

export interface LaunchOptions {
  /** The app's data folder; a fresh temporary one when omitted. The same folder again is a restart. */
  userDataDir?: string;
  /** The environment the main process sees. */
  env?: Record<string, string>;
}

export interface LaunchedApp {
  page: Page;
  close(): Promise<void>;
  backend: 'electron' | 'chromium';
  userDataDir: string;
  /** Every bridge response the renderer received (Chromium backend; null under Electron). */
  bridgeTraffic: unknown[] | null;
  /** URLs main opened in the system browser (Chromium backend; null under Electron). */
  openedUrls: string[] | null;
  /** The channel of every bridge request, in order (Chromium backend; null under Electron). */
  bridgeCalls: string[] | null;
}

/** Shorter waits than the app's, so that fault specs stay quick (chromium backend only). */
const STRIPE_TEST_TIMING = { timeoutMs: 3000, rateLimitBackoff: { baseMs: 50, maxMs: 200, retries: 3 } };

/** Chooses the keychain backend the app sees: the stand-in's in Chromium, Electron's own switch in Electron. */
export const TEST_KEYCHAIN_ENV = 'BILLING_DESK_TEST_KEYCHAIN';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rendererRoot = path.join(root, 'out/renderer');

export function electronBinaryPath(): string | null {
  try {
    const candidate = createRequire(import.meta.url)('electron') as unknown;
    return typeof candidate === 'string' && existsSync(candidate) ? candidate : null;
  } catch {
    return null; // the package throws when its binary was never downloaded
  }
}

export function selectedBackend(): 'electron' | 'chromium' {
  const forced = process.env.BILLING_DESK_E2E_BACKEND;
  if (forced === 'electron' || forced === 'chromium') return forced;
  return electronBinaryPath() ? 'electron' : 'chromium';
}

export async function launchApp(options: LaunchOptions = {}): Promise<LaunchedApp> {
  if (!existsSync(path.join(rendererRoot, 'index.html'))) {
    throw new Error('The app is not built: run `npm run build` first.');
  }
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'billing-desk-e2e-')));
  // Never Stripe or 3scale itself: without a test server, point at a closed local port.
  const env = { [STRIPE_API_BASE_ENV]: 'http://127.0.0.1:9', [THREESCALE_BASE_URL_ENV]: 'http://127.0.0.1:9', ...options.env };
  return selectedBackend() === 'electron' ? launchElectron(userDataDir, env) : launchChromium(userDataDir, env);
}

async function launchElectron(userDataDir: string, env: Record<string, string>): Promise<LaunchedApp> {
  const args = [root];
  // Electron refuses to start its sandbox as root (CI runs as root).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (env[TEST_KEYCHAIN_ENV] === 'basic_text') args.push('--password-store=basic');
  const electronApp = await _electron.launch({
    args,
    env: { ...(process.env as Record<string, string>), ...env, BILLING_DESK_USER_DATA_DIR: userDataDir },
  });
  const page = await electronApp.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { page, backend: 'electron', userDataDir, bridgeTraffic: null, openedUrls: null, bridgeCalls: null, close: () => electronApp.close() };
}

export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined; // Playwright's own browser
}

/** Flags for a quiet headless Chromium on a machine without outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
};

/** Serves the built renderer the way main's app:// protocol does, CSP header included. */
export async function serveRenderer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const pathname = new URL(request.url ?? '/', 'http://x').pathname;
      const file = path.normalize(path.join(rendererRoot, pathname === '/' ? 'index.html' : decodeURIComponent(pathname)));
      if (!file.startsWith(rendererRoot + path.sep)) {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(file);
        response.writeHead(200, {
          'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
        });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

let preloadBundle: Promise<string> | null = null;

/** The bridge script a Chromium page gets in place of the Electron preload. */
export function chromiumPreload(): Promise<string> {
  preloadBundle ??= build({
    entryPoints: [path.join(root, 'test/e2e/chromium-preload.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return preloadBundle;
}

/** Gives every page of the context the preload API, bound to main's dispatch in this process. */
export async function bindMainProcess(
  context: BrowserContext,
  dispatchOptions: DispatchOptions,
  traffic?: unknown[],
  calls?: string[],
): Promise<void> {
  await context.exposeBinding('__billingDeskIpc', async ({ frame }, channel: unknown, payload: unknown) => {
    calls?.push(String(channel));
    const response = await dispatch(dispatchOptions, channel, payload, frame.url());
    traffic?.push(response);
    return response;
  });
  await context.addInitScript({ content: await chromiumPreload() });
}

async function launchChromium(userDataDir: string, env: Record<string, string>): Promise<LaunchedApp> {
  const { server, origin } = await serveRenderer();
  const settingsFiles = openSettingsFiles({
    directory: userDataDir,
    name: SETTINGS_FILE_NAME,
    openStore: () => new Conf<Record<string, unknown>>({ cwd: userDataDir, configName: SETTINGS_FILE_NAME, configFileMode: PRIVATE_FILE_MODE }),
  });
  const native = testNativeShell(env);
  const backend = (env[TEST_KEYCHAIN_ENV] as KeychainBackend | undefined) ?? 'os';
  const core = createAppCore({
    store: settingsFiles.store,
    drafts: draftFile(userDataDir),
    native,
    customersCache: customersCacheFile(userDataDir),
    invoicesDataDir: path.join(userDataDir, 'invoice-runs'),
    monthEndDataDir: path.join(userDataDir, 'month-end'),
    customerLoaderOptions: { timeoutMs: 3000, backoffBaseMs: 50, maxRetries: 3 },
    storeNotice: settingsFiles.notice,
    encryptor: createTestEncryptor({ keyFile: path.join(userDataDir, 'test-keychain.key'), backend }),
    osUser: os.userInfo().username,
    allowedOrigins: [origin],
    logError: (text) => console.error(text),
    stripeApiBase: env[STRIPE_API_BASE_ENV],
    threescaleBaseUrl: env[THREESCALE_BASE_URL_ENV],
    stripeOptions: STRIPE_TEST_TIMING,
    connectivityOptions: { probeTimeoutMs: 1000, offlineBackoffMs: { first: 500, max: 2000 }, onlineIntervalMs: 5000 },
  });
  core.connectivity.start();
  core.threescaleAutoVerify.start();

  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const bridgeTraffic: unknown[] = [];
  const bridgeCalls: string[] = [];
  await bindMainProcess(context, core.dispatchOptions, bridgeTraffic, bridgeCalls);
  const page = await context.newPage();
  native.printPage = page;
  // Events main sends reach the page as Electron's webContents.send would deliver them.
  const stopEvents = core.events.subscribe((event, payload) => {
    page.evaluate(([name, value]) => (window as unknown as { __billingDeskPush(n: string, v: unknown): void }).__billingDeskPush(name, value), [event, payload] as const).catch(() => {
      // The page is navigating or closed: like Electron, an event sent then is lost.
    });
  });
  await page.goto(`${origin}/index.html`);
  return {
    page,
    backend: 'chromium',
    userDataDir,
    bridgeTraffic,
    bridgeCalls,
    openedUrls: native.opened,
    close: async () => {
      stopEvents();
      core.connectivity.stop();
      core.threescaleAutoVerify.stop();
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
