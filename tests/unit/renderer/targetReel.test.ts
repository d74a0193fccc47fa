import { describe, expect, it } from 'vitest';
import {
  formatTargetReel,
  MAX_TARGET_SEC,
  MIN_TARGET_SEC,
  parseTargetReel,
  reelFit,
} from '../../../renderer/src/detection/targetReel';

describe('parseTargetReel', () => {
  it.each([
    ['3:00', 180],
    ['2:30', 150],
    [' 0:45 ', 45],
    ['1:02:03', 3723],
    ['10:00:00', 36_000],
    ['90:00', 5400],
    ['3', 180],
    ['1.5', 90],
    ['2,5', 150],
    ['90s', 90],
    ['90 s', 90],
    ['2m30s', 150],
    ['2 min 30 s', 150],
    ['3 minutes', 180],
    ['1h', 3600],
    ['1 h 5 min', 3900],
    ['45 sec', 45],
    ['0.26', 16],
  ])('%j is %s s', (text, sec) => {
    expect(parseTargetReel(text)).toEqual({ ok: true, sec });
  });

  it.each(['', '   ', 'no limit', 'No Limit', 'none', 'off'])('%j is no limit', (text) => {
    expect(parseTargetReel(text)).toEqual({ ok: true, sec: null });
  });

  it.each(['abc', '3:', ':30', '1:75', '1:60:00', '2:3:4:5', '-3', '3 apples', 'm', '1e3'])('%j is refused with a hint', (text) => {
    const result = parseTargetReel(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/minutes:seconds/);
  });

  it('keeps to the core’s bounds', () => {
    expect(parseTargetReel('0:09')).toEqual({ ok: false, message: 'The target must be at least 0:10.' });
    expect(parseTargetReel(`0:${MIN_TARGET_SEC}`)).toEqual({ ok: true, sec: MIN_TARGET_SEC });
    expect(parseTargetReel('10:00:01')).toEqual({ ok: false, message: 'The target can be at most 10:00:00.' });
    expect(parseTargetReel('601')).toEqual({ ok: false, message: 'The target can be at most 10:00:00.' });
    expect(MAX_TARGET_SEC).toBe(36_000);
  });

  it('reads back what it shows', () => {
    for (const sec of [10, 59, 60, 61, 180, 3599, 3600, 3723, 36_000]) {
      expect(parseTargetReel(formatTargetReel(sec))).toEqual({ ok: true, sec });
    }
    expect(parseTargetReel(formatTargetReel(null))).toEqual({ ok: true, sec: null });
  });
});

describe('formatTargetReel', () => {
  it('shows minutes:seconds, hours when needed, nothing for no limit', () => {
    expect(formatTargetReel(180)).toBe('3:00');
    expect(formatTargetReel(75)).toBe('1:15');
    expect(formatTargetReel(3723)).toBe('1:02:03');
    expect(formatTargetReel(null)).toBe('');
  });
});

describe('reelFit', () => {
  it('says how long the reel is against the target', () => {
    expect(reelFit(165, 180)).toEqual({ text: 'Reel 2:45 of a 3:00 target', over: false });
    expect(reelFit(180.4, 180)).toEqual({ text: 'Reel 3:00 of a 3:00 target', over: false });
    expect(reelFit(200, 180)).toEqual({ text: 'Reel 3:20: 20.0 s over the 3:00 target', over: true });
    expect(reelFit(0, 60)).toEqual({ text: 'Reel 0:00 of a 1:00 target', over: false });
  });

  it('says when there is no target', () => {
    expect(reelFit(95, null)).toEqual({ text: 'Reel 1:35 (no target)', over: false });
  });
});
