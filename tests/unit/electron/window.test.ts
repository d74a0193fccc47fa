import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electronDouble')).electronModule);

import { CONTENT_SECURITY_POLICY } from '../../../main/security';
import { appUrlOf, createMainWindow, loadRendererPage } from '../../../main/window';
import { double, makeEvent, type BrowserWindowDouble } from './electronDouble';

const INDEX = '/opt/highlighter/out/renderer/index.html';
const PRELOAD = '/opt/highlighter/out/preload/index.cjs';

function newWindow(openPath: string | null = null) {
  return createMainWindow({ preloadPath: PRELOAD, page: { file: INDEX }, openPath }) as unknown as BrowserWindowDouble;
}

beforeEach(() => {
  double.shell.openExternal.mockClear();
});

describe('createMainWindow', () => {
  it('hardens webPreferences', () => {
    const prefs = newWindow().options.webPreferences as Record<string, unknown>;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe(PRELOAD);
  });

  it('shows the window only once it has painted', () => {
    const window = newWindow();
    expect(window.options.show).toBe(false);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('prevents navigation and redirects to other origins, allows the app page itself', () => {
    const contents = newWindow().webContents;
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'http://localhost:5173/')).toBe(true);
    expect(contents.navigate('will-navigate', `file://${INDEX}?open=%2Fv.mp4`)).toBe(false);
  });

  it('refuses to attach webviews', () => {
    const contents = newWindow().webContents;
    const event = makeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies window.open; https links go to the browser, others nowhere', () => {
    const handler = newWindow().webContents.windowOpenHandler;
    expect(handler).toBeTypeOf('function');
    expect(handler!({ url: 'https://www.twitch.tv/videos/1' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(double.shell.openExternal.mock.calls).toEqual([['https://www.twitch.tv/videos/1']]);
  });

  it('denies permission requests and checks on its session', () => {
    const session = newWindow().webContents.session;
    const callback = vi.fn();
    session.permissionRequestHandler!({}, 'media', callback);
    session.permissionRequestHandler!({}, 'notifications', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(session.permissionCheckHandler!({}, 'clipboard-read', 'file://')).toBe(false);
  });

  it('adds the CSP header to responses', () => {
    const listener = newWindow().webContents.session.headersListener!;
    const callback = vi.fn();
    listener({ url: `file://${INDEX}`, responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('loads the built page, with ?open= when a video was given', () => {
    expect(newWindow().loads).toEqual([{ kind: 'file', file: INDEX, options: {} }]);
    expect(newWindow('/home/me/My VOD.mp4').loads).toEqual([
      { kind: 'file', file: INDEX, options: { query: { open: '/home/me/My VOD.mp4' } } },
    ]);
  });
});

describe('loadRendererPage and appUrlOf', () => {
  it('adds the open parameter to a dev server URL', async () => {
    const window = newWindow();
    await loadRendererPage(window as never, { url: 'http://localhost:5173/' }, '/v/a&b.mp4');
    expect(window.loads.at(-1)).toEqual({ kind: 'url', url: 'http://localhost:5173/?open=%2Fv%2Fa%26b.mp4' });
    await loadRendererPage(window as never, { url: 'http://localhost:5173/' });
    expect(window.loads.at(-1)).toEqual({ kind: 'url', url: 'http://localhost:5173/' });
  });

  it('logs and survives a failed load', async () => {
    const window = newWindow();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    window.loadFile = () => Promise.reject(new Error('ERR_FAILED'));
    await expect(loadRendererPage(window as never, { file: INDEX })).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it('derives the trusted app URL from the page', () => {
    expect(appUrlOf({ file: INDEX })).toBe(`file://${INDEX}`);
    expect(appUrlOf({ file: '/a dir/index.html' })).toBe('file:///a%20dir/index.html');
    expect(appUrlOf({ url: 'http://localhost:5173/' })).toBe('http://localhost:5173/');
  });
});
