// The shared vocabulary of the editing rules: what limits a range and where each boundary may go.
// Every rule works on a list sorted by start with no overlaps, and returns one in the same shape.
import type { Highlight } from '../../../preload/contract';

export const MIN_LENGTH_SEC = 1;
export const DEFAULT_LENGTH_SEC = 20;

export interface Limits {
  /** Length of the video; no range may end after it. */
  durationSec: number;
  /** Shortest range the user may make. */
  minLengthSec: number;
}

export type Side = 'start' | 'end';

export interface Bounds {
  min: number;
  max: number;
}

/** User-made positions are kept to the millisecond so values like 83.6 never show as 83.60000001. */
export function roundTime(sec: number): number {
  return Math.round(sec * 1000) / 1000;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

export function sortByStart(list: readonly Highlight[]): Highlight[] {
  return [...list].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Where one boundary may go: a start between the previous range's end (or 0) and its own end minus the
 * minimum length; an end between its own start plus the minimum length and the next start (or the end
 * of the video). Collapses to a single point rather than inverting when stored data is already tight.
 */
export function boundaryBounds(list: readonly Highlight[], index: number, side: Side, limits: Limits): Bounds {
  const range = list[index];
  if (!range) return { min: 0, max: limits.durationSec };
  const prev = list[index - 1];
  const next = list[index + 1];
  if (side === 'start') {
    const min = prev ? prev.end : 0;
    const max = range.end - limits.minLengthSec;
    return { min: Math.min(min, range.start), max: Math.max(max, Math.min(min, range.start)) };
  }
  const min = range.start + limits.minLengthSec;
  const max = next ? next.start : Math.max(limits.durationSec, range.end);
  return { min: Math.min(min, Math.max(max, range.end)), max: Math.max(max, range.end) };
}

/** How far a whole range may shift left (negative) and right without touching a neighbour or an edge. */
export function shiftBounds(list: readonly Highlight[], index: number, limits: Limits): Bounds {
  const range = list[index];
  if (!range) return { min: 0, max: 0 };
  const prev = list[index - 1];
  const next = list[index + 1];
  const lo = (prev ? prev.end : 0) - range.start;
  const hi = (next ? next.start : limits.durationSec) - range.end;
  return { min: Math.min(lo, 0), max: Math.max(hi, 0) };
}

/** Index of the range the time falls in (start inclusive, end exclusive), or -1. */
export function indexAt(list: readonly Highlight[], timeSec: number): number {
  return list.findIndex((r) => r.start <= timeSec && timeSec < r.end);
}
