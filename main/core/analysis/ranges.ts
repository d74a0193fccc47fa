// Pure rules for highlight ranges that every shell relies on: ranges stay inside the video and
// apart from each other, and re-detection never touches what the user made or changed. Lists are in
// reel order (the user may reorder them); only the overlap rules look at them in time order.
import type { Highlight } from '../../../preload/contract';
import { byTime, inTimeOrder, timeOrderIndexes } from '../timeOrder';
import type { DetectedRange } from './detectHighlights';

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

/** A range re-detection keeps: the user's own, one they changed, or one they named. */
export function isUsersRange(h: Pick<Highlight, 'origin' | 'edited' | 'label'>): boolean {
  return h.origin === 'manual' || h.edited || h.label !== '';
}

/**
 * Clamps ranges into [0, durationSec], trims a range that overlaps one earlier in time so it starts
 * where that one ends, and drops ranges shorter than `minLengthSec` (including inverted or non-finite
 * ones). The list order is kept. Returns new objects; other fields are kept as they are.
 */
export function normalizeRanges<T extends { start: number; end: number }>(
  ranges: T[],
  durationSec: number,
  minLengthSec = 0.5,
): T[] {
  const duration = Number.isFinite(durationSec) && durationSec > 0 ? durationSec : 0;
  const clamped = ranges
    .filter((r) => Number.isFinite(r.start) && Number.isFinite(r.end))
    .map((r) => ({ ...r, start: Math.min(duration, Math.max(0, r.start)), end: Math.min(duration, Math.max(0, r.end)) }));
  const kept = new Map<number, T>();
  let reached = 0; // end of the last kept range, in time order
  for (const i of timeOrderIndexes(clamped)) {
    const range = clamped[i] as T;
    const start = Math.max(range.start, reached);
    if (range.end - start < minLengthSec) continue;
    kept.set(i, start === range.start ? range : { ...range, start });
    reached = range.end;
  }
  return clamped.flatMap((_, i) => (kept.has(i) ? [kept.get(i) as T] : []));
}

/**
 * Result of re-running detection: the user's ranges (isUsersRange) stay exactly as they are and in
 * their order, untouched auto proposals are replaced by the new ones, and a new proposal that overlaps
 * a kept range is left out (the user's range wins). `detected` is taken best first. When the kept
 * ranges are in time order each new one goes after the last range that starts before it (so the list
 * stays in time order); when the user reordered them, the new ones follow them, in time order.
 */
export function mergeDetection(existing: Highlight[], detected: DetectedRange[], makeId: () => string): Highlight[] {
  const kept = existing.filter(isUsersRange);
  const added: Highlight[] = [];
  for (const range of detected) {
    if (kept.some((h) => overlaps(h, range)) || added.some((h) => overlaps(h, range))) continue;
    added.push({
      id: makeId(),
      start: range.start,
      end: range.end,
      score: range.score,
      origin: 'auto',
      edited: false,
      tags: range.tags ?? [],
      evidence: range.evidence ?? null,
      label: '',
    });
  }
  added.sort(byTime);
  if (!inTimeOrder(kept)) return [...kept, ...added];
  const result = [...kept];
  for (const range of added) {
    let at = result.length;
    while (at > 0 && (result[at - 1] as Highlight).start >= range.start) at--;
    result.splice(at, 0, range);
  }
  return result;
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
