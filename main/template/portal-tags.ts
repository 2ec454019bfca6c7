// 3scale's Liquid tags (portal-catalogue.ts), as liquidjs tags that parse what 3scale parses
// and render an inert placeholder saying what the portal would put there, e.g.
// "[3scale form: login]". The three card forms keep their own classes: the checker looks
// for `{% stripe_form %}` by class.

import { Tag, TypeGuards, evalToken, toValue } from 'liquidjs';
import type { Context, Emitter, Liquid, Parser, TagToken, Template, TopLevelToken, ValueToken } from 'liquidjs';
import { EMAIL_SUBTAGS, PORTAL_TAGS } from './portal-catalogue';

type TagClass = new (token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) => Tag;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The tag's arguments as written, on one line and short: what the placeholder quotes. */
function argumentsText(token: TagToken): string {
  const text = token.args.replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** `<div class="portal-placeholder">[3scale what: detail]</div>`, escaped. */
export function placeholder(what: string, detail: string, element: 'div' | 'span' = 'div'): string {
  const text = detail ? `${what}: ${detail}` : what;
  return `<${element} class="portal-placeholder">[${escapeHtml(text)}]</${element}>`;
}

/**
 * The children of a block tag up to its end tag. `isSubtag` claims tags that belong to the
 * block itself (email's headers): they are not parsed as tags of their own.
 */
function parseBody(
  token: TagToken,
  remainTokens: TopLevelToken[],
  parser: Parser,
  endName: string,
  isSubtag: (tag: TagToken) => boolean = () => false,
): Template[] {
  const templates: Template[] = [];
  for (let child = remainTokens.shift(); child; child = remainTokens.shift()) {
    if (TypeGuards.isTagToken(child) && child.name === endName) return templates;
    if (TypeGuards.isTagToken(child) && isSubtag(child)) continue;
    templates.push(parser.parseToken(child, remainTokens));
  }
  throw new Error(`tag ${token.getText()} not closed`);
}

/** A 3scale card form: an optional text (3scale's PaymentGatewayBaseForm), rendered as a placeholder. */
abstract class CardFormTag extends Tag {
  readonly text: ValueToken | undefined;
  protected abstract readonly label: string;
  protected abstract readonly defaultText: string;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    this.tokenizer.skipBlank();
    this.text = this.tokenizer.end() ? undefined : this.tokenizer.readValueOrThrow();
    this.tokenizer.skipBlank();
    if (!this.tokenizer.end()) throw new Error(`unexpected ${this.tokenizer.remaining().trim()} in ${token.getText()}`);
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const value = this.text ? toValue(yield evalToken(this.text, ctx)) : undefined;
    const text = value === undefined || value === null || value === '' ? this.defaultText : String(value);
    emitter.write(placeholder(`3scale ${this.label}`, text));
  }

  *arguments(): Generator<ValueToken> {
    if (this.text) yield this.text;
  }
}

/** `{% stripe_form %}` or `{% stripe_form "Edit Credit Card Details" %}`. */
export class StripeFormTag extends CardFormTag {
  protected readonly label = 'Stripe card form';
  protected readonly defaultText = 'Edit Credit Card Details';
}

export class BraintreeCustomerFormTag extends CardFormTag {
  protected readonly label = 'Braintree card form';
  protected readonly defaultText = 'Credit Card Details';
}

export class AuthorizeNetFormTag extends CardFormTag {
  protected readonly label = 'Authorize.Net card form';
  protected readonly defaultText = 'Credit Card Details';
}

export class OgoneFormTag extends CardFormTag {
  protected readonly label = 'Ogone card form';
  protected readonly defaultText = 'Credit Card Details';
}

export class PaymentExpressFormTag extends CardFormTag {
  protected readonly label = 'Payment Express card form';
  protected readonly defaultText = 'Credit Card Details';
}

/** An inline 3scale tag that renders something of the portal's own: a placeholder naming it and its arguments. */
function inlinePlaceholderTag(standsFor: string): TagClass {
  return class extends Tag {
    render(_ctx: Context, emitter: Emitter): void {
      emitter.write(placeholder(`3scale ${standsFor}`, argumentsText(this.token)));
    }
  };
}

/** `{% disable_client_cache %}` sets HTTP headers; `{% csrf %}` and the asset tags fill the head: nothing to show. */
class RendersNothingTag extends Tag {
  render(): void {
    // Nothing visible on the page.
  }
}

/** `{% page_section %}` and `{% page_sub_section %}` print a word of the URL, often into a class attribute: a sample word. */
function pathWordTag(word: string): TagClass {
  return class extends Tag {
    render(_ctx: Context, emitter: Emitter): void {
      emitter.write(word);
    }
  };
}

/** `{% include 'users_menu' %}` (arguments after the name are ignored): one of the portal's partials, not read. */
export class IncludeTag extends Tag {
  readonly partial: string;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    this.tokenizer.skipBlank();
    const name = this.tokenizer.readValue();
    if (!name) throw new Error(`the include tag needs a partial name, as in {% include 'users_menu' %}`);
    this.partial = TypeGuards.isQuotedToken(name) ? name.content : name.getText();
  }

  render(_ctx: Context, emitter: Emitter): void {
    emitter.write(placeholder('3scale partial', this.partial));
  }
}

/** `{% sort_link column: "level" label: "Level" %}`: 3scale refuses it without a column. */
class SortLinkTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    if (!/column:\s*\S/.test(token.args)) {
      throw new Error("sort_link needs a column, as in {% sort_link column: 'level' label: 'Level' %}");
    }
  }

  render(_ctx: Context, emitter: Emitter): void {
    emitter.write(placeholder('3scale sort link', argumentsText(this.token), 'span'));
  }
}

/** `{% form 'application.create', application, class: "form-horizontal" %}…{% endform %}`: the body inside a placeholder form. */
class FormTag extends Tag {
  readonly formName: string;
  private readonly body: Template[];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    const name = /^\s*(['"])([^'"]+)\1/.exec(token.args)?.[2];
    if (!name) throw new Error(`the form tag needs a quoted form name, as in {% form 'application.create', application %}`);
    this.formName = name;
    this.body = parseBody(token, remainTokens, parser, 'endform');
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    emitter.write(`<div class="portal-form">${placeholder('3scale form', this.formName)}`);
    yield this.liquid.renderer.renderTemplates(this.body, ctx, emitter);
    emitter.write('</div>');
  }

  // eslint-disable-next-line require-yield -- liquidjs asks for a generator; the body is already parsed.
  *children(): Generator<unknown, Template[]> {
    return this.body;
  }
}

/** `{% content_for javascripts %}…{% endcontent_for %}`: content the layout puts elsewhere; here only named. */
class ContentForTag extends Tag {
  private readonly body: Template[];
  readonly section: string;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    const section = /^\s*(\w+)/.exec(token.args)?.[1];
    if (!section) throw new Error("Syntax Error in 'content_for' - Valid syntax: content_for [var]");
    this.section = section;
    this.body = parseBody(token, remainTokens, parser, 'endcontent_for');
  }

  render(_ctx: Context, emitter: Emitter): void {
    emitter.write(placeholder('3scale content for', this.section));
  }

  // eslint-disable-next-line require-yield -- liquidjs asks for a generator; the body is already parsed.
  *children(): Generator<unknown, Template[]> {
    return this.body;
  }
}

/** `{% email %}{% subject = '…' %}{% bcc = '…' %}{% endemail %}`: the headers of an outgoing email; renders nothing in 3scale. */
class EmailTag extends Tag {
  readonly headers: string[] = [];
  private readonly body: Template[];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    this.body = parseBody(token, remainTokens, parser, 'endemail', (child) => {
      if (!EMAIL_SUBTAGS.includes(child.name)) return false;
      this.headers.push(child.name);
      return true;
    });
  }

  render(_ctx: Context, emitter: Emitter): void {
    emitter.write(placeholder('3scale email headers', [...new Set(this.headers)].join(', ')));
  }

  // eslint-disable-next-line require-yield -- liquidjs asks for a generator; the body is already parsed.
  *children(): Generator<unknown, Template[]> {
    return this.body;
  }
}

/** Ruby Liquid's `{% ifchanged %}…{% endifchanged %}` (liquidjs lacks it): the body when it differs from the last time. */
class IfChangedTag extends Tag {
  private readonly body: Template[];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    this.body = parseBody(token, remainTokens, parser, 'endifchanged');
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const output = (yield this.liquid.renderer.renderTemplates(this.body, ctx)) as string;
    if (output !== ctx.getRegister('ifchanged')) emitter.write(output);
    ctx.setRegister('ifchanged', output);
  }

  // eslint-disable-next-line require-yield -- liquidjs asks for a generator; the body is already parsed.
  *children(): Generator<unknown, Template[]> {
    return this.body;
  }
}

/** A tag neither Liquid nor 3scale knows (the checker warns about it): a placeholder. */
export class UnknownInlineTag extends Tag {
  render(_ctx: Context, emitter: Emitter): void {
    emitter.write(placeholder(`unknown tag ${this.name}`, argumentsText(this.token)));
  }
}

/** An unknown tag that has an end tag in the template: its body is parsed (so its mistakes are found), not rendered. */
export class UnknownBlockTag extends Tag {
  private readonly body: Template[];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    this.body = parseBody(token, remainTokens, parser, `end${token.name}`);
  }

  render(_ctx: Context, emitter: Emitter): void {
    emitter.write(placeholder(`unknown block ${this.name}`, argumentsText(this.token)));
  }

  // eslint-disable-next-line require-yield -- liquidjs asks for a generator; the body is already parsed.
  *children(): Generator<unknown, Template[]> {
    return this.body;
  }
}

const SPECIAL_TAGS: Record<string, TagClass> = {
  include: IncludeTag,
  stripe_form: StripeFormTag,
  braintree_customer_form: BraintreeCustomerFormTag,
  authorize_net_form: AuthorizeNetFormTag,
  ogone_form: OgoneFormTag,
  payment_express_form: PaymentExpressFormTag,
  form: FormTag,
  content_for: ContentForTag,
  email: EmailTag,
  sort_link: SortLinkTag,
  disable_client_cache: RendersNothingTag,
  csrf: RendersNothingTag,
  essential_assets: RendersNothingTag,
  '3scale_essentials': RendersNothingTag,
  theme_stylesheet: RendersNothingTag,
  cdn_asset: RendersNothingTag,
  // Payment Gateway / Show is /admin/account/payment_details.
  page_section: pathWordTag('account'),
  page_sub_section: pathWordTag('payment_details'),
};

/** Registers every tag of PORTAL_TAGS, and Ruby Liquid's ifchanged. */
export function registerPortalTags(liquid: Liquid): void {
  for (const tag of PORTAL_TAGS) liquid.registerTag(tag.name, SPECIAL_TAGS[tag.name] ?? inlinePlaceholderTag(tag.standsFor));
  liquid.registerTag('ifchanged', IfChangedTag);
}
