// Open from 3scale, save as draft, publish, the conflict when 3scale's copy changed, the
// finance log, and 3scale's failures in words — against the 3scale test server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FinanceLogChange } from '../../../../common/contract/finance-log';
import type { PortalTemplateOrigin } from '../../../../common/contract/portal-template';
import { PortalTemplateService } from '../../../../main/threescale/portal-template-service';
import { ThreescaleClient } from '../../../../main/threescale/threescale-client';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';

const TOKENS = {
  rw: 'fake-3scale-cms-rw-00000000000000000000000001',
  ro: 'fake-3scale-cms-ro-00000000000000000000000002',
  finance: 'fake-3scale-finance-000000000000000000000003',
};
const DOMAIN = 'acme-admin.3scale.net';
const SHOW = 'accounts/payment_gateways/show';
const ORIGINAL = '{% case provider.payment_gateway.type %}\n{% when "braintree_blue" %}\n  {% braintree_customer_form %}\n{% endcase %}\n';
const FIXED = '{% case provider.payment_gateway.type %}\n{% when "stripe" %}\n  {% stripe_form %}\n{% when "braintree_blue" %}\n  {% braintree_customer_form %}\n{% endcase %}\n';

let fake: FakeThreescale;
let clock = new Date('2026-12-02T10:00:00Z');
let log: { summary: string; changes: FinanceLogChange[] }[];

beforeAll(async () => {
  fake = await startFakeThreescale({
    now: () => clock,
    tokens: [
      { value: TOKENS.rw, scopes: ['cms'] },
      { value: TOKENS.ro, scopes: ['cms'], permission: 'ro' },
      { value: TOKENS.finance, scopes: ['finance'] },
    ],
  });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.world.templates.clear();
  fake.setFaults({ failNext: [], latencyMs: 0 });
  clock = new Date('2026-12-02T10:00:00Z');
  log = [];
});

function service(token: string | null = TOKENS.rw, timeoutMs = 5_000) {
  return new PortalTemplateService({
    connection: () => ({ adminDomain: token ? DOMAIN : '', accessToken: token }),
    client: (adminDomain, accessToken) =>
      new ThreescaleClient({ adminDomain: { domain: adminDomain, origin: `https://${adminDomain}` }, accessToken, baseUrlOverride: fake.url, timeoutMs }),
    log: (summary, changes) => log.push({ summary, changes }),
  });
}

/** A service whose PUTs meet `faults` (the re-read before them does not). */
function serviceFailingOnPut(faults: Parameters<FakeThreescale['setFaults']>[0], timeoutMs = 5_000) {
  return new PortalTemplateService({
    connection: () => ({ adminDomain: DOMAIN, accessToken: TOKENS.rw }),
    client: (adminDomain, accessToken) => {
      const client = new ThreescaleClient({ adminDomain: { domain: adminDomain, origin: `https://${adminDomain}` }, accessToken, baseUrlOverride: fake.url, timeoutMs });
      const put = client.put.bind(client);
      client.put = (path, params) => {
        fake.setFaults(faults);
        return put(path, params);
      };
      return client;
    },
    log: (summary, changes) => log.push({ summary, changes }),
  });
}

const seed = (content: { draft?: string | null; published?: string | null }) =>
  fake.seedTemplate({ type: 'builtin_page', systemName: SHOW, title: "Show User's Payment Details", ...content });

async function opened(s = service()): Promise<{ origin: PortalTemplateOrigin; source: string }> {
  const result = await s.open();
  if (result.status !== 'opened') throw new Error(`not opened: ${result.message}`);
  return result;
}

const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

describe('open', () => {
  it('loads the draft when 3scale has one, and says where it came from', async () => {
    const t = seed({ draft: FIXED, published: ORIGINAL });
    const { origin, source } = await opened();
    expect(source).toBe(FIXED);
    expect(origin).toMatchObject({
      adminDomain: DOMAIN,
      templateId: t.id,
      title: "Show User's Payment Details",
      loaded: 'draft',
      updatedAt: '2026-12-02T10:00:00Z',
      hasUnpublishedDraft: true,
    });
  });

  it('loads the published text when there is no draft', async () => {
    seed({ published: ORIGINAL });
    const { origin, source } = await opened();
    expect(source).toBe(ORIGINAL);
    expect(origin.loaded).toBe('published');
    expect(origin.hasUnpublishedDraft).toBe(false);
  });

  it('says when the page is missing, has no content, or 3scale is not connected', async () => {
    expect(await service().open()).toMatchObject({ status: 'failed', kind: 'no_template', message: expect.stringContaining('has no builtin page') });
    seed({});
    expect(await service().open()).toMatchObject({ status: 'failed', kind: 'no_content' });
    expect(await service(null).open()).toMatchObject({ status: 'failed', kind: 'not_connected', message: expect.stringContaining('Connect 3scale first') });
  });
});

describe('save as draft and publish', () => {
  it('writes the draft over the opened version and logs it with the portal, never the token', async () => {
    const t = seed({ published: ORIGINAL });
    const { origin } = await opened();
    later(60);
    const result = await service().saveDraft({ base: origin, source: FIXED });
    expect(result).toMatchObject({ status: 'saved', source: FIXED, origin: { loaded: 'draft', updatedAt: '2026-12-02T10:01:00Z', hasUnpublishedDraft: true } });
    expect(fake.world.templates.get(t.id)).toMatchObject({ draft: FIXED, published: ORIGINAL });
    expect(log).toEqual([
      {
        summary: `Saved the Payment Gateway / Show template as draft in 3scale (${DOMAIN})`,
        changes: [{ field: `Template ${t.id} draft`, from: 'none', to: '6 lines (3scale, 2026-12-02T10:01:00Z)' }],
      },
    ]);
    expect(JSON.stringify(log)).not.toContain(TOKENS.rw);
  });

  it('publishes: saves the draft, then publishes it; developers see it at once', async () => {
    const t = seed({ published: ORIGINAL });
    const { origin } = await opened();
    later(5);
    const result = await service().publish({ base: origin, source: FIXED });
    expect(result).toMatchObject({ status: 'published', source: FIXED, origin: { loaded: 'published', hasUnpublishedDraft: false } });
    expect(fake.world.templates.get(t.id)).toMatchObject({ draft: null, published: FIXED });
    expect(log.map((e) => e.summary)).toEqual([
      `Saved the Payment Gateway / Show template as draft in 3scale (${DOMAIN})`,
      `Published the Payment Gateway / Show template in 3scale (${DOMAIN})`,
    ]);
    expect(log[1]?.changes).toEqual([{ field: `Template ${t.id} published`, from: '4 lines (3scale, 2026-12-02T10:00:05Z)', to: '6 lines (3scale, 2026-12-02T10:00:05Z)' }]);
  });

  it('publishes a draft saved before without writing it again', async () => {
    seed({ published: ORIGINAL });
    const { origin } = await opened();
    const saved = (await service().saveDraft({ base: origin, source: FIXED })) as { origin: PortalTemplateOrigin };
    log = [];
    fake.requests.length = 0;
    const result = await service().publish({ base: saved.origin, source: FIXED });
    expect(result.status).toBe('published');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([expect.stringMatching(/^GET /), expect.stringMatching(/^PUT .*\/publish\.json$/)]);
    expect(log.map((e) => e.summary)).toEqual([`Published the Payment Gateway / Show template in 3scale (${DOMAIN})`]);
  });

  it('writes nothing when 3scale already has exactly this text', async () => {
    seed({ published: FIXED });
    const { origin } = await opened();
    expect(await service().saveDraft({ base: origin, source: FIXED })).toMatchObject({ status: 'saved', message: expect.stringContaining('nothing was written') });
    expect(await service().publish({ base: origin, source: FIXED })).toMatchObject({ status: 'published', message: expect.stringContaining('nothing was written') });
    expect(log).toEqual([]);
  });
});

describe('conflict', () => {
  it('writes nothing when the text changed in 3scale since it was opened, and gives both versions', async () => {
    const t = seed({ published: ORIGINAL });
    const { origin } = await opened();
    later(30);
    t.draft = `${ORIGINAL}<p>edited in the admin portal</p>\n`;
    t.updatedAt = clock;
    fake.requests.length = 0;
    const result = await service().saveDraft({ base: origin, source: FIXED });
    expect(result).toMatchObject({
      status: 'conflict',
      theirs: { source: t.draft, origin: { loaded: 'draft', updatedAt: '2026-12-02T10:00:30Z' } },
      message: expect.stringContaining('nothing was written'),
    });
    if (result.status !== 'conflict') throw new Error('no conflict');
    expect(result.diff).toContain('-<p>edited in the admin portal</p>');
    expect(result.diff).toContain('+{% when "stripe" %}');
    expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(await service().publish({ base: origin, source: FIXED })).toMatchObject({ status: 'conflict' });
    expect(fake.world.templates.get(t.id)?.draft).toBe(t.draft);
    expect(log).toEqual([]);

    // "Keep mine": written over their version, which is now the base.
    expect(await service().saveDraft({ base: result.theirs.origin, source: FIXED })).toMatchObject({ status: 'saved' });
    expect(fake.world.templates.get(t.id)?.draft).toBe(FIXED);
  });

  it('notices a change of updated_at alone (the same text saved again), and a change of content within the same second', async () => {
    const t = seed({ published: ORIGINAL });
    const { origin } = await opened();
    later(1);
    t.updatedAt = clock;
    expect(await service().saveDraft({ base: origin, source: FIXED })).toMatchObject({ status: 'conflict' });

    const again = await opened();
    t.published = `${ORIGINAL}\n`; // updated_at unchanged
    expect(await service().saveDraft({ base: again.origin, source: FIXED })).toMatchObject({ status: 'conflict' });
  });

  it('is no conflict when 3scale already holds exactly our text (a save whose answer was lost)', async () => {
    const t = seed({ published: ORIGINAL });
    const { origin } = await opened();
    later(1);
    t.draft = FIXED;
    t.updatedAt = clock;
    expect(await service().saveDraft({ base: origin, source: FIXED })).toMatchObject({ status: 'saved', message: expect.stringContaining('already exactly this text') });
  });

  it('refuses to write a template that is not the Payment Gateway / Show page', async () => {
    const other = fake.seedTemplate({ type: 'partial', systemName: 'shared/pagination', published: 'x' });
    const result = await service().saveDraft({ base: { templateId: other.id, version: 'v' }, source: FIXED });
    expect(result).toMatchObject({ status: 'failed', kind: 'no_template' });
    expect(other.draft).toBeNull();
  });
});

describe("3scale's failures", () => {
  it('403 for a token without the Developer Portal scope, or a read-only one on a write', async () => {
    seed({ published: ORIGINAL });
    expect(await service(TOKENS.finance).open()).toMatchObject({
      status: 'failed',
      kind: 'missing_scope',
      message: expect.stringContaining('may not read developer portal templates (403): it needs the Developer Portal API scope.'),
    });
    const { origin } = await opened(service(TOKENS.ro));
    const result = await service(TOKENS.ro).saveDraft({ base: origin, source: FIXED });
    expect(result).toMatchObject({ status: 'failed', kind: 'missing_scope', message: expect.stringContaining('with Read & Write permission') });
    expect(result).toMatchObject({ message: expect.stringContaining('Your text is kept in the editor.') });
    expect(log).toEqual([]);
  });

  it('404 when the template is gone; 422 with porta’s words; 500', async () => {
    const t = seed({ published: ORIGINAL });
    const { origin } = await opened();
    // The test server parses the draft as porta does before saving it.
    expect(await service().saveDraft({ base: origin, source: `${ORIGINAL}{% if broken ` })).toMatchObject({
      status: 'failed',
      kind: 'refused',
      message: expect.stringContaining("3scale refused the template (422): “Liquid syntax error: Tag '{%' was not properly terminated with regexp: /\\%\\}/”"),
    });
    expect(t.draft).toBeNull();
    const liquidError = "Liquid syntax error: Tag '{%' was not properly terminated with regexp: /\\%\\}/";
    const result = await serviceFailingOnPut({ failNext: [{ status: 422, body: { errors: { draft: [liquidError] } } }] }).saveDraft({ base: origin, source: '{% broken' });
    expect(result).toMatchObject({
      status: 'failed',
      kind: 'refused',
      message: expect.stringContaining("3scale refused the template (422): “Liquid syntax error: Tag '{%' was not properly terminated"),
    });
    expect(log).toEqual([]);

    fake.setFaults({ failNext: [{ status: 500, pathIncludes: '/admin/api/cms/' }] });
    expect(await service().saveDraft({ base: origin, source: FIXED })).toMatchObject({ status: 'failed', kind: 'server_error' });

    fake.world.templates.delete(t.id);
    expect(await service().saveDraft({ base: origin, source: FIXED })).toMatchObject({
      status: 'failed',
      kind: 'not_found',
      message: expect.stringContaining('The template is no longer in 3scale (404'),
    });
  });

  it('unreachable and timeout: said plainly; a write without an answer is logged as unknown', async () => {
    const unreachable = new PortalTemplateService({
      connection: () => ({ adminDomain: DOMAIN, accessToken: TOKENS.rw }),
      client: (adminDomain, accessToken) =>
        new ThreescaleClient({ adminDomain: { domain: adminDomain, origin: `https://${adminDomain}` }, accessToken, baseUrlOverride: 'http://127.0.0.1:47' }),
      log: () => undefined,
    });
    expect(await unreachable.open()).toMatchObject({ status: 'failed', kind: 'unreachable', message: expect.stringContaining('could not be reached') });

    seed({ published: ORIGINAL });
    const { origin } = await opened();
    // The re-read answers at once; the PUT is slower than the timeout.
    const slow = serviceFailingOnPut({ latencyMs: 1_000 }, 300);
    const result = await slow.saveDraft({ base: origin, source: FIXED });
    expect(result).toMatchObject({ status: 'failed', kind: 'timeout', message: expect.stringContaining('may or may not have made the change') });
    expect(log.map((e) => e.summary)).toEqual([expect.stringContaining('no answer came, so whether 3scale made the change is unknown')]);
  });
});
