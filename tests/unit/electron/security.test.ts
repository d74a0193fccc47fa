import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  denyPermissionCheck,
  denyPermissionRequest,
  isAppUrl,
  isHttpsUrl,
  navigationGuard,
  windowOpenHandler,
  withContentSecurityPolicy,
} from '../../../main/security';

const FILE_APP = 'file:///opt/Highlighter/resources/app.asar/out/renderer/index.html';
const DEV_APP = 'http://localhost:5173/';

describe('isAppUrl', () => {
  it.each([
    [FILE_APP, true],
    [`${FILE_APP}?open=%2Fhome%2Fme%2Fvod.mp4`, true],
    [`${FILE_APP}#/project/3`, true],
    ['file:///opt/Highlighter/resources/app.asar/out/renderer/../renderer/index.html', true],
    ['file:///opt/Highlighter/resources/app.asar/out/renderer/other.html', false],
    ['file:///etc/passwd', false],
    ['file://evil-host/opt/Highlighter/resources/app.asar/out/renderer/index.html', false],
    ['https://example.com/', false],
    ['http://localhost:5173/', false],
    ['about:blank', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['javascript:alert(1)', false],
    ['media://file/1', false],
    ['not a url', false],
    ['', false],
  ])('file app: %s → %s', (url, expected) => {
    expect(isAppUrl(url, FILE_APP)).toBe(expected);
  });

  it.each([
    ['http://localhost:5173/', true],
    ['http://localhost:5173/index.html?open=x', true],
    ['http://localhost:5173/src/main.tsx', true],
    ['http://localhost:5174/', false],
    ['https://localhost:5173/', false],
    ['http://127.0.0.1:5173/', false],
    ['http://localhost.evil.com:5173/', false],
    ['http://evil.com/?http://localhost:5173/', false],
    [FILE_APP, false],
  ])('dev app: %s → %s', (url, expected) => {
    expect(isAppUrl(url, DEV_APP)).toBe(expected);
  });

  it('never trusts anything when the app URL is of another kind (opaque origins must not match each other)', () => {
    expect(isAppUrl('data:text/html,a', 'data:text/html,b')).toBe(false);
    expect(isAppUrl('media://file/1', 'media://file/1')).toBe(false);
    expect(isAppUrl('x', 'not a url')).toBe(false);
  });
});

describe('isHttpsUrl', () => {
  it.each([
    ['https://www.twitch.tv/videos/1', true],
    ['HTTPS://example.com', true],
    ['http://example.com', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['ms-settings:privacy', false],
    ['//example.com', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isHttpsUrl(url)).toBe(expected);
  });
});

describe('navigationGuard', () => {
  const guard = navigationGuard(FILE_APP);
  const navigate = (url: string) => {
    const event = { url, preventDefault: vi.fn() };
    guard(event);
    return event.preventDefault.mock.calls.length > 0;
  };

  it('lets the app reload itself (with a query) and stops everything else', () => {
    expect(navigate(`${FILE_APP}?open=x`)).toBe(false);
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('javascript:alert(1)')).toBe(true);
  });
});

describe('windowOpenHandler', () => {
  it('always denies, and hands only https URLs to the browser', async () => {
    const openExternal = vi.fn(async (_url: string) => undefined);
    const handler = windowOpenHandler(openExternal);
    for (const url of ['https://www.twitch.tv/', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls).toEqual([['https://www.twitch.tv/']]);
  });

  it('swallows a failing openExternal (no unhandled rejection)', async () => {
    const openExternal = vi.fn(() => Promise.reject(new Error('no browser')));
    expect(windowOpenHandler(openExternal)({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(openExternal).toHaveBeenCalledOnce();
  });
});

describe('permission handlers', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])(
    'denies %s',
    (permission) => {
      const callback = vi.fn();
      denyPermissionRequest({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(denyPermissionCheck()).toBe(false);
    },
  );
});

describe('withContentSecurityPolicy', () => {
  it('adds the policy and replaces any other, whatever its case', () => {
    const headers = withContentSecurityPolicy({
      'content-type': ['text/html'],
      'content-security-policy': ["default-src *"],
      'Content-Security-Policy': ["script-src 'unsafe-eval'"],
    });
    expect(headers['content-type']).toEqual(['text/html']);
    const cspKeys = Object.keys(headers).filter((name) => name.toLowerCase() === 'content-security-policy');
    expect(cspKeys).toEqual(['Content-Security-Policy']);
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('works without any response headers', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('is the strict policy the renderer also declares', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'media-src': "'self' media: blob:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
  });
});
