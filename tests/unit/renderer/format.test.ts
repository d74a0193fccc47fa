import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClock,
  formatCount,
  formatDay,
  formatDelta,
  formatLength,
  formatScore,
  formatTime,
  formatTimeLeft,
  secondsAttr,
} from '../../../renderer/src/format';

describe('formatTime', () => {
  it.each([
    [0, '0:00.0'],
    [5, '0:05.0'],
    [83.5, '1:23.5'],
    [599.94, '9:59.9'],
    [59.96, '1:00.0'],
    [3723.4, '1:02:03.4'],
    [36000, '10:00:00.0'],
    [-1.25, '\u22120:01.3'],
  ])('%s s -> %s', (sec, text) => {
    expect(formatTime(sec)).toBe(text);
  });

  it('honours the number of decimals', () => {
    expect(formatTime(83.456, 0)).toBe('1:23');
    expect(formatTime(83.456, 2)).toBe('1:23.46');
    expect(formatTime(3599.6, 0)).toBe('1:00:00');
  });

  it('shows a placeholder for non-finite input', () => {
    expect(formatTime(Number.NaN)).toBe('--:--');
    expect(formatTime(Infinity)).toBe('--:--');
  });
});

describe('formatDelta', () => {
  it('signs with + and a real minus, one decimal', () => {
    expect(formatDelta(0.8)).toBe('+0.8 s');
    expect(formatDelta(-1.2)).toBe('\u22121.2 s');
    expect(formatDelta(0.04)).toBe('0.0 s');
    expect(formatDelta(-0.04)).toBe('0.0 s');
    expect(formatDelta(12.345)).toBe('+12.3 s');
  });
});

describe('formatLength', () => {
  it('uses seconds, minutes or hours by size', () => {
    expect(formatLength(20)).toBe('20.0 s');
    expect(formatLength(59.94)).toBe('59.9 s');
    expect(formatLength(185)).toBe('3 min 5 s');
    expect(formatLength(120)).toBe('2 min');
    expect(formatLength(3720)).toBe('1 h 2 min');
    expect(formatLength(-1)).toBe('?');
  });
});

describe('formatTimeLeft', () => {
  it('says about how long is left', () => {
    expect(formatTimeLeft(12.2)).toBe('about 12 s left');
    expect(formatTimeLeft(0.2)).toBe('about 1 s left');
    expect(formatTimeLeft(150)).toBe('about 3 min left');
    expect(formatTimeLeft(3600 + 20 * 60)).toBe('about 1 h 20 min left');
    expect(formatTimeLeft(7200)).toBe('about 2 h left');
  });

  it('is null when unknown', () => {
    expect(formatTimeLeft(null)).toBeNull();
    expect(formatTimeLeft(Number.NaN)).toBeNull();
    expect(formatTimeLeft(-3)).toBeNull();
  });
});

describe('secondsAttr', () => {
  it('has no floating point noise and at most 3 decimals', () => {
    expect(secondsAttr(83.5)).toBe('83.5');
    expect(secondsAttr(83.5 + 0.1)).toBe('83.6');
    expect(secondsAttr(0.1 + 0.2)).toBe('0.3');
    expect(secondsAttr(1.23456)).toBe('1.235');
    expect(secondsAttr(20)).toBe('20');
  });
});

describe('formatScore / formatBytes', () => {
  it('hides the meaningless score of a manual range', () => {
    expect(formatScore(0, 'manual')).toBe('—');
    expect(formatScore(3.14159, 'auto')).toBe('3.14');
    expect(formatScore(250.4, 'auto')).toBe('250');
    expect(formatScore(2, 'manual')).toBe('2.00');
  });

  it('formats sizes in SI units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatBytes(2_000_000_000)).toBe('2.0 GB');
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00:00'],
    [65, '0:01:05'],
    [3723, '1:02:03'],
    [3599.6, '1:00:00'],
    [36000, '10:00:00'],
    [-1, '?'],
    [Number.NaN, '?'],
  ])('%s s -> %s', (sec, text) => {
    expect(formatClock(sec)).toBe(text);
  });
});

describe('formatCount and formatDay', () => {
  it('groups thousands the same on every machine', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(7)).toBe('7');
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('?');
  });

  it('shows the day of a timestamp, and the text itself when it is not one', () => {
    const day = formatDay('2024-03-01T12:00:00Z');
    expect(day).toMatch(/2024/);
    expect(day).not.toMatch(/12:00/);
    expect(formatDay('yesterday')).toBe('yesterday');
  });
});
