// Main pushes what changes by itself (connectivity, a customers load's progress): the
// page follows without asking again.
import { startFakeStripe } from '../stripe-server/server';
import { ACCOUNT, FAKE_KEYS } from '../support/stripe-fixtures';
import { expect, test } from './fixtures';

test('Stripe going away and coming back is shown as main finds it, without the page polling', async ({ launch, stripe }) => {
  const app = await launch();
  const { page } = app;
  const status = page.getByTestId('connectivity');
  await expect(status).toHaveText('Stripe reachable');
  const asked = () => (app.bridgeCalls ?? []).filter((c) => c.startsWith('connectivity:')).length;
  const askedAtStart = asked();

  const port = stripe.port;
  await stripe.stop();
  // Main's own probe (every 5 s online in the harness) finds Stripe gone and says so.
  await expect(status).toContainText('Offline: Stripe cannot be reached', { timeout: 30_000 });
  const back = await startFakeStripe({ keys: FAKE_KEYS, accounts: [ACCOUNT], port });
  try {
    // Main probes again with backoff while offline; no click on "Retry now".
    await expect(status).toHaveText('Stripe reachable', { timeout: 30_000 });
  } finally {
    await back.stop();
  }
  if (app.bridgeCalls) expect(asked()).toBe(askedAtStart);
});
