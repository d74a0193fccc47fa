import { describe, expect, it } from 'vitest';
import type { Highlight } from '../../../preload/contract';
import { inReelOrder, inTimeOrder, moveInOrder, reconcileOrder, reelNumbers } from '../../../renderer/src/ranges/reelOrder';

const h = (id: string, start: number): Highlight => ({
  id,
  start,
  end: start + 5,
  score: 1,
  origin: 'manual',
  edited: true,
  tags: [],
  evidence: null,
  label: '',
});

describe('reel order', () => {
  const byTime = [h('a', 0), h('b', 10), h('c', 20)];

  it('a new range takes its place by time while the list is in time order', () => {
    const withNew = [h('a', 0), h('n', 5), h('b', 10), h('c', 20)];
    expect(reconcileOrder(['a', 'b', 'c'], withNew)).toEqual(['a', 'n', 'b', 'c']);
  });

  it('after a reorder a new range goes after its anchor, else at the end', () => {
    const withNew = [h('a', 0), h('n', 5), h('b', 10), h('c', 20)];
    expect(reconcileOrder(['c', 'a', 'b'], withNew)).toEqual(['c', 'a', 'b', 'n']);
    expect(reconcileOrder(['c', 'a', 'b'], withNew, new Map([['n', 'a']]))).toEqual(['c', 'a', 'n', 'b']);
  });

  it('drops removed ids and lists ranges in reel order', () => {
    expect(reconcileOrder(['c', 'x', 'a', 'b'], byTime)).toEqual(['c', 'a', 'b']);
    expect(inReelOrder(byTime, ['c', 'a', 'b']).map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect(inReelOrder(byTime, ['c']).map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect(reelNumbers(['c', 'a']).get('a')).toBe(2);
  });

  it('moves an id and tells time order apart', () => {
    const order = ['a', 'b', 'c'];
    expect(moveInOrder(order, 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(moveInOrder(order, 'a', 0)).toBe(order);
    expect(moveInOrder(order, 'a', 99)).toEqual(['b', 'c', 'a']);
    expect(inTimeOrder(order, byTime)).toBe(true);
    expect(inTimeOrder(['b', 'a'], byTime)).toBe(false);
  });
});
