// Runs an export plan: writes the reel to a hidden temporary file beside the target and renames it over
// the target only when ffmpeg has finished, so a failed or cancelled export never leaves a half-written
// reel (or destroys an existing one). Fast mode's working files (its ffconcat list, or the parts of the
// per-range method) live in a hidden temporary folder beside it.
//
// Fast mode is one ffmpeg run over the source (cutMap.ts explains how it stays exact) whenever the
// packets around the cuts show that the file allows it: read from an MP4/MOV's own index in-process, or
// else listed by ffprobe. Otherwise, e.g. for MPEG-TS, whose audio packets have no byte positions of
// their own, each range is copied by its own run and the parts are joined. Either way the reel plays
// the ranges in the plan's order (the reel order), which need not be time order.
//
// Smart mode (smart/smartExport.ts) re-encodes only the frames between each cut and the nearest keyframe
// inside the range and copies the rest; its pieces live in the parts folder too. When a smart cut is not
// safe for the file it says why, and the reel is exported in accurate mode (ranAs, fallbackReason).
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ExportMode, ExportPlan, PlannedRange } from '../../../preload/contract';
import { AppError, throwIfCancelled } from '../errors';
import type { ProgressFn } from '../progress';
import { readContainerDuration } from './containerDuration';
import { buildCutMap, listingCutInfo, type CutMap, type PacketListing } from './cutMap';
import { isMpegTs, listCutPackets } from './cutPackets';
import {
  accurateExportArgs,
  fastConcatArgs,
  fastPartArgs,
  fitsCommandLine,
  outputFormatFor,
  partsConcatList,
  seekPrerollSec,
  singleRunArgs,
  singleRunList,
  type OutputFormat,
} from './exportArgs';
import type { FfmpegProgress } from './ffmpegProgress';
import { requireFfmpeg } from './ffmpegPaths';
import { readCutInfo } from './keyframes';
import { readMp4Listing } from './mp4Index';
import { FfmpegExitError, runFfmpeg } from './runFfmpeg';
import { SmartFallback, smartExport } from './smart/smartExport';
import { reserveTempFile } from './tempFile';

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
  /** Duration the written reel's header declares, as ffprobe reads it (the plan's when it cannot be read). */
  durationSec: number;
  /** Every ffmpeg command run, copy-pasteable, for the "last commands" view and bug reports. */
  commandLines: string[];
  /** The mode that ran: the plan's, or accurate when smart cutting was not possible. */
  ranAs: ExportMode;
  /** Why smart mode fell back to accurate (for the user). */
  fallbackReason?: string;
}

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

  let workDir: string | null = null;
  let ranAs: ExportMode = plan.mode;
  let fallbackReason: string | undefined;
  try {
    report({ fraction: 0, detail: `range 1 of ${cuts.length}`, etaSec: null });
    const toProgress = (p: FfmpegProgress) => report(runProgress(p, cuts, plan.durationSec));
    const accurate = async () => {
      const info = await readCutInfo(opts.videoPath, { signal, env: opts.env });
      const args = accurateExportArgs({
        videoPath: opts.videoPath,
        ranges: cuts,
        hasAudio: opts.hasAudio,
        outPath: tempPath,
        format,
        prerollSec: seekPrerollSec(info),
      });
      await run(ffmpegPath, args, toProgress);
    };
    if (plan.mode === 'smart') {
      // Smart mode's pieces live in the parts folder; when it cannot cut exactly, accurate mode does.
      workDir = await mkdtemp(join(dirname(outPath), `.${basename(outPath)}.parts-`));
      const smartDir = workDir;
      try {
        await smartExport({
          videoPath: opts.videoPath,
          cuts,
          hasAudio: opts.hasAudio,
          outPath: tempPath,
          format,
          workDir: smartDir,
          ffmpegPath,
          run: async (bin, args, runOpts) => {
            const onProgressLine = runOpts?.onProgressLine;
            const onLine = onProgressLine
              ? (line: string) => {
                  const eq = line.indexOf('=');
                  if (eq > 0) onProgressLine(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
                }
              : undefined;
            const result = await runFfmpeg(bin, args, { signal: runOpts?.signal ?? signal, onProgress: runOpts?.onProgress, onLine });
            commandLines.push(result.commandLine);
          },
          report,
          signal,
          env: opts.env,
        });
      } catch (error) {
        if (!(error instanceof SmartFallback)) throw error;
        ranAs = 'accurate';
        fallbackReason = error.reason;
        report({ fraction: 0, detail: 'smart cut not possible: exporting in accurate mode', etaSec: null });
        await accurate();
      }
    } else if (plan.mode === 'accurate') {
      await accurate();
    } else {
      const { map, listing } = await mapCuts(opts, cuts);
      workDir = await mkdtemp(join(dirname(outPath), `.${basename(outPath)}.parts-`));
      const listPath = join(workDir, 'cuts.ffconcat');
      const args = map.ok
        ? singleRunArgs({ listPath, segments: map.segments, filterVideo: map.filterVideo, hasAudio: opts.hasAudio, outPath: tempPath, format })
        : null;
      let singleRun = map.ok && args !== null && fitsCommandLine(ffmpegPath, args);
      if (map.ok && args !== null && singleRun) {
        await writeFile(listPath, singleRunList(opts.videoPath, map.segments));
        throwIfCancelled(signal);
        singleRun = await run(ffmpegPath, args, toProgress).then(
          () => true,
          (error: unknown) => {
            if (lacksKeepFilter(error)) return false;
            throw error;
          },
        );
      }
      if (!singleRun) await exportPerRange({ ...opts, ffmpegPath, cuts, listing, format, tempPath, partsDir: workDir, run, report });
    }
    throwIfCancelled(signal);
    await rename(tempPath, outPath).catch((cause: unknown) => {
      throw new AppError('OUTPUT_UNWRITABLE', `Cannot replace "${outPath}": ${(cause as Error).message}.`, { cause });
    });
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }

  report({ fraction: 1, detail: null, etaSec: 0 });
  const durationSec = (await readContainerDuration(outPath)) ?? (await readDuration(ffprobePath, outPath)) ?? plan.durationSec;
  return { outPath, durationSec, commandLines, ranAs, ...(fallbackReason !== undefined ? { fallbackReason } : {}) };
}

/**
 * The single-run plan from the MP4 index when the file has one this reader follows and its keyframes
 * match the plan's (which ffprobe found); else from an ffprobe listing, which the per-range method can
 * use too. MPEG-TS is known not to fit without listing it.
 */
async function mapCuts(opts: ExportReelOptions, cuts: readonly PlannedRange[]): Promise<{ map: CutMap; listing: PacketListing | null }> {
  if (await isMpegTs(opts.videoPath)) return { map: { ok: false, reason: 'MPEG-TS audio packets have no byte positions of their own' }, listing: null };
  const indexed = await readMp4Listing(opts.videoPath, cuts.flatMap((c) => [c.cutStart, c.cutEnd]));
  if (indexed) {
    const map = buildCutMap({ cuts, listing: indexed, hasAudio: opts.hasAudio });
    if (map.ok) return { map, listing: indexed };
  }
  throwIfCancelled(opts.signal);
  const listing = await listCutPackets(opts.videoPath, cuts, { signal: opts.signal, env: opts.env });
  return { map: buildCutMap({ cuts, listing, hasAudio: opts.hasAudio }), listing };
}

/**
 * ffmpeg before 5.0 has no `drop` expression in its `noise` filter, so it refuses the single run's
 * command line at once; such a build still copies range by range.
 */
function lacksKeepFilter(error: unknown): boolean {
  const cause = error instanceof AppError ? error.cause : null;
  return cause instanceof FfmpegExitError && /Error parsing bitstream filter sequence 'noise=|\[noise @ [^\]]*\] Option/.test(cause.stderrTail);
}

type Run = (bin: string, args: string[], onProgress?: (p: FfmpegProgress) => void) => Promise<void>;

/** Fast mode, per-range method: share of the progress bar for copying the parts; joining takes the rest. */
const FAST_COPY_WEIGHT = 0.5;

interface PerRangeContext extends ExportReelOptions {
  ffmpegPath: string;
  cuts: PlannedRange[];
  listing: PacketListing | null;
  format: OutputFormat;
  tempPath: string;
  partsDir: string;
  run: Run;
  report: ProgressFn;
}

/**
 * For files the single run cannot cut exactly: one stream-copy run per range into the parts folder,
 * then the concat demuxer joins the parts.
 */
async function exportPerRange(ctx: PerRangeContext): Promise<void> {
  const { cuts, plan, report } = ctx;
  // The listing already holds keyframes to measure the reorder delay on; probe only if it has none.
  const info = (ctx.listing && listingCutInfo(ctx.listing)) ?? (await readCutInfo(ctx.videoPath, { signal: ctx.signal, env: ctx.env }));
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

/**
 * Progress of a run that writes the whole reel (accurate mode, single-run fast mode): its output time
 * says both how far along it is and which range it is in.
 */
export function runProgress(p: FfmpegProgress, cuts: readonly PlannedRange[], totalSec: number): {
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
