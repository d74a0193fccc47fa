// A hand-written stand-in for the 'electron' module: just enough of app, BrowserWindow, session, ipcMain,
// ipcRenderer, contextBridge, protocol, shell, dialog and Menu for the shell's code to run in Node and for
// tests to look at what it did. Use with
//   vi.mock('electron', async () => (await import('./electronDouble')).electronModule);
// Each test file gets its own instance (vitest isolates module graphs per file).
import { EventEmitter } from 'node:events';
import vm from 'node:vm';
import type { IpcMainInvokeEvent } from 'electron';
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;
type DoubleEvent = { preventDefault(): void; defaultPrevented: boolean } & Record<string, unknown>;

export function makeEvent(fields: Record<string, unknown> = {}): DoubleEvent {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;
export type PermissionCheckHandler = (webContents: unknown, permission: string, origin: string, details?: unknown) => boolean;
export type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]>; cancel?: boolean }) => void,
) => void;

class SessionDouble {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  headersListener: HeadersListener | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  webRequest = {
    onHeadersReceived: (listener: HeadersListener | null): void => {
      this.headersListener = listener;
    },
  };
}

export type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

class WebContentsDouble extends EventEmitter {
  session = state.defaultSession;
  windowOpenHandler: WindowOpenHandler | null = null;
  sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copies = structuredClone(args);
    this.sent.push({ channel, args: copies });
    ipcRenderer.deliver(channel, copies);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Emits a navigation-like event and tells whether a handler prevented it. */
  navigate(eventName: 'will-navigate' | 'will-redirect', url: string): boolean {
    const event = makeEvent({ url });
    this.emit(eventName, event, url);
    return event.defaultPrevented;
  }
}

export type Load = { kind: 'file'; file: string; options: unknown } | { kind: 'url'; url: string };

class BrowserWindowDouble extends EventEmitter {
  static instances: BrowserWindowDouble[] = [];
  static getAllWindows(): BrowserWindowDouble[] {
    return BrowserWindowDouble.instances.filter((window) => !window.destroyed);
  }
  options: Record<string, unknown>;
  webContents = new WebContentsDouble();
  loads: Load[] = [];
  destroyed = false;
  minimized = false;
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn(() => {
    this.minimized = false;
  });
  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    BrowserWindowDouble.instances.push(this);
  }
  loadFile(file: string, options?: unknown): Promise<void> {
    this.loads.push({ kind: 'file', file, options });
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loads.push({ kind: 'url', url });
    return Promise.resolve();
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    // Electron refuses a second handler on one channel; so does the double.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
  /** What ipcRenderer.invoke does: find the handler, pass an event with the sender frame, clone both ways. */
  async invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
    const event = { senderFrame: senderUrl === null ? null : { url: senderUrl }, sender: {} } as unknown as IpcMainInvokeEvent;
    return structuredClone(await handler(event, ...structuredClone(args)));
  },
};

const ipcRenderer = {
  listeners: new Map<string, Set<Listener>>(),
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return ipcMain.invoke(channel, state.rendererUrl, ...args);
  },
  on(channel: string, listener: Listener) {
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  },
  removeListener(channel: string, listener: Listener) {
    this.listeners.get(channel)?.delete(listener);
    return this;
  },
  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  },
  deliver(channel: string, args: unknown[]): void {
    const event = { sender: ipcRenderer, ports: [] };
    for (const listener of this.listeners.get(channel) ?? []) (listener as (...a: unknown[]) => void)(event, ...args);
  },
};

const contextBridge = {
  exposed: {} as Record<string, unknown>,
  /** The page's world: a separate V8 context, so a serialised function that leans on outer scope fails. */
  mainWorld: null as vm.Context | null,
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    contextBridge.exposed[key] = api;
  }),
  executeInMainWorld: vi.fn(({ func, args = [] }: { func: (...a: unknown[]) => unknown; args?: unknown[] }) => {
    contextBridge.mainWorld ??= vm.createContext({});
    const fn = vm.runInContext(`(${func.toString()})`, contextBridge.mainWorld) as (...a: unknown[]) => unknown;
    return fn(...args);
  }),
};

const webUtils = {
  getPathForFile: vi.fn((file: { path?: string }) => file.path ?? ''),
};

type CustomScheme = { scheme: string; privileges?: Record<string, boolean> };
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

const protocol = {
  privileged: [] as CustomScheme[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (state.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!state.ready) throw new Error('protocol.handle should be called after app is ready');
    protocol.handlers.set(scheme, handler);
  },
};

class AppDouble extends EventEmitter {
  paths = new Map<string, string>([
    ['appData', '/double/appData'],
    ['userData', '/double/appData/highlighter'],
    ['home', '/double/home'],
  ]);
  isPackaged = false;
  name = 'highlighter';
  private readyPromise: Promise<void>;
  private resolveReady!: () => void;
  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`Unknown path ${name}`);
    return path;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getAppPath(): string {
    return state.appPath;
  }
  getVersion(): string {
    return '0.0.0-double';
  }
  requestSingleInstanceLock = vi.fn(() => state.gotLock);
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return state.ready;
  }
  /** Test hook: what Chromium does when it has started. */
  makeReady(): void {
    state.ready = true;
    this.resolveReady();
    this.emit('ready');
  }
  quit = vi.fn(() => {
    const event = makeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    const willQuit = makeEvent();
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) state.quitted = true;
  });
  exit = vi.fn((code = 0) => {
    state.exitCode = code;
  });
}

const state = {
  ready: false,
  gotLock: true,
  quitted: false,
  exitCode: null as number | null,
  appPath: '/double/app',
  /** URL of the frame that ipcRenderer.invoke claims to come from. */
  rendererUrl: 'file:///double/app/out/renderer/index.html' as string | null,
  defaultSession: new SessionDouble(),
};

const app = new AppDouble();

const shell = {
  openExternal: vi.fn(async (_url: string) => undefined),
  openPath: vi.fn(async (_path: string) => ''),
};

const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  showErrorBox: vi.fn((_title: string, _content: string) => undefined),
};

const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn((_menu: unknown) => undefined),
};

const session = { defaultSession: state.defaultSession };

/** What `import ... from 'electron'` yields under vi.mock. */
export const electronModule = {
  app,
  BrowserWindow: BrowserWindowDouble,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  protocol,
  session,
  shell,
  webUtils,
};

/** The same objects, for tests to drive and inspect. */
export const double = { ...electronModule, state };
export type { BrowserWindowDouble, WebContentsDouble, SessionDouble };
