import { describe, expect, it } from 'vitest';
import {
  clockOfFrame,
  frameRateFromProbe,
  frameSeconds,
  isDropFrameRate,
  secondsToFrame,
  timecode,
  type Rational,
} from '../../../main/core/timeline/rational';
import { parseRate } from '../../../main/core/media/probe';
import { countDropFrame } from './countTimecode';

const NTSC30: Rational = { num: 30000, den: 1001 };
const NTSC60: Rational = { num: 60000, den: 1001 };

describe('frameRateFromProbe', () => {
  it.each([
    ['30000/1001', { num: 30000, den: 1001 }],
    ['60000/1001', { num: 60000, den: 1001 }],
    ['24000/1001', { num: 24000, den: 1001 }],
    ['25/1', { num: 25, den: 1 }],
    ['50', { num: 50, den: 1 }],
    ['120/2', { num: 60, den: 1 }],
  ])('takes the rate string %s exactly', (text, rate) => {
    expect(frameRateFromProbe(text)).toEqual(rate);
  });

  it('turns the floats probe.ts gives (3 decimals) back into the rate they came from', () => {
    for (const [raw, rate] of [
      ['30000/1001', NTSC30],
      ['60000/1001', NTSC60],
      ['24000/1001', { num: 24000, den: 1001 }],
      ['30/1', { num: 30, den: 1 }],
      ['25/1', { num: 25, den: 1 }],
      ['60/1', { num: 60, den: 1 }],
      ['120000/1001', { num: 120000, den: 1001 }],
    ] as const) {
      expect(frameRateFromProbe(parseRate(raw)!)).toEqual(rate);
    }
  });

  it('conforms a variable-frame-rate average to the nominal rate near it, and keeps odd rates exact', () => {
    expect(frameRateFromProbe(59.99)).toEqual({ num: 60, den: 1 });
    expect(frameRateFromProbe(59.95)).toEqual(NTSC60);
    expect(frameRateFromProbe(29.95)).toEqual(NTSC30);
    expect(frameRateFromProbe(12.5)).toEqual({ num: 25, den: 2 });
    expect(frameRateFromProbe(15)).toEqual({ num: 15, den: 1 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '0/0', 'abc'])('refuses %s', (value) => {
    expect(() => frameRateFromProbe(value as number | string)).toThrow(/frame rate/);
  });
});

describe('secondsToFrame (the snapping rule)', () => {
  it('rounds to the nearest frame', () => {
    expect(secondsToFrame(10, NTSC30)).toBe(300); // 299.7
    expect(secondsToFrame(20, NTSC30)).toBe(599); // 599.4
    expect(secondsToFrame(0.5, { num: 25, den: 1 })).toBe(13); // 12.5 rounds up
    expect(secondsToFrame(0, NTSC30)).toBe(0);
  });

  it('maps the start time of every frame back to that frame, up to 12 hours', () => {
    for (const fps of [NTSC30, NTSC60, { num: 24000, den: 1001 }, { num: 25, den: 1 }]) {
      const last = Math.round((43_200 * fps.num) / fps.den);
      for (const frame of [0, 1, 2, 1799, 1800, 17_982, 107_892, last - 1, last]) {
        expect(secondsToFrame(frameSeconds(frame, fps), fps)).toBe(frame);
      }
    }
  });
});

describe('timecode', () => {
  it('counts non-drop frames', () => {
    expect(timecode(0, { num: 25, den: 1 })).toBe('00:00:00:00');
    expect(timecode(25 * 3661 + 7, { num: 25, den: 1 })).toBe('01:01:01:07');
    expect(timecode(1800, NTSC30, false)).toBe('00:01:00:00');
  });

  it('is drop-frame at 29.97 and 59.94 only', () => {
    expect(isDropFrameRate(NTSC30)).toBe(true);
    expect(isDropFrameRate(NTSC60)).toBe(true);
    expect(isDropFrameRate({ num: 24000, den: 1001 })).toBe(false);
    expect(isDropFrameRate({ num: 30, den: 1 })).toBe(false);
    expect(() => timecode(10, { num: 25, den: 1 }, true)).toThrow();
  });

  it('skips ;00 and ;01 at each minute but every tenth (29.97)', () => {
    expect(timecode(1799, NTSC30)).toBe('00:00:59;29');
    expect(timecode(1800, NTSC30)).toBe('00:01:00;02');
    expect(timecode(17_982, NTSC30)).toBe('00:10:00;00');
    expect(timecode(107_892, NTSC30)).toBe('01:00:00;00');
  });

  it('matches a counting timecode generator frame by frame for 3 hours at 29.97 and 59.94', () => {
    for (const [fps, base, dropped] of [
      [NTSC30, 30, 2],
      [NTSC60, 60, 4],
    ] as const) {
      const frames = Math.round((3 * 3600 * fps.num) / fps.den);
      let frame = 0;
      for (const expected of countDropFrame(base, dropped, frames)) {
        const actual = timecode(frame, fps);
        if (actual !== expected) expect(`${frame}: ${actual}`).toBe(`${frame}: ${expected}`);
        frame++;
      }
      expect(frame).toBe(frames);
    }
  });

  it('reaches each hour exactly on its drop-frame count, for 12 hours', () => {
    // Drop-frame makes an hour exactly 107 892 frames (215 784 at 59.94): no drift over 12 hours.
    for (let h = 1; h <= 12; h++) {
      expect(timecode(h * 107_892, NTSC30)).toBe(`${String(h).padStart(2, '0')}:00:00;00`);
      expect(timecode(h * 215_784, NTSC60)).toBe(`${String(h).padStart(2, '0')}:00:00;00`);
    }
    expect(timecode(1_294_705, NTSC30)).toBe('12:00:00;01');
  });
});

describe('clockOfFrame', () => {
  it('writes HH:MM:SS.mmm rounded to the millisecond', () => {
    expect(clockOfFrame(0, NTSC30)).toBe('00:00:00.000');
    expect(clockOfFrame(1, NTSC30)).toBe('00:00:00.033');
    expect(clockOfFrame(1_294_705, NTSC30)).toBe('11:59:59.990');
  });
});
