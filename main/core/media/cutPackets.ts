// The packet listing cutMap.ts decides from: one ffprobe run that seeks to each cut point the way the
// concat demuxer will and lists the packets there (stream, times, byte position, key flag). A few dozen
// packets per cut, so it costs about one process start however long the video is.
import { open } from 'node:fs/promises';
import { AppError } from '../errors';
import { cutsByPosition, listingIntervals, parsePacketListing, type PacketListing } from './cutMap';
import { requireFfmpeg } from './ffmpegPaths';
import { runFfmpeg } from './runFfmpeg';

export interface CutPacketOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/**
 * Seeking lands on the keyframe at or before a point, so a window placed with a start time that is off
 * by less than this still contains the packets it is for.
 */
const START_GUESS_TOLERANCE_SEC = 0.25;

function cutListingArgs(path: string, intervals: string): string[] {
  return [
    '-v', 'error',
    '-read_intervals', intervals,
    '-show_entries', 'packet=stream_index,pts_time,dts_time,pos,flags:stream=index,codec_type:format=format_name,start_time,duration',
    '-of', 'csv',
    path,
  ];
}

/**
 * Lists the packets around every cut point. The plan's times are relative to the file's start time,
 * which MP4 and Matroska files almost always have at 0: the windows are placed for 0 and placed again
 * only when the file says otherwise and is one the single run can cut (any other goes to the per-range
 * method, which needs no more than this first listing).
 */
export async function listCutPackets(
  path: string,
  cuts: readonly { cutStart: number; cutEnd: number }[],
  opts: CutPacketOptions = {},
): Promise<PacketListing> {
  const first = await runListing(path, listingIntervals(cuts, 0, null), opts);
  if (Math.abs(first.startTimeSec) <= START_GUESS_TOLERANCE_SEC || !cutsByPosition(first.formatName)) return first;
  return runListing(path, listingIntervals(cuts, first.startTimeSec, first.durationSec), opts);
}

async function runListing(path: string, intervals: string, opts: CutPacketOptions): Promise<PacketListing> {
  const { ffprobePath } = requireFfmpeg(opts.env);
  const lines: string[] = [];
  try {
    await runFfmpeg(ffprobePath, cutListingArgs(path, intervals), { signal: opts.signal, onLine: (line) => lines.push(line) });
  } catch (error) {
    if (error instanceof AppError && error.code === 'FFMPEG_FAILED') {
      throw new AppError('MEDIA_UNREADABLE', `Cannot read the packets of "${path}": ${error.message}`, { cause: error });
    }
    throw error;
  }
  return parsePacketListing(lines);
}

/**
 * MPEG-TS (and M2TS, 4 bytes of timecode before each packet), recognised by the sync byte every 188 (192)
 * bytes: its audio packets share positions, so it goes to the per-range method without a listing.
 */
export async function isMpegTs(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(192 * 4);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return looksLikeMpegTs(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

export function looksLikeMpegTs(head: Buffer): boolean {
  return [
    [188, 0],
    [192, 4],
  ].some(([size = 0, offset = 0]) => [0, 1, 2].every((k) => head[offset + k * size] === 0x47));
}
