import { describe, expect, it } from 'vitest';
import type { Heatmap } from '../../../preload/contract';
import { heatmapPeaks } from '../../../renderer/src/timeline/peaks';
import { tickSpacing } from '../../../renderer/src/timeline/ticks';

function heatmap(values: number[], binSec: number, durationSec = values.length * binSec): Heatmap {
  return { binSec, values, max: Math.max(0, ...values), durationSec, source: 'chat' };
}

describe('heatmapPeaks', () => {
  it('is a flat line without a heatmap', () => {
    expect(heatmapPeaks(null, 120)).toEqual([0, 0]);
    expect(heatmapPeaks(heatmap([], 5), 120)).toEqual([0, 0]);
    expect(heatmapPeaks(heatmap([1, 2], 5), 0)).toEqual([0, 0]);
  });

  it('scales to 0…1 with one point per bin when they fit', () => {
    const peaks = heatmapPeaks(heatmap([0, 2, 4, 1], 5), 20, 3000, 1);
    expect(peaks).toEqual([0, 0.5, 1, 0.25]);
  });

  it('uses the square root of the rate by default, keeping the order of heights', () => {
    const peaks = heatmapPeaks(heatmap([0, 1, 4, 16], 5), 20);
    expect(peaks).toEqual([0, 0.25, 0.5, 1]);
  });

  it('spreads over the video duration, padding with silence after the heatmap ends', () => {
    const peaks = heatmapPeaks(heatmap([4, 2], 5), 20, 3000, 1);
    expect(peaks).toEqual([1, 0.5, 0, 0]);
  });

  it('keeps a one-bin burst visible when many bins share a point', () => {
    const values = new Array<number>(10_000).fill(1);
    values[5_123] = 50;
    const peaks = heatmapPeaks(heatmap(values, 1), 10_000, 1000, 1);
    expect(peaks).toHaveLength(1000);
    expect(Math.max(...peaks)).toBe(1);
    expect(peaks[512]).toBe(1);
    expect(peaks[100]).toBeCloseTo(1 / 50, 9);
  });

  it('is all zeros for a silent chat and ignores non-finite values', () => {
    expect(heatmapPeaks(heatmap([0, 0, 0], 5), 15)).toEqual([0, 0, 0]);
    expect(heatmapPeaks(heatmap([Number.NaN, 2, Infinity, 1], 5), 20, 3000, 1)).toEqual([0, 1, 0, 0.5]);
  });
});

describe('tickSpacing', () => {
  it('picks a round label interval giving at most 12 labels', () => {
    expect(tickSpacing(120)).toEqual({ labelSec: 10, tickSec: 2 });
    expect(tickSpacing(10)).toEqual({ labelSec: 1, tickSec: 0.5 });
    expect(tickSpacing(3 * 3600).labelSec).toBe(900);
    expect(tickSpacing(3 * 3600).tickSec).toBe(180);
    for (const d of [5, 61, 600, 3599, 7200, 40000]) {
      const { labelSec } = tickSpacing(d);
      expect(d / labelSec).toBeLessThanOrEqual(12);
    }
  });

  it('goes below a second for a zoomed-in window', () => {
    expect(tickSpacing(2, 12)).toEqual({ labelSec: 0.2, tickSec: 0.1 });
    expect(tickSpacing(5, 12).labelSec).toBe(0.5);
  });

  it('copes with a zero duration', () => {
    expect(tickSpacing(0).labelSec).toBe(1);
  });
});
