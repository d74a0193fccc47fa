// Separate clips of a rendered export (reel-01.mp4, reel-02-the-clutch.mp4, …, named by exportClips'
// clipPaths), encoded side by side: at most as many renders at once as the machine has cores (and never
// more than MAX_PARALLEL_RENDERS, each encoder being multi-threaded itself). Short clips spend much of
// their time in process start-up, probing and single-threaded filters, which a second render overlaps.
// All or nothing, like exportClips: a failure or a cancel stops the renders still running, and removes
// the clips already written once every render has ended.
import { availableParallelism } from 'node:os';
import { rm } from 'node:fs/promises';
import { AppError, isAppError, throwIfCancelled } from '../../errors';
import { clipPaths } from '../../media/exportClips';
import type { ProgressFn } from '../../progress';
import type { H264Encoder } from './encoders';
import { renderReel, type RenderReelOptions } from './renderReel';
import type { TimeRange } from './filterGraph';

export const MAX_PARALLEL_RENDERS = 4;

export interface RenderClipsOptions extends Omit<RenderReelOptions, 'outPath' | 'onProgress'> {
  /** The name the clips are named after (reel.mp4 → reel-01.mp4, …). */
  outPath: string;
  /** Aligned with ranges: a label names its clip. */
  labels?: readonly string[];
  /** Renders at once (default: the cores, at most MAX_PARALLEL_RENDERS). */
  concurrency?: number;
  onProgress?: ProgressFn;
}

export interface RenderClipsResult {
  /** The first clip. */
  outPath: string;
  outPaths: string[];
  /** Sum of the clips' durations. */
  durationSec: number;
  commandLines: string[];
  /** The encoder of each clip, aligned with outPaths. */
  encoders: H264Encoder[];
}

/** How many renders run at once for `count` clips. */
export function clipConcurrency(count: number, cores = availableParallelism(), requested?: number): number {
  const limit = requested ?? Math.min(MAX_PARALLEL_RENDERS, cores);
  return Math.max(1, Math.min(count, Math.floor(limit)));
}

export async function renderClips(opts: RenderClipsOptions): Promise<RenderClipsResult> {
  const { ranges, signal } = opts;
  if (ranges.length === 0) throw new AppError('BAD_RANGES', 'There are no ranges to export.');
  throwIfCancelled(signal);
  const paths = clipPaths(opts.outPath, ranges.length, opts.labels ?? []);
  const lengths = ranges.map((r) => Math.max(0, r.end - r.start));
  const total = lengths.reduce((a, b) => a + b, 0) || 1;
  const fractions = ranges.map(() => 0);
  const report = () => {
    const fraction = Math.min(1, fractions.reduce((sum, f, i) => sum + f * lengths[i]!, 0) / total);
    const done = fractions.filter((f) => f >= 1).length;
    opts.onProgress?.({ fraction, detail: `${done} of ${ranges.length} clips` });
  };

  const results: ({ durationSec: number; commandLines: string[]; encoder: H264Encoder } | null)[] = ranges.map(() => null);
  const written: string[] = [];
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const failures: unknown[] = [];
  let next = 0;

  const worker = async () => {
    while (!controller.signal.aborted && next < ranges.length) {
      const i = next++;
      try {
        const result = await renderReel({
          ...opts,
          ranges: [ranges[i] as TimeRange],
          outPath: paths[i]!,
          signal: controller.signal,
          onProgress: (p) => {
            fractions[i] = p.fraction;
            report();
          },
        });
        written.push(result.outPath);
        results[i] = result;
        fractions[i] = 1;
        report();
      } catch (error) {
        failures.push(error);
        controller.abort(); // one failed: the others stop too
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: clipConcurrency(ranges.length, undefined, opts.concurrency) }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted || failures.length > 0) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throwIfCancelled(signal);
    // The failure that stopped the others, not the CANCELLED it caused in them.
    throw failures.find((e) => !(isAppError(e) && e.code === 'CANCELLED')) ?? failures[0];
  }
  const done = results as { durationSec: number; commandLines: string[]; encoder: H264Encoder }[];
  opts.onProgress?.({ fraction: 1, detail: `${ranges.length} clips` });
  return {
    outPath: paths[0]!,
    outPaths: paths,
    durationSec: done.reduce((sum, r) => sum + r.durationSec, 0),
    commandLines: done.flatMap((r) => r.commandLines),
    encoders: done.map((r) => r.encoder),
  };
}
