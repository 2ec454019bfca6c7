// Keys and accounts the tests give the Stripe-compatible test server. Obviously fake,
// the right shape, never real.
import type { FakeAccountSettings, FakeKey } from '../stripe-server/server';

export const ACCOUNT: FakeAccountSettings = {
  id: 'acct_1FakeBillingDesk',
  businessName: 'Acme APIs Ltd',
  country: 'US',
  defaultCurrency: 'usd',
  chargesEnabled: true,
};

export const KEYS = {
  testSecret: 'sk_test_FAKEFAKEFAKEFAKE0000004242',
  testPublishable: 'pk_test_FAKEFAKEFAKEFAKE0000001111',
  testWebhook: 'whsec_FAKEFAKEFAKEFAKEFAKE9876',
  liveSecret: 'sk_live_FAKEFAKEFAKE00007777',
  livePublishable: 'pk_live_FAKEFAKEFAKEFAKE0000002222',
  liveWebhook: 'whsec_FAKEFAKEFAKEFAKEFAKE5555',
  /** A restricted test key that may only read customers. */
  restrictedTest: 'rk_test_FAKEFAKEFAKEFAKE0000003333',
  /** Shaped right, unknown to the server: Stripe answers 401. */
  unknownTest: 'sk_test_FAKEFAKEFAKEFAKE0000009999',
} as const;

export const FAKE_KEYS: FakeKey[] = [
  { secret: KEYS.testSecret, accountId: ACCOUNT.id },
  { secret: KEYS.liveSecret, accountId: ACCOUNT.id },
  { secret: KEYS.restrictedTest, accountId: ACCOUNT.id, permissions: ['customers_read'] },
];
