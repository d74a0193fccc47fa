// Removing a project from the library. Its rows go (ranges, chat, jobs, view; the video's entry when no
// other project uses it), and so do the files the library itself made for it: a Twitch VOD's folder
// under vods/<id>/ (video, chat file, segment folders, checkpoints) and the project's thumbnails. A
// video the user opened from their own disk is never deleted: only paths built from the library folder
// are, never a path read from a row.
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { HighlighterApi } from '../../../preload/contract';
import { AppError } from '../errors';
import type { CoreContext } from '../context';
import { isTerminal } from '../jobs/queue';
import { vodPaths } from '../twitch/vodFiles';
import { removeProjectThumbnails } from './projectThumbnails';
import { removeTimelineCaches } from './timeline';
import { exportSettingsKey } from './exportSettings';

function requireProject(ctx: CoreContext, projectId: number) {
  const row = ctx.library.projects.get(projectId);
  if (!row) throw new AppError('NOT_FOUND', `There is no project #${projectId} in the library.`);
  return row;
}

/** A running job would write into what is being deleted; the user cancels it first. */
function refuseWhileBusy(ctx: CoreContext, projectId: number, name: string): void {
  const busy = ctx.queue.list().filter((job) => job.projectId === projectId && !isTerminal(job.state));
  if (busy.length === 0) return;
  const what = busy.map((job) => job.title).join('; ');
  throw new AppError(
    'JOB_RUNNING',
    `"${name}" cannot be removed while ${busy.length === 1 ? 'a job of it is' : `${busy.length} of its jobs are`} running or waiting (${what}). Cancel its jobs first.`,
  );
}

/**
 * What is in the VOD's folder, except a video another project uses. The folder is built from the
 * library folder and the VOD id and must be a direct child of vods/, a real folder (not a link).
 */
async function vodFiles(ctx: CoreContext, projectId: number, vodId: string): Promise<{ dir: string; files: string[] } | null> {
  const root = resolve(ctx.library.dataDir, 'vods');
  const dir = resolve(vodPaths(ctx.library.dataDir, vodId).dir);
  if (dirname(dir) !== root) return null;
  const info = await lstat(dir).catch(() => null);
  if (!info?.isDirectory()) return null;
  const usedElsewhere = new Set(ctx.library.projects.otherVideoPaths(projectId).map((path) => resolve(path)));
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = names.map((name) => join(dir, name)).filter((path) => !usedElsewhere.has(path));
  return { dir, files: files.sort() };
}

async function filesOf(ctx: CoreContext, projectId: number) {
  const vod = ctx.library.vods.byProject(projectId);
  return { vod, folder: vod ? await vodFiles(ctx, projectId, vod.vodId) : null };
}

/** Derived data of the project and its video: ids can be reused once their rows are gone. */
function forgetCached(ctx: CoreContext, projectId: number, mediaId: number | null): void {
  const prefixes = [`heatmap:${projectId}:`, ...(mediaId === null ? [] : [`keyframes:${mediaId}:`, `audio-heatmap:${mediaId}:`])];
  for (const key of [...ctx.cache.keys()]) {
    if (prefixes.some((prefix) => key.startsWith(prefix))) ctx.cache.delete(key);
  }
}

async function deleteAll(paths: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const path of paths) {
    try {
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch (error) {
      // The rows are gone already; a file that cannot go now (in use) is only disk space.
      console.warn(`Could not delete ${path}:`, error);
    }
  }
  return removed;
}

export function removalHandlers(ctx: CoreContext): Pick<HighlighterApi, 'describeRemoval' | 'removeProject'> {
  return {
    async describeRemoval({ projectId }) {
      requireProject(ctx, projectId);
      const { vod, folder } = await filesOf(ctx, projectId);
      return { files: folder?.files ?? [], vod: vod !== null };
    },

    async removeProject({ projectId }) {
      const { name } = requireProject(ctx, projectId);
      refuseWhileBusy(ctx, projectId, name);
      // The chat's rows (up to millions) go first, in the background's small steps, so the process
      // never blocks on one big delete.
      ctx.library.chat.discardAll(projectId);
      await ctx.library.chat.whenCleanedUp();
      const { folder } = await filesOf(ctx, projectId);
      // Checked again with nothing asynchronous before the rows go: no job can start in between.
      refuseWhileBusy(ctx, projectId, name);
      const { mediaId, mediaRemoved } = ctx.library.removeProjectRows(projectId);
      forgetCached(ctx, projectId, mediaRemoved ? mediaId : null);
      ctx.library.settings.set(exportSettingsKey(projectId), undefined);

      const removedFiles = await deleteAll(folder?.files ?? []);
      if (folder) await rmdir(folder.dir).catch(() => undefined); // only if nothing else is left in it
      await removeProjectThumbnails(ctx.library.dataDir, projectId);
      // The waveform and timeline thumbnails belong to the video: they go with its row.
      if (mediaRemoved) await removeTimelineCaches(ctx, mediaId);
      ctx.emit('projects', { projectId });
      return { removedFiles };
    },
  };
}
