// 3scale's Liquid as the checker knows it: every tag the reference names is known, every
// catalogued tag and filter is implemented, and each tag parses in the form 3scale uses.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../../../main/template/checker';
import { createPortalLiquid } from '../../../../main/template/liquid';
import {
  EMAIL_SUBTAGS,
  LIQUID_FILTERS,
  LIQUID_TAGS,
  PORTAL_FILTERS,
  PORTAL_TAGS,
  knownTagKind,
} from '../../../../main/template/portal-catalogue';
import { PORTAL_FILTER_NAMES } from '../../../../main/template/portal-filters';

/** The tags ../shared/reference/3scale-apis.md lists under "Liquid in the developer portal", as written there. */
const REFERENCE_TAGS = [
  'active_docs', 'authorize_net_form', 'braintree_customer_form', 'cdn_asset', 'container', 'content', 'content_for',
  'credit_card_missing', 'csrf', 'debug', 'disable_client_cache', 'email', 'essential_assets', 'flash', 'footer',
  'form', 'include', 'latest_forum_posts', 'latest_messages', 'logo', 'menu', 'oldfooter', 'portlet', 'sort_link',
  'stripe_form', 'submenu', 'theme_stylesheet', 'three_scale_essentials', 'trial_notice', 'user_widget',
  'ogone_form', 'payment_express_form', 'plan_widget', 'page_section',
];

/** The reference names the file three_scale_essentials.rb; the tag it registers is `3scale_essentials`. */
const TAG_OF_FILE: Record<string, string> = { three_scale_essentials: '3scale_essentials' };

/** How each 3scale tag is written in the templates 3scale ships. */
const USAGE: Record<string, string> = {
  form: "{% form 'login', user, class: 'form-horizontal' %}<input name=\"username\">{% endform %}",
  content_for: '{% content_for javascripts %}<script src="x.js"></script>{% endcontent_for %}',
  email: "{% email %}{% subject = 'Hello' %}{% reply-to = 'a@example.com' %}{% do_not_send %}{% endemail %}",
  sort_link: '{% sort_link column: "level" label: "Level" %}',
  plan_widget: '{% plan_widget application, wizard: true %}',
  include: "{% include 'users_menu' %}",
  cdn_asset: '{% cdn_asset /jquery/3.7.1/jquery.min.js %}',
  active_docs: '{% active_docs version: "2.0" services: "echo" %}',
  portlet: "{% portlet 'news' %}",
  container: '{% container main %}',
  debug: '{% debug:help %}',
  stripe_form: '{% stripe_form "Edit Credit Card Details" %}',
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('the catalogue of 3scale Liquid', () => {
  it('knows every tag name in the reference list', () => {
    for (const name of REFERENCE_TAGS) expect(knownTagKind(TAG_OF_FILE[name] ?? name), name).toBeDefined();
  });

  it('still matches the reference file, where the shared reference sits beside the checkout', () => {
    const reference = path.join(ROOT, '../../shared/reference/3scale-apis.md');
    const alt = path.join(ROOT, '../shared/reference/3scale-apis.md');
    const file = [reference, alt].find((candidate) => existsSync(candidate));
    if (!file) return; // CI checks out the repository alone; the list above is the reference's.
    const section = readFileSync(file, 'utf8').split('## Liquid in the developer portal')[1] ?? '';
    const listed = (section.split('(lib/developer_portal/lib/liquid/tags/:')[1] ?? '').split(')')[0] ?? '';
    const names = [...listed.matchAll(/[a-z_]+/g)].map((match) => match[0]).filter((word) => !['and', 'older', 'ones', 'such', 'as'].includes(word));
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) expect(REFERENCE_TAGS, name).toContain(name);
  });

  it('registers every catalogued tag, and Ruby Liquid tags that liquidjs has under the same name', () => {
    const liquid = createPortalLiquid();
    for (const tag of [...PORTAL_TAGS, ...LIQUID_TAGS]) expect(liquid.tags[tag.name], tag.name).toBeDefined();
    // Jekyll's layout and block are liquidjs's, not Ruby Liquid's: 3scale refuses them, so they are unknown here.
    expect(liquid.tags['layout']).toBeUndefined();
    expect(liquid.tags['block']).toBeUndefined();
  });

  it('implements every catalogued filter', () => {
    const liquid = createPortalLiquid();
    expect([...PORTAL_FILTER_NAMES].sort()).toEqual([...PORTAL_FILTERS].sort());
    for (const name of [...PORTAL_FILTERS, ...LIQUID_FILTERS]) expect(liquid.filters[name], name).toBeDefined();
  });

  it.each(PORTAL_TAGS.map((tag) => tag.name))('parses {%% %s %%} as 3scale writes it, without warnings, and previews a placeholder or nothing', (name) => {
    const source = USAGE[name] ?? `{% ${name} %}`;
    const report = checkTemplate(source);
    expect(report.ok, report.ok ? '' : report.error.message).toBe(true);
    expect(report.warnings).toEqual([]);
  });

  it('keeps email subtags inside the email block: elsewhere they are unknown tags', () => {
    for (const name of EMAIL_SUBTAGS) {
      const outside = checkTemplate(`{% ${name} = 'x' %}`);
      expect(outside.ok).toBe(true);
      expect(outside.warnings.map((warning) => warning.name)).toEqual([name]);
    }
  });
});

describe('tags and filters nobody knows', () => {
  it('warns with the line and column, and the check goes on', () => {
    const report = checkTemplate(
      [
        '{% case provider.payment_gateway.type %}',
        '{% when "stripe" %}',
        '  {% newsletter_signup list: "billing" %}',
        '  {% stripe_form %}',
        '{% endcase %}',
        '{{ provider.name | shout }}',
      ].join('\n'),
    );
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.allHaveStripe).toBe(true);
    expect(report.warnings.map(({ kind, name, line, column }) => ({ kind, name, line, column }))).toEqual([
      { kind: 'unknown_tag', name: 'newsletter_signup', line: 3, column: 3 },
      { kind: 'unknown_filter', name: 'shout', line: 6, column: 20 },
    ]);
  });

  it('reads an unknown tag with an end tag as a block, and still finds what is malformed inside it', () => {
    const ok = checkTemplate('{% beta %}{% if a %}x{% endif %}{% endbeta %}');
    expect(ok.ok).toBe(true);
    const broken = checkTemplate('{% beta %}\n{% if a %}x{% endbeta %}');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error).toMatchObject({ line: 2, column: 1 });
  });

  it('counts warnings beyond the hundredth rather than listing them', () => {
    const report = checkTemplate('{% mystery %}\n'.repeat(150));
    expect(report.warnings).toHaveLength(100);
    expect(report.warnings[99]?.message).toMatch(/\(50 more warnings not listed\)$/);
  });

  it("treats liquidjs's Jekyll-style layout and block as unknown tags, as 3scale would", () => {
    const report = checkTemplate('{% layout "x" %}{% block a %}b{% endblock %}');
    expect(report.ok).toBe(true);
    expect(report.warnings.map((warning) => warning.name)).toEqual(['layout', 'block']);
  });
});
