import { describe, expect, it } from 'vitest';
import type { ExportPlan } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import { planExport, TIME_TOLERANCE_SEC } from '../../../main/core/media/exportPlan';
import { seededRandom } from '../../fixtures/chat';

const every2s = Array.from({ length: 31 }, (_, i) => i * 2); // 0, 2, … 60

function rejects(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).toMatch(message);
    return;
  }
  throw new Error('expected a rejection');
}

describe('planExport: validation', () => {
  const plan = (ranges: { start: number; end: number }[], durationSec = 60) => () =>
    planExport({ ranges, mode: 'accurate', durationSec });

  it('rejects an empty list', () => rejects(plan([]), 'BAD_RANGES', /no ranges/));
  it('rejects NaN and infinite times', () => {
    rejects(plan([{ start: NaN, end: 5 }]), 'BAD_RANGES', /Range 1 has an invalid time/);
    rejects(plan([{ start: 1, end: 2 }, { start: 3, end: Infinity }]), 'BAD_RANGES', /Range 2 has an invalid time/);
  });
  it('rejects a range that ends before it starts, naming it', () =>
    rejects(plan([{ start: 1, end: 2 }, { start: 75, end: 70 }], 100), 'BAD_RANGES', /Range 2 \(1:15\.0–1:10\.0\) ends before it starts/));
  it('rejects empty and below-tolerance ranges', () => {
    rejects(plan([{ start: 5, end: 5 }]), 'BAD_RANGES', /is empty/);
    rejects(plan([{ start: 5, end: 5 + TIME_TOLERANCE_SEC / 2 }]), 'BAD_RANGES', /is empty/);
  });
  it('rejects ranges outside the video', () => {
    rejects(plan([{ start: -1, end: 5 }]), 'BAD_RANGES', /outside the video \(0:00\.0–1:00\.0\)/);
    rejects(plan([{ start: 50, end: 61 }]), 'BAD_RANGES', /Range 1 \(0:50\.0–1:01\.0\) lies outside/);
    rejects(plan([{ start: 3600, end: 3700 }], 3650), 'BAD_RANGES', /1:00:00\.0–1:01:40\.0/);
  });
  it('clamps float noise at the edges instead of rejecting it', () => {
    const p = planExport({ ranges: [{ start: -1e-4, end: 60 + 1e-4 }], mode: 'accurate', durationSec: 60 });
    expect(p.ranges).toEqual([{ start: 0, end: 60, cutStart: 0, cutEnd: 60 }]);
    expect(p.durationSec).toBe(60);
  });
  it('rejects overlaps after sorting, naming both ranges', () =>
    rejects(plan([{ start: 30, end: 40 }, { start: 10, end: 20 }, { start: 35, end: 45 }]), 'BAD_RANGES', /0:30\.0–0:40\.0 and 0:35\.0–0:45\.0 overlap/));
  it('accepts ranges that touch, and overlaps within the tolerance', () => {
    expect(() => plan([{ start: 10, end: 20 }, { start: 20, end: 30 }])()).not.toThrow();
    expect(() => plan([{ start: 10, end: 20 }, { start: 20 - TIME_TOLERANCE_SEC / 2, end: 30 }])()).not.toThrow();
  });
  it('rejects an unknown duration', () => {
    for (const d of [0, -1, NaN, Infinity]) rejects(plan([{ start: 0, end: 1 }], d), 'BAD_ARGUMENTS', /no known duration/);
  });
  it('needs keyframes in fast mode', () =>
    rejects(() => planExport({ ranges: [{ start: 1, end: 2 }], mode: 'fast', durationSec: 60 }), 'BAD_ARGUMENTS', /keyframe/));
});

describe('planExport: accurate', () => {
  it('cuts exactly where drawn, in the order given (the reel order), and sums the durations', () => {
    const p = planExport({
      ranges: [{ start: 30.5, end: 41.25 }, { start: 1.05, end: 3.55 }],
      mode: 'accurate',
      durationSec: 60,
      keyframes: every2s, // ignored
    });
    expect(p).toEqual<ExportPlan>({
      mode: 'accurate',
      ranges: [
        { start: 30.5, end: 41.25, cutStart: 30.5, cutEnd: 41.25 },
        { start: 1.05, end: 3.55, cutStart: 1.05, cutEnd: 3.55 },
      ],
      durationSec: 13.25,
    });
  });

  it('does not modify its input', () => {
    const ranges = [{ start: 5, end: 6 }, { start: 1, end: 2 }];
    const copy = structuredClone(ranges);
    planExport({ ranges, mode: 'accurate', durationSec: 10 });
    expect(ranges).toEqual(copy);
  });
});

describe('planExport: fast', () => {
  const fast = (ranges: { start: number; end: number }[], keyframes: number[] = every2s, durationSec = 61) =>
    planExport({ ranges, mode: 'fast', durationSec, keyframes });

  it('widens each cut outward to keyframes', () => {
    const p = fast([{ start: 3, end: 7.5 }]);
    expect(p.ranges).toEqual([{ start: 3, end: 7.5, cutStart: 2, cutEnd: 8 }]);
    expect(p.durationSec).toBe(6);
  });

  it('keeps a cut that already sits on keyframes', () => {
    expect(fast([{ start: 4, end: 10 }]).ranges[0]).toMatchObject({ cutStart: 4, cutEnd: 10 });
  });

  it('does not widen by a whole GOP for float noise around a keyframe', () => {
    const eps = TIME_TOLERANCE_SEC / 10;
    expect(fast([{ start: 4 - eps, end: 10 + eps }]).ranges[0]).toMatchObject({ cutStart: 4, cutEnd: 10 });
    // Beyond the tolerance it does widen.
    expect(fast([{ start: 4 - 0.01, end: 10 + 0.01 }]).ranges[0]).toMatchObject({ cutStart: 2, cutEnd: 12 });
  });

  it('starts at 0 before the first keyframe and ends at the end of the video after the last', () => {
    const p = fast([{ start: 0.2, end: 0.9 }, { start: 58.5, end: 60.5 }], [0.5, 10, 20, 58], 61);
    expect(p.ranges).toEqual([
      { start: 0.2, end: 0.9, cutStart: 0, cutEnd: 10 },
      { start: 58.5, end: 60.5, cutStart: 58, cutEnd: 61 },
    ]);
    expect(p.durationSec).toBe(13);
  });

  it('accepts unsorted keyframes with duplicates', () => {
    expect(fast([{ start: 5, end: 7 }], [8, 4, 0, 4, 8]).ranges[0]).toMatchObject({ cutStart: 4, cutEnd: 8 });
  });

  it('never exports a frame twice when two ranges widen onto the same GOP', () => {
    const p = fast([{ start: 1, end: 3 }, { start: 3.5, end: 5 }, { start: 13, end: 14 }], [0, 10, 20], 30);
    expect(p.ranges).toEqual([
      { start: 1, end: 3, cutStart: 0, cutEnd: 10 },
      // Entirely inside the previous cut: nothing left to copy.
      { start: 3.5, end: 5, cutStart: 10, cutEnd: 10 },
      { start: 13, end: 14, cutStart: 10, cutEnd: 20 },
    ]);
    expect(p.durationSec).toBe(20);
  });

  it('keeps the reel order and still never exports a frame twice: the earlier range in time keeps the shared GOP', () => {
    const p = fast([{ start: 13, end: 14 }, { start: 3.5, end: 5 }, { start: 1, end: 3 }], [0, 10, 20], 30);
    expect(p.ranges).toEqual([
      { start: 13, end: 14, cutStart: 10, cutEnd: 20 },
      { start: 3.5, end: 5, cutStart: 10, cutEnd: 10 },
      { start: 1, end: 3, cutStart: 0, cutEnd: 10 },
    ]);
  });

  it('starts a range where the previous cut ended when they share a GOP', () => {
    const p = fast([{ start: 1, end: 5 }, { start: 9, end: 15 }], [0, 6, 12, 18], 30);
    expect(p.ranges).toEqual([
      { start: 1, end: 5, cutStart: 0, cutEnd: 6 },
      { start: 9, end: 15, cutStart: 6, cutEnd: 18 },
    ]);
  });

  it('keeps the invariants on random inputs', () => {
    const random = seededRandom(42);
    for (let trial = 0; trial < 200; trial++) {
      const duration = 10 + random() * 3000;
      const keyframes: number[] = [];
      for (let t = random() * 2; t < duration; t += 0.2 + random() * 12) keyframes.push(Math.round(t * 1e6) / 1e6);
      const ranges: { start: number; end: number }[] = [];
      for (let t = random() * 30; t < duration - 1; ) {
        const end = Math.min(duration, t + 0.01 + random() * 40);
        ranges.push({ start: t, end });
        t = end + random() * 60;
      }
      if (ranges.length === 0) continue;
      const shuffled = [...ranges].sort(() => random() - 0.5);
      const plan = planExport({ ranges: shuffled, mode: 'fast', durationSec: duration, keyframes });
      const tol = TIME_TOLERANCE_SEC;
      const cutPoints = new Set([0, duration, ...keyframes]);
      let previousEnd = 0;
      let total = 0;
      // In the order given; the invariants hold in time order.
      expect(plan.ranges.map((r) => r.start)).toEqual(shuffled.map((r) => r.start));
      const byTime = [...plan.ranges].sort((a, b) => a.start - b.start);
      byTime.forEach((r, i) => {
        expect(r.start).toBe(ranges[i]!.start);
        expect(cutPoints.has(r.cutStart)).toBe(true);
        expect(cutPoints.has(r.cutEnd)).toBe(true);
        expect(r.cutStart).toBeGreaterThanOrEqual(previousEnd); // no frame twice
        expect(r.cutEnd).toBeGreaterThanOrEqual(r.cutStart);
        // Nothing chosen is lost: the cut starts at or before the range, or right where the previous
        // cut ends (which then holds the range's start), and ends at or after it.
        expect(r.cutStart <= r.start + tol || (r.cutStart === previousEnd && previousEnd > r.start)).toBe(true);
        expect(Math.max(r.cutEnd, previousEnd)).toBeGreaterThanOrEqual(r.end - tol);
        // Widened no further than the keyframe before the range (or held at the previous cut's end).
        const before = keyframes.filter((k) => k <= r.start + tol).at(-1) ?? 0;
        expect(r.cutStart === before || r.cutStart === previousEnd).toBe(true);
        // …and the keyframe after it (or the end of the video), unless the previous cut covers it all.
        const after = keyframes.find((k) => k >= r.end - tol && k > r.cutStart) ?? duration;
        expect(r.cutEnd === Math.min(after, duration) || (r.cutEnd === r.cutStart && previousEnd >= r.end - tol)).toBe(true);
        previousEnd = Math.max(previousEnd, r.cutEnd);
        total += r.cutEnd - r.cutStart;
      });
      expect(plan.durationSec).toBeCloseTo(total, 5);
    }
  });
});
