// Every knob of the chat-burst detector in one place, with why each default is what it is.
// The defaults follow detection.md (Lightor, open-source clippers) and were checked on the Lightor
// training videos, preferring round, explainable values over fitted ones: 5–25 s shifts, 5–10 s
// windows and 2–10 min baselines all scored within noise of each other there.

export interface DetectorParams {
  /** Width of the sliding window that counts messages (s). 5–10 s is what the literature uses. */
  windowSec: number;
  /**
   * Span of the robust local baseline (s): the rolling median and MAD of window counts over this
   * much chat around each moment. Minutes, not the whole VOD, because chat volume drifts for hours.
   */
  baselineSec: number;
  /**
   * A peak must score this many robust standard deviations above the local baseline (on the
   * Anscombe scale, where Poisson noise is ~1). Flat random chat reaches ~4.3 over 8 hours, hence a default above that.
   */
  threshold: number;
  /**
   * …and hold at least this many times the local baseline's messages: in a very busy chat a tiny
   * relative wobble can be statistically significant without being a moment anyone noticed.
   */
  minRatio: number;
  /** …and hold at least this many messages in its window (a handful of lines is not a moment). */
  minMessages: number;
  /**
   * Where a burst begins and ends: while the window count stays above this fraction of the way
   * from the baseline up to the peak.
   */
  edgeFraction: number;
  /**
   * Chat reacts after the moment: viewers see the stream late, then type. The range is moved this
   * much earlier than the burst (detection.md: ~10–25 s).
   */
  reactionDelaySec: number;
  /** Proposal length bounds (s): what people clip. */
  minLengthSec: number;
  maxLengthSec: number;
  /** Two proposals' peaks must be at least this far apart (s), so they are not the same moment. */
  suppressSec: number;
  /** At most this many proposals, best first. */
  maxProposals: number;
}

export const DEFAULT_DETECTOR_PARAMS: Readonly<DetectorParams> = Object.freeze({
  windowSec: 10,
  baselineSec: 300,
  threshold: 4.5,
  minRatio: 1.25,
  minMessages: 5,
  edgeFraction: 0.5,
  reactionDelaySec: 15,
  minLengthSec: 15,
  maxLengthSec: 60,
  suppressSec: 90,
  maxProposals: 22,
});

/** Threshold (robust z) at sensitivity 0 and 1; the UI's slider moves linearly between them. */
const STRICTEST_THRESHOLD = 7;
const LOOSEST_THRESHOLD = 2;
/** Proposal count bounds at sensitivity 0 and 1 (geometric in between: each step feels alike). */
const FEWEST_PROPOSALS = 5;
const MOST_PROPOSALS = 100;

/**
 * Maps the UI's sensitivity (0 = only the strongest moments, 1 = many proposals) onto the
 * threshold and the proposal count; 0.5 gives the defaults. Only these two move, both
 * monotonically, so raising the sensitivity never removes a proposal (the stronger candidates
 * are considered first and in the same order).
 */
export function paramsForSensitivity(sensitivity: number, base: Readonly<DetectorParams> = DEFAULT_DETECTOR_PARAMS): DetectorParams {
  const s = Number.isFinite(sensitivity) ? Math.min(1, Math.max(0, sensitivity)) : 0.5;
  const threshold = STRICTEST_THRESHOLD + (LOOSEST_THRESHOLD - STRICTEST_THRESHOLD) * s;
  const maxProposals = Math.round(FEWEST_PROPOSALS * (MOST_PROPOSALS / FEWEST_PROPOSALS) ** s);
  return { ...base, threshold, maxProposals };
}
