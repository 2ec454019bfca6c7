// Parses a portal template in one linear pass over its tokens, before liquidjs builds it:
// - finds the tags and filters neither Liquid nor 3scale knows (warnings with their line;
//   the tags are then registered as placeholders so that the parse goes on),
// - refuses only a truly malformed template: a block left open, an end tag or `else`/`when`
//   without its block, with the line, column and reason,
// - hands liquidjs its tokens through a queue whose shift() is O(1): liquidjs consumes a
//   plain array with Array#shift, which copies the rest of the array on large inputs and
//   made checking quadratic (1 MB in 1.1 s, 10 MB in 44 s).

import { LiquidError, Tokenizer, TypeGuards } from 'liquidjs';
import type { Liquid, TagToken, Template, TopLevelToken } from 'liquidjs';
import { createPortalLiquid } from './liquid';
import { BRANCH_TAGS, EMAIL_SUBTAGS, isKnownFilter, knownTagKind } from './portal-catalogue';
import type { PortalTagKind } from './portal-catalogue';
import type { LineIndex } from './positions';

/** Something the checker does not know, reported without refusing the template. */
export interface TemplateWarning {
  kind: 'unknown_tag' | 'unknown_filter';
  /** The tag's or filter's name. */
  name: string;
  line: number;
  column: number;
  message: string;
}

/** Where and why a template does not parse (1-based line and column). */
export interface TemplateParseError {
  line: number;
  column: number;
  message: string;
}

export type ParsedTemplate =
  | { ok: true; templates: Template[]; warnings: TemplateWarning[]; engine: Liquid }
  | { ok: false; error: TemplateParseError; warnings: TemplateWarning[] };

/** At most this many warnings are listed; the rest are counted. */
export const MAX_WARNINGS = 100;

/** liquidjs's token list as a queue: shift() and length in O(1), all its parser uses. */
class TokenQueue {
  private next = 0;
  constructor(private readonly tokens: readonly TopLevelToken[]) {}
  get length(): number {
    return this.tokens.length - this.next;
  }
  shift(): TopLevelToken | undefined {
    return this.next < this.tokens.length ? this.tokens[this.next++] : undefined;
  }
}

const sharedEngine = createPortalLiquid();

/** Parses a template: the templates, or where it is malformed; warnings either way. */
export function parsePortalTemplate(source: string, lines: LineIndex): ParsedTemplate {
  let tokens: TopLevelToken[];
  try {
    tokens = new Tokenizer(source, sharedEngine.options.operators).readTopLevelTokens(sharedEngine.options);
  } catch (err) {
    return { ok: false, error: liquidErrorPosition(err, lines), warnings: [] };
  }
  const structure = checkStructure(tokens, lines);
  if (structure.error) return { ok: false, error: structure.error, warnings: structure.warnings };
  const engine = structure.unknownTags.size === 0 ? sharedEngine : createPortalLiquid(structure.unknownTags);
  try {
    const templates = engine.parser.parseTokens(new TokenQueue(tokens) as unknown as TopLevelToken[]);
    return { ok: true, templates, warnings: structure.warnings, engine };
  } catch (err) {
    return { ok: false, error: liquidErrorPosition(err, lines), warnings: structure.warnings };
  }
}

/** liquidjs's failure as a position and the parser's reason. */
export function liquidErrorPosition(err: unknown, lines: LineIndex): TemplateParseError {
  if (LiquidError.is(err)) {
    const token = err.token;
    const position =
      token && token.input === lines.text
        ? lines.positionOf(token.begin)
        : (() => {
            const [line = 1, column = 1] = token ? token.getPosition() : [];
            return { line, column };
          })();
    const reason = err.originalError?.message ?? err.message.replace(/, line:\d+, col:\d+(, file:[\s\S]*)?$/, '');
    return { ...position, message: tidyReason(reason) };
  }
  return { line: 1, column: 1, message: tidyReason(err instanceof Error ? err.message : String(err)) };
}

/** One line, and quoted template text shortened: an unclosed tag's reason may quote the rest of the file. */
function tidyReason(reason: string): string {
  const oneLine = reason.replace(/\s+/g, ' ').trim();
  return oneLine.replace(/"([^"]{60,})"/g, (_all, quoted: string) => `"${quoted.slice(0, 50).trimEnd()}…"`);
}

interface Structure {
  error: TemplateParseError | null;
  warnings: TemplateWarning[];
  unknownTags: Map<string, PortalTagKind>;
}

/** The tag as written, shortened: `{% if current_account.has_billing_address? %}`. */
function written(token: TagToken): string {
  const text = token.getText().replace(/\s+/g, ' ');
  return text.length > 70 ? `${text.slice(0, 66)}… %}` : text;
}

function describeParents(parents: readonly string[]): string {
  const names = parents.map((name) => `{% ${name} %}`);
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}

/** Blocks whose content is text, not tags: nothing inside them is checked. */
const VERBATIM = new Set(['comment', 'raw']);

function checkStructure(tokens: readonly TopLevelToken[], lines: LineIndex): Structure {
  const warnings: TemplateWarning[] = [];
  let dropped = 0;
  const warn = (warning: Omit<TemplateWarning, 'message'>, message: string): void => {
    if (warnings.length < MAX_WARNINGS) warnings.push({ ...warning, message });
    else dropped++;
  };

  // A tag nobody knows is a block when its end tag appears somewhere in the template.
  const names = new Set<string>();
  for (const token of tokens) if (TypeGuards.isTagToken(token)) names.add(token.name);
  const unknownTags = new Map<string, PortalTagKind>();
  const kindOf = (name: string): PortalTagKind | 'end' | 'branch' | 'subtag' | 'unknown' => {
    const known = knownTagKind(name);
    if (known) return known;
    if (BRANCH_TAGS[name]) return 'branch';
    if (EMAIL_SUBTAGS.includes(name)) return 'subtag';
    // Ruby Liquid refuses any end tag its block does not expect, so `{% endfoo %}` is always an end tag.
    if (name.startsWith('end') && name.length > 3) return 'end';
    return 'unknown';
  };
  const reportUnknown = (name: string, offset: number): void => {
    const kind: PortalTagKind = names.has(`end${name}`) ? 'block' : 'inline';
    unknownTags.set(name, kind);
    const position = lines.positionOf(offset);
    warn(
      { kind: 'unknown_tag', name, ...position },
      `Line ${position.line}: {% ${name} %} is not a tag of Liquid or of 3scale's developer portal${kind === 'block' ? ' (read as a block up to its {% end' + name + ' %})' : ''}; it was skipped, and the check went on.`,
    );
  };
  const reportFilters = (text: string, offset: number): void => {
    // Quoted text is blanked (same length) so that a "|" inside a string is not a filter.
    const bare = text.replace(/"[^"]*"|'[^']*'/g, (quoted) => ' '.repeat(quoted.length));
    for (const match of bare.matchAll(/\|\s*([A-Za-z_][\w-]*)/g)) {
      const name = match[1] ?? '';
      if (isKnownFilter(name)) continue;
      const position = lines.positionOf(offset + (match.index ?? 0) + match[0].length - name.length);
      warn(
        { kind: 'unknown_filter', name, ...position },
        `Line ${position.line}: the filter "${name}" is not one of Liquid or of 3scale's developer portal; the portal would leave the value as it is.`,
      );
    }
  };

  const stack: TagToken[] = [];
  let error: TemplateParseError | null = null;
  const fail = (token: TagToken, message: string): void => {
    error = { ...lines.positionOf(token.begin), message };
  };
  /** The innermost open block left unclosed when `token` belongs to an outer one. */
  const unclosedBefore = (token: TagToken, belongsTo: (block: TagToken) => boolean): boolean => {
    const top = stack[stack.length - 1];
    if (!top || !stack.some(belongsTo)) return false;
    fail(top, `tag ${written(top)} not closed: ${written(token)} at line ${lines.lineOf(token.begin)} comes before its {% end${top.name} %}`);
    return true;
  };

  for (const token of tokens) {
    if (error) break;
    if (!TypeGuards.isTagToken(token)) {
      if (TypeGuards.isOutputToken(token)) reportFilters(token.content, token.contentRange[0]);
      continue;
    }
    const top = stack[stack.length - 1];
    const name = token.name;
    if (top && VERBATIM.has(top.name)) {
      if (name === `end${top.name}`) stack.pop();
      continue;
    }
    const argsOffset = token.contentRange[1] - token.args.length;
    switch (kindOf(name)) {
      case 'block':
        stack.push(token);
        break;
      case 'inline':
        if (name === 'assign' || name === 'echo') reportFilters(token.args, argsOffset);
        if (name === 'liquid') checkLiquidTag(token, kindOf, reportUnknown);
        break;
      case 'end': {
        const opened = name.slice(3);
        if (top?.name === opened) stack.pop();
        else if (!unclosedBefore(token, (block) => block.name === opened)) {
          fail(token, `${written(token)} has no {% ${opened} %} to close${top ? `: the open block is ${written(top)} at line ${lines.lineOf(top.begin)}` : ''}`);
        }
        break;
      }
      case 'branch': {
        const parents = BRANCH_TAGS[name] ?? [];
        if (top && parents.includes(top.name)) break;
        if (!unclosedBefore(token, (block) => parents.includes(block.name))) {
          fail(token, `${written(token)} is outside a ${describeParents(parents)} block`);
        }
        break;
      }
      case 'subtag':
        if (top?.name !== 'email') reportUnknown(name, token.begin);
        break;
      case 'unknown':
        reportUnknown(name, token.begin);
        if (unknownTags.get(name) === 'block') stack.push(token);
        break;
    }
  }
  const open = stack[stack.length - 1];
  if (!error && open) fail(open, `tag ${written(open)} not closed: no {% end${open.name} %} before the end of the template`);
  if (dropped > 0) {
    const last = warnings[warnings.length - 1];
    if (last) last.message += ` (${dropped} more warnings not listed)`;
  }
  return { error, warnings, unknownTags };
}

/** `{% liquid … %}` holds one tag per line: its unknown tags are reported and registered too. */
function checkLiquidTag(
  token: TagToken,
  kindOf: (name: string) => string,
  reportUnknown: (name: string, offset: number) => void,
): void {
  const start = token.contentRange[1] - token.args.length;
  let offset = start;
  for (const line of token.args.split('\n')) {
    const name = /^\s*([\w-]+)/.exec(line)?.[1];
    if (name && kindOf(name) === 'unknown') reportUnknown(name, offset + line.indexOf(name));
    offset += line.length + 1;
  }
}
