import type { Page } from '@playwright/test';
import { THREESCALE_PROVIDER, THREESCALE_TOKENS_BY_NAME as TOKENS } from '../support/threescale-fixtures';
import { expect, test } from './fixtures';
import { card, expectFlash, screenshot } from './helpers';

const connection = (page: Page) => card(page, '3scale connection');

async function openConnection(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Connection', exact: true }).click();
  await expect(connection(page)).toBeVisible();
}

async function verifyWith(page: Page, domain: string, token: string): Promise<void> {
  await connection(page).getByLabel('Admin portal domain').fill(domain);
  await connection(page).getByLabel('Access token').fill(token);
  await connection(page).getByRole('button', { name: 'Verify and save' }).click();
}

test('3scale: Verify reads the provider and the APIs the token may use, saves the connection and fills the provider details', async ({
  launch,
  threescale,
}) => {
  test.setTimeout(120_000); // two launches and a dozen round trips on a busy machine
  const first = await launch();
  const { page } = first;
  // A provider ID typed by hand earlier, different from 3scale's.
  const provider = card(page, '3scale provider');
  await provider.getByLabel('Provider account ID').fill('1234');
  await provider.getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Provider details were saved');

  await openConnection(page);
  await screenshot(page, 'threescale-empty');
  threescale.requests.length = 0;
  await verifyWith(page, `https://${THREESCALE_PROVIDER.adminDomain}/p/admin/dashboard`, TOKENS.all);
  await expectFlash(page, `Connected to Acme API (provider ${THREESCALE_PROVIDER.id}); the token may use 3 of the 3 APIs.`);
  const said = page.getByTestId('threescale-verification');
  await expect(said).toContainText(String(THREESCALE_PROVIDER.id));
  await expect(said).toContainText('Acme API');
  await expect(said).toContainText(THREESCALE_PROVIDER.adminDomain);
  for (const api of ['billing', 'account_management', 'cms']) await expect(page.getByTestId(`threescale-api-${api}`)).toContainText('Usable');
  await expect(connection(page).getByLabel('Admin portal domain')).toHaveValue(THREESCALE_PROVIDER.adminDomain);
  await expect(connection(page).getByLabel('Access token')).toHaveValue('');
  await expect(connection(page).getByText(/Saved: …a4e1\. Leave empty to keep it\./)).toBeVisible();
  await screenshot(page, 'threescale-verified', { full: true });
  expect(threescale.requests.every((r) => r.tokenVia === 'query')).toBe(true);

  // The token is never sent back to the renderer.
  if (first.bridgeTraffic) expect(JSON.stringify(first.bridgeTraffic)).not.toContain(TOKENS.all);

  // The provider details now come from 3scale.
  await page.getByRole('button', { name: 'Charging & Gateway' }).click();
  await expect(card(page, '3scale provider').getByLabel('Provider account ID')).toHaveValue(String(THREESCALE_PROVIDER.id));
  await expect(card(page, '3scale provider').getByLabel('Provider name')).toHaveValue('Acme API');

  // A value typed by hand that differs from 3scale's is flagged.
  await card(page, '3scale provider').getByLabel('Provider account ID').fill('999');
  await card(page, '3scale provider').getByRole('button', { name: 'Save' }).click();
  await expectFlash(page, 'Provider details were saved');
  await openConnection(page);
  await expect(page.getByTestId('threescale-provider-mismatch')).toContainText(`The provider account ID 999 differs from 3scale's: ${THREESCALE_PROVIDER.id}.`);
  await screenshot(page, 'threescale-provider-mismatch');

  // After a restart the connection is still there, verified with the saved token.
  await first.close();
  const second = await launch({ userDataDir: first.userDataDir });
  await openConnection(second.page);
  await expect(second.page.getByTestId('threescale-verification')).toContainText('Acme API');
  await connection(second.page).getByRole('button', { name: 'Verify and save' }).click();
  await expectFlash(second.page, 'Connected to Acme API');
});

test('3scale: every failure of Verify has its own message, next to its field when it is the field\'s', async ({ launch, threescale }) => {
  const { page } = await launch();
  await openConnection(page);
  const failure = page.getByTestId('threescale-failure');
  const domainField = connection(page).getByLabel('Admin portal domain');
  const tokenField = connection(page).getByLabel('Access token');

  // Checked before anything is sent.
  threescale.requests.length = 0;
  await verifyWith(page, 'http://acme-admin.3scale.net', 'sk_test_FAKEFAKEFAKEFAKE0000004242');
  await expect(connection(page)).toContainText('Only HTTPS: the access token is never sent over plain http.');
  await expect(connection(page)).toContainText('This is a Stripe key, not a 3scale access token.');
  expect(threescale.requests).toHaveLength(0);
  await screenshot(page, 'threescale-invalid-input');
  await verifyWith(page, 'acme.3scale.net', TOKENS.all);
  await expect(connection(page)).toContainText('acme.3scale.net is the developer portal. The admin portal is acme-admin.3scale.net.');

  // A token 3scale refuses.
  await verifyWith(page, THREESCALE_PROVIDER.adminDomain, TOKENS.expired);
  await expect(connection(page)).toContainText('3scale refused the access token (403): it is unknown to acme-admin.3scale.net, expired or revoked.');
  await expect(tokenField).toHaveValue(TOKENS.expired);
  await screenshot(page, 'threescale-bad-token');

  // A wrong domain.
  threescale.setFaults({ failNext: [{ status: 404, pathIncludes: 'provider.json' }] });
  await verifyWith(page, THREESCALE_PROVIDER.adminDomain, TOKENS.all);
  await expect(connection(page)).toContainText('acme-admin.3scale.net is not a 3scale admin portal (404 for /admin/api/provider.json)');
  await expect(domainField).toHaveValue(THREESCALE_PROVIDER.adminDomain);

  // 3scale's own trouble.
  threescale.setFaults({ failNext: [{ status: 500 }] });
  await verifyWith(page, THREESCALE_PROVIDER.adminDomain, TOKENS.all);
  await expect(failure).toContainText('3scale had an internal error (500) answering /admin/api/provider.json.');
  await screenshot(page, 'threescale-server-error');
  threescale.setFaults({ failNext: [{ status: 429 }] });
  await verifyWith(page, THREESCALE_PROVIDER.adminDomain, TOKENS.all);
  await expect(failure).toContainText('3scale is limiting the rate of requests (429).');

  // A dropped connection.
  threescale.setFaults({ dropNext: 1 });
  await verifyWith(page, THREESCALE_PROVIDER.adminDomain, TOKENS.all);
  await expect(failure).toContainText('acme-admin.3scale.net could not be reached');

  // Scopes: saved, with what the token may not do.
  await verifyWith(page, THREESCALE_PROVIDER.adminDomain, TOKENS.noAccountManagement);
  await expectFlash(page, 'Connected to acme-admin.3scale.net; the token may use 2 of the 3 APIs.');
  await expect(page.getByTestId('threescale-api-account_management')).toContainText(
    'The token may not use the Account Management API: give it the “Account Management API” scope',
  );
  await expect(page.getByTestId('threescale-verification')).toContainText('The provider (id, name) can only be read with the “Account Management API” scope');
  await screenshot(page, 'threescale-missing-scope', { full: true });

  // Billing switched off for the provider.
  threescale.setProvider({ financeEnabled: false });
  await verifyWith(page, THREESCALE_PROVIDER.adminDomain, TOKENS.all);
  await expect(page.getByTestId('threescale-api-billing')).toContainText('Billing (the Finance module) is off in 3scale.');
});

test('3scale: an unreachable 3scale is told as such, and what was typed stays in the draft', async ({ launch }) => {
  const { page, userDataDir, close } = await launch({ env: { BILLING_DESK_3SCALE_BASE_URL: 'http://127.0.0.1:47' } });
  await openConnection(page);
  await verifyWith(page, THREESCALE_PROVIDER.adminDomain, TOKENS.all);
  await expect(page.getByTestId('threescale-failure')).toContainText('acme-admin.3scale.net could not be reached: the server refused the connection');
  await screenshot(page, 'threescale-unreachable');
  await page.waitForTimeout(1_000); // the draft is written 400 ms after the last edit
  await close();
  const again = await launch({ userDataDir, env: { BILLING_DESK_3SCALE_BASE_URL: 'http://127.0.0.1:47' } });
  await openConnection(again.page);
  await expect(connection(again.page).getByLabel('Admin portal domain')).toHaveValue(THREESCALE_PROVIDER.adminDomain);
  await expect(connection(again.page)).toContainText('Typed earlier and kept in the draft');
});
