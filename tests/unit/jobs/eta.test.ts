import { describe, expect, it } from 'vitest';
import { ETA_MIN_ELAPSED_MS, ETA_MIN_GAIN, estimateEtaSec } from '../../../main/core/jobs/eta';

const fresh = { startedAtMs: 10_000, startFraction: 0 };

describe('estimateEtaSec', () => {
  it('extrapolates linearly from the run so far', () => {
    // 10 s for a quarter → 30 s for the other three quarters.
    expect(estimateEtaSec(fresh, 20_000, 0.25)).toBe(30);
    // 60 s for 90 % → about 6.7 s left, rounded up.
    expect(estimateEtaSec(fresh, 70_000, 0.9)).toBe(7);
  });

  it('measures from where a resumed run started, not from zero', () => {
    const resumed = { startedAtMs: 0, startFraction: 0.5 };
    // 10 s for 0.1 more → 0.4 left takes 40 s (a naive estimate from zero would say 2.5 s).
    expect(estimateEtaSec(resumed, 10_000, 0.6)).toBe(40);
  });

  it('stays silent in the first second', () => {
    expect(estimateEtaSec(fresh, fresh.startedAtMs + ETA_MIN_ELAPSED_MS - 1, 0.5)).toBeNull();
    expect(estimateEtaSec(fresh, fresh.startedAtMs + ETA_MIN_ELAPSED_MS, 0.5)).toBe(1);
  });

  it('stays silent until the fraction moved enough', () => {
    expect(estimateEtaSec(fresh, 100_000, ETA_MIN_GAIN / 2)).toBeNull();
    expect(estimateEtaSec({ startedAtMs: 0, startFraction: 0.7 }, 100_000, 0.7)).toBeNull();
    expect(estimateEtaSec(fresh, fresh.startedAtMs + 20_000, ETA_MIN_GAIN)).toBe(980);
  });

  it('says 0 when done', () => {
    expect(estimateEtaSec(fresh, fresh.startedAtMs, 1)).toBe(0);
  });

  it('never returns a negative or non-finite value', () => {
    for (const fraction of [0, 0.02, 0.1, 0.5, 0.99, 1]) {
      for (const elapsed of [0, 999, 1000, 5000, 3_600_000]) {
        const eta = estimateEtaSec(fresh, fresh.startedAtMs + elapsed, fraction);
        if (eta !== null) {
          expect(Number.isFinite(eta)).toBe(true);
          expect(eta).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });
});
