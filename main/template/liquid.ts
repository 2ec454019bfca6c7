// A Liquid engine that reads 3scale developer-portal templates.
//
// liquidjs knows standard Liquid; 3scale adds its own tags and filters (portal-catalogue.ts).
// This module builds the engine: 3scale's tags and filters as inert stand-ins
// (portal-tags.ts, portal-filters.ts), `case` replaced with a version that remembers where
// each `when` is (the checker and the fixer need the positions), and tags nobody knows
// registered per parse as placeholders (parse.ts finds them). Nothing here reads files or
// the network: partials render as a placeholder and the engine's file system refuses every
// lookup.
//
// Drops whose names end in "?" (`current_account.has_billing_address?`): liquidjs reads the
// question mark as part of the property name, so `has_billing_address?` looks up the key
// "has_billing_address?" — the data given to a render must use that key (see preview.ts).

import { Liquid, LiquidError, ParseError, Tag, Value, evalToken, toValue } from 'liquidjs';
import type { Context, Emitter, FS, FilteredValueToken, Parser, TagToken, Template, TopLevelToken, ValueToken } from 'liquidjs';
import type { PortalTagKind } from './portal-catalogue';
import { registerPortalFilters } from './portal-filters';
import { registerPortalTags, UnknownBlockTag, UnknownInlineTag } from './portal-tags';

/** One branch of a case block as written: a `when` (with its values) or the `else`. */
export interface CaseBranch {
  kind: 'when' | 'else';
  /** The `{% when … %}` or `{% else %}` tag. */
  token: TagToken;
  /** The values a `when` lists (`{% when "a", "b" %}` or `{% when "a" or "b" %}`); empty for `else`. */
  values: ValueToken[];
  templates: Template[];
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

/** The engine's limits on one render; the preview adds a bound on the output and a worker's time and memory. */
export const RENDER_LIMITS = { renderLimitMs: 2000, memoryLimitBytes: 64 * 1024 * 1024 };

/**
 * A Liquid engine that parses 3scale portal templates and renders them without files or
 * network. `unknownTags` (name → inline or block) are tags neither Liquid nor 3scale knows,
 * found in the template by parse.ts: they parse, and render as a placeholder.
 */
export function createPortalLiquid(unknownTags: ReadonlyMap<string, PortalTagKind> = new Map()): Liquid {
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
    renderLimit: RENDER_LIMITS.renderLimitMs,
    memoryLimit: RENDER_LIMITS.memoryLimitBytes,
  });
  // liquidjs's Jekyll-style layout and block are not Ruby Liquid's: 3scale refuses them, so they count as unknown.
  delete liquid.tags['layout'];
  delete liquid.tags['block'];
  liquid.registerTag('case', CaseTag);
  registerPortalTags(liquid);
  registerPortalFilters(liquid);
  for (const [name, kind] of unknownTags) liquid.registerTag(name, kind === 'block' ? UnknownBlockTag : UnknownInlineTag);
  return liquid;
}
