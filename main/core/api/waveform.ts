// getWaveform: the peaks of a project's audio for the timeline, read once by ffmpeg in a `waveform`
// job and cached in the library folder (media/waveformFile.ts). The call never waits for the job: it
// answers null and starts one, and a `waveform` event says when to ask again (a `project` event would
// make the editor reload the whole project).
import type { HighlighterApi, Waveform } from '../../../preload/contract';
import { AppError } from '../errors';
import type { CoreContext } from '../context';
import type { JobHandler } from '../jobs/queue';
import { fileStamp } from '../media/fileStamp';
import { readWaveformPeaks, waveformBinSec } from '../media/waveform';
import { readWaveformFile, removeWaveformLeftovers, waveformFilePath, writeWaveformFile } from '../media/waveformFile';
import { loadProject } from './loadProject';

export const WAVEFORM_JOB = 'waveform';

interface WaveformParams {
  projectId: number;
  mediaId: number;
  path: string;
  name: string;
  durationSec: number;
}

/**
 * Per file version (media id, size, mtime): a job of it is underway, or it failed in this process (the
 * job list says why; the same file would fail the same way, so it is not retried on every call).
 */
type RunState = 'running' | 'failed';
const stateKey = (mediaId: number, size: number, mtimeMs: number) => `waveform:${mediaId}:${size}:${mtimeMs}`;

/**
 * An hour of audio takes a few seconds to decode, twelve hours a minute: a job, with progress and
 * cancel. Not resumable: a run cut short by closing the app is marked interrupted, and the next
 * getWaveform starts it again.
 */
export function waveformJob(ctx: CoreContext): JobHandler<WaveformParams, { bins: number; binSec: number }> {
  return {
    kind: WAVEFORM_JOB,
    concurrency: 1,
    title: (params) => `Waveform of ${params.name}`,
    async run(params, job) {
      // Stamped before reading: a file replaced while it is read is not cached as the new one.
      const stamp = await fileStamp(params.path);
      if (!stamp) throw new AppError('MEDIA_UNREADABLE', `Cannot draw the waveform: "${params.path}" is gone or cannot be read.`);
      const waveform = await readWaveformPeaks(params.path, params.durationSec, {
        signal: job.signal,
        onProgress: job.progress,
        env: ctx.env,
      });
      await writeWaveformFile(waveformFilePath(ctx.library.dataDir, params.mediaId), stamp, waveform);
      ctx.emit('waveform', { projectId: params.projectId });
      return { bins: waveform.peaks.length, binSec: waveform.binSec };
    },
    cleanup: (params) => removeWaveformLeftovers(waveformFilePath(ctx.library.dataDir, params.mediaId)),
  };
}

async function waveformOf(ctx: CoreContext, projectId: number): Promise<Waveform | null> {
  const project = loadProject(ctx, projectId);
  const { media } = project;
  const durationSec = media.probe.durationSec;
  if (!media.probe.audio) return { binSec: waveformBinSec(durationSec), peaks: [], durationSec };
  // A VOD still downloading has no whole file to read yet; the `project` event of its end says to ask again.
  if (project.twitch && project.twitch.video !== 'complete') return null;
  const stamp = await fileStamp(media.path);
  if (!stamp) return null;

  const cached = await readWaveformFile(waveformFilePath(ctx.library.dataDir, media.id), stamp);
  if (cached) return cached;
  const key = stateKey(media.id, stamp.size, stamp.mtimeMs);
  if (ctx.cache.has(key)) return null; // running, or failed before

  const params: WaveformParams = { projectId, mediaId: media.id, path: media.path, name: media.name, durationSec };
  const job = ctx.queue.enqueue(WAVEFORM_JOB, params, { projectId });
  ctx.cache.set(key, 'running' satisfies RunState);
  ctx.queue.waitFor(job.id).then(
    (final) => {
      if (final.state === 'failed') ctx.cache.set(key, 'failed' satisfies RunState);
      else ctx.cache.delete(key); // done: the file answers from now on; cancelled: try again next time
    },
    () => ctx.cache.delete(key), // the queue is closing
  );
  return null;
}

export function waveformHandlers(ctx: CoreContext): Pick<HighlighterApi, 'getWaveform'> {
  return {
    getWaveform: ({ projectId }) => waveformOf(ctx, projectId),
  };
}
