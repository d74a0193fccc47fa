// Undo and redo of range edits. A step records only what it changed (each touched range before and
// after, and the order), never a snapshot of the whole list, so it stays valid on top of changes that
// are not steps: proposals arriving when a VOD's chat is in, a save's normalised answer, a reload.
// Undo puts the touched ranges back as they were; whatever else happened meanwhile stays.
import type { Highlight } from '../../../preload/contract';
import { sortByStart } from '../ranges/limits';
import { reconcileOrder, sameOrder } from '../ranges/reelOrder';

/** The ranges in time order and the reel order of their ids. */
export interface RangeSet {
  highlights: Highlight[];
  order: string[];
}

interface Change {
  id: string;
  before: Highlight | null;
  after: Highlight | null;
}

export interface Step {
  /** What it did, in the user's words: "move of highlight 3" (the button says "Undo move of highlight 3"). */
  label: string;
  changes: Change[];
  orderBefore: string[];
  orderAfter: string[];
  /** Steps with the same key within MERGE_WINDOW_MS of each other are one step (a run of arrow presses). */
  mergeKey: string | null;
  at: number;
}

export interface History {
  undo: Step[];
  redo: Step[];
}

export const HISTORY_LIMIT = 500;
export const MERGE_WINDOW_MS = 1000;
export const EMPTY_HISTORY: History = { undo: [], redo: [] };

export function sameHighlight(a: Highlight, b: Highlight): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.score === b.score &&
    a.origin === b.origin &&
    a.edited === b.edited &&
    (a.label ?? '') === (b.label ?? '') &&
    a.tags.join('\u0000') === b.tags.join('\u0000') &&
    (a.evidence === b.evidence || JSON.stringify(a.evidence) === JSON.stringify(b.evidence))
  );
}

/** The step from `before` to `after`, or null when nothing changed. */
export function diffStep(before: RangeSet, after: RangeSet, label: string, mergeKey: string | null = null, at = Date.now()): Step | null {
  const was = new Map(before.highlights.map((h) => [h.id, h]));
  const changes: Change[] = [];
  for (const h of after.highlights) {
    const old = was.get(h.id);
    if (!old) changes.push({ id: h.id, before: null, after: h });
    else if (old !== h && !sameHighlight(old, h)) changes.push({ id: h.id, before: old, after: h });
    was.delete(h.id);
  }
  for (const old of was.values()) changes.push({ id: old.id, before: old, after: null });
  if (changes.length === 0 && sameOrder(before.order, after.order)) return null;
  return { label, changes, orderBefore: [...before.order], orderAfter: [...after.order], mergeKey, at };
}

/** Adds a user's step: clears redo, folds a run of the same small edit into one step, keeps the last `limit`. */
export function record(history: History, step: Step, limit = HISTORY_LIMIT): History {
  const last = history.undo[history.undo.length - 1];
  if (last && step.mergeKey !== null && last.mergeKey === step.mergeKey && step.at - last.at <= MERGE_WINDOW_MS) {
    const merged = mergeSteps(last, step);
    const undo = merged ? [...history.undo.slice(0, -1), merged] : history.undo.slice(0, -1);
    return { undo, redo: [] };
  }
  const undo = [...history.undo, step];
  return { undo: undo.length > limit ? undo.slice(undo.length - limit) : undo, redo: [] };
}

/** `first` then `second` as one step; null when together they changed nothing (nudged there and back). */
function mergeSteps(first: Step, second: Step): Step | null {
  const byId = new Map(first.changes.map((c) => [c.id, { ...c }]));
  for (const c of second.changes) {
    const prior = byId.get(c.id);
    byId.set(c.id, prior ? { id: c.id, before: prior.before, after: c.after } : { ...c });
  }
  const changes = [...byId.values()].filter(
    (c) => !(c.before === null && c.after === null) && !(c.before && c.after && sameHighlight(c.before, c.after)),
  );
  if (changes.length === 0 && sameOrder(first.orderBefore, second.orderAfter)) return null;
  return { ...second, changes, orderBefore: first.orderBefore };
}

function overlaps(a: Highlight, b: Highlight): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The ranges with the step taken back (`undo`) or done again (`redo`), applied to what is there now.
 * Ranges the step touches get their recorded state; a range that arrived since and now overlaps one of
 * them gives way (the user's own edit wins, as in a merge); the order is the recorded one for the ids
 * it knows, with anything newer placed by the usual rule.
 */
export function applyStep(current: RangeSet, step: Step, direction: 'undo' | 'redo'): RangeSet {
  const touched = new Set(step.changes.map((c) => c.id));
  const restored = step.changes
    .map((c) => (direction === 'undo' ? c.before : c.after))
    .filter((h): h is Highlight => h !== null);
  const others = current.highlights.filter((h) => !touched.has(h.id) && !restored.some((r) => overlaps(r, h)));
  const highlights = sortByStart([...others, ...restored]);
  const wanted = direction === 'undo' ? step.orderBefore : step.orderAfter;
  const order = reconcileOrder(wanted, highlights);
  return { highlights, order };
}

export function canUndo(history: History): boolean {
  return history.undo.length > 0;
}

export function canRedo(history: History): boolean {
  return history.redo.length > 0;
}

/** Moves the newest step to the other stack; the caller applies it. */
export function popUndo(history: History): { step: Step; history: History } | null {
  const step = history.undo[history.undo.length - 1];
  if (!step) return null;
  return { step, history: { undo: history.undo.slice(0, -1), redo: [...history.redo, step] } };
}

export function popRedo(history: History): { step: Step; history: History } | null {
  const step = history.redo[history.redo.length - 1];
  if (!step) return null;
  return { step, history: { undo: [...history.undo, step], redo: history.redo.slice(0, -1) } };
}
