import { describe, expect, it } from 'vitest';
import type { NamedRange } from '../../../main/core/export/chapters';
import { csvField, csvSeconds, rangesCsv, rangesJson, sideFilePaths } from '../../../main/core/export/sideFiles';

const named = (start: number, end: number, extra: Partial<NamedRange> = {}): NamedRange => ({
  start,
  end,
  cutStart: start,
  cutEnd: end,
  label: '',
  tags: [],
  ...extra,
});

describe('sideFilePaths', () => {
  it('puts the files beside the output, named after it without its extension', () => {
    expect(sideFilePaths('/out/my.reel.mp4')).toEqual({
      chapters: '/out/my.reel.chapters.txt',
      csv: '/out/my.reel.csv',
      json: '/out/my.reel.json',
    });
  });
});

describe('CSV for LosslessCut', () => {
  it('writes seconds as plain decimals to the millisecond', () => {
    expect(csvSeconds(0)).toBe('0');
    expect(csvSeconds(83.5)).toBe('83.5');
    expect(csvSeconds(100)).toBe('100');
    expect(csvSeconds(12.3456)).toBe('12.346');
    expect(csvSeconds(1e-7)).toBe('0');
    expect(csvSeconds(36_000.0004)).toBe('36000');
  });

  it('quotes a field per RFC 4180 only when it needs it', () => {
    expect(csvField('plain label')).toBe('plain label');
    expect(csvField('')).toBe('');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(' edge')).toBe('" edge"');
    expect(csvField('ünï 日本 =;#')).toBe('ünï 日本 =;#');
  });

  it('is start,end,label per range in reel order, no header, CRLF lines, the ranges as drawn', () => {
    const csv = rangesCsv([
      named(60, 71.2, { cutStart: 60, cutEnd: 72, label: 'GG, "ez"' }),
      named(5, 12.5, { cutStart: 4, cutEnd: 14 }),
    ]);
    expect(csv).toBe('60,71.2,"GG, ""ez"""\r\n5,12.5,\r\n');
  });
});

describe('JSON side file', () => {
  it('holds every range in reel order with its cut, names and where it plays in the reel', () => {
    const json = rangesJson({
      sourcePath: '/videos/stream.mp4',
      outPath: '/out/reel.mp4',
      layout: 'reel',
      mode: 'fast',
      ranges: [named(60, 71.2, { cutStart: 60, cutEnd: 72, label: 'GG', tags: ['hype'] }), named(5, 12.5, { cutStart: 4, cutEnd: 14, tags: ['clip-it'] })],
    });
    expect(json).toEqual({
      version: 1,
      source: 'stream.mp4',
      output: 'reel.mp4',
      layout: 'reel',
      mode: 'fast',
      durationSec: 22,
      ranges: [
        { n: 1, start: 60, end: 71.2, cutStart: 60, cutEnd: 72, label: 'GG', tags: ['hype'], title: 'GG', reelStart: 0, reelEnd: 12, file: null },
        { n: 2, start: 5, end: 12.5, cutStart: 4, cutEnd: 14, label: '', tags: ['clip-it'], title: 'clip it', reelStart: 12, reelEnd: 22, file: null },
      ],
    });
  });

  it('names each clip’s file for a clips export, and has no reel offsets then', () => {
    const json = rangesJson({
      sourcePath: '/videos/stream.mp4',
      outPath: '/out/reel.mp4',
      layout: 'clips',
      mode: 'accurate',
      ranges: [named(1, 2), named(3, 4)],
      clipPaths: ['/out/reel-01.mp4', '/out/reel-02-x.mp4'],
    });
    expect(json.ranges.map((r) => [r.file, r.reelStart, r.reelEnd])).toEqual([
      ['reel-01.mp4', null, null],
      ['reel-02-x.mp4', null, null],
    ]);
  });
});
