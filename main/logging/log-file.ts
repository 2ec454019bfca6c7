// Billing Desk's log: one file in the app's data folder, lines with a time and a level,
// every line passed through redactSecrets (the function that cleans IPC errors), kept to
// a few files of bounded size. Plain Node, no Electron: the shell opens it with the data
// folder, the unit tests with a temporary one.
//
// Writes are synchronous on purpose: the log is written rarely (start, errors, crashes),
// and a line about an uncaught exception must be on disk before the process may die.

import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../domain/masking';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../persistence/settings-files';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string, error?: unknown): void;
  info(message: string, error?: unknown): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
  /** The file being written, for messages that tell the user where the details are. */
  readonly filePath: string;
}

export interface LogFileOptions {
  directory: string;
  /** billing-desk.log; the older files are billing-desk.1.log, billing-desk.2.log, … */
  fileName?: string;
  /** Lines below this level are dropped. */
  level?: LogLevel;
  /** Size at which the file is rotated. */
  maxBytes?: number;
  /** How many files are kept, the current one included. */
  files?: number;
  now?: () => Date;
  /** Also shows each written line elsewhere (the terminal while developing). */
  echo?: (line: string, level: LogLevel) => void;
  /** Told once when the disk refuses the log (the log cannot say it itself). */
  onWriteError?: (error: unknown) => void;
}

export const LOG_FILE_NAME = 'billing-desk.log';
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_FILES = 3;
/** One entry never takes more than this (a runaway message must not fill the file alone). */
const MAX_ENTRY_CHARS = 16_000;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** An error as a developer needs it: name, message and stack (the stack repeats the first two). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const stack = error.stack ?? '';
    const head = `${error.name}: ${error.message}`;
    const cause = error.cause === undefined ? '' : `\nCaused by: ${describeError(error.cause)}`;
    return (stack.startsWith(head) ? stack : `${head}${stack ? `\n${stack}` : ''}`) + cause;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** One entry as written: time, level, the message; later lines of it indented, the whole redacted. */
export function formatEntry(time: Date, level: LogLevel, message: string, error?: unknown): string {
  let text = error === undefined ? message : `${message}: ${describeError(error)}`;
  if (text.length > MAX_ENTRY_CHARS) text = `${text.slice(0, MAX_ENTRY_CHARS)} … [${text.length - MAX_ENTRY_CHARS} more characters left out]`;
  const entry = `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${text.replace(/\r?\n/g, '\n    ')}\n`;
  return redactSecrets(entry);
}

export function createLogFile(options: LogFileOptions): Logger {
  const fileName = options.fileName ?? LOG_FILE_NAME;
  const filePath = path.join(options.directory, fileName);
  const minimum = RANK[options.level ?? 'info'];
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const files = Math.max(1, options.files ?? LOG_FILES);
  const now = options.now ?? (() => new Date());
  const extension = path.extname(fileName);
  const older = (n: number) => path.join(options.directory, `${path.basename(fileName, extension)}.${n}${extension}`);
  let size = currentSize(filePath);
  let writeErrorTold = false;

  const rotate = () => {
    rmSync(files > 1 ? older(files - 1) : filePath, { force: true });
    for (let n = files - 2; n >= 1; n -= 1) renameIfThere(older(n), older(n + 1));
    if (files > 1) renameIfThere(filePath, older(1));
    size = 0;
  };

  const write = (level: LogLevel, message: string, error?: unknown) => {
    if (RANK[level] < minimum) return;
    const line = formatEntry(now(), level, message, error);
    options.echo?.(line, level);
    const bytes = Buffer.byteLength(line);
    try {
      if (size > 0 && size + bytes > maxBytes) rotate();
      if (size === 0) mkdirSync(options.directory, { recursive: true, mode: PRIVATE_FOLDER_MODE });
      appendFileSync(filePath, line, { mode: PRIVATE_FILE_MODE });
      size += bytes;
    } catch (writeError) {
      // A full or read-only disk must not take the app down with its log.
      size = currentSize(filePath);
      if (!writeErrorTold) options.onWriteError?.(writeError);
      writeErrorTold = true;
    }
  };

  return {
    filePath,
    debug: (message, error) => write('debug', message, error),
    info: (message, error) => write('info', message, error),
    warn: (message, error) => write('warn', message, error),
    error: (message, error) => write('error', message, error),
  };
}

function currentSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
