// Vitest suites share one Stripe-compatible test server per file, its faults reset
// before each test. Returns a getter: the server exists only once beforeAll ran.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../stripe-server/server';
import { ACCOUNT, FAKE_KEYS } from './stripe-fixtures';

export function useFakeStripe(): () => FakeStripe {
  let server: FakeStripe | undefined;
  beforeAll(async () => {
    server = await startFakeStripe({ keys: FAKE_KEYS, accounts: [ACCOUNT] });
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    server?.setFaults({ latencyMs: 0, rateLimitPerSecond: null, failNext500: 0, dropNext: 0 });
  });
  return () => {
    if (!server) throw new Error('the fake Stripe server is not started yet');
    return server;
  };
}
