// Exports each range as a file of its own ("separate clips", what a streamer posts one by one) instead
// of one reel: reel.mp4 → reel-01.mp4, reel-02-the-clutch.mp4 (a labelled range), …, each cut exactly
// like a one-range reel (the same code, so the same temporary-file-then-rename guarantee per file). The
// set is all-or-nothing: when one clip fails or the export is cancelled, the clips already written are
// removed again.
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { clipFileName, type ExportMode, type ExportPlan } from '../../../preload/contract';
import { AppError } from '../errors';
import type { Progress, ProgressFn } from '../progress';

/**
 * The file of each of `count` clips: the target's name with -01, -02, … before the extension, and the
 * slug of the clip's label after the number when it has one (reel-01-the-clutch.mp4).
 */
export function clipPaths(outPath: string, count: number, labels: readonly string[] = []): string[] {
  return Array.from({ length: count }, (_, i) => join(dirname(outPath), clipFileName(basename(outPath), i + 1, count, labels[i])));
}

/**
 * The files a clips export of this plan writes, aligned with plan.ranges: null for a range with nothing
 * to cut (fast mode: its cut is inside another range's), which gets no file and no number.
 */
export function clipPathsOfPlan(plan: ExportPlan, outPath: string, labels: readonly string[] = []): (string | null)[] {
  const kept = plan.ranges.flatMap((r, i) => (r.cutEnd > r.cutStart ? [i] : []));
  const paths = clipPaths(outPath, kept.length, kept.map((i) => labels[i] ?? ''));
  const byRange: (string | null)[] = plan.ranges.map(() => null);
  kept.forEach((rangeIndex, k) => (byRange[rangeIndex] = paths[k]!));
  return byRange;
}

export interface ClipResult {
  durationSec: number;
  commandLines: string[];
  /** The mode that ran (exportReel's), when it may differ from the plan's: smart falling back. */
  ranAs?: ExportMode;
  fallbackReason?: string;
}

export interface ExportClipsResult {
  /** The first clip (where "Export finished" points). */
  outPath: string;
  outPaths: string[];
  /** Sum of the clips' durations. */
  durationSec: number;
  commandLines: string[];
  /** The plan's mode, or accurate when smart mode fell back for any clip. */
  ranAs?: ExportMode;
  /** Why, for the first clip that fell back ("clip 2: …"). */
  fallbackReason?: string;
}

/**
 * Runs `exportOne` once per range of the plan (a plan of that range alone, to that clip's path) and
 * reports the progress of the whole set, weighted by the ranges' lengths. `labels` (aligned with
 * plan.ranges) name the clips (clipPaths).
 */
export async function exportClips(
  plan: ExportPlan,
  outPath: string,
  exportOne: (plan: ExportPlan, outPath: string, onProgress: ProgressFn) => Promise<ClipResult>,
  onProgress: ProgressFn = () => undefined,
  labels: readonly string[] = [],
): Promise<ExportClipsResult> {
  const ranges = plan.ranges.filter((r) => r.cutEnd > r.cutStart);
  if (ranges.length === 0) throw new AppError('BAD_RANGES', 'There are no ranges to export.');
  const paths = clipPathsOfPlan(plan, outPath, labels).filter((p): p is string => p !== null);
  const lengths = ranges.map((r) => r.cutEnd - r.cutStart);
  const total = lengths.reduce((a, b) => a + b, 0);
  const written: string[] = [];
  const commandLines: string[] = [];
  let done = 0;
  let durationSec = 0;
  let ranAs: ExportMode = plan.mode;
  let fallbackReason: string | undefined;
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
      if (result.ranAs && result.ranAs !== plan.mode && fallbackReason === undefined) {
        ranAs = result.ranAs;
        fallbackReason = `clip ${i + 1}: ${result.fallbackReason ?? 'smart cut not possible'}`;
      }
      done += share;
    }
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
  onProgress({ fraction: 1, detail: `${ranges.length} clips` });
  return { outPath: paths[0]!, outPaths: paths, durationSec, commandLines, ranAs, ...(fallbackReason !== undefined ? { fallbackReason } : {}) };
}
