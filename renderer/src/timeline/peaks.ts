// Turns the chat heatmap into the one channel of "peaks" wavesurfer draws, spread exactly over the
// video's duration (the heatmap may stop a little before or after it) and scaled to 0…1. Chat rates are
// heavy-tailed (one huge spike flattens everything else), so heights follow the square root of the rate:
// the spike stays the tallest while the ordinary ups and downs remain readable.
import type { Heatmap } from '../../../preload/contract';

/** Points drawn across the timeline; more than the pixels available buys nothing. */
export const MAX_POINTS = 3000;

export function heatmapPeaks(heatmap: Heatmap | null, durationSec: number, maxPoints = MAX_POINTS, gamma = 0.5): number[] {
  if (!heatmap || heatmap.values.length === 0 || !(durationSec > 0) || !(heatmap.binSec > 0)) return [0, 0];
  const bins = heatmap.values;
  const count = Math.max(2, Math.min(maxPoints, Math.ceil(durationSec / heatmap.binSec)));
  const span = durationSec / count;
  const max = bins.reduce((acc, v) => (Number.isFinite(v) && v > acc ? v : acc), 0);
  if (max <= 0) return new Array<number>(count).fill(0);
  const points = new Array<number>(count);
  for (let i = 0; i < count; i += 1) {
    // Each point shows the busiest bin in its time span, so a short burst is never averaged away.
    const first = Math.floor((i * span) / heatmap.binSec);
    const last = Math.max(first, Math.ceil(((i + 1) * span) / heatmap.binSec) - 1);
    let peak = 0;
    for (let b = first; b <= last && b < bins.length; b += 1) {
      const v = bins[b] ?? 0;
      if (Number.isFinite(v) && v > peak) peak = v;
    }
    points[i] = (peak / max) ** gamma;
  }
  return points;
}
