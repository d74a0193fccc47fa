import { describe, expect, it } from 'vitest';
import type { Highlight } from '../../../preload/contract';
import {
  applyStep,
  diffStep,
  EMPTY_HISTORY,
  HISTORY_LIMIT,
  MERGE_WINDOW_MS,
  popRedo,
  popUndo,
  record,
  type History,
  type RangeSet,
} from '../../../renderer/src/store/history';

const h = (id: string, start: number, end: number, extra: Partial<Highlight> = {}): Highlight => ({
  id,
  start,
  end,
  score: 1,
  origin: 'auto',
  edited: false,
  tags: [],
  evidence: null,
  label: '',
  ...extra,
});

const set = (...list: Highlight[]): RangeSet => ({ highlights: list, order: list.map((x) => x.id) });

function step(history: History, before: RangeSet, after: RangeSet, label: string, mergeKey: string | null = null, at = 0): History {
  const s = diffStep(before, after, label, mergeKey, at);
  return s ? record(history, s) : history;
}

describe('history', () => {
  it('records only what changed and nothing for a no-op', () => {
    const before = set(h('a', 0, 10), h('b', 20, 30));
    const after = set(h('a', 0, 12, { edited: true }), before.highlights[1]!);
    const s = diffStep(before, after, 'move of highlight 1')!;
    expect(s.changes.map((c) => c.id)).toEqual(['a']);
    expect(diffStep(before, set(...before.highlights), 'x')).toBeNull();
  });

  it('undo and redo restore the touched range and keep what arrived meanwhile', () => {
    const before = set(h('a', 0, 10), h('b', 20, 30));
    const after = set(h('a', 0, 12, { edited: true }), before.highlights[1]!);
    const history = step(EMPTY_HISTORY, before, after, 'resize of highlight 1');
    // A proposal arrives from the core (not a step).
    const remote = set(after.highlights[0]!, after.highlights[1]!, h('c', 40, 50));
    const popped = popUndo(history)!;
    const undone = applyStep(remote, popped.step, 'undo');
    expect(undone.highlights.map((x) => [x.id, x.end])).toEqual([
      ['a', 10],
      ['b', 30],
      ['c', 50],
    ]);
    expect(undone.order).toEqual(['a', 'b', 'c']);
    const again = popRedo(popped.history)!;
    expect(applyStep(undone, again.step, 'redo').highlights[0]!.end).toBe(12);
    expect(again.history.undo).toHaveLength(1);
    expect(again.history.redo).toHaveLength(0);
  });

  it('undoing a delete brings the range back; undoing an add removes it', () => {
    const before = set(h('a', 0, 10), h('b', 20, 30));
    const deleted = set(before.highlights[1]!);
    const s = diffStep(before, deleted, 'delete of highlight 1')!;
    expect(applyStep(deleted, s, 'undo')).toEqual(before);
    const added = set(...before.highlights, h('n', 40, 60, { origin: 'manual' }));
    const a = diffStep(before, added, 'add of highlight 3')!;
    expect(applyStep(added, a, 'undo').highlights.map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('a restored range wins over a proposal that arrived in its place', () => {
    const before = set(h('a', 0, 10));
    const deleted = set();
    const s = diffStep(before, deleted, 'delete of highlight 1')!;
    const remote = set(h('p', 5, 15));
    expect(applyStep(remote, s, 'undo').highlights.map((x) => x.id)).toEqual(['a']);
  });

  it('folds a run of the same nudge within the window into one step, and a new run into another', () => {
    let history = EMPTY_HISTORY;
    let state = set(h('a', 10, 20));
    for (let i = 1; i <= 5; i++) {
      const next = set(h('a', 10, 20 + i, { edited: true }));
      history = step(history, state, next, 'nudge of highlight 1 end', 'nudge:a:end', i * 200);
      state = next;
    }
    expect(history.undo).toHaveLength(1);
    expect(applyStep(state, history.undo[0]!, 'undo').highlights[0]!.end).toBe(20);
    const later = set(h('a', 10, 26, { edited: true }));
    history = step(history, state, later, 'nudge of highlight 1 end', 'nudge:a:end', 5 * 200 + MERGE_WINDOW_MS + 1);
    expect(history.undo).toHaveLength(2);
  });

  it('records reorders and undoes them', () => {
    const before = set(h('a', 0, 10), h('b', 20, 30), h('c', 40, 50));
    const after: RangeSet = { highlights: before.highlights, order: ['c', 'a', 'b'] };
    const s = diffStep(before, after, 'reorder of highlight 3')!;
    expect(s.changes).toHaveLength(0);
    expect(applyStep(after, s, 'undo').order).toEqual(['a', 'b', 'c']);
    expect(applyStep(before, s, 'redo').order).toEqual(['c', 'a', 'b']);
  });

  it('keeps the last HISTORY_LIMIT steps (at least 200) and a new edit clears redo', () => {
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(200);
    let history = EMPTY_HISTORY;
    let state = set(h('a', 0, 10));
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) {
      const next = set(h('a', 0, 10 + i * 0.01, { edited: true }));
      history = step(history, state, next, `edit ${i}`);
      state = next;
    }
    expect(history.undo).toHaveLength(HISTORY_LIMIT);
    expect(history.undo[0]!.label).toBe('edit 11');
    const popped = popUndo(history)!;
    expect(popped.history.redo).toHaveLength(1);
    const next = set(h('a', 0, 99));
    expect(step(popped.history, state, next, 'other').redo).toHaveLength(0);
  });
});
