// The picture of each project on the home screen: a 160×90 JPEG of a frame of its video (the first
// range's start, else 10% in), or a VOD's Twitch thumbnail while its video is not downloaded. Made once
// by ffmpeg in the background and cached in the library folder under a name that says what it was made
// from, so a changed video (or a finished download) gets a new one. listProjects only reads the cache:
// a missing picture is null until it is made, and a `projects` event then says to list again.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../errors';
import type { CoreContext } from '../context';
import type { ProjectListRow } from '../library/openLibrary';
import { makeThumbnail } from '../media/thumbnail';
import { fetchThumbnail } from '../twitch/thumbnail';

export const THUMBNAILS_DIR = 'thumbs';

type Source = { kind: 'video'; path: string; atSec: number } | { kind: 'twitch'; url: string };

/** Where the picture comes from; null when there is none to make (a VOD without a thumbnail). */
function sourceOf(row: ProjectListRow): Source | null {
  if (row.vodVideo !== null && row.vodVideo !== 'complete') {
    return row.vodThumbnailUrl ? { kind: 'twitch', url: row.vodThumbnailUrl } : null;
  }
  const at = row.firstRangeSec ?? row.durationSec * 0.1;
  // Half a second before the end: a seek to the very end finds no frame.
  return { kind: 'video', path: row.videoPath, atSec: Math.max(0, Math.min(at, row.durationSec - 0.5)) };
}

function cachePath(dataDir: string, row: ProjectListRow, source: Source): string {
  const madeFrom = source.kind === 'video' ? [source.kind, row.videoPath, row.mediaSizeBytes, row.mediaMtimeMs] : [source.kind, source.url];
  const key = createHash('sha256').update(JSON.stringify(madeFrom)).digest('hex').slice(0, 16);
  return join(dataDir, THUMBNAILS_DIR, `project-${row.id}-${key}.jpg`);
}

/** Each row's picture as a data: URL, or null (being made, or none). Starts making the missing ones. */
export function projectThumbnails(ctx: CoreContext, rows: readonly ProjectListRow[]): Promise<(string | null)[]> {
  return Promise.all(
    rows.map(async (row) => {
      const source = sourceOf(row);
      if (!source) return null;
      const path = cachePath(ctx.library.dataDir, row, source);
      try {
        return `data:image/jpeg;base64,${(await readFile(path)).toString('base64')}`;
      } catch {
        ctx.background.start(path, (signal) => makeProjectThumbnail(ctx, row.id, source, path, signal));
        return null;
      }
    }),
  );
}

async function makeProjectThumbnail(ctx: CoreContext, projectId: number, source: Source, path: string, signal: AbortSignal): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (source.kind === 'video') {
    await makeThumbnail({ inputPath: source.path, atSec: source.atSec, outPath: path, env: ctx.env, signal });
  } else {
    await thumbnailOfImage(ctx, source.url, path, signal);
  }
  if (!ctx.library.projects.get(projectId)) {
    // Removed while this ran: its pictures went with it.
    await rm(path, { force: true });
    return;
  }
  await removeProjectThumbnails(ctx.library.dataDir, projectId, path);
  ctx.emit('projects', { projectId });
}

/** Twitch's picture is bigger than needed (and PNG or WebP at times): ffmpeg makes it the same small JPEG. */
async function thumbnailOfImage(ctx: CoreContext, url: string, outPath: string, signal: AbortSignal): Promise<void> {
  const dataUrl = await fetchThumbnail(url, { signal });
  if (!dataUrl) throw new AppError('NETWORK', `The VOD's thumbnail could not be fetched from ${url}.`);
  const image = `${outPath}.download-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(image, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
    await makeThumbnail({ inputPath: image, atSec: 0, outPath, env: ctx.env, signal });
  } finally {
    await rm(image, { force: true });
  }
}

/** Deletes the cached pictures of a project (all of them, or all but `keep`). */
export async function removeProjectThumbnails(dataDir: string, projectId: number, keep?: string): Promise<void> {
  const dir = join(dataDir, THUMBNAILS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const prefix = `project-${projectId}-`;
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && join(dir, name) !== keep)
      .map((name) => rm(join(dir, name), { force: true })),
  );
}
