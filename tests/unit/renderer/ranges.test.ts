import { describe, expect, it } from 'vitest';
import type { Highlight } from '../../../preload/contract';
import { addAtPlayhead, splitAtPlayhead } from '../../../renderer/src/ranges/create';
import { applyDrag, deleteRange, moveRange, setBoundary } from '../../../renderer/src/ranges/edit';
import { newHighlightId } from '../../../renderer/src/ranges/ids';
import { keyTarget } from '../../../renderer/src/ranges/keyboard';
import {
  boundaryBounds,
  indexAt,
  roundTime,
  shiftBounds,
  sortByStart,
  type Limits,
} from '../../../renderer/src/ranges/limits';

const limits: Limits = { durationSec: 120, minLengthSec: 1 };

function hl(id: string, start: number, end: number, extra: Partial<Highlight> = {}): Highlight {
  return { id, start, end, score: 1, origin: 'auto', edited: false, tags: [], evidence: null, label: '', ...extra };
}

/** The invariant every rule keeps: sorted, inside the video, no overlap, every range ≥ min length. */
function expectValid(list: Highlight[], lim: Limits = limits): void {
  for (let i = 0; i < list.length; i += 1) {
    const r = list[i]!;
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeLessThanOrEqual(lim.durationSec);
    expect(r.end - r.start).toBeGreaterThanOrEqual(lim.minLengthSec - 1e-9);
    if (i > 0) expect(r.start).toBeGreaterThanOrEqual(list[i - 1]!.end);
  }
}

const base = (): Highlight[] => [hl('a', 10, 30), hl('b', 40, 60), hl('c', 90, 110)];

describe('bounds', () => {
  it('a start may go from the previous end to its own end minus the minimum', () => {
    const list = base();
    expect(boundaryBounds(list, 0, 'start', limits)).toEqual({ min: 0, max: 29 });
    expect(boundaryBounds(list, 1, 'start', limits)).toEqual({ min: 30, max: 59 });
  });

  it('an end may go from its own start plus the minimum to the next start or the video end', () => {
    const list = base();
    expect(boundaryBounds(list, 1, 'end', limits)).toEqual({ min: 41, max: 90 });
    expect(boundaryBounds(list, 2, 'end', limits)).toEqual({ min: 91, max: 120 });
  });

  it('never inverts on data that is already tighter than the rules', () => {
    const list = [hl('a', 10, 10.5), hl('b', 10.5, 11)];
    for (const side of ['start', 'end'] as const) {
      for (const i of [0, 1]) {
        const b = boundaryBounds(list, i, side, limits);
        expect(b.min).toBeLessThanOrEqual(b.max);
      }
    }
  });

  it('shift bounds are the free space on each side', () => {
    expect(shiftBounds(base(), 1, limits)).toEqual({ min: -10, max: 30 });
    expect(shiftBounds(base(), 0, limits)).toEqual({ min: -10, max: 10 });
    expect(shiftBounds(base(), 2, limits)).toEqual({ min: -30, max: 10 });
  });

  it('indexAt finds the range under a time, start inclusive and end exclusive', () => {
    const list = base();
    expect(indexAt(list, 10)).toBe(0);
    expect(indexAt(list, 29.99)).toBe(0);
    expect(indexAt(list, 30)).toBe(-1);
    expect(indexAt(list, 95)).toBe(2);
  });

  it('sortByStart sorts a copy and roundTime keeps milliseconds', () => {
    const list = [hl('c', 90, 110), hl('a', 10, 30)];
    expect(sortByStart(list).map((r) => r.id)).toEqual(['a', 'c']);
    expect(list[0]!.id).toBe('c');
    expect(roundTime(83.5 + 0.1)).toBe(83.6);
    expect(roundTime(1.00049)).toBe(1);
  });
});

describe('setBoundary', () => {
  it('moves a boundary and marks the range edited', () => {
    const list = base();
    const next = setBoundary(list, 'b', 'start', 35.5, limits);
    expect(next[1]).toMatchObject({ id: 'b', start: 35.5, end: 60, edited: true });
    expect(next[0]).toBe(list[0]);
    expect(list[1]!.start).toBe(40);
    expectValid(next);
  });

  it('stops at the previous range, the next range and the video edges', () => {
    expect(setBoundary(base(), 'b', 'start', 5, limits)[1]!.start).toBe(30);
    expect(setBoundary(base(), 'b', 'end', 100, limits)[1]!.end).toBe(90);
    expect(setBoundary(base(), 'a', 'start', -4, limits)[0]!.start).toBe(0);
    expect(setBoundary(base(), 'c', 'end', 500, limits)[2]!.end).toBe(120);
  });

  it('keeps the minimum length', () => {
    expect(setBoundary(base(), 'b', 'start', 59.9, limits)[1]!.start).toBe(59);
    expect(setBoundary(base(), 'b', 'end', 40.2, limits)[1]!.end).toBe(41);
  });

  it('returns the same list when nothing changes (no save for a no-op)', () => {
    const list = base();
    expect(setBoundary(list, 'b', 'start', 40, limits)).toBe(list);
    expect(setBoundary(list, 'a', 'start', -10, { ...limits, durationSec: 120 })).not.toBe(list);
    const atEdge = setBoundary(list, 'a', 'start', -10, limits);
    expect(setBoundary(atEdge, 'a', 'start', -20, limits)).toBe(atEdge);
    expect(setBoundary(list, 'missing', 'start', 3, limits)).toBe(list);
    expect(setBoundary(list, 'b', 'start', Number.NaN, limits)).toBe(list);
  });

  it('rounds user input to milliseconds', () => {
    expect(setBoundary(base(), 'b', 'start', 35.12345, limits)[1]!.start).toBe(35.123);
  });

  it('keeps the invariant under many random moves', () => {
    let list = base();
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 2000; i += 1) {
      const r = list[Math.floor(rand() * list.length)]!;
      const op = rand();
      if (op < 0.4) list = setBoundary(list, r.id, 'start', rand() * 140 - 10, limits);
      else if (op < 0.8) list = setBoundary(list, r.id, 'end', rand() * 140 - 10, limits);
      else list = moveRange(list, r.id, rand() * 140 - 10, limits);
      expectValid(list);
      expect(list.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    }
  });
});

describe('moveRange', () => {
  it('shifts a range keeping its length', () => {
    const next = moveRange(base(), 'b', 45, limits);
    expect(next[1]).toMatchObject({ start: 45, end: 65, edited: true });
  });

  it('stops exactly at the neighbours and the video edges', () => {
    expect(moveRange(base(), 'b', 0, limits)[1]).toMatchObject({ start: 30, end: 50 });
    expect(moveRange(base(), 'b', 100, limits)[1]).toMatchObject({ start: 70, end: 90 });
    expect(moveRange(base(), 'a', -50, limits)[0]).toMatchObject({ start: 0, end: 20 });
    expect(moveRange(base(), 'c', 200, limits)[2]).toMatchObject({ start: 100, end: 120 });
  });

  it('lands on a neighbour without floating point overlap', () => {
    const list = [hl('a', 0.1, 0.3), hl('b', 0.7, 0.9)];
    const next = moveRange(list, 'b', 0, limits);
    expect(next[1]!.start).toBe(0.3);
    expect(next[1]!.start).toBeGreaterThanOrEqual(next[0]!.end);
  });

  it('returns the same list when it cannot move', () => {
    const list = [hl('a', 0, 10), hl('b', 10, 20), hl('c', 20, 30)];
    expect(moveRange(list, 'b', 3, limits)).toBe(list);
    expect(moveRange(list, 'b', 10, limits)).toBe(list);
  });
});

describe('applyDrag', () => {
  it('routes by side: start, end or the whole range', () => {
    const list = base();
    expect(applyDrag(list, 'b', 'start', 38, 60, limits)[1]).toMatchObject({ start: 38, end: 60 });
    expect(applyDrag(list, 'b', 'end', 40, 70, limits)[1]).toMatchObject({ start: 40, end: 70 });
    expect(applyDrag(list, 'b', undefined, 50, 70, limits)[1]).toMatchObject({ start: 50, end: 70 });
    // A region the plugin let overlap a neighbour is clamped back.
    expect(applyDrag(list, 'b', undefined, 80, 100, limits)[1]).toMatchObject({ start: 70, end: 90 });
  });
});

describe('deleteRange', () => {
  it('removes only that range', () => {
    expect(deleteRange(base(), 'b').map((r) => r.id)).toEqual(['a', 'c']);
    const list = base();
    expect(deleteRange(list, 'zzz')).toBe(list);
  });
});

describe('addAtPlayhead', () => {
  it('adds a 20 s manual range at the playhead in a free gap', () => {
    const result = addAtPlayhead(base(), 62, limits, 'n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.id).toBe('n');
    const added = result.highlights.find((r) => r.id === 'n');
    expect(added).toEqual({ id: 'n', start: 62, end: 82, score: 0, origin: 'manual', edited: true, tags: [], evidence: null, label: '' });
    expect(result.highlights.map((r) => r.id)).toEqual(['a', 'b', 'n', 'c']);
    expectValid(result.highlights);
  });

  it('shifts back to fit a full length when the gap allows', () => {
    const result = addAtPlayhead(base(), 85, limits, 'n');
    expect(result.ok && result.highlights[2]).toMatchObject({ start: 70, end: 90 });
  });

  it('shortens to the gap when the gap is shorter than the default length', () => {
    const result = addAtPlayhead(base(), 33, limits, 'n');
    expect(result.ok && result.highlights[1]).toMatchObject({ id: 'n', start: 30, end: 40 });
  });

  it('fits at the end of the video and at 0', () => {
    const end = addAtPlayhead(base(), 119.5, limits, 'n');
    expect(end.ok && end.highlights[3]).toMatchObject({ start: 110, end: 120 });
    const start = addAtPlayhead([], 0, limits, 'n');
    expect(start.ok && start.highlights[0]).toMatchObject({ start: 0, end: 20 });
    const empty = addAtPlayhead([], 50, limits, 'n', 30);
    expect(empty.ok && empty.highlights[0]).toMatchObject({ start: 50, end: 80 });
  });

  it('starts right at the end of a range when the playhead is on it', () => {
    const result = addAtPlayhead(base(), 30, limits, 'n');
    expect(result.ok && result.highlights[1]).toMatchObject({ start: 30, end: 40 });
  });

  it('refuses inside a range, naming it', () => {
    const result = addAtPlayhead(base(), 45, limits, 'n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/inside highlight 2/);
    expect(addAtPlayhead(base(), 40, limits, 'n').ok).toBe(false);
  });

  it('refuses when the gap is shorter than the minimum length', () => {
    const tight = [hl('a', 10, 30), hl('b', 30.5, 60)];
    const result = addAtPlayhead(tight, 30.2, limits, 'n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/No room/);
    const full = [hl('a', 0, 60), hl('b', 60, 120)];
    expect(addAtPlayhead(full, 120, limits, 'n').ok).toBe(false);
  });
});

describe('splitAtPlayhead', () => {
  it('splits into two edited parts, the right one with the new id', () => {
    const result = splitAtPlayhead(base(), 50, limits, 'n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.highlights.map((r) => [r.id, r.start, r.end, r.edited])).toEqual([
      ['a', 10, 30, false],
      ['b', 40, 50, true],
      ['n', 50, 60, true],
      ['c', 90, 110, false],
    ]);
    expect(result.highlights[2]).toMatchObject({ origin: 'auto', score: 1 });
    expectValid(result.highlights);
  });

  it('refuses outside any range or too near an edge', () => {
    const outside = splitAtPlayhead(base(), 35, limits, 'n');
    expect(outside.ok).toBe(false);
    if (!outside.ok) expect(outside.message).toMatch(/inside a highlight/);
    const nearEdge = splitAtPlayhead(base(), 40.5, limits, 'n');
    expect(nearEdge.ok).toBe(false);
    if (!nearEdge.ok) expect(nearEdge.message).toMatch(/too close/);
    expect(splitAtPlayhead(base(), 40, limits, 'n').ok).toBe(false);
    expect(splitAtPlayhead(base(), 41, limits, 'n').ok).toBe(true);
  });
});

describe('keyTarget', () => {
  const bounds = { min: 30, max: 59 };
  it.each([
    ['ArrowLeft', false, 39],
    ['ArrowRight', false, 41],
    ['ArrowLeft', true, 39.9],
    ['ArrowRight', true, 40.1],
    ['ArrowDown', false, 39],
    ['ArrowUp', false, 41],
    ['PageUp', false, 50],
    ['PageDown', false, 30],
    ['Home', false, 30],
    ['End', false, 59],
  ])('%s (shift %s) from 40 -> %s', (key, shiftKey, expected) => {
    expect(keyTarget({ key, shiftKey }, 40, bounds)).toBeCloseTo(expected, 9);
  });

  it('ignores other keys', () => {
    expect(keyTarget({ key: 'a', shiftKey: false }, 40, bounds)).toBeNull();
    expect(keyTarget({ key: 'Enter', shiftKey: false }, 40, bounds)).toBeNull();
  });

  it('together with setBoundary, Shift+Right from 83.5 gives exactly 83.6', () => {
    const list = [hl('a', 83.5, 100)];
    const b = boundaryBounds(list, 0, 'start', limits);
    const next = setBoundary(list, 'a', 'start', keyTarget({ key: 'ArrowRight', shiftKey: true }, 83.5, b)!, limits);
    expect(next[0]!.start).toBe(83.6);
  });
});

describe('newHighlightId', () => {
  it('is unique and within the contract length', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newHighlightId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
  });
});
