// Playwright fixtures: a fresh Stripe-compatible test server per test, and the app
// launched against it.
import { test as base } from '@playwright/test';
import { STRIPE_API_BASE_ENV } from '../../main/stripe/stripe-connection';
import { startFakeStripe, type FakeStripe } from '../stripe-server/server';
import { ACCOUNT, FAKE_KEYS } from '../support/stripe-fixtures';
import { launchApp, type LaunchOptions, type LaunchedApp } from './harness';

interface Fixtures {
  stripe: FakeStripe;
  /** Launches the app pointed at this test's Stripe server; closed after the test. */
  launch: (options?: LaunchOptions) => Promise<LaunchedApp>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  stripe: async ({}, use) => {
    const server = await startFakeStripe({ keys: FAKE_KEYS, accounts: [ACCOUNT] });
    await use(server);
    await server.stop();
  },
  launch: async ({ stripe }, use) => {
    const launched: LaunchedApp[] = [];
    await use(async (options = {}) => {
      const app = await launchApp({ ...options, env: { [STRIPE_API_BASE_ENV]: stripe.url, ...options.env } });
      launched.push(app);
      return app;
    });
    for (const app of launched) await app.close().catch(() => undefined);
  },
});

export { expect } from '@playwright/test';
