import { describe, expect, it } from 'vitest';
import type { Highlight } from '../../../preload/contract';
import { mergeRanges, sameRanges } from '../../../renderer/src/ranges/merge';

const auto = (id: string, start: number, end: number): Highlight => ({ id, start, end, score: 2, origin: 'auto', edited: false, tags: [], evidence: null, label: '' });
const manual = (id: string, start: number, end: number): Highlight => ({ id, start, end, score: 0, origin: 'manual', edited: true, tags: [], evidence: null, label: '' });
const ids = (list: Highlight[]) => list.map((h) => `${h.id}:${h.start}-${h.end}`);

describe('mergeRanges', () => {
  it('is the core’s list when there are no local edits', () => {
    const base = [auto('a', 10, 20)];
    const remote = [auto('a', 10, 20), auto('b', 40, 50)];
    expect(mergeRanges(base, base, remote)).toEqual(remote);
  });

  it('keeps a range the user added and adds the core’s new proposals around it', () => {
    // The VOD's chat arrived while the user had already marked a moment by hand.
    const local = [manual('m', 100, 120)];
    const remote = [auto('p1', 30, 50), auto('p2', 110, 130), auto('p3', 200, 220)];
    const merged = mergeRanges([], local, remote);
    // p2 overlaps the user's range, so it yields.
    expect(ids(merged)).toEqual(['p1:30-50', 'm:100-120', 'p3:200-220']);
  });

  it('keeps the user’s change to a range even when the core changed or removed it', () => {
    const base = [auto('a', 10, 20), auto('b', 40, 50)];
    const local = [{ ...auto('a', 8, 20), edited: true }, { ...auto('b', 40, 55), edited: true }];
    const remote = [auto('a', 12, 22)];
    expect(ids(mergeRanges(base, local, remote))).toEqual(['a:8-20', 'b:40-55']);
  });

  it('lets untouched ranges follow the core: changed, or gone', () => {
    const base = [auto('a', 10, 20), auto('b', 40, 50), auto('c', 70, 80)];
    const local = [auto('a', 10, 20), auto('b', 40, 50), manual('m', 90, 95)];
    // The user deleted c; the core re-detected: a moved, b gone.
    const remote = [auto('a', 11, 21), auto('c', 70, 80)];
    expect(ids(mergeRanges(base, local, remote))).toEqual(['a:11-21', 'm:90-95']);
  });

  it('does not bring back a range the user deleted, even if the core still has it', () => {
    const base = [auto('a', 10, 20), auto('b', 40, 50)];
    const local = [auto('a', 10, 20)];
    const remote = [auto('a', 10, 20), auto('b', 40, 50), auto('n', 60, 70)];
    expect(ids(mergeRanges(base, local, remote))).toEqual(['a:10-20', 'n:60-70']);
  });

  it('never returns overlapping ranges and returns them sorted', () => {
    const local = [manual('m1', 50, 60), manual('m2', 0, 5)];
    const remote = [auto('p', 55, 70), auto('q', 4, 6), auto('r', 60, 61), auto('s', 20, 30)];
    const merged = mergeRanges([], local, remote);
    expect(ids(merged)).toEqual(['m2:0-5', 's:20-30', 'm1:50-60', 'r:60-61']);
    for (let i = 1; i < merged.length; i++) expect(merged[i]!.start).toBeGreaterThanOrEqual(merged[i - 1]!.end);
  });

  it('does not duplicate a range present on both sides', () => {
    const local = [manual('m', 10, 20)];
    const remote = [manual('m', 10, 20)];
    expect(mergeRanges([], local, remote)).toEqual(local);
  });
});

describe('sameRanges', () => {
  it('compares by id and values, not order', () => {
    expect(sameRanges([auto('a', 1, 2), auto('b', 3, 4)], [auto('b', 3, 4), auto('a', 1, 2)])).toBe(true);
    expect(sameRanges([auto('a', 1, 2)], [auto('a', 1, 2.5)])).toBe(false);
    expect(sameRanges([auto('a', 1, 2)], [{ ...auto('a', 1, 2), edited: true }])).toBe(false);
    expect(sameRanges([auto('a', 1, 2)], [])).toBe(false);
    expect(sameRanges([auto('a', 1, 2)], [auto('b', 1, 2)])).toBe(false);
  });
});
