import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/core/errors';
import {
  buildFilterGraph,
  crossfadeFrames,
  frameRanges,
  rangeInputs,
  type FilterGraphInput,
} from '../../../../main/core/export/render/filterGraph';

const NTSC = 30000 / 1001;
const source = { width: 1920, height: 1080, fps: 30 };
const base: FilterGraphInput = {
  ranges: [{ start: 10, end: 12 }],
  source,
  vertical: null,
  preset: 'source',
  crossfadeSec: 0,
  hasAudio: true,
};

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error('expected an AppError');
}

describe('frameRanges', () => {
  it('makes each range round(start·fps) and round(length·fps) whole frames', () => {
    expect(frameRanges([{ start: 0.51, end: 2.02 }, { start: 3, end: 4.5 }], 30)).toEqual([
      { firstFrame: 15, frames: 45 },
      { firstFrame: 90, frames: 45 },
    ]);
    expect(frameRanges([{ start: 1, end: 2.5 }], NTSC)).toEqual([{ firstFrame: 30, frames: 45 }]);
  });

  it('refuses no ranges, backwards ranges and ranges shorter than a frame', () => {
    expect(code(() => frameRanges([], 30))).toBe('BAD_RANGES');
    expect(code(() => frameRanges([{ start: 2, end: 1 }], 30))).toBe('BAD_RANGES');
    expect(code(() => frameRanges([{ start: 1, end: 1.01 }], 30))).toBe('BAD_RANGES');
    expect(code(() => frameRanges([{ start: 0, end: 1 }], 0))).toBe('BAD_ARGUMENTS');
  });
});

describe('rangeInputs', () => {
  it('seeks half a frame before the first frame, cuts video half a frame before each end and audio on the frame times', () => {
    const [t] = rangeInputs([{ firstFrame: 15, frames: 45 }], 30);
    expect(t).toEqual({
      seekSec: 0.483333, // (15 − 0.5)/30
      readSec: 1.55, // to the audio end (60/30) plus a frame
      videoStartSec: 0,
      videoEndSec: 1.5, // (59.5/30) − seek
      audioStartSec: 0.016667, // 15/30 − seek
      audioEndSec: 1.516667, // 60/30 − seek: audio and video are both 45 frames long
    });
  });

  it('starts at 0 for a range at the very start', () => {
    const [t] = rangeInputs([{ firstFrame: 0, frames: 30 }], 30);
    expect(t!.seekSec).toBe(0);
    expect(t!.videoStartSec).toBe(0);
    expect(t!.audioStartSec).toBe(0);
  });

  it('seeks earlier by the preroll and trims in the graph (MPEG-TS)', () => {
    const [t] = rangeInputs([{ firstFrame: 300, frames: 30 }], 30, 3);
    expect(t!.seekSec).toBeCloseTo(299.5 / 30 - 3, 6);
    expect(t!.videoStartSec).toBeCloseTo(3, 6);
    expect(t!.audioStartSec).toBeCloseTo(3 + 0.5 / 30, 5);
    expect(t!.videoEndSec - t!.videoStartSec).toBeCloseTo(1, 6);
  });
});

describe('crossfadeFrames', () => {
  const ranges = [
    { firstFrame: 0, frames: 90 },
    { firstFrame: 300, frames: 60 },
  ];
  it('is the crossfade in whole frames, at least one, none for a single range', () => {
    expect(crossfadeFrames(0.5, ranges, 30)).toBe(15);
    expect(crossfadeFrames(0.01, ranges, 30)).toBe(1);
    expect(crossfadeFrames(0, ranges, 30)).toBe(0);
    expect(crossfadeFrames(1.5, [ranges[0]!], 30)).toBe(0);
  });

  it('must be shorter than half the shortest range, said clearly', () => {
    expect(crossfadeFrames(0.96, ranges, 30)).toBe(29);
    let message = '';
    try {
      crossfadeFrames(1, ranges, 30);
    } catch (error) {
      expect((error as AppError).code).toBe('BAD_ARGUMENTS');
      message = (error as Error).message;
    }
    expect(message).toBe('A crossfade of 1 s needs every range longer than 2 s; range 2 is 2 s. Shorten the crossfade or lengthen the range.');
  });
});

describe('buildFilterGraph', () => {
  it('one range: trim, setpts, the look, the encoder tail; audio trimmed alike', () => {
    const graph = buildFilterGraph({ ...base, videoTail: 'format=yuv420p' });
    expect(graph.filter).toBe(
      [
        '[0:v:0]trim=start=0:end=2,setpts=PTS-STARTPTS[v0]',
        '[0:a:0]atrim=start=0.016667:end=2.016667,asetpts=PTS-STARTPTS[a0]',
        '[v0]null[vj]',
        '[vj]setsar=1[vl]',
        '[vl]format=yuv420p[v]',
        '[a0]anull[aj]',
        '[aj]anull[a]',
      ].join(';'),
    );
    expect(graph).toMatchObject({ video: '[v]', audio: '[a]', width: 1920, height: 1080, frames: 60, durationSec: 2, crossfadeFrames: 0 });
  });

  it('joins ranges in the given order with concat', () => {
    const graph = buildFilterGraph({ ...base, ranges: [{ start: 20, end: 21 }, { start: 5, end: 7 }], hasAudio: false });
    expect(graph.inputs.map((t) => t.seekSec)).toEqual([19.983333, 4.983333]);
    expect(graph.filter).toContain('[v0][v1]concat=n=2:v=1:a=0[vj]');
    expect(graph.filter).not.toContain('[0:a');
    expect(graph.audio).toBeNull();
    expect(graph.frames).toBe(90);
  });

  it('crossfades with chained xfade/acrossfade, each fade starting half a frame before the overlap', () => {
    const graph = buildFilterGraph({
      ...base,
      ranges: [{ start: 0, end: 3 }, { start: 10, end: 12 }, { start: 20, end: 24 }],
      crossfadeSec: 0.5,
    });
    // 90 + 60 + 120 frames, two overlaps of 15.
    expect(graph.frames).toBe(240);
    expect(graph.durationSec).toBe(8);
    expect(graph.crossfadeFrames).toBe(15);
    expect(graph.filter).toContain('[v0][v1]xfade=transition=fade:duration=0.5:offset=2.483333[x1]'); // (90 − 15 − 0.5)/30
    expect(graph.filter).toContain('[x1][v2]xfade=transition=fade:duration=0.5:offset=3.983333[vj]'); // (90 + 60 − 15 joined so far − 15 − 0.5)/30
    expect(graph.filter).toContain('[a0][a1]acrossfade=d=0.5:c1=qsin:c2=qsin[ax1]');
    expect(graph.filter).toContain('[ax1][a2]acrossfade=d=0.5:c1=qsin:c2=qsin[aj]');
  });

  it('applies a crossfade as whole frames at 29.97 fps', () => {
    const graph = buildFilterGraph({
      ...base,
      source: { ...source, fps: NTSC },
      ranges: [{ start: 0, end: 2 }, { start: 5, end: 7 }],
      crossfadeSec: 0.5,
    });
    expect(graph.crossfadeFrames).toBe(15);
    expect(graph.crossfadeSec).toBeCloseTo(15 / NTSC, 9);
    expect(graph.frames).toBe(60 + 60 - 15);
  });

  it('checks the look and the crossfade before anything runs', () => {
    expect(code(() => buildFilterGraph({ ...base, vertical: { kind: 'crop', box: { x: 1800, y: 0, width: 608, height: 1080 } } }))).toBe('BAD_ARGUMENTS');
    expect(code(() => buildFilterGraph({ ...base, ranges: [{ start: 0, end: 1 }, { start: 2, end: 3 }], crossfadeSec: 0.5 }))).toBe('BAD_ARGUMENTS');
  });

  it('a vertical look replaces the preset and gives 1080×1920', () => {
    const graph = buildFilterGraph({ ...base, vertical: { kind: 'blur' }, preset: '720p' });
    expect([graph.width, graph.height]).toEqual([1080, 1920]);
    expect(graph.filter).toContain('[vj]split=2[vl_bg][vl_fg]');
  });

  it('measure pass: the audio alone into loudnorm with print_format=json', () => {
    const graph = buildFilterGraph({ ...base, ranges: [{ start: 0, end: 2 }, { start: 5, end: 7 }], pass: 'measure' });
    expect(graph.video).toBeNull();
    expect(graph.filter).not.toContain(':v:0');
    expect(graph.filter).toContain('[a0][a1]concat=n=2:v=0:a=1[aj]');
    expect(graph.filter).toMatch(/\[aj\]loudnorm=I=-14:TP=-1:LRA=11:print_format=json\[a\]$/);
    expect(code(() => buildFilterGraph({ ...base, hasAudio: false, pass: 'measure' }))).toBe('BAD_ARGUMENTS');
  });

  it('render pass with a measurement: one linear gain, back to 48 kHz stereo', () => {
    const graph = buildFilterGraph({
      ...base,
      loudness: { inputI: -20.3, inputTp: -11.1, inputLra: 2, inputThresh: -30.3, targetOffset: -0.02 },
    });
    expect(graph.filter).toContain(
      '[aj]loudnorm=I=-14:TP=-1:LRA=11:measured_I=-20.30:measured_TP=-11.10:measured_LRA=2.00:measured_thresh=-30.30:offset=-0.02:linear=true:print_format=none,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[a]',
    );
  });
});
