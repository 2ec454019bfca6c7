// Checks the 3scale template "Payment Gateway / Show": every `{% case provider.payment_gateway.type %}`
// block needs a `{% when "stripe" %}` branch, or developers cannot enter a card for Stripe.
//
// Works on the parsed template: `case` tags come from the engine in ./liquid (which keeps each
// `when` tag), so "stripe" in a comment, in `{% raw %}` or in the page's text never counts.

import { Output, TypeGuards, toValueSync } from 'liquidjs';
import type { Liquid, Template, Token, ValueToken } from 'liquidjs';
import { CaseTag } from './liquid';
import type { CaseBranch } from './liquid';
import { parsePortalTemplate } from './parse';
import type { TemplateParseError, TemplateWarning } from './parse';
import { StripeFormTag } from './portal-tags';
import { LineIndex } from './positions';

export type { TemplateParseError, TemplateWarning } from './parse';

/** One `{% when … %}` of a case block. */
export interface WhenBranchReport {
  line: number;
  column: number;
  /** The values listed, as strings: a quoted value without its quotes, anything else as written. */
  values: string[];
  /** Whether this branch is taken for the Stripe gateway (lists the exact value "stripe"). */
  isStripe: boolean;
}

/** The Stripe branch of a case block and what it renders. */
export interface StripeBranchReport {
  line: number;
  /** The other values listed in the same `when`, e.g. ["braintree_blue"]. */
  sharedWith: string[];
  /** It renders `{% stripe_form %}`, the card form. */
  rendersStripeForm: boolean;
  /** It outputs `{{ current_account.edit_stripe_billing_address_url }}`, the billing-address link. */
  rendersBillingAddressLink: boolean;
}

/** One `{% case provider.payment_gateway.type %}` … `{% endcase %}` block. */
export interface CaseBlockReport {
  startLine: number;
  endLine: number;
  /** Offsets of the block in the source: from `{% case` to the end of `{% endcase %}`. */
  startOffset: number;
  endOffset: number;
  branches: WhenBranchReport[];
  /** Line of its `{% else %}`, if it has one. */
  elseLine: number | null;
  hasStripe: boolean;
  /** The first Stripe branch, or null when there is none. */
  stripe: StripeBranchReport | null;
  /** What is wrong with this block, in plain English; empty when nothing is. */
  problems: string[];
  /** One sentence about this block, for a finance user. */
  message: string;
}

export type TemplateReport =
  | {
      ok: true;
      caseBlocks: CaseBlockReport[];
      /** Every case block on the gateway type has a Stripe branch (false when there is no such block). */
      allHaveStripe: boolean;
      /** Everything that needs attention; empty when the template is fine. */
      problems: string[];
      /** The whole report as sentences: one per case block, then a summary. */
      messages: string[];
      /** Tags and filters neither Liquid nor 3scale knows: reported, not refused. */
      warnings: TemplateWarning[];
    }
  | {
      ok: false;
      error: TemplateParseError;
      allHaveStripe: false;
      messages: string[];
      warnings: TemplateWarning[];
    };

const GATEWAY_EXPRESSION = ['provider', 'payment_gateway', 'type'] as const;
const STRIPE = 'stripe';
const BILLING_ADDRESS_URL = 'edit_stripe_billing_address_url';

/** A gateway case block as parsed, with its report: what the fixer works from. */
export interface ParsedCaseBlock {
  tag: CaseTag;
  report: CaseBlockReport;
}

export type TemplateAnalysis =
  | {
      ok: true;
      report: Extract<TemplateReport, { ok: true }>;
      blocks: ParsedCaseBlock[];
      lines: LineIndex;
      /** The parsed template and the engine that parsed it (which knows the template's unknown tags): what the preview renders. */
      templates: Template[];
      engine: Liquid;
    }
  | { ok: false; report: Extract<TemplateReport, { ok: false }> };

/** Checks a "Payment Gateway / Show" template for the Stripe branch in each gateway case block. */
export function checkTemplate(source: string): TemplateReport {
  return analyseTemplate(source).report;
}

/** Parses and checks a template, keeping the parsed case blocks (used by the fixer). */
export function analyseTemplate(source: string): TemplateAnalysis {
  const lines = new LineIndex(source);
  const parsed = parsePortalTemplate(source, lines);
  if (!parsed.ok) {
    const { error, warnings } = parsed;
    return {
      ok: false,
      report: {
        ok: false,
        error,
        allHaveStripe: false,
        messages: [
          `The template cannot be read as Liquid at line ${error.line}, column ${error.column}: ${error.message.replace(/\.$/, '')}. Nothing was checked.`,
        ],
        warnings,
      },
    };
  }
  const { templates, warnings, engine } = parsed;

  const blocks: ParsedCaseBlock[] = [];
  for (const tag of gatewayCaseTags(templates)) blocks.push({ tag, report: reportCaseBlock(tag, lines) });
  const caseBlocks = blocks.map((block) => block.report);
  const missing = caseBlocks.filter((block) => !block.hasStripe).length;
  const allHaveStripe = caseBlocks.length > 0 && missing === 0;

  const problems = caseBlocks.flatMap((block) => block.problems);
  let summary: string;
  if (caseBlocks.length === 0) {
    summary =
      'No {% case provider.payment_gateway.type %} block was found, so this template shows no card form for Stripe; developers on this portal cannot enter a card.';
    problems.push(summary);
  } else if (missing === 0) {
    summary =
      caseBlocks.length === 1
        ? 'The case block has a Stripe branch.'
        : `All ${caseBlocks.length} case blocks have a Stripe branch.`;
  } else {
    summary = `${missing} of ${caseBlocks.length} case ${caseBlocks.length === 1 ? 'block lacks' : missing === 1 ? 'blocks lacks' : 'blocks lack'} a Stripe branch.`;
  }
  return {
    ok: true,
    blocks,
    lines,
    templates,
    engine,
    report: { ok: true, caseBlocks, allHaveStripe, problems, messages: [...caseBlocks.map((block) => block.message), summary], warnings },
  };
}

/** Every template's direct children (the branches of a block tag). */
function childrenOf(template: Template): Template[] {
  if (template instanceof CaseTag) return template.branches.flatMap((branch) => branch.templates);
  if (typeof template.children !== 'function') return [];
  return toValueSync(template.children(false, true));
}

/** All templates in document order, nested ones included, without recursion (deep nesting is fine). */
function* walk(templates: Template[]): Generator<Template> {
  const stack: Template[] = [...templates].reverse();
  for (let template = stack.pop(); template; template = stack.pop()) {
    yield template;
    const children = childrenOf(template);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
}

function gatewayCaseTags(templates: Template[]): CaseTag[] {
  const found: CaseTag[] = [];
  for (const template of walk(templates)) {
    if (template instanceof CaseTag && isGatewayExpression(template)) found.push(template);
  }
  return found.sort((a, b) => a.token.begin - b.token.begin);
}

/** `provider.payment_gateway.type` (or `provider["payment_gateway"]["type"]`), without filters. */
function isGatewayExpression(tag: CaseTag): boolean {
  const { subject } = tag;
  if (subject.filters.length > 0 || subject.initial.postfix.length !== 1) return false;
  const token = subject.initial.postfix[0];
  if (!TypeGuards.isPropertyAccessToken(token) || token.variable !== undefined) return false;
  const names = token.props.map((prop) =>
    TypeGuards.isWordToken(prop) || TypeGuards.isQuotedToken(prop) ? prop.content : undefined,
  );
  return names.length === GATEWAY_EXPRESSION.length && GATEWAY_EXPRESSION.every((name, i) => names[i] === name);
}

function valueText(value: ValueToken): string {
  return TypeGuards.isQuotedToken(value) ? value.content : value.getText();
}

function isStripeValue(value: ValueToken): boolean {
  return TypeGuards.isQuotedToken(value) && value.content === STRIPE;
}

/** A quoted value that looks like "stripe" but never matches the gateway type ("Stripe", " stripe"). */
function isNearStripe(value: ValueToken): boolean {
  return TypeGuards.isQuotedToken(value) && value.content !== STRIPE && value.content.trim().toLowerCase() === STRIPE;
}

function lineRange(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}–${end}`;
}

function quoteList(values: string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

function describeStripeBranch(branch: CaseBranch, lines: LineIndex): StripeBranchReport {
  let rendersStripeForm = false;
  let rendersBillingAddressLink = false;
  for (const template of walk(branch.templates)) {
    if (template instanceof StripeFormTag) rendersStripeForm = true;
    else if (template instanceof Output && outputMentions(template, BILLING_ADDRESS_URL)) rendersBillingAddressLink = true;
  }
  return {
    line: lines.lineOf(branch.token.begin),
    sharedWith: branch.values.filter((value) => !isStripeValue(value)).map(valueText),
    rendersStripeForm,
    rendersBillingAddressLink,
  };
}

/** Whether `{{ … }}` reads a property of that name anywhere in its expression or its filters' arguments. */
function outputMentions(output: Output, property: string): boolean {
  const { initial, filters } = output.value;
  const filterArgs = filters.flatMap((filter) => filter.args.map((arg) => (Array.isArray(arg) ? arg[1] : arg)));
  return [...initial.postfix, ...filterArgs].some((token) => token !== undefined && tokenMentions(token, property));
}

function tokenMentions(token: Token, property: string): boolean {
  if (TypeGuards.isPropertyAccessToken(token)) {
    return (
      (token.variable !== undefined && tokenMentions(token.variable, property)) ||
      token.props.some((prop) =>
        TypeGuards.isWordToken(prop) || TypeGuards.isQuotedToken(prop) ? prop.content === property : tokenMentions(prop, property),
      )
    );
  }
  if (TypeGuards.isRangeToken(token)) return tokenMentions(token.lhs, property) || tokenMentions(token.rhs, property);
  if (TypeGuards.isFilteredValueToken(token)) {
    const filterArgs = token.filters.flatMap((filter) => filter.args.map((arg) => (Array.isArray(arg) ? arg[1] : arg)));
    return [...token.initial.postfix, ...filterArgs].some((inner) => inner !== undefined && tokenMentions(inner, property));
  }
  return false;
}

function reportCaseBlock(tag: CaseTag, lines: LineIndex): CaseBlockReport {
  const startLine = lines.lineOf(tag.token.begin);
  const endLine = lines.lineOf(Math.max(tag.endToken.end - 1, tag.endToken.begin));
  const where = `Case block at ${lineRange(startLine, endLine)}`;
  const branches: WhenBranchReport[] = [];
  let elseLine: number | null = null;
  let stripeBranch: CaseBranch | undefined;
  const problems: string[] = [];

  for (const branch of tag.branches) {
    if (branch.kind === 'else') {
      elseLine ??= lines.lineOf(branch.token.begin);
      continue;
    }
    const position = lines.positionOf(branch.token.begin);
    const isStripe = branch.values.some(isStripeValue);
    branches.push({ ...position, values: branch.values.map(valueText), isStripe });
    if (isStripe) stripeBranch ??= branch;
    for (const value of branch.values.filter(isNearStripe)) {
      problems.push(
        `${where}: the branch at line ${position.line} is for "${valueText(value)}", which never matches; the gateway type is "stripe", in lower case.`,
      );
    }
  }

  const stripe = stripeBranch ? describeStripeBranch(stripeBranch, lines) : null;
  let message: string;
  if (!stripe) {
    message = `${where}: no Stripe branch; developers on this portal cannot enter a card for Stripe.`;
    problems.unshift(message);
  } else {
    const present = `Stripe branch present (line ${stripe.line}${stripe.sharedWith.length > 0 ? `, shared with ${quoteList(stripe.sharedWith)}` : ''})`;
    if (stripe.rendersStripeForm && stripe.rendersBillingAddressLink) {
      message = `${where}: ${present}, renders stripe_form and the billing-address link.`;
    } else if (stripe.rendersStripeForm) {
      message = `${where}: ${present}, renders stripe_form.`;
    } else if (stripe.rendersBillingAddressLink) {
      message = `${where}: ${present}, renders the billing-address link.`;
    } else {
      message = `${where}: ${present}, but it renders neither the card form ({% stripe_form %}) nor the billing-address link ({{ current_account.edit_stripe_billing_address_url }}); developers cannot enter a card for Stripe here.`;
      problems.unshift(message);
    }
  }

  return {
    startLine,
    endLine,
    startOffset: tag.token.begin,
    endOffset: tag.endToken.end,
    branches,
    elseLine,
    hasStripe: stripe !== null,
    stripe,
    problems,
    message,
  };
}
