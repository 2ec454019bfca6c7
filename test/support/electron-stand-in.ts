// A recording stand-in for the `electron` module, for the unit tests of the Electron
// shell (main/index.ts, window.ts, app-protocol.ts, keychain.ts, electron-native-shell.ts).
// It is NOT Electron: it keeps what the shell asks of Electron (windows and their
// webPreferences, protocol and IPC handlers, permission handlers, listeners) so that a
// test can check it and play Electron's part (fire "ready", a navigation, a second
// instance). The real check stays the Playwright Electron backend, wherever the binary exists.
// Used through `vi.mock('electron', () => import('…/electron-stand-in'))`.

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  /** Plays Electron's part: calls every listener of `event`. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
  removeAllListeners(event?: string): this {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
    return this;
  }
}

/** An event a listener may cancel, as Electron's navigation events are. */
export function cancellableEvent(): { preventDefault: () => void; defaultPrevented: boolean } {
  const event = {
    defaultPrevented: false,
    preventDefault: () => {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  reloads = 0;
  reload(): void {
    this.reloads += 1;
  }
}

export class BrowserWindow extends Emitter {
  static readonly instances: BrowserWindow[] = [];
  static focused: BrowserWindow | null = null;
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.focused;
  }

  readonly webContents = new FakeWebContents();
  loadedUrls: string[] = [];
  shown = false;
  minimized = false;
  destroyed = false;
  focusCount = 0;

  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focusCount += 1;
  }
}

class FakeApp extends Emitter {
  isPackaged = false;
  /** What requestSingleInstanceLock answers: false when another instance runs. */
  singleInstanceLock = true;
  readonly paths = new Map<string, string>();
  readonly calls: string[] = [];
  private readyResolve: () => void = () => undefined;
  private ready = new Promise<void>((resolve) => {
    this.readyResolve = resolve;
  });

  setPath(name: string, value: string): void {
    this.calls.push(`setPath ${name}`);
    this.paths.set(name, value);
  }
  getPath(name: string): string {
    const value = this.paths.get(name);
    if (value === undefined) throw new Error(`stand-in: no path "${name}" set`);
    return value;
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.singleInstanceLock;
  }
  quit(): void {
    this.calls.push('quit');
  }
  whenReady(): Promise<void> {
    this.calls.push('whenReady');
    return this.ready;
  }
  /** Plays Electron's part: the app is ready. */
  becomeReady(): void {
    this.calls.push('ready');
    this.readyResolve();
  }
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.singleInstanceLock = true;
    this.paths.clear();
    this.calls.length = 0;
    this.ready = new Promise<void>((resolve) => {
      this.readyResolve = resolve;
    });
  }
}

export const app = new FakeApp();

type IpcHandler = (event: { senderFrame: { url: string } | null }, payload: unknown) => unknown;
export const ipcMain = new (class extends Emitter {
  readonly handlers = new Map<string, IpcHandler>();
  readonly removedListeners: string[] = [];
  handle(channel: string, handler: IpcHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  override removeAllListeners(event?: string): this {
    if (event !== undefined) this.removedListeners.push(event);
    return super.removeAllListeners(event);
  }
})();

export const protocol = {
  privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void {
    this.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler);
  },
};

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details?: unknown) => boolean;
export const session = {
  defaultSession: {
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as PermissionCheckHandler | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler): void {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler): void {
      this.permissionCheckHandler = handler;
    },
  },
};

export const safeStorage = {
  available: true,
  /** Electron's names: 'gnome_libsecret', 'kwallet5', 'basic_text', … (Linux only). */
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  encryptString(plain: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.from(`sealed:${Buffer.from(plain).toString('base64')}`);
  },
  decryptString(sealed: Buffer): string {
    const text = sealed.toString();
    if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice('sealed:'.length), 'base64').toString();
  },
};

type DialogCall = { kind: 'open' | 'save' | 'message'; owner: BrowserWindow | null; options: Record<string, unknown> };
export const dialog = {
  calls: [] as DialogCall[],
  nextOpen: { canceled: true, filePaths: [] as string[] },
  /** What the save dialog answers next: a path, or null for cancelled. */
  nextSavePath: null as string | null,
  showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.calls.push(dialogCall('open', args));
    return Promise.resolve(this.nextOpen);
  },
  showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> {
    this.calls.push(dialogCall('save', args));
    return Promise.resolve(this.nextSavePath === null ? { canceled: true } : { canceled: false, filePath: this.nextSavePath });
  },
  /** The index of the button the next message box answers with. */
  nextMessageResponse: 0,
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    this.calls.push(dialogCall('message', args));
    return Promise.resolve({ response: this.nextMessageResponse, checkboxChecked: false });
  },
  errorBoxes: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  },
};

function dialogCall(kind: DialogCall['kind'], args: unknown[]): DialogCall {
  const [first, second] = args;
  return first instanceof BrowserWindow
    ? { kind, owner: first, options: second as Record<string, unknown> }
    : { kind, owner: null, options: first as Record<string, unknown> };
}

export const clipboard = {
  text: '',
  writeText(text: string): void {
    this.text = text;
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const net = {
  online: false,
  isOnline(): boolean {
    return this.online;
  },
};

/** Forgets everything recorded, for the next test. */
export function resetElectronStandIn(): void {
  app.reset();
  ipcMain.handlers.clear();
  ipcMain.removedListeners.length = 0;
  ipcMain.removeAllListeners();
  protocol.privilegedSchemes.length = 0;
  protocol.handlers.clear();
  session.defaultSession.permissionRequestHandler = null;
  session.defaultSession.permissionCheckHandler = null;
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  dialog.calls.length = 0;
  dialog.nextOpen = { canceled: true, filePaths: [] };
  dialog.nextSavePath = null;
  dialog.nextMessageResponse = 0;
  dialog.errorBoxes.length = 0;
  clipboard.text = '';
  shell.opened.length = 0;
  net.online = false;
  BrowserWindow.instances.length = 0;
  BrowserWindow.focused = null;
}

export default { app, ipcMain, protocol, session, safeStorage, dialog, clipboard, shell, net, BrowserWindow };
