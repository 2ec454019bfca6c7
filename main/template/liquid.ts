// A Liquid engine that reads 3scale developer-portal templates.
//
// liquidjs knows standard Liquid; 3scale adds its own tags. This module teaches the engine
// the ones the template "Payment Gateway / Show" uses, replaces `case` with a version that
// remembers where each `when` is (the checker and the fixer need the positions), and makes
// `include` inert. Nothing here reads files or the network: partials render as a
// placeholder and the engine's file system refuses every lookup.
//
// Drops whose names end in "?" (`current_account.has_billing_address?`): liquidjs reads the
// question mark as part of the property name, so `has_billing_address?` looks up the key
// "has_billing_address?" — the data given to a render must use that key (see preview.ts).

import { Liquid, LiquidError, ParseError, Tag, TypeGuards, Value, evalToken, toValue } from 'liquidjs';
import type { Context, Emitter, FS, FilteredValueToken, Parser, TagToken, Template, TopLevelToken, ValueToken } from 'liquidjs';

/** One branch of a case block as written: a `when` (with its values) or the `else`. */
export interface CaseBranch {
  kind: 'when' | 'else';
  /** The `{% when … %}` or `{% else %}` tag. */
  token: TagToken;
  /** The values a `when` lists (`{% when "a", "b" %}` or `{% when "a" or "b" %}`); empty for `else`. */
  values: ValueToken[];
  templates: Template[];
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Liquid's equality as `case` uses it, for the values a template can hold. */
function sameValue(a: unknown, b: unknown): boolean {
  const left = toValue(a);
  const right = toValue(b);
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, i) => sameValue(item, right[i]));
  }
  return left === right;
}

/**
 * `{% case expression %}{% when v1, v2 %}…{% else %}…{% endcase %}`, keeping every branch's
 * tag so that positions can be reported. Renders as Ruby Liquid does: each `when` whose
 * values match renders, and `else` renders when no earlier `when` matched.
 */
export class CaseTag extends Tag {
  /** The expression after `case`, as parsed. */
  readonly subject: FilteredValueToken;
  private readonly subjectValue: Value;
  readonly branches: CaseBranch[] = [];
  /** The `{% endcase %}` tag. */
  readonly endToken: TagToken;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    this.tokenizer.skipBlank();
    if (this.tokenizer.end()) throw new Error('the case tag needs an expression, as in {% case provider.payment_gateway.type %}');
    this.subject = this.tokenizer.readFilteredValue();
    this.subjectValue = new Value(this.subject, liquid);
    this.tokenizer.skipBlank();
    if (!this.tokenizer.end()) throw new Error(`unexpected ${this.tokenizer.remaining().trim()} in ${token.getText()}`);

    let current: Template[] | undefined;
    let endToken: TagToken | undefined;
    const stream = parser
      .parseStream(remainTokens)
      .on<TagToken>('tag:when', (when) => {
        current = [];
        this.branches.push({ kind: 'when', token: when, values: readWhenValues(when), templates: current });
      })
      .on<TagToken>('tag:else', (elseToken) => {
        current = [];
        this.branches.push({ kind: 'else', token: elseToken, values: [], templates: current });
      })
      .on<TagToken>('tag:endcase', (end) => {
        endToken = end;
        stream.stop();
      })
      .on<Template>('template', (template) => {
        // Whatever stands between `case` and the first `when` is never rendered.
        current?.push(template);
      })
      .on('end', () => {
        throw new Error(`tag ${token.getText()} not closed`);
      });
    stream.start();
    if (!endToken) throw new Error(`tag ${token.getText()} not closed`);
    this.endToken = endToken;
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const subject = yield this.subjectValue.value(ctx, ctx.opts.lenientIf);
    let matched = false;
    for (const branch of this.branches) {
      if (branch.kind === 'else') {
        if (!matched) yield this.liquid.renderer.renderTemplates(branch.templates, ctx, emitter);
        continue;
      }
      for (const valueToken of branch.values) {
        const value = yield evalToken(valueToken, ctx, ctx.opts.lenientIf);
        if (sameValue(subject, value)) {
          yield this.liquid.renderer.renderTemplates(branch.templates, ctx, emitter);
          matched = true;
          break;
        }
      }
    }
  }

  // eslint-disable-next-line require-yield -- liquidjs asks for a generator; the branches are already parsed.
  *children(): Generator<unknown, Template[]> {
    return this.branches.flatMap((branch) => branch.templates);
  }

  *arguments(): Generator<Value | ValueToken> {
    yield this.subjectValue;
    for (const branch of this.branches) yield* branch.values;
  }
}

/** The values of a `when`; a mistake in them is reported at the `when` tag, not at its `case`. */
function readWhenValues(when: TagToken): ValueToken[] {
  try {
    return parseWhenValues(when);
  } catch (err) {
    if (LiquidError.is(err)) throw err;
    throw new ParseError(err instanceof Error ? err : new Error(String(err)), when);
  }
}

function parseWhenValues(when: TagToken): ValueToken[] {
  const tokenizer = when.tokenizer;
  const values: ValueToken[] = [];
  tokenizer.skipBlank();
  if (tokenizer.end()) throw new Error(`the when tag needs a value, as in {% when "stripe" %}`);
  for (;;) {
    values.push(tokenizer.readValueOrThrow());
    tokenizer.skipBlank();
    if (tokenizer.end()) return values;
    if (tokenizer.peek() === ',') {
      tokenizer.advance();
    } else if (tokenizer.match('or') && /\s/.test(tokenizer.peek(2))) {
      tokenizer.advance(2);
    } else {
      throw new Error(`unexpected ${tokenizer.remaining().trim()} in ${when.getText()}: separate values with a comma`);
    }
    tokenizer.skipBlank();
  }
}

/** A 3scale tag that renders a form in the portal; here it takes an optional text and renders a placeholder. */
abstract class PortalFormTag extends Tag {
  readonly text: ValueToken | undefined;
  protected abstract readonly label: string;
  protected abstract readonly cssClass: string;
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
    emitter.write(`<div class="${this.cssClass}">[${escapeHtml(this.label)}: ${escapeHtml(text)}]</div>`);
  }

  *arguments(): Generator<ValueToken> {
    if (this.text) yield this.text;
  }
}

/** `{% stripe_form %}` or `{% stripe_form "Edit Credit Card Details" %}`. */
export class StripeFormTag extends PortalFormTag {
  protected readonly label = 'Stripe card form';
  protected readonly cssClass = 'stripe-form-placeholder';
  protected readonly defaultText = 'Edit Credit Card Details';
}

/** `{% braintree_customer_form %}` (an optional text is accepted). */
export class BraintreeCustomerFormTag extends PortalFormTag {
  protected readonly label = 'Braintree card form';
  protected readonly cssClass = 'braintree-form-placeholder';
  protected readonly defaultText = 'Credit Card Details';
}

/** `{% authorize_net_form "<text>" %}`. */
export class AuthorizeNetFormTag extends PortalFormTag {
  protected readonly label = 'Authorize.Net card form';
  protected readonly cssClass = 'authorize-net-form-placeholder';
  protected readonly defaultText = 'Credit Card Details';
}

/** `{% disable_client_cache %}`: tells the portal not to cache the page; renders nothing. */
export class DisableClientCacheTag extends Tag {
  render(): void {
    // Nothing to render.
  }
}

/**
 * `{% include 'users_menu' %}` (optionally `with …` or `key: value` arguments, which are
 * ignored). 3scale renders one of its partials; here it is a placeholder, no file is read.
 */
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
    emitter.write(`<div class="partial-placeholder">[3scale partial: ${escapeHtml(this.partial)}]</div>`);
  }
}

/** A file system that has no files: `render`, `layout` and the like find nothing. */
const noFiles: FS = {
  exists: () => Promise.resolve(false),
  existsSync: () => false,
  readFile: (file) => Promise.reject(new Error(`reading "${file}" is not allowed`)),
  readFileSync: (file) => {
    throw new Error(`reading "${file}" is not allowed`);
  },
  resolve: (_dir, file) => file,
  contains: () => Promise.resolve(false),
  containsSync: () => false,
  sep: '/',
  dirname: () => '',
  fallback: () => undefined,
};

/** A Liquid engine that parses 3scale portal templates and renders them without files or network. */
export function createPortalLiquid(): Liquid {
  const liquid = new Liquid({
    fs: noFiles,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    cache: false,
    ownPropertyOnly: true,
    strictFilters: false,
    strictVariables: false,
    renderLimit: 2000,
    memoryLimit: 64 * 1024 * 1024,
  });
  liquid.registerTag('case', CaseTag);
  liquid.registerTag('stripe_form', StripeFormTag);
  liquid.registerTag('braintree_customer_form', BraintreeCustomerFormTag);
  liquid.registerTag('authorize_net_form', AuthorizeNetFormTag);
  liquid.registerTag('disable_client_cache', DisableClientCacheTag);
  liquid.registerTag('include', IncludeTag);
  return liquid;
}
