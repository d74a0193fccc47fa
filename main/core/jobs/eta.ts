// Linear time-left estimate for jobs whose work cannot tell its own. Measured from where this run
// started (a resumed download starts half done), and silent at first, when the rate is still noise.

/** No estimate before this much time has passed in the run… */
export const ETA_MIN_ELAPSED_MS = 1000;
/** …nor before the fraction has moved this much. */
export const ETA_MIN_GAIN = 0.02;

export interface RunStart {
  /** When this run started (ms, same clock as nowMs). */
  startedAtMs: number;
  /** The fraction the job had when this run started. */
  startFraction: number;
}

/** Whole seconds left, 0 when done, null while there is too little to go on. */
export function estimateEtaSec(start: RunStart, nowMs: number, fraction: number): number | null {
  if (fraction >= 1) return 0;
  const elapsedMs = nowMs - start.startedAtMs;
  const gained = fraction - start.startFraction;
  if (elapsedMs < ETA_MIN_ELAPSED_MS || gained < ETA_MIN_GAIN) return null;
  const seconds = ((elapsedMs / 1000) * (1 - fraction)) / gained;
  // Rounded up (never "0 s left" while working), minus float noise so 40.0000001 stays 40.
  return Math.max(0, Math.ceil(seconds - 1e-6));
}
