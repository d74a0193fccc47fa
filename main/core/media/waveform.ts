// Waveform peaks of a video's audio: the absolute peak amplitude (0..1) of each short bin, for the
// timeline to draw. ffmpeg decodes the first audio stream to mono 16-bit PCM at 8 kHz on stdout and
// Node keeps only the running peak of the current bin, so memory is the peaks array whatever the
// length (12 hours of 8 kHz audio is 690 MB through the pipe, never held). 8 kHz loses what lies above
// 4 kHz, which a drawn waveform cannot show anyway. Long files are split among a few ffmpeg processes
// like the loudness reader (AAC decoding is single-threaded). Each segment decodes MARGIN_SEC beyond
// its edges and drops those samples (a decoder starting cold gets its first frame wrong, and the
// resampler's filter needs the samples after the cut), and bins that straddle a split take the max of
// both sides, so the split cannot show.
import { availableParallelism } from 'node:os';
import { throwIfCancelled } from '../errors';
import { runAllOrStop } from './runAllOrStop';
import { runFfmpeg } from './runFfmpeg';
import type { ProgressFn } from '../progress';
import { requireFfmpeg } from './ffmpegPaths';
import { planSegments, type Segment } from './loudness';

export const WAVEFORM_RATE = 8000;
/** Finest bin; longer videos get wider bins so the array stays at most MAX_WAVEFORM_BINS long. */
export const MIN_WAVEFORM_BIN_SEC = 0.1;
export const MAX_WAVEFORM_BINS = 200_000;
const MAX_PROCESSES = 4;
/** Decoded beyond a segment's edges and thrown away (a frame or two of AAC or Opus, and filter taps). */
const MARGIN_SEC = 0.5;
const INT16_FULL_SCALE = 32768;

export interface WaveformPeaks {
  binSec: number;
  /** peaks[i] is the peak of [i*binSec, (i+1)*binSec), 0..1. */
  peaks: Float32Array;
  durationSec: number;
}

/** Bin width: 0.1 s up to ~5.5 h, then wider; always a whole number of samples at WAVEFORM_RATE. */
export function waveformBinSec(durationSec: number): number {
  const wanted = Math.max(MIN_WAVEFORM_BIN_SEC, (Number.isFinite(durationSec) ? durationSec : 0) / MAX_WAVEFORM_BINS);
  // The epsilon keeps float noise (0.1 × 8000 = 800.0000001) from adding a sample.
  return Math.ceil(wanted * WAVEFORM_RATE - 1e-6) / WAVEFORM_RATE;
}

export function waveformArgs(path: string, segment: Segment): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    ...(segment.startSec > 0 ? ['-ss', String(segment.startSec)] : []),
    ...(segment.lengthSec !== null ? ['-t', String(segment.lengthSec)] : []),
    '-i', path,
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    // async=1: timestamp gaps (joined recordings) are padded, so sample n stays at time n / rate.
    '-af', `aresample=${WAVEFORM_RATE}:async=1,aformat=sample_fmts=s16:channel_layouts=mono`,
    '-f', 's16le', '-',
  ];
}

export interface WaveformOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  env?: NodeJS.ProcessEnv;
  /** ffmpeg processes at most (default: the cores, up to 4). */
  processes?: number;
  /** Shortest segment worth its own process (default: the loudness reader's). */
  minSegmentSec?: number;
}

/**
 * Folds little-endian s16 chunks into `peaks` (running max of |sample| per bin); the first sample fed
 * is sample `firstSample` of the file, and only samples in [keepFrom, keepTo) count. Returns a
 * function to feed chunks to and one that says how many samples it has seen.
 */
export function createPeakFolder(peaks: Float32Array, samplesPerBin: number, firstSample: number, keepFrom = firstSample, keepTo = Infinity) {
  let sample = firstSample;
  let odd: number | null = null; // a chunk may end in the middle of a sample
  const fold = (value: number) => {
    const at = sample++;
    const bin = Math.floor(at / samplesPerBin);
    if (at < keepFrom || at >= keepTo || bin >= peaks.length) return;
    const v = Math.abs(value) / INT16_FULL_SCALE;
    if (v > peaks[bin]!) peaks[bin] = v;
  };
  return {
    push(chunk: Buffer): void {
      let start = 0;
      if (odd !== null && chunk.length > 0) {
        fold((((chunk[0]! << 8) | odd) << 16) >> 16);
        odd = null;
        start = 1;
      }
      const whole = (chunk.length - start) & ~1;
      // An Int16Array view needs an even byte offset; otherwise read each sample (rare: pooled chunks).
      if (((chunk.byteOffset + start) & 1) === 0) {
        const view = new Int16Array(chunk.buffer, chunk.byteOffset + start, whole / 2);
        for (let i = 0; i < view.length; i++) fold(view[i]!);
      } else {
        for (let i = 0; i < whole; i += 2) fold(chunk.readInt16LE(start + i));
      }
      if (start + whole < chunk.length) odd = chunk[chunk.length - 1]!;
    },
    samples: () => sample - firstSample,
  };
}

/** Reads the peaks of the first audio stream of `path`; `durationSec` (the probe's) sizes the array. */
export async function readWaveformPeaks(path: string, durationSec: number, opts: WaveformOptions = {}): Promise<WaveformPeaks> {
  const { ffmpegPath } = requireFfmpeg(opts.env);
  throwIfCancelled(opts.signal);
  const duration = Number.isFinite(durationSec) && durationSec > 0 ? durationSec : 0;
  const binSec = waveformBinSec(duration);
  const samplesPerBin = Math.round(binSec * WAVEFORM_RATE);
  const peaks = new Float32Array(Math.ceil((duration * WAVEFORM_RATE) / samplesPerBin));
  const processes = opts.processes ?? Math.min(MAX_PROCESSES, availableParallelism());
  const segments = planSegments(duration, processes, opts.minSegmentSec);

  const totalSamples = duration * WAVEFORM_RATE;
  const reads = segments.map((s) => {
    const before = Math.min(s.startSec, MARGIN_SEC);
    return { startSec: s.startSec - before, lengthSec: s.lengthSec === null ? null : s.lengthSec + before + MARGIN_SEC };
  });
  const folders = segments.map((s, i) =>
    createPeakFolder(
      peaks,
      samplesPerBin,
      reads[i]!.startSec * WAVEFORM_RATE,
      s.startSec * WAVEFORM_RATE,
      s.lengthSec === null ? Infinity : (s.startSec + s.lengthSec) * WAVEFORM_RATE,
    ),
  );
  let reported = 0;
  const report = () => {
    if (!opts.onProgress || totalSamples === 0) return;
    const fraction = Math.min(1, folders.reduce((sum, f) => sum + f.samples(), 0) / totalSamples);
    if (fraction - reported < 0.01) return;
    reported = fraction;
    opts.onProgress({ fraction, detail: `${Math.round(fraction * 100)}% of the audio` });
  };

  await runAllOrStop(reads, opts.signal, (read, i, signal) =>
    runFfmpeg(ffmpegPath, waveformArgs(path, read), {
      signal,
      onData: (chunk) => {
        folders[i]!.push(chunk);
        report();
      },
    }),
  );
  return { binSec, peaks, durationSec: duration };
}
