// The command `billing-desk-template`, run as a user runs it: node on the launcher in bin/.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CORPUS = path.join(ROOT, 'test/templates');
const LAUNCHER = path.join(ROOT, 'bin/billing-desk-template.mjs');
const corpusFile = (name: string): string => path.join(CORPUS, name);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

const work = mkdtempSync(path.join(tmpdir(), 'billing-desk-template-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('billing-desk-template check', { timeout: 60_000 }, () => {
  it('exits 0 and prints the report when every case block has a Stripe branch', async ({ expect }) => {
    const result = await run('check', corpusFile('default.liquid'));
    expect(result).toEqual({
      code: 0,
      stdout: [
        'Case block at lines 7–14: Stripe branch present (line 12), renders the billing-address link.',
        'Case block at lines 18–31: Stripe branch present (line 23), renders stripe_form and the billing-address link.',
        'All 2 case blocks have a Stripe branch.',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('exits 1 when a case block lacks the Stripe branch, or its Stripe branch renders nothing useful', async ({ expect }) => {
    const missing = await run('check', corpusFile('two-blocks-one-stripe.liquid'));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      'Case block at lines 13–18: no Stripe branch; developers on this portal cannot enter a card for Stripe.\n',
    );
    const useless = await run('check', corpusFile('stripe-without-form.liquid'));
    expect(useless.code).toBe(1);
    expect(useless.stdout).toMatch(/renders neither the card form/);
  });

  it('exits 2 with FILE:LINE:COLUMN: reason when the file does not parse', async ({ expect }) => {
    const file = corpusFile('broken-unclosed.liquid');
    const result = await run('check', file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `${file}:6:5: tag {% if current_account.has_billing_address? %} not closed: {% when "braintree_blue" %} at line 8 comes before its {% endif %}\n`,
    );
  });

  it('exits 2 when the file cannot be read, or the command is wrong', async ({ expect }) => {
    const missing = await run('check', path.join(work, 'nope.liquid'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.liquid: cannot be read: ENOENT/);

    for (const args of [
      [],
      ['check'],
      ['lint', corpusFile('default.liquid')],
      ['check', corpusFile('default.liquid'), '--write'],
      ['fix', corpusFile('default.liquid'), corpusFile('crlf.liquid')],
    ]) {
      const usage = await run(...args);
      expect(usage.code, args.join(' ')).toBe(2);
      expect(usage.stderr).toMatch(/^Usage:/);
    }
  });
});

describe('billing-desk-template check, several files', { timeout: 60_000 }, () => {
  it('walks a folder for .liquid files, prints one report per file and a summary, and exits with the worst status', async ({ expect }) => {
    const folder = path.join(work, 'portal');
    const nested = path.join(folder, 'accounts', 'payment_gateways');
    mkdirSync(nested, { recursive: true });
    copyFileSync(corpusFile('portal-layout.liquid'), path.join(folder, 'main_layout.html.liquid'));
    copyFileSync(corpusFile('portal-unknown-tags.liquid'), path.join(nested, 'show.html.liquid'));
    writeFileSync(path.join(folder, 'notes.txt'), 'not a template');
    const result = await run('check', folder);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`== ${path.join(nested, 'show.html.liquid')}: Stripe branch missing or incomplete\n`);
    expect(result.stdout).toContain(`== ${path.join(folder, 'main_layout.html.liquid')}: parses (no gateway case block)\n`);
    expect(result.stdout).toContain(`${path.join(nested, 'show.html.liquid')}:2:1: warning: Line 2: {% cookie_banner %} is not a tag`);
    expect(result.stdout).not.toContain('notes.txt');
    expect(result.stdout).toMatch(/Checked 2 files: 1 lacking a Stripe branch, 1 other templates that parse; 3 warnings\.\n$/);

    const withBroken = await run('check', folder, corpusFile('broken-stray-end.liquid'), corpusFile('default.liquid'));
    expect(withBroken.code).toBe(2);
    expect(withBroken.stdout).toContain(`${corpusFile('broken-stray-end.liquid')}:6:3: {% endform %} has no {% form %} to close\n`);
    expect(withBroken.stdout).toMatch(/Checked 4 files: 1 fine, 1 lacking a Stripe branch, 1 other templates that parse, 1 not parsed; 3 warnings\.\n$/);
  });

  it('says so, and exits 1, when none of the files is the Payment Gateway / Show template', async ({ expect }) => {
    const result = await run('check', corpusFile('portal-layout.liquid'), corpusFile('portal-email.liquid'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/the Payment Gateway \/ Show template is not among them\.\n$/);
  });

  it('prints one JSON document with --json', async ({ expect }) => {
    const result = await run('check', '--json', corpusFile('default.liquid'), corpusFile('portal-unknown-tags.liquid'), path.join(work, 'nope.liquid'));
    expect(result.code).toBe(2);
    const parsed = JSON.parse(result.stdout) as {
      status: number;
      counts: Record<string, number>;
      files: Array<{ file: string; verdict: string; status: number; warnings: Array<{ name: string; line: number }> }>;
    };
    expect(parsed.status).toBe(2);
    expect(parsed.counts).toEqual({ stripe_ok: 1, stripe_missing: 1, no_gateway_block: 0, does_not_parse: 0, unreadable: 1 });
    expect(parsed.files.map((file) => [path.basename(file.file), file.verdict, file.status])).toEqual([
      ['nope.liquid', 'unreadable', 2],
      ['default.liquid', 'stripe_ok', 0],
      ['portal-unknown-tags.liquid', 'stripe_missing', 1],
    ]);
    expect(parsed.files[2]?.warnings.map((warning) => [warning.name, warning.line])).toEqual([
      ['cookie_banner', 2],
      ['feature_flag', 5],
      ['format', 9],
    ]);
  });
});

describe('billing-desk-template and file encodings', { timeout: 60_000 }, () => {
  // "<p>Café</p>" and the legacy template, in Latin-1: é is the single byte 0xE9.
  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

  it('reads a Latin-1 file, says so, and fix --write keeps it Latin-1, byte for byte outside the insertion', async ({ expect }) => {
    const source = readFileSync(corpusFile('legacy-braintree-authorize.liquid'), 'utf8').replace('<div', '<!-- Café Zürich --><div');
    const file = path.join(work, 'latin1.liquid');
    writeFileSync(file, latin1(source));
    const checked = await run('check', file);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(new RegExp(`^${escape(file)}: read as Latin-1 \\(Windows-1252\\); fix --write keeps that encoding\\.\n`));

    const fixed = await run('fix', file, '--write');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/\(Latin-1 \(Windows-1252\), as it was read\)\.\n$/);
    const expected = readFileSync(corpusFile('legacy-braintree-authorize.fixed.liquid'), 'utf8').replace('<div', '<!-- Café Zürich --><div');
    expect(readFileSync(file).equals(latin1(expected))).toBe(true);
    expect(readFileSync(file).includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
  });

  it('keeps a UTF-8 byte-order mark', async ({ expect }) => {
    const file = path.join(work, 'bom.liquid');
    const source = readFileSync(corpusFile('legacy-braintree-authorize.liquid'));
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), source]));
    const fixed = await run('fix', file, '--write');
    expect(fixed.code).toBe(0);
    const written = readFileSync(file);
    expect([...written.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(written.subarray(3).toString('utf8')).toBe(readFileSync(corpusFile('legacy-braintree-authorize.fixed.liquid'), 'utf8'));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('billing-desk-template fix', { timeout: 60_000 }, () => {
  it('prints the fixed template to stdout, byte for byte, and the notes and diff to stderr', async ({ expect }) => {
    const result = await run('fix', corpusFile('crlf.liquid'));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(corpusFile('crlf.fixed.liquid'), 'utf8'));
    expect(result.stderr).toContain('Added the Stripe branch to the case block at lines 4–9, before {% when "braintree_blue" %} (line 5).');
    expect(result.stderr).toContain(`--- a/${corpusFile('crlf.liquid')}\n+++ b/${corpusFile('crlf.liquid')}\n@@ -2,6 +2,14 @@\n`);
    expect(result.stderr).toContain('\n+  {% when "stripe" %}\r\n');
  });

  it('prints an unchanged template as it is, and exits 0', async ({ expect }) => {
    const result = await run('fix', corpusFile('default.liquid'));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(corpusFile('default.liquid'), 'utf8'));
    expect(result.stderr).toBe('Every case block already has a Stripe branch. Nothing was changed.\n');
  });

  it('writes the fix in place with --write, keeping the file mode and leaving no temporary file', async ({ expect }) => {
    const file = path.join(work, 'legacy.liquid');
    copyFileSync(corpusFile('legacy-braintree-authorize.liquid'), file);
    chmodSync(file, 0o640);
    const result = await run('fix', file, '--write');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Added the Stripe branch to the case block at lines 7–12/);
    expect(result.stdout).toMatch(new RegExp(`Saved ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\n$`));
    expect(result.stderr).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(corpusFile('legacy-braintree-authorize.fixed.liquid'), 'utf8'));
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const again = await run('fix', '--write', file);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/was not changed\.\n$/);
  });

  it('leaves a file that does not parse untouched and exits 2', async ({ expect }) => {
    const file = path.join(work, 'broken.liquid');
    copyFileSync(corpusFile('broken-unterminated-tag.liquid'), file);
    const before = readFileSync(file);
    const result = await run('fix', file, '--write');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:3: tag ".*" not closed\\n$`));
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('exits 1 when the fix leaves a problem it cannot fix', async ({ expect }) => {
    const result = await run('fix', corpusFile('stripe-without-form.liquid'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(readFileSync(corpusFile('stripe-without-form.liquid'), 'utf8'));
    expect(result.stderr).toMatch(/left as it is/);
  });
});
