import { describe, expect, it } from 'vitest';
import { parseLabels } from '../../../main/cli/parseLabels';

describe('parseLabels', () => {
  it('splits on commas, one label per range, trimmed', () => {
    expect(parseLabels('The clutch, GG ,ez')).toEqual(['The clutch', 'GG', 'ez']);
    expect(parseLabels('one')).toEqual(['one']);
  });

  it('reads \\, as a comma inside a label and keeps other backslashes', () => {
    expect(parseLabels('wait\\, what,a\\b')).toEqual(['wait, what', 'a\\b']);
  });

  it('keeps empty items: a range without a label', () => {
    expect(parseLabels('a,,c')).toEqual(['a', '', 'c']);
    expect(parseLabels('a,')).toEqual(['a', '']);
    expect(parseLabels('')).toEqual(['']);
  });

  it('makes each label one line and refuses one longer than the app allows', () => {
    expect(parseLabels('a\nb')).toEqual(['a b']);
    expect(() => parseLabels(`ok,${'x'.repeat(201)}`)).toThrow(/Label 2 is longer than 200/);
  });
});
