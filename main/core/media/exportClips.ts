// Exports each range as a file of its own ("separate clips", what a streamer posts one by one) instead
// of one reel: reel.mp4 → reel-01.mp4, reel-02.mp4, …, each cut exactly like a one-range reel (the same
// code, so the same temporary-file-then-rename guarantee per file). The set is all-or-nothing: when one
// clip fails or the export is cancelled, the clips already written are removed again.
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { clipFileName, type ExportPlan } from '../../../preload/contract';
import { AppError } from '../errors';
import type { Progress, ProgressFn } from '../progress';

/** The file of each of `count` clips: the target's name with -01, -02, … before the extension. */
export function clipPaths(outPath: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => join(dirname(outPath), clipFileName(basename(outPath), i + 1, count)));
}

export interface ClipResult {
  durationSec: number;
  commandLines: string[];
}

export interface ExportClipsResult {
  /** The first clip (where "Export finished" points). */
  outPath: string;
  outPaths: string[];
  /** Sum of the clips' durations. */
  durationSec: number;
  commandLines: string[];
}

/**
 * Runs `exportOne` once per range of the plan (a plan of that range alone, to that clip's path) and
 * reports the progress of the whole set, weighted by the ranges' lengths.
 */
export async function exportClips(
  plan: ExportPlan,
  outPath: string,
  exportOne: (plan: ExportPlan, outPath: string, onProgress: ProgressFn) => Promise<ClipResult>,
  onProgress: ProgressFn = () => undefined,
): Promise<ExportClipsResult> {
  const ranges = plan.ranges.filter((r) => r.cutEnd > r.cutStart);
  if (ranges.length === 0) throw new AppError('BAD_RANGES', 'There are no ranges to export.');
  const paths = clipPaths(outPath, ranges.length);
  const lengths = ranges.map((r) => r.cutEnd - r.cutStart);
  const total = lengths.reduce((a, b) => a + b, 0);
  const written: string[] = [];
  const commandLines: string[] = [];
  let done = 0;
  let durationSec = 0;
  try {
    for (let i = 0; i < ranges.length; i++) {
      const range = ranges[i]!;
      const share = lengths[i]! / total;
      // No time-left of its own: a clip's estimate covers only that clip, the queue's covers the set.
      const scaled = (p: Progress): void =>
        onProgress({ fraction: Math.min(1, done + p.fraction * share), detail: `clip ${i + 1} of ${ranges.length}` });
      const result = await exportOne({ mode: plan.mode, ranges: [range], durationSec: lengths[i]! }, paths[i]!, scaled);
      written.push(paths[i]!);
      commandLines.push(...result.commandLines);
      durationSec += result.durationSec;
      done += share;
    }
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
  onProgress({ fraction: 1, detail: `${ranges.length} clips` });
  return { outPath: paths[0]!, outPaths: paths, durationSec, commandLines };
}
