// Electron main process: app lifecycle around the Electron-free core. Everything that does work lives in
// main/core; this file only wires windows, IPC, the media:// scheme and the menu to it.
//
// Opening a video from outside (command line, second launch, macOS "Open With", File › Open Video…):
// the page is (re)loaded with `?open=<absolute path>` and the renderer calls openLocal with it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, shell } from 'electron';
import type { Core } from './core/core';
import { PRODUCT_NAME } from './core/dataDir';
import { createCore } from './core/index';
import { createDialogs } from './dialogs';
import { bindIpc, eventChannel, forwardEvents } from './ipc';
import { installMenu } from './menu';
import { MEDIA_SCHEME_PRIVILEGES, registerMediaProtocol } from './protocol';
import { isAppUrl } from './security';
import { appUrlOf, createMainWindow, loadRendererPage, type RendererPage } from './window';

/**
 * The video path among a launch's arguments: the last one that is not a switch (Chromium adds some, e.g.
 * --original-process-start-time), after the executable and — when run as `electron <app>` — the app path.
 */
export function videoPathFromArgv(argv: readonly string[], cwd: string, isDefaultApp: boolean): string | null {
  const positional = argv.slice(1).filter((arg) => arg !== '' && !arg.startsWith('-'));
  const last = positional.slice(isDefaultApp ? 1 : 0).at(-1);
  return last ? resolve(cwd, last) : null;
}

/** Better-sqlite3 built for Electron's ABI: by scripts/start.mjs in development, shipped as a resource when packaged. */
export function electronSqliteBinding(appPath: string, resourcesPath: string | undefined, isPackaged: boolean): string | undefined {
  const candidate = isPackaged && resourcesPath
    ? join(resourcesPath, 'native', 'better_sqlite3.node')
    : join(appPath, '.electron-native', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

// Must happen before `ready`: privileged schemes cannot be registered later.
protocol.registerSchemesAsPrivileged([MEDIA_SCHEME_PRIVILEGES]);

// One folder for the library and Chromium's profile. Not plain getPath('userData'): unpackaged, Electron
// names that folder after package.json's lowercase `name`, and the CLI/web shells use "Highlighter".
// Setting it before the lock also keys the single-instance lock to the data folder, so tests with their
// own HIGHLIGHTER_DATA_DIR can run side by side.
const dataDir = process.env.HIGHLIGHTER_DATA_DIR
  ? resolve(process.env.HIGHLIGHTER_DATA_DIR)
  : join(app.getPath('appData'), PRODUCT_NAME);
app.setPath('userData', dataDir);

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const page: RendererPage = devServerUrl
  ? { url: devServerUrl }
  : { file: join(app.getAppPath(), 'out', 'renderer', 'index.html') };
const appUrl = appUrlOf(page);

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
const dialogs = createDialogs(() => mainWindow);
// A path that arrived before the window existed (macOS open-file fires before ready).
let pendingOpenPath = videoPathFromArgv(process.argv, process.cwd(), Boolean(process.defaultApp));

function openWindow(): BrowserWindow {
  if (!core) throw new Error('The core is not ready.');
  const window = createMainWindow({
    preloadPath: join(app.getAppPath(), 'out', 'preload', 'index.cjs'),
    page,
    openPath: pendingOpenPath,
    icon: app.isPackaged ? undefined : join(app.getAppPath(), 'resources', 'icon.png'),
  });
  pendingOpenPath = null;
  const stopEvents = forwardEvents(core.events, window.webContents);
  window.on('closed', () => {
    stopEvents();
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  return window;
}

function openPath(path: string): void {
  if (!mainWindow) {
    pendingOpenPath = path;
    if (core) openWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
  void loadRendererPage(mainWindow, page, path);
}

async function start(): Promise<void> {
  const [, created] = await Promise.all([
    app.whenReady(),
    createCore({
      dataDir,
      dialogs,
      sqliteNativeBinding: electronSqliteBinding(app.getAppPath(), process.resourcesPath, app.isPackaged),
    }),
  ]);
  core = created;
  registerMediaProtocol(protocol, core);
  bindIpc(ipcMain, core.api, { isTrustedSender: (frameUrl) => isAppUrl(frameUrl, appUrl) });
  installMenu(
    { isDev: !app.isPackaged, isMac: process.platform === 'darwin' },
    {
      openVideo: () => {
        dialogs
          .chooseFile('video')
          .then((path) => path && openPath(path))
          .catch((error: unknown) => console.error('[highlighter] open dialog failed:', error));
      },
      showDataFolder: () => void shell.openPath(dataDir),
      command: (id) => {
        const contents = mainWindow?.webContents;
        if (contents && !contents.isDestroyed()) contents.send(eventChannel('menuCommand'), { id });
      },
    },
  );
  openWindow();
}

// Quit only after the core has stopped its jobs and closed the database.
let closed = false;
let closing = false;
app.on('will-quit', (event) => {
  if (closed || !core) return;
  event.preventDefault();
  if (closing) return;
  closing = true;
  core
    .close()
    .catch((error: unknown) => console.error('[highlighter] closing the core failed:', error))
    .finally(() => {
      closed = true;
      app.quit();
    });
});

if (!app.requestSingleInstanceLock()) {
  // Another Highlighter owns this data folder; it gets our argv through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = videoPathFromArgv(argv, workingDirectory, Boolean(process.defaultApp));
    if (path) openPath(path);
    else if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openPath(path);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Highlighter could not start', message);
    app.exit(1);
  });
}
