import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieValue, isAuthorized, newToken, TOKEN_COOKIE, tokenCookie } from '../../../main/web/auth';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('web auth', () => {
  const token = newToken();

  it('makes long random tokens', () => {
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(newToken()).not.toBe(token);
  });

  it('reads cookies among others', () => {
    expect(cookieValue(`a=1; ${TOKEN_COOKIE}=xyz; b=2`, TOKEN_COOKIE)).toBe('xyz');
    expect(cookieValue('a=1', TOKEN_COOKIE)).toBeNull();
    expect(cookieValue(undefined, TOKEN_COOKIE)).toBeNull();
  });

  it('accepts the token as cookie, bearer header or query', () => {
    const url = new URL('http://x/api/listJobs');
    expect(isAuthorized(request({ cookie: `${TOKEN_COOKIE}=${token}` }), url, token)).toBe(true);
    expect(isAuthorized(request({ authorization: `Bearer ${token}` }), url, token)).toBe(true);
    expect(isAuthorized(request({}), new URL(`http://x/?token=${token}`), token)).toBe(true);
  });

  it('refuses a missing, wrong or truncated token', () => {
    const url = new URL('http://x/');
    expect(isAuthorized(request({}), url, token)).toBe(false);
    expect(isAuthorized(request({ authorization: 'Bearer nope' }), url, token)).toBe(false);
    expect(isAuthorized(request({ cookie: `${TOKEN_COOKIE}=${token.slice(1)}` }), url, token)).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie', () => {
    expect(tokenCookie('abc')).toMatch(/HttpOnly/);
    expect(tokenCookie('abc')).toMatch(/SameSite=Strict/);
  });
});
