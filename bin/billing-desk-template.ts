// billing-desk-template: checks and fixes the 3scale developer-portal template
// "Payment Gateway / Show" (see main/template/), and checks that any other portal
// template parses.
//
//   billing-desk-template check PATH... [--json]       one report per file, then a summary
//   billing-desk-template fix FILE                      fixed template to stdout (notes and diff to stderr)
//   billing-desk-template fix PATH... --write           fixed in place, in the file's own encoding

import { randomBytes } from 'node:crypto';
import { chmod, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkTemplate } from '../main/template/checker';
import type { TemplateParseError, TemplateReport, TemplateWarning } from '../main/template/checker';
import { ENCODING_NAMES, conversionNotice, decodeTemplate, encodeTemplate } from '../main/template/encoding';
import type { TemplateEncoding } from '../main/template/encoding';
import { fixTemplate } from '../main/template/fixer';

const USAGE = `Usage:
  billing-desk-template check PATH... [--json]
  billing-desk-template fix FILE
  billing-desk-template fix PATH... --write [--convert-to-utf8]

PATH is a template file or a folder (its .liquid files, in all subfolders).

check  prints what it found in each {% case provider.payment_gateway.type %} block, and
       any tag or filter that neither Liquid nor 3scale knows (a warning; the check goes
       on). With several files: one report per file, then a summary. --json prints one
       JSON document instead.
fix    adds the Stripe branch where it is missing and prints the fixed template (what
       changed goes to stderr); --write saves it in place instead, in the encoding the
       file was read in (UTF-8, UTF-8 with BOM, UTF-16, Latin-1/Windows-1252). A text that
       encoding cannot hold is not written unless --convert-to-utf8 is given.

Exit status, the worst of all files: 0 every case block has a Stripe branch, 1 one lacks
it (or its Stripe branch renders neither the card form nor the billing-address link), 2 a
file cannot be read or does not parse. With several files, a template without a gateway
case block only has to parse; but when none of them has one, the status is 1: the
Payment Gateway / Show template is not among them.
`;

type Verdict = 'stripe_ok' | 'stripe_missing' | 'no_gateway_block' | 'does_not_parse' | 'unreadable';

interface FileReport {
  file: string;
  verdict: Verdict;
  status: 0 | 1 | 2;
  encoding: TemplateEncoding | null;
  messages: string[];
  warnings: TemplateWarning[];
  error: TemplateParseError | null;
}

class UnreadableFile extends Error {}

async function readTemplate(file: string): Promise<{ text: string; encoding: TemplateEncoding }> {
  try {
    return decodeTemplate(await readFile(file));
  } catch (err) {
    throw new UnreadableFile(`${file}: cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The files named: files as given, folders walked for .liquid files (sorted, hidden folders skipped). */
async function expand(operands: string[]): Promise<{ files: string[]; unreadable: FileReport[] }> {
  const files: string[] = [];
  const unreadable: FileReport[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(full);
      else if (entry.isFile() && entry.name.endsWith('.liquid')) files.push(full);
    }
  };
  for (const operand of operands) {
    try {
      if ((await stat(operand)).isDirectory()) await walk(operand);
      else files.push(operand);
    } catch (err) {
      unreadable.push(unreadableReport(operand, `${operand}: cannot be read: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
  return { files, unreadable };
}

function unreadableReport(file: string, message: string): FileReport {
  return { file, verdict: 'unreadable', status: 2, encoding: null, messages: [message], warnings: [], error: null };
}

/** One file's verdict. `alone`: the file was named by itself, so it must be the Payment Gateway / Show template. */
function judge(file: string, encoding: TemplateEncoding, report: TemplateReport, alone: boolean): FileReport {
  const base = { file, encoding, messages: report.messages, warnings: report.warnings };
  if (!report.ok) return { ...base, verdict: 'does_not_parse', status: 2, error: report.error };
  if (report.caseBlocks.length === 0 && !alone) {
    return {
      ...base,
      verdict: 'no_gateway_block',
      status: 0,
      error: null,
      messages: ['Parses; no {% case provider.payment_gateway.type %} block, so not the Payment Gateway / Show template.'],
    };
  }
  const fine = report.allHaveStripe && report.problems.length === 0;
  return { ...base, verdict: fine ? 'stripe_ok' : 'stripe_missing', status: fine ? 0 : 1, error: null };
}

function warningLines(report: FileReport): string {
  return report.warnings.map((warning) => `${report.file}:${warning.line}:${warning.column}: warning: ${warning.message}\n`).join('');
}

function encodingLine(file: string, encoding: TemplateEncoding | null): string {
  return encoding && encoding !== 'utf-8' ? `${file}: read as ${ENCODING_NAMES[encoding]}; fix --write keeps that encoding.\n` : '';
}

function parseErrorLine(file: string, error: TemplateParseError): string {
  return `${file}:${error.line}:${error.column}: ${error.message}\n`;
}

const VERDICT_TITLES: Record<Verdict, string> = {
  stripe_ok: 'Stripe branch in every case block',
  stripe_missing: 'Stripe branch missing or incomplete',
  no_gateway_block: 'parses (no gateway case block)',
  does_not_parse: 'does not parse',
  unreadable: 'cannot be read',
};

const SUMMARY_LABELS: Record<Verdict, string> = {
  stripe_ok: 'fine',
  stripe_missing: 'lacking a Stripe branch',
  no_gateway_block: 'other templates that parse',
  does_not_parse: 'not parsed',
  unreadable: 'unreadable',
};

function summarise(reports: FileReport[]): { status: number; text: string; counts: Record<Verdict, number> } {
  const counts: Record<Verdict, number> = { stripe_ok: 0, stripe_missing: 0, no_gateway_block: 0, does_not_parse: 0, unreadable: 0 };
  for (const report of reports) counts[report.verdict]++;
  const warnings = reports.reduce((sum, report) => sum + report.warnings.length, 0);
  let status = Math.max(0, ...reports.map((report) => report.status));
  const parts = (Object.keys(counts) as Verdict[]).filter((verdict) => counts[verdict] > 0).map((verdict) => `${counts[verdict]} ${SUMMARY_LABELS[verdict]}`);
  let text = `Checked ${reports.length} file${reports.length === 1 ? '' : 's'}: ${parts.join(', ')}; ${warnings} warning${warnings === 1 ? '' : 's'}.`;
  if (counts.stripe_ok + counts.stripe_missing === 0 && counts.does_not_parse + counts.unreadable === 0) {
    status = Math.max(status, 1);
    text += ' None has a {% case provider.payment_gateway.type %} block: the Payment Gateway / Show template is not among them.';
  }
  return { status, text: `${text}\n`, counts };
}

async function check(operands: string[], json: boolean, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { files, unreadable } = await expand(operands);
  const alone = operands.length === 1 && files.length === 1 && unreadable.length === 0 && files[0] === operands[0];
  const reports: FileReport[] = [...unreadable];
  for (const file of files) {
    try {
      const { text, encoding } = await readTemplate(file);
      reports.push(judge(file, encoding, checkTemplate(text), alone));
    } catch (error) {
      if (!(error instanceof UnreadableFile)) throw error;
      reports.push(unreadableReport(file, error.message));
    }
  }
  if (reports.length === 0) {
    err(`No .liquid file found in ${operands.join(', ')}.\n`);
    return 2;
  }
  const summary = summarise(reports);
  if (json) {
    out(`${JSON.stringify({ status: summary.status, summary: summary.text.trim(), counts: summary.counts, files: reports }, null, 2)}\n`);
    return summary.status;
  }
  if (alone || reports.length === 1) {
    // One file: the report as it always was; parse errors as FILE:LINE:COLUMN: reason on stderr.
    const [report] = reports;
    if (!report) return 2;
    if (report.verdict === 'unreadable') err(`${report.messages.join('\n')}\n`);
    else if (report.error) err(parseErrorLine(report.file, report.error));
    else out(encodingLine(report.file, report.encoding) + report.messages.map((message) => `${message}\n`).join('') + warningLines(report));
    if (report.error) err(warningLines(report));
    return alone ? report.status : summary.status;
  }
  for (const report of reports) {
    out(`== ${report.file}: ${VERDICT_TITLES[report.verdict]}\n`);
    out(encodingLine(report.file, report.encoding));
    if (report.error) out(parseErrorLine(report.file, report.error));
    else out(report.messages.map((message) => `   ${message}\n`).join(''));
    out(warningLines(report));
  }
  out(summary.text);
  return summary.status;
}

/** Replaces the file's content at once: a temporary file beside it, then a rename over it. */
async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const { mode } = await stat(file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes, { flag: 'wx', mode });
    await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

function exitStatus(report: TemplateReport): number {
  if (!report.ok) return 2;
  return report.allHaveStripe && report.problems.length === 0 ? 0 : 1;
}

async function fixOne(
  file: string,
  write: boolean,
  convert: boolean,
  out: (text: string | Uint8Array) => void,
  err: (text: string) => void,
): Promise<number> {
  let decoded: { text: string; encoding: TemplateEncoding };
  try {
    decoded = await readTemplate(file);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    err(`${error.message}\n`);
    return 2;
  }
  const result = fixTemplate(decoded.text, { fileName: file });
  if (!result.ok) {
    err(parseErrorLine(file, result.error));
    return 2;
  }
  const notes = result.notes.map((note) => `${note}\n`).join('');
  let encoding = decoded.encoding;
  let encoded = encodeTemplate(result.output, encoding);
  if (!encoded.ok) {
    if (!convert) {
      err(`${notes}${file}: not written: ${conversionNotice(encoding, encoded.unencodable)} Run again with --convert-to-utf8 to accept that.\n`);
      return 2;
    }
    err(`${file}: ${conversionNotice(encoding, encoded.unencodable)}\n`);
    encoding = 'utf-8';
    encoded = encodeTemplate(result.output, encoding);
  }
  if (!encoded.ok) return 2;
  if (!write) {
    out(encoded.bytes);
    err(notes + (result.diff ? `\n${result.diff}` : ''));
    return exitStatus(result.after);
  }
  if (!result.changed) {
    out(`${notes}${file} was not changed.\n`);
    return exitStatus(result.after);
  }
  if (!result.verified) {
    err(`${notes}${file}: not written, because the fixed template did not pass the check.\n`);
    return Math.max(exitStatus(result.after), 1);
  }
  try {
    await writeAtomically(file, encoded.bytes);
  } catch (error) {
    err(`${file}: cannot be written: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const kept = encoding === 'utf-8' ? '' : ` (${ENCODING_NAMES[encoding]}, as it was read)`;
  out(`${notes}Saved ${file}${kept}.\n`);
  return exitStatus(result.after);
}

async function main(args: string[]): Promise<number> {
  const out = (text: string | Uint8Array): boolean => process.stdout.write(text);
  const err = (text: string): boolean => process.stderr.write(text);

  if (args.includes('--help') || args.includes('-h')) {
    out(USAGE);
    return 0;
  }
  const [command, ...rest] = args;
  const flags = new Set(rest.filter((arg) => arg.startsWith('--')));
  const operands = rest.filter((arg) => !arg.startsWith('--'));
  const allowed = command === 'check' ? ['--json'] : ['--write', '--convert-to-utf8'];
  const unknownOption = [...flags].find((flag) => !allowed.includes(flag)) ?? operands.find((arg) => arg.startsWith('-') && arg !== '-');
  const write = flags.has('--write');
  if (
    (command !== 'check' && command !== 'fix') ||
    operands.length === 0 ||
    unknownOption !== undefined ||
    (command === 'fix' && !write && operands.length !== 1)
  ) {
    err(USAGE);
    return 2;
  }
  if (command === 'check') return check(operands, flags.has('--json'), out, err);

  if (!write) return fixOne(operands[0] ?? '', false, flags.has('--convert-to-utf8'), out, err);
  const { files, unreadable } = await expand(operands);
  let status = 0;
  for (const report of unreadable) {
    err(`${report.messages.join('\n')}\n`);
    status = 2;
  }
  for (const file of files) status = Math.max(status, await fixOne(file, true, flags.has('--convert-to-utf8'), out, err));
  return status;
}

process.exitCode = await main(process.argv.slice(2));
