// How downloaded VOD segments are named on disk. A segment is complete when its final name exists:
// the download writes to a temporary name and renames only after the body was received and its length
// checked, so the rename is the proof (and a rerun can skip what it finds).
import { readdir } from 'node:fs/promises';
import type { VodSegment } from './types';

/** Suffix of a segment still being written; anything carrying it is a leftover once no download runs. */
export const TEMP_SUFFIX = '.part';

/**
 * Where an fMP4 VOD's init segment (its #EXT-X-MAP: the codec setup every segment needs in front of it)
 * is kept, next to the segments. One per folder: a folder holds one variant's segments.
 */
export const INIT_FILE_NAME = 'init.mp4';

/** Index padding: names sort in playlist order (a 48 h VOD of 2 s segments has 86,400 of them). */
const INDEX_DIGITS = 6;

/** fMP4 segment extensions; they are all stored as .mp4. */
const FMP4_EXTENSIONS = new Set(['mp4', 'm4s', 'm4v', 'm4a', 'cmfv', 'cmfa']);

/**
 * File name of a segment, by playlist index (the URI's "-muted"/"-unmuted" varies between playlists of
 * the same VOD, the index does not): "000012.ts", or "000012.mp4" for fMP4.
 */
export function segmentFileName(segment: Pick<VodSegment, 'index' | 'uri'>): string {
  return `${String(segment.index).padStart(INDEX_DIGITS, '0')}.${segmentExtension(segment.uri)}`;
}

/** "ts" or "mp4", from the URI's path (query and fragment ignored); unknown extensions count as MPEG-TS. */
export function segmentExtension(uri: string): 'ts' | 'mp4' {
  const path = uri.split(/[?#]/, 1)[0] ?? '';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  return FMP4_EXTENSIONS.has(ext) ? 'mp4' : 'ts';
}

/** Where a segment is written before it is complete. */
export function segmentTempName(fileName: string): string {
  return fileName + TEMP_SUFFIX;
}

/** A segment's (or the init segment's) temporary file; other `.part` files in the folder are not ours to remove. */
export function isTempName(name: string): boolean {
  return /^(\d+\.(ts|mp4)|init\.mp4)\.part$/.test(name);
}

/** Indices of the segments whose final file is among `names` (a directory listing). */
export function completeSegments(segments: readonly Pick<VodSegment, 'index' | 'uri'>[], names: Iterable<string>): Set<number> {
  const present = new Set(names);
  const done = new Set<number>();
  for (const segment of segments) if (present.has(segmentFileName(segment))) done.add(segment.index);
  return done;
}

/** completeSegments on the directory's current listing; a missing directory holds nothing. */
export async function listCompleteSegments(segments: readonly Pick<VodSegment, 'index' | 'uri'>[], dir: string): Promise<Set<number>> {
  return completeSegments(segments, await listNames(dir));
}

export async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
