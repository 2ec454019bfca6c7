import { expect, type Locator, type Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Saves a screenshot under test-results/screenshots/ to look at: the window as the
 * user sees it, or with `full`, the whole page (PatternFly scrolls inside its main
 * container, so the window is briefly made as tall as the content).
 */
export async function screenshot(page: Page, name: string, options: { full?: boolean } = {}): Promise<void> {
  const file = path.join('test-results', 'screenshots', `${name}.png`);
  const viewport = page.viewportSize();
  if (!options.full || !viewport) {
    await page.screenshot({ path: file });
    return;
  }
  const height = await page.evaluate(() => {
    const main = document.querySelector('.pf-v5-c-page__main');
    const top = main?.getBoundingClientRect().top ?? 0;
    return Math.ceil(top + (main?.scrollHeight ?? document.body.scrollHeight));
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
}

/** A card of the page, found by its title (cards are regions labelled by it). */
export const card = (page: Page, title: string): Locator => page.getByRole('region', { name: title, exact: true });

export const flash = (page: Page): Locator => page.getByTestId('flash');

export async function expectFlash(page: Page, text: string): Promise<void> {
  await expect(flash(page)).toContainText(text);
}

export const dialog = (page: Page): Locator => page.getByRole('dialog');

/** Answers the open confirmation dialog after checking its text. */
export async function answerDialog(page: Page, expectedText: string | RegExp, answer: 'OK' | 'Cancel'): Promise<void> {
  const open = dialog(page);
  await expect(open).toBeVisible();
  await expect(open).toContainText(expectedText);
  await open.getByRole('button', { name: answer, exact: true }).click();
  // The next dialog may open at once; this one is gone when its text is.
  await expect(page.getByRole('dialog').filter({ hasText: expectedText })).toHaveCount(0);
}

export async function enableCharging(page: Page): Promise<void> {
  const settings = card(page, 'Billing settings');
  await settings.getByLabel('Charging enabled').check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Finance settings updated');
}

/** Writes a settings file as an earlier run of the app would have left it. */
export async function seedSettingsFile(userDataDir: string, document: unknown): Promise<void> {
  await mkdir(userDataDir, { recursive: true });
  await writeFile(path.join(userDataDir, 'settings.json'), JSON.stringify(document, null, 2));
}

/** One of the Stripe group's key sets ("Test keys" or "Live keys"). */
export const keySet = (page: Page, mode: 'test' | 'live'): Locator =>
  page.getByRole('region', { name: mode === 'test' ? 'Test keys' : 'Live keys', exact: true });

export async function fillKeySet(
  page: Page,
  mode: 'test' | 'live',
  keys: { secret: string; publishable: string; webhook: string },
): Promise<void> {
  const set = keySet(page, mode);
  await set.getByLabel('Secret Key').fill(keys.secret);
  await set.getByLabel('Publishable Key').fill(keys.publishable);
  await set.getByLabel('Webhook Signing Secret').fill(keys.webhook);
}

/** Enables charging and saves Stripe with the given Test keys through both dialogs. */
export async function setUpStripe(page: Page, keys: { secret: string; publishable: string; webhook: string }): Promise<void> {
  await enableCharging(page);
  const gateway = card(page, 'Credit card gateway');
  await gateway.getByLabel('Gateway', { exact: true }).selectOption({ label: 'Stripe' });
  await fillKeySet(page, 'test', keys);
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  await answerDialog(page, 'Are you sure you want to change your payment gateway?', 'OK');
  await answerDialog(page, 'Do you want to remove all credit card details from your customers?', 'OK');
  await expectFlash(page, 'Payment gateway details were successfully saved');
}

/** Connects 3scale on its page (3scale › Connection) with the test server's full token, then returns to Charging & Gateway. */
export async function connectThreescale(page: Page, domain: string, token: string): Promise<void> {
  await page.getByRole('button', { name: 'Connection', exact: true }).click();
  const connection = card(page, '3scale connection');
  await connection.getByLabel('Admin portal domain').fill(domain);
  await connection.getByLabel('Access token').fill(token);
  await connection.getByRole('button', { name: 'Verify and save' }).click();
  await expectFlash(page, 'Connected to');
  await page.getByRole('button', { name: 'Charging & Gateway' }).click();
}
