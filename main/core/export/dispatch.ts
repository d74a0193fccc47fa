// The one place an ExportSpec becomes work, for the app's export job and the CLI alike: one reel or one
// file per range, cut from a file on disk or from a VOD's segments, then what streamers post with it
// (MP4 chapters and a YouTube chapter list, the ranges as CSV and JSON).
//
// Every output appears only when complete. With no extras the reel or clips go straight to their
// targets (exportReel and exportClips rename their own temporary files). With extras the reel is cut
// into a hidden work folder beside the target (`.reel.mp4.parts-…`, which removeExportLeftovers also
// clears after a crash), chapters are muxed in by one stream-copy run into another file there, the text
// files are written there too, and only then is each renamed onto its target. A failure or cancel at any
// point removes the folder and whatever this export had already renamed into place.
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ExportMode, ExportPlan, ExportSpec } from '../../../preload/contract';
import { AppError, throwIfCancelled } from '../errors';
import { clipPathsOfPlan, exportClips, type ClipResult } from '../media/exportClips';
import { outputFormatFor, type OutputFormat } from '../media/exportArgs';
import { exportReel } from '../media/exportReel';
import { requireFfmpeg } from '../media/ffmpegPaths';
import { probeMedia } from '../media/probe';
import { runFfmpeg } from '../media/runFfmpeg';
import type { Progress, ProgressFn } from '../progress';
import { exportFromSegments } from '../twitch/segmentExport';
import type { MediaPlaylist } from '../twitch/types';
import { computeChapters, ffmetadata, youtubeChapters, youtubeWarnings, type NamedRange } from './chapters';
import { renderClips } from './render/parallelClips';
import { renderReel } from './render/renderReel';
import { rangesCsv, rangesJson, sideFilePaths } from './sideFiles';
import { refuseFolderTarget, unwritable } from '../media/tempFile';

/** What the user called a range: its label ('' for none) and the detector's tags. */
export interface RangeNames {
  label: string;
  tags: readonly string[];
}

/** Where the frames come from. */
export type ExportSource =
  | { kind: 'file'; videoPath: string; hasAudio: boolean }
  /** A VOD whose video is not downloaded: only the segments the ranges need are fetched. */
  | {
      kind: 'vod';
      /** What the side files call the source (the VOD project's video file). */
      name: string;
      hasAudio: boolean;
      playlist: MediaPlaylist;
      segmentsDir: string;
      retries?: number;
      baseDelayMs?: number;
      concurrency?: number;
    };

export interface DispatchOptions {
  spec: ExportSpec;
  source: ExportSource;
  /** The planned ranges in reel order (planExport; its mode is the one that runs). */
  plan: ExportPlan;
  /** The names of plan.ranges, in the same order; missing entries have none. */
  names?: readonly RangeNames[];
  /** The reel, or with layout 'clips' the name the clips are named after. */
  outPath: string;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  env?: NodeJS.ProcessEnv;
}

export interface DispatchResult {
  /** The reel, or the first clip. */
  outPath: string;
  /** Every clip, with layout 'clips'. */
  outPaths?: string[];
  /** The reel's duration as its header says, or the sum of the clips'. */
  durationSec: number;
  /** Every ffmpeg command run, copy-pasteable. */
  commandLines: string[];
  /** The mode that ran. */
  mode: ExportMode;
  /** Why smart mode fell back to accurate (the reel, or the first clip that did). */
  fallbackReason?: string;
  /** The text files written beside the video: chapter list, CSV, JSON (those asked for). */
  sidePaths: string[];
  /** The YouTube chapter list, when chapters were asked for. */
  chaptersPath?: string;
  /** What the user should know: e.g. which of YouTube's chapter rules the reel breaks. */
  warnings: string[];
}

/** x264 CRF the re-encoded parts use today (exportArgs' VIDEO_ENCODE_ARGS). */
const DEFAULT_QUALITY = 20;

/** The spec's options that need every frame decoded and re-rendered (the renderer, not built yet). */
function renderOptions(spec: Pick<ExportSpec, 'vertical' | 'preset' | 'crossfadeSec' | 'loudnorm'>): string[] {
  const asked: string[] = [];
  if (spec.vertical) asked.push('Vertical video');
  if (spec.preset !== 'source') asked.push(`The ${spec.preset} size preset`);
  if (spec.crossfadeSec > 0) asked.push('Crossfade between ranges');
  if (spec.loudnorm) asked.push('Loudness normalisation');
  return asked;
}

/**
 * Whether the export needs the renderer (vertical, a size preset, crossfade, loudness): those decode and
 * re-encode everything, so they run in accurate mode whatever the spec's mode. The branch on it is in
 * dispatchExport.
 */
export function needsRender(spec: Pick<ExportSpec, 'vertical' | 'preset' | 'crossfadeSec' | 'loudnorm'>): boolean {
  return renderOptions(spec).length > 0;
}

function notAvailable(what: string[]): AppError {
  const list = what.length === 1 ? what[0]! : `${what.slice(0, -1).join(', ')} and ${what.at(-1)!.toLowerCase()}`;
  return new AppError('BAD_ARGUMENTS', `${list} ${what.length === 1 ? 'is' : 'are'} not available yet.`);
}

/**
 * Refuses what this version cannot do and what makes no sense, before any job starts (dispatchExport
 * checks again): re-encoding options, chapters on separate clips, an output type without a muxer, a
 * target that is the source.
 */
export function checkSpec(spec: ExportSpec, outPath: string, sourcePath?: string): void {
  if (spec.quality !== DEFAULT_QUALITY && spec.mode !== 'fast' && !needsRender(spec)) {
    throw notAvailable([`Choosing the quality of re-encoded parts without a look (CRF ${spec.quality}; they use ${DEFAULT_QUALITY})`]);
  }
  if (spec.chapters && spec.layout === 'clips') {
    throw new AppError('BAD_ARGUMENTS', 'Chapters are for a reel: separate clips hold one range each. Export a reel, or turn chapters off.');
  }
  outputFormatFor(outPath);
  if (sourcePath !== undefined) {
    const source = resolve(sourcePath);
    if (resolve(outPath) === source) {
      throw new AppError('BAD_ARGUMENTS', 'The reel cannot overwrite the source video; choose another file name.');
    }
    const side = sideFilePaths(outPath);
    const written = [...(spec.chapters ? [side.chapters] : []), ...(spec.sideFiles ? [side.csv, side.json] : [])];
    if (written.some((p) => resolve(p) === source)) {
      throw new AppError('BAD_ARGUMENTS', 'A file written beside the reel would overwrite the source video; choose another file name.');
    }
  }
}

/** Every file the export writes: the reel or each clip, and the text files beside them (for job titles and cleanup). */
export function exportOutputs(
  spec: ExportSpec,
  plan: ExportPlan,
  outPath: string,
  names: readonly RangeNames[] = [],
): { videos: string[]; sideFiles: string[] } {
  const videos =
    spec.layout === 'clips'
      ? clipPathsOfPlan(plan, outPath, names.map((n) => n.label)).filter((p): p is string => p !== null)
      : [outPath];
  const side = sideFilePaths(outPath);
  return { videos, sideFiles: [...(spec.chapters ? [side.chapters] : []), ...(spec.sideFiles ? [side.csv, side.json] : [])] };
}

/** Share of the progress bar the cutting takes when extras follow (they are quick: a remux, small files). */
const CUT_SHARE = 0.97;

export async function dispatchExport(opts: DispatchOptions): Promise<DispatchResult> {
  const { spec, plan, signal } = opts;
  checkSpec(spec, opts.outPath, opts.source.kind === 'file' ? opts.source.videoPath : undefined);
  // Vertical, presets, crossfades and loudness decode every frame: the renderer cuts instead of exportReel.
  const render = needsRender(spec) ? await renderSetup(opts) : null;

  const report = opts.onProgress ?? (() => undefined);
  const extras = spec.chapters || spec.sideFiles;
  const share = extras ? CUT_SHARE : 1;
  const cutProgress: ProgressFn = (p: Progress) => report({ ...p, fraction: p.fraction * share });
  const named: NamedRange[] = plan.ranges.map((r, i) => ({ ...r, label: opts.names?.[i]?.label ?? '', tags: opts.names?.[i]?.tags ?? [] }));
  const cutOne = (one: ExportPlan, outPath: string, onProgress: ProgressFn): Promise<ClipResult> =>
    render ? render.reel(one, outPath, onProgress) : cutReel(opts, one, outPath, onProgress);

  if (spec.layout === 'clips') {
    const labels = named.map((r) => r.label);
    // Rendered clips encode in parallel (bounded by the cores); copied ones are quick one by one.
    const clips = render ? await render.clips(labels, cutProgress) : await exportClips(plan, opts.outPath, cutOne, cutProgress, labels);
    const base = { ...clips, mode: clips.ranAs ?? plan.mode, sidePaths: [] as string[], warnings: [] as string[] };
    if (!spec.sideFiles) return base;
    try {
      const side = sideFilePaths(opts.outPath);
      const json = rangesJson({
        sourcePath: sourceName(opts),
        outPath: opts.outPath,
        layout: 'clips',
        mode: plan.mode,
        ranges: named,
        clipPaths: clipPathsOfPlan(plan, opts.outPath, labels),
      });
      await withWorkDir(opts.outPath, async (dir) => {
        const moves = await writeSideFiles(dir, named, json, side);
        throwIfCancelled(signal);
        await commit(moves);
      });
      report({ fraction: 1, detail: null, etaSec: 0 });
      return { ...base, sidePaths: [side.csv, side.json] };
    } catch (error) {
      await Promise.all(clips.outPaths.map((path) => rm(path, { force: true })));
      throw error;
    }
  }

  if (!extras) {
    const result = await cutOne(plan, opts.outPath, report);
    return { ...result, outPath: opts.outPath, mode: result.ranAs ?? plan.mode, sidePaths: [], warnings: [] };
  }

  const ext = extname(opts.outPath);
  const format = outputFormatFor(opts.outPath);
  const side = sideFilePaths(opts.outPath);
  return withWorkDir(opts.outPath, async (dir) => {
    const reelTemp = join(dir, `reel${ext}`);
    const result = await cutOne(plan, reelTemp, cutProgress);
    const commandLines = [...result.commandLines];
    const moves: [string, string][] = [];
    const warnings: string[] = [];
    let finished = reelTemp;
    if (spec.chapters) {
      throwIfCancelled(signal);
      report({ fraction: CUT_SHARE, detail: 'adding chapters', etaSec: null });
      // Crossfades overlap consecutive ranges: each chapter starts that much earlier per fade before it.
      const chapters = computeChapters(named, render ? spec.crossfadeSec : 0);
      const metaPath = join(dir, 'chapters.ffmeta');
      await writeFile(metaPath, ffmetadata(chapters), 'utf8');
      finished = join(dir, `chaptered${ext}`);
      const { ffmpegPath } = requireFfmpeg(opts.env);
      const run = await runFfmpeg(ffmpegPath, chapterRemuxArgs(reelTemp, metaPath, finished, format), { signal });
      commandLines.push(run.commandLine);
      const listPath = join(dir, 'chapters.txt');
      await writeFile(listPath, youtubeChapters(chapters), 'utf8');
      moves.push([listPath, side.chapters]);
      warnings.push(...youtubeWarnings(chapters));
    }
    if (spec.sideFiles) {
      const json = rangesJson({ sourcePath: sourceName(opts), outPath: opts.outPath, layout: 'reel', mode: plan.mode, ranges: named });
      moves.push(...(await writeSideFiles(dir, named, json, side)));
    }
    throwIfCancelled(signal);
    await commit([[finished, opts.outPath], ...moves]);
    report({ fraction: 1, detail: null, etaSec: 0 });
    return {
      outPath: opts.outPath,
      durationSec: result.durationSec,
      commandLines,
      mode: result.ranAs ?? plan.mode,
      ...(result.fallbackReason !== undefined ? { fallbackReason: result.fallbackReason } : {}),
      sidePaths: moves.map(([, to]) => to),
      ...(spec.chapters ? { chaptersPath: side.chapters } : {}),
      warnings,
    };
  });
}

/**
 * The renderer for what needs every frame decoded (needsRender): a reel, or the clips in parallel, from
 * the source file's frames (its size and rate probed once). The plan is an accurate one (exact cuts).
 */
async function renderSetup(opts: DispatchOptions): Promise<{
  reel(plan: ExportPlan, outPath: string, onProgress: ProgressFn): Promise<ClipResult>;
  clips(labels: string[], onProgress: ProgressFn): ReturnType<typeof exportClips>;
}> {
  const { source, spec, signal, env } = opts;
  if (source.kind !== 'file') {
    throw new AppError('BAD_ARGUMENTS', `${renderOptions(spec).join(', ')} need the whole video: download the VOD's video first.`);
  }
  const probe = await probeMedia(source.videoPath, { env, signal });
  if (!probe.video) throw new AppError('BAD_ARGUMENTS', `${renderOptions(spec).join(', ')} need a video stream; this file has none.`);
  const video = { width: probe.video.width, height: probe.video.height, fps: probe.video.fps };
  const rangesOf = (plan: ExportPlan) => plan.ranges.map((r) => ({ start: r.start, end: r.end }));
  const base = { videoPath: source.videoPath, hasAudio: source.hasAudio, source: video, spec, signal, env };
  return {
    reel: (plan, outPath, onProgress) => renderReel({ ...base, ranges: rangesOf(plan), outPath, onProgress }),
    clips: (labels, onProgress) => renderClips({ ...base, ranges: rangesOf(opts.plan), outPath: opts.outPath, labels, onProgress }),
  };
}

/** One reel of `plan` at `outPath`, from a file or from a VOD's segments (each renames its own temporary file). */
async function cutReel(opts: DispatchOptions, plan: ExportPlan, outPath: string, onProgress: ProgressFn): Promise<ClipResult> {
  const { source, signal, env } = opts;
  if (source.kind === 'file') {
    return exportReel({ videoPath: source.videoPath, plan, outPath, hasAudio: source.hasAudio, signal, onProgress, env });
  }
  // The segments are re-planned on the downloaded copy; chapters follow this plan, whose fast-mode cuts
  // are the segment starts (keyframes the copy has for sure).
  return exportFromSegments({
    playlist: source.playlist,
    segmentsDir: source.segmentsDir,
    ranges: plan.ranges.map((r) => ({ start: r.start, end: r.end })),
    mode: plan.mode,
    outPath,
    hasAudio: source.hasAudio,
    concurrency: source.concurrency,
    retries: source.retries,
    baseDelayMs: source.baseDelayMs,
    signal,
    onProgress,
    env,
  });
}

function sourceName(opts: DispatchOptions): string {
  return opts.source.kind === 'file' ? opts.source.videoPath : opts.source.name;
}

/**
 * The reel with the chapters of an FFMETADATA1 file: one stream copy, nothing re-encoded. The metadata
 * file's global tags replace the reel's (there are none worth keeping); MP4/MOV get a chapter track,
 * Matroska its chapters.
 */
export function chapterRemuxArgs(reelPath: string, metaPath: string, outPath: string, format: OutputFormat): string[] {
  return [
    '-y', '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
    '-i', reelPath,
    '-f', 'ffmetadata', '-i', metaPath,
    '-map', '0', '-map_metadata', '1', '-map_chapters', '1',
    '-c', 'copy',
    ...(format === 'matroska' ? [] : ['-movflags', '+faststart']),
    '-f', format,
    outPath,
  ];
}

async function writeSideFiles(
  dir: string,
  ranges: readonly NamedRange[],
  json: ReturnType<typeof rangesJson>,
  side: ReturnType<typeof sideFilePaths>,
): Promise<[string, string][]> {
  const csvTemp = join(dir, 'ranges.csv');
  const jsonTemp = join(dir, 'ranges.json');
  await writeFile(csvTemp, rangesCsv(ranges), 'utf8');
  await writeFile(jsonTemp, `${JSON.stringify(json, null, 2)}\n`, 'utf8');
  return [
    [csvTemp, side.csv],
    [jsonTemp, side.json],
  ];
}

/**
 * Runs `work` with a hidden folder beside `outPath` (named like exportReel's parts folder, so
 * removeExportLeftovers clears it after a crash) and removes the folder afterwards, whatever happened.
 */
async function withWorkDir<T>(outPath: string, work: (dir: string) => Promise<T>): Promise<T> {
  const folder = dirname(outPath);
  await refuseFolderTarget(outPath);
  let dir: string;
  try {
    dir = await mkdtemp(join(folder, `.${basename(outPath)}.parts-`));
  } catch (cause) {
    throw unwritable(folder, cause);
  }
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Renames each finished file onto its target, in order; if one fails, those already moved go again. */
async function commit(moves: readonly (readonly [string, string])[]): Promise<void> {
  const moved: string[] = [];
  try {
    for (const [from, to] of moves) {
      await rename(from, to);
      moved.push(to);
    }
  } catch (cause) {
    await Promise.all(moved.map((path) => rm(path, { force: true })));
    const target = moves[moved.length]?.[1] ?? '';
    throw new AppError('OUTPUT_UNWRITABLE', `Cannot replace "${target}": ${(cause as Error).message}.`, { cause });
  }
}
