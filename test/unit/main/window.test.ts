// The window and its lock-down, against a recording stand-in for Electron (not Electron:
// the Playwright Electron backend is the real check where a binary exists).
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, FakeWebContents, app, cancellableEvent, resetElectronStandIn, session } from '../../support/electron-stand-in';
import { createMainWindow, denyAllPermissions, lockDownWebContents } from '../../../main/window';

vi.mock('electron', () => import('../../support/electron-stand-in'));

beforeEach(() => resetElectronStandIn());

describe('the main window', () => {
  it('isolates the page: context isolation, sandbox, no Node anywhere, no webview, the preload by absolute path', () => {
    createMainWindow('out/preload/index.cjs', 'app://billing-desk/index.html');
    const [window] = BrowserWindow.instances;
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window?.options.webPreferences).toMatchObject({
      preload: path.resolve('out/preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(path.isAbsolute(String(window?.options.webPreferences?.preload))).toBe(true);
  });

  it('loads the start URL and shows itself only once ready to show', () => {
    const window = createMainWindow('/app/preload/index.cjs', 'app://billing-desk/index.html') as unknown as BrowserWindow;
    expect(window.loadedUrls).toEqual(['app://billing-desk/index.html']);
    expect(window.options.show).toBe(false);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });
});

describe('every web contents the app creates', () => {
  function createdContents(): FakeWebContents {
    lockDownWebContents();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', cancellableEvent(), contents);
    return contents;
  }

  it('refuses new windows, whatever the URL', () => {
    const contents = createdContents();
    for (const url of ['https://evil.example/', 'app://billing-desk/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('cancels %s', (event) => {
    const contents = createdContents();
    const navigation = cancellableEvent();
    contents.emit(event, navigation, 'https://evil.example/');
    expect(navigation.defaultPrevented).toBe(true);
  });

  it('is locked down without any window being created first', () => {
    lockDownWebContents();
    expect(app.listenerCount('web-contents-created')).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
  });
});

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])(
    'denies a request for %s and answers every check with no',
    (permission) => {
      denyAllPermissions();
      const { permissionRequestHandler, permissionCheckHandler } = session.defaultSession;
      const callback = vi.fn();
      permissionRequestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(permissionCheckHandler?.({}, permission, 'app://billing-desk')).toBe(false);
    },
  );
});
