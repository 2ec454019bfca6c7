// The durable log when the disk fails mid-line: part of a line is on disk and the write
// throws. The next append must cut that torn tail first — also when cutting it failed once —
// or the next line (a "send") would be glued to it and lost when the log is read back.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as NodeFs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const faults = vi.hoisted(() => ({ tornWrite: false, truncateFails: false }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  return {
    ...fs,
    // Writes half of the line, then fails: a full disk in the middle of a line.
    writeSync: (fd: number, buffer: Buffer, offset = 0) => {
      if (!faults.tornWrite) return fs.writeSync(fd, buffer, offset);
      faults.tornWrite = false;
      fs.writeSync(fd, buffer, offset, Math.floor((buffer.length - offset) / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    },
    ftruncateSync: (fd: number, length?: number) => {
      if (faults.truncateFails) {
        faults.truncateFails = false;
        throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      }
      fs.ftruncateSync(fd, length);
    },
  };
});

const { JournalWriteError, readLog, RunJournal } = await import('../../../../main/invoices/run-journal');
const { target } = await import('./fake-charge-step');

const other = { ...target, invoiceId: 8, friendlyId: '2026-12-00000008' };

describe('the durable log when the disk fails', () => {
  it('cuts back a line torn by a failed write, and one whose cutting failed once, before the next send line', () => {
    const journal = new RunJournal(mkdtempSync(path.join(os.tmpdir(), 'journal-disk-')));
    journal.begin({ version: 1, runId: 'run-d', mode: 'test', startedAt: 'x', status: 'running', items: [target, other] });
    journal.sending(journal.log, target, [], 1, 'test');
    faults.tornWrite = true;
    expect(() => journal.result(journal.log, 7, { status: 'paid', message: 'Paid', paymentIntentId: null }, true)).toThrow(JournalWriteError);
    expect(readFileSync(journal.log.file, 'utf8').endsWith('\n')).toBe(false); // half a line is on disk
    faults.truncateFails = true;
    expect(() => journal.sending(journal.log, other, [], 2, 'test')).toThrow(JournalWriteError);
    journal.sending(journal.log, other, [], 3, 'test');
    const lines = readFileSync(journal.log.file, 'utf8').split('\n').filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([7, 8]);
    expect([...readLog(journal.log.file).unresolved.keys()]).toEqual([7, 8]);
    expect(journal.unresolved().map((o) => o.entry.id)).toEqual([7, 8]); // memory agrees with the disk
    journal.close();
  });
});
