// Joins downloaded VOD segments into one MP4 without re-encoding the video. Muted segments are the usual
// reason such a join goes wrong: Twitch's silence may come with other audio parameters than the rest, or
// with no audio stream at all (the concat demuxer then leaves a hole, or takes the stream layout from a
// segment without audio and drops the audio of the whole VOD). Those segments are rewritten first: video
// copied, audio = silence encoded like the other segments' audio, as long as the segment. The output
// appears under its name only when complete. fMP4 VODs (init segment + fragments) take their own route,
// in fmp4Join.ts; the checks around it (inputs, output, length) are the same.
import { randomBytes } from 'node:crypto';
import { access, constants, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError, throwIfCancelled } from '../errors';
import { requireFfmpeg } from '../media/ffmpegPaths';
import { runFfmpeg, summarizeStderr } from '../media/runFfmpeg';
import { concatJoinArgs, segmentConcatList, type ConcatEntry } from './concatList';
import { joinFmp4 } from './fmp4Join';
import { PREPARE_CONCURRENCY, PREPARE_SHARE, type JoinRun } from './joinRun';
import { mapPool } from './mapPool';
import { completeSegments, INIT_FILE_NAME, listNames, segmentFileName } from './segmentFiles';
import {
  audioParamsOf,
  ffmpegSeconds,
  type FfprobeStreamJson,
  silenceStreamMaps,
  AAC_FRAME_SAMPLES,
  audioGrid,
  decodeDelaySec,
  leadOf,
  rewriteReason,
  rewriteSpan,
  silenceLeadSec,
  type CutSegmentStreams,
  type SegmentStreams,
  type SilenceSpan,
} from './segmentStreams';
import { readTsStarts, type TsStarts } from './tsTimestamps';
import type { VodSegment } from './types';

export { leadOf, rewriteReason, silenceSpan, type AudioGrid, type AudioParams, type SegmentStreams, type SilenceSpan } from './segmentStreams';

export interface JoinOptions {
  segments: readonly VodSegment[];
  /** Where downloadSegments put them. */
  dir: string;
  outPath: string;
  signal?: AbortSignal;
  /** 0…1 */
  onProgress?: (fraction: number) => void;
  env?: NodeJS.ProcessEnv;
  /**
   * fMP4 VODs (MediaPlaylist.initUrl set): the segments are fragments that need the init segment,
   * which downloadSegments keeps as INIT_FILE_NAME in `dir`. Default false: MPEG-TS.
   */
  initSegment?: boolean;
}

/**
 * A joined file shorter than the playlist by more than this lost a segment (the shortfall of a complete
 * join is the last segment's audio/video overhang, a few hundredths of a second).
 */
const SHORTFALL_TOLERANCE_SEC = 1;

/** Segment heads read at a time (small reads: the disk, not a process start, is the limit). */
const HEAD_READ_CONCURRENCY = 8;

export async function joinSegments(opts: JoinOptions): Promise<{ durationSec: number }> {
  const { segments, dir, outPath, signal } = opts;
  throwIfCancelled(signal);
  if (segments.length === 0) throw new AppError('BAD_ARGUMENTS', 'There are no segments to join.');
  const { ffmpegPath, ffprobePath } = requireFfmpeg(opts.env);

  const names = await listNames(dir);
  const complete = completeSegments(segments, names);
  const missing = segments.filter((s) => !complete.has(s.index));
  if (missing.length > 0) {
    throw new AppError(
      'NOT_FOUND',
      `${missing.length} of the VOD's ${segments.length} segments are missing from "${dir}" (first: ${missing[0]?.uri}); download them first.`,
    );
  }
  if (opts.initSegment && !names.includes(INIT_FILE_NAME)) {
    throw new AppError('NOT_FOUND', `The VOD's init segment is missing from "${dir}"; download the VOD first.`);
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
    const run: JoinRun = { segments, dir, work, outPath: partPath, ffmpegPath, ffprobePath, signal, totalSec, progress };
    const { stderrTail } = opts.initSegment ? await joinFmp4(run) : await joinMpegTs(run);
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

/** MPEG-TS segments: each is a self-contained file, joined with the concat demuxer. */
async function joinMpegTs(run: JoinRun): Promise<{ stderrTail: string }> {
  const { segments, dir, work, ffmpegPath, ffprobePath, signal, totalSec, progress } = run;
  const pathOf = (s: VodSegment) => join(dir, segmentFileName(s));
  const first = segments[0]!;
  const muted = segments.filter((s) => s.muted);
  const unmuted = segments.find((s) => !s.muted);
  // Probing and rewriting get a share of the bar when there is something to do (muted segments, or
  // B-frames, which only the first probes reveal).
  let prepareShare = muted.length > 0 ? PREPARE_SHARE : 0;
  const probed = new Map<number, CutSegmentStreams>();
  const probeAll = async (list: readonly VodSegment[], from: number, to: number) => {
    const streams = await mapPool(
      list,
      PREPARE_CONCURRENCY,
      (s) => probeSegmentStreams(ffprobePath, pathOf(s), signal),
      (done) => progress(prepareShare * (from + (to - from) * (done / list.length))),
    );
    list.forEach((s, i) => probed.set(s.index, streams[i]!));
  };

  // Probed first: the muted segments, the first unmuted one (the reference) and the first one (whose
  // audio usually starts ahead of its video).
  await probeAll([...new Set([first, ...(unmuted ? [unmuted] : []), ...muted])], 0, 1 / 3);
  // Without B-frames the others start on their keyframe (audio is cut at its presentation time) and
  // need no probe. With them each segment's audio starts ahead of its first picture, by an amount that
  // varies from segment to segment with where the audio frames fall, so every one is measured: from
  // the timestamps at the head of the file (a read of a few hundred kB instead of an ffprobe run,
  // ~90 ms each), and by ffprobe where the head does not tell.
  const starts = new Map<number, TsStarts>();
  const bframes = [...probed.values()].some((p) => decodeDelaySec(p) > 0);
  if (bframes) {
    prepareShare = PREPARE_SHARE;
    const rest = segments.filter((s) => !probed.has(s.index));
    const heads = await mapPool(
      rest,
      HEAD_READ_CONCURRENCY,
      (s) => readTsStarts(pathOf(s)),
      (done) => progress(prepareShare * (1 / 3 + (1 / 6) * (done / rest.length))),
    );
    rest.forEach((s, i) => {
      const head = heads[i];
      if (head) starts.set(s.index, head);
    });
    await probeAll(
      rest.filter((s) => !starts.has(s.index)),
      1 / 2,
      2 / 3,
    );
  }

  // The audio every segment should have: the first unmuted segment's; when all are muted, the first
  // muted one with audio; none when no segment has audio (then there is nothing to make continuous).
  const reference = unmuted ? probed.get(unmuted.index)! : (muted.map((s) => probed.get(s.index)!).find((p) => p.audio) ?? null);
  const grid = reference ? audioGrid(reference) : null;

  // Rewritten segments replace the downloaded ones in the list; the downloads stay untouched.
  const replaced = new Map<number, { path: string; leadSec: number }>();
  const toRewrite = reference ? muted.filter((s) => rewriteReason(reference, probed.get(s.index) ?? null) !== null) : [];
  await mapPool(
    toRewrite,
    PREPARE_CONCURRENCY,
    async (s) => {
      const target = join(work, segmentFileName(s));
      const streams = probed.get(s.index);
      const span = rewriteSpan(grid, streams ?? null, s.durationSec, s === first);
      await runFfmpeg(ffmpegPath, silenceRewriteArgs({ input: pathOf(s), output: target, reference: reference!, span }), { signal });
      // With B-frames the silence starts ahead of the first picture, like the audio it stands for.
      replaced.set(s.index, { path: target, leadSec: silenceLeadSec(streams?.videoStartSec ?? null, span) });
    },
    (done) => progress(prepareShare * (2 / 3 + (1 / 3) * (done / toRewrite.length))),
  );

  const entries: ConcatEntry[] = segments.map((s) => {
    const rewritten = replaced.get(s.index);
    if (rewritten) return { ...rewritten, durationSec: s.durationSec };
    const streams = probed.get(s.index) ?? starts.get(s.index);
    return { path: pathOf(s), durationSec: s.durationSec, leadSec: streams ? leadOf(streams) : 0 };
  });
  const listPath = join(work, 'list.ffconcat');
  await writeFile(listPath, segmentConcatList(entries));
  const aacAudio = reference?.audio?.codec === 'aac';
  const { stderrTail } = await runFfmpeg(ffmpegPath, concatJoinArgs({ listPath, outPath: run.outPath, aacAudio }), {
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
  return { stderrTail };
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
  // Audio-only VODs: the segment becomes silence alone.
  const hasVideo = input.reference.videoIndex !== null;
  const maps = silenceStreamMaps(input.reference);
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

const fixed = ffmpegSeconds;

/**
 * The segment's streams, and the packets of its first second: the first video packet's decoding time
 * (the keyframe comes first in decoding order, well inside that second).
 */
export async function probeSegmentStreams(ffprobePath: string, path: string, signal?: AbortSignal): Promise<CutSegmentStreams> {
  const { stdout } = await runFfmpeg(
    ffprobePath,
    [
      '-v', 'error',
      '-show_entries',
      'format=start_time:stream=index,codec_type,codec_name,profile,sample_rate,channels,channel_layout,start_time:packet=stream_index,dts_time',
      '-read_intervals', '%+1',
      '-of', 'json', path,
    ],
    { signal },
  );
  const streams = segmentStreamsFromJson(stdout);
  return { ...streams, videoDecodeStartSec: firstDecodeSec(stdout, streams.videoIndex) };
}

/** Pure: the earliest decoding time among a stream's packets in ffprobe's JSON listing, null if none. */
export function firstDecodeSec(json: string, streamIndex: number | null): number | null {
  if (streamIndex === null) return null;
  let data: { packets?: { stream_index?: number; dts_time?: string }[] };
  try {
    data = JSON.parse(json) as typeof data;
  } catch {
    return null;
  }
  const times = (data.packets ?? []).filter((p) => p.stream_index === streamIndex).map((p) => seconds(p.dts_time));
  const known = times.filter((t): t is number => t !== null);
  return known.length > 0 ? Math.min(...known) : null;
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
    audio: audio ? audioParamsOf(audio) : null,
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
