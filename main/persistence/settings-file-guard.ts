// A settings file that cannot be read (hand-edited, truncated, from a newer version) is
// never silently replaced: it is kept aside, the user is told, and the app starts from
// the last good settings, a copy written after every successful save.

import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { migrateDocument, type SettingsDocument } from '../domain/settings-document';
import type { DocumentStore } from '../domain/settings-repository';
import { writeFileAtomic } from './atomic-file';

const lastGoodFile = (directory: string, name: string) => path.join(directory, `${name}.last-good.json`);

function readable(file: string): { ok: true } | { ok: false; reason: string } {
  try {
    migrateDocument(JSON.parse(readFileSync(file, 'utf8')));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Run before the store opens the file. Returns what to tell the user, or null. */
export function guardSettingsFile(directory: string, name: string, now: () => Date = () => new Date()): string | null {
  const file = path.join(directory, `${name}.json`);
  if (!existsSync(file)) return null;
  const check = readable(file);
  if (check.ok) return null;
  const kept = `${file}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(file, kept);
  const backup = lastGoodFile(directory, name);
  const head = `Billing Desk could not read its settings file (${check.reason}). It was kept as ${path.basename(kept)}`;
  if (existsSync(backup) && readable(backup).ok) {
    writeFileAtomic(file, readFileSync(backup, 'utf8'));
    return `${head}, and the last good settings, saved ${statSync(backup).mtime.toLocaleString()}, were restored.`;
  }
  rmSync(file, { force: true });
  return `${head}; no earlier good copy exists, so Billing Desk starts from default settings.`;
}

/** Wraps a store so that every successful write also refreshes the last good copy. */
export function withLastGoodCopy(store: DocumentStore, directory: string, name: string): DocumentStore {
  return {
    read: () => store.read(),
    write: (document: SettingsDocument) => {
      store.write(document);
      writeFileAtomic(lastGoodFile(directory, name), JSON.stringify(document, null, '\t'));
    },
  };
}
