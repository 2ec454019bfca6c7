// The settings under concurrent changes: every settings-changing operation started in
// a seeded random interleaving while the Stripe test server answers slowly. Each field
// must end as its last applied write, the mode as the last one switched to, and the
// finance log must hold exactly one entry per applied change (issue 14, finding 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinanceLogEntry, GatewaySaveRequest, StripeKeySetInput } from '../../../../common/ipc-contract';
import { DraftKeeper } from '../../../../main/domain/draft-keeper';
import { SettingsRepository } from '../../../../main/domain/settings-repository';
import { SettingsService } from '../../../../main/domain/settings-service';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { SecretVault } from '../../../../main/domain/vault';
import { memoryDraftStore } from '../../../../main/persistence/draft-file';
import { sleep } from '../../../../main/shared/backoff';
import { parseApiBase } from '../../../../main/stripe/stripe-connection';
import { StripeService } from '../../../../main/stripe/stripe-service';
import { startFakeStripe, type FakeStripe } from '../../../stripe-server/server';
import { memoryStore } from '../../../support/memory-store';
import { seededRandom } from '../../../support/seeded-random';
import { ACCOUNT, FAKE_KEYS, KEYS } from '../../../support/stripe-fixtures';
import { createTestEncryptor } from '../../../support/test-encryptor';

/** A second valid test key of the same account, so that gateway saves must be verified each time. */
const OTHER_TEST_SECRET = 'sk_test_FAKEFAKEFAKEFAKE0000005151';
const ADMIN_DOMAIN = 'acme-admin.3scale.net';
const ACCESS_TOKEN = 'fake3scaletoken0123456789abcdef';

let stripe: FakeStripe;
beforeAll(async () => {
  stripe = await startFakeStripe({ keys: [...FAKE_KEYS, { secret: OTHER_TEST_SECRET, accountId: ACCOUNT.id }], accounts: [ACCOUNT] });
});
afterAll(async () => {
  await stripe.stop();
});

const blank: StripeKeySetInput = { login: '', publishable_key: '', endpoint_secret: '' };
const stripeSave = (test: StripeKeySetInput, live: StripeKeySetInput = { ...blank, publishable_key: KEYS.livePublishable }): GatewaySaveRequest => ({
  type: 'stripe',
  values: {},
  stripeKeySets: { test, live },
  confirmedGatewayChange: true,
});

/** A service with both key sets saved and verified, in the given mode; the Stripe server then answers slowly. */
async function setUp(mode: 'test' | 'live', latencyMs: number) {
  stripe.setFaults({ latencyMs: 0 });
  const store = memoryStore();
  const vault = new SecretVault(createTestEncryptor());
  let tick = 0;
  const now = () => new Date(Date.UTC(2026, 10, 26, 10, 0, 0, tick++));
  const service = new SettingsService({
    repository: new SettingsRepository(store),
    vault,
    drafts: new DraftKeeper(memoryDraftStore(), vault, now),
    stripe: new StripeService({ connection: parseApiBase(stripe.url), timeoutMs: 10_000 }),
    osUser: 'finance-anna',
    now,
  });
  await service.saveGateway(
    stripeSave(
      { login: KEYS.testSecret, publishable_key: KEYS.testPublishable, endpoint_secret: KEYS.testWebhook },
      { login: KEYS.liveSecret, publishable_key: KEYS.livePublishable, endpoint_secret: KEYS.liveWebhook },
    ),
  );
  if (mode === 'live') service.switchStripeMode({ to: 'live', confirmed: true });
  stripe.setFaults({ latencyMs });
  return { service, store };
}

/** The value a field has after the log's entries, in order; checks that each entry starts where the previous ended. */
function replay(log: FinanceLogEntry[], field: string, initial: string): string {
  let value = initial;
  for (const entry of log) {
    for (const change of entry.changes.filter((c) => c.field === field)) {
      expect(change.from, `"${field}" in "${entry.summary}" starts where the previous change of it ended`).toBe(value);
      value = change.to;
    }
  }
  return value;
}

// Generous time: the machine running the suite may be busy; nothing here asserts on time.
describe('settings under concurrent changes', { timeout: 120_000 }, () => {
  it('Verify of the Live keys, slow, then a switch to test: stays in test, on screen and on disk, with the switch logged', async () => {
    const { service, store } = await setUp('live', 150);
    const verifying = service.verifyStripeKeys({ mode: 'live', keys: blank });
    await sleep(20);
    expect(service.switchStripeMode({ to: 'test', confirmed: false }).view.stripe.activeMode).toBe('test');
    const verified = await verifying;
    expect(verified.view.stripe.activeMode).toBe('test');
    expect(service.view().stripe.activeMode).toBe('test');
    expect((store.current() as { stripe: { activeMode: string } }).stripe.activeMode).toBe('test');
    expect(service.financeLog()[0]).toMatchObject({ summary: 'Stripe mode changed to test' });
    // The verification itself is kept: it is of the saved Live key.
    expect(verified.view.stripe.keySets.live.verification?.verifiedAt).toBe(verified.verification.verifiedAt);
  });

  it('a billing save during a slow gateway save is not undone, and both are logged once', async () => {
    const { service } = await setUp('test', 150);
    const before = service.financeLog().length;
    const saving = service.saveGateway(stripeSave({ login: OTHER_TEST_SECRET, publishable_key: KEYS.testPublishable, endpoint_secret: '' }));
    await sleep(20);
    service.saveBilling({ ...service.view().billing, invoiceFootnote: 'Thank you' });
    await saving;
    expect(service.view().billing.invoiceFootnote).toBe('Thank you');
    expect(service.view().stripe.keySets.test.maskedSecretKey).toBe('sk_test_…5151');
    expect(service.financeLog().length).toBe(before + 2);
  });

  it('50 parallel gateway saves of a new key, each verified by Stripe: each applied once, each logged once', async () => {
    const { service } = await setUp('test', 20);
    const before = service.financeLog().length;
    const keys = Array.from({ length: 50 }, (_, i) => `pk_test_FAKEFAKEFAKEFAKE00000${String(i).padStart(5, '0')}`);
    const results = await Promise.all(
      keys.map((key) => service.saveGateway(stripeSave({ login: OTHER_TEST_SECRET, publishable_key: key, endpoint_secret: '' }))),
    );
    expect(results.every((result) => result.message === 'Payment gateway details were successfully saved')).toBe(true);
    expect(service.financeLog().length).toBe(before + 50);
    const log = service.financeLog().slice(0, 50).reverse();
    const lastKey = log[49]?.changes.find((c) => c.field === 'Test keys: Publishable Key')?.to;
    expect(new Set(log.map((entry) => entry.changes.find((c) => c.field === 'Test keys: Publishable Key')?.to))).toEqual(new Set(keys));
    expect(service.view().stripe.keySets.test.publishableKey).toBe(lastKey);
    expect(service.view().stripe.keySets.test.maskedSecretKey).toBe('sk_test_…5151');
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`random interleaving, seed ${seed}: last applied writes win, one log entry per applied change`, async () => {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const { service, store } = await setUp(pick(['test', 'live'] as const), 40);
      const startLog = service.financeLog().length;
      const initial = service.view();
      /** Changes each operation reported as applied (it answered with a change the log must hold). */
      let applied = 0;
      const operations: (() => Promise<unknown>)[] = [];
      for (let n = 0; n < 18; n += 1) {
        const kind = pick(['billing', 'billing-mode', 'provider', 'gateway', 'verify', 'stripe-mode', 'webhook', 'draft'] as const);
        const unique = `${seed}-${n}`;
        operations.push(async () => {
          await sleep(Math.floor(random() * 200));
          switch (kind) {
            case 'billing':
              service.saveBilling({ ...service.view().billing, invoiceFootnote: `Footnote ${unique}` });
              applied += 1; // a new footnote each time: always a change
              return;
            case 'billing-mode': {
              const to = service.view().billingMode === 'prepaid' ? 'postpaid' : 'prepaid';
              service.switchBillingMode(to);
              applied += 1;
              return;
            }
            case 'provider':
              service.saveProvider({ accountId: String(1000 + n), name: `Provider ${unique}` });
              applied += 1;
              return;
            case 'gateway': {
              const login = pick([KEYS.testSecret, OTHER_TEST_SECRET]);
              const publishable = `pk_test_FAKEFAKEFAKEFAKE${String(seed).padStart(4, '0')}${String(n).padStart(6, '0')}`;
              try {
                await service.saveGateway(stripeSave({ login, publishable_key: publishable, endpoint_secret: '' }));
                applied += 1; // a new publishable key each time
              } catch (error) {
                // Refused because the keys it verified were replaced meanwhile: allowed, and nothing applied.
                if (!(error instanceof UserFacingError && error.code === 'settings_conflict')) throw error;
              }
              return;
            }
            case 'verify':
              await service.verifyStripeKeys({ mode: pick(['test', 'live'] as const), keys: blank });
              return; // a verification is stored, never logged
            case 'stripe-mode': {
              const result = service.switchStripeMode({ to: pick(['test', 'live'] as const), confirmed: true });
              if (!result.message.startsWith('Stripe is already')) applied += 1;
              return;
            }
            case 'webhook':
              try {
                await service.createWebhookEndpoint({ adminDomain: ADMIN_DOMAIN, accessToken: ACCESS_TOKEN, onExisting: 'replace' });
                applied += 1; // a new endpoint id each time
              } catch (error) {
                if (!(error instanceof UserFacingError && error.code === 'settings_conflict')) throw error;
              }
              return;
            case 'draft':
              service.saveDraft({ 'billing.invoiceFootnote': `Draft ${unique}` });
              return;
          }
        });
      }
      await Promise.all(operations.map((run) => run()));

      const log = service.financeLog().reverse().slice(startLog);
      expect(log.length, 'one finance log entry per applied change').toBe(applied);
      const view = service.view();
      expect(view.billing.invoiceFootnote).toBe(replay(log, 'Invoice footnote', initial.billing.invoiceFootnote));
      expect(view.billingMode).toBe(replay(log, 'Billing mode', initial.billingMode));
      expect(view.provider.name).toBe(replay(log, 'Provider name', initial.provider.name));
      expect(view.stripe.activeMode).toBe(replay(log, 'Stripe mode', initial.stripe.activeMode));
      expect(view.stripe.keySets.test.publishableKey).toBe(replay(log, 'Test keys: Publishable Key', initial.stripe.keySets.test.publishableKey));
      expect(view.stripe.keySets.test.maskedSecretKey).toBe(replay(log, 'Test keys: Secret Key', initial.stripe.keySets.test.maskedSecretKey ?? ''));
      for (const mode of ['test', 'live'] as const) {
        const name = mode === 'test' ? 'Test keys' : 'Live keys';
        expect(view.stripe.webhook.endpointIds[mode] ?? '').toBe(replay(log, `${name}: Webhook endpoint`, ''));
      }
      // What the view shows is what the disk holds.
      const onDisk = store.current() as { revision: number; financeLog: unknown[] };
      expect(onDisk.revision).toBe(view.revision);
      expect(onDisk.financeLog.length).toBe(startLog + applied);
    });
  }
});
