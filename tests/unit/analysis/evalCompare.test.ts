import { describe, expect, it } from 'vitest';
import { comparePaired } from '../../../main/core/analysis/evalCompare';

describe('comparePaired', () => {
  it('gives the mean difference, how many videos went each way, and an interval around it', () => {
    const c = comparePaired([0.6, 0.5, 0.7, 0.4], [0.5, 0.5, 0.4, 0.5]);
    expect(c.meanDiff).toBeCloseTo(0.075, 10);
    expect([c.better, c.same, c.worse]).toEqual([2, 1, 1]);
    expect(c.low).toBeLessThanOrEqual(c.meanDiff);
    expect(c.high).toBeGreaterThanOrEqual(c.meanDiff);
    // The interval of a mean of resampled differences stays within the smallest and largest difference.
    expect(c.low).toBeGreaterThanOrEqual(-0.1 - 1e-9);
    expect(c.high).toBeLessThanOrEqual(0.3 + 1e-9);
    expect(c.low).toBeLessThan(0); // one video went the other way: not a sure difference
  });

  it('excludes zero when every video moved the same way, and is the same on every run', () => {
    const a = [0.8, 0.7, 0.9, 0.6, 0.75, 0.8];
    const b = a.map((x) => x - 0.1);
    const c = comparePaired(a, b);
    expect(c.low).toBeCloseTo(0.1, 10);
    expect(c.high).toBeCloseTo(0.1, 10);
    expect(comparePaired([1, 0, 1, 0, 1], [0, 0, 1, 1, 0])).toEqual(comparePaired([1, 0, 1, 0, 1], [0, 0, 1, 1, 0]));
    expect(() => comparePaired([1], [1, 2])).toThrow();
  });
});
