// Export: plan the cuts (keyframe-snapped in fast mode) and run the reel export as a job.
import { access, constants, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ExportLayout, ExportMode, ExportPlan, HighlighterApi, Project } from '../../../preload/contract';
import { AppError } from '../errors';
import { cached, type CoreContext } from '../context';
import type { JobContext, JobHandler } from '../jobs/queue';
import { clipPaths, exportClips } from '../media/exportClips';
import { planExport } from '../media/exportPlan';
import type { ProgressFn } from '../progress';
import { outputFormatFor } from '../media/exportArgs';
import { exportReel, removeExportLeftovers } from '../media/exportReel';
import { readKeyframeTimes } from '../media/keyframes';
import { exportFromSegments } from '../twitch/segmentExport';
import { vodPaths } from '../twitch/vodFiles';
import { loadProject } from './loadProject';
import { accessFor, playlistFor } from './vodJobs';

export interface ExportJobParams {
  projectId: number;
  videoPath: string;
  outPath: string;
  hasAudio: boolean;
  plan: ExportPlan;
  /** A VOD whose video is not downloaded: the job fetches only the segments the ranges need. */
  vod?: { vodId: string; quality: string };
  /** One reel (default), or one file per range named after outPath (reel-01.mp4, …). */
  layout?: ExportLayout;
}

/** The VOD behind the project when its video is not (fully) on disk yet. */
function undownloadedVod(ctx: CoreContext, projectId: number) {
  const vod = ctx.library.vods.byProject(projectId);
  return vod && vod.videoState !== 'complete' ? vod : null;
}

async function planFor(ctx: CoreContext, project: Project, mode: ExportMode): Promise<ExportPlan> {
  if (project.highlights.length === 0) {
    throw new AppError('NO_HIGHLIGHTS', 'There are no highlights to export: add or detect some first.');
  }
  const { media } = project;
  const vod = undownloadedVod(ctx, project.id);
  if (vod) {
    // Twitch segments start at keyframes: until the segments are fetched (by the job, which plans again
    // on them), their starts are the keyframes this plan can promise.
    const playlist = await playlistFor(ctx, vod.vodId, vod.quality);
    const keyframes = mode === 'fast' ? playlist.segments.map((s) => s.startSec) : undefined;
    return planExport({ ranges: project.highlights, mode, durationSec: playlist.totalSec, keyframes });
  }
  const keyframes =
    mode === 'fast'
      ? await cached(ctx, `keyframes:${media.id}:${media.probe.sizeBytes}`, () =>
          readKeyframeTimes(media.path, { env: ctx.env }),
        )
      : undefined;
  return planExport({ ranges: project.highlights, mode, durationSec: media.probe.durationSec, keyframes });
}

async function checkTarget(outPath: string, videoPath: string): Promise<void> {
  // Refused here, before a job exists, rather than when the job starts.
  outputFormatFor(outPath);
  if (resolve(outPath) === resolve(videoPath)) {
    throw new AppError('BAD_ARGUMENTS', 'The reel cannot overwrite the source video; choose another file name.');
  }
  const folder = dirname(outPath);
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo?.isDirectory()) throw new AppError('OUTPUT_UNWRITABLE', `The folder "${folder}" does not exist.`);
  await access(folder, constants.W_OK).catch((cause: unknown) => {
    throw new AppError('OUTPUT_UNWRITABLE', `Cannot write to the folder "${folder}".`, { cause });
  });
}

async function exportVodRanges(
  ctx: CoreContext,
  params: ExportJobParams,
  vod: { vodId: string; quality: string },
  plan: ExportPlan,
  outPath: string,
  signal: AbortSignal,
  onProgress: ProgressFn,
): Promise<{ outPath: string; durationSec: number; commandLines: string[] }> {
  const playlist = await playlistFor(ctx, vod.vodId, vod.quality, signal);
  const access = accessFor(ctx);
  const result = await exportFromSegments({
    playlist,
    segmentsDir: vodPaths(ctx.library.dataDir, vod.vodId).segments(vod.quality),
    ranges: plan.ranges.map((r) => ({ start: r.start, end: r.end })),
    mode: plan.mode,
    outPath,
    hasAudio: params.hasAudio,
    signal,
    onProgress,
    env: ctx.env,
    ...access.retry,
  });
  return { outPath: result.outPath, durationSec: result.durationSec, commandLines: result.commandLines };
}

/** One reel, or one file per range: the same cut either way. */
function runExport(ctx: CoreContext, params: ExportJobParams, job: JobContext) {
  const exportOne = (plan: ExportPlan, outPath: string, onProgress: ProgressFn) =>
    params.vod
      ? exportVodRanges(ctx, params, params.vod, plan, outPath, job.signal, onProgress)
      : exportReel({ videoPath: params.videoPath, plan, outPath, hasAudio: params.hasAudio, signal: job.signal, onProgress, env: ctx.env });
  return params.layout === 'clips'
    ? exportClips(params.plan, params.outPath, exportOne, job.progress)
    : exportOne(params.plan, params.outPath, job.progress);
}

/** Every file an export job writes (the reel, or each clip). */
function outputsOf(params: ExportJobParams): string[] {
  return params.layout === 'clips' ? clipPaths(params.outPath, params.plan.ranges.length) : [params.outPath];
}

export function exportJob(ctx: CoreContext): JobHandler<ExportJobParams, { outPath: string; outPaths?: string[]; durationSec: number; commandLines: string[] }> {
  return {
    kind: 'export',
    concurrency: 1,
    title: (params) => {
      if (params.layout !== 'clips') return `Export ${params.outPath}`;
      const paths = outputsOf(params);
      return `Export ${paths.length} clips ${paths[0]}${paths.length > 1 ? ` … ${basename(paths.at(-1)!)}` : ''}`;
    },
    run: (params, job) => runExport(ctx, params, job),
    // An export cut short by a crash leaves temporary files behind; they go. (Clips it had finished are
    // complete files, kept: which of the files with those names it wrote is not known any more, and a
    // user's older file of the same name must not be deleted for it.)
    cleanup: async (params) => {
      await Promise.all(outputsOf(params).map((path) => removeExportLeftovers(path)));
    },
  };
}

export function exportHandlers(
  ctx: CoreContext,
): Pick<HighlighterApi, 'planExport' | 'startExport' | 'cancelJob' | 'listJobs'> {
  return {
    async planExport({ projectId, mode }) {
      return planFor(ctx, loadProject(ctx, projectId), mode);
    },

    async startExport({ projectId, outPath, mode, layout }) {
      const project = loadProject(ctx, projectId);
      const target = resolve(outPath);
      await checkTarget(target, project.media.path);
      const plan = await planFor(ctx, project, mode);
      const vod = undownloadedVod(ctx, projectId);
      const params: ExportJobParams = {
        projectId,
        videoPath: project.media.path,
        outPath: target,
        hasAudio: project.media.probe.audio !== null,
        plan,
        ...(vod ? { vod: { vodId: vod.vodId, quality: vod.quality } } : {}),
        layout,
      };
      return ctx.queue.enqueue('export', params, { projectId });
    },

    async cancelJob({ jobId }) {
      return ctx.queue.cancel(jobId);
    },

    async listJobs() {
      return ctx.queue.list();
    },
  };
}
