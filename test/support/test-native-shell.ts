// The NativeShell of the Chromium test backend: the "open" dialog picks the file named
// by BILLING_DESK_TEST_OPEN_FILE, the "save" dialog writes to BILLING_DESK_TEST_SAVE_FILE,
// (BILLING_DESK_TEST_SAVE_CSV for CSV exports), the clipboard and the opened URLs are
// variables the test can read.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NativeShell } from '../../main/native-shell';

export function testNativeShell(env: Record<string, string | undefined>): NativeShell & { clipboard: string; opened: string[] } {
  const shell = {
    clipboard: '',
    opened: [] as string[],
    openExternal: async (url: string) => {
      shell.opened.push(url);
    },
    openFile: async () => {
      const file = env.BILLING_DESK_TEST_OPEN_FILE;
      return file ? { fileName: path.basename(file), bytes: new Uint8Array(readFileSync(file)) } : null;
    },
    saveFile: async (_title: string, _suggested: string, content: string | Uint8Array, kind: 'template' | 'csv' = 'template') => {
      const file = kind === 'csv' ? env.BILLING_DESK_TEST_SAVE_CSV : env.BILLING_DESK_TEST_SAVE_FILE;
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
