// What the OS does for the app: open and save dialogs, the clipboard. Behind an
// interface so that the pure handler table runs in tests without Electron.

export interface NativeShell {
  /** Asks the user for a file to open and reads its bytes (the caller finds the encoding); null when cancelled. */
  openFile(title: string): Promise<{ fileName: string; bytes: Uint8Array } | null>;
  /** Asks where to save (the OS dialog asks before overwriting); null when cancelled. Text is written as UTF-8. */
  saveFile(title: string, suggestedName: string, content: string | Uint8Array, kind?: 'template' | 'csv' | 'pdf'): Promise<string | null>;
  /** Prints the window's page as Chromium does (A4, the page's print stylesheet) into a PDF. */
  printToPdf(): Promise<Uint8Array>;
  writeClipboard(text: string): void;
  /**
   * Opens a page in the system browser: only an https URL on `host` (Stripe's Dashboard or
   * the connected admin portal), refused otherwise (main/shared/external-url.ts).
   */
  openExternal(url: string, host: string): Promise<void>;
}
