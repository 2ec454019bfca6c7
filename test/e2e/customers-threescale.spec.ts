// The Customers screen joined to 3scale's developer accounts: not connected (and the way to the
// 3scale page), then connected — both sides loaded with one progress, every state of the join,
// accounts without a Stripe customer, counts, filters, the admin portal link and the CSV.
import { readFile } from 'node:fs/promises';
import Stripe from 'stripe';
import { ACCOUNT, createCustomerAs3scale, KEYS } from '../support/stripe-fixtures';
import { THREESCALE_PROVIDER, THREESCALE_TOKENS_BY_NAME as TOKENS } from '../support/threescale-fixtures';
import { expect, test } from './fixtures';
import { card, expectFlash, screenshot, setUpStripe } from './helpers';

const PROVIDER_ID = String(THREESCALE_PROVIDER.id);

test('Customers joined to 3scale: every developer account beside its Stripe customer, the six states, filters, Open in 3scale and CSV export', async ({
  launch,
  stripe,
  threescale,
}, testInfo) => {
  test.setTimeout(180_000); // a long scenario, on machines shared by many test runs
  const sdk = new Stripe(KEYS.testSecret, { host: '127.0.0.1', port: stripe.port, protocol: 'http', maxNetworkRetries: 0 });
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const lastMonthOn = lastMonth.toISOString().slice(0, 10);

  // One world: 3scale's buyer accounts and the Stripe customers 3scale made for them.
  const agreed = await threescale.seedAccount({ orgName: 'Agreed Co', card: 'pm_card_visa' });
  const lost = await threescale.seedAccount({ orgName: 'Lost Card Ltd', storedCard: { paymentMethodId: 'pm_gone', partialNumber: '1881', expiresOn: '2031-04-01' } });
  const mismatch = await threescale.seedAccount({ orgName: 'Mismatch GmbH', storedCard: { paymentMethodId: 'pm_old', partialNumber: '0005', expiresOn: '2031-01-01' } });
  await createCustomerAs3scale(sdk, { providerId: PROVIDER_ID, developerAccountId: mismatch.id, organisation: 'Mismatch GmbH', email: 'billing@mismatch.example', cards: ['pm_card_mastercard'] });
  const expired = await threescale.seedAccount({ orgName: 'Expired SA', storedCard: { paymentMethodId: 'pm_exp', partialNumber: '4242', expiresOn: lastMonthOn } });
  const expiredCustomer = stripe.seedCustomer('test', { accountId: ACCOUNT.id, description: 'Expired SA', metadata: { '3scale_account_reference': `3scale-${PROVIDER_ID}-${expired.id}` } });
  stripe.seedSetupIntent('test', { accountId: ACCOUNT.id, customer: expiredCustomer.id, card: { token: 'pm_card_visa', expMonth: lastMonth.getUTCMonth() + 1, expYear: lastMonth.getUTCFullYear() } });
  const charging = await threescale.seedAccount({ orgName: 'Charging No Card', monthlyChargingEnabled: true });
  await threescale.seedAccount({ orgName: 'Quiet Ltd', monthlyChargingEnabled: false });
  const deleted = stripe.seedCustomer('test', { accountId: ACCOUNT.id, description: 'Deleted Dev', metadata: { '3scale_account_reference': `3scale-${PROVIDER_ID}-999` } });
  stripe.seedCustomer('test', { accountId: ACCOUNT.id, description: 'Other Provider Inc', metadata: { '3scale_account_reference': '3scale-9999-7' } });

  const csvFile = testInfo.outputPath('customers-threescale.csv');
  const app = await launch({ env: { BILLING_DESK_TEST_SAVE_CSV: csvFile } });
  const { page } = app;
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });

  const provider = card(page, '3scale provider');
  await provider.getByLabel('Provider account ID').fill(PROVIDER_ID);
  await provider.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Provider details were saved');

  // Not connected: the Stripe side works as before, and the screen says 3scale is not connected, with the way to its page.
  await page.getByRole('button', { name: 'Customers' }).click();
  const notice = page.getByTestId('customers-threescale-notice');
  await expect(notice).toContainText('3scale is not connected');
  await page.getByRole('button', { name: 'Load customers' }).click();
  const summary = page.getByTestId('customers-summary');
  await expect(summary).toContainText('Chargeable2');
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.locator('tbody tr')).toHaveCount(5); // the Stripe customers only
  await expect(table.getByRole('columnheader', { name: '3scale account' })).toHaveCount(0);
  await expect(summary).not.toContainText('3scale accounts');
  await expect(notice).toContainText('3scale is not connected');
  await screenshot(page, 'customers-threescale-not-connected');
  await notice.getByRole('button', { name: 'Open the 3scale connection' }).click();
  const connection = card(page, '3scale connection');
  await connection.getByLabel('Admin portal domain').fill(THREESCALE_PROVIDER.adminDomain);
  await connection.getByLabel('Access token').fill(TOKENS.all);
  await connection.getByRole('button', { name: 'Verify and save' }).click();
  await expectFlash(page, `Connected to Acme API (provider ${PROVIDER_ID})`);

  // Connected: both sides load side by side, one progress with 3scale's part.
  await page.getByRole('button', { name: 'Customers' }).click();
  await expect(page.getByText(`joined to the developer accounts of ${THREESCALE_PROVIDER.adminDomain}`)).toBeVisible();
  await expect(notice).toContainText('Refresh to join the developer accounts');
  stripe.setFaults({ latencyMs: 1500 });
  threescale.setFaults({ latencyMs: 300 });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const progress = page.getByTestId('customers-progress');
  await expect(progress).toContainText('developer accounts from 3scale');
  // 3scale's one page is in while Stripe's side is still loading.
  await expect(progress).toContainText(/customers · \d+ cards \(SetupIntents\) · 6 of 6 3scale developer accounts \(done\)/);
  await screenshot(page, 'customers-threescale-progress');
  stripe.setFaults({ latencyMs: 0 });
  threescale.setFaults({ latencyMs: 0 });

  await expect(summary).toContainText('3scale accounts6');
  await expect(notice).toHaveCount(0);
  await expect(summary).toContainText('No Stripe customer3'); // lost, charging, quiet
  await expect(summary).toContainText('Cards agree1');
  await expect(summary).toContainText('Card not in Stripe2');
  // The expired card is counted as expired, not as expiring.
  await expect(summary).toContainText('3scale card expired1');
  await expect(summary).toContainText('3scale card expiring0');
  await expect(summary).toContainText('Not in 3scale2');
  await expect(summary).toContainText('Charging, no card1');
  await expect(table.locator('tbody tr')).toHaveCount(8); // 6 accounts (3 with a customer) + 2 customers without an account of this provider in 3scale
  const rowOf = (text: string | RegExp) => table.getByRole('row', { name: text });
  await expect(rowOf(/Agreed Co/).first()).toContainText('Cards agree');
  await expect(rowOf(/Agreed Co/).first()).toContainText(`3scale's card •••• 4242`);
  await expect(rowOf(/Lost Card Ltd/)).toContainText('No Stripe customer');
  await expect(rowOf(/Lost Card Ltd/)).toContainText(`Stripe has no customer for developer account ${lost.id}`);
  await expect(rowOf(/Mismatch GmbH/).first()).toContainText('matches its last 4 and expiry');
  await expect(rowOf(/Expired SA/).first()).toContainText(`3scale's card •••• 4242`);
  await expect(rowOf(/Expired SA/).first()).toContainText('has expired');
  await expect(rowOf(/Expired SA/).first()).toContainText('3scale card expired');
  await expect(rowOf(/Expired SA/).first()).not.toContainText('3scale card expiring');
  await expect(rowOf(/Charging No Card/)).toContainText('Charging is on in 3scale, but 3scale holds no card');
  await expect(rowOf(/Quiet Ltd/)).toContainText('charging off');
  await expect(rowOf(/Deleted Dev/)).toContainText('Developer account 999 does not exist in 3scale (deleted)');
  await expect(rowOf(/Other Provider Inc/)).toContainText('belongs to another provider (9999)');
  await screenshot(page, 'customers-threescale', { full: true });

  // Filters, from the toggle group and from the counts.
  await page.getByRole('button', { name: 'Card not in Stripe', exact: true }).click();
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText('Lost Card Ltd');
  await expect(table).toContainText('Mismatch GmbH');
  await screenshot(page, 'customers-threescale-filter-card-not-in-stripe');
  await page.getByRole('button', { name: 'Not in 3scale', exact: true }).click();
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await page.getByRole('button', { name: '3scale card expired', exact: true }).click();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Expired SA');
  await page.getByRole('button', { name: '3scale card expiring', exact: true }).click();
  await expect(page.getByText('No customer matches')).toBeVisible();
  await page.getByRole('button', { name: 'No Stripe customer', exact: true }).click();
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await summary.getByText('Charging, no card').click();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Charging No Card');

  // The account opens in 3scale's admin portal, through main.
  await table.getByRole('button', { name: 'Open in 3scale' }).click();
  if (app.openedUrls) {
    await expect.poll(() => app.openedUrls).toEqual([`https://${THREESCALE_PROVIDER.adminDomain}/buyers/accounts/${charging.id}`]);
  }
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByLabel('Search by developer account id or customer id').fill(String(agreed.id));
  await expect(table.locator('tbody tr')).toHaveCount(1);

  await page.getByRole('button', { name: 'Export CSV' }).click();
  if (app.backend === 'chromium') {
    await expect(page.getByTestId('flash')).toContainText('The customers were exported');
    const lines = (await readFile(csvFile, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toContain(',problems,threescale_organisation,threescale_account_state,threescale_charging,threescale_card_last4,threescale_card_expiry,threescale_card_status,threescale_states,threescale_details');
    expect(lines).toHaveLength(9); // every row, whatever the screen's filter
    expect(lines.find((line) => line.startsWith(`${lost.id},,`))).toContain('Lost Card Ltd,approved,on,1881,04/2031,ok,card_not_in_stripe,');
    expect(lines.find((line) => line.startsWith(`${agreed.id},cus_`))).toContain('Agreed Co,approved,on,4242,');
    expect(lines.find((line) => line.startsWith(`${agreed.id},cus_`))).toContain(',ok,ok,');
    expect(lines.find((line) => line.startsWith(`${expired.id},cus_`))).toContain(',expired,card_expired,');
    expect(lines.find((line) => line.startsWith(`999,${deleted.id}`))).toContain(',not in 3scale,,,,,account_missing,Developer account 999 does not exist in 3scale (deleted)');
  }

  // 3scale refusing the accounts leaves the Stripe side, with 3scale's reason.
  threescale.setFaults({ failNext: [{ status: 403, pathIncludes: '/admin/api/accounts', body: { error: 'Your access token does not have the correct permissions' } }] });
  await page.getByLabel('Search by developer account id or customer id').fill('');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(notice).toContainText("3scale's developer accounts could not be loaded: The access token lacks the scope for /admin/api/accounts.json (403).");
  await expect(table.locator('tbody tr')).toHaveCount(5);
  await expect(summary).not.toContainText('3scale accounts');
  await screenshot(page, 'customers-threescale-failed');

  // The access token never reaches the renderer.
  if (app.bridgeTraffic) expect(JSON.stringify(app.bridgeTraffic)).not.toContain(TOKENS.all);
});
