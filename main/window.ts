// The one application window, hardened per Electron's security checklist (design.md, Security).
import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  navigationGuard,
  windowOpenHandler,
  withContentSecurityPolicy,
} from './security';

/** Where the UI comes from: the electron-vite dev server in development, the built index.html otherwise. */
export type RendererPage = { url: string } | { file: string };

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  preloadPath: string;
  page: RendererPage;
  /** A video to open at start; the renderer reads it from the `?open=` query parameter. */
  openPath?: string | null;
  icon?: string;
}

/** The renderer runs as a web page: no Node, its own JS world, the OS sandbox, same-origin rules on. */
export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** The URL the app's own page has: what navigation and IPC sender checks compare against. */
export function appUrlOf(page: RendererPage): string {
  return 'url' in page ? page.url : pathToFileURL(page.file).href;
}

/** Session-wide guards: deny every permission, send our CSP on every response. Idempotent. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

/** Per-window guards: the page cannot navigate away, open windows or attach webviews. */
export function guardWebContents(contents: WebContents, appUrl: string): void {
  const guard = navigationGuard(appUrl);
  contents.on('will-navigate', (event) => guard(event));
  contents.on('will-redirect', (event) => guard(event));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenHandler((url) => shell.openExternal(url)));
}

/**
 * (Re)loads the app page, passing a video to open as `?open=<absolute path>`. Loading from main does not
 * go through will-navigate, so this is also how a second launch or File › Open hands a path to the UI.
 */
export async function loadRendererPage(window: BrowserWindow, page: RendererPage, openPath?: string | null): Promise<void> {
  try {
    if ('url' in page) {
      const url = new URL(page.url);
      if (openPath) url.searchParams.set('open', openPath);
      await window.loadURL(url.href);
    } else {
      await window.loadFile(page.file, openPath ? { query: { open: openPath } } : {});
    }
  } catch (error) {
    // A load superseded by another one (ERR_ABORTED) is normal; anything else is worth a line in the log.
    if (!window.isDestroyed()) console.error('[highlighter] could not load the UI:', error);
  }
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Highlighter',
    backgroundColor: '#14141a',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: hardenedWebPreferences(options.preloadPath),
  });
  hardenSession(window.webContents.session);
  guardWebContents(window.webContents, appUrlOf(options.page));
  window.once('ready-to-show', () => window.show());
  void loadRendererPage(window, options.page, options.openPath);
  return window;
}
