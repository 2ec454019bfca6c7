// Adds the seed's Stripe branch to each `{% case provider.payment_gateway.type %}` block that
// lacks one, before its `{% when "braintree_blue" %}`, and changes nothing else.

import { TypeGuards } from 'liquidjs';
import type { TagToken } from 'liquidjs';
import { analyseTemplate, checkTemplate } from './checker';
import type { ParsedCaseBlock, TemplateParseError, TemplateReport } from './checker';
import { insertionDiff } from './diff';
import { detectLineEnding } from './positions';
import type { LineIndex } from './positions';

/** The seed's snippet, line by line, as 3scale's documentation gives it. */
export const STRIPE_BRANCH_SNIPPET: readonly string[] = [
  '{% when "stripe" %}',
  ' <p><a href="{{ current_account.edit_stripe_billing_address_url }}">Edit billing address</a></p>',
  '',
  ' {% if current_account.has_billing_address? %}',
  '   {% stripe_form "Edit Credit Card Details" %}',
  ' {% else %}',
  '   <p>After entering billing address, the option to enter credit card will be enabled.</p>',
  ' {% endif %}',
];

/** One Stripe branch added to the template. */
export interface StripeInsertion {
  /** The case block, by its lines in the original template. */
  caseStartLine: number;
  caseEndLine: number;
  /** Before `{% when "braintree_blue" %}`, or as the block's first branch when it has no such branch. */
  placement: 'before-braintree_blue' | 'first-branch';
  /** Line (in the original template) of the tag the branch was put before. */
  beforeLine: number;
  /** Offset in the original template where the text was inserted, and the text. */
  offset: number;
  text: string;
}

interface FixResultBase {
  /** Whether the output differs from the source. */
  changed: boolean;
  /** The fixed template (the source itself when nothing changed). */
  output: string;
  insertions: StripeInsertion[];
  /** What was done and what could not be, in plain English. */
  notes: string[];
  /** Unified diff from the source to the output; empty when nothing changed. */
  diff: string;
  /** The check of the source. */
  before: TemplateReport;
  /** The check of the output, parsed again: the proof that it is valid and has every Stripe branch. */
  after: TemplateReport;
  /** The output parses and every gateway case block in it has a Stripe branch. */
  verified: boolean;
}

export type FixResult =
  | (FixResultBase & { ok: true })
  | (FixResultBase & { ok: false; changed: false; error: TemplateParseError });

export interface FixOptions {
  /** Name of the file in the diff's header ("template.liquid"). */
  fileName?: string;
}

const BRAINTREE = 'braintree_blue';

/** Inserts the seed's Stripe branch into each gateway case block that lacks one. */
export function fixTemplate(source: string, options: FixOptions = {}): FixResult {
  // Planned in a function of its own, so that the parsed tree is garbage before the result is
  // parsed again: two trees of a large template at once would double the memory.
  const plan = planFix(source);
  if (!plan.ok) {
    const { error } = plan.report;
    return {
      ok: false,
      error,
      changed: false,
      output: source,
      insertions: [],
      notes: [
        `The template cannot be read as Liquid at line ${error.line}, column ${error.column}: ${error.message.replace(/\.$/, '')}. Nothing was changed.`,
      ],
      diff: '',
      before: plan.report,
      after: plan.report,
      verified: false,
    };
  }
  const { report, insertions, notes, output } = plan;

  if (report.caseBlocks.length === 0) {
    notes.push(
      'No {% case provider.payment_gateway.type %} block was found, so there is nowhere to add the Stripe branch. Nothing was changed.',
    );
  } else if (insertions.length === 0 && report.allHaveStripe) {
    notes.push('Every case block already has a Stripe branch. Nothing was changed.');
  }

  const after = output === source ? report : checkTemplate(output);
  const verified = after.ok && after.allHaveStripe;
  if (output !== source) {
    notes.push(
      verified
        ? 'Checked again after the change: the template still parses and every case block has a Stripe branch.'
        : after.ok
          ? 'Checked again after the change: the template parses, but not every case block has a Stripe branch.'
          : `Checked again after the change: the result does not parse (line ${after.error.line}, column ${after.error.column}: ${after.error.message}); do not publish it.`,
    );
  }
  const name = options.fileName ?? 'template.liquid';
  return {
    ok: true,
    changed: output !== source,
    output,
    insertions,
    notes,
    diff: insertionDiff(source, insertions, { oldName: `a/${name}`, newName: `b/${name}` }),
    before: report,
    after,
    verified,
  };
}

/** The insertions for every block that lacks a Stripe branch, their notes, and the fixed text. */
function planFix(
  source: string,
):
  | { ok: false; report: Extract<TemplateReport, { ok: false }> }
  | { ok: true; report: Extract<TemplateReport, { ok: true }>; insertions: StripeInsertion[]; notes: string[]; output: string } {
  const analysis = analyseTemplate(source);
  if (!analysis.ok) return { ok: false, report: analysis.report };
  const { blocks, lines, report } = analysis;
  const eol = detectLineEnding(source);
  const notes: string[] = [];
  const insertions: StripeInsertion[] = [];

  for (const block of blocks) {
    if (block.report.hasStripe) continue;
    const insertion = planInsertion(block, source, lines, eol);
    if (typeof insertion === 'string') {
      notes.push(insertion);
      continue;
    }
    insertions.push(insertion);
    const where = `the case block at ${lineRange(insertion.caseStartLine, insertion.caseEndLine)}`;
    notes.push(
      insertion.placement === 'before-braintree_blue'
        ? `Added the Stripe branch to ${where}, before {% when "braintree_blue" %} (line ${insertion.beforeLine}).`
        : `Added the Stripe branch to ${where} as its first branch (before line ${insertion.beforeLine}): it has no {% when "braintree_blue" %} to put it before.`,
    );
  }

  for (const block of blocks) {
    const stripe = block.report.stripe;
    if (stripe && !stripe.rendersStripeForm && !stripe.rendersBillingAddressLink) {
      notes.push(
        `The Stripe branch at line ${stripe.line} renders neither the card form nor the billing-address link; it was left as it is. Compare it with the seed's snippet and correct it by hand.`,
      );
    }
  }

  const pieces: string[] = [];
  let cursor = 0;
  for (const insertion of [...insertions].sort((x, y) => x.offset - y.offset)) {
    pieces.push(source.slice(cursor, insertion.offset), insertion.text);
    cursor = insertion.offset;
  }
  pieces.push(source.slice(cursor));
  const output = pieces.join('');

  return { ok: true, report, insertions, notes, output };
}

function lineRange(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}–${end}`;
}

/** Where and what to insert for one block, or why it cannot be done. */
function planInsertion(block: ParsedCaseBlock, source: string, lines: LineIndex, eol: string): StripeInsertion | string {
  const { tag, report } = block;
  const braintree = tag.branches.find(
    (branch) => branch.kind === 'when' && branch.values.some((value) => TypeGuards.isQuotedToken(value) && value.content === BRAINTREE),
  );
  const anchor: TagToken = braintree?.token ?? tag.branches[0]?.token ?? tag.endToken;
  const beforeLine = lines.lineOf(anchor.begin);
  if (!source.startsWith('{%', anchor.begin)) {
    return `The case block at ${lineRange(report.startLine, report.endLine)} is written inside a {% liquid %} tag; the Stripe branch cannot be added there automatically. Add it by hand.`;
  }

  const lineStart = lines.lineStart(beforeLine);
  const before = source.slice(lineStart, anchor.begin);
  const indent = /^[ \t]*/.exec(before)?.[0] ?? '';
  const indented = STRIPE_BRANCH_SNIPPET.map((line) => (line === '' ? '' : indent + line));
  // The anchor tag starts its line: insert whole lines above it. Otherwise insert right before the
  // tag and put the tag back on its own line, at the same indentation.
  const atLineStart = indent === before;
  const text = atLineStart
    ? indented.join(eol) + eol
    : [STRIPE_BRANCH_SNIPPET[0] ?? '', ...indented.slice(1)].join(eol) + eol + indent;
  return {
    caseStartLine: report.startLine,
    caseEndLine: report.endLine,
    placement: braintree ? 'before-braintree_blue' : 'first-branch',
    beforeLine,
    offset: atLineStart ? lineStart : anchor.begin,
    text,
  };
}
