// The media:// scheme: how the <video> element reaches a local file without file:// access.
// A URL names a media id, never a path: the file is found only through core.mediaPath(id), i.e. among the
// files the library registered, so a compromised renderer cannot read anything else.
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Protocol } from 'electron';
import type { Core } from './core/core';
import { contentRange, mediaContentType, parseByteRange } from './core/media/byteRange';

export const MEDIA_SCHEME = 'media';

/**
 * Privileges registered before `ready`: `standard` gives it origin/URL semantics, `secure` lets the page
 * load it under our CSP, `stream` lets <video> stream and seek, `supportFetchAPI` allows fetch().
 */
export const MEDIA_SCHEME_PRIVILEGES = {
  scheme: MEDIA_SCHEME,
  privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
} as const;

// The only accepted form, matched on the raw string: no query, fragment, percent-encoding, extra segment
// or leading zero can slip through a URL parser's normalisation.
const MEDIA_URL = /^media:\/\/file\/([1-9][0-9]*)$/;

/** The media id in `media://file/<id>`, or null for anything that is not exactly that form. */
export function parseMediaUrl(url: string): number | null {
  const match = MEDIA_URL.exec(url);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}

function plain(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
}

/** The request handler, independent of Electron so it can be exercised with plain Request objects. */
export function createMediaHandler(core: Pick<Core, 'mediaPath'>): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    }
    const id = parseMediaUrl(request.url);
    if (id === null) return plain(400, 'Not a media URL.');
    const path = core.mediaPath(id);
    if (path === null) return plain(404, 'No such media.');

    // Open first, then stat the handle: the bytes served are those of the file that was checked.
    let file: FileHandle;
    try {
      file = await open(path, 'r');
    } catch {
      return plain(404, 'The media file is missing.');
    }
    let keepOpen = false;
    try {
      const info = await file.stat();
      if (!info.isFile()) return plain(404, 'The media file is missing.');
      const size = info.size;
      const headers: Record<string, string> = {
        'Content-Type': mediaContentType(path),
        'Accept-Ranges': 'bytes',
        'Cache-Control': 'no-store',
      };
      const range = parseByteRange(request.headers.get('range'), size);
      if (range === 'unsatisfiable') {
        return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': contentRange(size) } });
      }
      const { start, end } = range ?? { start: 0, end: size - 1 };
      const length = end - start + 1;
      headers['Content-Length'] = String(length);
      if (range) headers['Content-Range'] = contentRange(size, range);
      let body: ReadableStream<Uint8Array> | null = null;
      if (request.method === 'GET' && length > 0) {
        // The stream owns the handle from here: it closes it at the end or when the player aborts.
        body = Readable.toWeb(file.createReadStream({ start, end })) as unknown as ReadableStream<Uint8Array>;
        keepOpen = true;
      }
      return new Response(body, { status: range ? 206 : 200, headers });
    } finally {
      if (!keepOpen) await file.close();
    }
  };
}

/** Serves media:// on the default session (the one the main window uses). Call after `ready`. */
export function registerMediaProtocol(protocol: Pick<Protocol, 'handle'>, core: Pick<Core, 'mediaPath'>): void {
  protocol.handle(MEDIA_SCHEME, createMediaHandler(core));
}
