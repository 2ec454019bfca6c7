import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { screenshot } from './helpers';

const corpus = (name: string) => path.resolve('test/templates', `${name}.liquid`);
/** The first answer waits for the template worker to start: from TypeScript source in the Chromium harness, seconds on a busy machine. */
const FIRST_ANSWER = { timeout: 60_000 };

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
  await expect(verdict).toContainText('Developers cannot enter a card for Stripe on this portal', FIRST_ANSWER);
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

test('a Latin-1 template: read as Latin-1, said so, and the fix saved in Latin-1 without a replaced letter', async ({ launch }, testInfo) => {
  const opened = testInfo.outputPath('zahlung.liquid');
  const savedTo = testInfo.outputPath('zahlung.fixed.liquid');
  const legacy = await readFile(corpus('legacy-braintree-authorize'), 'utf8');
  await writeFile(opened, Buffer.from(`{% comment %}Zahlungsseite für Entwickler, Café Müller{% endcomment %}\n${legacy}`, 'latin1'));
  const { page, backend } = await launch({ env: { BILLING_DESK_TEST_OPEN_FILE: opened, BILLING_DESK_TEST_SAVE_FILE: savedTo } });
  test.skip(backend !== 'chromium', 'native dialogs are driven through the Chromium backend’s stand-in');
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByRole('button', { name: 'Open file…' }).click();
  await expect(page.getByTestId('template-verdict')).toContainText('Developers cannot enter a card for Stripe', FIRST_ANSWER);
  await expect(page.getByTestId('template-encoding')).toHaveText(
    'Read as Latin-1 (Windows-1252); the fixed template is saved in the same encoding.',
  );
  await expect(page.locator('#template-source')).toHaveValue(/Café Müller/);
  await screenshot(page, 'template-latin1-opened');
  await page.getByRole('button', { name: 'Add Stripe branch' }).click();
  await expect(page.getByTestId('template-fix-result')).toContainText('every case block now has a Stripe branch');
  await page.getByRole('button', { name: 'Save fixed template as…' }).click();
  await expect(page.getByTestId('flash')).toContainText('The fixed template was saved');
  const bytes = await readFile(savedTo);
  expect(bytes.includes(Buffer.from('Café Müller', 'latin1'))).toBe(true);
  expect(bytes.includes(Buffer.from('\uFFFD', 'utf8'))).toBe(false);
  expect(new TextDecoder('windows-1252').decode(bytes)).toContain('{% when "stripe" %}');
});

test('pasting today’s default template: Stripe works; the preview is inert and follows the billing address', async ({ launch }) => {
  const { page } = await launch();
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByLabel(/Payment Gateway \/ Show/).fill(await readFile(corpus('default'), 'utf8'));
  await expect(page.getByTestId('template-verdict')).toContainText('Stripe payments will work', FIRST_ANSWER);
  const preview = page.frameLocator('[data-testid="template-preview"]').locator('body');
  await expect(page.getByTestId('template-preview')).toHaveAttribute('sandbox', '');
  await expect(preview).toContainText('[3scale Stripe card form: Edit Credit Card Details]', FIRST_ANSWER);
  await expect(preview.locator('script, iframe, [onerror], [onclick]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Without billing address' }).click();
  await expect(preview).toContainText('After entering billing address, the option to enter credit card will be enabled.');
  await expect(preview).not.toContainText('[3scale Stripe card form');
  await screenshot(page, 'template-preview', { full: true });
});

test('a template that does not parse: its line, column and reason; nothing to fix', async ({ launch }) => {
  const { page } = await launch();
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByLabel(/Payment Gateway \/ Show/).fill(await readFile(corpus('broken-unclosed'), 'utf8'));
  await expect(page.getByTestId('template-verdict')).toContainText(/does not parse at line \d+, column \d+/, FIRST_ANSWER);
  await expect(page.getByRole('button', { name: 'Add Stripe branch' })).toHaveCount(0);
  await screenshot(page, 'template-broken');
});

test('3scale tags it does not know: warnings with their lines, the check goes on, the preview shows placeholders', async ({ launch }) => {
  const { page } = await launch();
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByLabel(/Payment Gateway \/ Show/).fill(await readFile(corpus('portal-unknown-tags'), 'utf8'));
  await expect(page.getByTestId('template-verdict')).toContainText('Developers cannot enter a card for Stripe', FIRST_ANSWER);
  const warnings = page.getByTestId('template-warnings');
  await expect(warnings).toContainText('3 tags or filters that neither Liquid nor 3scale knows');
  await expect(warnings).toContainText('Line 2: {% cookie_banner %} is not a tag');
  const preview = page.frameLocator('[data-testid="template-preview"]').locator('body');
  await expect(preview).toContainText('[unknown tag cookie_banner: position: "bottom"]', FIRST_ANSWER);
  await screenshot(page, 'template-warnings', { full: true });
});

test('a 2 MB paste: refused next to the field in plain words, nothing sent', async ({ launch }) => {
  test.setTimeout(180_000);
  const { page } = await launch();
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  // As a paste: the value set at once, then React's input event (typing 2 MB would take minutes).
  await page.locator('#template-source').evaluate((element: HTMLTextAreaElement) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    setValue?.call(element, '<p>x</p>\n'.repeat(230_000));
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.getByTestId('template-source-error')).toContainText('This text is 2.0 MB; Billing Desk checks templates up to 1 MB', FIRST_ANSWER);
  await expect(page.getByText('The request was malformed')).toHaveCount(0);
  await expect(page.getByTestId('template-verdict')).toHaveCount(0);
  await screenshot(page, 'template-too-large');
});
