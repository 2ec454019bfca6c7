import { expect, test } from '@playwright/test';
import { CHANNELS } from '../../common/ipc-contract';
import { launchApp, type LaunchedApp } from './harness';
import { card } from './helpers';

let app: LaunchedApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

test('the renderer has no Node, only the narrow frozen bridge', async () => {
  app = await launchApp();
  const { page } = app;
  await expect(page.getByRole('heading', { level: 1, name: 'Charging & Gateway' })).toBeVisible();
  const probe = await page.evaluate(() => {
    const scope = window as unknown as Record<string, unknown>;
    const api = scope.billingDesk as Record<string, unknown>;
    return {
      require: typeof scope.require,
      process: typeof scope.process,
      ipcRenderer: typeof scope.ipcRenderer,
      methods: Object.keys(api).sort(),
      frozen: Object.isFrozen(api),
    };
  });
  expect(probe.require).toBe('undefined');
  expect(probe.process).toBe('undefined');
  expect(probe.ipcRenderer).toBe('undefined');
  expect(probe.methods).toEqual([...Object.values(CHANNELS).map((spec) => spec.method), 'on'].sort());
  expect(probe.frozen).toBe(true);
});

test('the app runs under its Content-Security-Policy without a single violation', async () => {
  app = await launchApp();
  const { page } = app;
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.reload();
  await card(page, 'Billing settings').getByLabel('Charging enabled').check();
  await card(page, 'Billing settings').getByRole('button', { name: 'Save' }).click();
  await card(page, 'Credit card gateway').getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  await card(page, 'Billing mode').getByRole('button', { name: 'Switch to PREPAID' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  // The other screens are chunks loaded on demand, with their own stylesheets.
  await page.getByRole('button', { name: 'Finance log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Finance log' })).toBeVisible();
  await page.getByRole('button', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Developer portal template' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('the Content-Security-Policy blocks inline scripts', async () => {
  app = await launchApp();
  const { page } = app;
  await expect(page.getByRole('heading', { level: 1, name: 'Charging & Gateway' })).toBeVisible();
  const ran = await page.evaluate(async () => {
    const scope = window as unknown as Record<string, unknown>;
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.appendChild(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return scope.__inlineRan === true;
  });
  expect(ran).toBe(false);
});

test('a malformed request through the bridge is refused as data, not an exception', async () => {
  app = await launchApp();
  const { page } = app;
  await expect(page.getByRole('heading', { level: 1, name: 'Charging & Gateway' })).toBeVisible();
  const result = await page.evaluate(async () => {
    const api = (window as unknown as { billingDesk: { saveBilling(x: unknown): Promise<unknown> } }).billingDesk;
    return api.saveBilling({ chargingEnabled: 'yes', currency: 'USD', extra: 1 });
  });
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(JSON.stringify(result)).not.toMatch(/at .*\.ts|stack/i);
});

test('the window cannot open new windows', async () => {
  app = await launchApp();
  const { page } = app;
  await expect(page.getByRole('heading', { level: 1, name: 'Charging & Gateway' })).toBeVisible();
  test.skip(app.backend !== 'electron', 'new-window denial is enforced by Electron main');
  const opened = await page.evaluate(() => window.open('https://example.invalid/') === null);
  expect(opened).toBe(true);
});
