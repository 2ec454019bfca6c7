// The NativeShell of the Chromium test backend: the "open" dialog picks the file named
// by BILLING_DESK_TEST_OPEN_FILE, the "save" dialog writes to BILLING_DESK_TEST_SAVE_FILE,
// (BILLING_DESK_TEST_SAVE_CSV for CSV exports), the clipboard and the opened URLs are
// variables the test can read; "print to PDF" is Playwright's page.pdf of the page the
// harness sets as `printPage` (headless Chromium, the page's print stylesheet).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NativeShell } from '../../main/native-shell';
import { isOpenableExternalUrl } from '../../main/shared/external-url';

export interface PrintablePage {
  pdf(options: { format: string; printBackground: boolean }): Promise<Buffer>;
}

export function testNativeShell(
  env: Record<string, string | undefined>,
): NativeShell & { clipboard: string; opened: string[]; printPage: PrintablePage | null } {
  const shell = {
    clipboard: '',
    printPage: null as PrintablePage | null,
    printToPdf: async () => {
      if (!shell.printPage) throw new Error('No page to print');
      return new Uint8Array(await shell.printPage.pdf({ format: 'A4', printBackground: true }));
    },
    opened: [] as string[],
    openExternal: async (url: string, host: string) => {
      // The same check as Electron's shell, so that a link main builds wrong fails in the e2e specs too.
      if (!isOpenableExternalUrl(url, host)) throw new Error(`Refusing to open ${url}`);
      shell.opened.push(url);
    },
    openFile: async () => {
      const file = env.BILLING_DESK_TEST_OPEN_FILE;
      return file ? { fileName: path.basename(file), bytes: new Uint8Array(readFileSync(file)) } : null;
    },
    saveFile: async (_title: string, _suggested: string, content: string | Uint8Array, kind: 'template' | 'csv' | 'pdf' = 'template') => {
      const file = kind === 'csv' ? env.BILLING_DESK_TEST_SAVE_CSV : kind === 'pdf' ? env.BILLING_DESK_TEST_SAVE_PDF : env.BILLING_DESK_TEST_SAVE_FILE;
      if (!file) return null;
      writeFileSync(file, content);
      return file;
    },
    writeClipboard: (text: string) => {
      shell.clipboard = text;
    },
  };
  return shell;
}
