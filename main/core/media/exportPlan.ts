// Which parts of the video a reel is cut from. Accurate mode cuts exactly where the user drew (it
// re-encodes); fast mode copies the streams, which can only start at a keyframe, so each cut is widened
// outward to keyframes: never inward, so nothing the user chose is lost. The plan keeps the order of
// the ranges (the reel order); only the overlap rules look at them in time order.
import type { ExportMode, ExportPlan, PlannedRange } from '../../../preload/contract';
import { AppError } from '../errors';
import { byTime, timeOrderIndexes } from '../timeOrder';

export interface PlanInput {
  /** In reel order. */
  ranges: readonly { start: number; end: number }[];
  mode: ExportMode;
  durationSec: number;
  /** Keyframe times in seconds (required in fast mode). */
  keyframes?: readonly number[];
}

/**
 * Times closer than this count as equal: ffprobe prints microseconds and the UI works in floats, so a
 * range that starts 1e-7 s before a keyframe must not be widened by a whole GOP.
 */
export const TIME_TOLERANCE_SEC = 1e-3;

export function planExport(input: PlanInput): ExportPlan {
  const { mode, durationSec } = input;
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new AppError('BAD_ARGUMENTS', 'The video has no known duration, so nothing can be cut from it.');
  }
  const ranges = validateRanges(input.ranges, durationSec);

  let planned: PlannedRange[];
  if (mode !== 'fast') {
    planned = ranges.map((r) => ({ start: r.start, end: r.end, cutStart: r.start, cutEnd: r.end }));
  } else {
    if (!input.keyframes) throw new AppError('BAD_ARGUMENTS', 'Fast export needs the keyframe times of the video.');
    planned = snapToKeyframes(ranges, sortedUnique(input.keyframes), durationSec);
  }
  const total = planned.reduce((sum, r) => sum + (r.cutEnd - r.cutStart), 0);
  return { mode, ranges: planned, durationSec: roundMicro(total) };
}

/** Checks every range and clamps it into [0, duration]; the list order stays. */
function validateRanges(input: PlanInput['ranges'], durationSec: number): { start: number; end: number }[] {
  if (input.length === 0) throw new AppError('BAD_RANGES', 'There are no ranges to export.');
  const tol = TIME_TOLERANCE_SEC;
  input.forEach((r, i) => {
    const label = `Range ${i + 1}`;
    if (!Number.isFinite(r.start) || !Number.isFinite(r.end)) {
      throw new AppError('BAD_RANGES', `${label} has an invalid time (start ${r.start}, end ${r.end}).`);
    }
    if (r.end - r.start <= tol) {
      throw new AppError('BAD_RANGES', `${label} (${span(r)}) ${r.end < r.start ? 'ends before it starts' : 'is empty'}.`);
    }
    if (r.start < -tol || r.end > durationSec + tol) {
      throw new AppError('BAD_RANGES', `${label} (${span(r)}) lies outside the video (0:00.0–${clock(durationSec)}).`);
    }
  });
  const clamped = input.map((r) => ({ start: Math.max(0, r.start), end: Math.min(durationSec, r.end) }));
  const sorted = [...clamped].sort(byTime);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as { start: number; end: number };
    const next = sorted[i] as { start: number; end: number };
    if (next.start < prev.end - tol) {
      throw new AppError('BAD_RANGES', `Ranges ${span(prev)} and ${span(next)} overlap; merge or shorten one of them.`);
    }
  }
  return clamped;
}

/**
 * cutStart = last keyframe at or before start, cutEnd = first keyframe at or after end (or the end of the
 * video). Two ranges inside the same GOPs would widen onto the same frames; the later one (in time) then
 * starts where the earlier one's cut ends (a keyframe too), so no frame is exported twice, and a range
 * that cut already covers becomes an empty cut (cutStart = cutEnd). Decided in time order, returned in
 * the list's order.
 */
function snapToKeyframes(
  ranges: readonly { start: number; end: number }[],
  keyframes: readonly number[],
  durationSec: number,
): PlannedRange[] {
  const tol = TIME_TOLERANCE_SEC;
  const planned: PlannedRange[] = new Array<PlannedRange>(ranges.length);
  let previousCutEnd = 0;
  for (const i of timeOrderIndexes(ranges)) {
    const r = ranges[i] as { start: number; end: number };
    // The start of the file is always a valid place to begin a copy, keyframe or not.
    let cutStart = Math.max(lastAtOrBefore(keyframes, r.start + tol) ?? 0, 0);
    if (cutStart < previousCutEnd) cutStart = previousCutEnd;
    let cutEnd = cutStart;
    if (r.end - tol > cutStart) {
      const after = firstAtOrAfter(keyframes, Math.max(r.end - tol, cutStart + tol));
      cutEnd = after !== null && after < durationSec ? after : durationSec;
    }
    planned[i] = { start: r.start, end: r.end, cutStart, cutEnd };
    previousCutEnd = cutEnd;
  }
  return planned;
}

function lastAtOrBefore(sorted: readonly number[], t: number): number | null {
  let lo = 0;
  let hi = sorted.length; // first index with value > t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (sorted[lo - 1] as number) : null;
}

function firstAtOrAfter(sorted: readonly number[], t: number): number | null {
  let lo = 0;
  let hi = sorted.length; // first index with value >= t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? (sorted[lo] as number) : null;
}

function sortedUnique(values: readonly number[]): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}

function roundMicro(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function span(r: { start: number; end: number }): string {
  return `${clock(r.start)}–${clock(r.end)}`;
}

/** 75.25 -> "1:15.3", 3725 -> "1:02:05.0" (messages only). */
function clock(sec: number): string {
  if (!Number.isFinite(sec)) return String(sec);
  const sign = sec < 0 ? '-' : '';
  const tenths = Math.round(Math.abs(sec) * 10);
  const h = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${s}` : `${sign}${m}:${s}`;
}
