import { ACCOUNT, KEYS } from '../support/stripe-fixtures';
import { expect, test } from './fixtures';
import { THREESCALE_TOKENS_BY_NAME } from '../support/threescale-fixtures';
import { answerDialog, card, connectThreescale, enableCharging, expectFlash, fillKeySet, keySet, screenshot, seedSettingsFile, setUpStripe } from './helpers';

const TEST_KEYS = { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook };
const LIVE_KEYS = { secret: KEYS.liveSecret, publishable: KEYS.livePublishable, webhook: KEYS.liveWebhook };
const LIVE_CONFIRMATION = 'Live mode uses real cards and real money';

test('Verify shows the Stripe account a key set reaches, before anything is saved', async ({ launch }) => {
  const { page } = await launch();
  await enableCharging(page);
  await card(page, 'Credit card gateway').getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  await fillKeySet(page, 'test', TEST_KEYS);
  const test = keySet(page, 'test');
  await test.getByRole('button', { name: 'Verify' }).click();
  const result = test.getByTestId('verification');
  await expect(result).toContainText('Verified with Stripe');
  await expect(result).toContainText(`Acme APIs Ltd (${ACCOUNT.id})`);
  await expect(result).toContainText('CountryUS');
  await expect(result).toContainText('Default currencyUSD');
  await expect(result).toContainText('Charges enabledYes');
  await expect(result).toContainText('Mode reported by StripeTest');
  await screenshot(page, 'stripe-verified-test', { full: true });
});

test('typing checks: each wrong key gets its own message next to its field', async ({ launch }) => {
  const { page } = await launch();
  await enableCharging(page);
  await card(page, 'Credit card gateway').getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  const test = keySet(page, 'test');
  const live = keySet(page, 'live');
  const help = (set: typeof test, id: string) => set.locator(`#${id}-help`);

  await test.getByLabel('Secret Key').fill(KEYS.testPublishable);
  await expect(help(test, 'stripe-test-login')).toContainText('This is the publishable key (pk_…): it belongs in Publishable Key.');
  await test.getByLabel('Publishable Key').fill(KEYS.testSecret);
  await expect(help(test, 'stripe-test-publishable-key')).toContainText('This is a secret key: it belongs in Secret Key');
  await live.getByLabel('Secret Key').fill(KEYS.testSecret);
  await expect(help(live, 'stripe-live-login')).toContainText('This is a test key (sk_test_…) in the Live keys: put it in the Test keys.');
  await test.getByLabel('Webhook Signing Secret').fill('FAKEFAKEFAKEFAKEFAKEFAKE9876');
  await expect(help(test, 'stripe-test-endpoint-secret')).toContainText('A webhook signing secret starts with whsec_');
  await live.getByLabel('Publishable Key').fill('pk_live_FAKE');
  await expect(help(live, 'stripe-live-publishable-key')).toContainText('Too short to be a Stripe key');
  await live.getByLabel('Webhook Signing Secret').fill('whsec_FAKEFAKE FAKEFAKEFAKE5555');
  await expect(help(live, 'stripe-live-endpoint-secret')).toContainText('Contains a space, which a Stripe key never has');
  await screenshot(page, 'stripe-typing-checks', { full: true });

  // A key pasted with spaces and a line break around it is trimmed, and the user told.
  await test.getByLabel('Secret Key').fill(`  ${KEYS.testSecret}\n`);
  await expect(test.getByLabel('Secret Key')).toHaveValue(KEYS.testSecret);
  await expect(help(test, 'stripe-test-login')).toContainText('Spaces or line breaks around the key were removed.');

  // Nothing with an error is saved: the form says so and keeps every field.
  await card(page, 'Credit card gateway').getByRole('button', { name: 'Save', exact: true }).click();
  await expectFlash(page, 'Failed to save payment gateway details');
  await expect(live.getByLabel('Secret Key')).toHaveValue(KEYS.testSecret);
});

test('Stripe failures are told apart: rejected key, unreachable, restricted key', async ({ launch, stripe }) => {
  const { page } = await launch();
  await enableCharging(page);
  await card(page, 'Credit card gateway').getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  const test = keySet(page, 'test');

  await test.getByLabel('Secret Key').fill(KEYS.unknownTest);
  await test.getByRole('button', { name: 'Verify' }).click();
  await expect(test.getByTestId('verification-error')).toContainText("Stripe rejected the Test keys' Secret Key (401)");
  await screenshot(page, 'stripe-verify-401', { full: true });

  await test.getByLabel('Secret Key').fill(KEYS.restrictedTest);
  await test.getByRole('button', { name: 'Verify' }).click();
  const result = test.getByTestId('verification');
  await expect(result).toContainText('This restricted key lacks permissions');
  await expect(result).toContainText('Charging invoices: creating payment intents needs rak_payment_intent_write');
  await expect(result).toContainText('Create webhook endpoint: managing webhook endpoints needs rak_webhook_write');
  await screenshot(page, 'stripe-verify-restricted', { full: true });

  stripe.setFaults({ failNext500: 10 });
  await test.getByLabel('Secret Key').fill(KEYS.testSecret);
  await test.getByRole('button', { name: 'Verify' }).click();
  await expect(test.getByTestId('verification-error')).toContainText('Stripe had an internal error (500)');
  stripe.setFaults({ failNext500: 0 });

  await stripe.stop();
  await fillKeySet(page, 'test', TEST_KEYS);
  await card(page, 'Credit card gateway').getByRole('button', { name: 'Save', exact: true }).click();
  await expectFlash(page, 'Stripe cannot be reached, so the keys cannot be verified. Your changes are kept as a draft');
  await expect(test.getByLabel('Secret Key')).toHaveValue(KEYS.testSecret);
  await expect(page.getByTestId('draft-banner')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await screenshot(page, 'stripe-unreachable', { full: true });
});

test('live mode: refused until the live keys are verified, then confirmed, shown everywhere, kept across a restart', async ({
  launch,
}) => {
  const first = await launch();
  let page = first.page;
  await expect(page.getByTestId('mode-banner')).toContainText('TEST MODE');
  await setUpStripe(page, TEST_KEYS);
  const gateway = card(page, 'Credit card gateway');

  await gateway.getByRole('button', { name: 'Switch to live mode' }).click();
  await expectFlash(page, 'Live mode needs the complete set of Live keys');
  await expect(page.getByTestId('mode-banner')).toContainText('TEST MODE');
  await screenshot(page, 'live-refused');

  await fillKeySet(page, 'live', LIVE_KEYS);
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFlash(page, 'Payment gateway details were successfully saved');
  await expect(keySet(page, 'live').getByTestId('verification')).toContainText('Mode reported by StripeLive');

  await gateway.getByRole('button', { name: 'Switch to live mode' }).click();
  await expect(page.getByRole('dialog')).toContainText('Acme APIs Ltd');
  await screenshot(page, 'live-confirm');
  await answerDialog(page, LIVE_CONFIRMATION, 'Cancel');
  await expect(page.getByTestId('mode-banner')).toContainText('TEST MODE');

  await gateway.getByRole('button', { name: 'Switch to live mode' }).click();
  await answerDialog(page, LIVE_CONFIRMATION, 'OK');
  await expect(page.getByTestId('mode-banner')).toContainText('LIVE MODE');
  await expect(gateway.getByTestId('stripe-active-mode')).toHaveText('Live');
  await screenshot(page, 'live-on', { full: true });
  await page.getByRole('button', { name: 'Finance log' }).click();
  await expect(page.getByTestId('mode-banner')).toContainText('LIVE MODE');
  await expect(page.getByRole('table', { name: 'Finance log' }).locator('tbody tr').first()).toContainText('Stripe mode changed to live');

  const dir = first.userDataDir;
  await first.close();
  page = (await launch({ userDataDir: dir })).page;
  await expect(page.getByTestId('mode-banner')).toContainText('LIVE MODE');
  // Back to test: no confirmation.
  await card(page, 'Credit card gateway').getByRole('button', { name: 'Switch to test mode' }).click();
  await expect(page.getByTestId('mode-banner')).toContainText('TEST MODE');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('webhook endpoint: created in the active mode with its secret kept; an existing one can be used or replaced', async ({
  launch,
  stripe,
}) => {
  const { page } = await launch();
  await setUpStripe(page, TEST_KEYS);
  const gateway = card(page, 'Credit card gateway');
  const token = THREESCALE_TOKENS_BY_NAME.all;

  // The webhook uses the 3scale connection's domain and token.
  await connectThreescale(page, 'https://acme-admin.3scale.net/p/admin', token);
  await expect(gateway.getByTestId('webhook-connection')).toContainText('acme-admin.3scale.net');
  await gateway.getByRole('button', { name: 'Create webhook endpoint' }).click();
  await expectFlash(page, 'Webhook endpoint created. Its signing secret was saved in Webhook Signing Secret.');
  await expect(gateway.getByTestId('webhook-endpoint-id')).toContainText('we_');
  await expect(keySet(page, 'test')).toContainText('Saved: whsec_…');
  await expect(keySet(page, 'test')).not.toContainText('Saved: whsec_…9876');
  const created = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhook_endpoints' && r.status === 200);
  expect(created).toHaveLength(1);
  expect(decodeURIComponent(created[0]?.body ?? '')).toContain(
    `url=https://acme-admin.3scale.net/api/payment_callbacks/stripe_callbacks?access_token=${token}`,
  );
  expect(decodeURIComponent(created[0]?.body ?? '')).toContain('enabled_events[0]=payment_intent.succeeded');
  expect(await page.content()).not.toContain(token);
  await screenshot(page, 'webhook-created', { full: true });

  // Again: Stripe already has an endpoint for this callback.
  await gateway.getByRole('button', { name: 'Create webhook endpoint' }).click();
  const exists = gateway.getByTestId('webhook-exists');
  await expect(exists).toContainText('An endpoint for this callback already exists in test mode');
  await screenshot(page, 'webhook-exists', { full: true });
  await exists.getByRole('button', { name: 'Replace it' }).click();
  await expectFlash(page, 'Webhook endpoint created.');
  const deleted = stripe.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/v1/webhook_endpoints/'));
  expect(deleted).toHaveLength(1);

  await gateway.getByRole('button', { name: 'Create webhook endpoint' }).click();
  await gateway.getByTestId('webhook-exists').getByRole('button', { name: 'Use it' }).click();
  await expectFlash(page, 'Stripe shows its signing secret only once');
});

test('a currency Stripe cannot charge in is flagged on the Billing settings card', async ({ launch }, testInfo) => {
  const dir = testInfo.outputPath('user-data');
  await seedSettingsFile(dir, {
    schemaVersion: 2,
    revision: 1,
    billingMode: 'postpaid',
    billing: { chargingEnabled: true, currency: 'SAR', invoiceFootnote: '', vatZeroText: '', numberingPeriod: 'monthly' },
    gateway: { type: 'stripe', values: {}, sealedSecrets: {} },
    stripe: {
      activeMode: 'test',
      keySets: {
        test: {
          publishableKey: KEYS.testPublishable,
          sealedSecretKey: null,
          sealedWebhookSecret: null,
          verification: {
            verifiedAt: '2026-11-20T09:00:00.000Z',
            restricted: false,
            account: { accountId: 'acct_1FakeEU', name: 'Acme EU', country: 'DE', defaultCurrency: 'eur', chargesEnabled: true, livemode: false },
            missingPermissions: [],
            supportedCurrencies: ['eur', 'usd', 'gbp'],
          },
        },
        live: { publishableKey: '', sealedSecretKey: null, sealedWebhookSecret: null, verification: null },
      },
      webhook: { adminDomain: '', sealedAccessToken: null, endpointIds: { test: null, live: null } },
    },
    financeLog: [],
  });
  const { page } = await launch({ userDataDir: dir });
  const settings = card(page, 'Billing settings');
  await expect(settings.getByTestId('currency-warning')).toContainText('Stripe cannot charge in SAR on the test account Acme EU (DE)');
  await screenshot(page, 'currency-warning');
  await settings.getByLabel('Currency').selectOption({ label: 'EUR - Euro' });
  await settings.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Finance settings updated');
  await expect(settings.getByTestId('currency-warning')).toHaveCount(0);
});
