import { describe, expect, it } from 'vitest';
import { estimateEtaSec } from '../../../main/core/jobs/eta';
import { nextProgress, sameProgress, type JobProgress } from '../../../main/core/jobs/progressState';

const start = { startedAtMs: 0, startFraction: 0 };
const zero: JobProgress = { fraction: 0, etaSec: null, detail: null };

describe('nextProgress', () => {
  it('takes the reported fraction and detail', () => {
    expect(nextProgress(zero, { fraction: 0.3, detail: 'range 1 of 3' }, start, 0)).toEqual({
      fraction: 0.3,
      etaSec: null,
      detail: 'range 1 of 3',
    });
  });

  it('clamps the fraction to 0..1', () => {
    expect(nextProgress(zero, { fraction: 1.7 }, start, 0).fraction).toBe(1);
    expect(nextProgress(zero, { fraction: -0.5 }, start, 0).fraction).toBe(0);
  });

  it('never goes backwards, and ignores a fraction that is not a number', () => {
    const half = { ...zero, fraction: 0.5 };
    expect(nextProgress(half, { fraction: 0.3 }, start, 0).fraction).toBe(0.5);
    expect(nextProgress(half, { fraction: Number.NaN }, start, 0).fraction).toBe(0.5);
    expect(nextProgress(half, { fraction: Number.POSITIVE_INFINITY }, start, 0).fraction).toBe(0.5);
    expect(nextProgress(half, { fraction: 0.6 }, start, 0).fraction).toBe(0.6);
  });

  it('keeps the last detail when a report has none, and clears it on an explicit null', () => {
    const withDetail = { ...zero, detail: '120 MB' };
    expect(nextProgress(withDetail, { fraction: 0.1 }, start, 0).detail).toBe('120 MB');
    expect(nextProgress(withDetail, { fraction: 0.1, detail: null }, start, 0).detail).toBeNull();
    expect(nextProgress(withDetail, { fraction: 0.1, detail: '130 MB' }, start, 0).detail).toBe('130 MB');
  });

  it("prefers the work's own ETA over the linear estimate", () => {
    expect(nextProgress(zero, { fraction: 0.5, etaSec: 42 }, start, 10_000).etaSec).toBe(42);
    expect(nextProgress(zero, { fraction: 0.5, etaSec: 0 }, start, 10_000).etaSec).toBe(0);
  });

  it('estimates when the work gives no usable ETA', () => {
    const expected = estimateEtaSec(start, 10_000, 0.5);
    expect(expected).not.toBeNull();
    for (const etaSec of [undefined, null, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(nextProgress(zero, { fraction: 0.5, etaSec }, start, 10_000).etaSec).toBe(expected);
    }
  });

  it('estimates from the monotonic fraction, not the reported one', () => {
    const half = { ...zero, fraction: 0.5 };
    expect(nextProgress(half, { fraction: 0.1 }, start, 10_000).etaSec).toBe(estimateEtaSec(start, 10_000, 0.5));
  });
});

describe('sameProgress', () => {
  it('compares every field', () => {
    expect(sameProgress(zero, { ...zero })).toBe(true);
    expect(sameProgress(zero, { ...zero, fraction: 0.1 })).toBe(false);
    expect(sameProgress(zero, { ...zero, etaSec: 3 })).toBe(false);
    expect(sameProgress(zero, { ...zero, detail: 'x' })).toBe(false);
  });
});
