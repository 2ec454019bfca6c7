// The NativeShell of the app: Electron's dialogs (modal to the window) and clipboard.
import { BrowserWindow, clipboard, dialog, shell } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserFacingError } from './domain/user-facing-error';
import type { NativeShell } from './native-shell';
import { writeFileAtomic } from './persistence/atomic-file';
import { isOpenableExternalUrl } from './shared/external-url';

const TEMPLATE_FILTERS = [
  { name: 'Liquid templates', extensions: ['liquid', 'html', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];
/** A developer portal template is small; anything larger is not one. */
const MAX_TEMPLATE_BYTES = 1024 * 1024;

export const electronNativeShell: NativeShell = {
  async openFile(title) {
    const owner = BrowserWindow.getFocusedWindow();
    const options = { title, properties: ['openFile' as const], filters: TEMPLATE_FILTERS };
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    const file = result.filePaths[0];
    if (result.canceled || !file) return null;
    if ((await stat(file)).size > MAX_TEMPLATE_BYTES) throw new UserFacingError('invalid_input', 'That file is larger than 1 MB: it is not a portal template.');
    return { fileName: path.basename(file), bytes: new Uint8Array(await readFile(file)) };
  },
  async saveFile(title, suggestedName, content, kind = 'template') {
    const owner = BrowserWindow.getFocusedWindow();
    const filters =
      kind === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : kind === 'pdf' ? [{ name: 'PDF', extensions: ['pdf'] }] : TEMPLATE_FILTERS;
    const options = { title, defaultPath: suggestedName, filters };
    const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    writeFileAtomic(result.filePath, content);
    return result.filePath;
  },
  async printToPdf() {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (!window) throw new UserFacingError('internal', 'There is no window to print.');
    return new Uint8Array(await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, margins: { marginType: 'default' } }));
  },
  writeClipboard(text) {
    clipboard.writeText(text);
  },
  async openExternal(url, host) {
    // The URL was built by main; checked again here against the one host the caller names.
    if (!isOpenableExternalUrl(url, host)) throw new Error(`Refusing to open ${url}`);
    await shell.openExternal(url);
  },
};
