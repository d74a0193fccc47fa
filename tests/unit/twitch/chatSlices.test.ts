import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SLICES,
  MIN_SLICE_SEC,
  fewerRequests,
  nominalSpan,
  planRemaining,
  planSlices,
  replanFailedSlice,
  type ChatSlice,
} from '../../../main/core/twitch/chatSlices';

/** Slices must tile [from, …) without gaps or overlaps, in order, on whole seconds. */
function expectContiguous(slices: ChatSlice[], fromSec: number): void {
  expect(slices.length).toBeGreaterThan(0);
  expect(slices[0]!.startSec).toBe(fromSec);
  for (let i = 0; i < slices.length; i++) {
    const s = slices[i]!;
    expect(Number.isInteger(s.startSec)).toBe(true);
    expect(s.endSec).toBeGreaterThan(s.startSec);
    if (i > 0) expect(s.startSec).toBe(slices[i - 1]!.endSec);
  }
}

describe('planSlices', () => {
  it('cuts a VOD into 4 equal slices by default, the last open-ended', () => {
    const slices = planSlices(4 * 3600);
    expect(DEFAULT_SLICES).toBe(4);
    expect(slices).toEqual([
      { startSec: 0, endSec: 3600 },
      { startSec: 3600, endSec: 7200 },
      { startSec: 7200, endSec: 10800 },
      { startSec: 10800, endSec: Infinity },
    ]);
  });

  it('tiles the timeline for many lengths and counts', () => {
    for (const length of [61, 119.5, 240, 1000, 3601, 8 * 3600 + 17]) {
      for (const count of [1, 2, 3, 4, 7, 10]) {
        const slices = planSlices(length, count);
        expectContiguous(slices, 0);
        expect(slices.length).toBeLessThanOrEqual(count);
        expect(slices[slices.length - 1]!.endSec).toBe(Infinity);
        // Every slice but the open-ended one is at least the minimum, and they are near-equal.
        const finite = slices.slice(0, -1).map((s) => s.endSec - s.startSec);
        for (const span of finite) expect(span).toBeGreaterThanOrEqual(MIN_SLICE_SEC);
        if (finite.length > 1) expect(Math.max(...finite) - Math.min(...finite)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('uses fewer slices for a short VOD rather than slices under the minimum', () => {
    expect(planSlices(150, 4)).toEqual([
      { startSec: 0, endSec: 75 },
      { startSec: 75, endSec: Infinity },
    ]);
    expect(planSlices(MIN_SLICE_SEC - 1, 4)).toEqual([{ startSec: 0, endSec: Infinity }]);
  });

  it('gives one slice paging to the end for a fresh VOD (length 0) or an unusable length', () => {
    for (const length of [0, -5, Number.NaN, Infinity]) {
      expect(planSlices(length, 4)).toEqual([{ startSec: 0, endSec: Infinity }]);
    }
  });

  it('treats a count below 1 or fractional as at least 1', () => {
    expect(planSlices(1000, 0)).toHaveLength(1);
    expect(planSlices(1000, 2.7)).toHaveLength(2);
  });
});

describe('replanFailedSlice', () => {
  it('halves the concurrency and cuts what is left into that many slices', () => {
    const replan = replanFailedSlice({ startSec: 0, endSec: 3600 }, 1200, 4, 14_400);
    expect(replan.concurrency).toBe(2);
    expect(replan.slices).toEqual([
      { startSec: 1200, endSec: 2400 },
      { startSec: 2400, endSec: 3600 },
    ]);
  });

  it('restarts from the whole second reached (a second can straddle two pages)', () => {
    const replan = replanFailedSlice({ startSec: 100, endSec: 1000 }, 456.7, 2, 2000);
    expect(replan.slices).toEqual([{ startSec: 456, endSec: 1000 }]);
  });

  it('never goes below one request, and keeps a short remainder whole', () => {
    expect(fewerRequests(1)).toBe(1);
    expect(fewerRequests(3)).toBe(1);
    expect(fewerRequests(8)).toBe(4);
    const replan = replanFailedSlice({ startSec: 0, endSec: 3600 }, 3590, 8, 3600);
    expect(replan).toEqual({ concurrency: 4, slices: [{ startSec: 3590, endSec: 3600 }] });
  });

  it('keeps an open-ended slice open-ended, dividing it up to the VOD length', () => {
    const replan = replanFailedSlice({ startSec: 3000, endSec: Infinity }, 3000, 4, 4000);
    expect(replan.slices).toEqual([
      { startSec: 3000, endSec: 3500 },
      { startSec: 3500, endSec: Infinity },
    ]);
    // Already past the nominal length (stale length, or 0 on a fresh VOD): one open-ended slice.
    expect(replanFailedSlice({ startSec: 0, endSec: Infinity }, 5000, 4, 0).slices).toEqual([{ startSec: 5000, endSec: Infinity }]);
  });

  it('leaves nothing when the slice had reached its end', () => {
    expect(replanFailedSlice({ startSec: 0, endSec: 600 }, 600, 4, 1200).slices).toEqual([]);
  });

  it('never restarts before the slice start (unknown reach)', () => {
    expect(replanFailedSlice({ startSec: 600, endSec: 700 }, Number.NaN, 2, 1200).slices).toEqual([{ startSec: 600, endSec: 700 }]);
    expect(replanFailedSlice({ startSec: 600, endSec: 700 }, 10, 2, 1200).slices).toEqual([{ startSec: 600, endSec: 700 }]);
  });
});

describe('nominalSpan', () => {
  it('measures a slice within [0, length]', () => {
    expect(nominalSpan({ startSec: 100, endSec: 200 }, 1000)).toBe(100);
    expect(nominalSpan({ startSec: 900, endSec: Infinity }, 1000)).toBe(100);
    expect(nominalSpan({ startSec: 1200, endSec: Infinity }, 1000)).toBe(0);
    expect(nominalSpan({ startSec: 0, endSec: Infinity }, 0)).toBe(0);
  });
});

describe('planRemaining', () => {
  it('pages only the gaps an earlier run left, the last one open-ended', () => {
    // Slices of a 4000 s VOD, each stopped part-way; the last one had reached 3500 s.
    const covered = [
      { fromSec: 0, toSec: 700 },
      { fromSec: 1000, toSec: 2000 },
      { fromSec: 2000, toSec: 2600 },
      { fromSec: 3000, toSec: 3500 },
    ];
    const slices = planRemaining(covered, 4000, 4);
    const cover = (sec: number) => slices.some((s) => s.startSec <= sec && sec < s.endSec);
    for (const sec of [700, 999, 2600, 2999, 3500, 3999, 10_000]) expect(cover(sec), `${sec}`).toBe(true);
    for (const sec of [0, 699, 1000, 1999, 2000, 2599, 3000, 3499]) expect(cover(sec), `${sec}`).toBe(false);
    expect(slices.at(-1)!.endSec).toBe(Infinity);
    expect(slices.filter((s) => s.endSec === Infinity)).toHaveLength(1);
    for (const s of slices) expect(Number.isInteger(s.startSec)).toBe(true);
  });

  it('has nothing left when the whole timeline is covered, and starts over from nothing', () => {
    expect(planRemaining([{ fromSec: 0, toSec: 1200 }, { fromSec: 1200, toSec: Infinity }], 3600)).toEqual([]);
    expect(planRemaining([], 3600, 4)).toEqual(planSlices(3600, 4));
    // Overlapping and unordered spans merge.
    expect(planRemaining([{ fromSec: 500, toSec: Infinity }, { fromSec: 0, toSec: 600 }], 3600)).toEqual([]);
  });

  it('shares the slices out by what is left, at least one per gap', () => {
    const slices = planRemaining([{ fromSec: 0, toSec: 3000 }, { fromSec: 3100, toSec: 3200 }], 10_000, 4);
    // 100 s gap: one slice; the 6800 s open-ended rest: the others.
    expect(slices.filter((s) => s.startSec >= 3000 && s.startSec < 3100)).toHaveLength(1);
    expect(slices.filter((s) => s.startSec >= 3200).length).toBeGreaterThanOrEqual(3);
    // A tail past the VOD's nominal length (chat ran on) is one open-ended slice.
    expect(planRemaining([{ fromSec: 0, toSec: 3700 }], 3600, 4)).toEqual([{ startSec: 3700, endSec: Infinity }]);
  });
});
