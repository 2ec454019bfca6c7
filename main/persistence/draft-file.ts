// The draft's file (draft.json beside settings.json): written atomically; a file that
// cannot be read is kept aside under another name, never silently dropped.

import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { draftSchema, type StoredDraft } from '../domain/draft';
import { writeFileAtomic } from './atomic-file';

export interface DraftStore {
  read(): StoredDraft | null;
  write(draft: StoredDraft): void;
  remove(): void;
  /** Set when a draft file could not be read and was kept aside. */
  notice: string | null;
}

export function draftFile(directory: string, now: () => Date = () => new Date()): DraftStore {
  const file = path.join(directory, 'draft.json');
  // Temporary files of writes a crash cut short; one instance runs at a time, so none is in use.
  if (existsSync(directory)) {
    for (const name of readdirSync(directory)) {
      if (name.startsWith('.draft.json.') && name.endsWith('.tmp')) rmSync(path.join(directory, name), { force: true });
    }
  }
  const store: DraftStore = {
    notice: null,
    read() {
      if (!existsSync(file)) return null;
      let reason: string;
      try {
        const parsed = draftSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        if (parsed.success) return parsed.data;
        reason = parsed.error.issues[0]?.message ?? 'unexpected content';
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      const kept = `${file}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
      copyFileSync(file, kept);
      rmSync(file, { force: true });
      store.notice = `Your draft could not be read (${reason}); it was kept as ${path.basename(kept)} and the saved settings are shown.`;
      return null;
    },
    write(draft) {
      writeFileAtomic(file, JSON.stringify(draft, null, 1));
    },
    remove() {
      rmSync(file, { force: true });
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
