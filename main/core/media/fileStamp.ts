// What a derived file (waveform, thumbnails) was made from: the video's path, size and mtime. A file
// replaced or re-encoded under the same name gets another stamp, so its caches no longer match.
import { stat } from 'node:fs/promises';

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The stamp of the file as it is now; null when it is gone or not a file. */
export async function fileStamp(path: string): Promise<FileStamp | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? { path, size: info.size, mtimeMs: info.mtimeMs } : null;
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.path === b.path && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
