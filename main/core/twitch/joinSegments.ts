// Joins downloaded VOD segments into one MP4 without re-encoding the video. Muted segments are the usual
// reason such a join goes wrong: Twitch's silence may come with other audio parameters than the rest, or
// with no audio stream at all (the concat demuxer then leaves a hole, or takes the stream layout from a
// segment without audio and drops the audio of the whole VOD). Those segments are rewritten first: video
// copied, audio = silence encoded like the other segments' audio, as long as the segment. The output
// appears under its name only when complete.
import { randomBytes } from 'node:crypto';
import { access, constants, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError, throwIfCancelled } from '../errors';
import { requireFfmpeg } from '../media/ffmpegPaths';
import { runFfmpeg, summarizeStderr } from '../media/runFfmpeg';
import { concatJoinArgs, segmentConcatList, type ConcatEntry } from './concatList';
import { listCompleteSegments, segmentFileName } from './segmentFiles';
import type { VodSegment } from './types';

export interface JoinOptions {
  segments: readonly VodSegment[];
  /** Where downloadSegments put them. */
  dir: string;
  outPath: string;
  signal?: AbortSignal;
  /** 0…1 */
  onProgress?: (fraction: number) => void;
  env?: NodeJS.ProcessEnv;
}

/** What decides whether segments' audio can be stream-copied into one track. */
export interface AudioParams {
  codec: string;
  profile: string | null;
  sampleRate: number;
  channels: number;
  channelLayout: string | null;
}

/** The parts of a segment's ffprobe listing the join needs. */
export interface SegmentStreams {
  /** Index of the first video / audio stream, null when absent. */
  videoIndex: number | null;
  audioIndex: number | null;
  /** The file's start (its earliest stream, data streams included): what the concat demuxer aligns. */
  startSec: number | null;
  videoStartSec: number | null;
  audioStartSec: number | null;
  audio: AudioParams | null;
}

/** Share of the progress bar given to probing and rewriting muted segments, when there are any. */
const PREPARE_SHARE = 0.1;
/**
 * A joined file shorter than the playlist by more than this lost a segment (the shortfall of a complete
 * join is the last segment's audio/video overhang, a few hundredths of a second).
 */
const SHORTFALL_TOLERANCE_SEC = 1;
/** Parallel ffprobe/ffmpeg runs while preparing muted segments (short runs: start-up cost dominates). */
const PREPARE_CONCURRENCY = 4;

export async function joinSegments(opts: JoinOptions): Promise<{ durationSec: number }> {
  const { segments, dir, outPath, signal } = opts;
  throwIfCancelled(signal);
  if (segments.length === 0) throw new AppError('BAD_ARGUMENTS', 'There are no segments to join.');
  const { ffmpegPath, ffprobePath } = requireFfmpeg(opts.env);

  const complete = await listCompleteSegments(segments, dir);
  const missing = segments.filter((s) => !complete.has(s.index));
  if (missing.length > 0) {
    throw new AppError(
      'NOT_FOUND',
      `${missing.length} of the VOD's ${segments.length} segments are missing from "${dir}" (first: ${missing[0]?.uri}); download them first.`,
    );
  }
  const outDir = dirname(outPath);
  await access(outDir, constants.W_OK).catch((cause: unknown) => {
    throw new AppError('OUTPUT_UNWRITABLE', `Cannot write to "${outDir}".`, { cause });
  });

  const totalSec = segments.reduce((sum, s) => sum + s.durationSec, 0);
  let lastFraction = -1;
  const progress = (fraction: number) => {
    // Monotonic and capped: ffmpeg's out_time can run past the playlist total by an audio frame.
    const clamped = Math.min(1, Math.max(lastFraction, fraction));
    if (clamped === lastFraction) return;
    lastFraction = clamped;
    opts.onProgress?.(clamped);
  };
  progress(0);

  const work = await mkdtemp(join(dir, '.join-'));
  const partPath = join(outDir, `.${basename(outPath)}.${randomBytes(4).toString('hex')}.part`);
  try {
    const pathOf = (s: VodSegment) => join(dir, segmentFileName(s));
    const first = segments[0]!;
    const muted = segments.filter((s) => s.muted);
    const unmuted = segments.find((s) => !s.muted);
    const prepareShare = muted.length > 0 ? PREPARE_SHARE : 0;

    // Probed: the muted segments, the first unmuted one (the reference) and the first one (whose audio
    // usually starts ahead of its video). The others are assumed to start on their keyframe.
    const toProbe = [...new Set([first, ...(unmuted ? [unmuted] : []), ...muted])];
    const probedList = await mapPool(
      toProbe,
      PREPARE_CONCURRENCY,
      (s) => probeSegmentStreams(ffprobePath, pathOf(s), signal),
      (done) => progress((prepareShare / 2) * (done / toProbe.length)),
    );
    const probed = new Map(toProbe.map((s, i) => [s.index, probedList[i]!]));

    // The audio every segment should have: the first unmuted segment's; when all are muted, the first
    // muted one with audio; none when no segment has audio (then there is nothing to make continuous).
    const reference = unmuted ? probed.get(unmuted.index)! : (muted.map((s) => probed.get(s.index)!).find((p) => p.audio) ?? null);
    const grid = reference ? audioGrid(reference) : null;

    // Rewritten segments replace the downloaded ones in the list; the downloads stay untouched.
    const replaced = new Map<number, string>();
    const toRewrite = reference ? muted.filter((s) => rewriteReason(reference, probed.get(s.index) ?? null) !== null) : [];
    await mapPool(
      toRewrite,
      PREPARE_CONCURRENCY,
      async (s) => {
        const target = join(work, segmentFileName(s));
        const videoStartSec = probed.get(s.index)?.videoStartSec ?? 0;
        const span = grid
          ? silenceSpan(grid, videoStartSec, s.durationSec)
          : { startSec: videoStartSec, packets: 0, durationSec: s.durationSec };
        await runFfmpeg(ffmpegPath, silenceRewriteArgs({ input: pathOf(s), output: target, reference: reference!, span }), { signal });
        replaced.set(s.index, target);
      },
      (done) => progress(prepareShare / 2 + (prepareShare / 2) * (done / toRewrite.length)),
    );

    const entries: ConcatEntry[] = segments.map((s) => {
      const streams = probed.get(s.index);
      // A rewritten segment starts on its keyframe (the silence starts at or after it).
      const leadSec = replaced.has(s.index) || !streams ? 0 : leadOf(streams);
      return { path: replaced.get(s.index) ?? pathOf(s), durationSec: s.durationSec, leadSec };
    });
    const listPath = join(work, 'list.ffconcat');
    await writeFile(listPath, segmentConcatList(entries));
    const aacAudio = reference?.audio?.codec === 'aac';
    const { stderrTail } = await runFfmpeg(ffmpegPath, concatJoinArgs({ listPath, outPath: partPath, aacAudio }), {
      signal,
      onProgress: (p) => {
        if (p.outTimeSec !== null && totalSec > 0) progress(prepareShare + (1 - prepareShare) * (p.outTimeSec / totalSec));
      },
    });

    // The concat demuxer treats a segment it cannot open as the end of the list and ffmpeg exits 0 with
    // a truncated file: that has to be caught here.
    const unopened = /Impossible to open '(.*)'/.exec(stderrTail);
    if (unopened) {
      const i = entries.findIndex((e) => e.path === unopened[1]);
      const damaged = segments[i];
      if (!damaged) throw new AppError('FFMPEG_FAILED', `A segment of the VOD could not be joined: ${summarizeStderr(stderrTail)}.`);
      // Removed so that the next download run fetches it again (complete files are otherwise skipped).
      if (!replaced.has(damaged.index)) await rm(pathOf(damaged), { force: true });
      throw new AppError(
        'FFMPEG_FAILED',
        `Segment ${damaged.uri} of the VOD is damaged and could not be joined; it was removed, download the VOD again to fetch it.`,
      );
    }
    const durationSec = await containerDuration(ffprobePath, partPath, signal);
    if (durationSec < totalSec - SHORTFALL_TOLERANCE_SEC) {
      const summary = summarizeStderr(stderrTail);
      throw new AppError(
        'FFMPEG_FAILED',
        `The joined video is ${durationSec.toFixed(1)} s long instead of ${totalSec.toFixed(1)} s${summary ? ` (${summary})` : ''}; a segment may be damaged.`,
      );
    }
    throwIfCancelled(signal);
    await rename(partPath, outPath).catch((cause: unknown) => {
      throw new AppError('OUTPUT_UNWRITABLE', `Cannot write "${outPath}".`, { cause });
    });
    progress(1);
    return { durationSec };
  } catch (error) {
    await rm(partPath, { force: true });
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** How far ahead of its first video frame a file starts (what the concat demuxer aligns on). Pure. */
export function leadOf(streams: SegmentStreams): number {
  if (streams.videoStartSec === null || streams.startSec === null) return 0;
  return Math.max(0, streams.videoStartSec - streams.startSec);
}

/** Where the VOD's audio frames fall: one continuous AAC stream cut into segments keeps a fixed grid. */
export interface AudioGrid {
  originSec: number;
  frameSec: number;
}

/** AAC frames hold 1024 samples; other codecs are not cut to a grid (Twitch sends AAC). */
const AAC_FRAME_SAMPLES = 1024;

function audioGrid(reference: SegmentStreams): AudioGrid | null {
  const audio = reference.audio;
  if (!audio || audio.codec !== 'aac' || !(audio.sampleRate > 0) || reference.audioStartSec === null) return null;
  return { originSec: reference.audioStartSec, frameSec: AAC_FRAME_SAMPLES / audio.sampleRate };
}

/** Timestamps in MPEG-TS are 90 kHz ticks: values this close to a grid point are on it. */
const GRID_TOLERANCE_SEC = 1 / 90_000;

/**
 * The silence a rewritten segment needs so that the audio stays one unbroken run of frames: from the
 * first grid frame at or after its first video frame (the frame straddling the keyframe belongs to the
 * previous segment, which is how segmenters cut) to the first one at or after the next segment's first
 * video frame. The previous segment's audio ends exactly where it starts and the next one's begins
 * exactly where it ends, so nothing drifts however many segments are rewritten. Pure.
 */
export function silenceSpan(grid: AudioGrid, videoStartSec: number, durationSec: number): SilenceSpan {
  const gridIndexAtOrAfter = (t: number) => Math.ceil((t - grid.originSec - GRID_TOLERANCE_SEC) / grid.frameSec);
  const first = gridIndexAtOrAfter(videoStartSec);
  const end = gridIndexAtOrAfter(videoStartSec + durationSec);
  const packets = Math.max(1, end - first);
  return { startSec: grid.originSec + first * grid.frameSec, packets, durationSec: packets * grid.frameSec };
}

export interface SilenceSpan {
  /** PTS of the first audio packet. */
  startSec: number;
  /** Number of audio packets (AAC frames) to produce; 0 when not on a grid (then durationSec rules). */
  packets: number;
  durationSec: number;
}

/**
 * Why a muted segment cannot be stream-copied next to the reference, or null when it can. Pure.
 * The concat demuxer pairs streams by position, so the order of video and audio matters as well.
 */
export function rewriteReason(reference: SegmentStreams, segment: SegmentStreams | null): string | null {
  const want = reference.audio;
  if (!want) return null;
  if (!segment || !segment.audio) return 'no audio stream';
  const have = segment.audio;
  if (have.codec !== want.codec) return `audio codec ${have.codec}, not ${want.codec}`;
  if ((have.profile ?? '') !== (want.profile ?? '')) return `audio profile ${have.profile ?? 'none'}, not ${want.profile ?? 'none'}`;
  if (have.sampleRate !== want.sampleRate) return `sample rate ${have.sampleRate}, not ${want.sampleRate}`;
  if (have.channels !== want.channels) return `${have.channels} channels, not ${want.channels}`;
  const order = (s: SegmentStreams) => (s.videoIndex !== null && s.audioIndex !== null ? Math.sign(s.audioIndex - s.videoIndex) : 0);
  if (order(segment) !== order(reference)) return 'streams in a different order';
  return null;
}

export interface SilenceRewriteInput {
  input: string;
  output: string;
  reference: SegmentStreams;
  span: SilenceSpan;
}

/**
 * Video copied with its timestamps, audio replaced by generated silence encoded with the reference's
 * parameters (first packet at span.startSec, span.packets packets), streams in the reference's order,
 * MPEG-TS like the other segments. Pure.
 */
export function silenceRewriteArgs(input: SilenceRewriteInput): string[] {
  const audio = input.reference.audio;
  if (!audio) throw new Error('silenceRewriteArgs needs reference audio');
  const { span } = input;
  const layout = audio.channelLayout ?? `${audio.channels}c`;
  const aac = audio.codec === 'aac';
  // The AAC encoder emits one extra frame (its 1024 samples of priming) ahead of the first real sample,
  // PTS shifted back by a frame: the input starts a frame later and holds one frame fewer, and half a
  // frame less still so that rounding in the source cannot add a frame.
  const frameSec = aac ? AAC_FRAME_SAMPLES / audio.sampleRate : 0;
  const inputDuration = aac && span.packets > 0 ? (span.packets - 1.5) * frameSec : span.durationSec;
  const { audioIndex, videoIndex } = input.reference;
  // Audio-only VODs: the segment becomes silence alone.
  const hasVideo = videoIndex !== null;
  const audioFirst = hasVideo && audioIndex !== null && audioIndex < videoIndex;
  const maps = !hasVideo ? ['-map', '1:a:0'] : audioFirst ? ['-map', '1:a:0', '-map', '0:v:0'] : ['-map', '0:v:0', '-map', '1:a:0'];
  return [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error',
    // Timestamps kept as they are (and no 1.4 s mux delay added again), so the segment still lines up.
    '-copyts',
    '-i', input.input,
    '-itsoffset', fixed(span.startSec + frameSec),
    '-f', 'lavfi', '-i', `anullsrc=r=${audio.sampleRate}:cl=${layout}:d=${fixed(Math.max(inputDuration, 0))}`,
    ...maps,
    ...(hasVideo ? ['-c:v', 'copy'] : []),
    '-c:a', audio.codec,
    ...(aac && audio.profile === 'LC' ? ['-profile:a', 'aac_low'] : []),
    '-ar', String(audio.sampleRate), '-ac', String(audio.channels),
    '-muxdelay', '0', '-muxpreload', '0',
    '-f', 'mpegts',
    input.output,
  ];
}

function fixed(sec: number): string {
  return Math.max(0, sec).toFixed(6);
}

interface FfprobeStreamJson {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  start_time?: string;
}

export async function probeSegmentStreams(ffprobePath: string, path: string, signal?: AbortSignal): Promise<SegmentStreams> {
  const { stdout } = await runFfmpeg(
    ffprobePath,
    [
      '-v', 'error',
      '-show_entries', 'format=start_time:stream=index,codec_type,codec_name,profile,sample_rate,channels,channel_layout,start_time',
      '-of', 'json', path,
    ],
    { signal },
  );
  return segmentStreamsFromJson(stdout);
}

/** Pure: ffprobe's JSON listing -> SegmentStreams. */
export function segmentStreamsFromJson(json: string): SegmentStreams {
  let data: { streams?: FfprobeStreamJson[]; format?: { start_time?: string } };
  try {
    data = JSON.parse(json) as typeof data;
  } catch {
    data = {};
  }
  const streams = (data.streams ?? []).slice().sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  return {
    videoIndex: video?.index ?? null,
    audioIndex: audio?.index ?? null,
    startSec: seconds(data.format?.start_time),
    videoStartSec: seconds(video?.start_time),
    audioStartSec: seconds(audio?.start_time),
    audio: audio
      ? {
          codec: audio.codec_name ?? 'unknown',
          profile: audio.profile ?? null,
          sampleRate: Number(audio.sample_rate) || 0,
          channels: audio.channels ?? 0,
          channelLayout: audio.channel_layout ?? null,
        }
      : null,
  };
}

/** ffprobe writes times as strings, "N/A" when unknown. */
function seconds(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

async function containerDuration(ffprobePath: string, path: string, signal?: AbortSignal): Promise<number> {
  const { stdout } = await runFfmpeg(ffprobePath, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], { signal });
  const duration = Number(stdout.trim());
  if (!(duration > 0)) throw new AppError('FFMPEG_FAILED', 'The joined video has no duration; ffmpeg produced an empty file.');
  return duration;
}

/** Runs fn over items, at most `limit` at a time, results in input order; stops at the first failure. */
async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, onDone?: (done: number) => void): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failed = true;
        throw error;
      }
      onDone?.(++done);
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}
