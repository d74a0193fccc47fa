// Ranges are listed in reel order (the user may reorder them); the rules that need time order (overlap,
// keyframe snapping, re-detection, the single-run fast export) sort a copy or check it with these.

export interface Span {
  start: number;
  end: number;
}

/** Earlier start first, then earlier end. */
export const byTime = (a: Span, b: Span): number => a.start - b.start || a.end - b.end;

/** True when every range starts no earlier than the one before it. */
export function inTimeOrder(ranges: readonly Span[]): boolean {
  return ranges.every((r, i) => i === 0 || r.start >= (ranges[i - 1] as Span).start);
}

/** Indexes of `ranges` in time order (ties keep the list order). */
export function timeOrderIndexes(ranges: readonly Span[]): number[] {
  return ranges.map((_, i) => i).sort((a, b) => byTime(ranges[a] as Span, ranges[b] as Span) || a - b);
}
