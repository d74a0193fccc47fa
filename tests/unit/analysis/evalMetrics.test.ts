import { describe, expect, it } from 'vitest';
import { busiestMinutes, busiestWindows } from '../../../main/core/analysis/evalBaselines';
import {
  evaluateProposals,
  hitsLabel,
  meanScores,
  overlapSeconds,
  precisionAtK,
  rankForEval,
  secondF1AtK,
  strictPrecisionAtK,
  unionOf,
} from '../../../main/core/analysis/evalMetrics';

const p = (start: number, score: number, length = 20) => ({ start, end: start + length, score });
const labels = [
  { start: 100, end: 120 },
  { start: 500, end: 530 },
];

describe('eval metrics', () => {
  it('ranks by score and drops starts within 120 s of a better one', () => {
    const ranked = rankForEval([p(0, 1), p(100, 9), p(150, 8), p(219, 7), p(221, 6), p(500, 5)]);
    expect(ranked.map((r) => r.start)).toEqual([100, 221, 500]);
  });

  it('counts a start in [label.start − 10, label.end] as a hit', () => {
    expect(hitsLabel(90, labels[0]!)).toBe(true);
    expect(hitsLabel(89.9, labels[0]!)).toBe(false);
    expect(hitsLabel(120, labels[0]!)).toBe(true);
    expect(hitsLabel(120.1, labels[0]!)).toBe(false);
  });

  it('P@K counts missing proposals as misses; the strict form hits each label once', () => {
    const ranked = [p(95, 3), p(105, 2), p(300, 1)];
    expect(precisionAtK(ranked, labels, 1)).toBe(1);
    expect(precisionAtK(ranked, labels, 2)).toBe(1);
    expect(precisionAtK(ranked, labels, 5)).toBeCloseTo(2 / 5);
    expect(strictPrecisionAtK(ranked, labels, 2)).toBe(0.5);
    expect(strictPrecisionAtK(ranked, labels, 10)).toBeCloseTo(1 / 10);
  });

  it('second-level F1 compares covered seconds, overlaps counted once', () => {
    expect(unionOf([{ start: 0, end: 10 }, { start: 5, end: 20 }, { start: 30, end: 31 }])).toEqual([
      { start: 0, end: 20 },
      { start: 30, end: 31 },
    ]);
    expect(overlapSeconds([{ start: 0, end: 20 }], [{ start: 10, end: 15 }, { start: 18, end: 40 }])).toBe(7);
    // Proposals cover 100–140 (40 s), labels 50 s, overlap 20 s: P 0.5, R 0.4.
    const f1 = secondF1AtK([p(100, 2), p(110, 1, 30)], labels);
    expect(f1).toBeCloseTo((2 * 0.5 * 0.4) / 0.9);
    expect(secondF1AtK([], labels)).toBe(0);
    expect(secondF1AtK([p(100, 1)], labels, 10)).toBeCloseTo((2 * 1 * 0.4) / 1.4);
  });

  it('evaluates and averages', () => {
    const s = evaluateProposals([p(300, 1), p(95, 3)], labels);
    expect(s).toMatchObject({ p1: 1, p5: 0.2, strictP1: 1 });
    expect(meanScores([s, { ...s, p1: 0 }]).p1).toBe(0.5);
    expect(meanScores([]).p10).toBe(0);
  });
});

describe('eval baselines', () => {
  const counts = Array.from({ length: 600 }, (_, t) => (t >= 200 && t < 205 ? 10 : t >= 400 && t < 460 ? 2 : 1));
  it('picks the 5 busiest minutes, each clipped whole', () => {
    const picks = busiestMinutes(counts);
    expect(picks).toHaveLength(5);
    expect(picks[0]).toEqual({ start: 180, end: 240, score: 105 });
    expect(picks[1]!.score).toBeGreaterThanOrEqual(picks[2]!.score);
  });
  it('picks the busiest 5-second windows, optionally shifted back and lengthened', () => {
    expect(busiestWindows(counts)[0]).toEqual({ start: 200, end: 205, score: 50 });
    expect(busiestWindows(counts, 25, 20)[0]).toEqual({ start: 175, end: 195, score: 50 });
  });
});
