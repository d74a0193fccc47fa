import { describe, expect, it } from 'vitest';
import { encodeBatchSize, withoutShortRuns } from '../../../../main/core/media/smart/smartExport';

/** The runs a list of `pieces` is cut into, by size, as smartExport's batching does. */
function runs(pieces: number, max: number, lanes: number): number[] {
  const size = encodeBatchSize(pieces, max, lanes);
  const out: number[] = [];
  for (let left = pieces; left > 0; left -= size) out.push(Math.min(size, left));
  return out;
}

describe('encodeBatchSize', () => {
  it.each([
    // pieces, max per run, lanes, runs
    [20, 8, 2, [5, 5, 5, 5]],
    [20, 8, 1, [7, 7, 6]],
    [3, 8, 2, [2, 1]],
    [1, 8, 2, [1]],
    [16, 8, 2, [8, 8]],
    [17, 8, 3, [6, 6, 5]],
    [40, 2, 2, Array.from({ length: 20 }, () => 2)],
  ])('%i pieces, at most %i a run, %i lanes', (pieces, max, lanes, expected) => {
    const got = runs(pieces, max, lanes);
    expect(got).toEqual(expected);
    expect(Math.max(...got)).toBeLessThanOrEqual(max);
  });
});

describe('withoutShortRuns', () => {
  const frames = (...n: number[]) => n.map((f) => ({ frames: f }));
  const shape = (groups: { frames: number }[][]) => groups.map((g) => g.map((p) => p.frames));
  const args = () => ['-i', 'x'];

  it.each([
    // runs by their pieces' frames, and what they become
    [[[30, 40], [1]], [[30, 40, 1]]],
    [[[1], [30, 40]], [[1, 30, 40]]],
    [[[30], [1, 2], [40]], [[30, 1, 2], [40]]],
    [[[1], [2], [3]], [[1, 2, 3]]],
    [[[1]], [[1]]],
    [[[20], [16]], [[20], [16]]],
  ])('%j → %j', (runs, expected) => {
    expect(shape(withoutShortRuns(runs.map((r) => frames(...r)), args, 'ffmpeg'))).toEqual(expected);
  });

  it('leaves a short run alone when joining it would not fit on a command line', () => {
    const long = () => ['-i', 'x'.repeat(4_000_000)];
    expect(shape(withoutShortRuns([frames(30), frames(1)], long, 'ffmpeg'))).toEqual([[30], [1]]);
  });
});
