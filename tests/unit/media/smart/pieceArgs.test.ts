import { describe, expect, it } from 'vitest';
import { COMMON_ARGS } from '../../../../main/core/media/exportArgs';
import { audioRunArgs, copyRunArgs, copySeek, encodeRunArgs, joinArgs, piecesConcatList, seekPoint } from '../../../../main/core/media/smart/pieceArgs';
import type { CopyPiece, EncodePiece } from '../../../../main/core/media/smart/smartPlan';

const video = "/videos/my stream's VOD.mp4";
const rate = { num: 30, den: 1 };
const F = 1 / 30;
const key = (pts: number, dts = pts - 2 * F) => ({ pts, dts, sizes: [] });

function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

const head: EncodePiece = { kind: 'encode', range: 0, firstSec: 2.5, frames: 15, from: key(2) };
const tail: EncodePiece = { kind: 'encode', range: 0, firstSec: 6, frames: 9, from: key(6) };
const copy: CopyPiece = { kind: 'copy', range: 0, from: key(3), endSec: 6, frames: 90 };

describe('seekPoint', () => {
  it('lands on the keyframe: just past it where there is an index, a quarter frame before its decode time in MPEG-TS', () => {
    expect(seekPoint(key(2), 'indexed', F)).toBeCloseTo(2.001, 9);
    expect(seekPoint(key(2), 'mpegts', F)).toBeCloseTo(2 - 2 * F - F / 4, 9);
    // Never 0: an unseeked MPEG-TS input would count time from its video, not from the file's start.
    expect(seekPoint(key(0, 0), 'mpegts', F)).toBe(1e-6);
  });
});

describe('encodeRunArgs', () => {
  const args = encodeRunArgs({
    videoPath: video,
    pieces: [head, tail],
    container: 'indexed',
    frameRate: rate,
    sar: '1:1',
    encoder: ['-c:v', 'libx264'],
    threads: 3,
    outPattern: '/w/enc-01-%04d.ts',
  });

  it('one decoder thread per input, the encoder its given threads', () => {
    expect(valuesOf(args, '-threads')).toEqual(['1', '1', '3']);
    expect(args.indexOf('-threads', args.indexOf('-c:v'))).toBeGreaterThan(args.lastIndexOf('-i'));
  });

  it('one input per piece, seeked to its keyframe without dropping it, no time limit', () => {
    expect(args.slice(0, COMMON_ARGS.length)).toEqual([...COMMON_ARGS]);
    expect(valuesOf(args, '-ss')).toEqual(['2.001', '6.001']);
    expect(valuesOf(args, '-i')).toEqual([video, video]);
    expect(args.filter((a) => a === '-noaccurate_seek')).toHaveLength(2);
    expect(args).not.toContain('-t');
  });

  it('trims each piece by time, half a frame around its frames, then numbers the frames on a 1/fps time base', () => {
    const [graph] = valuesOf(args, '-filter_complex');
    // Head: frames at 2.5…2.9667 s, 0.499…0.9657 s after the seek point.
    expect(graph).toBe(
      '[0:v:0]trim=start=0.482333:end=0.982333,setpts=PTS-STARTPTS[v0];' +
        '[1:v:0]trim=start=-0.017667:end=0.282333,setpts=PTS-STARTPTS[v1];' +
        '[v0][v1]concat=n=2:v=1:a=0,settb=1/30,setpts=N,setsar=1/1[v]',
    );
  });

  it('forces an IDR frame where each piece starts and splits the run there into MPEG-TS files', () => {
    expect(valuesOf(args, '-force_key_frames')).toEqual(['0.491667']);
    expect(valuesOf(args, '-segment_times')).toEqual(['0.491667']);
    expect(valuesOf(args, '-forced-idr')).toEqual(['1']);
    expect(valuesOf(args, '-segment_format')).toEqual(['mpegts']);
    expect(valuesOf(args, '-r')).toEqual(['30/1']);
    expect(valuesOf(args, '-fps_mode')).toEqual(['passthrough']);
    expect(args.slice(-1)).toEqual(['/w/enc-01-%04d.ts']);
    expect(args.indexOf('-c:v')).toBeGreaterThan(args.indexOf('-map'));
  });

  it('a single piece needs neither concat nor split points', () => {
    const one = encodeRunArgs({ videoPath: video, pieces: [head], container: 'mpegts', frameRate: { num: 30000, den: 1001 }, sar: null, encoder: [], threads: 2, outPattern: '/w/e-%04d.ts' });
    expect(valuesOf(one, '-filter_complex')[0]).toMatch(/^\[0:v:0\]trim=start=[\d.]+:end=[\d.]+,setpts=PTS-STARTPTS\[v0\];\[v0\]settb=1001\/30000,setpts=N\[v\]$/);
    expect(one).not.toContain('-force_key_frames');
    expect(one).not.toContain('-segment_times');
    expect(valuesOf(one, '-r')).toEqual(['30000/1001']);
  });
});

describe('copyRunArgs', () => {
  it('seeks half a frame before each keyframe, drops what is shown before the seek point, stops after the packet count', () => {
    const first: CopyPiece = { ...copy, from: key(0, -2 * F) };
    const args = copyRunArgs({ videoPath: video, pieces: [copy, first], container: 'indexed', frameRate: rate, outPaths: ['/w/copy-01.ts', '/w/copy-02.ts'] });
    // The one at the file start is not seeked at all.
    expect(valuesOf(args, '-ss')).toEqual(['2.983333']);
    expect(valuesOf(args, '-i')).toEqual([video, video]);
    expect(valuesOf(args, '-copypriorss')).toEqual(['0']);
    expect(valuesOf(args, '-frames:v')).toEqual(['90', '90']);
    expect(valuesOf(args, '-map')).toEqual(['0:v:0', '1:v:0']);
    expect(valuesOf(args, '-c')).toEqual(['copy', 'copy']);
    // Without a seek nothing is shown before the start: no -copypriorss for that one.
    expect(args.slice(-9)).toEqual(['-map', '1:v:0', '-c', 'copy', '-frames:v', '90', '-f', 'mpegts', '/w/copy-02.ts']);
  });

  it('in MPEG-TS by the earlier of presentation and decode time', () => {
    expect(copySeek(copy, 'mpegts', F)).toBeCloseTo(3 - 2 * F - F / 2, 9);
    expect(copySeek(copy, 'indexed', F)).toBeCloseTo(3 - F / 2, 9);
  });
});

describe('piecesConcatList', () => {
  it('gives each piece its frames at the source rate, so every piece starts at its exact time', () => {
    // 29.97 fps: 1 frame = 33366.67 µs. Rounding each duration would drift; rounding each start does not.
    const list = piecesConcatList(
      [
        { fileName: 'enc-01-0000.ts', frames: 1 },
        { fileName: 'copy-01.ts', frames: 1 },
        { fileName: 'enc-01-0001.ts', frames: 1 },
      ],
      { num: 30000, den: 1001 },
    );
    expect(list).toBe(
      "ffconcat version 1.0\nfile 'enc-01-0000.ts'\nduration 0.033367\nfile 'copy-01.ts'\nduration 0.033366\nfile 'enc-01-0001.ts'\nduration 0.033367\n",
    );
  });
});

describe('audioRunArgs', () => {
  const ranges = [
    { range: 0, firstSec: 12.5, frames: 90 },
    { range: 1, firstSec: 0.5, frames: 30 },
  ];

  it("cuts each range's audio to its frames' times, joins them and encodes them once, to MP4", () => {
    const args = audioRunArgs({ videoPath: video, ranges, frameRate: rate, outPath: '/w/audio.m4a' });
    expect(valuesOf(args, '-i')).toEqual([video, video]);
    // Seeked 2 s early (or from the very start), trimmed to each range's frames exactly.
    expect(valuesOf(args, '-ss')).toEqual(['10.5', '0.000001']);
    expect(args.filter((a) => a === '-vn')).toHaveLength(2);
    expect(valuesOf(args, '-filter_complex')).toEqual([
      '[0:a:0]atrim=start=2:end=5,asetpts=PTS-STARTPTS[a0];[1:a:0]atrim=start=0.499999:end=1.499999,asetpts=PTS-STARTPTS[a1];' +
        '[a0][a1]concat=n=2:v=0:a=1[a]',
    ]);
    expect(valuesOf(args, '-c:a')).toEqual(['aac']);
    expect(args.slice(-3)).toEqual(['-f', 'mp4', '/w/audio.m4a']);
  });

  it('one range needs no concat filter', () => {
    const args = audioRunArgs({ videoPath: video, ranges: [ranges[0]!], frameRate: rate, outPath: '/w/a.m4a' });
    expect(valuesOf(args, '-filter_complex')).toEqual(['[0:a:0]atrim=start=2:end=5,asetpts=PTS-STARTPTS[a]']);
  });
});

describe('joinArgs', () => {
  it('copies the pieces and the audio into the reel, moov first', () => {
    const args = joinArgs({ listPath: '/w/pieces.ffconcat', audioPath: '/w/audio.m4a', outPath: '/o/.r.partial.mp4', format: 'mp4' });
    expect(valuesOf(args, '-f')).toEqual(['concat', 'mp4']);
    expect(valuesOf(args, '-i')).toEqual(['/w/pieces.ffconcat', '/w/audio.m4a']);
    expect(valuesOf(args, '-map')).toEqual(['0:v:0', '1:a:0']);
    expect(valuesOf(args, '-c')).toEqual(['copy']);
    expect(valuesOf(args, '-movflags')).toEqual(['+faststart']);
    expect(args.slice(-1)).toEqual(['/o/.r.partial.mp4']);
  });

  it('without audio, and to Matroska', () => {
    const args = joinArgs({ listPath: '/w/l', audioPath: null, outPath: '/o/r.mkv', format: 'matroska' });
    expect(valuesOf(args, '-i')).toEqual(['/w/l']);
    expect(valuesOf(args, '-map')).toEqual(['0:v:0']);
    expect(args).not.toContain('-movflags');
  });
});
