// How a chat replay download divides the VOD's timeline among concurrent requests. Paging one cursor
// after another is one round trip per ~50 comments, so the VOD is cut into time slices paged side by
// side; when Twitch starts refusing (too many slices get an IP throttled), what is left of the failing
// slice is shared among fewer concurrent requests instead of the download giving up.

/** Part of the VOD's timeline that one request chain pages through. */
export interface ChatSlice {
  /** Offset the first page is asked at. Whole seconds: Twitch takes offsets in whole seconds. */
  startSec: number;
  /**
   * Where the next slice begins: the slice keeps comments with startSec <= offset < endSec and stops
   * paging once a page passes it. Infinity for the last slice, which pages until Twitch has no more
   * (a VOD's length can be 0 or stale while it is fresh, and chat can run past it).
   */
  endSec: number;
}

export const DEFAULT_SLICES = 4;
/** A slice shorter than this costs more in extra first pages than it saves in parallelism. */
export const MIN_SLICE_SEC = 60;

/** Divides [from, end) into up to `count` whole-second slices of at least MIN_SLICE_SEC. */
function divide(fromSec: number, endSec: number, count: number, openEnded: boolean): ChatSlice[] {
  const span = Math.max(0, endSec - fromSec);
  const n = Math.max(1, Math.min(Math.floor(count) || 1, Math.floor(span / MIN_SLICE_SEC)));
  const slices: ChatSlice[] = [];
  for (let i = 0; i < n; i++) {
    slices.push({
      startSec: fromSec + Math.round((span * i) / n),
      endSec: i === n - 1 ? (openEnded ? Infinity : endSec) : fromSec + Math.round((span * (i + 1)) / n),
    });
  }
  return slices;
}

/**
 * The slices for a whole VOD: [0, lengthSec] cut into `count` (fewer for a short VOD), the last one
 * open-ended. A length of 0 (fresh VOD) or an unusable one gives a single slice that pages to the end.
 */
export function planSlices(lengthSec: number, count: number = DEFAULT_SLICES): ChatSlice[] {
  const length = Number.isFinite(lengthSec) && lengthSec > 0 ? Math.ceil(lengthSec) : 0;
  return divide(0, length, count, true);
}

/** The concurrency to fall back to after a slice kept failing: half, at least 1. */
export function fewerRequests(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency / 2));
}

export interface Replan {
  /** How many slices may be in flight from now on. */
  concurrency: number;
  /** What is left of the failed slice; empty when nothing is left. */
  slices: ChatSlice[];
}

/**
 * After `failed` kept failing with comments received up to `reachedSec`: lower the concurrency and cut
 * what is left of the slice, from the whole second reached (a second can straddle two pages, so it is
 * asked again; the download drops the repeats by id), into that many slices. An open-ended slice is
 * divided up to the VOD's length and stays open-ended.
 */
export function replanFailedSlice(failed: ChatSlice, reachedSec: number, concurrency: number, lengthSec: number): Replan {
  const next = fewerRequests(concurrency);
  const from = Math.max(failed.startSec, Math.floor(Number.isFinite(reachedSec) ? reachedSec : failed.startSec));
  const openEnded = !Number.isFinite(failed.endSec);
  if (!openEnded && from >= failed.endSec) return { concurrency: next, slices: [] };
  const end = openEnded ? Math.max(from, Number.isFinite(lengthSec) ? Math.ceil(lengthSec) : 0) : failed.endSec;
  return { concurrency: next, slices: divide(from, end, next, openEnded) };
}

/** How much of the VOD's nominal length [0, lengthSec] a slice covers (for progress). */
export function nominalSpan(slice: ChatSlice, lengthSec: number): number {
  return Math.max(0, Math.min(slice.endSec, lengthSec) - slice.startSec);
}

/** Merged, sorted copies of the spans (touching or overlapping ones joined). */
function mergeSpans(spans: readonly { fromSec: number; toSec: number }[]): { fromSec: number; toSec: number }[] {
  const sorted = spans.filter((s) => s.toSec > s.fromSec).sort((a, b) => a.fromSec - b.fromSec);
  const merged: { fromSec: number; toSec: number }[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.fromSec <= last.toSec) last.toSec = Math.max(last.toSec, s.toSec);
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * The slices still to page after an earlier run completed `covered` (whole seconds, toSec possibly
 * Infinity): the gaps of [0, ∞), each cut into slices in proportion to its share of what is left (at
 * least one each, `count` or a few more in all); the gap that runs to the end stays open-ended.
 * Empty when nothing is left.
 */
export function planRemaining(covered: readonly { fromSec: number; toSec: number }[], lengthSec: number, count: number = DEFAULT_SLICES): ChatSlice[] {
  const length = Number.isFinite(lengthSec) && lengthSec > 0 ? Math.ceil(lengthSec) : 0;
  const gaps: { fromSec: number; toSec: number }[] = [];
  let at = 0;
  for (const span of mergeSpans(covered)) {
    if (span.fromSec > at) gaps.push({ fromSec: at, toSec: span.fromSec });
    at = Math.max(at, span.toSec);
  }
  if (Number.isFinite(at)) gaps.push({ fromSec: at, toSec: Infinity });
  // The open-ended gap counts up to the VOD's length for sharing out the slices.
  const spanOf = (g: { fromSec: number; toSec: number }) => Math.max(0, Math.min(g.toSec, Math.max(length, g.fromSec)) - g.fromSec);
  const total = gaps.reduce((sum, g) => sum + spanOf(g), 0);
  return gaps.flatMap((g) => {
    const n = total > 0 ? Math.max(1, Math.round((count * spanOf(g)) / total)) : 1;
    const open = !Number.isFinite(g.toSec);
    return divide(g.fromSec, open ? Math.max(g.fromSec, length) : g.toSec, n, open);
  });
}
