import { describe, expect, it } from 'vitest';
import type { Highlight } from '../../../preload/contract';
import { fitToReelLength, mergeDetection, normalizeRanges } from '../../../main/core/analysis/ranges';

describe('normalizeRanges', () => {
  it('clamps into the video and sorts by start', () => {
    expect(normalizeRanges([{ start: 50, end: 120 }, { start: -5, end: 10 }], 100)).toEqual([
      { start: 0, end: 10 },
      { start: 50, end: 100 },
    ]);
  });

  it("trims an overlapping range's start to the earlier range's end", () => {
    expect(normalizeRanges([{ start: 10, end: 30 }, { start: 20, end: 40 }], 100)).toEqual([
      { start: 10, end: 30 },
      { start: 30, end: 40 },
    ]);
  });

  it('drops ranges that end up too short, inverted, contained or not finite', () => {
    const out = normalizeRanges(
      [
        { start: 10, end: 30 },
        { start: 12, end: 20 }, // inside the first
        { start: 29, end: 30.4 }, // 0.4 s left after trimming
        { start: 60, end: 50 }, // inverted
        { start: 70, end: 70.2 }, // too short
        { start: Number.NaN, end: 80 },
        { start: 90, end: Number.POSITIVE_INFINITY },
        { start: 150, end: 160 }, // after the end of the video
      ],
      100,
    );
    expect(out).toEqual([{ start: 10, end: 30 }]);
  });

  it('honours a custom minimum length and keeps the other fields', () => {
    const out = normalizeRanges(
      [
        { id: 'a', start: 0, end: 3, note: 'x' },
        { id: 'b', start: 10, end: 11.5, note: 'y' },
      ],
      100,
      2,
    );
    expect(out).toEqual([{ id: 'a', start: 0, end: 3, note: 'x' }]);
  });

  it('does not change its input', () => {
    const input = [{ start: 20, end: 40 }, { start: 10, end: 30 }];
    normalizeRanges(input, 35);
    expect(input).toEqual([{ start: 20, end: 40 }, { start: 10, end: 30 }]);
  });

  it('keeps nothing for a video of unknown length', () => {
    expect(normalizeRanges([{ start: 1, end: 5 }], 0)).toEqual([]);
  });
});

describe('mergeDetection', () => {
  const h = (id: string, start: number, end: number, origin: Highlight['origin'], edited: boolean): Highlight => ({
    id,
    start,
    end,
    score: 1,
    origin,
    edited,
    tags: [],
    evidence: null,
  });
  let n = 0;
  const makeId = () => `new-${++n}`;

  it('keeps manual and edited highlights exactly, drops untouched proposals, adds new ones', () => {
    n = 0;
    const manual = h('m', 100, 130, 'manual', true);
    const edited = h('e', 300, 340, 'auto', true);
    const stale = h('s', 500, 520, 'auto', false);
    const out = mergeDetection(
      [stale, edited, manual],
      [
        { start: 600, end: 630, score: 9, peakSec: 620 },
        { start: 200, end: 215, score: 5, peakSec: 210 },
      ],
      makeId,
    );
    expect(out).toEqual([
      manual,
      { id: 'new-2', start: 200, end: 215, score: 5, origin: 'auto', edited: false, tags: [], evidence: null },
      edited,
      { id: 'new-1', start: 600, end: 630, score: 9, origin: 'auto', edited: false, tags: [], evidence: null },
    ]);
    expect(out[0]).toBe(manual);
  });

  it("leaves out proposals that overlap the user's ranges; touching is fine", () => {
    const manual = h('m', 100, 130, 'manual', false);
    const out = mergeDetection(
      [manual],
      [
        { start: 120, end: 150, score: 9, peakSec: 140 },
        { start: 130, end: 145, score: 3, peakSec: 140 },
        { start: 85, end: 100, score: 2, peakSec: 100 },
      ],
      makeId,
    );
    expect(out.map((x) => [x.start, x.end])).toEqual([
      [85, 100],
      [100, 130],
      [130, 145],
    ]);
  });

  it('takes detected ranges best first when they overlap each other', () => {
    const out = mergeDetection(
      [],
      [
        { start: 10, end: 40, score: 9, peakSec: 30 },
        { start: 30, end: 60, score: 4, peakSec: 50 },
      ],
      makeId,
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ start: 10, end: 40, score: 9 });
  });

  it('removes all proposals when detection finds nothing', () => {
    expect(mergeDetection([h('a', 1, 20, 'auto', false)], [], makeId)).toEqual([]);
  });
});

describe('fitToReelLength', () => {
  const r = (start: number, length: number, score: number) => ({ start, end: start + length, score });
  it('takes the best ranges, best first, while they fit in the budget', () => {
    const best = [r(0, 30, 9), r(100, 40, 8), r(200, 20, 7), r(300, 15, 6)];
    expect(fitToReelLength(best, 90)).toEqual([best[0], best[1], best[2]]);
    expect(fitToReelLength(best, 30)).toEqual([best[0]]);
  });
  it('passes over one that does not fit for weaker ones that do, and takes none on no budget', () => {
    const best = [r(0, 30, 9), r(100, 60, 8), r(200, 20, 7), r(300, 15, 6)];
    expect(fitToReelLength(best, 70)).toEqual([best[0], best[2], best[3]]);
    expect(fitToReelLength(best, 0)).toEqual([]);
    expect(fitToReelLength(best, -5)).toEqual([]);
  });
});
