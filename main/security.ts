// The window's guards from Electron's security checklist, one small function each so each can be tested
// alone. window.ts wires them to the BrowserWindow and its session.

/** Same policy as the renderer's <meta> tag; sent as a header too so it also covers what the meta cannot. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' media: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is the app's own page. `appUrl` is the built index.html (file:) — then only that file
 * counts, with any query or hash — or, in development, the dev server (http:) — then its origin counts.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const target = parseUrl(url);
  const app = parseUrl(appUrl);
  if (!target || !app) return false;
  if (app.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') return target.origin === app.origin;
  return false;
}

export function isHttpsUrl(url: string): boolean {
  return parseUrl(url)?.protocol === 'https:';
}

type NavigationEvent = { url: string; preventDefault(): void };

/** `will-navigate` / `will-redirect` handler: the window never leaves the app's own page. */
export function navigationGuard(appUrl: string): (event: NavigationEvent) => void {
  return (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  };
}

/**
 * `setWindowOpenHandler`: no new Electron windows, ever. https links (target=_blank, window.open) go to the
 * user's browser; anything else (file:, javascript:, custom schemes) is dropped.
 */
export function windowOpenHandler(
  openExternal: (url: string) => Promise<void>,
): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    if (isHttpsUrl(url)) openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  };
}

/** `setPermissionRequestHandler`: camera, microphone, notifications, geolocation … all refused. */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** `setPermissionCheckHandler`: every synchronous permission check answers no. */
export function denyPermissionCheck(): boolean {
  return false;
}

/** Response headers with our CSP replacing any other (header names are case-insensitive). */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
  policy: string = CONTENT_SECURITY_POLICY,
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
