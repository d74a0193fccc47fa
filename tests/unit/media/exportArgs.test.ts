import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import {
  accurateExportArgs,
  COMMON_ARGS,
  concatFilter,
  fastConcatArgs,
  fastPartArgs,
  fitsCommandLine,
  keepSpansExpression,
  MAX_COMMAND_CHARS,
  outputFormatFor,
  partsConcatList,
  referenceAccurateArgs,
  referenceFastArgs,
  referenceFastList,
  seekPrerollSec,
  SEEK_NUDGE_SEC,
  singleRunArgs,
  singleRunList,
} from '../../../main/core/media/exportArgs';
import { ffconcatQuote, secs } from '../../../main/core/media/ffmpegTime';

const video = "/videos/my stream's VOD.mp4";

/** The values following each occurrence of `flag`. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('secs', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [1.5, '1.5'],
    [2.0000001, '2'],
    [3.123456789, '3.123457'],
    [1e-7, '0'],
    [123456.000001, '123456.000001'],
    [-0.5, '0'],
  ])('secs(%d) = %s', (value, text) => expect(secs(value)).toBe(text));
});

describe('outputFormatFor', () => {
  it.each([
    ['/a/reel.mp4', 'mp4'],
    ['/a/REEL.MP4', 'mp4'],
    ['/a/reel.m4v', 'mp4'],
    ['/a/reel.mov', 'mov'],
    ['/a/reel.mkv', 'matroska'],
  ])('%s -> %s', (path, format) => expect(outputFormatFor(path)).toBe(format));

  it('rejects other names', () => {
    for (const path of ['/a/reel.webm', '/a/reel', '/a/reel.mp4.txt']) {
      expect(() => outputFormatFor(path)).toThrow(AppError);
      expect(() => outputFormatFor(path)).toThrow(/\.mp4, \.mov or \.mkv/);
    }
  });
});

describe('accurateExportArgs', () => {
  const ranges = [
    { cutStart: 1.05, cutEnd: 3.55 },
    { cutStart: 10, cutEnd: 13 },
  ];

  it('is one run: a seeking input per range, the concat filter, H.264 + AAC, explicit format', () => {
    const args = accurateExportArgs({ videoPath: video, ranges, hasAudio: true, outPath: '/out/.reel.mp4.partial-1.mp4', format: 'mp4' });
    expect(args.slice(0, COMMON_ARGS.length)).toEqual([...COMMON_ARGS]);
    expect(valuesOf(args, '-i')).toEqual([video, video]);
    expect(valuesOf(args, '-ss')).toEqual(['1.05', '10']);
    expect(valuesOf(args, '-t')).toEqual(['2.5', '3']);
    expect(valuesOf(args, '-filter_complex')).toEqual([
      // The end trimmed by time: -t counts from the first frame kept, after 1.05 s unless a frame is there.
      '[0:v:0]trim=end=2.5,setpts=PTS-STARTPTS[v0];[0:a:0]atrim=end=2.5,asetpts=PTS-STARTPTS[a0];' +
        '[1:v:0]trim=end=3,setpts=PTS-STARTPTS[v1];[1:a:0]atrim=end=3,asetpts=PTS-STARTPTS[a1];[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]',
    ]);
    expect(valuesOf(args, '-map')).toEqual(['[v]', '[a]']);
    expect(valuesOf(args, '-c:v')).toEqual(['libx264']);
    expect(valuesOf(args, '-c:a')).toEqual(['aac']);
    expect(valuesOf(args, '-movflags')).toEqual(['+faststart']);
    expect(args.slice(-3)).toEqual(['-f', 'mp4', '/out/.reel.mp4.partial-1.mp4']);
    // Seeking options must come before the input they apply to.
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
  });

  it('handles a video without audio and Matroska output', () => {
    const args = accurateExportArgs({ videoPath: video, ranges, hasAudio: false, outPath: '/out/x.mkv', format: 'matroska' });
    expect(valuesOf(args, '-filter_complex')[0]).toBe(
      '[0:v:0]trim=end=2.5,setpts=PTS-STARTPTS[v0];[1:v:0]trim=end=3,setpts=PTS-STARTPTS[v1];[v0][v1]concat=n=2:v=1:a=0[v]',
    );
    expect(valuesOf(args, '-map')).toEqual(['[v]']);
    expect(args).not.toContain('-c:a');
    expect(args).not.toContain('-movflags');
    expect(args.slice(-3)).toEqual(['-f', 'matroska', '/out/x.mkv']);
  });

  it('skips empty cuts', () => {
    const args = accurateExportArgs({
      videoPath: video,
      ranges: [{ cutStart: 5, cutEnd: 5 }, ...ranges],
      hasAudio: true,
      outPath: '/o.mp4',
      format: 'mp4',
    });
    expect(valuesOf(args, '-i')).toHaveLength(2);
  });

  it('with a preroll seeks early and trims to the exact cut with absolute ends', () => {
    const args = accurateExportArgs({
      videoPath: video,
      ranges: [{ cutStart: 1, cutEnd: 2 }, { cutStart: 10, cutEnd: 13 }],
      hasAudio: true,
      outPath: '/o.mp4',
      format: 'mp4',
      prerollSec: 3,
    });
    expect(valuesOf(args, '-ss')).toEqual(['0', '7']);
    expect(valuesOf(args, '-t')).toEqual(['2', '6']);
    expect(valuesOf(args, '-filter_complex')[0]).toBe(
      '[0:v:0]trim=start=1:end=2,setpts=PTS-STARTPTS[v0];[0:a:0]atrim=start=1:end=2,asetpts=PTS-STARTPTS[a0];' +
        '[1:v:0]trim=start=3:end=6,setpts=PTS-STARTPTS[v1];[1:a:0]atrim=start=3:end=6,asetpts=PTS-STARTPTS[a1];' +
        '[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]',
    );
  });
});

describe('concatFilter', () => {
  it('joins a single range too', () => {
    expect(concatFilter(1, true)).toBe('[0:v:0]setpts=PTS-STARTPTS[v0];[0:a:0]asetpts=PTS-STARTPTS[a0];[v0][a0]concat=n=1:v=1:a=1[v][a]');
  });
});

describe('seekPrerollSec', () => {
  it('is 0 for containers with an index', () => {
    for (const formatName of ['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'avi']) {
      expect(seekPrerollSec({ formatName, maxKeyframeGapSec: 2 })).toBe(0);
    }
  });
  it('covers the longest GOP plus a margin for MPEG-TS and unknown formats', () => {
    expect(seekPrerollSec({ formatName: 'mpegts', maxKeyframeGapSec: 2 })).toBe(3);
    expect(seekPrerollSec({ formatName: 'flv', maxKeyframeGapSec: null })).toBe(11);
    expect(seekPrerollSec({ formatName: 'mpegts', maxKeyframeGapSec: 500 })).toBe(60);
  });
});

describe('single-run fast export', () => {
  const segments = [
    { inpointSec: 2.000001, outpointSec: 9.5, durationSec: 6, video: { from: 1000, to: 50000 }, audio: { from: 1100, to: 50500 } },
    { inpointSec: 12.000001, outpointSec: null, durationSec: 2, video: { from: 90000, to: null }, audio: { from: 90100, to: null } },
  ];

  it('lists the source once per cut with its seek point, read limit and exact length', () => {
    expect(singleRunList(video, segments)).toBe(
      `ffconcat version 1.0\nfile ${ffconcatQuote(video)}\ninpoint 2.000001\noutpoint 9.5\nduration 6\n` +
        `file ${ffconcatQuote(video)}\ninpoint 12.000001\nduration 2\n`,
    );
  });

  it('keeps packets by byte position, a span without an end running to the end of the file', () => {
    expect(keepSpansExpression(segments.map((s) => s.video))).toBe('not(gte(pos,1000)*lt(pos,50000)+gte(pos,90000))');
  });

  it('is one run over the list: timestamps kept, packets copied, the keep filters escaped for a filter list', () => {
    const args = singleRunArgs({ listPath: '/w/cuts.ffconcat', segments, filterVideo: true, hasAudio: true, outPath: '/o/.r.partial.mp4', format: 'mp4' });
    expect(args.slice(0, COMMON_ARGS.length)).toEqual([...COMMON_ARGS]);
    expect(valuesOf(args, '-seek_timestamp')).toEqual(['1']);
    expect(valuesOf(args, '-ss')).toEqual(['0']);
    expect(valuesOf(args, '-f')).toEqual(['concat', 'mp4']);
    expect(valuesOf(args, '-safe')).toEqual(['0']);
    expect(valuesOf(args, '-auto_convert')).toEqual(['0']);
    expect(valuesOf(args, '-i')).toEqual(['/w/cuts.ffconcat']);
    expect(valuesOf(args, '-map')).toEqual(['0:v:0', '0:a:0']);
    expect(valuesOf(args, '-c')).toEqual(['copy']);
    expect(valuesOf(args, '-bsf:v')).toEqual(['noise=drop=not(gte(pos\\,1000)*lt(pos\\,50000)+gte(pos\\,90000))']);
    expect(valuesOf(args, '-bsf:a')).toEqual(['noise=drop=not(gte(pos\\,1100)*lt(pos\\,50500)+gte(pos\\,90100))']);
    expect(valuesOf(args, '-movflags')).toEqual(['+faststart']);
    expect(args.at(-1)).toBe('/o/.r.partial.mp4');
    // Input options before the input.
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(args.indexOf('-auto_convert')).toBeLessThan(args.indexOf('-i'));
  });

  it('fits a Windows command line for a long reel, not for hundreds of cuts', () => {
    const cuts = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        inpointSec: i * 10,
        outpointSec: i * 10 + 6.5,
        durationSec: 5,
        video: { from: 1_000_000_000 + i * 10_000_000, to: 1_000_000_000 + i * 10_000_000 + 5_000_000 },
        audio: { from: 1_000_000_100 + i * 10_000_000, to: 1_000_000_100 + i * 10_000_000 + 5_000_000 },
      }));
    const args = (n: number) => singleRunArgs({ listPath: '/tmp/x/cuts.ffconcat', segments: cuts(n), filterVideo: true, hasAudio: true, outPath: '/o.mp4', format: 'mp4' });
    expect(fitsCommandLine('/usr/bin/ffmpeg', args(100))).toBe(true);
    expect(fitsCommandLine('/usr/bin/ffmpeg', args(400))).toBe(false);
    expect(args(400).join(' ').length).toBeGreaterThan(MAX_COMMAND_CHARS);
  });

  it('leaves the video unfiltered when the outpoints end it, and has no audio options without audio', () => {
    const args = singleRunArgs({ listPath: '/l', segments, filterVideo: false, hasAudio: false, outPath: '/o.mkv', format: 'matroska' });
    expect(args).not.toContain('-bsf:v');
    expect(args).not.toContain('-bsf:a');
    expect(valuesOf(args, '-map')).toEqual(['0:v:0']);
    expect(args.slice(-3)).toEqual(['-f', 'matroska', '/o.mkv']);
  });
});

describe('fastPartArgs', () => {
  const base = {
    videoPath: video,
    sourceDurationSec: 60,
    reorderDelaySec: 0,
    hasAudio: true,
    outPath: '/parts/part-0001.mp4',
    format: 'mp4' as const,
  };

  it('copies from just after the keyframe, video and audio from separate inputs of the same file', () => {
    const args = fastPartArgs({ ...base, cutStart: 10, cutEnd: 14 });
    expect(valuesOf(args, '-i')).toEqual([video, video]);
    expect(valuesOf(args, '-ss')).toEqual([secs(10 + SEEK_NUDGE_SEC), secs(10 + SEEK_NUDGE_SEC)]);
    // Video stops just before the next keyframe's decode time; audio runs to the cut end.
    expect(valuesOf(args, '-t')).toEqual(['3.998', '3.999']);
    expect(valuesOf(args, '-map')).toEqual(['0:v:0', '1:a:0']);
    expect(valuesOf(args, '-copypriorss:a')).toEqual(['0']);
    expect(valuesOf(args, '-c')).toEqual(['copy']);
    expect(valuesOf(args, '-avoid_negative_ts')).toEqual(['make_zero']);
    expect(args.slice(-3)).toEqual(['-f', 'mp4', '/parts/part-0001.mp4']);
  });

  it('stops the video earlier by the B-frame reorder delay', () => {
    const args = fastPartArgs({ ...base, cutStart: 10, cutEnd: 14, reorderDelaySec: 2 / 30 });
    expect(Number(valuesOf(args, '-t')[0])).toBeCloseTo(4 - 2 / 30 - 2 * SEEK_NUDGE_SEC, 6);
    expect(valuesOf(args, '-t')[1]).toBe('3.999');
  });

  it('does not seek for a cut at 0 and reads to the end for a cut that ends there', () => {
    expect(valuesOf(fastPartArgs({ ...base, cutStart: 0, cutEnd: 4 }), '-ss')).toEqual([]);
    expect(valuesOf(fastPartArgs({ ...base, cutStart: 0, cutEnd: 4 }), '-t')).toEqual(['3.999', '4']);
    expect(valuesOf(fastPartArgs({ ...base, cutStart: 56, cutEnd: 60 }), '-t')).toEqual([]);
    expect(valuesOf(fastPartArgs({ ...base, cutStart: 56, cutEnd: 60, sourceDurationSec: null }), '-t')).toHaveLength(2);
  });

  it('has one input and no audio options without audio', () => {
    const args = fastPartArgs({ ...base, hasAudio: false, cutStart: 10, cutEnd: 14 });
    expect(valuesOf(args, '-i')).toEqual([video]);
    expect(valuesOf(args, '-map')).toEqual(['0:v:0']);
    expect(args).not.toContain('-copypriorss:a');
  });
});

describe('parts list and join', () => {
  it("writes an ffconcat list with each part's exact duration", () => {
    expect(partsConcatList([{ fileName: 'part-0001.mp4', durationSec: 4 }, { fileName: 'part-0002.mp4', durationSec: 2.5 }])).toBe(
      "ffconcat version 1.0\nfile 'part-0001.mp4'\nduration 4\nfile 'part-0002.mp4'\nduration 2.5\n",
    );
  });

  it('quotes paths like a shell', () => {
    expect(ffconcatQuote("/v/it's.mp4")).toBe("'/v/it'\\''s.mp4'");
  });

  it('joins with stream copy into the requested container', () => {
    const args = fastConcatArgs({ listPath: '/parts/parts.ffconcat', hasAudio: true, outPath: '/o/.r.partial', format: 'mov' });
    expect(args.slice(0, COMMON_ARGS.length)).toEqual([...COMMON_ARGS]);
    expect(valuesOf(args, '-f')).toEqual(['concat', 'mov']);
    expect(valuesOf(args, '-i')).toEqual(['/parts/parts.ffconcat']);
    expect(valuesOf(args, '-map')).toEqual(['0:v:0', '0:a:0']);
    expect(valuesOf(args, '-c')).toEqual(['copy']);
    expect(args.at(-1)).toBe('/o/.r.partial');
  });
});

describe('reference commands (benchmark)', () => {
  const ranges = [{ start: 1, end: 2 }, { start: 5, end: 7.5 }];

  it('accurate: the hand-written concat filter command with the same encoder', () => {
    const args = referenceAccurateArgs({ videoPath: video, ranges, outPath: '/o.mp4' });
    expect(valuesOf(args, '-filter_complex')).toEqual(['[0:v:0][0:a:0][1:v:0][1:a:0]concat=n=2:v=1:a=1[v][a]']);
    expect(valuesOf(args, '-preset')).toEqual(valuesOf(accurateExportArgs({ videoPath: video, ranges: [{ cutStart: 1, cutEnd: 2 }], hasAudio: true, outPath: '/x.mp4', format: 'mp4' }), '-preset'));
    expect(args).not.toContain('-progress');
  });

  it('fast: one ffconcat list with inpoint/outpoint, stream copy', () => {
    expect(referenceFastList(video, ranges)).toBe(
      `ffconcat version 1.0\nfile ${ffconcatQuote(video)}\ninpoint 1\noutpoint 2\nfile ${ffconcatQuote(video)}\ninpoint 5\noutpoint 7.5\n`,
    );
    expect(referenceFastArgs('/l.ffconcat', '/o.mp4')).toContain('-safe');
  });
});
