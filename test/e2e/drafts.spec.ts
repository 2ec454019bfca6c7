import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFakeStripe } from '../stripe-server/server';
import { ACCOUNT, FAKE_KEYS, KEYS } from '../support/stripe-fixtures';
import { expect, test } from './fixtures';
import { answerDialog, card, enableCharging, expectFlash, fillKeySet, keySet, screenshot, setUpStripe } from './helpers';

const TEST_KEYS = { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook };

test('every edit is kept as a draft and restored after a restart, with a review of what differs', async ({ launch }) => {
  const first = await launch();
  const settings = card(first.page, 'Billing settings');
  await settings.getByLabel('Invoice footnote').fill('Payable within 14 days.');
  await settings.getByLabel('Currency').selectOption({ label: 'EUR - Euro' });
  await expect(first.page.getByTestId('draft-banner')).toContainText('2 fields differ from the saved settings');
  await first.close(); // as good as a crash: nothing was saved with Save

  const { page } = await launch({ userDataDir: first.userDataDir });
  const banner = page.getByTestId('draft-banner');
  await expect(banner).toContainText('Unsaved changes (draft last edited');
  await expect(card(page, 'Billing settings').getByLabel('Invoice footnote')).toHaveValue('Payable within 14 days.');
  await expect(card(page, 'Billing settings').getByLabel('Currency')).toHaveValue('EUR');
  await screenshot(page, 'draft-restored');
  await banner.getByRole('button', { name: 'Review changes' }).click();
  const review = page.getByRole('dialog', { name: 'Review changes' });
  await expect(review.getByRole('row', { name: /Invoice footnote/ })).toContainText('(empty)Payable within 14 days.');
  await expect(review.getByRole('row', { name: /Currency/ })).toContainText('USD - American DollarEUR - Euro');
  await screenshot(page, 'draft-review');
  await review.getByRole('button', { name: 'Done' }).click();

  // Apply saves through the normal path; the draft is then gone.
  await banner.getByRole('button', { name: 'Apply' }).click();
  await expectFlash(page, 'Finance settings updated');
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
});

test('a typed secret is kept in the draft, never shown again, and used when applied', async ({ launch }) => {
  const first = await launch();
  await setUpStripe(first.page, TEST_KEYS);
  await fillKeySet(first.page, 'live', { secret: KEYS.liveSecret, publishable: KEYS.livePublishable, webhook: KEYS.liveWebhook });
  await expect(first.page.getByTestId('draft-banner')).toContainText('3 fields differ');
  await first.close();

  const { page, userDataDir } = await launch({ userDataDir: first.userDataDir });
  const draft = await readFile(path.join(userDataDir, 'draft.json'), 'utf8');
  expect(draft).not.toContain(KEYS.liveSecret);
  const live = keySet(page, 'live');
  await expect(live.getByLabel('Secret Key')).toHaveValue('');
  await expect(live).toContainText('Typed earlier and kept in the draft, not saved yet: sk_live_…7777');
  expect(await page.content()).not.toContain(KEYS.liveSecret);
  await page.getByTestId('draft-banner').getByRole('button', { name: 'Apply' }).click();
  await expectFlash(page, 'Payment gateway details were successfully saved');
  await expect(live).toContainText('Saved: sk_live_…7777');
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
});

test('offline: Save keeps the keys as a draft; when Stripe is back, Apply verifies and saves them through the dialogs', async ({
  launch,
  stripe,
}) => {
  const { page } = await launch();
  await expect(page.getByTestId('connectivity')).toHaveText('Stripe reachable');
  await enableCharging(page);
  const port = stripe.port;
  await stripe.stop();
  // Settings that need no Stripe call still save at once.
  await card(page, 'Billing settings').getByLabel('Invoice footnote').fill('Offline edit');
  await card(page, 'Billing settings').getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Finance settings updated');

  const gateway = card(page, 'Credit card gateway');
  await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  await fillKeySet(page, 'test', TEST_KEYS);
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFlash(page, 'Your changes are kept as a draft and will be verified and applied when Stripe can be reached.');
  await expect(page.getByTestId('connectivity')).toContainText('Offline: Stripe cannot be reached');
  const banner = page.getByTestId('draft-banner');
  await expect(banner).toContainText('Stripe cannot be reached');
  await expect(banner.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await screenshot(page, 'draft-offline');

  const back = await startFakeStripe({ keys: FAKE_KEYS, accounts: [ACCOUNT], port });
  try {
    // Main probes again by itself with backoff; "Retry now" asks at once.
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect(page.getByTestId('connectivity')).toHaveText('Stripe reachable');
    await expect(banner.getByRole('button', { name: 'Apply' })).toBeEnabled();
    await screenshot(page, 'draft-online-again');
    await banner.getByRole('button', { name: 'Apply' }).click();
    await answerDialog(page, 'Are you sure you want to change your payment gateway?', 'OK');
    await answerDialog(page, 'Do you want to remove all credit card details from your customers?', 'OK');
    await expectFlash(page, 'Payment gateway details were successfully saved');
    await expect(keySet(page, 'test').getByTestId('verification')).toContainText(ACCOUNT.id);
    await expect(page.getByTestId('draft-banner')).toHaveCount(0);
  } finally {
    await back.stop();
  }
});

test('Discard asks first, then restores the saved settings in the form', async ({ launch }) => {
  const { page } = await launch();
  const settings = card(page, 'Billing settings');
  await settings.getByLabel('Text to show if VAT/Sales Tax is 0%').fill('To be discarded');
  const banner = page.getByTestId('draft-banner');
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: 'Discard' }).click();
  await answerDialog(page, 'Discard your unsaved changes?', 'Cancel');
  await expect(settings.getByLabel('Text to show if VAT/Sales Tax is 0%')).toHaveValue('To be discarded');
  await banner.getByRole('button', { name: 'Discard' }).click();
  await answerDialog(page, 'Discard your unsaved changes?', 'OK');
  await expect(settings.getByLabel('Text to show if VAT/Sales Tax is 0%')).toHaveValue('');
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
});

test('a conflict: saved settings changed since the draft began; Apply lets the user pick per field', async ({ launch }) => {
  const first = await launch();
  await card(first.page, 'Billing mode').getByRole('button', { name: 'Switch to PREPAID' }).click();
  await answerDialog(first.page, 'Are you sure you want to switch to prepaid mode?', 'OK');
  const settings = card(first.page, 'Billing settings');
  await settings.getByLabel('Invoice footnote').fill('Footnote from my draft');
  await settings.getByLabel('Text to show if VAT/Sales Tax is 0%').fill('VAT text from my draft');
  await expect(first.page.getByTestId('draft-banner')).toContainText('2 fields differ');
  await first.close();

  // Meanwhile the saved settings change (another window, an import).
  const file = path.join(first.userDataDir, 'settings.json');
  const saved = JSON.parse(await readFile(file, 'utf8')) as { revision: number; billing: Record<string, unknown> };
  saved.revision += 1;
  saved.billing.invoiceFootnote = 'Footnote saved elsewhere';
  saved.billing.vatZeroText = 'VAT text saved elsewhere';
  await writeFile(file, JSON.stringify(saved));

  const { page } = await launch({ userDataDir: first.userDataDir });
  const banner = page.getByTestId('draft-banner');
  await expect(banner).toContainText('The saved settings changed since this draft began');
  await banner.getByRole('button', { name: 'Apply' }).click();
  const dialog = page.getByRole('dialog', { name: /changed since your draft began/ });
  await expect(dialog.getByRole('row', { name: /Invoice footnote/ })).toContainText('Footnote saved elsewhere');
  await expect(dialog.getByRole('row', { name: /Invoice footnote/ })).toContainText('Footnote from my draft');
  await screenshot(page, 'draft-conflict');
  await dialog.getByRole('radio', { name: 'Footnote saved elsewhere' }).check();
  await dialog.getByRole('button', { name: 'Apply my choices' }).click();
  await expectFlash(page, 'Finance settings updated');
  await expect(card(page, 'Billing settings').getByLabel('Invoice footnote')).toHaveValue('Footnote saved elsewhere');
  await expect(card(page, 'Billing settings').getByLabel('Text to show if VAT/Sales Tax is 0%')).toHaveValue('VAT text from my draft');
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
});

test('an unreadable settings file is kept aside and the user is told', async ({ launch }) => {
  const first = await launch();
  await card(first.page, 'Billing settings').getByLabel('Invoice footnote').fill('Good state');
  await card(first.page, 'Billing settings').getByRole('button', { name: 'Save' }).click();
  await expectFlash(first.page, 'Finance settings updated');
  await first.close();
  const file = path.join(first.userDataDir, 'settings.json');
  await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40)); // truncated, as by a power cut mid-copy

  const { page } = await launch({ userDataDir: first.userDataDir });
  await expect(page.getByTestId('store-notice')).toContainText('It was kept as settings.json.unreadable-');
  await expect(card(page, 'Billing settings').getByLabel('Invoice footnote')).toHaveValue('Good state');
  await screenshot(page, 'store-unreadable');
});

test('an unreadable draft is kept aside and the user is told as the page opens', async ({ launch }) => {
  const first = await launch();
  await card(first.page, 'Billing settings').getByLabel('Invoice footnote').fill('Typed, not saved');
  await expect.poll(() => readFile(path.join(first.userDataDir, 'draft.json'), 'utf8').catch(() => ''), { timeout: 3000 }).toContain('Typed, not saved');
  await first.close();
  const file = path.join(first.userDataDir, 'draft.json');
  await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40));

  const { page } = await launch({ userDataDir: first.userDataDir });
  await expect(page.getByTestId('store-notice')).toContainText('Your draft could not be read');
  await expect(page.getByTestId('store-notice')).toContainText('it was kept as draft.json.unreadable-');
  await screenshot(page, 'draft-unreadable');
});

test('a settings.json that is a folder: the app starts, says what and where, and saves nothing over it', async ({ launch }) => {
  const first = await launch();
  await first.close();
  await mkdir(path.join(first.userDataDir, 'settings.json'), { recursive: true });

  const { page } = await launch({ userDataDir: first.userDataDir });
  await expect(page.getByTestId('store-notice')).toContainText(`cannot read its settings file ${path.join(first.userDataDir, 'settings.json')} (it is a folder, not a file)`);
  const billing = card(page, 'Billing settings');
  await billing.getByLabel('Invoice footnote').fill('Still typed');
  await billing.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Nothing was saved: the settings file');
  await expect(billing.getByLabel('Invoice footnote')).toHaveValue('Still typed');
  await screenshot(page, 'settings-folder');
});

test('provider details: validated next to the field, drafted, and saved', async ({ launch }) => {
  const first = await launch();
  const provider = card(first.page, '3scale provider');
  await provider.getByLabel('Provider account ID').fill('0042');
  await provider.getByLabel('Provider name').fill('Acme APIs');
  await provider.getByRole('button', { name: 'Save' }).click();
  await expectFlash(first.page, 'Provider details were not saved');
  await expect(provider.locator('#provider-account-id-help')).toContainText('must not start with 0');
  await provider.getByLabel('Provider account ID').fill('2445581234567');
  // Within a second of typing, main holds it.
  await expect.poll(() => readFile(path.join(first.userDataDir, 'draft.json'), 'utf8').catch(() => ''), { timeout: 2000 }).toContain('2445581234567');
  await first.close();

  const { page } = await launch({ userDataDir: first.userDataDir });
  const restored = card(page, '3scale provider');
  await expect(restored.getByLabel('Provider account ID')).toHaveValue('2445581234567');
  await restored.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Provider details were saved');
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
});
