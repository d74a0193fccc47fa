import { describe, expect, it } from 'vitest';
import { cleanLabel } from '../../../main/core/analysis/label';

describe('cleanLabel', () => {
  it('trims and keeps ordinary text, emoji and other scripts as they are', () => {
    expect(cleanLabel('  the clutch  ')).toBe('the clutch');
    expect(cleanLabel('chat goes wild 🎉 — ура')).toBe('chat goes wild 🎉 — ура');
    expect(cleanLabel('')).toBe('');
  });

  it('makes one line: line breaks, tabs and other control characters become one space each run', () => {
    expect(cleanLabel('first\nsecond')).toBe('first second');
    expect(cleanLabel('a\r\n\r\nb')).toBe('a b');
    expect(cleanLabel('a\tb\u0000c\u007fd\u0085e')).toBe('a b c d e');
    expect(cleanLabel('a\u2028b\u2029c')).toBe('a b c');
    expect(cleanLabel('\n\t end \n')).toBe('end');
  });
});
