// The app's NativeShell over Electron's dialogs, clipboard and shell, against a
// recording stand-in for Electron (not Electron itself).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, clipboard, dialog, resetElectronStandIn, shell } from '../../support/electron-stand-in';
import { electronNativeShell } from '../../../main/electron-native-shell';
import { UserFacingError } from '../../../main/domain/user-facing-error';
import { createMainWindow } from '../../../main/window';

vi.mock('electron', () => import('../../support/electron-stand-in'));

const folder = mkdtempSync(path.join(os.tmpdir(), 'native-shell-'));
beforeEach(() => resetElectronStandIn());

describe('opening a template', () => {
  it('asks with a dialog modal to the focused window and reads the chosen file', async () => {
    const file = path.join(folder, 'payment_gateway_show.liquid');
    writeFileSync(file, '{% case provider.payment_gateway.type %}{% endcase %}');
    const window = createMainWindow('/app/preload/index.cjs', 'app://billing-desk/index.html') as unknown as BrowserWindow;
    BrowserWindow.focused = window;
    dialog.nextOpen = { canceled: false, filePaths: [file] };
    const opened = await electronNativeShell.openFile('Open template');
    expect(opened?.fileName).toBe('payment_gateway_show.liquid');
    expect(Buffer.from(opened?.bytes ?? []).toString('utf8')).toBe('{% case provider.payment_gateway.type %}{% endcase %}');
    expect(dialog.calls).toHaveLength(1);
    expect(dialog.calls[0]?.owner).toBe(window);
    expect(dialog.calls[0]?.options).toMatchObject({ title: 'Open template', properties: ['openFile'] });
  });

  it('answers null when cancelled, and works without a focused window', async () => {
    await expect(electronNativeShell.openFile('Open template')).resolves.toBeNull();
    expect(dialog.calls[0]?.owner).toBeNull();
  });

  it('refuses a file over 1 MB as no template, in words', async () => {
    const file = path.join(folder, 'huge.liquid');
    writeFileSync(file, 'x'.repeat(1024 * 1024 + 1));
    dialog.nextOpen = { canceled: false, filePaths: [file] };
    const refusal = electronNativeShell.openFile('Open template');
    await expect(refusal).rejects.toBeInstanceOf(UserFacingError);
    await expect(refusal).rejects.toThrow('That file is larger than 1 MB: it is not a portal template.');
  });
});

describe('saving', () => {
  it('writes where the user chose', async () => {
    const file = path.join(folder, 'saved.liquid');
    dialog.nextSavePath = file;
    await expect(electronNativeShell.saveFile('Save template', 'payment_gateway_show.liquid', 'fixed')).resolves.toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('fixed');
    expect(dialog.calls[0]?.options).toMatchObject({ title: 'Save template', defaultPath: 'payment_gateway_show.liquid' });
  });

  it('offers CSV for a customers export', async () => {
    await expect(electronNativeShell.saveFile('Export customers', 'stripe-customers-test.csv', 'a,b', 'csv')).resolves.toBeNull();
    expect(dialog.calls[0]?.options.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
  });
});

describe('clipboard and browser', () => {
  it('writes the clipboard', () => {
    electronNativeShell.writeClipboard('copied');
    expect(clipboard.text).toBe('copied');
  });

  it('opens only https pages on the host the caller names (Stripe Dashboard, the admin portal)', async () => {
    await electronNativeShell.openExternal('https://dashboard.stripe.com/test/customers/cus_FAKE1', 'dashboard.stripe.com');
    await electronNativeShell.openExternal('https://acme-admin.3scale.net/buyers/accounts/12', 'acme-admin.3scale.net');
    expect(shell.opened).toEqual(['https://dashboard.stripe.com/test/customers/cus_FAKE1', 'https://acme-admin.3scale.net/buyers/accounts/12']);
    const refused: [string, string][] = [
      ['https://evil.example/', 'dashboard.stripe.com'],
      ['file:///etc/passwd', 'dashboard.stripe.com'],
      ['https://dashboard.stripe.com.evil.example/', 'dashboard.stripe.com'],
      ['javascript:alert(1)', 'dashboard.stripe.com'],
      ['http://acme-admin.3scale.net/buyers/accounts/12', 'acme-admin.3scale.net'],
      ['https://user:pw@acme-admin.3scale.net/', 'acme-admin.3scale.net'],
      ['https://acme-admin.3scale.net/', ''],
    ];
    for (const [url, host] of refused) {
      await expect(electronNativeShell.openExternal(url, host)).rejects.toThrow('Refusing to open');
    }
    expect(shell.opened).toHaveLength(2);
  });
});
