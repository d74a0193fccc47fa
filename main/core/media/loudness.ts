// The audio's loudness, second by second, and the heatmap drawn from it for a video without chat: the
// moments that are louder than what surrounds them (shouting, laughter, a crowd) are where the heat is.
//
// How it is read (measured on 2 cores, AAC 48 kHz stereo; decoding the AAC alone is the floor):
//   decode only (`-f null`)                      ≈ 1400× real time
//   aresample=8000 + astats per 1 s frame (this) ≈ 950–1200× real time, 1 short text line per second
//   s16 PCM at 8 kHz piped to Node, RMS in JS    ≈ 900× (and 57 MB/h through a pipe into the main process)
//   ebur128 momentary loudness                   ≈ 570× (K-weighting at 48 kHz costs more than the decode)
// So ffmpeg computes the RMS itself on audio resampled to 8 kHz (speech and shouting live below 4 kHz) in
// frames of exactly one second, and prints one value per frame. Long files are split into a few segments
// analysed by parallel ffmpeg processes (AAC decoding is single-threaded), which scales with the cores.
import { availableParallelism } from 'node:os';
import type { Heatmap } from '../../../preload/contract';
import { heatmapBinSec, smooth } from '../analysis/heatmap';
import { throwIfCancelled } from '../errors';
import { runAllOrStop } from './runAllOrStop';
import type { ProgressFn } from '../progress';
import { requireFfmpeg } from './ffmpegPaths';
import { runFfmpeg } from './runFfmpeg';

/** RMS levels below this (dBFS) count as silence: room noise between silences must not become peaks. */
export const SILENCE_DB = -60;
/** The "usual" loudness is the median of this many seconds before each second. */
export const BASELINE_SEC = 120;
/** Heat is smoothed over about this many seconds, so a burst reads as one hill. */
export const AUDIO_SMOOTH_SEC = 3;
/** Below this length one process is as fast as several (start-up and seeking cost more than they save). */
export const MIN_SEGMENT_SEC = 600;
const MAX_PROCESSES = 4;
/** The analysis rate: the RMS of 8 kHz audio tracks loudness as well as 48 kHz at a fraction of the work. */
const ANALYSIS_RATE = 8000;
const METADATA_KEY = 'lavfi.astats.Overall.RMS_level';

export interface LoudnessOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  env?: NodeJS.ProcessEnv;
  /** ffmpeg processes at most (default: the cores, up to 4); 1 for a single pass. */
  processes?: number;
  /** Shortest segment worth its own process (default MIN_SEGMENT_SEC). */
  minSegmentSec?: number;
}

/** A stretch of the file one ffmpeg process reads. `lengthSec` null: to the end. */
export interface Segment {
  startSec: number;
  lengthSec: number | null;
}

/**
 * How to split `durationSec` among at most `processes` processes: whole seconds (so each segment's
 * one-second frames line up with the file's seconds), none shorter than MIN_SEGMENT_SEC, and the last
 * one open-ended so audio a little past the probed duration is still read.
 */
export function planSegments(durationSec: number, processes: number, minSegmentSec = MIN_SEGMENT_SEC): Segment[] {
  if (!(durationSec > 0)) return [{ startSec: 0, lengthSec: null }];
  const count = Math.max(1, Math.min(Math.floor(processes), Math.floor(durationSec / Math.max(1, minSegmentSec))));
  const length = Math.ceil(durationSec / count);
  const segments: Segment[] = [];
  for (let i = 0; i < count; i++) segments.push({ startSec: i * length, lengthSec: i === count - 1 ? null : length });
  return segments;
}

/** ffmpeg arguments that print the RMS level of each second of the first audio stream of `segment`. */
export function loudnessArgs(path: string, segment: Segment): string[] {
  const filter = [
    // async=1: gaps and overlaps in the timestamps (joined recordings, dropped audio) are padded or
    // trimmed, so every one-second frame still starts on a whole second of the timeline.
    `aresample=${ANALYSIS_RATE}:async=1`,
    // Frames of exactly one second (the last one may be shorter): one astats value per second.
    `asetnsamples=n=${ANALYSIS_RATE}:p=0`,
    'astats=metadata=1:reset=1:measure_perchannel=none:measure_overall=RMS_level',
    `ametadata=mode=print:key=${METADATA_KEY}:file=-`,
  ].join(',');
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    // Input seeking: fast, and with the default accurate seek the output starts exactly at startSec.
    ...(segment.startSec > 0 ? ['-ss', String(segment.startSec)] : []),
    ...(segment.lengthSec !== null ? ['-t', String(segment.lengthSec)] : []),
    '-i', path,
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-af', filter,
    '-f', 'null', '-',
  ];
}

/**
 * Reads ametadata's print output line by line: "frame:N pts:P pts_time:T" then "key=value". Calls
 * `onValue(second, dB)` with the second the frame starts in (relative to the segment) and its level,
 * SILENCE_DB or above (digital silence prints "-inf").
 */
export function createLoudnessParser(onValue: (second: number, db: number) => void): (line: string) => void {
  let second: number | null = null;
  return (line) => {
    if (line.startsWith('frame:')) {
      const match = /pts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/i.exec(line);
      const t = match ? Number(match[1]) : NaN;
      // Rounded: a stream that starts a few ms late still puts each one-second frame on its own second.
      second = Number.isFinite(t) ? Math.max(0, Math.round(t)) : null;
      return;
    }
    const eq = line.indexOf('=');
    if (second === null || eq < 0 || line.slice(0, eq).trim() !== METADATA_KEY) return;
    const value = Number(line.slice(eq + 1).trim()); // "-inf" and "nan" become NaN
    onValue(second, Number.isFinite(value) ? Math.max(SILENCE_DB, value) : SILENCE_DB);
    second = null;
  };
}

/**
 * RMS level in dBFS of each second of the first audio stream (index i covers [i, i+1) s), floored at
 * SILENCE_DB; seconds the audio does not reach are silence. `durationSec` (from the probe) sizes the
 * result and decides the split; 0 reads in one pass and sizes by what comes out.
 */
export async function readLoudness(path: string, durationSec: number, opts: LoudnessOptions = {}): Promise<Float64Array> {
  const { ffmpegPath } = requireFfmpeg(opts.env);
  throwIfCancelled(opts.signal);
  const known = Number.isFinite(durationSec) && durationSec > 0;
  const processes = opts.processes ?? Math.min(MAX_PROCESSES, availableParallelism());
  const segments = planSegments(known ? durationSec : 0, processes, opts.minSegmentSec);
  const total = known ? Math.ceil(durationSec) : 0;
  const values: number[] = new Array<number>(total).fill(SILENCE_DB);

  // Progress: seconds read by each segment, reported at most every 1% of the file.
  const done = segments.map(() => 0);
  let reported = 0;
  const report = () => {
    if (!opts.onProgress || !known) return;
    const fraction = Math.min(1, done.reduce((a, b) => a + b, 0) / durationSec);
    if (fraction - reported < 0.01 && fraction < 1) return;
    reported = fraction;
    opts.onProgress({ fraction, detail: `${Math.round(fraction * 100)}% of the audio` });
  };

  await runAllOrStop(segments, opts.signal, async (segment, i, signal) => {
    const end = segment.lengthSec === null ? Infinity : segment.startSec + segment.lengthSec;
    const parse = createLoudnessParser((second, db) => {
      const at = segment.startSec + second;
      // A segment's trailing partial frame belongs to the next segment, which reads it whole.
      if (at >= end) return;
      if (known && at >= total) return; // past the video's end: nothing on the timeline to draw it on
      while (values.length <= at) values.push(SILENCE_DB);
      values[at] = db;
      done[i] = second + 1;
      report();
    });
    await runFfmpeg(ffmpegPath, loudnessArgs(path, segment), { signal, onLine: parse });
  });
  throwIfCancelled(opts.signal);
  return Float64Array.from(values);
}

/**
 * Median of values[i − before … i + after] for each i (fewer near the ends), kept as a sorted window
 * updated by binary search: O(n·window) element moves, a few ms for 8 hours of seconds.
 */
export function rollingMedian(values: ArrayLike<number>, before: number, after = before): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const back = Math.max(0, Math.floor(before));
  const ahead = Math.max(0, Math.floor(after));
  const sorted: number[] = [];
  let hi = 0; // next index to add
  for (let i = 0; i < n; i++) {
    while (hi < n && hi <= i + ahead) {
      const v = values[hi++]!;
      sorted.splice(lowerBound(sorted, v), 0, v);
    }
    if (i - back - 1 >= 0) sorted.splice(lowerBound(sorted, values[i - back - 1]!), 1);
    const m = sorted.length;
    out[i] = m % 2 === 1 ? sorted[(m - 1) / 2]! : (sorted[m / 2 - 1]! + sorted[m / 2]!) / 2;
  }
  return out;
}

function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Heat per second: how many dB a second is louder than the median of the BASELINE_SEC before it, never
 * negative. Relative to what came before, so a loud stream and a quiet one both show their moments, the
 * moment things get loud stands out (a centred median would swallow the start of a long loud stretch),
 * and a stretch that stays loud (music) becomes the new normal within a minute instead of one plateau.
 */
export function loudnessHeat(db: ArrayLike<number>, baselineSec = BASELINE_SEC): Float64Array {
  const clamped = Float64Array.from(db, (v) => (Number.isFinite(v) ? Math.max(SILENCE_DB, v) : SILENCE_DB));
  const baseline = rollingMedian(clamped, baselineSec, 0);
  return clamped.map((v, i) => Math.max(0, v - baseline[i]!));
}

/** The heatmap of per-second loudness: heat averaged into the same bins as the chat heatmap, smoothed. */
export function audioHeatmap(db: ArrayLike<number>, durationSec: number): Heatmap {
  const duration = Number.isFinite(durationSec) && durationSec > 0 ? durationSec : db.length;
  const heat = loudnessHeat(db);
  const binSec = heatmapBinSec(duration);
  const bins = Math.max(0, Math.ceil(duration / binSec));
  const binned = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    const from = Math.floor(b * binSec);
    const to = Math.min(heat.length, Math.ceil((b + 1) * binSec));
    let sum = 0;
    for (let s = from; s < to; s++) sum += heat[s]!;
    binned[b] = to > from ? sum / (to - from) : 0;
  }
  const smoothed = AUDIO_SMOOTH_SEC > binSec ? smooth(binned, AUDIO_SMOOTH_SEC / binSec) : binned;
  const values = Array.from(smoothed, (v) => Math.round(v * 1000) / 1000);
  const max = values.reduce((a, b) => Math.max(a, b), 0);
  return { binSec, values, max, durationSec: duration, source: 'audio' };
}

/** Reads the loudness of `path` and draws its heatmap (the whole effectful path, for the API). */
export async function readAudioHeatmap(path: string, durationSec: number, opts: LoudnessOptions = {}): Promise<Heatmap> {
  return audioHeatmap(await readLoudness(path, durationSec, opts), durationSec);
}
