// Startup benchmark of the built renderer: bundle sizes, and the time from navigation
// to the Charging & Gateway page being interactive with saved settings loaded, over
// 20 cold loads (a new browser context each, so no cache). Prints figures only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createAppCore } from '../../main/app-core';
import { memoryDraftStore } from '../../main/persistence/draft-file';
import { testNativeShell } from '../support/test-native-shell';
import { memoryCustomersCache } from '../support/memory-customers-cache';
import { defaultDocument } from '../../main/domain/settings-document';
import { SecretVault } from '../../main/domain/vault';
import { CHROMIUM_ARGS, bindMainProcess, chromiumExecutable, serveRenderer } from '../e2e/harness';
import { memoryStore } from '../support/memory-store';
import { createTestEncryptor } from '../support/test-encryptor';

const LOADS = 20;
const assets = path.resolve('out/renderer/assets');

function sizes(extension: string): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(assets).filter((n) => n.endsWith(extension))) {
    const file = path.join(assets, name);
    raw += statSync(file).size;
    gzip += gzipSync(readFileSync(file)).length;
  }
  return { raw, gzip };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const js = sizes('.js');
  const css = sizes('.css');
  console.log(`renderer JS:  ${kb(js.raw)} raw, ${kb(js.gzip)} gzip`);
  console.log(`renderer CSS: ${kb(css.raw)} raw, ${kb(css.gzip)} gzip`);

  // Saved settings as a returning user has them: charging on, Stripe test keys verified.
  const encryptor = createTestEncryptor();
  const vault = new SecretVault(encryptor);
  const doc = defaultDocument();
  doc.billing.chargingEnabled = true;
  doc.gateway = { type: 'stripe', values: {}, sealedSecrets: {} };
  doc.stripe.keySets.test = {
    publishableKey: 'pk_test_FAKEFAKEFAKEFAKEFAKE0001',
    sealedSecretKey: vault.seal('sk_test_FAKEFAKEFAKEFAKE0000004242'),
    sealedWebhookSecret: vault.seal('whsec_FAKEFAKEFAKEFAKE1234'),
    verification: {
      verifiedAt: new Date().toISOString(),
      restricted: false,
      account: { accountId: 'acct_fake', name: 'Bench Ltd', country: 'US', defaultCurrency: 'usd', chargesEnabled: true, livemode: false },
      missingPermissions: [],
      supportedCurrencies: ['usd', 'eur'],
    },
  };
  const store = memoryStore(doc);

  const { server, origin } = await serveRenderer();
  const core = createAppCore({ store, drafts: memoryDraftStore(),
    native: testNativeShell({}),
    customersCache: memoryCustomersCache(), encryptor, osUser: os.userInfo().username, allowedOrigins: [origin] });
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
  const times: number[] = [];
  try {
    for (let i = 0; i < LOADS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await bindMainProcess(context, core.dispatchOptions);
      const page = await context.newPage();
      await page.goto(`${origin}/index.html`, { waitUntil: 'commit' });
      // Interactive: saved settings shown (masked secret in the gateway card) and Save enabled.
      const handle = await page.waitForFunction(
        () => {
          const secret = document.querySelector<HTMLInputElement>('#stripe-login');
          const save = document.querySelector<HTMLButtonElement>('#gateway-card button[type=submit]');
          return secret?.placeholder === 'sk_test_…4242' && save && !save.disabled ? performance.now() : false;
        },
        undefined,
        { polling: 'raf' },
      );
      times.push((await handle.jsonValue()) as number);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (index: number) => sorted[index] ?? Number.NaN;
  const median = (at(Math.floor((LOADS - 1) / 2)) + at(Math.ceil((LOADS - 1) / 2))) / 2;
  console.log(`cold loads: ${LOADS}`);
  console.log(
    `navigation → interactive with saved settings: median ${median.toFixed(0)} ms, min ${at(0).toFixed(0)} ms, max ${at(LOADS - 1).toFixed(0)} ms`,
  );
}

void main();
