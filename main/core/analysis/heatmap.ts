// The chat heatmap under the timeline: messages per second, binned and smoothed so that a burst
// reads as one hill rather than a comb of spikes. Linear time, typed arrays.
import type { Heatmap } from '../../../preload/contract';

/** More bins than this are wider than any screen; long videos get wider bins instead. */
export const MAX_HEATMAP_BINS = 20_000;

export interface HeatmapOptions {
  /** Requested bin width (default 1 s); grown to whole seconds so there are ≤ MAX_HEATMAP_BINS. */
  binSec?: number;
  /** Width of the smoothing (≈ the full width of the gaussian it approximates); 0 disables. */
  smoothSec?: number;
}

/** The bin width actually used: the requested one, grown for very long videos. */
export function heatmapBinSec(durationSec: number, requested = 1): number {
  const base = Number.isFinite(requested) && requested > 0 ? requested : 1;
  if (durationSec / base <= MAX_HEATMAP_BINS) return base;
  return Math.ceil(durationSec / MAX_HEATMAP_BINS);
}

/** Counts of offsets per bin; offsets outside [0, durationSec] are ignored (chat after the video). */
export function countPerBin(offsets: ArrayLike<number>, durationSec: number, binSec: number): Float64Array {
  const bins = Math.max(0, Math.ceil(durationSec / binSec));
  const counts = new Float64Array(bins);
  if (bins === 0) return counts;
  for (let i = 0; i < offsets.length; i++) {
    const t = offsets[i]!;
    if (!(t >= 0 && t <= durationSec)) continue; // also drops NaN
    const bin = Math.min(bins - 1, Math.floor(t / binSec));
    counts[bin]! += 1;
  }
  return counts;
}

/**
 * One centred moving average of `width` samples, in place via `out`. Near the edges it averages only
 * the samples that exist, so the ends of the video are not drawn artificially quiet.
 */
function boxBlur(input: Float64Array, width: number, out: Float64Array): void {
  const n = input.length;
  const left = Math.floor((width - 1) / 2);
  const right = width - 1 - left;
  let sum = 0;
  let lo = 0; // window is [lo, hi)
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const wantHi = Math.min(n, i + right + 1);
    while (hi < wantHi) sum += input[hi++]!;
    const wantLo = Math.max(0, i - left);
    while (lo < wantLo) sum -= input[lo++]!;
    out[i] = sum / (hi - lo);
  }
}

/**
 * Three box passes approximate a gaussian (central limit theorem) in O(n) whatever the width.
 * Returns a new array.
 */
export function smooth(values: Float64Array, widthSamples: number): Float64Array {
  const width = Math.max(1, Math.round(widthSamples));
  let a = Float64Array.from(values);
  if (width <= 1 || a.length < 2) return a;
  let b = new Float64Array(a.length);
  // Three passes of width w give a variance of 3(w²−1)/12; pick w so the total spread matches.
  const passWidth = Math.max(1, Math.round(width / Math.sqrt(3)) | 1);
  for (let pass = 0; pass < 3; pass++) {
    boxBlur(a, passWidth, b);
    [a, b] = [b, a];
  }
  return a;
}

/** Messages per second per bin, smoothed over about `smoothSec` (default 5 s), with its maximum. */
export function buildHeatmap(offsets: ArrayLike<number>, durationSec: number, opts: HeatmapOptions = {}): Heatmap {
  const duration = Number.isFinite(durationSec) && durationSec > 0 ? durationSec : 0;
  const binSec = heatmapBinSec(duration, opts.binSec);
  const counts = countPerBin(offsets, duration, binSec);
  const bins = counts.length;
  // Rates: the last bin may be cut short by the end of the video.
  for (let i = 0; i < bins; i++) {
    const width = i === bins - 1 ? duration - i * binSec : binSec;
    counts[i] = counts[i]! / (width > 0 ? width : binSec);
  }
  const smoothSec = opts.smoothSec ?? 5;
  const smoothed = smoothSec > binSec ? smooth(counts, smoothSec / binSec) : counts;
  let max = 0;
  const values = new Array<number>(bins);
  for (let i = 0; i < bins; i++) {
    const v = smoothed[i]!;
    values[i] = v;
    if (v > max) max = v;
  }
  return { binSec, values, max, durationSec: duration, source: 'chat' };
}
