// Offline: the 3scale connection typed while 3scale cannot be reached waits in the draft and
// is verified by the app itself once 3scale answers — in the same session, and after a restart.
import type { Page } from '@playwright/test';
import { THREESCALE_PROVIDER, THREESCALE_TOKENS_BY_NAME as TOKENS } from '../support/threescale-fixtures';
import { expect, test } from './fixtures';
import { card, expectFlash, screenshot } from './helpers';

const connection = (page: Page) => card(page, '3scale connection');

async function verifyWith(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Connection', exact: true }).click();
  await connection(page).getByLabel('Admin portal domain').fill(THREESCALE_PROVIDER.adminDomain);
  await connection(page).getByLabel('Access token').fill(TOKENS.all);
  await connection(page).getByRole('button', { name: 'Verify and save' }).click();
}

test('3scale offline: a Verify that cannot reach 3scale is done by the app once 3scale answers', async ({ launch, threescale }) => {
  const { page } = await launch();
  threescale.setFaults({ dropNext: 2 }); // the Verify and the first try after it
  await verifyWith(page);
  await expect(page.getByTestId('threescale-failure')).toContainText('could not be reached');
  await expect(page.getByTestId('threescale-failure')).toContainText('verified by itself as soon as 3scale answers');
  await screenshot(page, 'threescale-offline-waiting');
  // The app tries again by itself (2 s, then 4 s later) and 3scale now answers.
  await expectFlash(page, '3scale can be reached again: the connection kept in the draft was verified and saved. Connected to Acme API');
  await expect(page.getByTestId('threescale-verification')).toContainText(String(THREESCALE_PROVIDER.id));
  await expect(connection(page).getByText(/Saved: …a4e1\./)).toBeVisible();
  await expect(page.getByTestId('threescale-failure')).toHaveCount(0);
  await screenshot(page, 'threescale-offline-verified-later');
});

test('3scale offline: a connection left in the draft is verified at the next start when 3scale can be reached', async ({ launch }) => {
  test.setTimeout(120_000);
  const offline = await launch({ env: { BILLING_DESK_3SCALE_BASE_URL: 'http://127.0.0.1:47' } });
  await verifyWith(offline.page);
  await expect(offline.page.getByTestId('threescale-failure')).toContainText('could not be reached');
  await offline.page.waitForTimeout(1_000); // the draft is written 400 ms after the last edit
  await offline.close();

  const online = await launch({ userDataDir: offline.userDataDir });
  await online.page.getByRole('button', { name: 'Connection', exact: true }).click();
  await expect(online.page.getByTestId('threescale-verification')).toContainText('Acme API', { timeout: 20_000 });
  await expect(connection(online.page).getByText(/Saved: …a4e1\./)).toBeVisible();
  await screenshot(online.page, 'threescale-offline-verified-at-start');
});
