// billing-desk-template: checks and fixes the 3scale developer-portal template
// "Payment Gateway / Show" (see main/template/).
//
//   billing-desk-template check FILE          report; exit 0 all good, 1 Stripe missing, 2 unreadable
//   billing-desk-template fix FILE [--write]  fixed template to stdout (notes and diff to stderr),
//                                             or written in place with --write

import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkTemplate } from '../main/template/checker';
import type { TemplateParseError, TemplateReport } from '../main/template/checker';
import { fixTemplate } from '../main/template/fixer';

const USAGE = `Usage:
  billing-desk-template check FILE
  billing-desk-template fix FILE [--write]

check  prints what it found in each {% case provider.payment_gateway.type %} block.
fix    adds the Stripe branch where it is missing and prints the fixed template
       (what changed goes to stderr); --write saves it in FILE instead.

Exit status: 0 every case block has a Stripe branch, 1 one lacks it (or its Stripe
branch renders neither the card form nor the billing-address link), 2 the file cannot
be read or does not parse.
`;

/** The exit status a report deserves. */
function exitStatus(report: TemplateReport): number {
  if (!report.ok) return 2;
  return report.allHaveStripe && report.problems.length === 0 ? 0 : 1;
}

function parseErrorLine(file: string, error: TemplateParseError): string {
  return `${file}:${error.line}:${error.column}: ${error.message}\n`;
}

class UnreadableFile extends Error {}

/** The file's text; it must be UTF-8, so that writing it back changes no byte we did not insert. */
async function readTemplate(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new UnreadableFile(`${file}: cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UnreadableFile(`${file}: cannot be read: it is not UTF-8 text`);
  }
}

/** Replaces the file's content at once: a temporary file beside it, then a rename over it. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const { mode } = await stat(file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx', mode });
    await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
}

async function main(args: string[]): Promise<number> {
  const out = (text: string): boolean => process.stdout.write(text);
  const err = (text: string): boolean => process.stderr.write(text);

  if (args.includes('--help') || args.includes('-h')) {
    out(USAGE);
    return 0;
  }
  const [command, ...rest] = args;
  const write = rest.includes('--write');
  const operands = rest.filter((arg) => arg !== '--write');
  const file = operands[0];
  const unknownOption = operands.find((arg) => arg.startsWith('-') && arg !== '-');
  if (
    (command !== 'check' && command !== 'fix') ||
    file === undefined ||
    operands.length !== 1 ||
    unknownOption !== undefined ||
    (write && command !== 'fix')
  ) {
    err(USAGE);
    return 2;
  }

  let source: string;
  try {
    source = await readTemplate(file);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    err(`${error.message}\n`);
    return 2;
  }

  if (command === 'check') {
    const report = checkTemplate(source);
    if (!report.ok) {
      err(parseErrorLine(file, report.error));
      return 2;
    }
    out(report.messages.map((message) => `${message}\n`).join(''));
    return exitStatus(report);
  }

  const result = fixTemplate(source, { fileName: file });
  if (!result.ok) {
    err(parseErrorLine(file, result.error));
    return 2;
  }
  const notes = result.notes.map((note) => `${note}\n`).join('');
  if (!write) {
    out(result.output);
    err(notes + (result.diff ? `\n${result.diff}` : ''));
    return exitStatus(result.after);
  }
  if (result.changed) {
    if (!result.verified) {
      err(`${notes}${file}: not written, because the fixed template did not pass the check.\n`);
      return Math.max(exitStatus(result.after), 1);
    }
    try {
      await writeAtomically(file, result.output);
    } catch (error) {
      err(`${file}: cannot be written: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    out(`${notes}Saved ${file}.\n`);
  } else {
    out(`${notes}${file} was not changed.\n`);
  }
  return exitStatus(result.after);
}

process.exitCode = await main(process.argv.slice(2));
