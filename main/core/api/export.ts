// Export: plan the cuts (keyframe-snapped in fast mode) and run the reel export as a job.
import { access, constants, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ExportMode, ExportPlan, HighlighterApi, Project } from '../../../preload/contract';
import { AppError } from '../errors';
import { cached, type CoreContext } from '../context';
import type { JobHandler } from '../jobs/queue';
import { planExport } from '../media/exportPlan';
import { outputFormatFor } from '../media/exportArgs';
import { exportReel, removeExportLeftovers } from '../media/exportReel';
import { readKeyframeTimes } from '../media/keyframes';
import { loadProject } from './loadProject';

export interface ExportJobParams {
  projectId: number;
  videoPath: string;
  outPath: string;
  hasAudio: boolean;
  plan: ExportPlan;
}

async function planFor(ctx: CoreContext, project: Project, mode: ExportMode): Promise<ExportPlan> {
  if (project.highlights.length === 0) {
    throw new AppError('NO_HIGHLIGHTS', 'There are no highlights to export: add or detect some first.');
  }
  const { media } = project;
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

export function exportJob(ctx: CoreContext): JobHandler<ExportJobParams, { outPath: string; durationSec: number; commandLines: string[] }> {
  return {
    kind: 'export',
    concurrency: 1,
    title: (params) => `Export ${params.outPath}`,
    run: (params, job) =>
      exportReel({
        videoPath: params.videoPath,
        plan: params.plan,
        outPath: params.outPath,
        hasAudio: params.hasAudio,
        signal: job.signal,
        onProgress: job.progress,
        env: ctx.env,
      }),
    // An export cut short by a crash leaves only its temporary file behind; the target was never touched.
    cleanup: (params) => removeExportLeftovers(params.outPath),
  };
}

export function exportHandlers(
  ctx: CoreContext,
): Pick<HighlighterApi, 'planExport' | 'startExport' | 'cancelJob' | 'listJobs'> {
  return {
    async planExport({ projectId, mode }) {
      return planFor(ctx, loadProject(ctx, projectId), mode);
    },

    async startExport({ projectId, outPath, mode }) {
      const project = loadProject(ctx, projectId);
      const target = resolve(outPath);
      await checkTarget(target, project.media.path);
      const plan = await planFor(ctx, project, mode);
      const params: ExportJobParams = {
        projectId,
        videoPath: project.media.path,
        outPath: target,
        hasAudio: project.media.probe.audio !== null,
        plan,
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
