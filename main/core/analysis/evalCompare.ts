// How sure a difference between two pickers is on a handful of videos: the mean per-video difference,
// a paired bootstrap interval over videos (resampling whole videos, since a video's proposals are not
// independent of each other), and how many videos went each way. Eleven videos make wide intervals;
// printing them keeps "the detector is better" honest.

import { seededRandom } from '../seededRandom';

export interface PairedComparison {
  /** Mean of a[i] − b[i]. */
  meanDiff: number;
  /** Bootstrap percentile interval of the mean difference (`level`, e.g. 0.95). */
  low: number;
  high: number;
  better: number;
  same: number;
  worse: number;
}

export function comparePaired(
  a: readonly number[],
  b: readonly number[],
  opts: { resamples?: number; level?: number; seed?: number } = {},
): PairedComparison {
  if (a.length !== b.length || a.length === 0) throw new Error('comparePaired needs two equally long, non-empty lists');
  const diffs = a.map((x, i) => x - b[i]!);
  const n = diffs.length;
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const resamples = opts.resamples ?? 10_000;
  const level = opts.level ?? 0.95;
  // Seeded, so the printed interval is the same on every run.
  const random = seededRandom(opts.seed ?? 1);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += diffs[Math.floor(random() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  const eps = 1e-9;
  return {
    meanDiff: mean(diffs),
    low: at((1 - level) / 2),
    high: at(1 - (1 - level) / 2),
    better: diffs.filter((d) => d > eps).length,
    same: diffs.filter((d) => Math.abs(d) <= eps).length,
    worse: diffs.filter((d) => d < -eps).length,
  };
}
