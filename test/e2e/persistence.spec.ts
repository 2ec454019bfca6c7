import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchApp, selectedBackend, TEST_KEYCHAIN_ENV, type LaunchedApp } from './harness';
import { ACCOUNT, KEYS } from '../support/stripe-fixtures';
import { test as stripeTest } from './fixtures';
import { answerDialog, card, enableCharging, expectFlash, keySet, screenshot, seedSettingsFile, setUpStripe } from './helpers';

const SECRET = KEYS.testSecret;
const WEBHOOK = KEYS.testWebhook;
const TEST_KEYS = { secret: SECRET, publishable: KEYS.testPublishable, webhook: WEBHOOK };

let app: LaunchedApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

stripeTest('settings survive a restart; saved secrets stay masked and are not in the settings file', async ({ launch, stripe }) => {
  const first = await launch();
  await setUpStripe(first.page, TEST_KEYS);
  const settings = card(first.page, 'Billing settings');
  await settings.getByLabel('Invoice footnote').fill('Payable within 30 days.');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expectFlash(first.page, 'Finance settings updated');

  const dir = first.userDataDir;
  await first.close();
  const file = await readFile(path.join(dir, 'settings.json'), 'utf8');
  expect(file).not.toContain(SECRET);
  expect(file).not.toContain(WEBHOOK);
  expect(file).not.toContain('FAKE0000004242');

  const { page } = await launch({ userDataDir: dir });
  await expect(card(page, 'Billing settings').getByLabel('Charging enabled')).toBeChecked();
  await expect(card(page, 'Billing settings').getByLabel('Invoice footnote')).toHaveValue('Payable within 30 days.');
  const gateway = card(page, 'Credit card gateway');
  await expect(gateway.getByLabel('Gateway', { exact: true })).toHaveValue('stripe');
  const test = keySet(page, 'test');
  await expect(test.getByLabel('Secret Key')).toHaveValue('');
  await expect(test.getByLabel('Secret Key')).toHaveAttribute('placeholder', 'sk_test_…4242');
  await expect(test).toContainText('Saved: whsec_…9876');
  await expect(test.getByLabel('Publishable Key')).toHaveValue(KEYS.testPublishable);
  expect(await page.content()).not.toContain(SECRET);
  await screenshot(page, 'restart-secrets-masked', { full: true });

  // A new secret typed in replaces the saved one (after Stripe accepts it); leaving it empty keeps it.
  const rotated = 'sk_test_FAKEFAKEFAKEFAKE0000008888';
  stripe.addKey({ secret: rotated, accountId: ACCOUNT.id });
  await test.getByLabel('Secret Key').fill(rotated);
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFlash(page, 'Payment gateway details were successfully saved');
  await expect(test.getByLabel('Secret Key')).toHaveAttribute('placeholder', 'sk_test_…8888');
  await expect(test).toContainText('Saved: whsec_…9876');
});

stripeTest('the finance log lists applied changes with time, user and masked secrets', async ({ launch }) => {
  const { page } = await launch();
  await card(page, 'Billing mode').getByRole('button', { name: 'Switch to PREPAID' }).click();
  await answerDialog(page, 'Are you sure you want to switch to prepaid mode?', 'OK');
  await setUpStripe(page, TEST_KEYS);

  await page.getByRole('button', { name: 'Finance log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Finance log' })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Finance log' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  // Newest first.
  await expect(rows.nth(0)).toContainText("Payment gateway changed to Stripe. All buyers' credit card details were made invalid");
  await expect(rows.nth(0)).toContainText('Gateway: none → Stripe');
  await expect(rows.nth(0)).toContainText('Test keys: Secret Key: (empty) → sk_test_…4242');
  await expect(rows.nth(0)).toContainText('Test keys: Webhook Signing Secret: (empty) → whsec_…9876');
  await expect(rows.nth(1)).toContainText('Finance settings updated');
  await expect(rows.nth(1)).toContainText('Charging enabled: off → on');
  await expect(rows.nth(2)).toContainText('Billing mode changed to prepaid');
  const user = await rows.nth(0).locator('td[data-label="User"]').textContent();
  expect(user?.trim().length).toBeGreaterThan(0);
  expect(await page.content()).not.toContain(SECRET);
  await screenshot(page, 'finance-log', { full: true });
});

test('with only the basic_text keychain, the app says plainly that secrets are not protected', async () => {
  app = await launchApp({ env: { [TEST_KEYCHAIN_ENV]: 'basic_text' } });
  const warning = app.page.getByTestId('keychain-warning');
  await expect(warning).toContainText('Your keys are not protected by a system keychain');
  await expect(warning).toContainText('basic_text');
  await screenshot(app.page, 'keychain-basic-text');
});

test('a deprecated gateway is offered only while it is the saved one, with its warning', async () => {
  const dir = test.info().outputPath('user-data');
  await seedSettingsFile(dir, {
    schemaVersion: 1,
    revision: 3,
    billingMode: 'postpaid',
    billing: { chargingEnabled: true, currency: 'USD', invoiceFootnote: '', vatZeroText: '', numberingPeriod: 'monthly' },
    gateway: { type: 'authorize_net', values: { login: 'legacy-login' }, sealedSecrets: {} },
    financeLog: [],
  });
  app = await launchApp({ userDataDir: dir });
  const { page } = app;
  const gateway = card(page, 'Credit card gateway');
  await expect(gateway.getByLabel('Gateway', { exact: true })).toHaveValue('authorize_net');
  await expect(gateway.getByLabel('Gateway', { exact: true }).locator('option')).toHaveText([
    'Choose one',
    'Stripe',
    'Braintree (Blue Platform)',
    'Authorize.Net',
  ]);
  await expect(gateway).toContainText(
    "The Authorize_net gateway has been deprecated. It can still be used but you won't be able to switch back to it once you confirmed the switch to another gateway.",
  );
  await expect(gateway.getByLabel('LoginID')).toHaveValue('legacy-login');
  // Its Transaction Key was never saved: the gateway is not configured.
  await expect(gateway.getByTestId('gateway-not-configured')).toContainText('missing payment gateway setting');
  await expect(gateway.getByLabel('Transaction Key')).toBeVisible();
  await screenshot(page, 'authorize-net-deprecated', { full: true });

  await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Braintree (Blue Platform)' });
  await expect(gateway).not.toContainText('has been deprecated');
  await gateway.getByLabel('Public Key').fill('public-abc');
  await gateway.getByLabel('Merchant ID').fill('merchant-42');
  await gateway.getByLabel('Private Key').fill('private-secret-0001');
  await gateway.getByRole('button', { name: 'Save' }).click();
  await answerDialog(page, 'Are you sure you want to change your payment gateway?', 'OK');
  await answerDialog(page, 'Do you want to remove all credit card details from your customers?', 'OK');
  await expectFlash(page, 'Payment gateway details were successfully saved');
  await expect(gateway.getByTestId('gateway-not-configured')).toHaveCount(0);
  await expect(gateway.getByLabel('Gateway', { exact: true }).locator('option')).toHaveText([
    'Choose one',
    'Stripe',
    'Braintree (Blue Platform)',
  ]);
});

test('the page stays readable at 900 px wide', async () => {
  app = await launchApp();
  const { page } = app;
  await enableCharging(page);
  if (app.backend === 'chromium') await page.setViewportSize({ width: 900, height: 800 });
  else await app.page.evaluate(() => window.resizeTo(900, 800));
  // Below 1200 px PatternFly folds the navigation away behind the masthead's toggle.
  await expect(page.locator('.pf-v5-c-page__sidebar')).toHaveClass(/pf-m-collapsed/);
  await card(page, 'Credit card gateway').getByLabel('Gateway', { exact: true }).selectOption({ label: 'Braintree (Blue Platform)' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'narrow-900', { full: true });
});

test('with no way to encrypt, secrets are refused with a reason, and other settings still save', async () => {
  test.skip(selectedBackend() !== 'chromium', 'Electron picks its own keychain backend');
  app = await launchApp({ env: { [TEST_KEYCHAIN_ENV]: 'unavailable' } });
  const { page } = app;
  await expect(page.getByTestId('keychain-warning')).toContainText('Secrets cannot be saved on this system');
  await enableCharging(page);
  const gateway = card(page, 'Credit card gateway');
  await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Braintree (Blue Platform)' });
  await gateway.getByLabel('Private Key').fill('braintree-private-0001');
  await expectFlash(page, 'Your latest edits could not be kept as a draft: This system offers no way to encrypt secrets');
  await screenshot(page, 'keychain-unavailable');
});
