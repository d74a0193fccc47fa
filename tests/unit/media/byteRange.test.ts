import { describe, expect, it } from 'vitest';
import { contentRange, mediaContentType, parseByteRange } from '../../../main/core/media/byteRange';

describe('parseByteRange', () => {
  const size = 1000;

  it.each([
    // [header, expected]
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=0-499', { start: 0, end: 499 }],
    ['bytes=500-999', { start: 500, end: 999 }],
    ['bytes=500-', { start: 500, end: 999 }],
    ['bytes=0-', { start: 0, end: 999 }],
    ['bytes=999-', { start: 999, end: 999 }],
    ['bytes=999-999', { start: 999, end: 999 }],
    // end past the last byte is clamped, not refused
    ['bytes=900-5000', { start: 900, end: 999 }],
    ['bytes=0-99999999999999999999', { start: 0, end: 999 }],
    // suffix ranges: the last n bytes
    ['bytes=-1', { start: 999, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-1000', { start: 0, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    // unit is case-insensitive, optional whitespace around the list element is allowed
    ['Bytes=1-2', { start: 1, end: 2 }],
    ['BYTES=1-2', { start: 1, end: 2 }],
    ['bytes= 1-2 ', { start: 1, end: 2 }],
    // empty list elements mean nothing
    ['bytes=1-2,', { start: 1, end: 2 }],
    ['bytes=,1-2', { start: 1, end: 2 }],
  ] as const)('%s → %o', (header, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });

  it.each([
    'bytes=1000-',
    'bytes=1000-1000',
    'bytes=1000-2000',
    'bytes=5000-',
    'bytes=-0',
  ])('%s is unsatisfiable for a 1000-byte file', (header) => {
    expect(parseByteRange(header, size)).toBe('unsatisfiable');
  });

  it.each<[string | null | undefined, string]>([
    [undefined, 'no header'],
    [null, 'no header'],
    ['', 'empty'],
    ['bytes', 'no ='],
    ['bytes=', 'no range'],
    ['bytes=-', 'neither bound'],
    ['bytes=abc', 'no dash'],
    ['bytes=5', 'no dash'],
    ['bytes=a-b', 'not numbers'],
    ['bytes=1-b', 'bad end'],
    ['bytes=x-5', 'bad start'],
    ['bytes=-x', 'bad suffix'],
    ['bytes=1.5-2', 'fraction'],
    ['bytes=1e2-300', 'exponent'],
    ['bytes=+1-2', 'sign'],
    ['bytes=0x10-20', 'hex'],
    ['bytes=-1-2', 'negative start'],
    ['bytes=1--2', 'double dash'],
    ['bytes=5-4', 'end before start'],
    ['bytes=999-0', 'end before start'],
    ['items=0-5', 'other unit'],
    ['bytes 0-5', 'missing ='],
    ['=0-5', 'missing unit'],
    // several ranges: documented choice, whole body
    ['bytes=0-1,5-6', 'multi-range'],
    ['bytes=0-1, -5', 'multi-range with suffix'],
    ['bytes=0-1,x', 'multi-range with junk'],
  ])('%s (%s) → whole body', (header) => {
    expect(parseByteRange(header, size)).toBeNull();
  });

  it('treats every byte range of an empty file as unsatisfiable, and no header as the (empty) body', () => {
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-0', 0)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-5', 0)).toBe('unsatisfiable');
    expect(parseByteRange(undefined, 0)).toBeNull();
  });

  it('handles a one-byte file at both edges', () => {
    expect(parseByteRange('bytes=0-', 1)).toEqual({ start: 0, end: 0 });
    expect(parseByteRange('bytes=-1', 1)).toEqual({ start: 0, end: 0 });
    expect(parseByteRange('bytes=-2', 1)).toEqual({ start: 0, end: 0 });
    expect(parseByteRange('bytes=1-', 1)).toBe('unsatisfiable');
  });

  it('handles files larger than 4 GiB without losing precision', () => {
    const big = 8 * 1024 ** 3 + 7;
    expect(parseByteRange(`bytes=${big - 10}-`, big)).toEqual({ start: big - 10, end: big - 1 });
    expect(parseByteRange('bytes=-10', big)).toEqual({ start: big - 10, end: big - 1 });
  });

  it('every satisfiable answer lies inside the file and is ordered', () => {
    const headers = ['bytes=0-', 'bytes=-1', 'bytes=3-7', 'bytes=7-', 'bytes=-20', 'bytes=2-200'];
    for (const fileSize of [1, 2, 7, 8, 9, 100]) {
      for (const header of headers) {
        const range = parseByteRange(header, fileSize);
        if (range === null || range === 'unsatisfiable') continue;
        expect(range.start).toBeGreaterThanOrEqual(0);
        expect(range.end).toBeLessThan(fileSize);
        expect(range.start).toBeLessThanOrEqual(range.end);
      }
    }
  });
});

describe('contentRange', () => {
  it('formats a served range and the unsatisfiable form', () => {
    expect(contentRange(1000, { start: 0, end: 499 })).toBe('bytes 0-499/1000');
    expect(contentRange(1000)).toBe('bytes */1000');
  });
});

describe('mediaContentType', () => {
  it.each([
    ['/v/clip.mp4', 'video/mp4'],
    ['/v/CLIP.MP4', 'video/mp4'],
    ['/v/clip.m4v', 'video/mp4'],
    ['/v/stream.mkv', 'video/x-matroska'],
    ['/v/stream.webm', 'video/webm'],
    ['/v/stream.mov', 'video/quicktime'],
    ['/v/segment.ts', 'video/mp2t'],
    ['C:\\Videos\\vod.TS', 'video/mp2t'],
    ['/v/a.b.c.mkv', 'video/x-matroska'],
    ['/v/audio.m4a', 'audio/mp4'],
    ['/v/noextension', 'application/octet-stream'],
    ['/v/readme.txt', 'application/octet-stream'],
    ['/v/.mp4', 'application/octet-stream'],
  ])('%s → %s', (path, type) => {
    expect(mediaContentType(path)).toBe(type);
  });
});
