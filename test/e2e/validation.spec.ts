import { expect, test, type Locator } from '@playwright/test';
import { launchApp, type LaunchedApp } from './harness';
import { card, enableCharging, expectFlash, keySet, screenshot } from './helpers';

let app: LaunchedApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

const fieldError = (scope: Locator, fieldId: string) => scope.locator(`#${fieldId}-help`);

test('billing settings: too long texts are refused next to their field, and the typing stays', async () => {
  app = await launchApp();
  const { page } = app;
  const settings = card(page, 'Billing settings');
  const longFootnote = 'Bank: Example Bank, IBAN XX00 0000. '.repeat(60); // > 2000 characters
  const longVat = 'Reverse charge. '.repeat(20); // > 255 characters
  await settings.getByLabel('Invoice footnote').fill(longFootnote);
  await settings.getByLabel('Text to show if VAT/Sales Tax is 0%').fill(longVat);
  await settings.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Invalid finance settings');
  await expect(fieldError(settings, 'invoice-footnote')).toHaveText('is too long (maximum is 2000 characters)');
  await expect(fieldError(settings, 'vat-zero-text')).toHaveText('is too long (maximum is 255 characters)');
  await expect(settings.getByLabel('Invoice footnote')).toHaveValue(longFootnote);
  await expect(settings.getByLabel('Invoice footnote')).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'billing-settings-invalid');

  // Fixing one field clears its error; a valid save succeeds.
  await settings.getByLabel('Invoice footnote').fill('Thank you for your business.');
  await expect(fieldError(settings, 'invoice-footnote')).toHaveCount(0);
  await settings.getByLabel('Text to show if VAT/Sales Tax is 0%').fill('VAT reverse charged');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Finance settings updated');
});

test('billing settings: changing the numbering period warns that existing invoices keep their id', async () => {
  app = await launchApp();
  const { page } = app;
  const settings = card(page, 'Billing settings');
  await settings.getByLabel('Billing periods for invoice IDs').selectOption({ label: 'Yearly (YYYY-XXXXXXXX)' });
  await settings.getByLabel('Currency').selectOption({ label: 'EUR - Euro' });
  await settings.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, "Finance settings updated. Already existent invoices won't change their id");
});

test('gateway: saving without a gateway, or with a blank field, fails with 3scale’s message and marks the field', async () => {
  app = await launchApp();
  const { page } = app;
  await enableCharging(page);
  const gateway = card(page, 'Credit card gateway');
  await gateway.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Failed to save payment gateway details. Choose a payment gateway or disable charging');
  await expect(fieldError(gateway, 'gateway-type')).toContainText('Choose a payment gateway');
  await screenshot(page, 'gateway-none-chosen');

  await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  const test = keySet(page, 'test');
  await test.getByLabel('Publishable Key').fill('pk_test_FAKEFAKEFAKEFAKE0000001111');
  await test.getByLabel('Webhook Signing Secret').fill('   '); // blank once trimmed
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  // The fields are checked before the gateway-change dialogs ask anything.
  await expectFlash(page, 'Failed to save payment gateway details. Choose a payment gateway or disable charging');
  await expect(fieldError(gateway, 'stripe-test-login')).toContainText("can't be blank");
  await expect(fieldError(gateway, 'stripe-test-endpoint-secret')).toContainText("can't be blank");
  await expect(fieldError(gateway, 'stripe-test-publishable-key')).toHaveCount(0);
  await expect(test.getByLabel('Publishable Key')).toHaveValue('pk_test_FAKEFAKEFAKEFAKE0000001111');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await screenshot(page, 'gateway-blank-fields', { full: true });
});

test('gateway: a field too long is refused next to it, and everything typed stays', async () => {
  app = await launchApp();
  const { page } = app;
  await enableCharging(page);
  const gateway = card(page, 'Credit card gateway');
  await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Braintree (Blue Platform)' });
  await gateway.getByLabel('Public Key').fill('x'.repeat(501));
  await gateway.getByLabel('Merchant ID').fill('merchant-42');
  await gateway.getByLabel('Private Key').fill('private-secret-0001');
  await gateway.getByRole('button', { name: 'Save' }).click();
  await expect(fieldError(gateway, 'braintree-blue-public-key')).toContainText('is too long (maximum is 500 characters)');
  await expect(gateway.getByLabel('Private Key')).toHaveValue('private-secret-0001');
});
