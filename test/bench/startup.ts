// Startup benchmark of the built renderer: bundle sizes, and the time from navigation
// to the Charging & Gateway page being interactive with saved settings loaded, over
// cold loads (a new browser context each, so no cache), with main's handler table
// running in this process as in the Chromium harness; then the worst event-loop lag of
// those handlers. Prints figures only. `--quick`: one load.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { createAppCore } from '../../main/app-core';
import { memoryDraftStore } from '../../main/persistence/draft-file';
import { CHROMIUM_ARGS, bindMainProcess, chromiumExecutable, serveRenderer } from '../e2e/harness';
import { memoryCustomersCache } from '../support/memory-customers-cache';
import { memoryStore } from '../support/memory-store';
import { createTestEncryptor } from '../support/test-encryptor';
import { testNativeShell } from '../support/test-native-shell';
import { benchCheck, sized } from './support/bench-options';
import { EventLoopLagMonitor, formatLagReport } from './support/event-loop-lag';
import { RETURNING_USER_SECRET_MASK, returningUserSettings } from './support/returning-user';

const LOADS = sized(20, 1);
/** A page that is not interactive by then never will be: the readiness check is out of date. */
const READY_TIMEOUT_MS = 30_000;
const rendererRoot = path.resolve('out/renderer');
const assets = path.join(rendererRoot, 'assets');

function sizes(extension: string): { raw: number; gzip: number; files: number } {
  let raw = 0;
  let gzip = 0;
  const names = readdirSync(assets).filter((n) => n.endsWith(extension));
  for (const name of names) {
    const file = path.join(assets, name);
    raw += statSync(file).size;
    gzip += gzipSync(readFileSync(file)).length;
  }
  return { raw, gzip, files: names.length };
}

/** The JS and CSS a cold start fetches: what index.html links (lazy screens come later). */
function firstLoadSizes(): { raw: number; gzip: number } {
  const html = readFileSync(path.join(rendererRoot, 'index.html'), 'utf8');
  let raw = 0;
  let gzip = 0;
  for (const [, href] of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)) {
    const bytes = readFileSync(path.join(rendererRoot, href ?? ''));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Interactive: the saved settings are on screen (the Test secret key field shows the
 * saved key's mask) and the gateway card's Save is enabled. Answers the page's clock.
 */
async function waitUntilInteractive(page: Page): Promise<number> {
  try {
    const handle = await page.waitForFunction(
      (mask) => {
        const secret = document.querySelector<HTMLInputElement>('#stripe-test-login');
        const save = document.querySelector<HTMLButtonElement>('#gateway-card button[type=submit]');
        return secret?.placeholder === mask && save && !save.disabled ? performance.now() : false;
      },
      RETURNING_USER_SECRET_MASK,
      { polling: 'raf', timeout: READY_TIMEOUT_MS },
    );
    return (await handle.jsonValue()) as number;
  } catch (error) {
    const seen = await page
      .evaluate(() => ({
        secretField: document.querySelector<HTMLInputElement>('#stripe-test-login')?.placeholder ?? '(no #stripe-test-login)',
        saveButton: document.querySelector('#gateway-card button[type=submit]') ? 'present' : '(no #gateway-card submit button)',
      }))
      .catch(() => null);
    throw new Error(
      `The Charging & Gateway page did not become interactive within ${READY_TIMEOUT_MS / 1000} s; ` +
        `the benchmark's readiness check may be out of date with the page. Seen: ${JSON.stringify(seen)}`,
      { cause: error },
    );
  }
}

async function main(): Promise<void> {
  benchCheck(existsSync(path.join(rendererRoot, 'index.html')), 'the app is built (run `npm run build` first)');
  const js = sizes('.js');
  const css = sizes('.css');
  const first = firstLoadSizes();
  console.log(`renderer JS:  ${kb(js.raw)} raw, ${kb(js.gzip)} gzip (${js.files} files)`);
  console.log(`renderer CSS: ${kb(css.raw)} raw, ${kb(css.gzip)} gzip (${css.files} files)`);
  console.log(`loaded at start (JS + CSS linked by index.html): ${kb(first.raw)} raw, ${kb(first.gzip)} gzip`);

  const encryptor = createTestEncryptor();
  const store = memoryStore(returningUserSettings(encryptor));
  const { server, origin } = await serveRenderer();
  const core = createAppCore({
    store,
    drafts: memoryDraftStore(),
    native: testNativeShell({}),
    customersCache: memoryCustomersCache(),
    encryptor,
    osUser: os.userInfo().username,
    allowedOrigins: [origin],
  });
  const lag = new EventLoopLagMonitor();
  const dispatchOptions = { ...core.dispatchOptions, table: lag.instrument(core.dispatchOptions.table) };
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
  const times: number[] = [];
  const work: { script: number; style: number; layout: number; task: number }[] = [];
  try {
    lag.start();
    for (let i = 0; i < LOADS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await bindMainProcess(context, dispatchOptions);
      const page = await context.newPage();
      // Where the renderer's time went, as Chromium counts it (cumulative seconds).
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // A failed load is reported by its response below; the console only says "404".
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
      });
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (response.status() >= 400 && url.pathname !== '/favicon.ico') errors.push(`${response.status()} ${url.pathname}`);
      });
      await page.goto(`${origin}/index.html`, { waitUntil: 'commit' });
      times.push(await waitUntilInteractive(page));
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      work.push({ script: metric('ScriptDuration'), style: metric('RecalcStyleDuration'), layout: metric('LayoutDuration'), task: metric('TaskDuration') });
      await context.close();
      benchCheck(errors.length === 0, `the page loaded without errors (CSP violations included): ${errors.join(' | ')}`);
    }
  } finally {
    const report = lag.stop();
    await browser.close();
    server.close();
    if (times.length > 0) {
      const sorted = [...times].sort((a, b) => a - b);
      const at = (index: number) => sorted[index] ?? Number.NaN;
      const median = (at(Math.floor((times.length - 1) / 2)) + at(Math.ceil((times.length - 1) / 2))) / 2;
      console.log(`cold loads: ${times.length} (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores)`);
      console.log(
        `navigation → interactive with saved settings: median ${median.toFixed(0)} ms, min ${at(0).toFixed(0)} ms, max ${at(times.length - 1).toFixed(0)} ms`,
      );
      const medianOf = (values: number[]) => {
        const sortedValues = [...values].sort((a, b) => a - b);
        return ((sortedValues[Math.floor((values.length - 1) / 2)] ?? 0) + (sortedValues[Math.ceil((values.length - 1) / 2)] ?? 0)) / 2;
      };
      console.log(
        `renderer work until interactive (medians): script ${medianOf(work.map((w) => w.script)).toFixed(0)} ms, ` +
          `style ${medianOf(work.map((w) => w.style)).toFixed(0)} ms, layout ${medianOf(work.map((w) => w.layout)).toFixed(0)} ms, ` +
          `all tasks ${medianOf(work.map((w) => w.task)).toFixed(0)} ms`,
      );
      for (const line of formatLagReport(report, { perChannel: true })) console.log(line);
    }
  }
}

await main();
