// The Month-end screen against both test servers: a seeded month (every case of the report,
// EUR and USD, daily payouts) loaded, its totals, payouts, charts (present, with their labels)
// and every mismatch list with the seeded counts; the CSV and the PDF exported through the save
// dialog (the PDF's first page turned into a PNG beside the screenshots when pdftoppm exists);
// the month closed, then changed in Stripe and 3scale, and reopened: what changed is listed.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { seedMonthEndWorld } from '../support/month-end-fixtures';
import { ACCOUNT, KEYS } from '../support/stripe-fixtures';
import { THREESCALE_PROVIDER, THREESCALE_TOKENS_BY_NAME as TOKENS } from '../support/threescale-fixtures';
import { expect, test } from './fixtures';
import { answerDialog, connectThreescale, expectFlash, screenshot, setUpStripe } from './helpers';

const MISMATCH_LISTS = ['paid_without_stripe_payment', 'paid_in_stripe_not_in_3scale', 'amount_or_currency_differs', 'refunded_or_disputed'] as const;

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('Month-end: a month reconciled, charts, CSV and PDF exported, closed, then changed', async ({ launch, stripe, threescale }, testInfo) => {
  test.setTimeout(240_000);
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const world = seedMonthEndWorld(threescale, stripe, { month, invoices: 400, currencies: ['EUR', 'USD'], payouts: 'daily', seed: 5, stripeAccountId: ACCOUNT.id });
  for (const kind of MISMATCH_LISTS) expect(world.expectedMismatches[kind].length, kind).toBeGreaterThan(0);

  const csvFile = testInfo.outputPath('month-end.csv');
  const pdfFile = testInfo.outputPath('month-end.pdf');
  const app = await launch({ env: { BILLING_DESK_TEST_SAVE_CSV: csvFile, BILLING_DESK_TEST_SAVE_PDF: pdfFile } });
  const { page } = app;
  await setUpStripe(page, { secret: KEYS.testSecret, publishable: KEYS.testPublishable, webhook: KEYS.testWebhook });
  await connectThreescale(page, THREESCALE_PROVIDER.adminDomain, TOKENS.all);

  await page.getByRole('button', { name: 'Month-end', exact: true }).click();
  await expect(page.getByLabel('Month')).toHaveValue(month);
  await screenshot(page, 'month-end-empty');
  await page.getByRole('button', { name: 'Load month' }).click();
  const title = page.getByTestId('month-end-title');
  await expect(title).toContainText(`Month-end report — ${THREESCALE_PROVIDER.orgName}`, { timeout: 60_000 });
  await expect(page.getByText('Test mode', { exact: true }).first()).toBeVisible();

  // Totals per currency and the payouts.
  const totals = page.getByTestId('month-end-totals');
  await expect(totals.getByRole('columnheader', { name: /^EUR \(\d+ invoices\)$/ })).toBeVisible();
  await expect(totals.getByRole('columnheader', { name: /^USD \(\d+ invoices\)$/ })).toBeVisible();
  await expect(totals.getByRole('row', { name: /Stripe fees/ })).toContainText(/[1-9][\d,]*\.\d\d EUR/);
  await expect(page.getByTestId('month-end-payouts').locator('tbody tr')).toHaveCount(world.payouts.length);

  // Every mismatch list with the seeded count, the other business apart.
  for (const kind of MISMATCH_LISTS) await expect(page.getByTestId(`list-${kind}`)).toContainText(String(world.expectedMismatches[kind].length));
  await expect(page.getByTestId('list-stripe_payment_without_invoice')).toContainText(String(world.otherPaymentIntents.length));

  // The charts: one pair per currency, titled, with axis labels and legends.
  for (const currency of ['EUR', 'USD']) {
    const days = page.getByTestId(`chart-collected-${currency}`);
    await expect(days.locator('svg title').first()).toHaveText(new RegExp(`Collected vs. failed per day of .* in ${currency}`));
    await expect(days.locator('svg[role="img"]')).toContainText('Day of the month');
    await expect(days.locator('svg[role="img"]')).toContainText(`Collected (`);
    await expect(days.locator('svg[role="img"]')).toContainText(`Failed (`);
    await expect(days.locator('svg path[role="presentation"]').first()).toBeAttached();
    const fees = page.getByTestId(`chart-fees-${currency}`);
    await expect(fees.locator('svg title').first()).toHaveText(`Stripe fees as a share of the gross per week in ${currency}`);
    await expect(fees.locator('svg[role="img"]')).toContainText('% of gross');
    await expect(fees.locator('svg[role="img"]')).toContainText(/Fees ÷ gross \(month: \d+\.\d\d %\)/);
  }
  await screenshot(page, 'month-end-loaded');
  await screenshot(page, 'month-end-loaded-full', { full: true });

  // CSV: one row per invoice with the 3scale ids, the Stripe ids, fee, net, payout and mismatch.
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expectFlash(page, `exported to ${csvFile}`);
  const csv = (await readFile(csvFile, 'utf8')).trimEnd().split('\r\n');
  expect(csv[0]).toBe('invoice_id,friendly_id,account_id,organisation,state,status,amount,currency,attempts,payment_intents,charges,collected,fee,refunded,disputed,net,payout_ids,payout_dates,mismatch');
  expect(csv).toHaveLength(400 + 1);
  const paidByHand = world.expectedMismatches.paid_without_stripe_payment[0];
  expect(csv.find((line) => line.startsWith(`${paidByHand},`))).toMatch(/,paid,paid_by_hand,.*,paid_without_stripe_payment$/);
  expect(csv.filter((line) => /,po_[A-Za-z0-9]+,\d{4}-\d\d-\d\d,/.test(line)).length).toBeGreaterThan(200);

  // PDF: printed by Chromium from the print stylesheet, saved through the dialog.
  await page.getByRole('button', { name: 'Export PDF' }).click();
  await expectFlash(page, `saved to ${pdfFile}`);
  const pdf = await readFile(pdfFile);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(20_000);
  if (hasPdftoppm()) {
    const prefix = path.join('test-results', 'screenshots', 'month-end-pdf');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '2', pdfFile, prefix]);
    const text = execFileSync('pdftotext', ['-l', '1', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain(`Month-end report — ${THREESCALE_PROVIDER.orgName}`);
    expect(text).toContain('Totals per currency');
    expect(text).not.toContain('Load month'); // the toolbar is not printed
  }

  // Close the month: kept, and nothing changed yet.
  await page.getByRole('button', { name: 'Close month' }).click();
  await answerDialog(page, 'as loaded now are kept', 'OK');
  await expectFlash(page, 'was closed');
  await expect(page.getByTestId('month-end-closed')).toContainText('nothing changed in 3scale or Stripe since');
  await screenshot(page, 'month-end-closed');

  // Meanwhile: a refund in Stripe, and an invoice paid in Stripe only marked paid in 3scale.
  const collected = [...world.cases].find(([, kind]) => kind === 'collected')?.[0];
  const intent = stripe.paymentIntents('test', ACCOUNT.id).find((pi) => pi.metadata['order_id'] === String(collected) && pi.status === 'succeeded');
  if (!collected || !intent) throw new Error('no collected invoice seeded');
  stripe.ledger('test', ACCOUNT.id).refund(intent.id, { amount: 700 });
  const paidInStripe = world.expectedMismatches.paid_in_stripe_not_in_3scale[0] ?? 0;
  const record = threescale.world.invoices.get(paidInStripe);
  if (record) record.state = 'paid';

  await page.getByRole('button', { name: 'Reload' }).click();
  const changes = page.getByTestId('month-end-closed');
  await expect(changes).toContainText('3scale or Stripe changed since', { timeout: 60_000 });
  await expect(changes).toContainText(`Paid in Stripe but not in 3scale: ${world.expectedMismatches.paid_in_stripe_not_in_3scale.length} → ${world.expectedMismatches.paid_in_stripe_not_in_3scale.length - 1}`);
  await expect(changes).toContainText(/Refunded: [\d,.]+ (EUR|USD) → [\d,.]+ (EUR|USD)/);
  await expect(changes).toContainText(/refunded 0\.00 (EUR|USD) → 7\.00 (EUR|USD)/);
  // Statuses and mismatch kinds in the screen's words, never their ids.
  await expect(changes).toContainText('status Paid in Stripe only → Collected; mismatches Paid in Stripe but not in 3scale → none');
  await expect(changes).not.toContainText(/paid_in_stripe|refunded_or_disputed|collectedGross|Minor\b/);
  await expect(page.getByLabel('Month').locator('option:checked')).toHaveText(/\(closed\)$/);
  await screenshot(page, 'month-end-closed-changed');
});
