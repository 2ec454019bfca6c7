import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerRowView, CustomersLoadState } from '../../../../common/ipc-contract';
import { CustomersScreen, customersCsv, dashboardUrl } from '../../../../main/customers/customers-screen';
import { NOT_CONNECTED, type ThreescaleAccess } from '../../../../main/customers/threescale-access';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { ThreescaleClient } from '../../../../main/threescale/threescale-client';
import { startFakeStripe, type FakeStripe } from '../../../stripe-server/server';
import { memoryCustomersCache } from '../../../support/memory-customers-cache';
import { ACCOUNT, FAKE_KEYS, KEYS } from '../../../support/stripe-fixtures';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';

const row = (patch: Partial<CustomerRowView>): CustomerRowView => ({
  customerId: 'cus_ABCDEF123456',
  developerAccountId: '101',
  organisation: 'Acme',
  name: null,
  email: 'billing@acme.example',
  created: 1_764_000_000,
  cards: [
    { brand: 'visa', last4: '4242', expMonth: 3, expYear: 2027, status: 'ok', source: 'setup_intent' },
    { brand: 'mastercard', last4: '4444', expMonth: 1, expYear: 2025, status: 'expired', source: 'setup_intent' },
  ],
  usableCards: 1,
  cardStatus: 'ok',
  duplicate: null,
  chargeable: true,
  problems: [],
  threescale: null,
  ...patch,
});

describe('customersCsv', () => {
  it('writes a header and one line per row: organisation, every card, the best one with its expiry as MM/YYYY, duplicates', () => {
    const lines = customersCsv([
      row({}),
      row({ customerId: 'cus_OLDER0000001', organisation: 'Acme', name: 'Jo Smith', cards: [], usableCards: 0, cardStatus: 'none', chargeable: false, duplicate: { role: 'stale', otherCustomerIds: ['cus_ABCDEF123456'] } }),
    ]).split('\r\n');
    expect(lines[0]).toBe(
      'developer_account_id,customer_id,organisation,name,email,created,cards,usable_cards,card_brand,card_last4,card_expiry,card_status,all_cards,duplicate,chargeable,problems,' +
        'threescale_organisation,threescale_account_state,threescale_charging,threescale_card_last4,threescale_card_expiry,threescale_card_status,threescale_states,threescale_details',
    );
    expect(lines[1]).toBe(
      '101,cus_ABCDEF123456,Acme,,billing@acme.example,2025-11-24T16:00:00.000Z,2,1,visa,4242,03/2027,ok,visa •••• 4242 03/2027 (ok); mastercard •••• 4444 01/2025 (expired),,yes,,,,,,,,,',
    );
    expect(lines[2]).toBe('101,cus_OLDER0000001,Acme,Jo Smith,billing@acme.example,2025-11-24T16:00:00.000Z,0,0,,,,none,,stale,no,,,,,,,,,');
    expect(lines[3]).toBe('');
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    const csv = customersCsv([
      row({ organisation: 'Smith, "Jo"\nLtd', email: '=HYPERLINK("http://evil")', problems: [{ kind: 'no_reference', detail: 'No 3scale account reference' }] }),
    ]);
    expect(csv).toContain('"Smith, ""Jo""\nLtd"');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain('No 3scale account reference');
  });
});

describe('dashboardUrl', () => {
  it('opens the customer in the mode’s Dashboard', () => {
    expect(dashboardUrl('cus_ABCDEF123456', 'test')).toBe('https://dashboard.stripe.com/test/customers/cus_ABCDEF123456');
    expect(dashboardUrl('cus_ABCDEF123456', 'live')).toBe('https://dashboard.stripe.com/customers/cus_ABCDEF123456');
  });

  it('refuses anything that is not a customer id', () => {
    for (const bad of ['cus_', '../settings', 'cus_abc/../../x', 'https://evil.example', 'cus_ABCDEF123456?x=1']) {
      expect(() => dashboardUrl(bad, 'test'), bad).toThrow(UserFacingError);
    }
  });
});

// The screen's load with 3scale connected: Stripe's customers and 3scale's developer accounts
// side by side (one progress, 3scale's own part), joined; a 3scale failure leaves the Stripe side.
describe('CustomersScreen with 3scale', () => {
  let stripe: FakeStripe;
  let threescale: FakeThreescale;
  const TOKEN = 'tok-screen-unit-0001';

  beforeAll(async () => {
    stripe = await startFakeStripe({ keys: FAKE_KEYS, accounts: [ACCOUNT] });
    threescale = await startFakeThreescale({
      provider: { id: 2445, adminDomain: 'acme-admin.3scale.net' },
      tokens: [{ value: TOKEN, scopes: ['account_management'] }],
      stripe: { url: stripe.url, secretKey: KEYS.testSecret },
    });
  });

  afterAll(async () => {
    await threescale.stop();
    await stripe.stop();
  });

  function screen(access: () => ThreescaleAccess) {
    const states: CustomersLoadState[] = [];
    const customers = new CustomersScreen({
      cache: memoryCustomersCache(),
      connection: { host: '127.0.0.1', port: stripe.port, protocol: 'http' },
      activeKey: () => ({ mode: 'test', secretKey: KEYS.testSecret }),
      activeMode: () => 'test',
      providerId: () => '2445',
      threescale: access,
      threescaleOptions: { backoff: { baseMs: 5, maxMs: 10, jitter: 'none' }, maxRetries: 1 },
      onLoadChange: (state) => states.push(state),
    });
    const finished = () => new Promise<void>((resolve) => {
      const wait = () => (states.at(-1)?.status === 'loading' ? setTimeout(wait, 20) : resolve());
      wait();
    });
    return { customers, states, finished };
  }

  const connected = (): ThreescaleAccess => ({
    connected: true,
    client: new ThreescaleClient({ adminDomain: { domain: 'acme-admin.3scale.net', origin: 'https://acme-admin.3scale.net' }, accessToken: TOKEN, baseUrlOverride: threescale.url }),
    adminDomain: 'acme-admin.3scale.net',
    providerId: '2445',
  });

  it('loads both sides with one progress and shows the join: states, accounts without a customer, counts, CSV and the admin portal link', async () => {
    const agreed = await threescale.seedAccount({ orgName: 'Agreed Co', card: 'pm_card_visa' });
    const lost = await threescale.seedAccount({ orgName: 'Lost Card Ltd', storedCard: { paymentMethodId: 'pm_gone', partialNumber: '1881', expiresOn: '2031-04-01' } });
    const noCard = await threescale.seedAccount({ orgName: 'No Card SA', monthlyChargingEnabled: true });
    stripe.seedCustomer('test', { accountId: ACCOUNT.id, description: 'Deleted Dev', metadata: { '3scale_account_reference': '3scale-2445-999999' } });

    const { customers, states, finished } = screen(connected);
    expect(customers.load().progress?.threescale).toMatchObject({ status: 'loading', loaded: 0 });
    await finished();
    expect(states.at(-1)?.status).toBe('done');
    expect(states.some((s) => s.progress?.threescale?.status === 'loading' && s.progress.threescale.requests > 0)).toBe(true);
    expect(states.at(-1)?.progress?.threescale).toMatchObject({ status: 'done', loaded: 3, pagesDone: 1 });

    const view = customers.view();
    expect(view.threescale).toMatchObject({ connected: true, message: null, adminDomain: 'acme-admin.3scale.net' });
    expect(view.threescale.loadedAt).not.toBeNull();
    const row = (accountId: string) => view.rows.find((r) => r.developerAccountId === accountId);
    expect(row(String(agreed.id))?.threescale?.states.map((s) => s.kind)).toEqual(['ok']);
    expect(row(String(agreed.id))?.threescale?.account).toMatchObject({ orgName: 'Agreed Co', state: 'approved', chargingEnabled: true, card: { last4: '4242', status: 'ok' } });
    expect(row(String(lost.id))).toMatchObject({ customerId: null, created: null });
    expect(row(String(lost.id))?.threescale?.states.map((s) => s.kind)).toEqual(['card_not_in_stripe']);
    expect(row(String(noCard.id))?.threescale?.states.map((s) => s.kind)).toEqual(['charging_without_card']);
    expect(row('999999')?.threescale).toEqual({ account: null, states: [{ kind: 'account_missing', detail: 'Developer account 999999 does not exist in 3scale (deleted)' }] });
    expect(view.summary?.threescale).toEqual({
      accounts: 3,
      accountsWithoutCustomer: 2,
      byState: { ok: 1, card_not_in_stripe: 1, card_expiring: 0, card_expired: 0, account_missing: 1, charging_without_card: 1 },
    });

    const csv = customers.csv().split('\r\n');
    expect(csv.find((line) => line.startsWith(`${lost.id},,`))).toBe(
      `${lost.id},,,,,,0,0,,,,,,,no,,Lost Card Ltd,approved,on,1881,04/2031,ok,card_not_in_stripe,"3scale holds the card •••• 1881 04/2031, but Stripe has no customer for developer account ${lost.id}"`,
    );
    expect(customers.adminPortalUrl(String(agreed.id))).toBe(`https://acme-admin.3scale.net/buyers/accounts/${agreed.id}`);
  });

  it('when 3scale fails, the Stripe side is still loaded and shown, with 3scale’s reason', async () => {
    threescale.setFaults({ failNext: [{ status: 403, pathIncludes: '/admin/api/accounts', body: { error: 'Your access token does not have the correct permissions' } }] });
    const { customers, states, finished } = screen(connected);
    customers.load();
    await finished();
    expect(states.at(-1)).toMatchObject({ status: 'done', progress: { threescale: { status: 'failed' } } });
    const view = customers.view();
    expect(view.rows.length).toBeGreaterThan(0);
    expect(view.rows.every((r) => r.customerId !== null && r.threescale === null)).toBe(true);
    expect(view.summary?.threescale).toBeNull();
    expect(view.threescale.message).toMatch(/^3scale's developer accounts could not be loaded: The access token lacks the scope for \/admin\/api\/accounts\.json \(403\)\. The Stripe customers are shown/);
    expect(view.threescale.message).not.toContain(TOKEN);
  });

  it('without a 3scale connection, loads Stripe alone, as before, and says 3scale is not connected', async () => {
    const { customers, states, finished } = screen(() => ({ connected: false, adminDomain: null, message: NOT_CONNECTED }));
    customers.load();
    await finished();
    expect(states.every((s) => s.progress === null || s.progress.threescale === null)).toBe(true);
    const view = customers.view();
    expect(view.threescale).toEqual({ connected: false, message: NOT_CONNECTED, adminDomain: null, loadedAt: null });
    expect(view.rows.every((r) => r.threescale === null)).toBe(true);
    expect(() => customers.adminPortalUrl('7')).toThrow('Connect 3scale first');
  });
});

describe('CustomersScreen view', () => {
  it('classifies a load once per hour, and again when the hour, the load or the provider changes', () => {
    const cache = memoryCustomersCache();
    let now = new Date('2026-06-30T23:30:00Z');
    let providerId = '2445';
    const customers = new CustomersScreen({
      cache,
      connection: null,
      activeKey: () => null,
      activeMode: () => 'test',
      providerId: () => providerId,
      now: () => now,
    });
    const record = {
      id: 'cus_ABCDEF123456',
      name: null,
      description: 'Acme',
      email: null,
      created: 1_700_000_000,
      deleted: false,
      metadata: { '3scale_account_reference': '3scale-2445-101' },
      cards: [{ id: 'pm_1', type: 'card', brand: 'visa', last4: '4242', expMonth: 6, expYear: 2026, source: 'setup_intent' as const }],
    };
    cache.write('test', { loadedAt: '2026-06-30T00:00:00Z', customers: [record] });
    const first = customers.view();
    expect(first.rows[0]?.cardStatus).toBe('expires_soon');
    expect(customers.view().rows).toBe(first.rows);
    now = new Date('2026-07-01T00:30:00Z');
    expect(customers.view().rows[0]?.cardStatus).toBe('expired');
    providerId = '9999';
    expect(customers.view().rows[0]?.problems.map((p) => p.kind)).toEqual(['other_provider']);
    cache.write('test', { loadedAt: '2026-07-01T00:31:00Z', customers: [] });
    expect(customers.view().rows).toEqual([]);
  });
});
