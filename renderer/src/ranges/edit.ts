// Moving, shifting and deleting ranges. Each returns the same array object when nothing changed, so
// callers can skip a save for a no-op (a drag against a neighbour, an arrow key at a bound).
import type { Highlight } from '../../../preload/contract';
import { boundaryBounds, clamp, roundTime, shiftBounds, type Limits, type Side } from './limits';

function replaceAt(list: readonly Highlight[], index: number, range: Highlight): Highlight[] {
  const next = [...list];
  next[index] = range;
  return next;
}

/** Moves one boundary towards `value`, stopping at the neighbour, the video edge or the minimum length. */
export function setBoundary(
  list: Highlight[],
  id: string,
  side: Side,
  value: number,
  limits: Limits,
): Highlight[] {
  const index = list.findIndex((r) => r.id === id);
  const range = list[index];
  if (!range || !Number.isFinite(value)) return list;
  const { min, max } = boundaryBounds(list, index, side, limits);
  const target = clamp(roundTime(value), min, max);
  if (target === range[side]) return list;
  return replaceAt(list, index, { ...range, [side]: target, edited: true });
}

/** Moves a whole range so it starts near `start`, keeping its length and stopping at neighbours/edges. */
export function moveRange(list: Highlight[], id: string, start: number, limits: Limits): Highlight[] {
  const index = list.findIndex((r) => r.id === id);
  const range = list[index];
  if (!range || !Number.isFinite(start)) return list;
  const { min, max } = shiftBounds(list, index, limits);
  const shift = clamp(roundTime(start) - range.start, min, max);
  if (shift === 0) return list;
  const length = range.end - range.start;
  const prevEnd = list[index - 1]?.end ?? 0;
  const nextStart = list[index + 1]?.start ?? limits.durationSec;
  let newStart: number;
  let newEnd: number;
  // Clamped moves land exactly on the neighbour's boundary (no floating-point gap or overlap).
  if (shift === min) {
    newStart = prevEnd;
    newEnd = Math.min(nextStart, prevEnd + length);
  } else if (shift === max) {
    newEnd = nextStart;
    newStart = Math.max(prevEnd, nextStart - length);
  } else {
    newStart = roundTime(range.start + shift);
    newEnd = Math.min(nextStart, newStart + length);
  }
  if (newStart === range.start && newEnd === range.end) return list;
  return replaceAt(list, index, { ...range, start: newStart, end: newEnd, edited: true });
}

/** Applies a drag of either boundary or of the whole range, as the Regions plugin reports it. */
export function applyDrag(
  list: Highlight[],
  id: string,
  side: Side | undefined,
  start: number,
  end: number,
  limits: Limits,
): Highlight[] {
  if (side === 'start') return setBoundary(list, id, 'start', start, limits);
  if (side === 'end') return setBoundary(list, id, 'end', end, limits);
  return moveRange(list, id, start, limits);
}

export function deleteRange(list: Highlight[], id: string): Highlight[] {
  const index = list.findIndex((r) => r.id === id);
  if (index < 0) return list;
  return [...list.slice(0, index), ...list.slice(index + 1)];
}
