import { describe, expect, it } from 'vitest';
import type { Highlight } from '../../../preload/contract';
import { fitToReelLength, isUsersRange, mergeDetection, normalizeRanges } from '../../../main/core/analysis/ranges';

describe('normalizeRanges', () => {
  it('clamps into the video and keeps the list order (the reel order)', () => {
    expect(normalizeRanges([{ start: 50, end: 120 }, { start: -5, end: 10 }], 100)).toEqual([
      { start: 50, end: 100 },
      { start: 0, end: 10 },
    ]);
  });

  it("trims an overlapping range's start to the end of the range before it in time, wherever it is listed", () => {
    expect(normalizeRanges([{ start: 10, end: 30 }, { start: 20, end: 40 }], 100)).toEqual([
      { start: 10, end: 30 },
      { start: 30, end: 40 },
    ]);
    expect(normalizeRanges([{ id: 'b', start: 20, end: 40 }, { id: 'c', start: 60, end: 70 }, { id: 'a', start: 10, end: 30 }], 100)).toEqual([
      { id: 'b', start: 30, end: 40 },
      { id: 'c', start: 60, end: 70 },
      { id: 'a', start: 10, end: 30 },
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
    label: '',
  });
  let n = 0;
  const makeId = () => `new-${++n}`;

  it('keeps manual and edited highlights exactly, drops untouched proposals, adds new ones', () => {
    n = 0;
    const manual = h('m', 100, 130, 'manual', true);
    const edited = h('e', 300, 340, 'auto', true);
    const stale = h('s', 500, 520, 'auto', false);
    const out = mergeDetection(
      [manual, stale, edited],
      [
        { start: 600, end: 630, score: 9, peakSec: 620 },
        { start: 200, end: 215, score: 5, peakSec: 210 },
      ],
      makeId,
    );
    expect(out).toEqual([
      manual,
      { id: 'new-2', start: 200, end: 215, score: 5, origin: 'auto', edited: false, tags: [], evidence: null, label: '' },
      edited,
      { id: 'new-1', start: 600, end: 630, score: 9, origin: 'auto', edited: false, tags: [], evidence: null, label: '' },
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

  it('keeps a labelled proposal like an edited one, label and all', () => {
    const named = { ...h('n', 40, 60, 'auto', false), label: 'the play' };
    expect(isUsersRange(named)).toBe(true);
    expect(isUsersRange(h('p', 1, 2, 'auto', false))).toBe(false);
    const out = mergeDetection([named], [{ start: 45, end: 70, score: 9, peakSec: 50 }], makeId);
    expect(out).toEqual([named]);
  });

  it('keeps a reordered list as it is and puts new proposals after it, in time order', () => {
    n = 0;
    const late = h('late', 500, 520, 'manual', true);
    const early = h('early', 100, 120, 'auto', true);
    const out = mergeDetection(
      [late, h('stale', 300, 310, 'auto', false), early],
      [
        { start: 700, end: 710, score: 9, peakSec: 705 },
        { start: 10, end: 20, score: 8, peakSec: 15 },
        { start: 300, end: 310, score: 7, peakSec: 305 },
      ],
      makeId,
    );
    expect(out.map((x) => x.id)).toEqual(['late', 'early', 'new-2', 'new-3', 'new-1']);
    expect(out.slice(2).map((x) => x.start)).toEqual([10, 300, 700]);
  });

  it('puts each new proposal after the last kept range that starts before it when the list is in time order', () => {
    n = 0;
    const out = mergeDetection(
      [h('a', 100, 120, 'manual', true), h('b', 200, 220, 'manual', true)],
      [
        { start: 150, end: 160, score: 9, peakSec: 155 },
        { start: 10, end: 20, score: 8, peakSec: 15 },
        { start: 300, end: 310, score: 7, peakSec: 305 },
        { start: 130, end: 140, score: 6, peakSec: 135 },
      ],
      makeId,
    );
    expect(out.map((x) => x.id)).toEqual(['new-2', 'a', 'new-4', 'new-1', 'b', 'new-3']);
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
