// Keyframe times of the first video stream, read from packet flags (the demuxer's index, never a decoded
// frame), so even hours of video take seconds. Times are on the timeline `-ss` uses: relative to the
// file's start time (MPEG-TS recordings start at 1.4 s or more, not 0).
import { AppError } from '../errors';
import { requireFfmpeg } from './ffmpegPaths';
import { runFfmpeg } from './runFfmpeg';

export interface KeyframeReadOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Only the first `limitSec` seconds (ffprobe -read_intervals), for a cheap sample. */
  limitSec?: number;
}

/** One video packet from ffprobe's csv listing. */
export interface PacketInfo {
  ptsSec: number | null;
  dtsSec: number | null;
  key: boolean;
}

/** All keyframe times in seconds, sorted, unique. */
export async function readKeyframeTimes(path: string, opts: KeyframeReadOptions = {}): Promise<number[]> {
  const listing = await readVideoPackets(path, opts, 'pts_time,flags', (packet) => packet.key);
  return keyframeTimes(listing.packets, listing.startTimeSec);
}

/** What cutting needs to know about a file beyond its keyframe times, from a sample of its start. */
export interface CutInfo {
  /** ffprobe's format name, e.g. "mpegts" or "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  durationSec: number | null;
  /**
   * How long a keyframe is decoded before it is shown (pts − dts): the B-frame reorder delay. Copy cuts
   * stop on decode timestamps, so fast export needs it to stop right before the keyframe that ends a cut.
   */
  reorderDelaySec: number;
  /** Longest distance between keyframes in the sample, null when it held fewer than two. */
  maxKeyframeGapSec: number | null;
}

/** Seconds of the file sampled by readCutInfo: several GOPs of any sane encoder, a fraction of a second to read. */
const CUT_INFO_SAMPLE_SEC = 30;

export async function readCutInfo(path: string, opts: Omit<KeyframeReadOptions, 'limitSec'> = {}): Promise<CutInfo> {
  const listing = await readVideoPackets(path, { ...opts, limitSec: CUT_INFO_SAMPLE_SEC }, 'pts_time,dts_time,flags', (p) => p.key);
  const times = keyframeTimes(listing.packets, listing.startTimeSec);
  let maxGap: number | null = null;
  for (let i = 1; i < times.length; i++) maxGap = Math.max(maxGap ?? 0, (times[i] as number) - (times[i - 1] as number));
  return {
    formatName: listing.formatName,
    durationSec: listing.durationSec,
    reorderDelaySec: reorderDelay(listing.packets),
    maxKeyframeGapSec: maxGap === null ? null : roundMicro(maxGap),
  };
}

async function readVideoPackets(
  path: string,
  opts: KeyframeReadOptions,
  entries: string,
  keep: (packet: PacketInfo) => boolean,
): Promise<{ packets: PacketInfo[]; formatName: string; startTimeSec: number; durationSec: number | null }> {
  const { ffprobePath } = requireFfmpeg(opts.env);
  const args = [
    '-v', 'error',
    ...(opts.limitSec !== undefined ? ['-read_intervals', `%+${opts.limitSec}`] : []),
    '-select_streams', 'v:0',
    '-show_entries', `packet=${entries}:format=format_name,start_time,duration`,
    '-of', 'csv',
    path,
  ];
  const packets: PacketInfo[] = [];
  let formatName = 'unknown';
  let startTimeSec = 0;
  let durationSec: number | null = null;
  const wantsDts = entries.includes('dts_time');
  try {
    await runFfmpeg(ffprobePath, args, {
      signal: opts.signal,
      onLine: (line) => {
        if (line.startsWith('format,')) {
          const [, name, start, duration] = csvFields(line);
          formatName = name || formatName;
          startTimeSec = toSeconds(start) ?? 0;
          durationSec = toSeconds(duration);
          return;
        }
        const packet = parsePacketLine(line, wantsDts);
        if (packet && keep(packet)) packets.push(packet);
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'FFMPEG_FAILED') {
      throw new AppError('MEDIA_UNREADABLE', `Cannot read the keyframes of "${path}": ${error.message}`, { cause: error });
    }
    throw error;
  }
  return { packets, formatName, startTimeSec, durationSec };
}

/**
 * One line of `-show_entries packet=pts_time[,dts_time],flags -of csv`, e.g. `packet,2.000000,K_` or
 * `packet,1.466667,1.400000,K_,side_data,` (MPEG-TS adds side data). Null for other lines.
 */
export function parsePacketLine(line: string, withDts = false): PacketInfo | null {
  if (!line.startsWith('packet,')) return null;
  const fields = line.split(',');
  const pts = toSeconds(fields[1]);
  const dts = withDts ? toSeconds(fields[2]) : null;
  const flags = fields[withDts ? 3 : 2] ?? '';
  return { ptsSec: pts, dtsSec: dts, key: flags.startsWith('K') };
}

/** Splits one csv line; ffprobe quotes fields that contain commas ("mov,mp4,m4a,3gp,3g2,mj2"). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function toSeconds(raw: string | undefined): number | null {
  if (raw === undefined || raw === '' || raw === 'N/A') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** Keyframe packets -> sorted unique times relative to the file start. */
export function keyframeTimes(packets: readonly PacketInfo[], startTimeSec: number): number[] {
  const times = packets
    .filter((p) => p.key && p.ptsSec !== null)
    .map((p) => roundMicro(Math.max(0, (p.ptsSec as number) - startTimeSec)))
    .sort((a, b) => a - b);
  return times.filter((t, i) => i === 0 || t !== times[i - 1]);
}

/** Largest pts − dts over the keyframes seen (0 without B-frames). */
export function reorderDelay(packets: readonly PacketInfo[]): number {
  let delay = 0;
  for (const p of packets) {
    if (p.key && p.ptsSec !== null && p.dtsSec !== null) delay = Math.max(delay, p.ptsSec - p.dtsSec);
  }
  return roundMicro(delay);
}

/** Median distance between consecutive keyframes, null with fewer than two. */
export function medianInterval(times: readonly number[]): number | null {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push((times[i] as number) - (times[i - 1] as number));
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 === 1 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
  return roundMicro(median);
}

// ffprobe prints microseconds; subtracting the start time must not add float noise like 1.9999999998.
function roundMicro(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
