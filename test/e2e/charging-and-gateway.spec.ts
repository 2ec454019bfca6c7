import { expect, test } from '@playwright/test';
import { KEYS } from '../support/stripe-fixtures';
import { test as stripeTest } from './fixtures';
import { launchApp, type LaunchedApp } from './harness';
import { answerDialog, card, enableCharging, expectFlash, fillKeySet, keySet, screenshot } from './helpers';

const GATEWAY_DIALOG_1 =
  "Changing your payment gateway will make all your buyers' credit card details invalid, so they will have to enter the credit card information again to be billed next month.";
const GATEWAY_DIALOG_1_QUESTION = 'Are you sure you want to change your payment gateway?';
const GATEWAY_DIALOG_2 =
  "Are you sure? If you click OK, all credit card details from all your customers will be erased and won't be recoverable. You'll need to ask your customers to enter their credit card details again to be able to bill them.";
const GATEWAY_DIALOG_2_QUESTION = 'Do you want to remove all credit card details from your customers?';

const { testSecret: TEST_SECRET, testPublishable: TEST_PUBLISHABLE, testWebhook: TEST_WEBHOOK } = KEYS;

let app: LaunchedApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

test('the page shows its three cards as 3scale does, the gateway card once charging is saved', async () => {
  app = await launchApp();
  const { page } = app;
  await expect(page).toHaveTitle('Billing Desk');
  await expect(page.getByRole('heading', { level: 1, name: 'Charging & Gateway' })).toBeVisible();

  const mode = card(page, 'Billing mode');
  await expect(mode).toContainText('Current mode is Postpaid.');
  await expect(mode).toContainText('In postpaid mode, all fixed fees as well as variable fees are billed at the end of the month.');
  await expect(mode.getByRole('button', { name: 'Switch to PREPAID' })).toBeVisible();

  const settings = card(page, 'Billing settings');
  await expect(settings.getByLabel('Charging enabled')).not.toBeChecked();
  await expect(settings).toContainText('Enables credit card transactions. When this setting is on, all due invoices will be charged using the selected payment gateway.');
  await expect(settings.getByLabel('Currency')).toHaveValue('USD');
  await expect(settings.getByLabel('Currency').locator('option')).toContainText(['USD - American Dollar', 'EUR - Euro']);
  await expect(settings).toContainText("Please make sure that the selected currency is supported by your payment gateway. If you are missing currency options, don't hesitate to contact us.");
  await expect(settings.getByLabel('Invoice footnote')).toHaveAttribute('rows', '2');
  await expect(settings.getByLabel('Text to show if VAT/Sales Tax is 0%')).toHaveAttribute('rows', '2');
  await expect(settings.getByLabel('Billing periods for invoice IDs').locator('option')).toHaveText([
    'Monthly (YYYY-MM-XXXXXXXX)',
    'Yearly (YYYY-XXXXXXXX)',
  ]);
  await expect(settings).toContainText('It will only change the friendly ID in invoices, not the billing period.');

  // Ticking the box alone does not show the gateway card; saving does.
  await settings.getByLabel('Charging enabled').check();
  await expect(card(page, 'Credit card gateway')).toHaveCount(0);
  await screenshot(page, 'page-initial');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Finance settings updated');
  const gateway = card(page, 'Credit card gateway');
  await expect(gateway).toBeVisible();
  await expect(gateway.getByLabel('Gateway', { exact: true }).locator('option')).toHaveText(['Choose one', 'Stripe', 'Braintree (Blue Platform)']);
  await expect(gateway).toContainText('Select your credit card gateway and configure it with the details of your merchant account.');
  await screenshot(page, 'page-charging-enabled', { full: true });
});

stripeTest("the seed's walkthrough: enable charging, choose Stripe, enter keys, accept both dialogs", async ({ launch }) => {
  const { page } = await launch();
  await enableCharging(page);
  const gateway = card(page, 'Credit card gateway');
  await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  await expect(keySet(page, 'test').getByLabel('Secret Key')).toBeVisible();
  await expect(keySet(page, 'live').getByLabel('Secret Key')).toBeVisible();
  await expect(gateway.getByLabel('Public Key')).toHaveCount(0);
  await fillKeySet(page, 'test', { secret: TEST_SECRET, publishable: TEST_PUBLISHABLE, webhook: TEST_WEBHOOK });
  await screenshot(page, 'stripe-keys-entered', { full: true });
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();

  await expect(page.getByRole('dialog')).toContainText(GATEWAY_DIALOG_1_QUESTION);
  await screenshot(page, 'gateway-dialog-1');
  await answerDialog(page, GATEWAY_DIALOG_1, 'OK');
  await expect(page.getByRole('dialog')).toContainText(GATEWAY_DIALOG_2_QUESTION);
  await screenshot(page, 'gateway-dialog-2');
  await answerDialog(page, GATEWAY_DIALOG_2, 'OK');
  await expectFlash(page, 'Payment gateway details were successfully saved');

  // Saved secrets are never shown again: empty inputs, masked hint.
  const test = keySet(page, 'test');
  await expect(test.getByLabel('Secret Key')).toHaveValue('');
  await expect(test).toContainText('Saved: sk_test_…4242');
  await expect(test).toContainText('Saved: whsec_…9876');
  await expect(test.getByLabel('Publishable Key')).toHaveValue(TEST_PUBLISHABLE);
  await expect(test.getByTestId('verification')).toContainText('Acme APIs Ltd (acct_1FakeBillingDesk)');
  expect(await page.content()).not.toContain(TEST_SECRET);
  await screenshot(page, 'stripe-saved', { full: true });

  // Editing the same gateway's fields asks nothing, and an empty secret keeps the saved one.
  await test.getByLabel('Publishable Key').fill('pk_test_FAKEFAKEFAKEFAKE0000002222');
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFlash(page, 'Payment gateway details were successfully saved');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(test).toContainText('Saved: sk_test_…4242');
});

for (const cancelAt of [1, 2] as const) {
  test(`Cancel on gateway dialog ${cancelAt} saves nothing and keeps what was typed`, async () => {
    app = await launchApp();
    const { page } = app;
    await enableCharging(page);
    const gateway = card(page, 'Credit card gateway');
    await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Braintree (Blue Platform)' });
    await gateway.getByLabel('Public Key').fill('public-abc');
    await gateway.getByLabel('Merchant ID').fill('merchant-42');
    await gateway.getByLabel('Private Key').fill('private-secret-0001');
    await gateway.getByLabel('3D Secure enabled').check();
    await expect(gateway).toContainText('Make sure your Braintree account has 3D Secure enabled');
    await gateway.getByRole('button', { name: 'Save' }).click();
    if (cancelAt === 1) {
      await answerDialog(page, GATEWAY_DIALOG_1, 'Cancel');
    } else {
      await answerDialog(page, GATEWAY_DIALOG_1, 'OK');
      await answerDialog(page, GATEWAY_DIALOG_2, 'Cancel');
    }
    await expect(gateway.getByLabel('Gateway', { exact: true })).toHaveValue('braintree_blue');
    await expect(gateway.getByLabel('Public Key')).toHaveValue('public-abc');
    await expect(gateway.getByLabel('Merchant ID')).toHaveValue('merchant-42');
    await expect(gateway.getByLabel('Private Key')).toHaveValue('private-secret-0001');
    await expect(gateway.getByLabel('3D Secure enabled')).toBeChecked();
    await screenshot(page, `gateway-cancel-${cancelAt}`);

    // Nothing was saved: after a restart no gateway is configured, and the typing waits in the draft.
    const dir = app.userDataDir;
    await app.close();
    app = await launchApp({ userDataDir: dir });
    const restarted = card(app.page, 'Credit card gateway');
    await expect(restarted.getByTestId('gateway-not-configured')).toBeVisible();
    await expect(app.page.getByTestId('draft-banner')).toContainText('Unsaved changes');
    await expect(restarted.getByLabel('Merchant ID')).toHaveValue('merchant-42');
  });
}

stripeTest('Escape cancels a dialog, and focus is inside it while it is open', async ({ launch }) => {
  const { page } = await launch();
  await enableCharging(page);
  const gateway = card(page, 'Credit card gateway');
  await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  await fillKeySet(page, 'test', { secret: TEST_SECRET, publishable: TEST_PUBLISHABLE, webhook: TEST_WEBHOOK });
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  const open = page.getByRole('dialog');
  await expect(open).toBeVisible();
  await expect.poll(() => open.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    expect(await open.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(open).toBeHidden();
  await expect(keySet(page, 'test').getByLabel('Secret Key')).toHaveValue(TEST_SECRET);
  await expect(page.getByTestId('flash')).not.toContainText('Payment gateway');
});

test('billing mode: switching asks first; Cancel changes nothing, OK switches and persists', async () => {
  app = await launchApp();
  const { page } = app;
  const mode = card(page, 'Billing mode');
  await mode.getByRole('button', { name: 'Switch to PREPAID' }).click();
  await screenshot(page, 'billing-mode-confirm');
  await answerDialog(page, 'Are you sure you want to switch to prepaid mode?', 'Cancel');
  await expect(mode).toContainText('Current mode is Postpaid.');

  await mode.getByRole('button', { name: 'Switch to PREPAID' }).click();
  await answerDialog(page, 'Are you sure you want to switch to prepaid mode?', 'OK');
  await expect(mode).toContainText('Current mode is Prepaid.');
  await expect(mode).toContainText(
    'In prepaid mode, all fixed fees and setup fees are billed immediately at the beginning of the month or at the beginning of any pro-rated billing period. Variable costs are always calculated at the end of the month.',
  );
  await expect(mode.getByRole('button', { name: 'Switch to POSTPAID' })).toBeVisible();
  await screenshot(page, 'billing-mode-prepaid');

  const dir = app.userDataDir;
  await app.close();
  app = await launchApp({ userDataDir: dir });
  await expect(card(app.page, 'Billing mode')).toContainText('Current mode is Prepaid.');
  await card(app.page, 'Billing mode').getByRole('button', { name: 'Switch to POSTPAID' }).click();
  await answerDialog(app.page, 'Are you sure you want to switch to postpaid mode?', 'OK');
  await expect(card(app.page, 'Billing mode')).toContainText('Current mode is Postpaid.');
});
