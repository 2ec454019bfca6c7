import { readFile } from 'node:fs/promises';
import Stripe from 'stripe';
import { ACCOUNT, createCustomerAs3scale, KEYS } from '../support/stripe-fixtures';
import { expect, test } from './fixtures';
import { card, expectFlash, screenshot, setUpStripe } from './helpers';

const PROVIDER_ID = '2445';

test('Customers: every Stripe customer as 3scale writes it — organisation, every card, duplicates — with problems, filters, search, export and Dashboard links', async ({
  launch,
  stripe,
}, testInfo) => {
  test.setTimeout(180_000); // a long scenario, on machines shared by many test runs
  // The account's customers, as 3scale (and a few mistakes) left them: description = the
  // organisation, no name, cards attached through SetupIntents, never made the default.
  const sdk = new Stripe(KEYS.testSecret, { host: '127.0.0.1', port: stripe.port, protocol: 'http', maxNetworkRetries: 0 });
  const as3scale = (developerAccountId: number, organisation: string, cards: string[]) =>
    createCustomerAs3scale(sdk, { providerId: PROVIDER_ID, developerAccountId, organisation, email: `billing@dev${developerAccountId}.example`, cards });
  const lastYear = new Date().getUTCFullYear() - 1;
  const seed = (customer: { description: string; name?: string; metadata?: Record<string, string>; created?: number }) =>
    stripe.seedCustomer('test', { ...customer, accountId: ACCOUNT.id });
  const ref = (value: string) => ({ metadata: { '3scale_account_reference': value } });

  const chargeable = await as3scale(101, 'Chargeable Co', ['pm_card_visa']);
  await as3scale(102, 'Two Cards GmbH', ['pm_card_mastercard', 'pm_card_amex']);
  await as3scale(103, 'No Card Ltd', []);
  const expired = seed({ description: 'Expired Card SA', ...ref(`3scale-${PROVIDER_ID}-104`) });
  stripe.seedSetupIntent('test', { accountId: ACCOUNT.id, customer: expired.id, card: { token: 'pm_card_visa', expMonth: 1, expYear: lastYear } });
  seed({ description: 'Acme Devs', name: 'Jo Contact', ...ref(`3scale-${PROVIDER_ID}-105`) });
  // 3scale lost the first customer of account 200 and made a second one.
  const stale = seed({ description: 'Twin Org', ...ref(`3scale-${PROVIDER_ID}-200`), created: Math.floor(Date.now() / 1000) - 86_400 * 30 });
  stripe.seedSetupIntent('test', { accountId: ACCOUNT.id, customer: stale.id, card: { token: 'pm_card_visa' } });
  const newest = await as3scale(200, 'Twin Org', ['pm_card_visa_debit']);
  seed({ description: 'Other Provider Inc', ...ref('3scale-9999-7') });
  seed({ description: 'Leading Zero GmbH', ...ref(`3scale-${PROVIDER_ID}-0103`) });
  seed({ description: 'No Reference SA' });

  const csvFile = testInfo.outputPath('customers.csv');
  const first = await launch({ env: { BILLING_DESK_TEST_SAVE_CSV: csvFile } });
  const { page } = first;
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  const provider = card(page, '3scale provider');
  await provider.getByLabel('Provider account ID').fill(PROVIDER_ID);
  await provider.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Provider details were saved');

  await page.getByRole('button', { name: 'Customers' }).click();
  // Slow answers, so that the progress can be seen: customers and cards listed side by side.
  stripe.setFaults({ latencyMs: 700 });
  await page.getByRole('button', { name: 'Load customers' }).click();
  const progress = page.getByTestId('customers-progress');
  await expect(progress).toContainText(/customers · \d+ cards \(SetupIntents\)/);
  await expect(progress).toContainText('Loading customers and their cards from Stripe');
  await screenshot(page, 'customers-progress');
  stripe.setFaults({ latencyMs: 0 });
  const summary = page.getByTestId('customers-summary');
  await expect(summary).toContainText('Chargeable3'); // 101, 102, the newest of 200
  await expect(summary).toContainText('No card5'); // 103, 105, and the three without a reference of ours
  await expect(summary).toContainText('Expired card1');
  await expect(summary).toContainText('Problems4'); // stale twin, other provider, malformed, no reference
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.locator('tbody tr')).toHaveCount(10);
  const rowOf = (text: string | RegExp) => table.getByRole('row', { name: text });
  await expect(rowOf(/101.*Chargeable Co/)).toContainText('visa •••• 4242');
  await expect(rowOf(/101.*Chargeable Co/)).toContainText('Chargeable');
  await expect(rowOf(/Two Cards GmbH/)).toContainText('2 cards, 2 usable');
  await expect(rowOf(/Two Cards GmbH/)).toContainText('mastercard •••• 4444');
  await expect(rowOf(/Two Cards GmbH/)).toContainText('amex •••• 0005');
  await expect(rowOf(/No Card Ltd/)).toContainText('No usable payment method');
  await expect(rowOf(/Expired Card SA/)).toContainText(`(expired)`);
  await expect(rowOf(/Acme Devs/)).toContainText('Jo Contact'); // both, when both are set
  await expect(rowOf(/Other Provider Inc/)).toContainText('Reference for another provider (9999)');
  await expect(rowOf(/Leading Zero GmbH/)).toContainText('Malformed reference');
  await expect(rowOf(/No Reference SA/)).toContainText('No 3scale account reference');
  await expect(rowOf(new RegExp(`^200 ${newest.customer.id}`))).toContainText('the one 3scale most likely uses');
  await expect(rowOf(new RegExp(`^200 ${stale.id}`))).toContainText(`Stale: developer account 200 has a newer customer, ${newest.customer.id}`);
  await screenshot(page, 'customers', { full: true });

  await page.getByRole('button', { name: 'Duplicate account' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByLabel('Search by developer account id or customer id').fill('101');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await screenshot(page, 'customers-search');

  await table.getByRole('button', { name: 'Open in Stripe' }).click();
  if (first.openedUrls) await expect.poll(() => first.openedUrls).toEqual([`https://dashboard.stripe.com/test/customers/${chargeable.customer.id}`]);

  await page.getByRole('button', { name: 'Export CSV' }).click();
  if (first.backend === 'chromium') {
    await expect(page.getByTestId('flash')).toContainText('The customers were exported');
    const csv = await readFile(csvFile, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'developer_account_id,customer_id,organisation,name,email,created,cards,usable_cards,card_brand,card_last4,card_expiry,card_status,all_cards,duplicate,chargeable,problems,' +
        // 3scale's columns stay empty while 3scale is not connected.
        'threescale_organisation,threescale_account_state,threescale_charging,threescale_card_last4,threescale_card_expiry,threescale_card_status,threescale_states,threescale_details',
    );
    expect(csv).toContain(`101,${chargeable.customer.id},Chargeable Co,,billing@dev101.example,`);
    expect(csv).toMatch(/Two Cards GmbH,,billing@dev102\.example,[^,]+,2,2,/);
    expect(csv).toContain(',stale,no,"Stale: developer account 200 has a newer customer');
    expect(csv.trim().split('\r\n')).toHaveLength(11);
  }

  // The result is cached per mode: after a restart the screen opens at once.
  await first.close();
  const again = await launch({ userDataDir: first.userDataDir });
  await again.page.getByRole('button', { name: 'Customers' }).click();
  await expect(again.page.getByTestId('customers-loaded-at')).toContainText('Loaded');
  await expect(again.page.getByTestId('customers-summary')).toContainText('Chargeable3');
});

test('Customers asks for the provider account ID before loading', async ({ launch }) => {
  const { page } = await launch();
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  await page.getByRole('button', { name: 'Customers' }).click();
  await expect(page.getByText('Enter your 3scale provider account ID on the Charging & Gateway page')).toBeVisible();
  await page.getByRole('button', { name: 'Load customers' }).click();
  await expectFlash(page, 'Enter your 3scale provider account ID');
});
