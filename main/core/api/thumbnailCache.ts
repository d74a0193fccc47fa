// The timeline thumbnails' cache in the library folder: `cache/timeline-thumbs/media-<id>-<stamp>/
// <ms>.jpg`, one folder per version of a video (its path, size and mtime hashed into the name), so a
// changed file starts a new folder and the old one is deleted. Which times a folder holds is kept in
// memory (read from disk once), so a request costs one file read per thumbnail it returns. At most
// MAX_FILES per folder: past that the oldest go.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreContext } from '../context';
import type { FileStamp } from '../media/fileStamp';
import { thumbnailFileName } from '../media/timelineThumbnails';

export const TIMELINE_THUMBS_DIR = join('cache', 'timeline-thumbs');
export const MAX_FILES = 5000;
/** Pruning goes below the limit by this many, so it does not run again after every batch. */
const PRUNE_SLACK = 500;

export interface ThumbnailFolder {
  dir: string;
  /** Times (ms) whose file is in the folder. */
  times: Set<number>;
  /** Times (ms) ffmpeg found no frame at: not asked for again by this process. */
  failed: Set<number>;
  /** A job for this folder failed as a whole (ffmpeg missing, file unreadable): no more jobs for it. */
  broken: boolean;
}

const folderKey = (dir: string) => `timeline-thumbs:${dir}`;

export function thumbnailDir(dataDir: string, mediaId: number, stamp: FileStamp): string {
  const hash = createHash('sha256').update(JSON.stringify([stamp.path, stamp.size, stamp.mtimeMs])).digest('hex').slice(0, 16);
  return join(dataDir, TIMELINE_THUMBS_DIR, `media-${mediaId}-${hash}`);
}

/** The folder's in-memory index, read from disk the first time this process asks. */
export async function thumbnailFolder(ctx: CoreContext, dir: string): Promise<ThumbnailFolder> {
  const key = folderKey(dir);
  const known = ctx.cache.get(key) as Promise<ThumbnailFolder> | undefined;
  if (known) return known;
  const loading = readdir(dir)
    .catch(() => [] as string[])
    .then((names) => ({
      dir,
      times: new Set(names.flatMap((n) => (/^\d+\.jpg$/.test(n) ? [Number(n.slice(0, -4))] : []))),
      failed: new Set<number>(),
      broken: false,
    }));
  ctx.cache.set(key, loading);
  return loading;
}

/** The cached frame as a data: URL, or null (the file went: it is forgotten and made again). */
export async function readThumbnail(folder: ThumbnailFolder, timeSec: number): Promise<string | null> {
  const ms = Math.round(timeSec * 1000);
  if (!folder.times.has(ms)) return null;
  const data = await readFile(join(folder.dir, thumbnailFileName(timeSec))).catch(() => null);
  if (data && data.length > 0) return `data:image/jpeg;base64,${data.toString('base64')}`;
  folder.times.delete(ms);
  return null;
}

/** Deletes the media's thumbnail folders (and forgets them), all of them or all but `keep`. */
export async function removeMediaThumbnails(ctx: CoreContext, mediaId: number, keep?: string): Promise<void> {
  const root = join(ctx.library.dataDir, TIMELINE_THUMBS_DIR);
  const names = await readdir(root).catch(() => [] as string[]);
  const folders = names.filter((n) => n.startsWith(`media-${mediaId}-`)).map((n) => join(root, n)).filter((d) => d !== keep);
  for (const dir of folders) {
    ctx.cache.delete(folderKey(dir));
    await rm(dir, { recursive: true, force: true });
  }
}

/** Keeps the folder at most `limit` thumbnails, removing the oldest files. */
export async function pruneFolder(folder: ThumbnailFolder, limit = MAX_FILES): Promise<void> {
  if (folder.times.size <= limit) return;
  const entries = await Promise.all(
    [...folder.times].map(async (ms) => ({ ms, mtimeMs: (await stat(join(folder.dir, `${ms}.jpg`)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const { ms } of entries.slice(0, entries.length - Math.max(0, limit - Math.min(PRUNE_SLACK, Math.floor(limit / 10))))) {
    folder.times.delete(ms);
    await rm(join(folder.dir, `${ms}.jpg`), { force: true });
  }
}

/** Removes what a killed batch left (temporary files). */
export async function removePartialThumbnails(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.includes('.partial-')).map((n) => rm(join(dir, n), { force: true })));
}
