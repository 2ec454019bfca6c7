// Playwright fixtures: a fresh Stripe-compatible and 3scale-compatible test server per
// test (one world), and the app launched against them.
import { test as base } from '@playwright/test';
import { STRIPE_API_BASE_ENV } from '../../main/stripe/stripe-connection';
import { THREESCALE_BASE_URL_ENV } from '../../main/threescale/admin-domain';
import { startFakeStripe, type FakeStripe } from '../stripe-server/server';
import { startFakeThreescale, type FakeThreescale } from '../threescale-server/server';
import { ACCOUNT, FAKE_KEYS, KEYS } from '../support/stripe-fixtures';
import { THREESCALE_PROVIDER, THREESCALE_TOKENS } from '../support/threescale-fixtures';
import { launchApp, type LaunchOptions, type LaunchedApp } from './harness';

interface Fixtures {
  stripe: FakeStripe;
  /** This test's 3scale server, sharing one world with its Stripe server. */
  threescale: FakeThreescale;
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
  threescale: async ({ stripe }, use) => {
    const server = await startFakeThreescale({
      provider: THREESCALE_PROVIDER,
      tokens: THREESCALE_TOKENS,
      stripe: { url: stripe.url, secretKey: KEYS.testSecret },
    });
    await use(server);
    await server.stop();
  },
  launch: async ({ stripe, threescale }, use) => {
    const launched: LaunchedApp[] = [];
    await use(async (options = {}) => {
      const app = await launchApp({
        ...options,
        env: { [STRIPE_API_BASE_ENV]: stripe.url, [THREESCALE_BASE_URL_ENV]: threescale.url, ...options.env },
      });
      launched.push(app);
      return app;
    });
    for (const app of launched) await app.close().catch(() => undefined);
  },
});

export { expect } from '@playwright/test';
