import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electronDouble')).electronModule);

import {
  createMediaHandler,
  MEDIA_SCHEME_PRIVILEGES,
  parseMediaUrl,
  registerMediaProtocol,
} from '../../../main/protocol';
import { double } from './electronDouble';

describe('parseMediaUrl', () => {
  it.each([
    ['media://file/1', 1],
    ['media://file/7', 7],
    ['media://file/42', 42],
    ['media://file/9007199254740991', 9007199254740991],
  ])('accepts %s', (url, id) => {
    expect(parseMediaUrl(url)).toBe(id);
  });

  it.each([
    // not a positive integer
    'media://file/0',
    'media://file/-1',
    'media://file/01',
    'media://file/1.0',
    'media://file/1e3',
    'media://file/0x10',
    'media://file/+1',
    'media://file/ 1',
    'media://file/1 ',
    'media://file/abc',
    'media://file/',
    'media://file',
    'media://file/9007199254740993',
    'media://file/99999999999999999999999',
    // traversal, plain and encoded
    'media://file/../1',
    'media://file/1/..',
    'media://file/../../etc/passwd',
    'media://file/%2e%2e/1',
    'media://file/%2E%2E%2F1',
    'media://file/..%2f..%2fetc%2fpasswd',
    'media://file/1%2F2',
    'media://file/1%2f..',
    'media://file/1%5C..',
    'media://file/..%5C..%5Cwindows%5Cwin.ini',
    'media://file/%31',
    'media://file/1%00',
    // extra segments, slashes, query and fragment tricks
    'media://file/1/2',
    'media://file//1',
    'media://file/1/',
    'media://file/1?',
    'media://file/1?path=/etc/passwd',
    'media://file/1#',
    'media://file/1#../../x',
    'media://file/1;x',
    'media://file/1\\..',
    'media://file/1\n',
    // other hosts, schemes, credentials, ports
    'media://files/1',
    'media://other/1',
    'media://FILE/1',
    'media://file:80/1',
    'media://user@file/1',
    'media://evil.com/1',
    'media:///1',
    'media:/file/1',
    'media:file/1',
    'MEDIA://file/1',
    'file:///etc/passwd',
    'file://file/1',
    'http://file/1',
    'https://localhost/media/1',
    // absolute paths smuggled in
    'media://file//etc/passwd',
    'media://file/C:/Windows/win.ini',
    'media://file/%2Fetc%2Fpasswd',
    '',
    '1',
  ])('refuses %j', (url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });
});

describe('media protocol handler', () => {
  let dir: string;
  let video: string;
  let empty: string;
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  const registered = new Map<number, string>();
  const handler = createMediaHandler({ mediaPath: (id) => registered.get(id) ?? null });
  const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
    handler(new Request(url, { method, headers }));
  const body = async (response: Response) => Buffer.from(await response.arrayBuffer());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'highlighter-media-'));
    video = join(dir, 'clip.mp4');
    empty = join(dir, 'empty.webm');
    await writeFile(video, bytes);
    await writeFile(empty, '');
    registered.set(1, video);
    registered.set(2, join(dir, 'deleted.mkv'));
    registered.set(3, empty);
    registered.set(4, dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the whole file with 200', async () => {
    const response = await get('media://file/1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('content-range')).toBeNull();
    expect((await body(response)).equals(bytes)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, 999],
    ['bytes=-10', 990, 999],
    ['bytes=500-500', 500, 500],
    ['bytes=990-5000', 990, 999],
  ])('answers %s with 206 and exactly those bytes', async (range, start, end) => {
    const response = await get('media://file/1', { Range: range });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
    expect(response.headers.get('content-length')).toBe(String(end - start + 1));
    expect((await body(response)).equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and the file size', async () => {
    const response = await get('media://file/1', { Range: 'bytes=1000-' });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
    expect((await body(response)).length).toBe(0);
  });

  it('ignores a malformed or multi-part range and serves everything', async () => {
    for (const range of ['bytes=9-2', 'lines=1-2', 'bytes=0-1,4-5']) {
      const response = await get('media://file/1', { Range: range });
      expect(response.status).toBe(200);
      expect((await body(response)).length).toBe(1000);
    }
  });

  it('answers HEAD with headers only', async () => {
    const response = await get('media://file/1', { Range: 'bytes=0-9' }, 'HEAD');
    expect(response.status).toBe(206);
    expect(response.headers.get('content-length')).toBe('10');
    expect(response.body).toBeNull();
  });

  it('serves an empty file as an empty 200', async () => {
    const response = await get('media://file/3');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/webm');
    expect(response.headers.get('content-length')).toBe('0');
    expect((await body(response)).length).toBe(0);
  });

  it('404s ids the library does not know, files that are gone and folders', async () => {
    for (const url of ['media://file/99', 'media://file/2', 'media://file/4']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
    }
  });

  it('400s anything that is not a media URL, without asking the library', async () => {
    const mediaPath = vi.fn(() => video);
    const strict = createMediaHandler({ mediaPath });
    // (`media://file/../1` never gets here as such: URL parsing, in Request as in Chromium, makes it
    // `media://file/1` first — the same registered id, never a path.)
    for (const url of ['media://file/1%2F..', 'media://file/%2e%2e%2f1', 'media://other/1', 'media://file/1?x=1', 'media://file/1/x']) {
      const response = await strict(new Request(url));
      expect(response.status, url).toBe(400);
    }
    expect(mediaPath).not.toHaveBeenCalled();
  });

  it('refuses writes', async () => {
    const response = await get('media://file/1', {}, 'POST');
    expect(response.status).toBe(405);
  });

  it('stops reading when the player abandons the response', async () => {
    const response = await get('media://file/1', { Range: 'bytes=0-' });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    // A cancelled stream releases its file handle; reading again just reports done.
    expect((await reader.read().catch(() => ({ done: true }))).done).toBe(true);
  });
});

describe('registerMediaProtocol', () => {
  it('declares the scheme privileged as the brief requires and handles it after ready', async () => {
    expect(MEDIA_SCHEME_PRIVILEGES).toEqual({
      scheme: 'media',
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
    });
    double.app.makeReady();
    registerMediaProtocol(double.protocol, { mediaPath: () => null });
    const handler = double.protocol.handlers.get('media');
    expect(handler).toBeTypeOf('function');
    expect((await handler!(new Request('media://file/5'))).status).toBe(404);
  });
});
