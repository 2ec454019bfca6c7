// The boundary in a real browser (Chromium, as the e2e specs use) with a screen that
// throws while drawing: a plain account without a stack, the typing sent as a draft at
// once, and "Reload this screen" drawing the screen again with the typing still there.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let browser: Browser;
let bundle: string;
let page: Page;

function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

beforeAll(async () => {
  const built = await build({
    entryPoints: [path.join(import.meta.dirname, 'screen-error-boundary.page.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    loader: { '.css': 'empty' },
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  bundle = built.outputFiles[0]?.text ?? '';
  const executablePath = chromiumExecutable();
  browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: bundle });
  await page.getByLabel('Invoice footnote').waitFor();
}, 60_000);

const draftsSent = () => page.evaluate(() => window.draftsSent.map((form) => form['billing.invoiceFootnote']));

describe('ScreenErrorBoundary', () => {
  it('tells what happened in plain words, keeps the typing as a draft at once, and reloads the screen', async () => {
    await page.getByLabel('Invoice footnote').fill('Bank: Example Bank');
    await page.evaluate(() => {
      window.breakScreen = true;
    });
    await page.getByLabel('Invoice footnote').fill('Bank: Example Bank, IBAN XX00');

    const notice = page.getByTestId('screen-error');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('The Charging & Gateway screen stopped working');
    await page.getByText('What you typed is kept as a draft').waitFor();
    // The boundary sends the very latest typing at once and says so when main has it.
    expect((await draftsSent()).at(-1)).toBe('Bank: Example Bank, IBAN XX00');
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toMatch(/TypeError|Cannot read|reading 'rows'|\bat \w+ \(/);

    await page.evaluate(() => {
      window.breakScreen = false;
    });
    await page.getByRole('button', { name: 'Reload this screen' }).click();
    expect(await page.getByLabel('Invoice footnote').inputValue()).toBe('Bank: Example Bank, IBAN XX00');
    expect(await page.getByTestId('screen-error').count()).toBe(0);
  }, 60_000);

  it('says so when the typing could not be kept as a draft', async () => {
    await page.evaluate(() => {
      window.breakDraft = true;
      window.breakScreen = true;
    });
    await page.getByLabel('Invoice footnote').fill('typed');
    await page.getByText('could not be kept as a draft').waitFor();
    expect(await page.getByTestId('screen-error-draft').textContent()).toContain('still in the form');
  }, 60_000);
});
