// The draft's file (draft.json beside settings.json): written atomically; a file that
// cannot be parsed is kept aside under another name, never silently dropped; one that
// cannot be read at all (permission denied, a folder) is left alone and said. A write
// the disk refuses (full, read-only) keeps the draft in memory, is said, and is retried
// with the shared back-off until it succeeds.

import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { draftSchema, type StoredDraft } from '../domain/draft';
import { Backoff, type BackoffPolicy } from '../shared/backoff';
import { writeFileAtomic } from './atomic-file';
import { draftWriteFailure, isStorageRefusal, readProblem, storageProblem } from './storage-errors';

export interface DraftStore {
  read(): StoredDraft | null;
  write(draft: StoredDraft): void;
  remove(): void;
  /** Set when a draft file could not be read (and was kept aside), or cannot be written now. */
  notice: string | null;
}

export interface DraftFileOptions {
  now?: () => Date;
  /** How the file is written; tests inject a disk that fails. */
  writeFile?: (file: string, data: string) => void;
  /** Waits between retries of a refused write. */
  retryBackoff?: BackoffPolicy;
}

const RETRY_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000, jitter: 'half' };

export function draftFile(directory: string, options: DraftFileOptions = {}): DraftStore & { stopRetrying(): void } {
  const now = options.now ?? (() => new Date());
  const writeFile = options.writeFile ?? writeFileAtomic;
  const file = path.join(directory, 'draft.json');
  // Temporary files of writes a crash cut short; one instance runs at a time, so none is in use.
  try {
    for (const name of existsSync(directory) ? readdirSync(directory) : []) {
      if (name.startsWith('.draft.json.') && name.endsWith('.tmp')) rmSync(path.join(directory, name), { force: true });
    }
  } catch {
    // An unreadable folder: the writes will say so.
  }

  /** A draft the disk refused, kept here until a retry writes it. */
  let pending: StoredDraft | null = null;
  let readNotice: string | null = null;
  let writeNotice: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const backoff = new Backoff(options.retryBackoff ?? RETRY_BACKOFF);
  const copy = (draft: StoredDraft) => JSON.parse(JSON.stringify(draft)) as StoredDraft;

  const stopRetrying = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const attemptWrite = (draft: StoredDraft): unknown => {
    try {
      writeFile(file, JSON.stringify(draft, null, 1));
    } catch (error) {
      return error;
    }
    pending = null;
    writeNotice = null;
    backoff.reset();
    stopRetrying();
    return null;
  };
  const scheduleRetry = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (pending && attemptWrite(pending) !== null) scheduleRetry();
    }, backoff.next());
    timer.unref?.();
  };

  const store = {
    get notice(): string | null {
      return [readNotice, writeNotice].filter(Boolean).join(' ') || null;
    },
    set notice(value: string | null) {
      readNotice = value;
    },
    stopRetrying,
    read(): StoredDraft | null {
      if (pending) return copy(pending);
      if (!existsSync(file)) return null;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        readNotice = `Your draft file ${file} cannot be read (${readProblem(error)}); it was left as it is, and edits are kept as a draft only once it can be written.`;
        return null;
      }
      let reason: string;
      try {
        const parsed = draftSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
        reason = parsed.error.issues[0]?.message ?? 'unexpected content';
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      const kept = `${file}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
      try {
        copyFileSync(file, kept);
        chmodSync(kept, 0o600);
        rmSync(file, { force: true });
      } catch (error) {
        readNotice = `Your draft could not be read (${reason}) nor kept aside (${storageProblem(error, kept)?.problem ?? String(error)}); the saved settings are shown.`;
        return null;
      }
      readNotice = `Your draft could not be read (${reason}); it was kept as ${path.basename(kept)} and the saved settings are shown.`;
      return null;
    },
    write(draft: StoredDraft): void {
      const error = attemptWrite(draft);
      if (error === null) return;
      if (!isStorageRefusal(error)) throw error;
      pending = copy(draft);
      const failure = draftWriteFailure(error, file);
      writeNotice = failure?.message ?? null;
      scheduleRetry();
      if (failure) throw failure;
      throw error;
    },
    remove(): void {
      pending = null;
      writeNotice = null;
      stopRetrying();
      try {
        rmSync(file, { force: true });
      } catch (error) {
        if (!isStorageRefusal(error)) throw error;
        readNotice = `Your draft file ${file} could not be removed (${storageProblem(error, file)?.problem ?? 'refused'}).`;
      }
    },
  };
  return store;
}

/** A draft store in memory, for unit tests. */
export function memoryDraftStore(): DraftStore & { current: StoredDraft | null } {
  const store = {
    current: null as StoredDraft | null,
    notice: null,
    read: () => (store.current ? (JSON.parse(JSON.stringify(store.current)) as StoredDraft) : null),
    write: (draft: StoredDraft) => {
      store.current = JSON.parse(JSON.stringify(draft)) as StoredDraft;
    },
    remove: () => {
      store.current = null;
    },
  };
  return store;
}
