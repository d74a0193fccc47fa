// Runs an export plan: writes the reel to a hidden temporary file beside the target and renames it over
// the target only when ffmpeg has finished, so a failed or cancelled export never leaves a half-written
// reel (or destroys an existing one). Fast-mode parts live in a hidden temporary folder beside it.
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ExportPlan, PlannedRange } from '../../../preload/contract';
import { AppError, throwIfCancelled } from '../errors';
import type { ProgressFn } from '../progress';
import {
  accurateExportArgs,
  fastConcatArgs,
  fastPartArgs,
  outputFormatFor,
  partsConcatList,
  seekPrerollSec,
  type OutputFormat,
} from './exportArgs';
import type { FfmpegProgress } from './ffmpegProgress';
import { requireFfmpeg } from './ffmpegPaths';
import { readCutInfo } from './keyframes';
import { runFfmpeg } from './runFfmpeg';

export interface ExportReelOptions {
  videoPath: string;
  plan: ExportPlan;
  outPath: string;
  hasAudio: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  env?: NodeJS.ProcessEnv;
}

export interface ExportReelResult {
  outPath: string;
  /** Duration of the written reel as ffprobe reads it (the plan's when it cannot be read). */
  durationSec: number;
  /** Every ffmpeg command run, copy-pasteable, for the "last commands" view and bug reports. */
  commandLines: string[];
}

/** Fast mode: share of the progress bar for copying the parts; joining them takes the rest. */
const FAST_COPY_WEIGHT = 0.5;

export async function exportReel(opts: ExportReelOptions): Promise<ExportReelResult> {
  const { plan, outPath, signal } = opts;
  const { ffmpegPath, ffprobePath } = requireFfmpeg(opts.env);
  const cuts = plan.ranges.filter((r) => r.cutEnd > r.cutStart);
  if (cuts.length === 0) throw new AppError('BAD_RANGES', 'There are no ranges to export.');
  const format = outputFormatFor(outPath);
  // Renaming the finished reel over its own source would destroy the recording.
  if (resolve(outPath) === resolve(opts.videoPath)) {
    throw new AppError('BAD_ARGUMENTS', 'The reel cannot overwrite the source video; choose another file name.');
  }
  throwIfCancelled(signal);

  const tempPath = await reserveTempFile(outPath);
  const commandLines: string[] = [];
  const run = async (bin: string, args: string[], onProgress?: (p: FfmpegProgress) => void) => {
    const result = await runFfmpeg(bin, args, { signal, onProgress });
    commandLines.push(result.commandLine);
  };
  const report = opts.onProgress ?? (() => undefined);

  let partsDir: string | null = null;
  try {
    report({ fraction: 0, detail: plan.mode === 'fast' ? `range 1 of ${cuts.length}` : null, etaSec: null });
    if (plan.mode === 'accurate') {
      const info = await readCutInfo(opts.videoPath, { signal, env: opts.env });
      const args = accurateExportArgs({
        videoPath: opts.videoPath,
        ranges: cuts,
        hasAudio: opts.hasAudio,
        outPath: tempPath,
        format,
        prerollSec: seekPrerollSec(info),
      });
      await run(ffmpegPath, args, (p) => report(accurateProgress(p, cuts, plan.durationSec)));
    } else {
      partsDir = await mkdtemp(join(dirname(outPath), `.${basename(outPath)}.parts-`));
      await exportFast({ ...opts, ffmpegPath, cuts, format, tempPath, partsDir, run, report });
    }
    throwIfCancelled(signal);
    await rename(tempPath, outPath).catch((cause: unknown) => {
      throw new AppError('OUTPUT_UNWRITABLE', `Cannot replace "${outPath}": ${(cause as Error).message}.`, { cause });
    });
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  } finally {
    if (partsDir) await rm(partsDir, { recursive: true, force: true });
  }

  report({ fraction: 1, detail: null, etaSec: 0 });
  const durationSec = (await readDuration(ffprobePath, outPath)) ?? plan.durationSec;
  return { outPath, durationSec, commandLines };
}

interface FastContext extends ExportReelOptions {
  ffmpegPath: string;
  cuts: PlannedRange[];
  format: OutputFormat;
  tempPath: string;
  partsDir: string;
  run: (bin: string, args: string[], onProgress?: (p: FfmpegProgress) => void) => Promise<void>;
  report: ProgressFn;
}

/** One stream-copy run per range into the parts folder, then the concat demuxer joins the parts. */
async function exportFast(ctx: FastContext): Promise<void> {
  const { cuts, plan, report } = ctx;
  const info = await readCutInfo(ctx.videoPath, { signal: ctx.signal, env: ctx.env });
  const total = plan.durationSec;
  const ext = ctx.format === 'matroska' ? '.mkv' : `.${ctx.format}`;
  const parts: { fileName: string; durationSec: number }[] = [];
  let copiedSec = 0;

  for (const [i, cut] of cuts.entries()) {
    throwIfCancelled(ctx.signal);
    const fileName = `part-${String(i + 1).padStart(4, '0')}${ext}`;
    const length = cut.cutEnd - cut.cutStart;
    const detail = `range ${i + 1} of ${cuts.length}`;
    const args = fastPartArgs({
      videoPath: ctx.videoPath,
      cutStart: cut.cutStart,
      cutEnd: cut.cutEnd,
      sourceDurationSec: info.durationSec,
      reorderDelaySec: info.reorderDelaySec,
      hasAudio: ctx.hasAudio,
      outPath: join(ctx.partsDir, fileName),
      format: ctx.format,
    });
    const before = copiedSec;
    report({ fraction: (FAST_COPY_WEIGHT * before) / total, detail, etaSec: null });
    await ctx.run(ctx.ffmpegPath, args, (p) => {
      const done = before + clamp(p.outTimeSec ?? 0, 0, length);
      // Left: the rest of the copying plus the whole join, at the current speed.
      const etaSec = p.speed ? (total - done + total) / p.speed : null;
      report({ fraction: (FAST_COPY_WEIGHT * done) / total, detail, etaSec });
    });
    copiedSec += length;
    parts.push({ fileName, durationSec: length });
  }

  throwIfCancelled(ctx.signal);
  const listPath = join(ctx.partsDir, 'parts.ffconcat');
  await writeFile(listPath, partsConcatList(parts));
  const detail = `joining ${cuts.length} range${cuts.length === 1 ? '' : 's'}`;
  report({ fraction: FAST_COPY_WEIGHT, detail, etaSec: null });
  const args = fastConcatArgs({ listPath, hasAudio: ctx.hasAudio, outPath: ctx.tempPath, format: ctx.format });
  await ctx.run(ctx.ffmpegPath, args, (p) => {
    const done = clamp(p.outTimeSec ?? 0, 0, total);
    report({
      fraction: FAST_COPY_WEIGHT + ((1 - FAST_COPY_WEIGHT) * done) / total,
      detail,
      etaSec: p.speed ? (total - done) / p.speed : null,
    });
  });
}

/** Accurate mode is one ffmpeg run; its output time says both how far along and which range it is in. */
export function accurateProgress(p: FfmpegProgress, cuts: readonly PlannedRange[], totalSec: number): {
  fraction: number;
  detail: string | null;
  etaSec: number | null;
} {
  const done = clamp(p.outTimeSec ?? 0, 0, totalSec);
  let index = 0;
  let boundary = 0;
  for (const [i, cut] of cuts.entries()) {
    index = i;
    boundary += cut.cutEnd - cut.cutStart;
    if (done < boundary) break;
  }
  return {
    fraction: totalSec > 0 ? done / totalSec : 0,
    detail: `range ${index + 1} of ${cuts.length}`,
    etaSec: p.speed ? (totalSec - done) / p.speed : null,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * Creates the hidden temporary file (`.reel.mp4.partial-1a2b3c4d.mp4`) in the target's folder. Creating
 * it here rather than leaving that to ffmpeg turns a missing or read-only folder into a clear error
 * before any work starts.
 */
async function reserveTempFile(outPath: string): Promise<string> {
  const folder = dirname(outPath);
  const target = await stat(outPath).catch(() => null);
  if (target?.isDirectory()) throw new AppError('OUTPUT_UNWRITABLE', `"${outPath}" is a folder; choose a file name for the reel.`);
  const tempPath = join(folder, `.${basename(outPath)}.partial-${randomBytes(4).toString('hex')}${extname(outPath)}`);
  try {
    const handle = await open(tempPath, 'wx');
    await handle.close();
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'the folder does not exist'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'permission denied'
          : (cause as Error).message;
    throw new AppError('OUTPUT_UNWRITABLE', `Cannot write the reel to "${folder}": ${why}.`, { cause });
  }
  return tempPath;
}

/** Removes what an export of `outPath` cut short by a crash left behind: its temporary file and parts. */
export async function removeExportLeftovers(outPath: string): Promise<void> {
  const folder = dirname(outPath);
  const prefixes = [`.${basename(outPath)}.partial-`, `.${basename(outPath)}.parts-`];
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => prefixes.some((prefix) => name.startsWith(prefix)))
      .map((name) => rm(join(folder, name), { recursive: true, force: true })),
  );
}

async function readDuration(ffprobePath: string, path: string): Promise<number | null> {
  try {
    const { stdout } = await runFfmpeg(ffprobePath, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
    const value = Number(stdout.trim());
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
