import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { screenshot } from './helpers';

const corpus = (name: string) => path.resolve('test/templates', `${name}.liquid`);

test('an old template without Stripe: reported per case block, fixed with a diff, the fix checked and saved', async ({ launch }, testInfo) => {
  const savedTo = testInfo.outputPath('fixed.liquid');
  const { page, backend } = await launch({
    env: { BILLING_DESK_TEST_OPEN_FILE: corpus('legacy-braintree-authorize'), BILLING_DESK_TEST_SAVE_FILE: savedTo },
  });
  test.skip(backend !== 'chromium', 'native dialogs are driven through the Chromium backend’s stand-in');
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Developer portal template' })).toBeVisible();
  await page.getByRole('button', { name: 'Open file…' }).click();
  const verdict = page.getByTestId('template-verdict');
  await expect(verdict).toContainText('Developers cannot enter a card for Stripe on this portal');
  await expect(page.getByTestId('template-messages')).toContainText('no Stripe branch');
  await screenshot(page, 'template-missing-stripe', { full: true });

  await page.getByRole('button', { name: 'Add Stripe branch' }).click();
  await expect(page.getByTestId('template-fix-result')).toContainText('every case block now has a Stripe branch');
  await expect(page.getByTestId('template-diff')).toContainText(/^\+\s*{% when "stripe" %}$/m);
  await screenshot(page, 'template-fixed', { full: true });
  await page.getByRole('button', { name: 'Save fixed template as…' }).click();
  await expect(page.getByTestId('flash')).toContainText('The fixed template was saved');
  expect(await readFile(savedTo, 'utf8')).toBe(await readFile(corpus('legacy-braintree-authorize.fixed'), 'utf8'));

  await page.getByRole('button', { name: 'Use it in the editor' }).click();
  await expect(verdict).toContainText('Stripe payments will work');
});

test('pasting today’s default template: Stripe works; the preview is inert and follows the billing address', async ({ launch }) => {
  const { page } = await launch();
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByLabel(/Payment Gateway \/ Show/).fill(await readFile(corpus('default'), 'utf8'));
  await expect(page.getByTestId('template-verdict')).toContainText('Stripe payments will work');
  const preview = page.getByTestId('template-preview');
  await expect(preview).toContainText('[Stripe card form: Edit Credit Card Details]');
  await expect(preview.locator('script, iframe, [onerror], [onclick]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Without billing address' }).click();
  await expect(preview).toContainText('After entering billing address, the option to enter credit card will be enabled.');
  await expect(preview).not.toContainText('[Stripe card form');
  await screenshot(page, 'template-preview', { full: true });
});

test('a template that does not parse: its line, column and reason; nothing to fix', async ({ launch }) => {
  const { page } = await launch();
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByLabel(/Payment Gateway \/ Show/).fill(await readFile(corpus('broken-unclosed'), 'utf8'));
  await expect(page.getByTestId('template-verdict')).toContainText(/does not parse at line \d+, column \d+/);
  await expect(page.getByRole('button', { name: 'Add Stripe branch' })).toHaveCount(0);
  await screenshot(page, 'template-broken');
});
