// Pure rules for highlight ranges that every shell relies on: ranges stay inside the video and
// apart from each other, and re-detection never touches what the user made or changed.
import type { Highlight } from '../../../preload/contract';
import type { DetectedRange } from './detectHighlights';

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

/**
 * Clamps ranges into [0, durationSec], sorts them by start, trims a range that overlaps an earlier
 * one so it starts where that one ends, and drops ranges shorter than `minLengthSec` (including
 * inverted or non-finite ones). Returns new objects; other fields are kept as they are.
 */
export function normalizeRanges<T extends { start: number; end: number }>(
  ranges: T[],
  durationSec: number,
  minLengthSec = 0.5,
): T[] {
  const duration = Number.isFinite(durationSec) && durationSec > 0 ? durationSec : 0;
  const clamped = ranges
    .filter((r) => Number.isFinite(r.start) && Number.isFinite(r.end))
    .map((r) => ({ ...r, start: Math.min(duration, Math.max(0, r.start)), end: Math.min(duration, Math.max(0, r.end)) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: T[] = [];
  let reached = 0; // end of the last kept range
  for (const range of clamped) {
    const start = Math.max(range.start, reached);
    if (range.end - start < minLengthSec) continue;
    out.push(start === range.start ? range : { ...range, start });
    reached = range.end;
  }
  return out;
}

/**
 * Result of re-running detection: manual and edited highlights stay exactly as they are, untouched
 * auto proposals are replaced by the new ones, and a new proposal that overlaps a kept highlight is
 * left out (the user's range wins). `detected` is taken best first. Sorted by start.
 */
export function mergeDetection(existing: Highlight[], detected: DetectedRange[], makeId: () => string): Highlight[] {
  const kept = existing.filter((h) => h.origin === 'manual' || h.edited);
  const result: Highlight[] = [...kept];
  for (const range of detected) {
    if (result.some((h) => overlaps(h, range))) continue;
    result.push({
      id: makeId(),
      start: range.start,
      end: range.end,
      score: range.score,
      origin: 'auto',
      edited: false,
      tags: range.tags ?? [],
      evidence: range.evidence ?? null,
    });
  }
  return result.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * "Target reel length": the best proposals (taken best first) whose lengths fit in `budgetSec` together.
 * One that does not fit is passed over for smaller, weaker ones, so the reel gets close to the target;
 * the order of `detected` (best first) is kept.
 */
export function fitToReelLength<T extends { start: number; end: number }>(detected: readonly T[], budgetSec: number): T[] {
  let left = budgetSec;
  const chosen: T[] = [];
  for (const range of detected) {
    const length = range.end - range.start;
    if (length <= left + 1e-9) {
      chosen.push(range);
      left -= length;
    }
  }
  return chosen;
}
