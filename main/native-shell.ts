// What the OS does for the app: open and save dialogs, the clipboard. Behind an
// interface so that the pure handler table runs in tests without Electron.

export interface NativeShell {
  /** Asks the user for a text file to open; null when cancelled. */
  openTextFile(title: string): Promise<{ fileName: string; text: string } | null>;
  /** Asks where to save (the OS dialog asks before overwriting); null when cancelled. */
  saveTextFile(title: string, suggestedName: string, text: string, kind?: 'template' | 'csv'): Promise<string | null>;
  writeClipboard(text: string): void;
  /** Opens a page in the system browser; the caller checks the URL. */
  openExternal(url: string): Promise<void>;
}
