// The journal of a retry run (and of single charges), in the app's data folder, so that no
// crash can make Billing Desk charge an invoice twice:
//   <dir>/run.json  — the run (its invoices, mode, status), replaced atomically;
//   <dir>/run.log   — one JSON line per event, appended and flushed to disk (fsync) before
//                     the program goes on: "send" is written BEFORE the charge request
//                     leaves, "result" after its answer. A line cut short by a crash is the
//                     last one and is ignored (a cut "send" line means nothing was sent yet).
//                     "lost" moves a send's time to when its answer was lost (3scale may
//                     still be working on it from then on).
// Reading the journal back tells each invoice's result, and which charges were sent with no
// answer recorded: those are reconciled with 3scale and Stripe before anything else is sent,
// whichever log holds them (see journaled-charge.ts).
// Appending keeps a 2,000-invoice run to a few KB written per charge instead of the whole file.

import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RunItemStatus } from '../../common/contract/invoices';
import { writeFileAtomic } from '../persistence/atomic-file';
import type { ChargeTarget } from './charge-step';
import { InFlightInvoices } from './in-flight';

const money = z.object({ amountMinor: z.number().int(), currency: z.string() });
const target = z.object({
  invoiceId: z.number().int(),
  friendlyId: z.string(),
  accountId: z.number().int(),
  organisation: z.string().nullable(),
  total: money,
  month: z.string().nullable(),
  listPage: z.number().int(),
  paymentsSince: z.number(),
  customers: z.array(z.string()),
});

export const runFileSchema = z.object({
  version: z.literal(1),
  runId: z.string(),
  mode: z.enum(['test', 'live']),
  startedAt: z.string(),
  status: z.enum(['running', 'paused', 'cancelled', 'done']),
  items: z.array(target),
});
export type RunFile = z.infer<typeof runFileSchema>;

const RUN_ITEM_STATUSES = ['pending', 'charging', 'paid', 'declined', 'needs_action', 'skipped', 'failed', 'unknown'] as const;

const sendLine = z.object({
  e: z.literal('send'),
  id: z.number().int(),
  at: z.number(),
  before: z.array(z.string()),
  target,
  /** The Stripe mode whose account shows this charge: it is settled only in that mode. */
  mode: z.enum(['test', 'live']).optional(),
});
const resultLine = z.object({
  e: z.literal('result'),
  id: z.number().int(),
  at: z.number(),
  status: z.enum(RUN_ITEM_STATUSES),
  message: z.string(),
  pi: z.string().nullable(),
  /** True when a charge request was sent for this result (the finance log names it). */
  charged: z.boolean(),
});
const lostLine = z.object({ e: z.literal('lost'), id: z.number().int(), at: z.number() });
const line = z.discriminatedUnion('e', [sendLine, resultLine, lostLine]);
export type SendEntry = z.infer<typeof sendLine>;
export type ResultEntry = z.infer<typeof resultLine>;
export type LostEntry = z.infer<typeof lostLine>;

export interface JournalState {
  /** The last result of each invoice. */
  results: Map<number, ResultEntry>;
  /** Charges sent whose result was never written: to reconcile before anything else. */
  unresolved: Map<number, SendEntry>;
}

/**
 * Reads a log. A line that does not parse is skipped, never the lines after it: only the last
 * one can be cut short by a crash (a cut "send" was never sent), and the log is cut back to
 * its last whole line before anything more is appended (see DurableLog).
 */
export function readLog(file: string): JournalState {
  const results = new Map<number, ResultEntry>();
  const unresolved = new Map<number, SendEntry>();
  if (!existsSync(file)) return { results, unresolved };
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    let parsed: z.infer<typeof line>;
    try {
      parsed = line.parse(JSON.parse(text));
    } catch {
      continue;
    }
    if (parsed.e === 'send') unresolved.set(parsed.id, parsed);
    else if (parsed.e === 'lost') {
      const sent = unresolved.get(parsed.id);
      if (sent) unresolved.set(parsed.id, { ...sent, at: parsed.at });
    } else {
      unresolved.delete(parsed.id);
      results.set(parsed.id, parsed);
    }
  }
  return { results, unresolved };
}

/** A journal line could not be put on disk: nothing more may be sent. */
export class JournalWriteError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    const code = (cause as { code?: unknown } | null)?.code;
    super(`The journal ${path.basename(file)} cannot be written (${typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'JournalWriteError';
  }
}

/** An append-only log whose every line is on disk when `append` returns. */
export class DurableLog {
  private fd: number | null = null;

  constructor(readonly file: string) {}

  append(entry: SendEntry | ResultEntry | LostEntry): void {
    try {
      const fd = this.fd ?? this.reopen();
      const bytes = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } catch (error) {
      // Part of the line may be on disk: reopening cuts it back before the next line is
      // appended, or that next line (a "send") would be glued to it and lost on reading.
      this.close();
      throw new JournalWriteError(this.file, error);
    }
  }

  /** Opens the log for appending, its torn tail cut first; the descriptor is kept only once that worked. */
  private reopen(): number {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const fd = openSync(this.file, 'a', 0o600);
    try {
      this.dropTornTail(fd);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    this.fd = fd;
    return fd;
  }

  /** A line cut short by a crash would swallow the next one appended: cut back to the last whole line. */
  private dropTornTail(fd: number): void {
    const bytes = readFileSync(this.file);
    if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
    ftruncateSync(fd, bytes.lastIndexOf(0x0a) + 1);
    fsyncSync(fd);
  }

  close(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already closed underneath (a failed disk): nothing more to release.
      }
    }
  }
}

/** A charge sent with no result written, and the log that holds it. */
export interface OpenCharge {
  log: DurableLog;
  entry: SendEntry;
}

export class RunJournal {
  readonly runFile: string;
  readonly log: DurableLog;
  readonly singleLog: DurableLog;
  /** Invoices being charged now; kept here because the journal is what runs and single charges share. */
  readonly inFlight = new InFlightInvoices();
  /** Told of every result written (a run shows what a settle found for its invoices). */
  onResult: ((log: DurableLog, entry: ResultEntry) => void) | null = null;
  /** The settle under way, shared by everything that wants to send (see journaled-charge.ts). */
  settling: Promise<void> | null = null;
  /**
   * Sends with no result, per log: read from disk once, then kept as lines are written. A
   * result that could not be written leaves its send here, so it is settled before the next send.
   */
  private open: Map<DurableLog, Map<number, SendEntry>> | null = null;

  /** Nothing is touched on disk until a run begins (a folder that cannot be made fails that run, not the app). */
  constructor(readonly directory: string) {
    this.runFile = path.join(directory, 'run.json');
    this.log = new DurableLog(path.join(directory, 'run.log'));
    this.singleLog = new DurableLog(path.join(directory, 'single-charges.log'));
  }

  /** The run on disk with its log, or null. */
  read(): { run: RunFile; state: JournalState } | null {
    const run = this.readRunFile();
    return run ? { run, state: readLog(this.log.file) } : null;
  }

  /** The run file, or null when there is none or it does not parse. */
  private readRunFile(): RunFile | null {
    if (!existsSync(this.runFile)) return null;
    try {
      return runFileSchema.parse(JSON.parse(readFileSync(this.runFile, 'utf8')));
    } catch {
      return null;
    }
  }

  private openSends(log: DurableLog): Map<number, SendEntry> {
    if (!this.open) {
      this.open = new Map();
      for (const each of [this.log, this.singleLog]) this.open.set(each, readLog(each.file).unresolved);
      // Run-log lines written before sends recorded their mode are the run's mode.
      const runMode = this.readRunFile()?.mode;
      for (const [id, entry] of this.open.get(this.log) ?? []) if (!entry.mode && runMode) this.open.get(this.log)?.set(id, { ...entry, mode: runMode });
    }
    return this.open.get(log) ?? new Map<number, SendEntry>();
  }

  /** Every charge sent with no result written, in both logs. */
  unresolved(): OpenCharge[] {
    return [this.log, this.singleLog].flatMap((log) => [...this.openSends(log).values()].map((entry) => ({ log, entry })));
  }

  /** The run log's charges with no result written. */
  unresolvedInRun(): SendEntry[] {
    return [...this.openSends(this.log).values()];
  }

  /**
   * Starts a new run: its log is emptied first, then the run written (a crash between leaves no
   * run). Refused while the log holds a charge of unknown outcome: emptying it would forget it.
   */
  begin(run: RunFile): void {
    if (this.unresolvedInRun().length > 0) throw new Error('The run log still holds charges of unknown outcome');
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    this.log.close();
    rmSync(this.runFile, { force: true });
    writeFileAtomic(this.log.file, '');
    writeFileAtomic(this.runFile, JSON.stringify(run));
  }

  setStatus(run: RunFile, status: RunFile['status']): void {
    run.status = status;
    writeFileAtomic(this.runFile, JSON.stringify(run));
  }

  sending(log: DurableLog, charge: ChargeTarget, before: readonly string[], at: number, mode: 'test' | 'live'): void {
    const open = this.openSends(log);
    const entry: SendEntry = { e: 'send', id: charge.invoiceId, at, before: [...before], target: charge, mode };
    log.append(entry);
    open.set(entry.id, entry);
  }

  /** The answer of a sent charge was lost at `at`: its settle wait counts from then. */
  lost(log: DurableLog, invoiceId: number, at: number): void {
    const open = this.openSends(log);
    log.append({ e: 'lost', id: invoiceId, at });
    const sent = open.get(invoiceId);
    if (sent) open.set(invoiceId, { ...sent, at });
  }

  result(log: DurableLog, invoiceId: number, result: { status: RunItemStatus; message: string; paymentIntentId: string | null }, charged: boolean): void {
    const open = this.openSends(log);
    const entry: ResultEntry = { e: 'result', id: invoiceId, at: Date.now(), status: result.status, message: result.message, pi: result.paymentIntentId, charged };
    log.append(entry);
    open.delete(invoiceId);
    this.onResult?.(log, entry);
  }

  close(): void {
    this.log.close();
    this.singleLog.close();
  }
}
