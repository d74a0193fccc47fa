// The simple pickers detection.md measures against, computed from the same per-second message
// counts as the detector, so `npm run eval` shows both through one harness.

export interface BaselineProposal {
  start: number;
  end: number;
  score: number;
}

/** Message count of every `width`-second window starting at each second (earlier first on ties). */
function windowsByCount(counts: readonly number[], width: number): { at: number; count: number }[] {
  const windows: { at: number; count: number }[] = [];
  let sum = 0;
  for (let t = 0; t < counts.length; t++) {
    sum += counts[t]!;
    if (t >= width) sum -= counts[t - width]!;
    if (t >= width - 1) windows.push({ at: t - width + 1, count: sum });
  }
  return windows.sort((a, b) => b.count - a.count || a.at - b.at);
}

/** The original project's picker: the 5 busiest 1-minute bins, each clip the whole minute. */
export function busiestMinutes(counts: readonly number[], picks = 5): BaselineProposal[] {
  const bins: BaselineProposal[] = [];
  for (let start = 0; start < counts.length; start += 60) {
    let count = 0;
    for (let t = start; t < Math.min(counts.length, start + 60); t++) count += counts[t]!;
    bins.push({ start, end: start + 60, score: count });
  }
  return bins.sort((a, b) => b.score - a.score || a.start - b.start).slice(0, picks);
}

/**
 * The busiest 5-second windows, best first: a clip `lengthSec` long starting `shiftSec` before the
 * window (0 and 5 s for the unshifted picker).
 */
export function busiestWindows(counts: readonly number[], shiftSec = 0, lengthSec = 5, width = 5): BaselineProposal[] {
  return windowsByCount(counts, width).map((w) => {
    const start = Math.max(0, w.at - shiftSec);
    return { start, end: start + lengthSec, score: w.count };
  });
}
