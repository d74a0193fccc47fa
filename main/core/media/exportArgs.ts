// The ffmpeg argument lists of an export, as pure functions: what is cut, how it is encoded or copied,
// how parts are joined. exportReel only runs them. The plain reference commands the benchmark compares
// against live here too, so both sides use the same encoder settings.
import { extname } from 'node:path';
import type { PlannedRange } from '../../../preload/contract';
import { AppError } from '../errors';
import { TIME_TOLERANCE_SEC } from './exportPlan';
import { ffconcatQuote, secs, type ByteSpan, type CopySegment } from './ffmpegTime';

/** Every run: overwrite our own temporary target, no banner, never read stdin, machine-readable progress. */
export const COMMON_ARGS = ['-y', '-hide_banner', '-nostdin', '-progress', 'pipe:1', '-nostats'] as const;

/** H.264 at visually transparent quality with a preset that keeps a 2-core laptop near real time. */
export const VIDEO_ENCODE_ARGS = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'] as const;
export const AUDIO_ENCODE_ARGS = ['-c:a', 'aac', '-b:a', '192k'] as const;

/**
 * Stream copy seeks to the last keyframe at or before `-ss`. Asking for a point just after the planned
 * keyframe makes sure a keyframe printed with rounded microseconds is not missed for the one before it.
 * Far below a frame (8 ms at 120 fps).
 */
export const SEEK_NUDGE_SEC = 0.001;

export type OutputFormat = 'mp4' | 'mov' | 'matroska';

const FORMATS: Record<string, OutputFormat> = { '.mp4': 'mp4', '.m4v': 'mp4', '.mov': 'mov', '.mkv': 'matroska' };

/** The muxer for a target name; given explicitly because ffmpeg writes to a temporary name. */
export function outputFormatFor(path: string): OutputFormat {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) {
    throw new AppError('BAD_ARGUMENTS', `Export to a file ending in .mp4, .mov or .mkv (got "${path}").`);
  }
  return format;
}

/** Container options: moov atom first so the reel starts playing before it is fully downloaded. */
function containerArgs(format: OutputFormat, outPath: string): string[] {
  return [...(format === 'matroska' ? [] : ['-movflags', '+faststart']), '-f', format, outPath];
}

/**
 * How far before a cut accurate mode has to seek. MP4/MOV, Matroska and AVI have an index, so seeking
 * lands on the keyframe before the cut and decoding from there is exact: 0. MPEG-TS (and other formats
 * without one) seek to a packet near the target, often past its keyframe, and the decoder then skips
 * to the next keyframe, silently dropping up to a GOP: seek earlier by the longest GOP seen plus a
 * margin, and trim to the cut in the filter graph.
 */
export function seekPrerollSec(info: { formatName: string; maxKeyframeGapSec: number | null }): number {
  if (/(^|,)(mov|mp4|matroska|webm|avi)(,|$)/.test(info.formatName)) return 0;
  return Math.min((info.maxKeyframeGapSec ?? 10) + 1, 60);
}

export interface AccurateArgsInput {
  videoPath: string;
  ranges: readonly Pick<PlannedRange, 'cutStart' | 'cutEnd'>[];
  hasAudio: boolean;
  outPath: string;
  format: OutputFormat;
  /** See seekPrerollSec; 0 for containers that seek exactly. */
  prerollSec?: number;
}

/**
 * Accurate mode, one ffmpeg run: each range is its own input (`-ss -t` before `-i` seeks fast and, when
 * re-encoding, decodes from the keyframe and drops frames before the start, so the cut is frame-exact);
 * the concat filter joins them. Each segment's timestamps are reset to 0 first, otherwise a range that
 * starts between two frames leaves a gap the constant-rate muxer fills with a duplicated frame. The end
 * is trimmed by time too: `-t` counts from the first frame kept, which for a range that starts between
 * two frames lies after the start, and would let a frame shown at the end in.
 */
export function accurateExportArgs(input: AccurateArgsInput): string[] {
  const ranges = input.ranges.filter((r) => r.cutEnd > r.cutStart);
  const preroll = input.prerollSec ?? 0;
  const trims: { start: number; end: number }[] = [];
  const inputs = ranges.flatMap((r) => {
    const seekAt = Math.max(0, r.cutStart - preroll);
    trims.push({ start: r.cutStart - seekAt, end: r.cutEnd - seekAt });
    return ['-ss', secs(seekAt), '-t', secs(r.cutEnd - seekAt), '-i', input.videoPath];
  });
  return [
    ...COMMON_ARGS,
    ...inputs,
    '-filter_complex',
    concatFilter(ranges.length, input.hasAudio, trims),
    '-map',
    '[v]',
    ...(input.hasAudio ? ['-map', '[a]'] : []),
    ...VIDEO_ENCODE_ARGS,
    ...(input.hasAudio ? AUDIO_ENCODE_ARGS : []),
    ...containerArgs(input.format, input.outPath),
  ];
}

/**
 * `trims[i]`: the part of input i to keep, in that input's own timestamps (0 = its seek point). `end` is
 * absolute because `-t`/`duration` count from the first decoded frame, which after an inexact seek, or
 * a seek between two frames, is not the seek point; `start` matters when it was seeked early (preroll).
 */
export function concatFilter(count: number, hasAudio: boolean, trims: readonly ({ start: number; end: number } | null)[] = []): string {
  const chains: string[] = [];
  let pads = '';
  for (let i = 0; i < count; i++) {
    const t = trims[i];
    const keep = t ? `${t.start > 0 ? `start=${secs(t.start)}:` : ''}end=${secs(t.end)},` : '';
    chains.push(`[${i}:v:0]${keep ? `trim=${keep}` : ''}setpts=PTS-STARTPTS[v${i}]`);
    pads += `[v${i}]`;
    if (hasAudio) {
      chains.push(`[${i}:a:0]${keep ? `atrim=${keep}` : ''}asetpts=PTS-STARTPTS[a${i}]`);
      pads += `[a${i}]`;
    }
  }
  chains.push(`${pads}concat=n=${count}:v=1:a=${hasAudio ? 1 : 0}${hasAudio ? '[v][a]' : '[v]'}`);
  return chains.join(';');
}

/**
 * Fast mode in one run (the plan comes from cutMap.ts): the source named once per cut in an ffconcat
 * list, with where to seek, how far to read and each cut's exact length, so the joins cannot drift.
 */
export function singleRunList(videoPath: string, segments: readonly CopySegment[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const s of segments) {
    lines.push(`file ${ffconcatQuote(videoPath)}`, `inpoint ${secs(s.inpointSec)}`);
    if (s.outpointSec !== null) lines.push(`outpoint ${secs(s.outpointSec)}`);
    lines.push(`duration ${secs(s.durationSec)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A `noise` bitstream filter `drop` expression that keeps only packets whose byte position in the source
 * lies in one of the spans (1 = drop). The filter changes no byte of the packets it keeps.
 */
export function keepSpansExpression(spans: readonly ByteSpan[]): string {
  const terms = spans.map((s) => (s.to === null ? `gte(pos,${s.from})` : `gte(pos,${s.from})*lt(pos,${s.to})`));
  return `not(${terms.join('+')})`;
}

/** `-bsf` value for a keep expression: commas inside an option are escaped in a filter list. */
function keepFilter(spans: readonly ByteSpan[]): string {
  return `noise=drop=${keepSpansExpression(spans).replace(/,/g, '\\,')}`;
}

/**
 * Windows limits a command line to 32,767 characters, which the keep filters of a few hundred cuts reach;
 * the per-range method has no such limit.
 */
export const MAX_COMMAND_CHARS = 30_000;

export function fitsCommandLine(bin: string, args: readonly string[]): boolean {
  // Each argument: itself, maybe two quotes, a space.
  return args.reduce((sum, arg) => sum + arg.length + 3, bin.length) <= MAX_COMMAND_CHARS;
}

export function singleRunArgs(input: {
  listPath: string;
  segments: readonly CopySegment[];
  /** False when the outpoints alone end the video exactly (see cutMap.ts). */
  filterVideo: boolean;
  hasAudio: boolean;
  outPath: string;
  format: OutputFormat;
}): string[] {
  const audio = input.hasAudio ? input.segments.map((s) => s.audio).filter((a): a is ByteSpan => a !== null) : [];
  return [
    ...COMMON_ARGS,
    // `-ss 0` taken as a timestamp keeps the concat demuxer's timestamps (each cut at its place in the
    // reel); by default ffmpeg would start the reel at the first cut's earliest packet, audio from before
    // its keyframe that the filter then drops. Not `-copyts`: with it ffmpeg 5 reports progress relative
    // to its first report.
    '-seek_timestamp', '1',
    '-ss', '0',
    '-f', 'concat',
    '-safe', '0',
    // The same file on every line: its H.264 needs no conversion to be joined (the default would
    // rewrite every packet to Annex B and back).
    '-auto_convert', '0',
    '-i', input.listPath,
    '-map', '0:v:0',
    ...(input.hasAudio ? ['-map', '0:a:0'] : []),
    '-c', 'copy',
    ...(input.filterVideo ? ['-bsf:v', keepFilter(input.segments.map((s) => s.video))] : []),
    ...(input.hasAudio ? ['-bsf:a', keepFilter(audio)] : []),
    ...containerArgs(input.format, input.outPath),
  ];
}

export interface FastPartInput {
  videoPath: string;
  cutStart: number;
  cutEnd: number;
  /** Duration of the source: a cut that ends there reads to the end instead of stopping early. */
  sourceDurationSec: number | null;
  /** pts − dts of keyframes (B-frame delay), see keyframes.readCutInfo. */
  reorderDelaySec: number;
  hasAudio: boolean;
  outPath: string;
  format: OutputFormat;
}

/**
 * Fast mode, one range to one part file, streams copied. Copy cuts happen on decode timestamps, and with
 * B-frames the keyframe that ends a cut is decoded (reorderDelay) before the last frame shown ahead of
 * it. So the video is read from its own input that stops just before that keyframe's decode time, and
 * the audio from a second input of the same file that runs to the cut end (ffmpeg skips the unused
 * streams of each input without reading them from MP4). `-copypriorss:a 0` drops the audio packets
 * from before the seek point, so each part starts with its keyframe and the parts join without gaps.
 */
export function fastPartArgs(input: FastPartInput): string[] {
  const seekAt = input.cutStart > 0 ? input.cutStart + SEEK_NUDGE_SEC : 0;
  const toEnd = input.sourceDurationSec !== null && input.cutEnd >= input.sourceDurationSec - TIME_TOLERANCE_SEC;
  const seek = seekAt > 0 ? ['-ss', secs(seekAt)] : [];
  const videoLimit = toEnd ? [] : ['-t', secs(input.cutEnd - input.reorderDelaySec - seekAt - SEEK_NUDGE_SEC)];
  const audioLimit = toEnd ? [] : ['-t', secs(input.cutEnd - seekAt)];
  return [
    ...COMMON_ARGS,
    ...seek,
    ...videoLimit,
    '-i',
    input.videoPath,
    ...(input.hasAudio ? [...seek, ...audioLimit, '-i', input.videoPath] : []),
    '-map',
    '0:v:0',
    ...(input.hasAudio ? ['-map', '1:a:0', '-copypriorss:a', '0'] : []),
    '-c',
    'copy',
    '-avoid_negative_ts',
    'make_zero',
    '-f',
    input.format,
    input.outPath,
  ];
}

/**
 * The concat demuxer's list for the parts (names relative to the list's folder, so no `-safe 0`).
 * Each part's exact duration is given: without it the demuxer places the next part after the part's
 * longest stream, and the small audio overhang of every part would add up to a drift.
 */
export function partsConcatList(parts: readonly { fileName: string; durationSec: number }[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const part of parts) lines.push(`file ${ffconcatQuote(part.fileName)}`, `duration ${secs(part.durationSec)}`);
  return `${lines.join('\n')}\n`;
}

export function fastConcatArgs(input: { listPath: string; hasAudio: boolean; outPath: string; format: OutputFormat }): string[] {
  return [
    ...COMMON_ARGS,
    '-f',
    'concat',
    '-i',
    input.listPath,
    '-map',
    '0:v:0',
    ...(input.hasAudio ? ['-map', '0:a:0'] : []),
    '-c',
    'copy',
    ...containerArgs(input.format, input.outPath),
  ];
}

// ---- Plain reference commands for the benchmark: what a user would type by hand for the same cut. ----

/** The usual hand-written accurate cut: seeking inputs joined by the concat filter, same encoder. */
export function referenceAccurateArgs(input: { videoPath: string; ranges: readonly { start: number; end: number }[]; outPath: string }): string[] {
  const inputs = input.ranges.flatMap((r) => ['-ss', secs(r.start), '-t', secs(r.end - r.start), '-i', input.videoPath]);
  const pads = input.ranges.map((_, i) => `[${i}:v:0][${i}:a:0]`).join('');
  return [
    '-y',
    '-loglevel',
    'error',
    ...inputs,
    '-filter_complex',
    `${pads}concat=n=${input.ranges.length}:v=1:a=1[v][a]`,
    '-map',
    '[v]',
    '-map',
    '[a]',
    ...VIDEO_ENCODE_ARGS,
    ...AUDIO_ENCODE_ARGS,
    // Same output form as ours (moov first), so the comparison is for equal work.
    '-movflags',
    '+faststart',
    input.outPath,
  ];
}

/** The usual hand-written lossless cut: one ffconcat list naming the source with inpoint/outpoint. */
export function referenceFastList(videoPath: string, ranges: readonly { start: number; end: number }[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const r of ranges) lines.push(`file ${ffconcatQuote(videoPath)}`, `inpoint ${secs(r.start)}`, `outpoint ${secs(r.end)}`);
  return `${lines.join('\n')}\n`;
}

export function referenceFastArgs(listPath: string, outPath: string): string[] {
  return ['-y', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', listPath, '-map', '0:v:0', '-map', '0:a:0', '-c', 'copy', '-movflags', '+faststart', outPath];
}
