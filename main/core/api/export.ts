// Export: plan the cuts (keyframe-snapped in fast mode) and run the export as a job, through the one
// dispatcher the CLI uses too (core/export/dispatch.ts), with the project's labels and tags.
import { access, constants, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { ExportSpecSchema, type ExportLayout, type ExportMode, type ExportPlan, type ExportSpec, type HighlighterApi, type Project } from '../../../preload/contract';
import { AppError } from '../errors';
import { cached, type CoreContext } from '../context';
import { checkSpec, dispatchExport, exportOutputs, needsRender, type DispatchResult, type ExportSource, type RangeNames } from '../export/dispatch';
import type { JobContext, JobHandler } from '../jobs/queue';
import { planExport } from '../media/exportPlan';
import { removeExportLeftovers } from '../media/exportReel';
import { readKeyframeTimes } from '../media/keyframes';
import { vodPaths } from '../twitch/vodFiles';
import { loadProject } from './loadProject';
import { accessFor, playlistFor } from './vodJobs';
import { rememberExport } from './exportSettings';

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
  /** The rest of what was asked (chapters, side files, …); absent in jobs stored by older versions. */
  spec?: ExportSpec;
  /** Label and tags of each planned range, in plan order. */
  names?: RangeNames[];
}

/** The job's spec: what was stored, with the plan's mode and the layout it was titled with. */
function specOf(params: ExportJobParams): ExportSpec {
  return ExportSpecSchema.parse({ ...params.spec, mode: params.plan.mode, layout: params.layout ?? 'reel' });
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

async function checkTarget(spec: ExportSpec, outPath: string, videoPath: string): Promise<void> {
  // Refused here, before a job exists, rather than when the job starts.
  checkSpec(spec, outPath, videoPath);
  const folder = dirname(outPath);
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo?.isDirectory()) throw new AppError('OUTPUT_UNWRITABLE', `The folder "${folder}" does not exist.`);
  await access(folder, constants.W_OK).catch((cause: unknown) => {
    throw new AppError('OUTPUT_UNWRITABLE', `Cannot write to the folder "${folder}".`, { cause });
  });
}

/** One reel, or one file per range, and the extras: the dispatcher decides. */
async function runExport(ctx: CoreContext, params: ExportJobParams, job: JobContext): Promise<DispatchResult> {
  let source: ExportSource;
  if (params.vod) {
    const { vodId, quality } = params.vod;
    source = {
      kind: 'vod',
      name: params.videoPath,
      hasAudio: params.hasAudio,
      playlist: await playlistFor(ctx, vodId, quality, job.signal),
      segmentsDir: vodPaths(ctx.library.dataDir, vodId).segments(quality),
      ...accessFor(ctx).retry,
    };
  } else {
    source = { kind: 'file', videoPath: params.videoPath, hasAudio: params.hasAudio };
  }
  return dispatchExport({
    spec: specOf(params),
    source,
    plan: params.plan,
    names: params.names,
    outPath: params.outPath,
    signal: job.signal,
    onProgress: job.progress,
    env: ctx.env,
  });
}

/** Every file an export job writes (the reel or each clip, then its side files). */
function outputsOf(params: ExportJobParams): { videos: string[]; sideFiles: string[] } {
  return exportOutputs(specOf(params), params.plan, params.outPath, params.names);
}

export function exportJob(ctx: CoreContext): JobHandler<ExportJobParams, DispatchResult> {
  return {
    kind: 'export',
    concurrency: 1,
    title: (params) => {
      if (params.layout !== 'clips') return `Export ${params.outPath}`;
      const paths = outputsOf(params).videos;
      return `Export ${paths.length} clips ${paths[0]}${paths.length > 1 ? ` … ${basename(paths.at(-1)!)}` : ''}`;
    },
    run: (params, job) => runExport(ctx, params, job),
    // An export cut short by a crash leaves temporary files behind; they go. (Clips it had finished are
    // complete files, kept: which of the files with those names it wrote is not known any more, and a
    // user's older file of the same name must not be deleted for it.)
    cleanup: async (params) => {
      // The nominal target too: a reel with extras (or clips with side files) is made in its hidden parts folder.
      await Promise.all([params.outPath, ...outputsOf(params).videos].map((path) => removeExportLeftovers(path)));
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

    async startExport({ projectId, outPath, ...asked }) {
      const spec = ExportSpecSchema.parse(asked);
      const project = loadProject(ctx, projectId);
      const target = resolve(outPath);
      await checkTarget(spec, target, project.media.path);
      // A look (vertical, preset, crossfade, loudness) re-encodes every frame: exact cuts, an accurate plan.
      const plan = await planFor(ctx, project, needsRender(spec) ? 'accurate' : spec.mode);
      const vod = undownloadedVod(ctx, projectId);
      const params: ExportJobParams = {
        projectId,
        videoPath: project.media.path,
        outPath: target,
        hasAudio: project.media.probe.audio !== null,
        plan,
        ...(vod ? { vod: { vodId: vod.vodId, quality: vod.quality } } : {}),
        layout: spec.layout,
        spec,
        // The plan keeps the highlights' order and number: range i is highlight i.
        names: project.highlights.map((h) => ({ label: h.label, tags: h.tags })),
      };
      const job = await ctx.queue.enqueue('export', params, { projectId });
      rememberExport(ctx, projectId, spec, target);
      return job;
    },

    async cancelJob({ jobId }) {
      return ctx.queue.cancel(jobId);
    },

    async listJobs() {
      return ctx.queue.list();
    },
  };
}
