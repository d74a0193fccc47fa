import { describe, expect, it } from 'vitest';
import { HeatmapSchema } from '../../../preload/contract';
import { buildHeatmap, countPerBin, heatmapBinSec, MAX_HEATMAP_BINS, smooth } from '../../../main/core/analysis/heatmap';

const sum = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0);

describe('buildHeatmap', () => {
  it('counts messages per second per bin without smoothing', () => {
    const h = buildHeatmap([0.1, 0.2, 1.5, 9.99, 10], 10, { smoothSec: 0 });
    expect(h.binSec).toBe(1);
    expect(h.values).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(h.max).toBe(2);
    expect(h.durationSec).toBe(10);
    expect(HeatmapSchema.parse(h)).toEqual(h);
  });

  it('divides by the bin width, and by the shorter width of a cut-off last bin', () => {
    const h = buildHeatmap([0, 0.5, 1, 1.5, 4.5], 5, { binSec: 2, smoothSec: 0 });
    expect(h.values).toEqual([2, 0, 1]);
  });

  it('ignores messages before the start, after the end, or without a time', () => {
    const h = buildHeatmap([-1, 0.5, 3.5, 11, Number.NaN, Number.POSITIVE_INFINITY], 4, { smoothSec: 0 });
    expect(h.values).toEqual([1, 0, 0, 1]);
  });

  it('smooths a burst into a hill that keeps (about) the same number of messages', () => {
    const offsets: number[] = [];
    for (let i = 0; i < 200; i++) offsets.push(300 + (i % 4) * 0.25);
    for (let t = 0; t < 600; t += 2) offsets.push(t);
    const raw = buildHeatmap(offsets, 600, { smoothSec: 0 });
    const smoothed = buildHeatmap(offsets, 600);
    expect(sum(smoothed.values)).toBeCloseTo(sum(raw.values), 0);
    expect(Math.abs(sum(smoothed.values) - offsets.length) / offsets.length).toBeLessThan(0.01);
    // The spike is spread over its neighbours, still peaking where the burst is.
    expect(smoothed.max).toBeLessThan(raw.max / 2);
    expect(smoothed.values.indexOf(smoothed.max)).toBe(300);
    expect(smoothed.values[297]!).toBeGreaterThan(raw.values[297]!);
    expect(Math.abs(smoothed.values[320]! - 0.5)).toBeLessThan(0.05); // background rate away from it
  });

  it('keeps the ends of the video at their level instead of fading them', () => {
    const offsets = Array.from({ length: 100 }, (_, i) => i + 0.5);
    const h = buildHeatmap(offsets, 100);
    expect(h.values[0]).toBeCloseTo(1, 10);
    expect(h.values[99]).toBeCloseTo(1, 10);
  });

  it('grows the bins of very long videos to at most MAX_HEATMAP_BINS', () => {
    expect(heatmapBinSec(3600)).toBe(1);
    expect(heatmapBinSec(MAX_HEATMAP_BINS)).toBe(1);
    expect(heatmapBinSec(8 * 3600)).toBe(2);
    expect(heatmapBinSec(100 * 3600)).toBe(18);
    const h = buildHeatmap([10, 20, 28_799], 8 * 3600);
    expect(h.binSec).toBe(2);
    expect(h.values.length).toBe(14_400);
    expect(h.values.length).toBeLessThanOrEqual(MAX_HEATMAP_BINS);
  });

  it('draws nothing for an empty chat or an unknown duration', () => {
    const empty = buildHeatmap([], 60);
    expect(empty.values).toHaveLength(60);
    expect(empty.max).toBe(0);
    expect(buildHeatmap([1, 2], 0).values).toEqual([]);
    expect(buildHeatmap([1, 2], Number.NaN)).toMatchObject({ values: [], max: 0, durationSec: 0 });
  });

  it('accepts a Float64Array of offsets (what the library hands over)', () => {
    expect(buildHeatmap(Float64Array.from([0.5, 1.5, 1.7]), 3, { smoothSec: 0 }).values).toEqual([1, 2, 0]);
  });
});

describe('countPerBin / smooth', () => {
  it('puts a message exactly at the end into the last bin', () => {
    expect(Array.from(countPerBin([0, 10], 10, 5))).toEqual([1, 1]);
  });

  it('smooths symmetrically around an impulse and leaves a constant unchanged', () => {
    const impulse = new Float64Array(21);
    impulse[10] = 1;
    const s = smooth(impulse, 5);
    for (let k = 1; k <= 10; k++) expect(s[10 - k]).toBeCloseTo(s[10 + k]!, 12);
    expect(sum(s)).toBeCloseTo(1, 12);
    expect(Array.from(smooth(new Float64Array(9).fill(3), 5)).every((v) => Math.abs(v - 3) < 1e-12)).toBe(true);
  });
});
