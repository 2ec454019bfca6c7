// The settings files in the app's data folder: settings.json (electron-store, or conf in
// Node) and settings.last-good.json, a copy after every save. A settings file is never
// silently replaced: one that cannot be parsed is kept aside and the last good copy
// restored; one that cannot even be read (permission denied, a folder) is left alone and
// the app works read-only from the last good copy or the defaults. The last good copy is
// never replaced by a document with less in it. Every file 0600, the folder 0700.

import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { migrateDocument, type SettingsDocument } from '../domain/settings-document';
import type { DocumentStore } from '../domain/settings-repository';
import { UserFacingError } from '../domain/user-facing-error';
import { writeFileAtomic } from './atomic-file';
import { readProblem, settingsSaveFailure, storageProblem } from './storage-errors';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

export interface SettingsFilesOptions {
  directory: string;
  /** The store's name: settings → settings.json. */
  name: string;
  /** Opens electron-store or conf on <directory>/<name>.json (with configFileMode 0o600). */
  openStore: () => { store: Record<string, unknown> };
  now?: () => Date;
  /** How files are read; tests inject a refusal (root reads any file, whatever its mode). */
  readFile?: (file: string) => string;
}

export interface SettingsFiles {
  store: DocumentStore;
  /** What to tell the user about the settings files now, or null. */
  notice: () => string | null;
  /** False when settings.json could not be read: nothing is written until it can. */
  writable: boolean;
}

const stamp = (now: () => Date) => now().toISOString().replace(/[:.]/g, '-');

/** Tightens a file or folder we wrote; one we do not own is left as it is. */
function makePrivate(target: string, mode: number): void {
  try {
    chmodSync(target, mode);
  } catch {
    // Not ours (or a file system without modes): the write itself stands.
  }
}

type Inspection = { state: 'absent' | 'good' } | { state: 'unparsable'; reason: string } | { state: 'unreadable'; reason: string };

function inspect(file: string, readFile: (file: string) => string): Inspection {
  if (!existsSync(file)) return { state: 'absent' };
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    return { state: 'unreadable', reason: readProblem(error) };
  }
  try {
    migrateDocument(JSON.parse(text));
    return { state: 'good' };
  } catch (error) {
    return { state: 'unparsable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The last good copy's document, when it can be read and is valid. */
function readLastGood(file: string): SettingsDocument | null {
  try {
    return migrateDocument(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

/** A document with fewer finance log entries, or an older revision, does not descend from `than`: it holds less. */
function holdsLess(doc: SettingsDocument, than: SettingsDocument): boolean {
  return doc.financeLog.length < than.financeLog.length || doc.revision < than.revision;
}

function readOnlyStore(initial: SettingsDocument | null, refusal: string): DocumentStore {
  const snapshot = JSON.stringify(initial ?? {});
  return {
    read: () => JSON.parse(snapshot) as unknown,
    write: () => {
      throw new UserFacingError('store_unreadable', refusal);
    },
  };
}

export function openSettingsFiles(options: SettingsFilesOptions): SettingsFiles {
  const now = options.now ?? (() => new Date());
  const { directory, name } = options;
  const file = path.join(directory, `${name}.json`);
  const lastGoodFile = path.join(directory, `${name}.last-good.json`);
  mkdirSync(directory, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  makePrivate(directory, PRIVATE_FOLDER_MODE);
  const notices: string[] = [];

  const readOnly = (why: string): SettingsFiles => {
    const lastGood = readLastGood(lastGoodFile);
    const shown = lastGood
      ? `the last good settings, saved ${statSync(lastGoodFile).mtime.toLocaleString()}, are shown`
      : 'default settings are shown';
    notices.push(
      `Billing Desk cannot read its settings file ${file} (${why}). It will not overwrite it: ${shown}, and nothing can be saved until the file can be read. Fix its permissions (or move it away), then restart Billing Desk.`,
    );
    const refusal = `Nothing was saved: the settings file ${file} cannot be read (${why}), and Billing Desk will not overwrite it. What you typed is still in the form.`;
    return { store: readOnlyStore(lastGood, refusal), notice: () => notices.join(' ') || null, writable: false };
  };

  const found = inspect(file, options.readFile ?? ((target) => readFileSync(target, 'utf8')));
  if (found.state === 'unreadable') return readOnly(found.reason);
  if (found.state === 'unparsable') {
    const kept = `${file}.unreadable-${stamp(now)}`;
    try {
      copyFileSync(file, kept);
      makePrivate(kept, PRIVATE_FILE_MODE);
    } catch (error) {
      return readOnly(`${found.reason}; it could not be kept aside: ${storageProblem(error, kept)?.problem ?? String(error)}`);
    }
    const head = `Billing Desk could not read its settings file (${found.reason}). It was kept as ${path.basename(kept)}`;
    if (readLastGood(lastGoodFile)) {
      writeFileAtomic(file, readFileSync(lastGoodFile, 'utf8'));
      notices.push(`${head}, and the last good settings, saved ${statSync(lastGoodFile).mtime.toLocaleString()}, were restored.`);
    } else {
      rmSync(file, { force: true });
      notices.push(`${head}; no earlier good copy exists, so Billing Desk starts from default settings.`);
    }
  }

  let opened: { store: Record<string, unknown> };
  try {
    opened = options.openStore();
  } catch (error) {
    return readOnly(readProblem(error));
  }
  if (existsSync(file)) makePrivate(file, PRIVATE_FILE_MODE);

  let lastGood = readLastGood(lastGoodFile);
  const refreshLastGood = (document: SettingsDocument) => {
    try {
      if (lastGood && holdsLess(document, lastGood) && existsSync(lastGoodFile)) {
        const kept = `${lastGoodFile}.kept-${stamp(now)}`;
        renameSync(lastGoodFile, kept);
        notices.push(
          `The settings saved now hold less than the last good copy (${lastGood.financeLog.length} finance log entries); that copy was kept as ${path.basename(kept)} rather than replaced.`,
        );
      }
      writeFileAtomic(lastGoodFile, JSON.stringify(document, null, '\t'));
      lastGood = document;
    } catch (error) {
      // The settings themselves are saved; only their spare copy is behind.
      const problem = storageProblem(error, lastGoodFile)?.problem ?? (error instanceof Error ? error.message : String(error));
      notices.push(`The last good copy of the settings could not be updated (${problem}).`);
    }
  };

  return {
    writable: true,
    notice: () => notices.join(' ') || null,
    store: {
      read: () => opened.store,
      write: (document) => {
        try {
          opened.store = document as unknown as Record<string, unknown>;
        } catch (error) {
          throw settingsSaveFailure(error, file) ?? error;
        }
        makePrivate(file, PRIVATE_FILE_MODE);
        refreshLastGood(JSON.parse(JSON.stringify(document)) as SettingsDocument);
      },
    },
  };
}
