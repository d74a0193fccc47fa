import { describe, expect, it } from 'vitest';
import { parseRanges, parseTime } from '../../../main/cli/parseRanges';

describe('parseTime', () => {
  it.each([
    ['83.5', 83.5],
    ['0', 0],
    ['1:23.5', 83.5],
    ['1:02:03', 3723],
    ['01:00:00.25', 3600.25],
  ])('reads %s as %f seconds', (text, seconds) => {
    expect(parseTime(text)).toBeCloseTo(seconds, 9);
  });

  it.each(['', 'abc', '1:2:3:4', '-5', '1e3', '1::2', '.5'])('refuses %j', (text) => {
    expect(parseTime(text)).toBeNaN();
  });
});

describe('parseRanges', () => {
  it('reads a list of ranges in order given', () => {
    expect(parseRanges('10-20, 1:00-1:30.5,5.25-6')).toEqual([
      { start: 10, end: 20 },
      { start: 60, end: 90.5 },
      { start: 5.25, end: 6 },
    ]);
  });

  it('ignores empty items from trailing commas', () => {
    expect(parseRanges('1-2,')).toEqual([{ start: 1, end: 2 }]);
  });

  it.each([
    ['', /No ranges/],
    ['10', /Cannot read the range "10"/],
    ['10-', /Cannot read/],
    ['a-b', /Cannot read/],
    ['-5-10', /Cannot read/],
    ['20-10', /ends before it starts/],
    ['10-10', /ends before it starts/],
  ])('refuses %j with a specific message', (text, message) => {
    expect(() => parseRanges(text)).toThrow(message);
  });
});
