import { describe, expect, it } from 'vitest';
import { chatActivity, detectHighlights, fitRange, type DetectedRange } from '../../../main/core/analysis/detectHighlights';
import { DEFAULT_DETECTOR_PARAMS, paramsForSensitivity } from '../../../main/core/analysis/detectorParams';
import { makeChatWithBursts, seededRandom, type BurstSpec } from '../../fixtures/chat';

const P = DEFAULT_DETECTOR_PARAMS;

function offsetsOf(opts: { durationSec: number; baseRatePerSec: number; bursts: BurstSpec[]; seed?: number }): Float64Array {
  return Float64Array.from(makeChatWithBursts(opts), (m) => m.offsetSec);
}

function expectWellFormed(ranges: DetectedRange[], durationSec: number): void {
  for (const r of ranges) {
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeLessThanOrEqual(durationSec);
    const length = r.end - r.start;
    expect(length).toBeGreaterThanOrEqual(Math.min(P.minLengthSec, durationSec) - 1e-9);
    expect(length).toBeLessThanOrEqual(P.maxLengthSec + 1e-9);
  }
  const byScore = ranges.map((r) => r.score);
  expect(byScore).toEqual([...byScore].sort((a, b) => b - a));
  const byStart = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < byStart.length; i++) expect(byStart[i]!.start).toBeGreaterThanOrEqual(byStart[i - 1]!.end);
}

describe('detectHighlights', () => {
  it('finds a burst and starts the range a reaction delay before it, covering the moment', () => {
    const duration = 3600;
    const burst = { atSec: 1800, durationSec: 30, ratePerSec: 15 };
    const ranges = detectHighlights(offsetsOf({ durationSec: duration, baseRatePerSec: 2, bursts: [burst] }), duration);
    expect(ranges.length).toBeGreaterThanOrEqual(1);
    const top = ranges[0]!;
    expect(top.peakSec).toBeGreaterThanOrEqual(burst.atSec);
    expect(top.peakSec).toBeLessThanOrEqual(burst.atSec + burst.durationSec);
    // The moment chat reacted to: [burst start − delay, burst end − delay].
    const momentStart = burst.atSec - P.reactionDelaySec;
    const momentEnd = burst.atSec + burst.durationSec - P.reactionDelaySec;
    expect(top.start).toBeLessThan(burst.atSec);
    expect(Math.abs(top.start - momentStart)).toBeLessThanOrEqual(4);
    expect(top.end).toBeGreaterThanOrEqual(momentEnd - 4);
    expectWellFormed(ranges, duration);
  });

  it('finds several bursts and ranks the stronger one first', () => {
    const duration = 7200;
    const bursts = [
      { atSec: 1000, durationSec: 20, ratePerSec: 8 },
      { atSec: 3000, durationSec: 20, ratePerSec: 30 },
      { atSec: 5000, durationSec: 20, ratePerSec: 15 },
    ];
    const ranges = detectHighlights(offsetsOf({ durationSec: duration, baseRatePerSec: 3, bursts, seed: 5 }), duration);
    const peaks = ranges.slice(0, 3).map((r) => r.peakSec);
    expect(peaks[0]).toBeGreaterThanOrEqual(3000);
    expect(peaks[0]).toBeLessThanOrEqual(3020);
    expect(peaks[1]).toBeGreaterThanOrEqual(5000);
    expect(peaks[1]).toBeLessThanOrEqual(5020);
    expect(peaks[2]).toBeGreaterThanOrEqual(1000);
    expect(peaks[2]).toBeLessThanOrEqual(1020);
    expectWellFormed(ranges, duration);
  });

  it('keeps a long reaction to at most maxLengthSec', () => {
    const duration = 3600;
    const ranges = detectHighlights(
      offsetsOf({ durationSec: duration, baseRatePerSec: 2, bursts: [{ atSec: 1200, durationSec: 150, ratePerSec: 20 }] }),
      duration,
    );
    expect(ranges[0]!.end - ranges[0]!.start).toBe(P.maxLengthSec);
    expectWellFormed(ranges, duration);
  });

  it('proposes one range for two bursts closer than the suppression distance, two when far apart', () => {
    const duration = 3600;
    const close = detectHighlights(
      offsetsOf({
        durationSec: duration,
        baseRatePerSec: 2,
        bursts: [
          { atSec: 1800, durationSec: 10, ratePerSec: 25 },
          { atSec: 1840, durationSec: 10, ratePerSec: 20 },
        ],
      }),
      duration,
    );
    expect(close.filter((r) => r.peakSec > 1700 && r.peakSec < 1900)).toHaveLength(1);
    const far = detectHighlights(
      offsetsOf({
        durationSec: duration,
        baseRatePerSec: 2,
        bursts: [
          { atSec: 1800, durationSec: 10, ratePerSec: 25 },
          { atSec: 2100, durationSec: 10, ratePerSec: 20 },
        ],
      }),
      duration,
    );
    expect(far.filter((r) => r.peakSec > 1700 && r.peakSec < 2200)).toHaveLength(2);
  });

  it('never returns overlapping ranges, even with many dense bursts at the loosest setting', () => {
    const duration = 4 * 3600;
    const random = seededRandom(11);
    const bursts = Array.from({ length: 200 }, () => ({
      atSec: random() * duration,
      durationSec: 5 + random() * 60,
      ratePerSec: 2 + random() * 20,
    }));
    const offsets = offsetsOf({ durationSec: duration, baseRatePerSec: 4, bursts, seed: 11 });
    const ranges = detectHighlights(offsets, duration, paramsForSensitivity(1));
    expect(ranges.length).toBeGreaterThan(20);
    expectWellFormed(ranges, duration);
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        expect(Math.abs(ranges[i]!.peakSec - ranges[j]!.peakSec)).toBeGreaterThanOrEqual(P.suppressSec);
      }
    }
    // Even when suppression alone would let neighbours through, ranges stay apart.
    const dense = detectHighlights(offsets, duration, { ...paramsForSensitivity(1), suppressSec: 5 });
    expect(dense.length).toBeGreaterThan(ranges.length);
    expectWellFormed(dense, duration);
  });

  it('proposes more (never fewer, never different) ranges as sensitivity rises', () => {
    const duration = 3 * 3600;
    const random = seededRandom(23);
    const bursts = Array.from({ length: 40 }, (_, i) => ({
      atSec: 200 + i * 260,
      durationSec: 10 + random() * 20,
      ratePerSec: 1 + random() * 12,
    }));
    const offsets = offsetsOf({ durationSec: duration, baseRatePerSec: 3, bursts, seed: 23 });
    let previous: DetectedRange[] = [];
    const counts: number[] = [];
    for (let s = 0; s <= 1.0001; s += 0.1) {
      const ranges = detectHighlights(offsets, duration, paramsForSensitivity(s));
      counts.push(ranges.length);
      for (const r of previous) expect(ranges).toContainEqual(r);
      previous = ranges;
    }
    expect(counts[counts.length - 1]!).toBeGreaterThan(counts[0]!);
  });

  it('proposes nothing on flat chat at the strictest sensitivity, and little at the default', () => {
    for (const [rate, hours, seed] of [
      [0.3, 2, 1],
      [1, 4, 2],
      [5, 2, 3],
      [25, 1, 4],
    ] as const) {
      const duration = hours * 3600;
      const offsets = offsetsOf({ durationSec: duration, baseRatePerSec: rate, bursts: [], seed });
      expect(detectHighlights(offsets, duration, paramsForSensitivity(0)), `rate ${rate}/s`).toEqual([]);
      // Quiet chats' real moments are small, so the default lets a little noise through: ~2 an hour.
      expect(detectHighlights(offsets, duration).length, `rate ${rate}/s`).toBeLessThanOrEqual(3 * hours);
    }
  });

  it('judges a burst against the local baseline, not the whole video', () => {
    // A quiet first hour, then a much busier chat: the small early burst is still a moment.
    const quiet = makeChatWithBursts({ durationSec: 3600, baseRatePerSec: 0.5, bursts: [{ atSec: 1500, durationSec: 20, ratePerSec: 4 }], seed: 8 });
    const busy = makeChatWithBursts({ durationSec: 7200, baseRatePerSec: 12, bursts: [], seed: 9 }).map((m) => m.offsetSec + 3600);
    const offsets = Float64Array.from([...quiet.map((m) => m.offsetSec), ...busy]);
    const ranges = detectHighlights(offsets, 3 * 3600);
    expect(ranges.some((r) => r.peakSec >= 1500 && r.peakSec <= 1520)).toBe(true);
  });

  it('clamps ranges at the start and end of the video', () => {
    const start = detectHighlights(offsetsOf({ durationSec: 600, baseRatePerSec: 1, bursts: [{ atSec: 3, durationSec: 10, ratePerSec: 20 }] }), 600);
    expect(start[0]).toMatchObject({ start: 0, end: P.minLengthSec });
    const end = detectHighlights(offsetsOf({ durationSec: 600, baseRatePerSec: 1, bursts: [{ atSec: 594, durationSec: 6, ratePerSec: 30 }] }), 600);
    expect(end[0]!.end).toBeLessThanOrEqual(600);
    expect(end[0]!.end - end[0]!.start).toBeGreaterThanOrEqual(P.minLengthSec);
  });


  it('does not depend on the order of the offsets', () => {
    const offsets = offsetsOf({ durationSec: 1800, baseRatePerSec: 2, bursts: [{ atSec: 900, durationSec: 20, ratePerSec: 15 }] });
    const shuffled = Float64Array.from(offsets).reverse();
    expect(detectHighlights(shuffled, 1800)).toEqual(detectHighlights(offsets, 1800));
  });

  it('returns nothing without chat or without a duration', () => {
    expect(detectHighlights([], 3600)).toEqual([]);
    expect(detectHighlights([1, 2, 3], 0)).toEqual([]);
    expect(detectHighlights([1, 2, 3], Number.NaN)).toEqual([]);
    expect(detectHighlights([1, 2, 3], 100, { ...P, maxProposals: 0 })).toEqual([]);
  });
});

describe('fitRange', () => {
  const bounds = { minLengthSec: 15, maxLengthSec: 60 };
  it('keeps a range that already fits', () => {
    expect(fitRange(100, 130, 600, bounds)).toEqual([100, 130]);
  });
  it('extends a short range from its start and cuts a long one at maxLength', () => {
    expect(fitRange(100, 104, 600, bounds)).toEqual([100, 115]);
    expect(fitRange(100, 400, 600, bounds)).toEqual([100, 160]);
  });
  it('clamps to the video, moving the start back only when the end hits the video end', () => {
    expect(fitRange(-20, -2, 600, bounds)).toEqual([0, 15]);
    expect(fitRange(590, 610, 600, bounds)).toEqual([585, 600]);
  });
  it('gives the whole video when it is shorter than the minimum length', () => {
    expect(fitRange(2, 5, 10, bounds)).toEqual([0, 10]);
  });
});

describe('chatActivity', () => {
  it('counts the window around each second and finds the usual level as baseline', () => {
    // Exactly one message per second: every full window holds windowSec messages.
    const perSecond = new Float64Array(1200).fill(1);
    const { window, baseline, score } = chatActivity(perSecond, P);
    expect(window[600]).toBe(P.windowSec);
    expect(baseline[600]).toBe(P.windowSec);
    expect(score[600]).toBeCloseTo(0, 10);
  });
});
