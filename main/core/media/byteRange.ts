// HTTP Range decisions for serving media, shared by the Electron media:// handler and the web server so
// both answer a <video> element's seeks identically. Pure: no I/O, no transport types.
import { extname } from 'node:path';

export type ByteRange = { start: number; end: number };

const DIGITS = /^\d+$/;

/**
 * Decides which bytes of a `size`-byte file a `Range` header asks for (RFC 9110 §14).
 * - `null`: serve the whole file with 200 — no header, another unit than `bytes`, a malformed header
 *   (the RFC says to ignore an invalid Range), or several ranges. Multi-range would need a
 *   multipart/byteranges body that media elements never ask for; a full 200 is always a correct answer.
 * - `'unsatisfiable'`: answer 416 (with the asterisk form of Content-Range, see contentRange).
 * - `{ start, end }`: inclusive byte positions for a 206, `end` clamped to the last byte.
 */
export function parseByteRange(header: string | undefined | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (header == null) return null;
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return null;
  // Empty list elements (`bytes=0-1,`) are allowed by the list syntax and mean nothing.
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length !== 1) return null;
  const spec = specs[0] as string;
  const dash = spec.indexOf('-');
  if (dash < 0) return null;
  const first = spec.slice(0, dash);
  const last = spec.slice(dash + 1);

  if (first === '') {
    // Suffix range `-n`: the last n bytes.
    if (!DIGITS.test(last)) return null;
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  if (!DIGITS.test(first) || (last !== '' && !DIGITS.test(last))) return null;
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

// `Content-Range` value for a 206 (`bytes a-b/size`) or, without a range, for a 416 (`bytes */size`).
export function contentRange(size: number, range?: ByteRange): string {
  return range ? `bytes ${range.start}-${range.end}/${size}` : `bytes */${size}`;
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.ts': 'video/mp2t',
  '.m2ts': 'video/mp2t',
  '.mts': 'video/mp2t',
  '.flv': 'video/x-flv',
  '.avi': 'video/x-msvideo',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.aac': 'audio/aac',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
};

/** Content-Type by extension; unknown files are opaque bytes (the media element sniffs the container). */
export function mediaContentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
