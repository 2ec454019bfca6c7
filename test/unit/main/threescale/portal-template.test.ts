// The Developer Portal API calls against the 3scale test server: finding the builtin page
// by paging, reading it with its content, saving the draft and publishing, as porta does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CmsShapeError,
  findPaymentGatewayShow,
  parseCmsTemplate,
  publishCmsTemplate,
  readCmsTemplate,
  saveCmsDraft,
} from '../../../../main/threescale/portal-template';
import { ThreescaleClient } from '../../../../main/threescale/threescale-client';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';

const TOKEN = 'fake-3scale-cms-0000000000000000000000000001';
let fake: FakeThreescale;
let client: ThreescaleClient;

beforeAll(async () => {
  fake = await startFakeThreescale({ tokens: [{ value: TOKEN, scopes: ['cms'] }] });
  client = new ThreescaleClient({ adminDomain: { domain: 'acme-admin.3scale.net', origin: 'https://acme-admin.3scale.net' }, accessToken: TOKEN, baseUrlOverride: fake.url });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.world.templates.clear();
  fake.requests.length = 0;
  fake.setFaults({ failNext: [] });
});

const SHOW = 'accounts/payment_gateways/show';

describe('findPaymentGatewayShow', () => {
  it('pages through the list (100 at most) to the builtin page and reads it with its content', async () => {
    for (let i = 0; i < 130; i += 1) fake.seedTemplate({ type: 'partial', systemName: `partial_${i}`, published: `<p>${i}</p>` });
    // A page with the same system name is not the builtin one.
    fake.seedTemplate({ type: 'page', systemName: SHOW, title: 'Look-alike', path: '/lookalike', published: 'no' });
    const builtin = fake.seedTemplate({ type: 'builtin_page', systemName: SHOW, title: "Show User's Payment Details", published: '<p>published</p>', draft: '<p>draft</p>' });
    const found = await findPaymentGatewayShow(client);
    expect(found).toMatchObject({ id: builtin.id, type: 'builtin_page', systemName: SHOW, draft: '<p>draft</p>', published: '<p>published</p>' });
    const lists = fake.requests.filter((r) => r.path === '/admin/api/cms/templates.json');
    expect(lists.map((r) => r.query)).toEqual(['page=1&per_page=100&access_token=***', 'page=2&per_page=100&access_token=***']);
    expect(fake.requests.at(-1)?.path).toBe(`/admin/api/cms/templates/${builtin.id}.json`);
  });

  it('answers null when the portal has no such page, after the last page', async () => {
    for (let i = 0; i < 101; i += 1) fake.seedTemplate({ type: 'partial', systemName: `p${i}`, published: 'x' });
    expect(await findPaymentGatewayShow(client)).toBeNull();
    expect(fake.requests.filter((r) => r.path === '/admin/api/cms/templates.json')).toHaveLength(2);
  });

  it('answers null for an empty portal in one request', async () => {
    expect(await findPaymentGatewayShow(client)).toBeNull();
    expect(fake.requests).toHaveLength(1);
  });
});

describe('draft and publish', () => {
  it('saves the draft, then publish moves it to published and clears it', async () => {
    const t = fake.seedTemplate({ type: 'builtin_page', systemName: SHOW, published: 'old' });
    const saved = await saveCmsDraft(client, t.id, 'new {% if x %}y{% endif %}');
    expect(saved).toMatchObject({ draft: 'new {% if x %}y{% endif %}', published: 'old' });
    const put = fake.requests.at(-1);
    expect(put).toMatchObject({ method: 'PUT', tokenVia: 'body' });
    const published = await publishCmsTemplate(client, t.id);
    expect(published).toMatchObject({ draft: null, published: 'new {% if x %}y{% endif %}' });
    expect(await readCmsTemplate(client, t.id)).toMatchObject({ draft: null, published: 'new {% if x %}y{% endif %}' });
  });
});

describe('parseCmsTemplate', () => {
  it('refuses an answer that is not a template, or lacks its content when content was asked', () => {
    expect(() => parseCmsTemplate({ status: 'ok' }, false)).toThrow(CmsShapeError);
    expect(() => parseCmsTemplate({ id: 1, type: 'builtin_page', updated_at: '2026-01-01T00:00:00Z' }, true)).toThrow(/without its draft and published/);
    expect(parseCmsTemplate({ id: 1, type: 'builtin_page', updated_at: 'x', draft: null, published: 'p', system_name: SHOW }, true)).toMatchObject({
      draft: null,
      published: 'p',
      title: null,
    });
  });
});
