import { ACCOUNT, KEYS } from '../support/stripe-fixtures';
import { expect, test } from './fixtures';
import { THREESCALE_TOKENS_BY_NAME } from '../support/threescale-fixtures';
import { answerDialog, card, connectThreescale, expectFlash, fillKeySet, keySet, setUpStripe } from './helpers';

/** Anything shaped like an unmasked Stripe secret or the access token. */
const SECRET_SHAPES = [/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{6,}/, /\bwhsec_[A-Za-z0-9]{6,}/];
const ACCESS_TOKEN = THREESCALE_TOKENS_BY_NAME.all;

test('no saved secret reaches the renderer: not in any bridge response, the page, or its storage', async ({ launch }) => {
  const first = await launch();
  const { page } = first;
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  await fillKeySet(page, 'live', { secret: KEYS.liveSecret, publishable: KEYS.livePublishable, webhook: KEYS.liveWebhook });
  const gateway = card(page, 'Credit card gateway');
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFlash(page, 'Payment gateway details were successfully saved');
  await keySet(page, 'live').getByRole('button', { name: 'Verify' }).click();
  await expect(keySet(page, 'live').getByTestId('verification')).toContainText(ACCOUNT.id);
  await connectThreescale(page, 'acme-admin.3scale.net', ACCESS_TOKEN);
  await gateway.getByRole('button', { name: 'Create webhook endpoint' }).click();
  await expectFlash(page, 'Webhook endpoint created');
  await gateway.getByRole('button', { name: 'Switch to live mode' }).click();
  await answerDialog(page, 'Live mode uses real cards and real money', 'OK');
  await page.getByRole('button', { name: 'Finance log' }).click();
  await expect(page.getByRole('table', { name: 'Finance log' })).toBeVisible();

  // What the renderer can see after the session: every read of the bridge, the DOM, storage.
  const seen = await page.evaluate(async () => {
    const api = (window as unknown as { billingDesk: Record<string, () => Promise<unknown>> }).billingDesk;
    const databases = 'databases' in indexedDB ? await indexedDB.databases() : [];
    return JSON.stringify({
      settings: await api.getSettings?.(),
      log: await api.listFinanceLog?.(),
      html: document.documentElement.outerHTML,
      localStorage: { ...localStorage },
      sessionStorage: { ...sessionStorage },
      cookies: document.cookie,
      databases,
    });
  });
  const traffic = JSON.stringify(first.bridgeTraffic ?? []);
  if (first.backend === 'chromium') expect(first.bridgeTraffic?.length).toBeGreaterThan(10);
  for (const text of [seen, traffic]) {
    for (const secret of [KEYS.testSecret, KEYS.liveSecret, KEYS.testWebhook, KEYS.liveWebhook, ACCESS_TOKEN]) {
      expect(text).not.toContain(secret);
    }
    for (const shape of SECRET_SHAPES) expect(text).not.toMatch(shape);
  }
  // The masks are there, so the check above looked at real content.
  expect(seen).toContain('sk_test_…4242');
  expect(traffic === '[]' || traffic.includes('sk_live_…7777')).toBe(true);
});
