// What a join of downloaded segments hands to the format-specific part (MPEG-TS or fMP4): the checked
// inputs, a private work folder and the temporary output; the caller checks and publishes the result.
import type { VodSegment } from './types';

export interface JoinRun {
  segments: readonly VodSegment[];
  /** The segment folder. */
  dir: string;
  /** Empty folder for lists, probes and rewritten segments; removed afterwards. */
  work: string;
  /** Temporary output path (renamed by the caller once checked). */
  outPath: string;
  ffmpegPath: string;
  ffprobePath: string;
  signal?: AbortSignal;
  /** EXTINF sum. */
  totalSec: number;
  /** 0…1, monotonic. */
  progress: (fraction: number) => void;
}

/** Share of the progress bar given to probing and rewriting muted segments, when there are any. */
export const PREPARE_SHARE = 0.1;
/** Parallel ffprobe/ffmpeg runs while preparing muted segments (short runs: start-up cost dominates). */
export const PREPARE_CONCURRENCY = 4;
