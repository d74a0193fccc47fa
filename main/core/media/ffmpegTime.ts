// How times, paths and copy spans are written into ffmpeg arguments and ffconcat lists. A leaf: it
// imports nothing of ours, so the modules that build cuts (cutMap.ts) and the ones that turn cuts into
// arguments (exportArgs.ts, smart/*) can all use it without importing each other.

/** Seconds as ffmpeg reads them: plain decimal, microsecond precision, no exponent (negatives become 0). */
export function secs(value: number): string {
  const fixed = Math.max(0, value).toFixed(6);
  return fixed.replace(/\.?0+$/, '') || '0';
}

/** Like secs, keeping a minus sign: filter options (trim start) that may lie before a seek point. */
export function signedSecs(value: number): string {
  return value < 0 && secs(-value) !== '0' ? `-${secs(-value)}` : secs(value);
}

/** ffconcat quoting: single quotes, a quote inside written as '\'' (like a shell). */
export function ffconcatQuote(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

/** Bytes [from, to) of the source; `to` null = to the end of the file. */
export interface ByteSpan {
  from: number;
  to: number | null;
}

/** One ffconcat entry of a fast single-run export plus the packets to keep from it (see cutMap.ts). */
export interface CopySegment {
  /** ffconcat `inpoint`/`outpoint`: the file's own timeline, start time included. */
  inpointSec: number;
  outpointSec: number | null;
  /** ffconcat `duration`: where the next entry starts, so the joins cannot drift. */
  durationSec: number;
  video: ByteSpan;
  audio: ByteSpan | null;
}
