// The first highlight detector: bursts of chat against a robust local baseline, moved back by the
// time chat takes to react. Linear in messages plus seconds of video; typed arrays throughout.
import { DEFAULT_DETECTOR_PARAMS, type DetectorParams } from './detectorParams';
import { countPerBin } from './heatmap';

export interface DetectedRange {
  start: number;
  end: number;
  /** Robust z-score of the burst against the local baseline (see ChatActivity). */
  score: number;
  /** Second where the chat burst peaked (before the reaction shift). */
  peakSec: number;
}

/**
 * Chat activity per second with its local baseline. Counts are compared on the Anscombe scale
 * (2·√(x + 3/8)), where Poisson noise has a standard deviation of ~1 whatever the chat's volume:
 * a quiet chat's 7 messages where 1 is usual is then not mistaken for a huge outlier.
 */
export interface ChatActivity {
  /** Messages in the window centred on each second. */
  window: Float64Array;
  /** Rolling median of window counts around each second (messages per window). */
  baseline: Float64Array;
  /** Robust z-score of each second's window against its local baseline (Anscombe scale). */
  score: Float64Array;
}

/** For a normal distribution the lower quartile lies 0.6745 σ below the median. */
const QUARTILE_TO_SIGMA = 1 / 0.6745;
const anscombe = (count: number): number => 2 * Math.sqrt(count + 0.375);

/** Quantile q of the first `n` values of an ascending array (linear interpolation). */
function quantileSorted(sorted: Float64Array, n: number, q: number): number {
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Window counts and their robust local baseline. The baseline is taken on non-overlapping blocks
 * one window wide (rolling median and lower-quartile spread over `baselineSec`) and interpolated
 * per second, which keeps it linear-time for long videos.
 */
export function chatActivity(offsets: ArrayLike<number>, durationSec: number, params: DetectorParams): ChatActivity {
  const n = Math.max(0, Math.ceil(durationSec));
  const counts = countPerBin(offsets, durationSec, 1);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + counts[i]!;

  const w = Math.max(1, Math.round(params.windowSec));
  const half = Math.floor(w / 2);
  const window = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    window[t] = prefix[Math.min(n, t - half + w)]! - prefix[Math.max(0, t - half)]!;
  }

  const blocks = Math.ceil(n / w);
  const blockCounts = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) {
    const end = Math.min(n, (j + 1) * w);
    // A short last block is scaled to a full window so it compares like the others.
    blockCounts[j] = ((prefix[end]! - prefix[j * w]!) * w) / (end - j * w);
  }
  const reach = Math.max(1, Math.round(params.baselineSec / w / 2));
  const scratch = new Float64Array(2 * reach + 1);
  const blockBase = new Float64Array(blocks);
  const blockYBase = new Float64Array(blocks);
  const blockYSpread = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) {
    const from = Math.max(0, j - reach);
    const to = Math.min(blocks, j + reach + 1);
    const m = to - from;
    for (let k = 0; k < m; k++) scratch[k] = blockCounts[from + k]!;
    const sorted = scratch.subarray(0, m).sort();
    const median = quantileSorted(sorted, m, 0.5);
    // The spread comes from the lower half only: bursts sit in the upper half, so a reaction that
    // fills almost half the baseline span still does not inflate the noise it is measured against.
    // The transform is monotonic, so quantiles carry over to the Anscombe scale.
    blockBase[j] = median;
    blockYBase[j] = anscombe(median);
    blockYSpread[j] = (anscombe(median) - anscombe(quantileSorted(sorted, m, 0.25))) * QUARTILE_TO_SIGMA;
  }

  const baseline = new Float64Array(n);
  const score = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    // Linear interpolation between block centres.
    const x = (t + 0.5) / w - 0.5;
    const j0 = Math.max(0, Math.min(blocks - 1, Math.floor(x)));
    const j1 = Math.min(blocks - 1, j0 + 1);
    const f = Math.max(0, Math.min(1, x - j0));
    baseline[t] = blockBase[j0]! * (1 - f) + blockBase[j1]! * f;
    const yBase = blockYBase[j0]! * (1 - f) + blockYBase[j1]! * f;
    const ySpread = blockYSpread[j0]! * (1 - f) + blockYSpread[j1]! * f;
    // Poisson noise (1 on this scale) is the least spread there can be; quiet chat often measures 0.
    score[t] = (anscombe(window[t]!) - yBase) / Math.max(1, ySpread);
  }
  return { window, baseline, score };
}

/**
 * Clamps [start, end] into the video and into the length bounds, keeping the start where it can
 * (the start is what a proposal gets right or wrong). A video shorter than minLengthSec is one range.
 */
export function fitRange(
  start: number,
  end: number,
  durationSec: number,
  p: Pick<DetectorParams, 'minLengthSec' | 'maxLengthSec'>,
): [number, number] {
  let s = Math.max(0, start);
  let e = Math.min(durationSec, Math.max(end, s));
  if (e - s > p.maxLengthSec) e = s + p.maxLengthSec;
  if (e - s < p.minLengthSec) {
    e = Math.min(durationSec, s + p.minLengthSec);
    s = Math.max(0, e - p.minLengthSec);
  }
  return [s, e];
}

/**
 * Proposed highlight ranges, best first. `offsets` are message times in seconds (any order).
 * Ranges never overlap, lie in [0, durationSec] and are minLengthSec…maxLengthSec long (shorter
 * only when the video is).
 */
export function detectHighlights(
  offsets: ArrayLike<number>,
  durationSec: number,
  params: DetectorParams = DEFAULT_DETECTOR_PARAMS,
): DetectedRange[] {
  if (!(Number.isFinite(durationSec) && durationSec > 0) || offsets.length === 0 || params.maxProposals <= 0) {
    return [];
  }
  const p = params;
  const { window, baseline, score } = chatActivity(offsets, durationSec, p);
  const n = window.length;
  const half = Math.floor(Math.max(1, Math.round(p.windowSec)) / 2);

  // Candidates: local maxima of the score (first of a plateau) that pass every absolute test.
  const candidates: number[] = [];
  for (let t = 0; t < n; t++) {
    const z = score[t]!;
    if (z < p.threshold || window[t]! < p.minMessages || window[t]! < p.minRatio * baseline[t]!) continue;
    let isPeak = true;
    for (let u = Math.max(0, t - half); u <= Math.min(n - 1, t + half) && isPeak; u++) {
      if (u < t ? score[u]! >= z : score[u]! > z) isPeak = false;
    }
    if (isPeak) candidates.push(t);
  }
  candidates.sort((a, b) => score[b]! - score[a]! || a - b);

  const accepted: DetectedRange[] = [];
  for (const peak of candidates) {
    if (accepted.length >= p.maxProposals) break;
    if (accepted.some((r) => Math.abs(r.peakSec - peak) < p.suppressSec)) continue;
    // The burst lasts while the window stays above a level part-way from baseline to peak.
    const level = baseline[peak]! + p.edgeFraction * (window[peak]! - baseline[peak]!);
    let onset = peak;
    while (onset > 0 && window[onset - 1]! >= level) onset--;
    let offset = peak;
    while (offset < n - 1 && window[offset + 1]! >= level) offset++;
    const [start, end] = fitRange(onset - p.reactionDelaySec, offset + 1 - p.reactionDelaySec, durationSec, p);
    if (accepted.some((r) => start < r.end && r.start < end)) continue;
    accepted.push({ start, end, score: score[peak]!, peakSec: peak });
  }
  return accepted;
}
