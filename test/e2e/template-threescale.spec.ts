// The template screen with 3scale: open the Payment Gateway / Show page from the developer
// portal, fix it, save it as draft, publish it after the confirmation; and the conflict when
// the template changes in 3scale between opening and saving.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { FakeThreescale } from '../threescale-server/server';
import { THREESCALE_PROVIDER, THREESCALE_TOKENS_BY_NAME as TOKENS } from '../support/threescale-fixtures';
import { expect, test } from './fixtures';
import { answerDialog, card, dialog, expectFlash, screenshot } from './helpers';

const corpus = (name: string) => readFile(path.resolve('test/templates', `${name}.liquid`), 'utf8');
/** The first answer waits for the template worker to start: seconds on a busy machine. */
const FIRST_ANSWER = { timeout: 60_000 };
const DOMAIN = THREESCALE_PROVIDER.adminDomain;

async function seedPortal(threescale: FakeThreescale, published: string) {
  // Enough other templates that the builtin page is on the list's second page.
  for (let i = 0; i < 105; i += 1) threescale.seedTemplate({ type: 'partial', systemName: `partial_${i}`, published: `<p>${i}</p>` });
  return threescale.seedTemplate({ type: 'builtin_page', systemName: 'accounts/payment_gateways/show', title: "Show User's Payment Details", published });
}

async function connectThreescale(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Connection', exact: true }).click();
  const connection = card(page, '3scale connection');
  await connection.getByLabel('Admin portal domain').fill(DOMAIN);
  await connection.getByLabel('Access token').fill(TOKENS.all);
  await connection.getByRole('button', { name: 'Verify and save' }).click();
  await expectFlash(page, 'Connected to Acme API');
}

async function openFromThreescale(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByRole('button', { name: 'Open from 3scale' }).click();
  await expect(page.getByTestId('template-verdict')).toContainText('Developers cannot enter a card for Stripe on this portal', FIRST_ANSWER);
}

test('open from 3scale → fix → save as draft → publish after the confirmation', async ({ launch, threescale }) => {
  test.setTimeout(120_000);
  const legacy = await corpus('legacy-braintree-authorize');
  const fixed = await corpus('legacy-braintree-authorize.fixed');
  const template = await seedPortal(threescale, legacy);
  const { page, bridgeTraffic } = await launch();

  // Before the connection: said where to go.
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByRole('button', { name: 'Open from 3scale' }).click();
  await expect(page.getByTestId('portal-template-open-failure')).toContainText('Connect 3scale first (3scale › Connection)');

  await connectThreescale(page);
  await openFromThreescale(page);
  await expect(page.locator('#template-source')).toHaveValue(legacy);
  const origin = page.getByTestId('portal-template-origin');
  await expect(origin).toContainText(DOMAIN);
  await expect(origin).toContainText(`Show User's Payment Details (id ${template.id})`);
  await expect(page.getByTestId('portal-template-loaded')).toHaveText('Published');
  await expect(origin).toContainText(template.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  await screenshot(page, 'template-3scale-opened', { full: true });

  await page.getByRole('button', { name: 'Add Stripe branch' }).click();
  await expect(page.getByTestId('template-diff')).toContainText(/^\+\s*{% when "stripe" %}$/m);
  await expect(card(page, '3scale developer portal')).toContainText('Writes the fixed template');

  await card(page, '3scale developer portal').getByRole('button', { name: 'Save as draft in 3scale' }).click();
  await expectFlash(page, `Saved as draft in 3scale (${DOMAIN}); developers still see the published version until you publish.`);
  expect(threescale.world.templates.get(template.id)).toMatchObject({ draft: fixed, published: legacy });
  await expect(page.getByTestId('portal-template-loaded')).toHaveText('Draft (not published)');
  await expect(page.locator('#template-source')).toHaveValue(fixed);
  await expect(page.getByTestId('template-verdict')).toContainText('Stripe payments will work');
  await screenshot(page, 'template-3scale-draft-saved', { full: true });

  // Publishing asks first, naming the portal; Cancel publishes nothing.
  await card(page, '3scale developer portal').getByRole('button', { name: 'Publish' }).click();
  await expect(dialog(page)).toContainText(`on the developer portal of ${DOMAIN}?`);
  await expect(dialog(page)).toContainText('Developers will see it at once');
  await screenshot(page, 'template-3scale-publish-confirmation');
  await answerDialog(page, 'Developers will see it at once', 'Cancel');
  expect(threescale.world.templates.get(template.id)?.published).toBe(legacy);

  await card(page, '3scale developer portal').getByRole('button', { name: 'Publish' }).click();
  await answerDialog(page, `Publish the Payment Gateway / Show template on the developer portal of ${DOMAIN}?`, 'OK');
  await expectFlash(page, `Published on ${DOMAIN}: developers see it now.`);
  expect(threescale.world.templates.get(template.id)).toMatchObject({ draft: null, published: fixed });
  await expect(page.getByTestId('portal-template-loaded')).toHaveText('Published');
  await screenshot(page, 'template-3scale-published', { full: true });

  // Both writes are in the finance log, with the portal and without the token.
  await page.getByRole('button', { name: 'Finance log' }).click();
  await expect(page.getByText(`Saved the Payment Gateway / Show template as draft in 3scale (${DOMAIN})`)).toBeVisible();
  await expect(page.getByText(`Published the Payment Gateway / Show template in 3scale (${DOMAIN})`)).toBeVisible();
  await screenshot(page, 'template-3scale-finance-log', { full: true });
  if (bridgeTraffic) expect(JSON.stringify(bridgeTraffic)).not.toContain(TOKENS.all);
});

test('conflict: the template changed in 3scale since it was opened; nothing is written until the user chooses', async ({ launch, threescale }) => {
  test.setTimeout(120_000);
  const legacy = await corpus('legacy-braintree-authorize');
  const fixed = await corpus('legacy-braintree-authorize.fixed');
  const template = await seedPortal(threescale, legacy);
  const { page } = await launch();
  await connectThreescale(page);
  await openFromThreescale(page);
  await page.getByRole('button', { name: 'Add Stripe branch' }).click();
  await expect(page.getByTestId('template-fix-result')).toContainText('every case block now has a Stripe branch');

  // Someone edits the draft in the admin portal meanwhile.
  const theirs = legacy.replace('</h3>', '</h3>\n<p class="notice">Edited in the admin portal</p>');
  expect(theirs).not.toBe(legacy);
  template.draft = theirs;
  template.updatedAt = new Date(template.updatedAt.getTime() + 60_000);

  const save = () => card(page, '3scale developer portal').getByRole('button', { name: 'Save as draft in 3scale' }).click();
  await save();
  const conflict = page.getByRole('dialog', { name: /The template changed in 3scale/ });
  await expect(conflict).toContainText('since you opened it, so nothing was written');
  await expect(page.getByTestId('portal-template-conflict-diff')).toContainText('-<p class="notice">Edited in the admin portal</p>');
  await expect(page.getByTestId('portal-template-conflict-diff')).toContainText(/^\+\s*{% when "stripe" %}$/m);
  await screenshot(page, 'template-3scale-conflict');
  expect(template.draft).toBe(theirs);

  // Cancel: nothing written, the fix still on screen.
  await conflict.getByRole('button', { name: 'Cancel' }).click();
  await expect(conflict).toHaveCount(0);
  expect(template.draft).toBe(theirs);
  await expect(page.getByTestId('template-diff')).toContainText('{% when "stripe" %}');

  // Keep mine: written over theirs.
  await save();
  await conflict.getByRole('button', { name: /Keep mine and overwrite/ }).click();
  await expectFlash(page, 'Saved as draft in 3scale');
  expect(template.draft).toBe(fixed);

  // Changed again, then Publish: the confirmation, then the conflict; take theirs.
  const again = `${fixed}<!-- edited again -->\n`;
  template.draft = again;
  template.updatedAt = new Date(template.updatedAt.getTime() + 60_000);
  await card(page, '3scale developer portal').getByRole('button', { name: 'Publish' }).click();
  await answerDialog(page, 'Developers will see it at once', 'OK');
  await expect(conflict).toBeVisible();
  await conflict.getByRole('button', { name: 'Take theirs' }).click();
  await expect(page.locator('#template-source')).toHaveValue(again);
  await expect(page.getByTestId('portal-template-loaded')).toHaveText('Draft (not published)');
  expect(template).toMatchObject({ draft: again, published: legacy });

  // 3scale refuses a write: said next to the buttons; the text stays.
  threescale.setFaults({ failNext: [{ status: 403, pathIncludes: '/admin/api/cms/', body: { error: 'Your access token does not have the correct permissions' } }] });
  await save();
  await expect(page.getByTestId('portal-template-failure')).toContainText('may not change developer portal templates (403)');
  await expect(page.getByTestId('portal-template-failure')).toContainText('Your text is kept in the editor.');
  await expect(page.locator('#template-source')).toHaveValue(again);
  await screenshot(page, 'template-3scale-refused', { full: true });
});
