// The reel order: the list's order, which the user may change by dragging rows. The editing rules work
// on the ranges in time order (neighbours are the ranges before and after in time), so the order is kept
// beside them as a list of ids, and everything that shows "highlight N" numbers by it.
import type { Highlight } from '../../../preload/contract';

/** True when the order is the ranges' time order (the user has not reordered). */
export function inTimeOrder(order: readonly string[], byTime: readonly Highlight[]): boolean {
  const rank = new Map(byTime.map((h, i) => [h.id, i]));
  let last = -1;
  for (const id of order) {
    const r = rank.get(id);
    if (r === undefined) continue;
    if (r < last) return false;
    last = r;
  }
  return true;
}

/**
 * The order for a new set of ranges: the ids still there keep their order; a new one takes its place by
 * time while the list is in time order, else goes right after its anchor (a split's new half after the
 * range it came from) or at the end.
 */
export function reconcileOrder(
  order: readonly string[],
  byTime: readonly Highlight[],
  anchors: ReadonlyMap<string, string> = new Map(),
): string[] {
  const present = new Set(byTime.map((h) => h.id));
  const kept = order.filter((id) => present.has(id));
  const known = new Set(kept);
  const added = byTime.filter((h) => !known.has(h.id));
  if (added.length === 0) return kept.length === order.length ? [...order] : kept;
  if (inTimeOrder(kept, byTime)) {
    // Kept ids are in time order and so is byTime: the merged order is simply byTime's.
    return byTime.map((h) => h.id);
  }
  const result = [...kept];
  for (const h of added) {
    const anchor = anchors.get(h.id);
    const at = anchor === undefined ? -1 : result.indexOf(anchor);
    if (at >= 0) result.splice(at + 1, 0, h.id);
    else result.push(h.id);
  }
  return result;
}

/** The ranges in reel order. */
export function inReelOrder(byTime: readonly Highlight[], order: readonly string[]): Highlight[] {
  const byId = new Map(byTime.map((h) => [h.id, h]));
  const result: Highlight[] = [];
  for (const id of order) {
    const h = byId.get(id);
    if (h) {
      result.push(h);
      byId.delete(id);
    }
  }
  // Ranges missing from the order (never expected) still belong to the reel, in time order.
  for (const h of byTime) if (byId.has(h.id)) result.push(h);
  return result;
}

/** "Highlight N" for every id: its place in the reel order, from 1. */
export function reelNumbers(order: readonly string[]): Map<string, number> {
  return new Map(order.map((id, i) => [id, i + 1]));
}

/** Moves the id to `toIndex` in the order (clamped); the same array when nothing moves. */
export function moveInOrder(order: string[], id: string, toIndex: number): string[] {
  const from = order.indexOf(id);
  if (from < 0) return order;
  const to = Math.max(0, Math.min(order.length - 1, toIndex));
  if (to === from) return order;
  const next = [...order];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

export function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
