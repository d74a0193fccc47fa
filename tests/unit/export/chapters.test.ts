import { describe, expect, it } from 'vitest';
import { tagLabel } from '../../../main/core/analysis/label';
import {
  computeChapters,
  ffmetadata,
  rangeTitle,
  youtubeChapters,
  youtubeTime,
  youtubeWarnings,
  type NamedRange,
} from '../../../main/core/export/chapters';

const range = (start: number, end: number, extra: Partial<NamedRange> = {}): NamedRange => ({
  start,
  end,
  cutStart: start,
  cutEnd: end,
  label: '',
  tags: [],
  ...extra,
});

describe('rangeTitle', () => {
  it('is the label, else the tags as the UI shows them, else "Highlight N" in reel order', () => {
    expect(rangeTitle({ label: 'The clutch', tags: ['hype'] }, 0)).toBe('The clutch');
    expect(rangeTitle({ label: '  ', tags: ['clip-it', 'funny'] }, 1)).toBe('clip it, funny');
    expect(rangeTitle({ label: '', tags: [] }, 4)).toBe('Highlight 5');
  });

  it('keeps a label one line', () => {
    expect(rangeTitle({ label: 'a\nb', tags: [] }, 0)).toBe('a b');
  });
});

describe('tagLabel (core)', () => {
  it('reads a tag as words, like the renderer', () => {
    expect(tagLabel('clip-it')).toBe('clip it');
    expect(tagLabel('big__win')).toBe('big win');
    expect(tagLabel('x'.repeat(40))).toHaveLength(32);
  });
});

describe('computeChapters', () => {
  it('puts the ranges back to back from 0 in reel order, by the cuts (fast mode widens them), in milliseconds', () => {
    const chapters = computeChapters([
      range(60, 70.5, { cutStart: 60, cutEnd: 72, label: 'second in time' }),
      range(5, 12.25, { cutStart: 4, cutEnd: 14 }),
    ]);
    expect(chapters).toEqual([
      { index: 0, startMs: 0, endMs: 12_000, title: 'second in time' },
      { index: 1, startMs: 12_000, endMs: 22_000, title: 'Highlight 2' },
    ]);
  });

  it('rounds from the running total, so rounding never adds up, and skips a range with nothing to cut', () => {
    const third = 1 / 3;
    const chapters = computeChapters([
      range(0, third),
      range(1, 1 + third),
      range(2, 2, { cutStart: 2, cutEnd: 2 }),
      range(3, 3 + third),
    ]);
    expect(chapters.map((c) => [c.index, c.startMs, c.endMs])).toEqual([
      [0, 0, 333],
      [1, 333, 667],
      [3, 667, 1000],
    ]);
  });
});

describe('ffmetadata', () => {
  it('writes FFMETADATA1 chapters and escapes = ; # \\ and newlines in titles', () => {
    const text = ffmetadata([
      { index: 0, startMs: 0, endMs: 5750, title: 'a=b;c#d\\e\nf ünï 日本' },
      { index: 1, startMs: 5750, endMs: 9000, title: 'two' },
    ]);
    expect(text).toBe(
      [
        ';FFMETADATA1',
        '[CHAPTER]',
        'TIMEBASE=1/1000',
        'START=0',
        'END=5750',
        'title=a\\=b\\;c\\#d\\\\e\\\nf ünï 日本',
        '[CHAPTER]',
        'TIMEBASE=1/1000',
        'START=5750',
        'END=9000',
        'title=two',
        '',
      ].join('\n'),
    );
  });
});

describe('YouTube chapters', () => {
  it('writes M:SS, and H:MM:SS past an hour, rounding down to the second', () => {
    expect(youtubeTime(0)).toBe('0:00');
    expect(youtubeTime(9.99)).toBe('0:09');
    expect(youtubeTime(754)).toBe('12:34');
    expect(youtubeTime(3723.5)).toBe('1:02:03');
    expect(youtubeTime(36_000)).toBe('10:00:00');
  });

  it('lists "0:00 Title" lines', () => {
    const chapters = computeChapters([range(0, 30, { label: 'Intro' }), range(100, 145), range(200, 3800, { tags: ['hype'] })]);
    expect(youtubeChapters(chapters)).toBe('0:00 Intro\n0:30 Highlight 2\n1:15 hype\n');
    expect(youtubeWarnings(chapters)).toEqual([]);
  });

  it('warns when there are fewer than three chapters', () => {
    const warnings = youtubeWarnings(computeChapters([range(0, 30), range(60, 90)]));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/at least 3 chapters; this reel has 2/);
  });

  it('warns about every chapter shorter than 10 s, naming it', () => {
    const chapters = computeChapters([range(0, 20), range(30, 36, { label: 'quick' }), range(50, 80), range(90, 99.5)]);
    const warnings = youtubeWarnings(chapters);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/at least 10 seconds/);
    expect(warnings[0]).toContain('0:20 "quick" (range 2, 6 s)');
    expect(warnings[0]).toContain('0:56 "Highlight 4" (range 4, 9.5 s)');
    expect(warnings[0]).not.toContain('Highlight 1');
  });

  it('measures lengths as YouTube does, between the listed seconds', () => {
    // 10.4 s + 9.8 s: listed at 0:00, 0:10 and 0:20, so each lists as 10 s.
    const chapters = computeChapters([range(0, 10.4), range(20, 29.8), range(40, 55)]);
    expect(youtubeChapters(chapters)).toBe('0:00 Highlight 1\n0:10 Highlight 2\n0:20 Highlight 3\n');
    expect(youtubeWarnings(chapters)).toEqual([]);
  });

  it('warns when the first chapter does not start at 0:00', () => {
    const warnings = youtubeWarnings([
      { index: 0, startMs: 2000, endMs: 20_000, title: 'a' },
      { index: 1, startMs: 20_000, endMs: 40_000, title: 'b' },
      { index: 2, startMs: 40_000, endMs: 60_000, title: 'c' },
    ]);
    expect(warnings).toEqual(['YouTube needs the first chapter at 0:00; this one starts at 0:02.']);
  });
});
