// The edits the toolbar buttons and the keyboard both make, at the playhead or on the selected range:
// the pure rules of ranges/ applied to the store's ranges, each one named undo step.
import { addAtPlayhead, splitAtPlayhead } from '../ranges/create';
import { deleteRange, setBoundary } from '../ranges/edit';
import { newHighlightId } from '../ranges/ids';
import type { Side } from '../ranges/limits';
import { inReelOrder } from '../ranges/reelOrder';
import { currentTime, seek } from '../player/playback';
import { actions, appStore } from '../store';

export function addRangeAtPlayhead(): boolean {
  const { highlights } = appStore().getState();
  const id = newHighlightId();
  return actions().commitResult(addAtPlayhead(highlights, currentTime(), actions().limits(), id), { verb: 'add', id });
}

/** Splits the range under the playhead (the selected one when the playhead is in it). */
export function splitRangeAtPlayhead(): boolean {
  const { highlights } = appStore().getState();
  const t = currentTime();
  const target = highlights.find((h) => h.start < t && t < h.end);
  const id = newHighlightId();
  const result = splitAtPlayhead(highlights, t, actions().limits(), id);
  return actions().commitResult(result, { verb: 'split', id: target?.id ?? null, anchors: target ? new Map([[id, target.id]]) : undefined });
}

export function deleteSelectedRange(): boolean {
  const { highlights, selectedId } = appStore().getState();
  if (!selectedId) return false;
  actions().commit(deleteRange(highlights, selectedId), null, { verb: 'delete', id: selectedId });
  return true;
}

/** I / O: the selected range's start or end at the playhead (as far as its neighbours allow). */
export function setSelectedBoundary(side: Side): boolean {
  const { highlights, selectedId } = appStore().getState();
  if (!selectedId) {
    actions().showError(`Select a highlight first: ${side === 'start' ? 'I' : 'O'} sets its ${side} at the playhead.`);
    return false;
  }
  const next = setBoundary(highlights, selectedId, side, currentTime(), actions().limits());
  actions().commit(next, selectedId, { verb: side === 'start' ? 'set start' : 'set end', id: selectedId });
  return true;
}

/** ↑ / ↓: the previous or next range in the list; seeks to its start. */
export function selectAdjacent(direction: 1 | -1): boolean {
  const { highlights, order, selectedId } = appStore().getState();
  const list = inReelOrder(highlights, order);
  if (list.length === 0) return false;
  const index = list.findIndex((h) => h.id === selectedId);
  const nextIndex = index < 0 ? (direction > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + direction));
  const next = list[nextIndex]!;
  actions().select(next.id);
  seek(next.start);
  return true;
}
