// Parses the CLI's --ranges "s-e,s-e,…" where each time is seconds ("83.5") or a clock ("1:23.5",
// "1:02:03"). Pure, so every odd input has a test.
import { AppError } from '../core/errors';

export function parseTime(text: string): number {
  const parts = text.trim().split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) return Number.NaN;
  return parts.reduce((total, part) => total * 60 + Number(part), 0);
}

export function parseRanges(text: string): { start: number; end: number }[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new AppError('BAD_RANGES', 'No ranges given: use --ranges "start-end,start-end" in seconds.');
  return items.map((item) => {
    const match = /^([^-]+)-([^-]+)$/.exec(item);
    const start = match ? parseTime(match[1]!) : Number.NaN;
    const end = match ? parseTime(match[2]!) : Number.NaN;
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      throw new AppError('BAD_RANGES', `Cannot read the range "${item}": write it as start-end in seconds, e.g. 83.5-101.`);
    }
    if (end <= start) throw new AppError('BAD_RANGES', `The range "${item}" ends before it starts.`);
    return { start, end };
  });
}
