// Runs the checker and the fixer over every template in test/templates/ and compares with
// NAME.expected.json (and NAME.fixed.liquid, byte for byte).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../../../main/template/checker';
import type { TemplateReport } from '../../../../main/template/checker';
import { fixTemplate } from '../../../../main/template/fixer';
import { renderPreview } from '../../../../main/template/preview';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates');

interface ExpectedBlock {
  lines: [number, number];
  hasStripe: boolean;
  stripeLine: number | null;
  rendersStripeForm: boolean;
  rendersBillingAddressLink: boolean;
  when: Array<{ line: number; values: string[] }>;
}

interface ExpectedWarning {
  kind: 'unknown_tag' | 'unknown_filter';
  name: string;
  line: number;
  column: number;
}

type Expected =
  | {
      description: string;
      parses: true;
      /** Unknown tags and filters; none when absent. */
      warnings?: ExpectedWarning[];
      /** Texts the preview (with a billing address) must contain: 3scale's tags as placeholders. */
      previewIncludes?: string[];
      allHaveStripe: boolean;
      problems: number;
      blocks: ExpectedBlock[];
      fix:
        | { changed: false }
        | { changed: true; fixed: string; insertedBefore: number[]; placements: Array<'before-braintree_blue' | 'first-branch'> };
    }
  | { description: string; parses: false; error: { line: number; column: number; messageIncludes: string } };

const names = readdirSync(CORPUS)
  .filter((file) => file.endsWith('.liquid') && !file.endsWith('.fixed.liquid'))
  .map((file) => file.slice(0, -'.liquid'.length))
  .sort();

const read = (file: string): string => readFileSync(path.join(CORPUS, file), 'utf8');
const expectedOf = (name: string): Expected => JSON.parse(read(`${name}.expected.json`)) as Expected;

function summary(report: Extract<TemplateReport, { ok: true }>): ExpectedBlock[] {
  return report.caseBlocks.map((block) => ({
    lines: [block.startLine, block.endLine],
    hasStripe: block.hasStripe,
    stripeLine: block.stripe?.line ?? null,
    rendersStripeForm: block.stripe?.rendersStripeForm ?? false,
    rendersBillingAddressLink: block.stripe?.rendersBillingAddressLink ?? false,
    when: block.branches.map((branch) => ({ line: branch.line, values: branch.values })),
  }));
}

describe('template corpus', () => {
  it('holds every case the checker must handle', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'default',
        'legacy-braintree-authorize',
        'customised',
        'whitespace-control',
        'single-quotes',
        'when-list',
        'stripe-in-comment',
        'no-braintree',
        'two-blocks-one-stripe',
        'crlf',
        'broken-unclosed',
        'stripe-without-form',
        'portal-payment-gateway-show',
        'portal-layout',
        'portal-applications',
        'portal-email',
        'portal-unknown-tags',
        'broken-stray-end',
        'broken-unclosed-form',
      ]),
    );
    for (const name of names) expect(() => expectedOf(name), name).not.toThrow();
  });

  it('keeps the CRLF template in CRLF (see test/templates/.gitattributes)', () => {
    for (const file of ['crlf.liquid', 'crlf.fixed.liquid']) {
      const text = read(file);
      expect(text.split('\n').length - 1, file).toBeGreaterThan(5);
      expect(text.replace(/\r\n/g, ''), file).not.toMatch(/[\r\n]/);
    }
  });

  describe.each(names)('%s', (name) => {
    const source = read(`${name}.liquid`);
    const expected = expectedOf(name);

    it('is checked as expected', () => {
      const report = checkTemplate(source);
      if (!expected.parses) {
        expect(report.ok).toBe(false);
        if (report.ok) return;
        expect({ line: report.error.line, column: report.error.column }).toEqual({
          line: expected.error.line,
          column: expected.error.column,
        });
        expect(report.error.message).toContain(expected.error.messageIncludes);
        return;
      }
      expect(report.ok).toBe(true);
      if (!report.ok) return;
      expect(summary(report)).toEqual(expected.blocks);
      expect(report.warnings.map(({ kind, name, line, column }) => ({ kind, name, line, column }))).toEqual(expected.warnings ?? []);
      expect(report.allHaveStripe).toBe(expected.allHaveStripe);
      expect(report.problems).toHaveLength(expected.problems);
      expect(report.messages).toHaveLength(expected.blocks.length + 1);
      for (const [i, block] of report.caseBlocks.entries()) {
        expect(report.messages[i]).toBe(block.message);
        expect(block.message).toMatch(block.hasStripe ? /Stripe branch present \(line \d+/ : /no Stripe branch; developers on this portal cannot enter a card for Stripe\.$/);
      }
    });

    const previewIncludes = expected.parses ? expected.previewIncludes : undefined;
    if (previewIncludes) {
      it("previews 3scale's tags as placeholders", async () => {
        const html = await renderPreview(source, { hasBillingAddress: true });
        for (const text of previewIncludes) expect(html).toContain(text);
      });
    }

    it('is fixed as expected, and the fix is proven by a second check', () => {
      const result = fixTemplate(source);
      if (!expected.parses) {
        expect(result.ok).toBe(false);
        expect(result.changed).toBe(false);
        expect(result.output).toBe(source);
        expect(result.diff).toBe('');
        if (!result.ok) expect(result.error.line).toBe(expected.error.line);
        return;
      }
      expect(result.ok).toBe(true);
      expect(result.changed).toBe(expected.fix.changed);
      if (!expected.fix.changed) {
        expect(result.output).toBe(source);
        expect(result.diff).toBe('');
        expect(result.insertions).toEqual([]);
        return;
      }
      expect(result.output).toBe(read(expected.fix.fixed));
      expect(result.insertions.map((insertion) => insertion.beforeLine)).toEqual(expected.fix.insertedBefore);
      expect(result.insertions.map((insertion) => insertion.placement)).toEqual(expected.fix.placements);
      expect(result.verified).toBe(true);
      expect(result.after.ok && result.after.allHaveStripe).toBe(true);
      expect(result.after).toEqual(checkTemplate(result.output));
      // The change is only insertions: removing them gives back the source.
      expect(removeInsertions(result.output, result.insertions)).toBe(source);
      // Fixing again changes nothing.
      expect(fixTemplate(result.output).changed).toBe(false);
    });
  });
});

/** The output minus the inserted texts (offsets are in the source, so later ones shift by earlier lengths). */
function removeInsertions(output: string, insertions: Array<{ offset: number; text: string }>): string {
  let result = '';
  let cursor = 0;
  let shift = 0;
  for (const { offset, text } of [...insertions].sort((a, b) => a.offset - b.offset)) {
    const at = offset + shift;
    result += output.slice(cursor, at);
    expect(output.slice(at, at + text.length)).toBe(text);
    cursor = at + text.length;
    shift += text.length;
  }
  return result + output.slice(cursor);
}
