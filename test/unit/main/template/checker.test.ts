import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../../../main/template/checker';
import type { CaseBlockReport, TemplateReport } from '../../../../main/template/checker';
import { createPortalLiquid } from '../../../../main/template/liquid';

function okReport(source: string): Extract<TemplateReport, { ok: true }> {
  const report = checkTemplate(source);
  if (!report.ok) throw new Error(`expected the template to parse: ${report.error.message}`);
  return report;
}

function onlyBlock(source: string): CaseBlockReport {
  const report = okReport(source);
  expect(report.caseBlocks).toHaveLength(1);
  const [block] = report.caseBlocks;
  if (!block) throw new Error('no block');
  return block;
}

describe('the portal Liquid engine', () => {
  const liquid = createPortalLiquid();

  it("parses 3scale's tags and renders them as placeholders", async () => {
    const html = await liquid.parseAndRender(
      [
        '{% disable_client_cache %}',
        "{% include 'users_menu' %}",
        '{% stripe_form %}',
        '{% stripe_form "Save <card>" %}',
        '{% braintree_customer_form %}',
        '{% authorize_net_form "Edit Credit Card Details" %}',
      ].join('|'),
      {},
    );
    expect(html.split('|')).toEqual([
      '',
      '<div class="portal-placeholder">[3scale partial: users_menu]</div>',
      '<div class="portal-placeholder">[3scale Stripe card form: Edit Credit Card Details]</div>',
      '<div class="portal-placeholder">[3scale Stripe card form: Save &lt;card&gt;]</div>',
      '<div class="portal-placeholder">[3scale Braintree card form: Credit Card Details]</div>',
      '<div class="portal-placeholder">[3scale Authorize.Net card form: Edit Credit Card Details]</div>',
    ]);
  });

  it('reads a drop whose name ends in "?" by the key with the question mark', async () => {
    const template = '{% if current_account.has_billing_address? %}yes{% else %}no{% endif %}';
    const render = (value: unknown): Promise<string> =>
      liquid.parseAndRender(template, { current_account: { 'has_billing_address?': value, has_billing_address: true } });
    expect(await render(true)).toBe('yes');
    expect(await render(false)).toBe('no');
    expect(await liquid.parseAndRender(template, {})).toBe('no');
  });

  it('never reads a file: include is a placeholder and render/layout find nothing', async () => {
    expect(await liquid.parseAndRender("{% include '/etc/passwd' %}", {})).toContain('[3scale partial: /etc/passwd]');
    await expect(liquid.parseAndRender("{% render '/etc/passwd' %}", {})).rejects.toThrow();
    await expect(liquid.parseAndRender("{% layout '/etc/hostname' %}x", {})).rejects.toThrow();
  });

  it('renders case as Liquid does: matching whens, a when list, else', async () => {
    const template =
      '{% case t %}{% when "stripe", "braintree_blue" %}A{% when "authorize_net" or "x" %}B{% else %}C{% endcase %}';
    const render = (t: string): Promise<string> => liquid.parseAndRender(template, { t });
    expect(await render('stripe')).toBe('A');
    expect(await render('braintree_blue')).toBe('A');
    expect(await render('x')).toBe('B');
    expect(await render('other')).toBe('C');
  });
});

describe('checkTemplate', () => {
  it('finds the Stripe branch, its line, and what it renders', () => {
    const block = onlyBlock(
      [
        '<div>',
        '{% case provider.payment_gateway.type %}',
        '  {% when "braintree_blue" %}',
        '    {% braintree_customer_form %}',
        '  {% when "stripe" %}',
        '    {% if current_account.has_billing_address? %}{% stripe_form %}{% endif %}',
        '{% endcase %}',
        '</div>',
      ].join('\n'),
    );
    expect(block).toMatchObject({
      startLine: 2,
      endLine: 7,
      hasStripe: true,
      elseLine: null,
      stripe: { line: 5, sharedWith: [], rendersStripeForm: true, rendersBillingAddressLink: false },
      problems: [],
    });
    expect(block.branches).toEqual([
      { line: 3, column: 3, values: ['braintree_blue'], isStripe: false },
      { line: 5, column: 3, values: ['stripe'], isStripe: true },
    ]);
    expect(block.message).toBe('Case block at lines 2–7: Stripe branch present (line 5), renders stripe_form.');
  });

  it('says plainly when a block has no Stripe branch', () => {
    const report = okReport(
      ['{% case provider.payment_gateway.type %}', '{% when "braintree_blue" %}x', '{% endcase %}'].join('\n'),
    );
    expect(report.allHaveStripe).toBe(false);
    expect(report.messages).toEqual([
      'Case block at lines 1–3: no Stripe branch; developers on this portal cannot enter a card for Stripe.',
      '1 of 1 case block lacks a Stripe branch.',
    ]);
  });

  it('accepts the whitespace-control variants of every tag', () => {
    const block = onlyBlock(
      '{%- case provider.payment_gateway.type -%}\n{%- when "braintree_blue" -%}x\n{%- when \'stripe\' -%}{{- current_account.edit_stripe_billing_address_url -}}\n{%- endcase -%}',
    );
    expect(block.stripe).toMatchObject({ line: 3, rendersBillingAddressLink: true, rendersStripeForm: false });
  });

  it('looks only at case blocks on provider.payment_gateway.type', () => {
    const report = okReport(
      [
        '{% case current_account.plan %}{% when "gold" %}x{% endcase %}',
        '{% case provider.payment_gateway.type | downcase %}{% when "braintree_blue" %}x{% endcase %}',
        '{% case provider["payment_gateway"]["type"] %}{% when "stripe" %}{% stripe_form %}{% endcase %}',
      ].join('\n'),
    );
    expect(report.caseBlocks.map((block) => block.startLine)).toEqual([3]);
    expect(report.allHaveStripe).toBe(true);
  });

  it('does not count "stripe" in a comment, in raw text, in the page text or as a variable', () => {
    const block = onlyBlock(
      [
        '<p>stripe {{ "stripe" }}</p>',
        '{% case provider.payment_gateway.type %}',
        '{% comment %}{% when "stripe" %}{% stripe_form %}{% endcomment %}',
        '{% when stripe %}<p>{% raw %}{% when "stripe" %}{% endraw %}</p>',
        '{% endcase %}',
      ].join('\n'),
    );
    expect(block.hasStripe).toBe(false);
    expect(block.branches).toEqual([{ line: 4, column: 1, values: ['stripe'], isStripe: false }]);
  });

  it('finds case blocks nested in other blocks and in each other', () => {
    const report = okReport(
      [
        '{% if current_account %}',
        '  {% for i in (1..2) %}',
        '    {% case provider.payment_gateway.type %}',
        '    {% when "stripe" %}',
        '      {% case provider.payment_gateway.type %}{% when "braintree_blue" %}x{% endcase %}',
        '      {{ current_account.edit_stripe_billing_address_url }}',
        '    {% endcase %}',
        '  {% endfor %}',
        '{% endif %}',
      ].join('\n'),
    );
    expect(report.caseBlocks.map((block) => [block.startLine, block.endLine, block.hasStripe])).toEqual([
      [3, 7, true],
      [5, 5, false],
    ]);
  });

  it('reports a Stripe branch that renders neither the form nor the link, and a "Stripe" that never matches', () => {
    const report = okReport(
      [
        '{% case provider.payment_gateway.type %}',
        '{% when "Stripe" %}{% stripe_form %}',
        '{% when "stripe" %}<p>Call us.</p>',
        '{% endcase %}',
      ].join('\n'),
    );
    expect(report.allHaveStripe).toBe(true);
    expect(report.problems).toEqual([
      'Case block at lines 1–4: Stripe branch present (line 3), but it renders neither the card form ({% stripe_form %}) nor the billing-address link ({{ current_account.edit_stripe_billing_address_url }}); developers cannot enter a card for Stripe here.',
      'Case block at lines 1–4: the branch at line 2 is for "Stripe", which never matches; the gateway type is "stripe", in lower case.',
    ]);
  });

  it('says so when there is no gateway case block at all', () => {
    const report = okReport('<p>Hello</p>');
    expect(report.caseBlocks).toEqual([]);
    expect(report.allHaveStripe).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.messages[0]).toMatch(/^No \{% case provider\.payment_gateway\.type %\} block was found/);
  });

  it('reports where a template does not parse, with the parser\'s reason', () => {
    const cases: Array<[string, { line: number; column: number }, RegExp]> = [
      ['a\n  {% if x %}\nb', { line: 2, column: 3 }, /^tag \{% if x %\} not closed: no \{% endif %\} before the end of the template$/],
      ['a\n{{ x \nb', { line: 2, column: 1 }, /^output "\{\{ x .*" not closed$/],
      ['ok\n  {% endform %}', { line: 2, column: 3 }, /^\{% endform %\} has no \{% form %\} to close$/],
      ["{% form 'login' %}\n{% if a %}{% endform %}", { line: 2, column: 1 }, /^tag \{% if a %\} not closed: \{% endform %\} at line 2 comes before its \{% endif %\}$/],
      ['{% if a %}\n{% when "stripe" %}{% endif %}', { line: 2, column: 1 }, /^\{% when "stripe" %\} is outside a \{% case %\} block$/],
      ["{% content_for %}{% endcontent_for %}", { line: 1, column: 1 }, /Valid syntax: content_for \[var\]/],
      ['x\n{% case provider.payment_gateway.type %}\n  {% when "stripe" junk %}\n{% endcase %}', { line: 3, column: 3 }, /unexpected junk/],
      [
        '{% case provider.payment_gateway.type %}\n{% when "stripe" %}\n  {% if a %}\n{% when "braintree_blue" %}\n{% endcase %}',
        { line: 3, column: 3 },
        /^tag \{% if a %\} not closed: \{% when "braintree_blue" %\} at line 4 comes before its \{% endif %\}$/,
      ],
      ['{% stripe_form "a" "b" %}', { line: 1, column: 1 }, /unexpected "b"/],
    ];
    for (const [source, position, reason] of cases) {
      const report = checkTemplate(source);
      expect(report.ok, source).toBe(false);
      if (report.ok) continue;
      expect({ line: report.error.line, column: report.error.column }, source).toEqual(position);
      expect(report.error.message, source).toMatch(reason);
      expect(report.messages[0]).toContain(`at line ${position.line}, column ${position.column}`);
    }
  });

  it('keeps a parse error short when the parser quotes the rest of the file', () => {
    const report = checkTemplate(`{% if x ${'y'.repeat(5000)}`);
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.error.message.length).toBeLessThan(200);
  });

  it('handles a 200 KB template with many case blocks', () => {
    const withStripe = (i: number): string =>
      [
        `<div class="panel" id="p${i}">`,
        '  {% case provider.payment_gateway.type %}',
        '  {% when "braintree_blue" %}',
        '    {% braintree_customer_form %}',
        '  {% when "stripe" %}',
        '    <a href="{{ current_account.edit_stripe_billing_address_url }}">Edit billing address</a>',
        '    {% if current_account.has_billing_address? %}{% stripe_form %}{% endif %}',
        '  {% endcase %}',
        `  <p>${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8)}</p>`,
        '</div>',
      ].join('\n');
    const withoutStripe = (i: number): string =>
      [
        `<div class="panel" id="q${i}">{% comment %}{% when "stripe" %}{% endcomment %}`,
        '  {% case provider.payment_gateway.type %}',
        '  {% when "authorize_net" %}{% authorize_net_form "Pay" %}',
        '  {% when "braintree_blue" %}{% braintree_customer_form %}',
        '  {% endcase %}',
        '</div>',
      ].join('\n');
    const parts: string[] = [];
    let missing = 0;
    for (let i = 0; parts.join('\n').length < 200_000; i++) {
      if (i % 7 === 3) {
        parts.push(withoutStripe(i));
        missing++;
      } else {
        parts.push(withStripe(i));
      }
    }
    const source = parts.join('\n');
    expect(source.length).toBeGreaterThanOrEqual(200_000);

    const report = okReport(source);
    expect(report.caseBlocks).toHaveLength(parts.length);
    expect(report.caseBlocks.filter((block) => !block.hasStripe)).toHaveLength(missing);
    expect(report.allHaveStripe).toBe(false);
    // Line numbers stay right to the end.
    const last = report.caseBlocks[report.caseBlocks.length - 1];
    const lines = source.split('\n');
    expect(lines[(last?.startLine ?? 0) - 1]).toBe('  {% case provider.payment_gateway.type %}');
    expect(lines[(last?.endLine ?? 0) - 1]).toBe('  {% endcase %}');
  });
});
