// Loads and saves the settings document through a DocumentStore: electron-store in
// the app, conf (the library electron-store wraps, same file format) in Node tests.

import { migrateDocument, type SettingsDocument } from './settings-document';

export interface DocumentStore {
  /** The whole stored object ({} when the file does not exist yet). */
  read(): unknown;
  write(document: SettingsDocument): void;
}

/** Adapts electron-store and conf, whose `store` property reads and writes the whole file. */
export function wholeFileStore(store: { store: Record<string, unknown> }): DocumentStore {
  return {
    read: () => store.store,
    write: (document) => {
      store.store = document as unknown as Record<string, unknown>;
    },
  };
}

/** The store file's name (settings.json in the app's data folder), for electron-store and conf alike. */
export const SETTINGS_FILE_NAME = 'settings';

export class SettingsRepository {
  constructor(private readonly store: DocumentStore) {}

  load(): SettingsDocument {
    return migrateDocument(this.store.read());
  }

  save(document: SettingsDocument): void {
    this.store.write(document);
  }
}
