import { readFile } from 'node:fs/promises';
import Stripe from 'stripe';
import { ACCOUNT, KEYS } from '../support/stripe-fixtures';
import { expect, test } from './fixtures';
import { card, expectFlash, screenshot, setUpStripe } from './helpers';

const PROVIDER_ID = '2445';

test('Customers: every Stripe customer matched to its developer account, with problems, filters, search, export and Dashboard links', async ({
  launch,
  stripe,
}, testInfo) => {
  // The account's customers, as 3scale (and a few mistakes) left them.
  const sdk = new Stripe(KEYS.testSecret, { host: '127.0.0.1', port: stripe.port, protocol: 'http', maxNetworkRetries: 0 });
  const ref = (value: string) => ({ metadata: { '3scale_account_reference': value } });
  const seed = (customer: { name: string; metadata?: Record<string, string> }) => stripe.seedCustomer('test', { ...customer, accountId: ACCOUNT.id });
  const chargeable = await sdk.customers.create({ name: 'Chargeable Co', email: 'billing@chargeable.example', ...ref(`3scale-${PROVIDER_ID}-101`) });
  const method = await sdk.paymentMethods.attach('pm_card_visa', { customer: chargeable.id });
  await sdk.customers.update(chargeable.id, { invoice_settings: { default_payment_method: method.id } });
  seed({ name: 'No Card Ltd', ...ref(`3scale-${PROVIDER_ID}-102`) });
  seed({ name: 'Other Provider Inc', ...ref('3scale-9999-7') });
  seed({ name: 'Leading Zero GmbH', ...ref(`3scale-${PROVIDER_ID}-0103`) });
  seed({ name: 'No Reference SA' });
  seed({ name: 'Twin A', ...ref(`3scale-${PROVIDER_ID}-200`) });
  seed({ name: 'Twin B', ...ref(`3scale-${PROVIDER_ID}-200`) });

  const csvFile = testInfo.outputPath('customers.csv');
  const first = await launch({ env: { BILLING_DESK_TEST_SAVE_CSV: csvFile } });
  const { page } = first;
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  const provider = card(page, '3scale provider');
  await provider.getByLabel('Provider account ID').fill(PROVIDER_ID);
  await provider.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Provider details were saved');

  await page.getByRole('button', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Load customers' }).click();
  const summary = page.getByTestId('customers-summary');
  await expect(summary).toContainText('Chargeable1');
  await expect(summary).toContainText('Problems5');
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.locator('tbody tr')).toHaveCount(7);
  await expect(table.getByRole('row', { name: /Chargeable Co/ })).toContainText('visa •••• 4242');
  await expect(table.getByRole('row', { name: /Other Provider Inc/ })).toContainText('Reference for another provider (9999)');
  await expect(table.getByRole('row', { name: /Leading Zero GmbH/ })).toContainText('Malformed reference');
  await expect(table.getByRole('row', { name: /No Reference SA/ })).toContainText('No 3scale account reference');
  await screenshot(page, 'customers', { full: true });

  await page.getByRole('button', { name: 'Duplicate account' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText('Developer account 200 is also claimed by');
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByLabel('Search by developer account id or customer id').fill('101');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await screenshot(page, 'customers-search');

  await table.getByRole('button', { name: 'Open in Stripe' }).click();
  if (first.openedUrls) await expect.poll(() => first.openedUrls).toEqual([`https://dashboard.stripe.com/test/customers/${chargeable.id}`]);

  await page.getByRole('button', { name: 'Export CSV' }).click();
  if (first.backend === 'chromium') {
    await expect(page.getByTestId('flash')).toContainText('The customers were exported');
    const csv = await readFile(csvFile, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('developer_account_id,customer_id,name,email,created,card_brand,card_last4,card_expiry,card_status,chargeable,problems');
    expect(csv).toContain(`101,${chargeable.id},Chargeable Co,billing@chargeable.example,`);
    expect(csv.trim().split('\r\n')).toHaveLength(8);
  }

  // The result is cached per mode: after a restart the screen opens at once.
  await first.close();
  const again = await launch({ userDataDir: first.userDataDir });
  await again.page.getByRole('button', { name: 'Customers' }).click();
  await expect(again.page.getByTestId('customers-loaded-at')).toContainText('Loaded');
  await expect(again.page.getByTestId('customers-summary')).toContainText('Chargeable1');
});

test('Customers asks for the provider account ID before loading', async ({ launch }) => {
  const { page } = await launch();
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  await page.getByRole('button', { name: 'Customers' }).click();
  await expect(page.getByText('Enter your 3scale provider account ID on the Charging & Gateway page')).toBeVisible();
  await page.getByRole('button', { name: 'Load customers' }).click();
  await expectFlash(page, 'Enter your 3scale provider account ID');
});
