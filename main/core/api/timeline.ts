// What the editor's timeline draws besides the heatmap: the audio's waveform, thumbnails of frames,
// and the chat at the moment under the pointer. One entry point for api.ts, one for the jobs, and one
// for removing a video's caches.
import { rm } from 'node:fs/promises';
import type { HighlighterApi } from '../../../preload/contract';
import type { CoreContext } from '../context';
import type { JobQueue } from '../jobs/queue';
import { waveformFilePath } from '../media/waveformFile';
import { chatAtHandlers } from './chatAt';
import { removeMediaThumbnails } from './thumbnailCache';
import { thumbnailsJob, timelineThumbnailHandlers } from './timelineThumbnails';
import { waveformHandlers, waveformJob } from './waveform';

export function timelineHandlers(ctx: CoreContext): Pick<HighlighterApi, 'getWaveform' | 'getThumbnails' | 'chatAt'> {
  return { ...waveformHandlers(ctx), ...timelineThumbnailHandlers(ctx), ...chatAtHandlers(ctx) };
}

export function registerTimelineJobs(ctx: CoreContext, queue: JobQueue): void {
  queue.register(waveformJob(ctx));
  queue.register(thumbnailsJob(ctx));
}

/** Deletes the waveform and thumbnails cached for a media (when its entry leaves the library). */
export async function removeTimelineCaches(ctx: CoreContext, mediaId: number): Promise<void> {
  await rm(waveformFilePath(ctx.library.dataDir, mediaId), { force: true });
  await removeMediaThumbnails(ctx, mediaId);
}
