import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../../../main/template/checker';
import { insertionDiff, unifiedDiff } from '../../../../main/template/diff';
import { STRIPE_BRANCH_SNIPPET, fixTemplate } from '../../../../main/template/fixer';
import type { FixResult } from '../../../../main/template/fixer';

function fixed(source: string): Extract<FixResult, { ok: true }> {
  const result = fixTemplate(source);
  if (!result.ok) throw new Error(`expected the template to parse: ${result.error.message}`);
  return result;
}

/** Applies a unified diff to a text, checking every context and removed line: an independent reader of the format. */
function applyUnifiedDiff(text: string, diff: string): string {
  const source = text === '' ? [] : text.split(/(?<=\n)/);
  const lines = diff.split('\n');
  expect(lines[0]).toMatch(/^--- /);
  expect(lines[1]).toMatch(/^\+\+\+ /);
  const out: string[] = [];
  let cursor = 0;
  let i = 2;
  while (i < lines.length && lines[i] !== '') {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(lines[i] ?? '');
    expect(header, lines[i]).not.toBeNull();
    const [, aStart = '0', aCount = '1', bStart = '0', bCount = '1'] = header ?? [];
    const from = Number(aCount) === 0 ? Number(aStart) : Number(aStart) - 1;
    expect(Number(bCount) === 0 ? Number(bStart) : Number(bStart) - 1).toBe(out.length + (from - cursor));
    out.push(...source.slice(cursor, from));
    cursor = from;
    let seenA = 0;
    let seenB = 0;
    i++;
    while (i < lines.length && /^[ +\-\\]/.test(lines[i] ?? '')) {
      const line = lines[i] ?? '';
      const noNewline = lines[i + 1] === '\\ No newline at end of file';
      const body = line.slice(1) + (noNewline ? '' : '\n');
      if (line.startsWith(' ') || line.startsWith('-')) {
        expect(source[cursor], `line ${cursor + 1}`).toBe(body);
        cursor++;
        seenA++;
      }
      if (line.startsWith(' ') || line.startsWith('+')) {
        out.push(body);
        seenB++;
      }
      i += noNewline ? 2 : 1;
    }
    expect([seenA, seenB]).toEqual([Number(aCount), Number(bCount)]);
  }
  out.push(...source.slice(cursor));
  return out.join('');
}

describe('fixTemplate', () => {
  it('inserts the seed snippet before braintree_blue, indented like that line, and shows a diff', () => {
    const source = [
      '<div>',
      '  {% case provider.payment_gateway.type %}',
      '    {% when "braintree_blue" %}',
      '      {% braintree_customer_form %}',
      '  {% endcase %}',
      '</div>',
      '',
    ].join('\n');
    const result = fixed(source);
    const snippet = STRIPE_BRANCH_SNIPPET.map((line) => (line === '' ? '' : `    ${line}`));
    expect(result.output).toBe(
      ['<div>', '  {% case provider.payment_gateway.type %}', ...snippet, '    {% when "braintree_blue" %}', '      {% braintree_customer_form %}', '  {% endcase %}', '</div>', ''].join('\n'),
    );
    expect(result.insertions).toEqual([
      expect.objectContaining({ caseStartLine: 2, caseEndLine: 5, placement: 'before-braintree_blue', beforeLine: 3 }),
    ]);
    expect(result.notes[0]).toBe('Added the Stripe branch to the case block at lines 2–5, before {% when "braintree_blue" %} (line 3).');
    expect(result.diff).toBe(
      [
        '--- a/template.liquid',
        '+++ b/template.liquid',
        '@@ -1,5 +1,13 @@',
        ' <div>',
        '   {% case provider.payment_gateway.type %}',
        ...snippet.map((line) => `+${line}`),
        '     {% when "braintree_blue" %}',
        '       {% braintree_customer_form %}',
        '   {% endcase %}',
        '',
      ].join('\n'),
    );
    expect(result.verified).toBe(true);
    expect(result.after.ok && result.after.caseBlocks[0]?.stripe).toMatchObject({ rendersStripeForm: true, rendersBillingAddressLink: true });
  });

  it('keeps the plain tags of the seed in a file written with whitespace control', () => {
    const result = fixed('{%- case provider.payment_gateway.type -%}\n{%- when "braintree_blue" -%}\nx\n{%- endcase -%}\n');
    const inserted = result.insertions[0]?.text ?? '';
    expect(inserted.startsWith('{% when "stripe" %}\n')).toBe(true);
    expect(inserted).not.toContain('{%-');
    expect(inserted).not.toContain('-%}');
  });

  it('keeps CRLF line endings, and a file without a final newline', () => {
    const source = '{% case provider.payment_gateway.type %}\r\n{% when "braintree_blue" %}\r\nx\r\n{% endcase %}';
    const result = fixed(source);
    expect(result.output.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(result.output.endsWith('{% endcase %}')).toBe(true);
    expect(applyUnifiedDiff(source, result.diff)).toBe(result.output);
  });

  it('puts the branch first when there is no braintree_blue branch, and says so', () => {
    const onlyElse = fixed('{% case provider.payment_gateway.type %}\n  {% else %}\n  none\n{% endcase %}\n');
    expect(onlyElse.output).toContain(`  {% endif %}\n  {% else %}`);
    expect(onlyElse.insertions[0]).toMatchObject({ placement: 'first-branch', beforeLine: 2 });
    expect(onlyElse.notes[0]).toMatch(/as its first branch \(before line 2\): it has no \{% when "braintree_blue" %\}/);

    const empty = fixed('{% case provider.payment_gateway.type %}\n{% endcase %}\n');
    expect(empty.output).toBe(`{% case provider.payment_gateway.type %}\n${STRIPE_BRANCH_SNIPPET.join('\n')}\n{% endcase %}\n`);
    expect(empty.verified).toBe(true);
  });

  it('fixes every block that needs it, nested ones too, and only those', () => {
    const source = [
      '{% case provider.payment_gateway.type %}',
      '{% when "braintree_blue" %}',
      '  {% case provider.payment_gateway.type %}',
      '  {% when "braintree_blue" %}b',
      '  {% endcase %}',
      '{% when "stripe" %}{% stripe_form %}',
      '{% endcase %}',
      '{% case provider.payment_gateway.type %}{% when "authorize_net" %}a{% endcase %}',
    ].join('\n');
    const result = fixed(source);
    expect(result.insertions.map((insertion) => [insertion.caseStartLine, insertion.beforeLine, insertion.placement])).toEqual([
      [3, 4, 'before-braintree_blue'],
      [8, 8, 'first-branch'],
    ]);
    expect(result.verified).toBe(true);
    expect(result.after.ok && result.after.caseBlocks.map((block) => block.hasStripe)).toEqual([true, true, true]);
    expect(applyUnifiedDiff(source, result.diff)).toBe(result.output);
  });

  it('changes nothing in a template that does not parse, and returns the parse error', () => {
    const source = '{% case provider.payment_gateway.type %}\n{% when "braintree_blue" %}\n';
    const result = fixTemplate(source);
    expect(result).toMatchObject({ ok: false, changed: false, output: source, diff: '', insertions: [], verified: false });
    if (!result.ok) expect(result.error).toEqual({ line: 1, column: 1, message: 'tag {% case provider.payment_gateway.type %} not closed: no {% endcase %} before the end of the template' });
    expect(result.notes[0]).toMatch(/Nothing was changed\.$/);
  });

  it('changes nothing when there is no gateway case block, and says why', () => {
    const result = fixed('<p>No gateway here</p>');
    expect(result.changed).toBe(false);
    expect(result.verified).toBe(false);
    expect(result.notes).toEqual([
      'No {% case provider.payment_gateway.type %} block was found, so there is nowhere to add the Stripe branch. Nothing was changed.',
    ]);
  });

  it('fixes a 200 KB template with hundreds of blocks', () => {
    const block = (i: number): string =>
      [
        `<section id="s${i}">`,
        '  {% case provider.payment_gateway.type %}',
        '  {% when "authorize_net" %}{% authorize_net_form "Pay" %}',
        i % 2 === 0 ? '  {% when "braintree_blue" %}{% braintree_customer_form %}' : '  {% when "stripe" %}{% stripe_form %}',
        '  {% endcase %}',
        `  <p>${'Some text about payments. '.repeat(10)}</p>`,
        '</section>',
      ].join('\n');
    const parts: string[] = [];
    for (let i = 0, size = 0; size < 200_000; i++) {
      parts.push(block(i));
      size += (parts[parts.length - 1] ?? '').length + 1;
    }
    const source = `${parts.join('\n')}\n`;
    const result = fixed(source);
    expect(result.insertions).toHaveLength(Math.ceil(parts.length / 2));
    expect(result.verified).toBe(true);
    expect(applyUnifiedDiff(source, result.diff)).toBe(result.output);
  });
});

describe('the diffs', () => {
  it('marks a missing final newline as unified diffs do', () => {
    expect(unifiedDiff('a\nb', 'a\nb\nc', { oldName: 'x', newName: 'y' })).toBe(
      ['--- x', '+++ y', '@@ -1,2 +1,3 @@', ' a', '-b', '\\ No newline at end of file', '+b', '+c', '\\ No newline at end of file', ''].join('\n'),
    );
    expect(unifiedDiff('same', 'same')).toBe('');
  });

  it('apply cleanly, for any insertions into any text (deterministic random cases)', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = ['x\n', 'y', '\n', 'ab\ncd\n', 'q\nr', 'a\n', '\r\n'];
    for (let run = 0; run < 400; run++) {
      const lines = Array.from({ length: Math.floor(random() * 10) }, () => 'abc'.charAt(Math.floor(random() * 3)));
      const text = lines.join('\n') + (lines.length > 0 && random() > 0.3 ? '\n' : '');
      const starts = [0, ...[...text].flatMap((char, i) => (char === '\n' ? [i + 1] : []))];
      const insertions = new Map<number, string>();
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const offset = random() > 0.5 ? (starts[Math.floor(random() * starts.length)] ?? 0) : Math.floor(random() * (text.length + 1));
        insertions.set(offset, pieces[Math.floor(random() * pieces.length)] ?? '');
      }
      const sorted = [...insertions].sort(([a], [b]) => a - b);
      let expected = '';
      let cursor = 0;
      for (const [offset, inserted] of sorted) {
        expected += text.slice(cursor, offset) + inserted;
        cursor = offset;
      }
      expected += text.slice(cursor);
      const list = sorted.map(([offset, inserted]) => ({ offset, text: inserted }));
      expect(applyUnifiedDiff(text, insertionDiff(text, list)), JSON.stringify({ text, list })).toBe(expected);
      expect(applyUnifiedDiff(text, unifiedDiff(text, expected)), JSON.stringify({ text, expected })).toBe(expected);
    }
  });

  it('are shortest: as many changed lines as the longest common subsequence leaves (deterministic random cases)', () => {
    let seed = 777;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const randomLines = (): string[] => Array.from({ length: Math.floor(random() * 14) }, () => 'abcd'.charAt(Math.floor(random() * 4)));
    for (let run = 0; run < 500; run++) {
      const a = randomLines();
      const b = randomLines();
      // Textbook dynamic programme for the LCS length.
      const width = b.length + 1;
      const table = new Int32Array((a.length + 1) * width);
      const at = (i: number, j: number): number => table[i * width + j] ?? 0;
      for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
          table[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
        }
      }
      const lcs = at(0, 0);
      const oldText = a.map((line) => `${line}\n`).join('');
      const newText = b.map((line) => `${line}\n`).join('');
      const diff = unifiedDiff(oldText, newText);
      const changed = diff.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line)).length;
      expect(changed, JSON.stringify({ a, b })).toBe(a.length + b.length - 2 * lcs);
      if (diff) expect(applyUnifiedDiff(oldText, diff)).toBe(newText);
    }
  });

  it('stay linear on a one-line template with thousands of insertions (was quadratic: 324 KB took 23 s and 4 GB)', { timeout: 60_000 }, () => {
    const block = '{% case provider.payment_gateway.type %}{% when "braintree_blue" %}{% endcase %}';
    const source = block.repeat(4000);
    const result = fixTemplate(source);
    expect(result.insertions).toHaveLength(4000);
    expect(applyUnifiedDiff(source, result.diff)).toBe(result.output);
  });

  it('checks the fixed output again', () => {
    const result = fixed('{% case provider.payment_gateway.type %}{% when "braintree_blue" %}{% endcase %}');
    expect(result.after).toEqual(checkTemplate(result.output));
  });
});
