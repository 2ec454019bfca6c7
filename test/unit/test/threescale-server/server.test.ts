import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeThreescale } from '../../../threescale-server/server';
import type { FakeThreescale } from '../../../threescale-server/server';
import { startFakeStripe } from '../../../stripe-server/server';
import type { FakeStripe } from '../../../stripe-server/server';
import { stripeFor } from '../../../stripe-server/testing';
import { ACCOUNT, FAKE_KEYS, KEYS } from '../../../support/stripe-fixtures';

const TOKENS = {
  all: 'tok-all-0001',
  finance: 'tok-finance-0002',
  accounts: 'tok-accounts-0003',
  cms: 'tok-cms-0004',
  readOnly: 'tok-readonly-0005',
  expired: 'tok-expired-0006',
  stats: 'tok-stats-0007',
};

let threescale: FakeThreescale;
let stripe: FakeStripe;

beforeAll(async () => {
  stripe = await startFakeStripe({ keys: FAKE_KEYS, accounts: [ACCOUNT] });
  threescale = await startFakeThreescale({
    provider: { id: 2445580000001, orgName: 'Acme API', adminDomain: 'acme-admin.3scale.net' },
    tokens: [
      { value: TOKENS.all, scopes: ['finance', 'account_management', 'cms'] },
      { value: TOKENS.finance, scopes: ['finance'] },
      { value: TOKENS.accounts, scopes: ['account_management'] },
      { value: TOKENS.cms, scopes: ['cms'] },
      { value: TOKENS.readOnly, scopes: ['finance', 'cms'], permission: 'ro' },
      { value: TOKENS.expired, scopes: ['finance', 'account_management', 'cms'], expired: true },
      { value: TOKENS.stats, scopes: ['stats'] },
    ],
    stripe: { url: stripe.url, secretKey: KEYS.testSecret },
  });
});

afterAll(async () => {
  await threescale.stop();
  await stripe.stop();
});

beforeEach(() => {
  threescale.setFaults({ latencyMs: 0, dropNext: 0, failNext: [], rateLimitPerSecond: null, chargeDelayMs: 0 });
  threescale.setProvider({ financeEnabled: true });
});

async function call(
  method: string,
  path: string,
  options: { token?: string | null; query?: Record<string, string>; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const url = new URL(path, threescale.url);
  const token = options.token === undefined ? TOKENS.all : options.token;
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  let body: string | undefined;
  if (method === 'GET') {
    if (token) url.searchParams.set('access_token', token);
  } else {
    body = new URLSearchParams({ ...(token ? { access_token: token } : {}), ...options.form }).toString();
  }
  const response = await fetch(url, {
    method,
    ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...options.headers } } : { headers: options.headers ?? {} }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe('provider and access tokens', () => {
  it('answers the provider wrapped in "account", with its admin domain and org name', async () => {
    const { status, body } = await call('GET', '/admin/api/provider.json');
    expect(status).toBe(200);
    const account = body['account'] as Record<string, unknown>;
    expect(account).toMatchObject({
      id: 2445580000001,
      org_name: 'Acme API',
      admin_domain: 'acme-admin.3scale.net',
      admin_base_url: 'https://acme-admin.3scale.net/',
      state: 'approved',
    });
    expect(account['created_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(account['links']).toEqual([{ rel: 'users', href: expect.stringMatching(/\/admin\/api\/users$/) }]);
  });

  it('takes the token as access_token in the query, in the form body, or through HTTP Basic, as porta does', async () => {
    expect((await call('GET', '/admin/api/provider.json')).status).toBe(200);
    const basic = Buffer.from(`${TOKENS.all}:`).toString('base64');
    const viaBasic = await call('GET', '/admin/api/provider.json', { token: null, headers: { Authorization: `Basic ${basic}` } });
    expect(viaBasic.status).toBe(200);
    const recorded = threescale.requests.slice(-2).map((r) => r.tokenVia);
    expect(recorded).toEqual(['query', 'basic']);
  });

  it('answers 403 "Access denied" without a token, with an unknown one and with an expired one', async () => {
    for (const token of [null, 'tok-nobody-knows', TOKENS.expired]) {
      const { status, body } = await call('GET', '/admin/api/provider.json', { token });
      expect(status).toBe(403);
      expect(body).toEqual({ error: 'Access denied' });
    }
  });

  it('answers 403 naming the permissions when the token lacks the scope', async () => {
    const wrong = { error: 'Your access token does not have the correct permissions' };
    expect(await call('GET', '/admin/api/provider.json', { token: TOKENS.finance })).toMatchObject({ status: 403, body: wrong });
    expect(await call('GET', '/admin/api/accounts.json', { token: TOKENS.cms })).toMatchObject({ status: 403, body: wrong });
    expect(await call('GET', '/api/invoices.json', { token: TOKENS.cms })).toMatchObject({ status: 403, body: wrong });
    expect(await call('GET', '/admin/api/cms/templates.json', { token: TOKENS.finance })).toMatchObject({ status: 403, body: wrong });
    expect(await call('GET', '/admin/api/cms/templates.json', { token: TOKENS.stats })).toMatchObject({ status: 403, body: wrong });
  });

  it('lets an account_management token use the Billing and Developer Portal APIs too, as porta does', async () => {
    expect((await call('GET', '/api/invoices.json', { token: TOKENS.accounts })).status).toBe(200);
    expect((await call('GET', '/admin/api/cms/templates.json', { token: TOKENS.accounts })).status).toBe(200);
  });

  it('refuses a write with a read-only token', async () => {
    const template = threescale.seedTemplate({ type: 'partial', systemName: 'ro_check', draft: 'x' });
    const { status, body } = await call('PUT', `/admin/api/cms/templates/${template.id}/publish.json`, { token: TOKENS.readOnly });
    expect(status).toBe(403);
    expect(body).toEqual({ error: 'Your access token does not have the correct permissions' });
    expect(threescale.world.templates.get(template.id)?.draft).toBe('x');
  });

  it('answers 403 "Finance module not enabled" on the Billing API of a provider without billing', async () => {
    threescale.setProvider({ financeEnabled: false });
    const { status, body } = await call('GET', '/api/invoices.json');
    expect(status).toBe(403);
    expect(body).toEqual({ error: 'Finance module not enabled for the account' });
  });

  it('never records the token itself', async () => {
    await call('GET', '/admin/api/provider.json');
    await call('PUT', '/admin/api/cms/templates/1/publish.json');
    const recorded = JSON.stringify(threescale.requests);
    expect(recorded).not.toContain(TOKENS.all);
    expect(recorded).toContain('access_token=***');
  });
});

describe('requests checked against 3scale\'s API descriptions', () => {
  it('refuses a value outside an enum, a malformed month and an unknown parameter with 400', async () => {
    const badState = await call('GET', '/admin/api/accounts.json', { query: { state: 'deleted' } });
    expect(badState.status).toBe(400);
    expect(badState.body['error']).toMatch(/state must be one of pending, approved, rejected/);
    const badMonth = await call('GET', '/api/invoices.json', { query: { month: '2026-1' } });
    expect(badMonth.status).toBe(400);
    expect(badMonth.body['error']).toMatch(/month/);
    const unknown = await call('GET', '/api/invoices.json', { query: { status: 'paid' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body['error']).toMatch(/status is not a parameter/);
  });

  it('refuses a state change without a state (required in the description)', async () => {
    const account = await threescale.seedAccount({ orgName: 'Required Co' });
    const invoice = threescale.seedInvoice({ buyerAccountId: account.id });
    const { status, body } = await call('PUT', `/api/invoices/${invoice.id}/state.json`);
    expect(status).toBe(400);
    expect(body['error']).toMatch(/state is required/);
  });

  it('answers 404 for an unknown route, a non-numeric id and an unknown id', async () => {
    expect((await call('GET', '/admin/api/nothing.json')).status).toBe(404);
    expect(await call('GET', '/api/invoices/abc.json')).toMatchObject({ status: 404, body: { status: 'Not found' } });
    expect(await call('GET', '/api/invoices/999999.json')).toMatchObject({ status: 404, body: { status: 'Not found' } });
    expect((await call('GET', '/admin/api/accounts/999999.json')).status).toBe(404);
  });

  it('refuses a body that is not form-encoded', async () => {
    const response = await fetch(`${threescale.url}/admin/api/cms/templates/1/publish.json`, {
      method: 'PUT',
      body: JSON.stringify({ access_token: TOKENS.all }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(400);
  });
});

describe('accounts', () => {
  it('lists buyer accounts as {"accounts":[{"account":{…}}]}, 500 a page by default, with metadata only when paged', async () => {
    const before = threescale.world.accounts.size;
    await threescale.seedAccount({ orgName: 'Alpha' });
    await threescale.seedAccount({ orgName: 'Beta', state: 'pending' });
    const all = await call('GET', '/admin/api/accounts.json');
    const accounts = all.body['accounts'] as { account: Record<string, unknown> }[];
    expect(accounts).toHaveLength(before + 2);
    expect(all.body['metadata']).toBeUndefined();
    expect(accounts.at(-1)?.account).toMatchObject({ org_name: 'Beta', state: 'pending', credit_card_stored: false });
    expect(accounts.at(-1)?.account).not.toHaveProperty('credit_card_partial_number');

    const paged = await call('GET', '/admin/api/accounts.json', { query: { per_page: '1', page: '2' } });
    expect(paged.body['accounts']).toHaveLength(1);
    expect(paged.body['metadata']).toEqual({ per_page: 1, total_entries: before + 2, total_pages: before + 2, current_page: 2 });

    const pending = await call('GET', '/admin/api/accounts.json', { query: { state: 'pending' } });
    expect((pending.body['accounts'] as { account: { org_name: string } }[]).map((a) => a.account.org_name)).toContain('Beta');
    expect((pending.body['accounts'] as { account: { state: string } }[]).every((a) => a.account.state === 'pending')).toBe(true);
  });

  it('falls back to 500 a page when per_page is above the limit', async () => {
    const { body } = await call('GET', '/admin/api/accounts.json', { query: { per_page: '501' } });
    expect(body['metadata']).toBeUndefined();
  });

  it('seeds a buyer with a Stripe customer and card as 3scale does, and shows last 4 and expiry', async () => {
    const account = await threescale.seedAccount({ orgName: 'Carded Ltd', email: 'ap@carded.example', card: 'pm_card_visa' });
    const { body } = await call('GET', `/admin/api/accounts/${account.id}.json`);
    const shown = body['account'] as Record<string, unknown>;
    expect(shown).toMatchObject({ id: account.id, credit_card_stored: true, credit_card_partial_number: '4242' });
    expect(shown['credit_card_expires_on']).toMatch(/^\d{4}-12-01$/);

    const sdk = stripeFor(stripe, KEYS.testSecret);
    const customer = await sdk.customers.retrieve(account.stripeCustomerId ?? '');
    if (customer.deleted) throw new Error('deleted');
    expect(customer.description).toBe('Carded Ltd');
    expect(customer.email).toBe('ap@carded.example');
    expect(customer.name).toBeNull();
    expect(customer.metadata).toEqual({ '3scale_account_reference': `3scale-2445580000001-${account.id}` });
    const cards = await sdk.customers.listPaymentMethods(customer.id);
    expect(cards.data.map((m) => m.id)).toEqual([account.card?.paymentMethodId]);
  });
});

describe('invoices', () => {
  it('lists invoices 20 a page by default, filtered by month and state, with the representer\'s fields', async () => {
    const account = await threescale.seedAccount({ orgName: 'Invoiced Inc' });
    for (let i = 0; i < 22; i += 1) threescale.seedInvoice({ buyerAccountId: account.id, period: '2025-03', state: i % 2 ? 'paid' : 'unpaid' });
    const first = await call('GET', '/api/invoices.json', { query: { month: '2025-03' } });
    expect(first.body['invoices']).toHaveLength(20);
    expect(first.body['metadata']).toEqual({ per_page: 20, total_entries: 22, total_pages: 2, current_page: 1 });
    const unpaid = await call('GET', '/api/invoices.json', { query: { month: '2025-03', state: 'unpaid' } });
    const invoices = unpaid.body['invoices'] as { invoice: Record<string, unknown> }[];
    expect(invoices).toHaveLength(11);
    expect(invoices[0]?.invoice).toMatchObject({
      state: 'unpaid',
      currency: 'EUR',
      cost: 100,
      vat_rate: null,
      vat_amount: 0,
      cost_without_vat: 100,
      period: { begin: '2025-03-01', end: '2025-03-31' },
      creation_type: 'background',
    });
    expect(invoices[0]?.invoice['friendly_id']).toMatch(/^2025-03-\d{8}$/);
    expect(invoices[0]?.invoice).not.toHaveProperty('paid_at');
  });

  it('shows line items and changes state only along the state machine (422 otherwise)', async () => {
    const account = await threescale.seedAccount({ orgName: 'Stateful' });
    const invoice = threescale.seedInvoice({ buyerAccountId: account.id, state: 'pending', vatRate: 21, lineItems: [{ name: 'Plan', cost: 50 }, { name: 'Hits', cost: 25.5 }] });
    const items = await call('GET', `/api/invoices/${invoice.id}/line_items.json`);
    expect((items.body['line_items'] as { line_item: { name: string; cost: number } }[]).map((l) => [l.line_item.name, l.line_item.cost])).toEqual([
      ['Plan', 50],
      ['Hits', 25.5],
    ]);
    const shown = await call('GET', `/api/invoices/${invoice.id}.json`);
    expect(shown.body['invoice']).toMatchObject({ cost_without_vat: 75.5, vat_amount: 15.86, cost: 91.36, vat_rate: 21 });

    const paid = await call('PUT', `/api/invoices/${invoice.id}/state.json`, { form: { state: 'paid' } });
    expect(paid.status).toBe(200);
    expect((paid.body['invoice'] as Record<string, unknown>)['paid_at']).toMatch(/Z$/);
    const back = await call('PUT', `/api/invoices/${invoice.id}/state.json`, { form: { state: 'pending' } });
    expect(back).toMatchObject({ status: 422, body: { errors: { base: ['Cannot transition to pending'] } } });
  });

  it('renders an invoice cancelled before it was issued without currency, issued_on or due_on, as porta does', async () => {
    const account = await threescale.seedAccount({ orgName: 'Never Issued' });
    const invoice = threescale.seedInvoice({ buyerAccountId: account.id, state: 'open', currency: 'USD' });
    const open = await call('GET', `/api/invoices/${invoice.id}.json`);
    expect(open.body['invoice']).toMatchObject({ state: 'open', currency: 'USD' });
    const cancelled = await call('PUT', `/api/invoices/${invoice.id}/state.json`, { form: { state: 'cancelled' } });
    expect(cancelled.body['invoice']).toMatchObject({ state: 'cancelled', cost: 100 });
    for (const left of ['currency', 'issued_on', 'due_on', 'paid_at']) expect(cancelled.body['invoice']).not.toHaveProperty(left);
  });
});

describe('charging through the Stripe test server', () => {
  it('creates the PaymentIntent 3scale creates, records the transaction and marks the invoice paid', async () => {
    const account = await threescale.seedAccount({ orgName: 'Paying Co', card: 'pm_card_visa' });
    const invoice = threescale.seedInvoice({ buyerAccountId: account.id, state: 'unpaid', currency: 'USD', lineItems: [{ name: 'Plan', cost: 123.45 }] });
    stripe.requests.length = 0;
    const charged = await call('POST', `/api/invoices/${invoice.id}/charge.json`);
    expect(charged.status).toBe(200);
    expect((charged.body['invoice'] as Record<string, unknown>)['state']).toBe('paid');

    const create = stripe.requests.find((r) => r.method === 'POST' && r.path === '/v1/payment_intents');
    const sent = new URLSearchParams(create?.body ?? '');
    expect(Object.fromEntries(sent)).toMatchObject({
      amount: '12345',
      currency: 'usd',
      customer: account.stripeCustomerId,
      payment_method: account.card?.paymentMethodId,
      off_session: 'true',
      confirm: 'true',
      description: `Acme API API services ${invoice.friendlyId}`,
    });

    const transactions = await call('GET', `/api/invoices/${invoice.id}/payment_transactions.json`);
    const [transaction] = transactions.body['payment_transactions'] as { payment_transaction: Record<string, unknown> }[];
    expect(transaction?.payment_transaction).toMatchObject({ success: true, amount: 123.45, currency: 'USD', action: 'purchase', test: true });
    const intent = await stripeFor(stripe, KEYS.testSecret).paymentIntents.retrieve(String(transaction?.payment_transaction['reference']));
    expect(intent.status).toBe('succeeded');
  });

  it('answers 422 "Failed to charge the credit card." on a decline, keeping the failed attempt', async () => {
    const account = await threescale.seedAccount({ orgName: 'Declined Co', card: 'pm_card_chargeCustomerFail' });
    const invoice = threescale.seedInvoice({ buyerAccountId: account.id, state: 'pending' });
    const charged = await call('POST', `/api/invoices/${invoice.id}/charge.json`);
    expect(charged).toMatchObject({ status: 422, body: { errors: { base: ['Failed to charge the credit card.'] } } });
    expect(threescale.world.invoices.get(invoice.id)?.state).toBe('pending');
    const transactions = await call('GET', `/api/invoices/${invoice.id}/payment_transactions.json`);
    const [transaction] = transactions.body['payment_transactions'] as { payment_transaction: Record<string, unknown> }[];
    expect(transaction?.payment_transaction).toMatchObject({ success: false, message: 'Your card was declined.' });
    // ActiveMerchant's authorization for a Stripe error is error.charge: the failed charge, not the PaymentIntent.
    const reference = String(transaction?.payment_transaction['reference']);
    expect(reference).toMatch(/^ch_/);
    const [intent] = (await stripeFor(stripe, KEYS.testSecret).paymentIntents.list({ customer: account.stripeCustomerId ?? '' })).data;
    expect(intent?.latest_charge).toBe(reference);
  });

  it('refuses to charge an invoice that is not chargeable, or a buyer without a card', async () => {
    const account = await threescale.seedAccount({ orgName: 'No Card Co' });
    const paid = threescale.seedInvoice({ buyerAccountId: account.id, state: 'paid' });
    expect(await call('POST', `/api/invoices/${paid.id}/charge.json`)).toMatchObject({
      status: 422,
      body: { errors: { state: [`Invoice ${paid.id} is not in chargeable state!`] } },
    });
    const unpaid = threescale.seedInvoice({ buyerAccountId: account.id, state: 'unpaid' });
    expect(await call('POST', `/api/invoices/${unpaid.id}/charge.json`)).toMatchObject({
      status: 422,
      body: { errors: { base: ['Failed to charge the credit card.'] } },
    });
  });
});

describe('developer portal templates', () => {
  it('lists templates under "collection" without content unless content=true, 20 a page, at most 100', async () => {
    const builtin = threescale.seedTemplate({
      type: 'builtin_page',
      systemName: 'accounts/payment_gateways/show',
      title: 'Payment Gateway / Show',
      published: '{% case provider.payment_gateway.type %}{% endcase %}',
    });
    for (let i = 0; i < 120; i += 1) threescale.seedTemplate({ type: 'partial', systemName: `filler_${i}`, draft: 'x' });
    const short = await call('GET', '/admin/api/cms/templates.json');
    const collection = short.body['collection'] as Record<string, unknown>[];
    expect(collection).toHaveLength(20);
    expect(collection.some((t) => 'draft' in t || 'published' in t)).toBe(false);
    expect((short.body['metadata'] as Record<string, unknown>)['per_page']).toBe(20);
    const big = await call('GET', '/admin/api/cms/templates.json', { query: { per_page: '500', content: 'true' } });
    expect(big.body['collection']).toHaveLength(100);
    const found = (big.body['collection'] as Record<string, unknown>[]).find((t) => t['id'] === builtin.id);
    expect(found).toMatchObject({ type: 'builtin_page', system_name: 'accounts/payment_gateways/show', draft: null });
    expect(found?.['published']).toContain('case provider.payment_gateway.type');
    expect((await call('GET', '/admin/api/cms/templates.json', { query: { per_page: '0' } })).status).toBe(404);
  });

  it('saves a draft and publishes it (the draft is then gone)', async () => {
    const page = threescale.seedTemplate({ type: 'builtin_page', systemName: 'accounts/payment_gateways/show', published: 'old' });
    const saved = await call('PUT', `/admin/api/cms/templates/${page.id}.json`, { form: { draft: 'new' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ id: page.id, draft: 'new', published: 'old' });
    const published = await call('PUT', `/admin/api/cms/templates/${page.id}/publish.json`);
    expect(published.body).toMatchObject({ draft: null, published: 'new' });
    const read = await call('GET', `/admin/api/cms/templates/${page.id}.json`);
    expect(read.body).toMatchObject({ draft: null, published: 'new', type: 'builtin_page' });
  });

  it('refuses an update with a parameter the description does not name', async () => {
    const page = threescale.seedTemplate({ type: 'partial', systemName: 'extra_check' });
    const { status } = await call('PUT', `/admin/api/cms/templates/${page.id}.json`, { form: { content: 'x' } });
    expect(status).toBe(400);
  });
});

describe('faults', () => {
  it('injects a failure on the next matching request only', async () => {
    threescale.setFaults({ failNext: [{ status: 500, pathIncludes: '/admin/api/cms/' }] });
    expect((await call('GET', '/admin/api/provider.json')).status).toBe(200);
    expect(await call('GET', '/admin/api/cms/templates.json')).toMatchObject({ status: 500, body: { error: 'Internal Server Error' } });
    expect((await call('GET', '/admin/api/cms/templates.json')).status).toBe(200);
  });

  it('injects 401, 404, 422 and 429 with 3scale-like bodies', async () => {
    threescale.setFaults({ failNext: [{ status: 401 }, { status: 404 }, { status: 422 }, { status: 429 }] });
    expect((await call('GET', '/admin/api/provider.json')).status).toBe(401);
    expect(await call('GET', '/admin/api/provider.json')).toMatchObject({ status: 404, body: { status: 'Not found' } });
    expect((await call('GET', '/admin/api/provider.json')).status).toBe(422);
    const limited = await call('GET', '/admin/api/provider.json');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
  });

  it('rate-limits with a token bucket', async () => {
    threescale.setFaults({ rateLimitPerSecond: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call('GET', '/admin/api/provider.json')).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses).toContain(429);
  });

  it('drops a connection and adds latency', async () => {
    threescale.setFaults({ dropNext: 1 });
    await expect(call('GET', '/admin/api/provider.json')).rejects.toThrow();
    threescale.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await call('GET', '/admin/api/provider.json')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('routes and descriptions', () => {
  it('serves only operations that 3scale\'s API descriptions describe', async () => {
    const { ROUTES } = await import('../../../threescale-server/routes');
    const { findDescribedOperation } = await import('../../../threescale-server/spec');
    for (const route of ROUTES) {
      const concrete = route.template.replace(/\{[^}]+\}/g, '1');
      expect(findDescribedOperation(route.api, route.method, concrete), `${route.method} ${route.template}`).toBeDefined();
    }
  });
});
