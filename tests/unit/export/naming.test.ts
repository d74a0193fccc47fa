// One naming rule for clips (contract clipFileName), used by the core's files and the dialog's preview.
import { describe, expect, it } from 'vitest';
import { clipFileName, fileNameSlug, type ExportPlan } from '../../../preload/contract';
import { clipPaths, clipPathsOfPlan } from '../../../main/core/media/exportClips';

describe('fileNameSlug', () => {
  it('keeps letters and digits of any script, lower-cased, with single hyphens between words', () => {
    expect(fileNameSlug('The Clutch!')).toBe('the-clutch');
    expect(fileNameSlug('  GG   ez  ')).toBe('gg-ez');
    expect(fileNameSlug('Ура, победа')).toBe('ура-победа');
    expect(fileNameSlug('日本語 テスト')).toBe('日本語-テスト');
    expect(fileNameSlug('café')).toBe('café');
  });

  it('drops path separators, dots, control characters and the characters Windows reserves', () => {
    expect(fileNameSlug('../../etc/passwd')).toBe('etc-passwd');
    expect(fileNameSlug('C:\\Windows\\x')).toBe('c-windows-x');
    expect(fileNameSlug('a<b>c:d"e/f\\g|h?i*j')).toBe('a-b-c-d-e-f-g-h-i-j');
    expect(fileNameSlug('tab\there\nnew\u0000line\u202e')).toBe('tab-here-new-line');
    expect(fileNameSlug('...')).toBe('');
    expect(fileNameSlug('🎉🎉')).toBe('');
  });

  it('never leaves a name Windows reserves', () => {
    expect(fileNameSlug('CON')).toBe('con_');
    expect(fileNameSlug('nul')).toBe('nul_');
    expect(fileNameSlug('com1')).toBe('com1_');
    expect(fileNameSlug('console')).toBe('console');
  });

  it('is at most 80 bytes, never cutting a character, and ends without a hyphen', () => {
    expect(fileNameSlug('a'.repeat(300))).toBe('a'.repeat(80));
    const cjk = fileNameSlug('日'.repeat(100));
    expect(new TextEncoder().encode(cjk).length).toBeLessThanOrEqual(80);
    expect(cjk).toBe('日'.repeat(26));
    expect(fileNameSlug(`${'a'.repeat(79)} b`)).toBe('a'.repeat(79));
  });
});

describe('clipFileName', () => {
  it('numbers the clip and adds the slug of its label when there is one', () => {
    expect(clipFileName('reel.mp4', 1, 3)).toBe('reel-01.mp4');
    expect(clipFileName('reel.mp4', 2, 3, 'The Clutch')).toBe('reel-02-the-clutch.mp4');
    expect(clipFileName('reel.mp4', 3, 3, '')).toBe('reel-03.mp4');
    expect(clipFileName('reel.mp4', 3, 3, '***')).toBe('reel-03.mp4');
    expect(clipFileName('reel.mkv', 7, 120, 'a/b')).toBe('reel-007-a-b.mkv');
    expect(clipFileName('noext', 1, 1, 'x')).toBe('noext-01-x');
  });
});

describe('clipPaths', () => {
  it('names the files in the target folder, by label', () => {
    expect(clipPaths('/out/reel.mp4', 2, ['', 'Big play'])).toEqual(['/out/reel-01.mp4', '/out/reel-02-big-play.mp4']);
  });

  it('gives a range with nothing to cut no file and no number', () => {
    const plan: ExportPlan = {
      mode: 'fast',
      durationSec: 20,
      ranges: [
        { start: 0, end: 5, cutStart: 0, cutEnd: 10 },
        { start: 6, end: 8, cutStart: 10, cutEnd: 10 },
        { start: 12, end: 15, cutStart: 10, cutEnd: 20 },
      ],
    };
    expect(clipPathsOfPlan(plan, '/o/r.mp4', ['a', 'b', 'c'])).toEqual(['/o/r-01-a.mp4', null, '/o/r-02-c.mp4']);
  });
});
