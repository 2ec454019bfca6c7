// The Invoices screen against the two test servers (one world: 3scale charges through the
// Stripe test server): the table and its summary, an invoice's details and links, "Charge
// now" (paid, declined), an invoice paid in Stripe only and "Mark as paid in 3scale", and a
// retry run with its plan, confirmation, pause, resume, cancel and CSV export; "Cancel loading"
// of a slow load (partial rows, a charge refused, Reload with the same filters).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ACCOUNT, KEYS } from '../support/stripe-fixtures';
import { THREESCALE_PROVIDER, THREESCALE_TOKENS_BY_NAME } from '../support/threescale-fixtures';
import type { FakeStripe } from '../stripe-server/server';
import { stripeFor } from '../stripe-server/testing';
import { accountReference, type FakeThreescale } from '../threescale-server/server';
import { expect, test } from './fixtures';
import { answerDialog, card, connectThreescale, dialog, expectFlash, fillKeySet, screenshot, setUpStripe } from './helpers';

const MONTH = new Date().toISOString().slice(0, 7);

/** An attempt through 3scale's own charge.json, as its monthly billing makes them. */
async function chargeIn3scale(threescale: FakeThreescale, invoiceId: number): Promise<void> {
  const response = await fetch(`${threescale.url}/api/invoices/${invoiceId}/charge.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `access_token=${THREESCALE_TOKENS_BY_NAME.all}`,
  });
  await response.text();
}

/**
 * A developer account with its Stripe customer and card as 3scale leaves them (the card
 * seeded as fine when saved: a declining test card could not be saved through a SetupIntent),
 * and one invoice of this month.
 */
async function invoiceOf(stripe: FakeStripe, threescale: FakeThreescale, orgName: string, card: string | null, cost: number) {
  const account = await threescale.seedAccount({ orgName });
  const customer = stripe.seedCustomer('test', {
    accountId: ACCOUNT.id,
    description: orgName,
    email: account.email,
    metadata: { '3scale_account_reference': accountReference(THREESCALE_PROVIDER.id, account.id) },
  });
  account.stripeCustomerId = customer.id;
  if (card) {
    const seeded = stripe.seedCard('test', { accountId: ACCOUNT.id, customer: customer.id, token: card });
    account.card = { paymentMethodId: seeded.paymentMethodId, partialNumber: seeded.last4, expiresOn: `${seeded.expYear}-${String(seeded.expMonth).padStart(2, '0')}-01` };
  }
  return threescale.seedInvoice({ buyerAccountId: account.id, state: 'unpaid', lineItems: [{ name: `Pro plan (${orgName})`, cost }] });
}

async function openInvoices(page: Page): Promise<void> {
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  await connectThreescale(page, THREESCALE_PROVIDER.adminDomain, THREESCALE_TOKENS_BY_NAME.all);
  await page.getByRole('button', { name: 'Invoices', exact: true }).click();
}

const table = (page: Page) => page.getByRole('grid', { name: 'Invoices' });
const rowOf = (page: Page, invoiceId: number) => page.getByTestId(`invoice-row-${invoiceId}`);

test('Invoices: the month’s invoices with Stripe’s side, details and links, Charge now (paid, declined), and an invoice paid in Stripe marked as paid in 3scale', async ({
  launch,
  stripe,
  threescale,
}) => {
  test.setTimeout(180_000);
  const globex = await invoiceOf(stripe, threescale, 'Globex', 'pm_card_visa', 120);
  const hooli = await invoiceOf(stripe, threescale, 'Hooli', 'pm_card_chargeDeclinedInsufficientFunds', 80);
  await chargeIn3scale(threescale, hooli.id);
  // Authenticated by the developer later; 3scale never heard of it (no webhook reaches it here).
  const wayne = await invoiceOf(stripe, threescale, 'Wayne Enterprises', 'pm_card_authenticationRequired', 50);
  await chargeIn3scale(threescale, wayne.id);
  const wayneIntent = stripe.paymentIntents('test', ACCOUNT.id).find((pi) => pi.metadata['order_id'] === String(wayne.id));
  stripe.authenticatePaymentIntent(wayneIntent?.id ?? '');
  const paidco = await invoiceOf(stripe, threescale, 'Paidco', 'pm_card_visa', 30);
  await chargeIn3scale(threescale, paidco.id);

  const app = await launch();
  const { page } = app;
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  await connectThreescale(page, THREESCALE_PROVIDER.adminDomain, THREESCALE_TOKENS_BY_NAME.all);
  // Slow answers, so that the load's progress can be seen: it comes from main's events, the page does not poll.
  threescale.setFaults({ latencyMs: 400 });
  stripe.setFaults({ latencyMs: 400 });
  await page.getByRole('button', { name: 'Invoices', exact: true }).click();
  const progress = page.getByTestId('invoices-progress');
  await expect(progress).toContainText(/Reading (developer accounts and their cards from 3scale|payments from Stripe)/);
  await expect(progress).toContainText(/\d+ requests/);
  await screenshot(page, 'invoices-loading');
  threescale.setFaults({ latencyMs: 0 });
  stripe.setFaults({ latencyMs: 0 });
  await expect(page.getByRole('textbox', { name: 'Month' })).toHaveValue(MONTH);
  await expect(table(page).locator('tbody > tr[data-testid]')).toHaveCount(4);
  if (app.bridgeCalls) expect(app.bridgeCalls.filter((c) => c === 'invoices:get').length).toBeLessThanOrEqual(3);

  // The table: state, amount in its currency, attempts, 3scale's message and Stripe's side in plain words.
  await expect(rowOf(page, globex.id)).toContainText('Globex');
  await expect(rowOf(page, globex.id)).toContainText('€120.00');
  await expect(rowOf(page, globex.id)).toContainText('0 attempts');
  await expect(rowOf(page, hooli.id)).toContainText('1 attempt');
  await expect(rowOf(page, hooli.id)).toContainText('Stripe: Failed');
  await expect(rowOf(page, hooli.id)).toContainText('Insufficient funds');
  await expect(rowOf(page, paidco.id)).toContainText('Paid');
  await expect(rowOf(page, paidco.id).getByRole('button', { name: 'Charge now' })).toHaveCount(0);
  // Paid in Stripe, unpaid in 3scale: flagged in red, never offered for a charge.
  const wayneRow = rowOf(page, wayne.id);
  await expect(wayneRow).toHaveClass(/invoice-row-paid-in-stripe/);
  await expect(wayneRow.getByTestId('paid-in-stripe')).toContainText('Paid in Stripe, unpaid in 3scale€50.00 on');
  await expect(wayneRow.getByRole('button', { name: 'Charge now' })).toHaveCount(0);
  const summary = page.getByTestId('invoices-summary');
  await expect(summary).toContainText('EUR');
  await expect(summary.getByRole('row', { name: /^EUR/ })).toContainText('€30.00'); // paid
  await expect(summary.getByRole('row', { name: /^EUR/ })).toContainText('€50.00'); // paid in Stripe only
  await screenshot(page, 'invoices', { full: true });

  // The search narrows the rows (main's query follows), and clearing it brings them back.
  await page.getByRole('textbox', { name: 'Search by invoice id or organisation' }).fill('hool');
  await expect(table(page).locator('tbody > tr[data-testid]')).toHaveCount(1);
  await page.getByRole('textbox', { name: 'Search by invoice id or organisation' }).fill('');
  await expect(table(page).locator('tbody > tr[data-testid]')).toHaveCount(4);

  // Details: line items, every attempt with its PaymentIntent, and links opened by main.
  await rowOf(page, hooli.id).getByRole('button', { name: 'Details' }).click();
  const details = page.getByTestId(`invoice-details-${hooli.id}`);
  await expect(details.getByRole('grid', { name: /Line items/ }).or(details.getByRole('table', { name: /Line items/ }))).toContainText('Pro plan (Hooli)');
  const hooliIntent = stripe.paymentIntents('test', ACCOUNT.id).find((pi) => pi.metadata['order_id'] === String(hooli.id));
  const attempts = details.getByRole('grid', { name: /Payment attempts/ }).or(details.getByRole('table', { name: /Payment attempts/ }));
  await expect(attempts).toContainText(hooliIntent?.id ?? 'pi_?');
  await expect(attempts).toContainText('Insufficient funds');
  await expect(attempts).toContainText('•••• 9995');
  await screenshot(page, 'invoices-details', { full: true });
  await details.getByRole('button', { name: 'Open invoice in the admin portal' }).click();
  await details.getByRole('button', { name: 'Open payment in the Stripe Dashboard' }).click();
  if (app.openedUrls) {
    await expect.poll(() => app.openedUrls?.length).toBe(2);
    expect(app.openedUrls[0]).toContain(THREESCALE_PROVIDER.adminDomain);
    expect(app.openedUrls[0]).toContain(String(hooli.id));
    expect(app.openedUrls[1]).toBe(`https://dashboard.stripe.com/test/payments/${hooliIntent?.id}`);
  }
  await expect(details.getByTestId('invoice-details-error')).toHaveCount(0);

  // Charge now, paid: the dialog states organisation, amount, card, in test mode's colour.
  await rowOf(page, globex.id).getByRole('button', { name: 'Charge now' }).click();
  const charge = dialog(page);
  await expect(charge).toContainText('Charge invoice');
  await expect(charge).toContainText('Globex');
  await expect(charge).toContainText('€120.00');
  await expect(charge).toContainText('•••• 4242');
  await expect(charge.getByTestId('money-mode')).toContainText('TEST MODE');
  await screenshot(page, 'invoices-charge-confirm');
  await charge.getByRole('button', { name: 'Charge €120.00' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(rowOf(page, globex.id)).toContainText('Paid');
  await expect(rowOf(page, globex.id).getByRole('status')).toContainText('Paid');
  await expect(rowOf(page, globex.id).getByRole('button', { name: 'Charge now' })).toHaveCount(0);
  expect(threescale.world.invoices.get(globex.id)?.state).toBe('paid');

  // Charge now, declined: the reason in place, the invoice still chargeable.
  await rowOf(page, hooli.id).getByRole('button', { name: 'Charge now' }).click();
  await dialog(page).getByRole('button', { name: 'Charge €80.00' }).click();
  await expect(rowOf(page, hooli.id).getByRole('status')).toContainText('Declined: insufficient funds', { ignoreCase: true });
  await expect(rowOf(page, hooli.id)).toContainText('2 attempts');
  // The open details follow: both attempts.
  await expect(attempts.locator('tbody tr')).toHaveCount(2);
  await screenshot(page, 'invoices-charged', { full: true });

  // Mark as paid in 3scale: the dialog shows the Stripe payment first.
  await wayneRow.getByRole('button', { name: 'Mark as paid in 3scale' }).click();
  const mark = dialog(page);
  await expect(mark).toContainText(wayneIntent?.id ?? 'pi_?');
  // The invoice's total next to what the payment took: they agree.
  await expect(mark.getByRole('term').filter({ hasText: 'Invoice total' }).locator('xpath=..')).toContainText('€50.00');
  await expect(mark.getByRole('term').filter({ hasText: 'Amount paid' }).locator('xpath=..')).toContainText('€50.00');
  await expect(mark.getByTestId('mark-paid-mismatch')).toHaveCount(0);
  await expect(mark).toContainText('•••• 3184');
  await expect(mark).toContainText('nothing is charged');
  await expect(mark).toContainText(wayne.friendlyId);
  await screenshot(page, 'invoices-mark-paid');
  await mark.getByRole('button', { name: 'Mark as paid in 3scale' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(wayneRow.getByRole('status')).toContainText('Marked as paid in 3scale');
  await expect(wayneRow).not.toHaveClass(/invoice-row-paid-in-stripe/);
  expect(threescale.world.invoices.get(wayne.id)?.state).toBe('paid');
  // Never twice: one succeeded PaymentIntent for it, the one the developer authenticated.
  const succeeded = stripe.paymentIntents('test', ACCOUNT.id).filter((pi) => pi.metadata['order_id'] === String(wayne.id) && pi.status === 'succeeded');
  expect(succeeded.map((pi) => pi.id)).toEqual([wayneIntent?.id]);
  await screenshot(page, 'invoices-marked-paid', { full: true });
});

test('Invoices: a payment in Stripe that took less than the invoice total is shown beside it and cannot mark the invoice paid', async ({
  launch,
  stripe,
  threescale,
}) => {
  test.setTimeout(120_000);
  // The developer paid part of the invoice by another route; the payment names the invoice.
  const oscorp = await invoiceOf(stripe, threescale, 'Oscorp', 'pm_card_visa', 50);
  const account = threescale.world.accounts.get(oscorp.buyerAccountId);
  const partial = await stripeFor(stripe, KEYS.testSecret).paymentIntents.create({
    amount: 4000,
    currency: 'eur',
    customer: account?.stripeCustomerId ?? '',
    payment_method: account?.card?.paymentMethodId ?? '',
    off_session: true,
    confirm: true,
    description: `Acme API API services ${oscorp.friendlyId}`,
  });
  const { page } = await launch();
  await openInvoices(page);
  await rowOf(page, oscorp.id).getByRole('button', { name: 'Mark as paid in 3scale' }).click();
  const mark = dialog(page);
  await expect(mark).toContainText(partial.id);
  await expect(mark.getByRole('term').filter({ hasText: 'Invoice total' }).locator('xpath=..')).toContainText('€50.00');
  await expect(mark.getByRole('term').filter({ hasText: 'Amount paid' }).locator('xpath=..')).toContainText('€40.00');
  await expect(mark.getByTestId('mark-paid-mismatch')).toContainText('The amount paid differs from the invoice total');
  await expect(mark.getByRole('button', { name: 'Mark as paid in 3scale' })).toBeDisabled();
  await screenshot(page, 'invoices-mark-paid-mismatch');
  expect(threescale.world.invoices.get(oscorp.id)?.state).toBe('unpaid');
});

test('Invoices: a retry run — plan with what is left out and why, confirmation with count and totals, pause, resume, cancel, results and CSV export', async ({
  launch,
  stripe,
  threescale,
}, testInfo) => {
  test.setTimeout(180_000);
  // More invoices than the run charges at once, so that it can be paused and cancelled midway.
  const chargeable = [];
  for (let n = 1; n <= 30; n += 1) chargeable.push(await invoiceOf(stripe, threescale, `Dev ${String(n).padStart(2, '0')} Ltd`, 'pm_card_visa', 10));
  const broke = await invoiceOf(stripe, threescale, 'Broke Co', 'pm_card_chargeDeclinedInsufficientFunds', 25);
  await chargeIn3scale(threescale, broke.id);
  const stolen = await invoiceOf(stripe, threescale, 'Stolen Card GmbH', 'pm_card_chargeDeclinedStolenCard', 40);
  await chargeIn3scale(threescale, stolen.id);
  const nocard = await invoiceOf(stripe, threescale, 'No Card SA', null, 15);

  const csvFile = testInfo.outputPath('retry-run.csv');
  const { page } = await launch({ env: { BILLING_DESK_TEST_SAVE_CSV: csvFile } });
  await openInvoices(page);
  await expect(table(page).locator('tbody > tr[data-testid]')).toHaveCount(33);

  // The plan: what will be charged, what is left out and why, totals per currency.
  await page.getByRole('button', { name: 'Retry failed charges' }).click();
  const plan = dialog(page);
  await expect(plan.getByTestId('retry-plan-summary')).toContainText('31 invoices to charge, for a total of €325.00');
  await expect(plan.getByTestId('retry-plan-summary')).toContainText('2 invoices left out: Hard decline (1), No card in 3scale (1)');
  // Each thing said once: the count and totals in the summary, the tables under their own headings.
  await expect(plan.getByText('€325.00')).toHaveCount(1);
  await expect(plan.getByRole('heading', { name: 'Invoices to charge' })).toHaveCount(1);
  await expect(plan.getByRole('heading', { name: 'Invoices left out, and why' })).toHaveCount(1);
  const left = plan.getByRole('grid', { name: 'Invoices left out' }).or(plan.getByRole('table', { name: 'Invoices left out' }));
  await expect(left.getByRole('row', { name: /Stolen Card GmbH/ })).toContainText('Hard decline');
  await expect(left.getByRole('row', { name: /No Card SA/ })).toContainText('No card in 3scale');
  await screenshot(page, 'invoices-retry-plan');

  // The confirmation states count and totals, in test mode's colour.
  await plan.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog(page).getByTestId('retry-confirm-text')).toContainText('charge 31 invoices through 3scale, for a total of €325.00');
  await expect(dialog(page).getByTestId('money-mode')).toContainText('TEST MODE');
  await screenshot(page, 'invoices-retry-confirm');
  // Slow charges inside 3scale, so that the run can be paused and cancelled midway.
  threescale.setFaults({ chargeDelayMs: 1000 });
  await dialog(page).getByRole('button', { name: 'Charge 31 invoices' }).click();
  const run = page.getByTestId('retry-run');
  await expect(run.getByTestId('retry-run-status')).toHaveText('Running');
  await run.getByRole('button', { name: 'Pause' }).click();
  await expect(run.getByTestId('retry-run-status')).toHaveText('Paused');
  const results = run.getByRole('grid', { name: 'Retry run results' }).or(run.getByRole('table', { name: 'Retry run results' }));
  // The charges already sent finish; then nothing more is charged.
  await expect(results.getByText('Charging…')).toHaveCount(0, { timeout: 20_000 });
  const pausedAt = Number(await run.getByTestId('retry-count-waiting').textContent());
  expect(pausedAt).toBeGreaterThan(0);
  // An invoice the run has yet to charge cannot be charged from its row meanwhile.
  await expect(rowOf(page, broke.id)).toContainText('In the retry run');
  await expect(rowOf(page, broke.id).getByRole('button', { name: 'Charge now' })).toHaveCount(0);
  // One the run has paid offers no Charge now either, though the row still shows 3scale's state from before the run.
  const paidSoFar = Number(await run.getByTestId('retry-count-paid').textContent());
  expect(paidSoFar).toBeGreaterThan(0);
  await expect(table(page).getByText('Paid by the retry run')).toHaveCount(paidSoFar);
  await expect(page.getByRole('button', { name: 'Retry failed charges' })).toBeDisabled();
  await screenshot(page, 'invoices-retry-paused', { full: true });
  const succeededWhilePaused = stripe.paymentIntents('test', ACCOUNT.id).filter((pi) => pi.status === 'succeeded').length;
  await page.waitForTimeout(2000);
  await expect(run.getByTestId('retry-count-waiting')).toHaveText(String(pausedAt));
  expect(stripe.paymentIntents('test', ACCOUNT.id).filter((pi) => pi.status === 'succeeded')).toHaveLength(succeededWhilePaused);

  // Slower still, so that Cancel lands while invoices are waiting, even on a busy machine.
  threescale.setFaults({ chargeDelayMs: 3000 });
  await run.getByRole('button', { name: 'Resume' }).click();
  await expect(run.getByTestId('retry-run-status')).toHaveText('Running');
  await run.getByRole('button', { name: 'Cancel run' }).click();
  await answerDialog(page, 'Cancel the run?', 'OK');
  await expect(run.getByTestId('retry-run-status')).toHaveText('Cancelled', { timeout: 20_000 });
  const waiting = Number(await run.getByTestId('retry-count-waiting').textContent());
  expect(waiting).toBeGreaterThan(0); // cancelled before the end: those stay as they are in 3scale
  await expect(results.getByRole('row', { name: /Dev 01 Ltd/ })).toContainText('Paid');
  await screenshot(page, 'invoices-retry-cancelled', { full: true });

  await run.getByRole('button', { name: 'Export CSV' }).click();
  await expect(run).toContainText(`The results were exported to ${csvFile}`);
  const csv = await readFile(csvFile, 'utf8');
  expect(csv).toContain(chargeable[0]?.friendlyId ?? '?');
  expect(csv).toContain('Dev 01 Ltd');
  expect(csv).not.toContain(nocard.friendlyId);

  // Never twice: at most one succeeded PaymentIntent per invoice.
  const succeeded = stripe.paymentIntents('test', ACCOUNT.id).filter((pi) => pi.status === 'succeeded').map((pi) => pi.metadata['order_id']);
  expect(new Set(succeeded).size).toBe(succeeded.length);
  // The invoices table follows the run.
  await expect(rowOf(page, chargeable[0]?.id ?? 0)).toContainText('Paid');
});

test('Invoices in live mode: Charge now and a retry run say so in live mode’s colour, and the run starts only once the count is typed', async ({
  launch,
  stripe,
  threescale,
}) => {
  test.setTimeout(180_000);
  const first = await invoiceOf(stripe, threescale, 'Live One Ltd', 'pm_card_visa', 10);
  await invoiceOf(stripe, threescale, 'Live Two Ltd', 'pm_card_visa', 20);
  const { page } = await launch();
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  await fillKeySet(page, 'live', { secret: KEYS.liveSecret, publishable: KEYS.livePublishable, webhook: KEYS.liveWebhook });
  const gateway = card(page, 'Credit card gateway');
  await gateway.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFlash(page, 'Payment gateway details were successfully saved');
  await gateway.getByRole('button', { name: 'Switch to live mode' }).click();
  await answerDialog(page, 'Live mode uses real cards and real money', 'OK');
  await expect(page.getByTestId('mode-banner')).toContainText('LIVE MODE');
  await connectThreescale(page, THREESCALE_PROVIDER.adminDomain, THREESCALE_TOKENS_BY_NAME.all);
  await page.getByRole('button', { name: 'Invoices', exact: true }).click();
  await expect(table(page).locator('tbody > tr[data-testid]')).toHaveCount(2);

  await rowOf(page, first.id).getByRole('button', { name: 'Charge now' }).click();
  await expect(dialog(page).getByTestId('money-mode')).toContainText('LIVE MODE');
  await expect(dialog(page)).toContainText('•••• 4242');
  await expect(dialog(page).getByTestId('money-mode')).toHaveCSS('background-color', 'rgb(201, 25, 11)');
  await expect(dialog(page).getByRole('button', { name: 'Charge €10.00' })).toHaveClass(/pf-m-danger/);
  await screenshot(page, 'invoices-live-charge-confirm');
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog(page)).toHaveCount(0);

  await page.getByRole('button', { name: 'Retry failed charges' }).click();
  await expect(dialog(page).getByTestId('retry-plan-summary')).toContainText('2 invoices to charge, for a total of €30.00');
  await dialog(page).getByRole('button', { name: 'Continue' }).click();
  const start = dialog(page).getByRole('button', { name: 'Charge 2 invoices' });
  await expect(dialog(page).getByTestId('money-mode')).toContainText('LIVE MODE');
  await expect(start).toBeDisabled();
  await dialog(page).getByLabel('Type 2 to confirm').fill('3');
  await expect(dialog(page)).toContainText('Type the number of invoices to charge: 2.');
  await expect(start).toBeDisabled();
  await dialog(page).getByLabel('Type 2 to confirm').fill('2');
  await expect(start).toBeEnabled();
  await screenshot(page, 'invoices-live-retry-confirm');
  // Not started here: 3scale's test server charges in test mode only. Back out; nothing was charged.
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('retry-run')).toHaveCount(0);
  expect(stripe.paymentIntents('live', ACCOUNT.id)).toHaveLength(0);
  expect(stripe.paymentIntents('test', ACCOUNT.id)).toHaveLength(0);
});

test('Invoices: a run the app did not finish is offered for resume at the next start, and resuming charges each invoice once', async ({
  launch,
  stripe,
  threescale,
}) => {
  test.setTimeout(180_000);
  const invoices = [];
  for (let n = 1; n <= 24; n += 1) invoices.push(await invoiceOf(stripe, threescale, `Resume ${String(n).padStart(2, '0')} Ltd`, 'pm_card_visa', 10));
  const first = await launch();
  let page = first.page;
  await openInvoices(page);
  await expect(table(page).locator('tbody > tr[data-testid]')).toHaveCount(24);
  await page.getByRole('button', { name: 'Retry failed charges' }).click();
  await dialog(page).getByRole('button', { name: 'Continue' }).click();
  threescale.setFaults({ chargeDelayMs: 1000 });
  await dialog(page).getByRole('button', { name: 'Charge 24 invoices' }).click();
  let run = page.getByTestId('retry-run');
  await expect(run.getByTestId('retry-run-status')).toHaveText('Running');
  await run.getByRole('button', { name: 'Pause' }).click();
  await expect(run.getByText('Charging…')).toHaveCount(0, { timeout: 20_000 });
  expect(Number(await run.getByTestId('retry-count-waiting').textContent())).toBeGreaterThan(0);
  await first.close();

  // The next start: the run is read back from its journal and offered for resume.
  threescale.setFaults({ chargeDelayMs: 0 });
  page = (await launch({ userDataDir: first.userDataDir })).page;
  await page.getByRole('button', { name: 'Invoices', exact: true }).click();
  run = page.getByTestId('retry-run');
  await expect(run.getByTestId('retry-run-status')).toHaveText('Interrupted');
  await expect(run).toContainText('This run was interrupted');
  await screenshot(page, 'invoices-retry-interrupted', { full: true });
  await run.getByRole('button', { name: 'Resume the run' }).click();
  await expect(run.getByTestId('retry-run-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(run.getByTestId('retry-count-paid')).toHaveText('24');
  await expect(run.getByTestId('retry-count-waiting')).toHaveText('0');
  // Never twice: one succeeded PaymentIntent per invoice, across the two starts.
  const succeeded = stripe.paymentIntents('test', ACCOUNT.id).filter((pi) => pi.status === 'succeeded').map((pi) => pi.metadata['order_id']);
  expect(succeeded.sort()).toEqual(invoices.map((invoice) => String(invoice.id)).sort());
  // The table is read again once the run is over.
  for (const invoice of invoices.slice(0, 3)) await expect(rowOf(page, invoice.id)).toContainText('Paid');
  await screenshot(page, 'invoices-retry-done', { full: true });
});

test('Invoices: a run cancelled with a charge of unknown outcome is offered only for checking, which charges nothing else and ends it cancelled', async ({
  launch,
  stripe,
  threescale,
}) => {
  test.setTimeout(120_000);
  const sent = await invoiceOf(stripe, threescale, 'Sent Before Cancel Ltd', 'pm_card_visa', 30);
  const waiting = await invoiceOf(stripe, threescale, 'Never Charged Ltd', 'pm_card_visa', 40);
  const first = await launch();
  await openInvoices(first.page);
  await expect(table(first.page).locator('tbody > tr[data-testid]')).toHaveCount(2);
  await first.close();

  // As a cancel followed by a crash leaves it: the run file says cancelled, the log holds the
  // send of the first invoice with no answer; that request did reach 3scale, which charged it.
  const target = (invoice: typeof sent, organisation: string, cost: number) => ({
    invoiceId: invoice.id,
    friendlyId: invoice.friendlyId,
    accountId: invoice.buyerAccountId,
    organisation,
    total: { amountMinor: cost * 100, currency: 'EUR' },
    month: MONTH,
    listPage: 1,
    paymentsSince: 0,
    customers: [],
  });
  const items = [target(sent, 'Sent Before Cancel Ltd', 30), target(waiting, 'Never Charged Ltd', 40)];
  const dir = path.join(first.userDataDir, 'invoice-runs');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'run.json'), JSON.stringify({ version: 1, runId: 'run-cancelled-e2e', mode: 'test', startedAt: new Date().toISOString(), status: 'cancelled', items }));
  await writeFile(path.join(dir, 'run.log'), `${JSON.stringify({ e: 'send', id: sent.id, at: Date.now() - 60_000, before: [], target: items[0], mode: 'test' })}\n`);
  await chargeIn3scale(threescale, sent.id);
  const chargesBefore = threescale.requests.filter((r) => r.path.endsWith('/charge.json')).length;

  const { page } = await launch({ userDataDir: first.userDataDir });
  await page.getByRole('button', { name: 'Invoices', exact: true }).click();
  const run = page.getByTestId('retry-run');
  await expect(run.getByTestId('retry-run-status')).toHaveText('Interrupted');
  await expect(run).toContainText('This run was cancelled, but some of its charges have no known outcome yet.');
  await expect(run.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await screenshot(page, 'invoices-retry-check-only', { full: true });
  await run.getByRole('button', { name: 'Check the open charges' }).click();
  await expect(run.getByTestId('retry-run-status')).toHaveText('Cancelled', { timeout: 30_000 });
  await expect(run.getByTestId('retry-count-paid')).toHaveText('1');
  await expect(run.getByTestId('retry-count-waiting')).toHaveText('1');
  expect(threescale.requests.filter((r) => r.path.endsWith('/charge.json')).length).toBe(chargesBefore);
  await screenshot(page, 'invoices-retry-checked', { full: true });
});

test('Invoices: Cancel loading stops a slow load; what was read is shown as possibly incomplete, a charge is refused, and Reload loads the month whole with the same filters', async ({
  launch,
  stripe,
  threescale,
}) => {
  test.setTimeout(180_000);
  // Enough unpaid invoices that reading their transactions (3scale, 5 requests/s) takes seconds.
  const globex = await invoiceOf(stripe, threescale, 'Globex', 'pm_card_visa', 120);
  for (let i = 1; i < 30; i += 1) await invoiceOf(stripe, threescale, `Initrode ${i}`, null, 10);
  const { page } = await launch();
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  await connectThreescale(page, THREESCALE_PROVIDER.adminDomain, THREESCALE_TOKENS_BY_NAME.all);
  threescale.setFaults({ latencyMs: 1000 });
  stripe.setFaults({ latencyMs: 300 });
  await page.getByRole('button', { name: 'Invoices', exact: true }).click();
  await page.getByRole('combobox', { name: 'State' }).selectOption('unpaid'); // chosen while it loads
  const progress = page.getByTestId('invoices-progress');
  // The rows are in once the transactions are being read (the first of 30 done).
  await expect(progress).toContainText(/Reading payments from Stripe/);
  await expect(progress).toContainText(/[1-9]\d* of 30/, { timeout: 30_000 });
  await screenshot(page, 'invoices-loading-cancellable');
  await page.getByRole('button', { name: 'Cancel loading' }).click();

  const cancelled = page.getByTestId('invoices-load-cancelled');
  await expect(cancelled).toContainText('Loading cancelled: what is shown may be incomplete. Reload to load the month again.');
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel loading' })).toHaveCount(0);
  await expect(page.getByTestId('invoices-loaded-at')).toContainText('Partly loaded');
  await expect(page.getByRole('combobox', { name: 'State' })).toHaveValue('unpaid');
  await expect(page.getByRole('button', { name: 'Retry failed charges' })).toBeDisabled();
  await expect(rowOf(page, globex.id)).toContainText('Globex');
  const requests = threescale.requests.length;
  await screenshot(page, 'invoices-load-cancelled');
  // Nothing more is read from 3scale once cancelled (what was on its way when cancelled aside).
  await page.waitForTimeout(2500);
  expect(threescale.requests.length).toBeLessThanOrEqual(requests + 8);
  await expect(page.getByTestId('invoices-load-cancelled')).toBeVisible();

  // No charge on what a cancelled load read (main refuses it too: invoices-screen.test.ts).
  threescale.setFaults({ latencyMs: 0 });
  stripe.setFaults({ latencyMs: 0 });
  await expect(rowOf(page, globex.id).getByRole('button', { name: 'Charge now' })).toBeDisabled();
  expect(threescale.requests.filter((r) => r.path.endsWith('/charge.json'))).toHaveLength(0);

  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('invoices-loaded-at')).toContainText(/^Loaded /);
  await expect(cancelled).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'State' })).toHaveValue('unpaid');
  await expect(table(page).locator('tbody > tr[data-testid]')).toHaveCount(30);
  await expect(page.getByRole('button', { name: 'Retry failed charges' })).toBeEnabled();
  await expect(rowOf(page, globex.id).getByRole('button', { name: 'Charge now' })).toBeEnabled();
});
