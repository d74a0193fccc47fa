// getThumbnails: frames along the timeline for the window the editor shows. The call answers at once
// with the frames already cached (thumbnailCache.ts) and hands the missing ones to the project's
// `thumbnails` job, which makes them a batch at a time and sends a `thumbnails` event after each batch
// so the editor asks again. The job takes its work from the project's latest request, not from its
// params: scrolling on replaces the times still waiting, so the work stays bounded by what is on
// screen (at most one batch of frames nobody looks at any more).
import { mkdir } from 'node:fs/promises';
import type { HighlighterApi, MethodResult } from '../../../preload/contract';
import type { CoreContext } from '../context';
import type { JobHandler } from '../jobs/queue';
import { fileStamp } from '../media/fileStamp';
import { thumbnailTimes } from '../media/thumbnailGrid';
import { makeTimelineThumbnails } from '../media/timelineThumbnails';
import { loadProject } from './loadProject';
import {
  pruneFolder,
  readThumbnail,
  removeMediaThumbnails,
  removePartialThumbnails,
  thumbnailDir,
  thumbnailFolder,
  type ThumbnailFolder,
} from './thumbnailCache';

export const THUMBNAILS_JOB = 'thumbnails';
/** Frames per ffmpeg run: start-up shared, and a superseded request wastes at most this many. */
export const THUMBNAIL_BATCH = 8;

interface ThumbnailsParams {
  projectId: number;
  mediaId: number;
  name: string;
  /** The cache folder, for cleaning up after a run the app's close cut short. */
  dir: string;
}

/** What a project's job still has to make, as its latest request left it. */
interface Work {
  path: string;
  folder: ThumbnailFolder;
  /** Seconds, in the order asked; replaced by each newer request. */
  times: number[];
  /** The batch ffmpeg is making now (ms): not queued again by a request that arrives meanwhile. */
  inFlight: Set<number>;
}

const WORK_KEY = 'timeline-thumbs:work';
const ms = (sec: number) => Math.round(sec * 1000);

function works(ctx: CoreContext): Map<number, Work> {
  let map = ctx.cache.get(WORK_KEY) as Map<number, Work> | undefined;
  if (!map) ctx.cache.set(WORK_KEY, (map = new Map()));
  return map;
}

/**
 * Not resumable: a run the app's close cut short is marked interrupted (its partial files removed),
 * and the editor asks again when it opens the project.
 */
export function thumbnailsJob(ctx: CoreContext): JobHandler<ThumbnailsParams, { made: number }> {
  return {
    kind: THUMBNAILS_JOB,
    concurrency: 1,
    title: (params) => `Timeline thumbnails of ${params.name}`,
    async run(params, job) {
      const all = works(ctx);
      const work = all.get(params.projectId);
      if (!work) return { made: 0 };
      await mkdir(work.folder.dir, { recursive: true });
      // Folders of older versions of the file (replaced, re-encoded) are of no use any more.
      await removeMediaThumbnails(ctx, params.mediaId, work.folder.dir);
      let made = 0;
      for (;;) {
        const batch = work.times.splice(0, THUMBNAIL_BATCH);
        if (batch.length === 0) {
          // In the same tick as the check: a request after this starts a new job.
          if (all.get(params.projectId) === work) all.delete(params.projectId);
          return { made };
        }
        const { folder } = work;
        for (const t of batch) work.inFlight.add(ms(t));
        try {
          const result = await makeTimelineThumbnails({ inputPath: work.path, times: batch, dir: folder.dir, env: ctx.env, signal: job.signal });
          for (const t of result.made) folder.times.add(ms(t));
          for (const t of result.failed) folder.failed.add(ms(t));
          made += result.made.length;
        } finally {
          work.inFlight.clear();
        }
        await pruneFolder(folder);
        ctx.emit('thumbnails', { projectId: params.projectId });
        const left = work.times.length;
        job.progress({ fraction: left === 0 ? 1 : made / (made + left), detail: `${made} thumbnails` });
      }
    },
    cleanup: (params) => removePartialThumbnails(params.dir),
  };
}

/** Makes `times` the project's waiting work (dropping what an older request still had queued). */
function want(ctx: CoreContext, projectId: number, name: string, mediaId: number, path: string, folder: ThumbnailFolder, times: number[]): void {
  const all = works(ctx);
  const current = all.get(projectId);
  if (current) {
    Object.assign(current, { path, folder, times: times.filter((t) => !current.inFlight.has(ms(t))) });
    return;
  }
  if (times.length === 0) return;
  const work: Work = { path, folder, times, inFlight: new Set() };
  all.set(projectId, work);
  const job = ctx.queue.enqueue(THUMBNAILS_JOB, { projectId, mediaId, name, dir: folder.dir } satisfies ThumbnailsParams, { projectId });
  const forget = () => {
    if (all.get(projectId) === work) all.delete(projectId);
  };
  ctx.queue.waitFor(job.id).then((final) => {
    // A failure of the whole run (ffmpeg missing, file unreadable) would fail the same way again.
    if (final.state === 'failed') work.folder.broken = true;
    forget();
  }, forget);
}

type Thumbnails = MethodResult<'getThumbnails'>;
const NONE: Thumbnails = { thumbnails: [], pending: false };

export function timelineThumbnailHandlers(ctx: CoreContext): Pick<HighlighterApi, 'getThumbnails'> {
  return {
    async getThumbnails({ projectId, startSec, endSec, count }) {
      const project = loadProject(ctx, projectId);
      const { media } = project;
      // A VOD whose video is not downloaded has no frames to show yet.
      if (!media.probe.video || (project.twitch && project.twitch.video !== 'complete')) return NONE;
      const stamp = await fileStamp(media.path);
      if (!stamp) return NONE;
      const folder = await thumbnailFolder(ctx, thumbnailDir(ctx.library.dataDir, media.id, stamp));
      const times = thumbnailTimes(startSec, endSec, count, media.probe.durationSec);
      const urls = await Promise.all(times.map((t) => readThumbnail(folder, t)));
      const thumbnails = times.flatMap((timeSec, i) => (urls[i] ? [{ timeSec, url: urls[i] }] : []));
      if (folder.broken) return { thumbnails, pending: false };
      const missing = times.filter((t, i) => !urls[i] && !folder.failed.has(ms(t)));
      want(ctx, projectId, media.name, media.id, media.path, folder, missing);
      return { thumbnails, pending: missing.length > 0 };
    },
  };
}
