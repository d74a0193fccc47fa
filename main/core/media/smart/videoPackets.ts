// What smart export reads about the source before it plans anything: the first video stream's
// parameters (what the re-encoded frames must match) and the video packets around each range (decode
// order, presentation and decode times, keyframe flags, sizes), read by ffprobe from the demuxer's index
// or packet headers, never by decoding. Only windows around the ranges are listed, so a range of an
// 8-hour recording costs what the range costs. The parsing is pure; readStreamFacts/readPacketRuns run
// ffprobe.
import { AppError } from '../../errors';
import { requireFfmpeg } from '../ffmpegPaths';
import { secs } from '../ffmpegTime';
import { csvFields } from '../keyframes';
import { runFfmpeg } from '../runFfmpeg';

export interface Rational {
  num: number;
  den: number;
}

export interface VideoStreamFacts {
  /** ffprobe's format name, e.g. "mpegts" or "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  /** The file's start time: every time below (and in the plan) is relative to it. */
  startTimeSec: number;
  durationSec: number | null;
  codec: string;
  /** As ffprobe names it: "High", "Main", "Constrained Baseline", "Main 10"…; null when unknown. */
  profile: string | null;
  /** ffprobe's level: H.264 level_idc (40 = 4.0), HEVC general_level_idc (120 = 4.0); null when unknown. */
  level: number | null;
  pixFmt: string | null;
  width: number;
  height: number;
  /** "1:1", "4:3"…; null when unknown. */
  sar: string | null;
  /** "progressive", "tt", "bb"…; null when unknown. */
  fieldOrder: string | null;
  /** r_frame_rate: the frame rate of a constant-rate stream. */
  frameRate: Rational | null;
  colorRange: string | null;
  colorSpace: string | null;
  colorPrimaries: string | null;
  colorTransfer: string | null;
  hasAudio: boolean;
}

/** One video packet, times in seconds relative to the file's start time. */
export interface VideoPacket {
  pts: number;
  dts: number | null;
  key: boolean;
  size: number;
}

/** Packets read in one go, in decode (file) order, their decode times rising steadily. */
export interface PacketRun {
  packets: VideoPacket[];
  /** The run ends where the file ends (its last window reached the end), not where a window stopped. */
  reachesFileEnd: boolean;
}

interface StreamJson {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  level?: number;
  pix_fmt?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  field_order?: string;
  r_frame_rate?: string;
  color_range?: string;
  color_space?: string;
  color_primaries?: string;
  color_transfer?: string;
  disposition?: { attached_pic?: number };
}

interface ProbeJson {
  streams?: StreamJson[];
  format?: { format_name?: string; start_time?: string; duration?: string };
}

/** Pure: the facts from `ffprobe -show_streams -show_format -of json`; null without a video stream. */
export function streamFactsFromJson(json: ProbeJson): VideoStreamFacts | null {
  const streams = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!video) return null;
  const known = (value: string | undefined) => (value && value !== 'unknown' && value !== 'N/A' ? value : null);
  const level = typeof video.level === 'number' && video.level > 0 ? video.level : null;
  return {
    formatName: json.format?.format_name ?? 'unknown',
    startTimeSec: toNumber(json.format?.start_time) ?? 0,
    durationSec: toNumber(json.format?.duration),
    codec: video.codec_name ?? 'unknown',
    profile: known(video.profile),
    level,
    pixFmt: known(video.pix_fmt),
    width: video.width ?? 0,
    height: video.height ?? 0,
    sar: normaliseSar(video.sample_aspect_ratio),
    fieldOrder: known(video.field_order),
    frameRate: parseRational(video.r_frame_rate),
    colorRange: known(video.color_range),
    colorSpace: known(video.color_space),
    colorPrimaries: known(video.color_primaries),
    colorTransfer: known(video.color_transfer),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}

/** "30000/1001" -> {30000, 1001}; null for "0/0" and garbage. */
export function parseRational(raw: string | undefined): Rational | null {
  if (!raw) return null;
  const [n, d = '1'] = raw.split('/');
  const num = Number(n);
  const den = Number(d);
  return Number.isInteger(num) && Number.isInteger(den) && num > 0 && den > 0 ? { num, den } : null;
}

/** A SAR ffprobe reports as unknown ("0:1", "N/A") means square pixels to every player. */
export function normaliseSar(raw: string | undefined): string | null {
  if (!raw || raw === 'N/A' || raw === '0:1') return null;
  return /^\d+:\d+$/.test(raw) ? raw : null;
}

export async function readStreamFacts(path: string, opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {}): Promise<VideoStreamFacts> {
  const { ffprobePath } = requireFfmpeg(opts.env);
  const { stdout } = await probe(path, () =>
    runFfmpeg(ffprobePath, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path], { signal: opts.signal }),
  );
  const facts = streamFactsFromJson(JSON.parse(stdout) as ProbeJson);
  if (!facts) throw new AppError('MEDIA_UNREADABLE', `"${path}" has no video stream.`);
  return facts;
}

/** A stretch of the file to list, in plan time (relative to the file start). */
export interface Window {
  from: number;
  to: number;
}

/**
 * Windows closer than this are listed as one: reading the gap costs less than a second seek, and one
 * continuous run is easier to trust than two that overlap.
 */
const MERGE_GAP_SEC = 2;

/** Sorted, overlapping or near windows merged. */
export function mergeWindows(windows: readonly Window[]): Window[] {
  const sorted = [...windows].sort((a, b) => a.from - b.from);
  const merged: Window[] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && w.from <= last.to + MERGE_GAP_SEC) last.to = Math.max(last.to, w.to);
    else merged.push({ ...w });
  }
  return merged;
}

/** ffprobe `-read_intervals` for the windows: on the file's own timeline, so the start time goes back on. */
export function readIntervals(windows: readonly Window[], startTimeSec: number): string {
  // A window from the very start reads from there without seeking: an MPEG-TS seek to the file's start
  // time lands past its first keyframe (decoded before it is shown).
  return windows.map((w) => `${w.from > 0 ? secs(w.from + startTimeSec) : ''}%${secs(w.to + startTimeSec)}`).join(',');
}

/**
 * Pure: `ffprobe -select_streams v:0 -show_entries packet=pts_time,dts_time,size,flags -of csv` lines
 * (`packet,1.466667,1.400000,1234,K_,…`) as packets relative to the start time. Packets without a
 * presentation time cannot be placed and make the listing unusable: null.
 */
export function parsePacketLines(lines: Iterable<string>, startTimeSec: number): VideoPacket[] | null {
  const packets: VideoPacket[] = [];
  for (const line of lines) {
    if (!line.startsWith('packet,')) continue;
    const f = csvFields(line);
    const pts = toNumber(f[1]);
    if (pts === null) return null;
    const dts = toNumber(f[2]);
    packets.push({
      pts: roundMicro(pts - startTimeSec),
      dts: dts === null ? null : roundMicro(dts - startTimeSec),
      size: toNumber(f[3]) ?? 0,
      key: (f[4] ?? '').startsWith('K'),
    });
  }
  return packets;
}

/**
 * Decode times jumping by more than this (or going back) mark where ffprobe seeked to the next window:
 * no real stream leaves a second between two frames it decodes.
 */
const RUN_BREAK_SEC = 1;

/**
 * Pure: cuts the listing into runs at every seek (see RUN_BREAK_SEC). The last run reaches the file end
 * when the last window did.
 */
export function splitRuns(packets: readonly VideoPacket[], lastWindowReachesEnd: boolean): PacketRun[] {
  const runs: PacketRun[] = [];
  let current: VideoPacket[] = [];
  let previous: VideoPacket | null = null;
  for (const p of packets) {
    if (previous) {
      const step = (p.dts ?? p.pts) - (previous.dts ?? previous.pts);
      // Without decode times (pts only) a B-frame steps back a little: only a big step back is a seek.
      const back = p.dts === null || previous.dts === null ? -RUN_BREAK_SEC : 0;
      if (step <= back || step > RUN_BREAK_SEC) {
        runs.push({ packets: current, reachesFileEnd: false });
        current = [];
      }
    }
    current.push(p);
    previous = p;
  }
  if (current.length > 0) runs.push({ packets: current, reachesFileEnd: lastWindowReachesEnd });
  return runs;
}

/** Lists the video packets of the windows (merged) and splits them into runs. */
export async function readPacketRuns(
  path: string,
  facts: Pick<VideoStreamFacts, 'startTimeSec' | 'durationSec'>,
  windows: readonly Window[],
  opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
): Promise<PacketRun[]> {
  const { ffprobePath } = requireFfmpeg(opts.env);
  const merged = mergeWindows(windows);
  const lines: string[] = [];
  const args = [
    '-v', 'error',
    '-read_intervals', readIntervals(merged, facts.startTimeSec),
    '-select_streams', 'v:0',
    '-show_entries', 'packet=pts_time,dts_time,size,flags',
    '-of', 'csv',
    path,
  ];
  await probe(path, () => runFfmpeg(ffprobePath, args, { signal: opts.signal, onLine: (line) => lines.push(line) }));
  const packets = parsePacketLines(lines, facts.startTimeSec) ?? [];
  const last = merged[merged.length - 1];
  const reachesEnd = last !== undefined && facts.durationSec !== null && last.to >= facts.durationSec;
  return splitRuns(packets, reachesEnd);
}

async function probe<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'FFMPEG_FAILED') {
      throw new AppError('MEDIA_UNREADABLE', `Cannot read the video of "${path}": ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function toNumber(raw: string | undefined): number | null {
  if (raw === undefined || raw === '' || raw === 'N/A') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

function roundMicro(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
