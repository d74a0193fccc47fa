// How late this chat reacts and how long its reactions last, measured on the chat itself: the mean shape
// of its strongest bursts. A chat whose bursts are short spikes (a small personal stream) reacts to
// moments that began long before the spike; one whose reactions swell and linger (a big broadcast audience
// piling on) is already reacting while the moment is still on. Whole seconds only: Twitch chat times have
// had one-second resolution since 2022, so nothing here looks below that.
import type { DetectorParams } from './detectorParams';

export interface ReactionTiming {
  /** Seconds from the moment's start to the chat burst's rise (the range starts this much earlier). */
  delaySec: number;
  /** Length of a range for a short reaction (s); longer reactions add lengthPerReactionSec per second. */
  lengthSec: number;
  /** Width (s) of the mean burst at a quarter of its height, when there were enough bursts to measure. */
  widthSec: number | null;
  /** How many bursts the estimate rests on. */
  bursts: number;
  /** Where the timing came from: the chat's burst shape, the fixed prior (too few bursts), the user's examples. */
  source: 'chat' | 'prior' | 'examples';
}

/** Fewer bursts than this make no shape: the prior delay is used. */
export const MIN_SHAPE_BURSTS = 5;
/** At most this many of the strongest bursts shape the estimate. */
export const SHAPE_BURSTS = 15;
/** The profile around each burst: this many seconds either side. */
const SPAN = 60;
/** Where the chat was before a burst: the median of the second minute before it. */
const PRE_FROM = 120;
const PRE_TO = 60;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/**
 * Width (s) of the chat's mean burst: the per-second signal around each peak (the second its burst
 * starts rising), minus the chat's level a minute or two before, averaged over the peaks and smoothed
 * over 3 s; the width is how long that mean stays above a quarter of its top (found 5 s before to 15 s
 * after the peak). Null when there is no burst to measure.
 */
export function burstWidth(signal: ArrayLike<number>, peaks: readonly number[]): number | null {
  if (peaks.length === 0) return null;
  const n = signal.length;
  const at = (t: number): number => (t >= 0 && t < n ? signal[t]! : 0);
  const profile = new Float64Array(2 * SPAN + 1);
  for (const peak of peaks) {
    const before: number[] = [];
    for (let t = Math.max(0, peak - PRE_FROM); t < Math.max(0, peak - PRE_TO); t++) before.push(at(t));
    const level = median(before);
    for (let k = -SPAN; k <= SPAN; k++) profile[k + SPAN]! += (at(peak + k) - level) / peaks.length;
  }
  const m = profile.length;
  const smooth = profile.map((_, i) => (profile[Math.max(0, i - 1)]! + profile[i]! + profile[Math.min(m - 1, i + 1)]!) / 3);
  let top = SPAN;
  for (let i = SPAN - 5; i <= SPAN + 15; i++) if (smooth[i]! > smooth[top]!) top = i;
  if (!(smooth[top]! > 0)) return null;
  const quarter = smooth[top]! / 4;
  let from = top;
  while (from > 0 && smooth[from - 1]! > quarter) from--;
  let to = top;
  while (to < m - 1 && smooth[to + 1]! > quarter) to++;
  return to - from;
}

type TimingParams = Pick<
  DetectorParams,
  'reactionDelaySec' | 'baseLengthSec' | 'minLengthSec' | 'adaptiveTiming' | 'delayAtZeroWidthSec' | 'delayPerWidthSec' | 'minDelaySec' | 'maxDelaySec'
>;

/** The delay a burst width implies: delayAtZeroWidthSec − delayPerWidthSec × width, within min/maxDelaySec. */
export function delayForWidth(widthSec: number, p: TimingParams): number {
  return Math.round(Math.max(p.minDelaySec, Math.min(p.maxDelaySec, p.delayAtZeroWidthSec - p.delayPerWidthSec * widthSec)));
}

/** A fixed timing: the prior delay and length (too few bursts, or adaptiveTiming off). */
export function priorTiming(p: TimingParams, bursts = 0): ReactionTiming {
  return { delaySec: p.reactionDelaySec, lengthSec: p.baseLengthSec, widthSec: null, bursts, source: 'prior' };
}

/**
 * The chat's timing from the peaks of its strongest bursts (best first; at most SHAPE_BURSTS are used):
 * the delay from their mean width (delayForWidth), the length for it (lengthForDelay). Falls back to the
 * prior below MIN_SHAPE_BURSTS bursts, where one odd burst would decide it.
 */
export function estimateTiming(signal: ArrayLike<number>, peaks: readonly number[], p: TimingParams): ReactionTiming {
  const used = peaks.slice(0, SHAPE_BURSTS);
  if (!p.adaptiveTiming || used.length < MIN_SHAPE_BURSTS) return priorTiming(p, used.length);
  const width = burstWidth(signal, used);
  if (width === null) return priorTiming(p, used.length);
  const delaySec = delayForWidth(width, p);
  return { delaySec, lengthSec: lengthForDelay(delaySec, p), widthSec: width, bursts: used.length, source: 'chat' };
}

/**
 * A range runs from the moment's start to about when chat took off: as long as the delay (plus what
 * baseLengthSec adds over reactionDelaySec at the prior), never shorter than a clip people make (15 s).
 */
export function lengthForDelay(delaySec: number, p: Pick<DetectorParams, 'baseLengthSec' | 'reactionDelaySec' | 'minLengthSec'>): number {
  return Math.max(p.minLengthSec, p.baseLengthSec + (delaySec - p.reactionDelaySec));
}
