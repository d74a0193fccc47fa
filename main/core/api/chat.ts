// Chat calls: attach a chat file to a project, and the heatmap drawn from it (or, for a local video
// without chat, from its audio's loudness).
import type { Heatmap, HighlighterApi, Project } from '../../../preload/contract';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cached, type CoreContext } from '../context';
import { buildHeatmap } from '../analysis/heatmap';
import type { JobHandler } from '../jobs/queue';
import { readAudioHeatmap } from '../media/loudness';
import { importChatAsJob } from './chatImportJob';
import { loadProject } from './loadProject';

export const AUDIO_HEATMAP_JOB = 'audio-heatmap';

interface AudioHeatmapParams {
  /** ctx.cache key the finished heatmap is stored under (the job result stays small in SQLite). */
  key: string;
  path: string;
  name: string;
  durationSec: number;
}

/**
 * Reading the loudness of an hour of audio takes seconds (≈1000× real time per core), so it is a job:
 * it shows its progress, the user can cancel it, and closing the app stops its ffmpeg processes.
 */
export function audioHeatmapJob(ctx: CoreContext): JobHandler<AudioHeatmapParams, { bins: number; max: number }> {
  return {
    kind: AUDIO_HEATMAP_JOB,
    concurrency: 1,
    title: (params) => `Audio heatmap of ${params.name}`,
    async run(params, job) {
      const heatmap = await readAudioHeatmap(params.path, params.durationSec, {
        signal: job.signal,
        onProgress: job.progress,
        env: ctx.env,
      });
      ctx.cache.set(params.key, Promise.resolve(heatmap));
      return { bins: heatmap.values.length, max: heatmap.max };
    },
  };
}

/**
 * The audio heatmap of a local video without chat: null when it has no audio (or its file is gone).
 * Cached per media id and file size, as the promise itself so that concurrent calls share one run. A
 * cancelled run is forgotten (the next call starts again); a failed one is remembered as null (the job
 * list shows why; the same file would fail the same way).
 */
async function audioHeatmapFor(ctx: CoreContext, project: Project): Promise<Heatmap | null> {
  const { media } = project;
  if (!media.probe.audio) return null;
  const size = await stat(media.path).then(
    (s) => (s.isFile() ? s.size : null),
    () => null,
  );
  if (size === null) return null;
  const key = `audio-heatmap:${media.id}:${size}`;
  const existing = ctx.cache.get(key) as Promise<Heatmap | null> | undefined;
  if (existing) return existing;

  const params: AudioHeatmapParams = { key, path: media.path, name: media.name, durationSec: media.probe.durationSec };
  const job = ctx.queue.enqueue(AUDIO_HEATMAP_JOB, params, { projectId: project.id });
  const pending = ctx.queue.waitFor(job.id).then(
    (final) => {
      if (final.state === 'done') return (ctx.cache.get(key) as Promise<Heatmap | null> | undefined) ?? null;
      if (final.state === 'failed') {
        ctx.cache.set(key, Promise.resolve(null));
        return null;
      }
      forget(ctx, key, pending); // cancelled or interrupted: try again next time
      return null;
    },
    (error: unknown) => {
      forget(ctx, key, pending); // the queue is closing
      throw error;
    },
  );
  ctx.cache.set(key, pending);
  return pending;
}

function forget(ctx: CoreContext, key: string, entry: Promise<unknown>): void {
  if (ctx.cache.get(key) === entry) ctx.cache.delete(key);
}

export function chatHandlers(ctx: CoreContext): Pick<HighlighterApi, 'importChat' | 'getHeatmap'> {
  return {
    async importChat({ projectId, chatPath, shiftSec }) {
      loadProject(ctx, projectId);
      await importChatAsJob(ctx, { projectId, chatPath: resolve(chatPath), shiftSec: shiftSec ?? 0 });
      return loadProject(ctx, projectId);
    },

    async getHeatmap({ projectId }) {
      const project = loadProject(ctx, projectId);
      if (!project.chat) {
        // A Twitch project's chat is on its way (or its download needs a retry the UI offers in the
        // heatmap's place): its heatmap stays empty until then. Local recordings fall back to audio.
        return project.twitch ? null : audioHeatmapFor(ctx, project);
      }
      // Keyed by the import time, so a re-import draws a new heatmap.
      const key = `heatmap:${projectId}:${project.chat.importedAt}`;
      return cached(ctx, key, () =>
        buildHeatmap(ctx.library.chat.offsets(projectId), project.media.probe.durationSec),
      );
    },
  };
}
