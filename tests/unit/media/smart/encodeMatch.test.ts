import { describe, expect, it } from 'vitest';
import { encoderArgs, hevcLevel } from '../../../../main/core/media/smart/encodeMatch';
import { containerKind, sourceCheck } from '../../../../main/core/media/smart/sourceCheck';
import type { VideoStreamFacts } from '../../../../main/core/media/smart/videoPackets';

const h264: VideoStreamFacts = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  startTimeSec: 0,
  durationSec: 600,
  codec: 'h264',
  profile: 'High',
  level: 40,
  pixFmt: 'yuv420p',
  width: 1920,
  height: 1080,
  sar: '1:1',
  fieldOrder: 'progressive',
  frameRate: { num: 30, den: 1 },
  colorRange: 'tv',
  colorSpace: 'bt709',
  colorPrimaries: 'bt709',
  colorTransfer: 'bt709',
  hasAudio: true,
};
const hevc: VideoStreamFacts = { ...h264, codec: 'hevc', profile: 'Main 10', level: 93, pixFmt: 'yuv420p10le', colorRange: null, colorSpace: null, colorPrimaries: null, colorTransfer: null };

function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('encoderArgs', () => {
  it('H.264: x264 with the source profile, level, pixel format and colours, B-frames giving its decode delay', () => {
    const match = encoderArgs(h264, 2);
    expect(match.ok).toBe(true);
    if (!match.ok) return;
    expect(valuesOf(match.args, '-c:v')).toEqual(['libx264']);
    expect(valuesOf(match.args, '-profile:v')).toEqual(['high']);
    expect(valuesOf(match.args, '-level:v')).toEqual(['40']);
    expect(valuesOf(match.args, '-pix_fmt')).toEqual(['yuv420p']);
    expect(valuesOf(match.args, '-bf')).toEqual(['3']);
    expect(valuesOf(match.args, '-x264-params')).toEqual(['deblock=0,0:aq-mode=1:cabac=1:8x8dct=1:sps-id=1:b-pyramid=normal']);
    expect(valuesOf(match.args, '-colorspace')).toEqual(['bt709']);
    expect(valuesOf(match.args, '-color_range')).toEqual(['tv']);
  });

  it('one frame of delay is B-frames without pyramid, none is no B-frames', () => {
    const one = encoderArgs(h264, 1);
    const none = encoderArgs({ ...h264, profile: 'Constrained Baseline' }, 0);
    expect(one.ok && valuesOf(one.args, '-x264-params')).toEqual(['deblock=0,0:aq-mode=1:cabac=1:8x8dct=1:sps-id=1:b-pyramid=none']);
    expect(none.ok && [valuesOf(none.args, '-profile:v'), valuesOf(none.args, '-bf'), valuesOf(none.args, '-x264-params')]).toEqual([
      ['baseline'],
      ['0'],
      ['deblock=0,0:aq-mode=1:sps-id=1'],
    ]);
    // Main has CABAC but no 8x8 transform (x264 would signal High).
    const main = encoderArgs({ ...h264, profile: 'Main' }, 2);
    expect(main.ok && valuesOf(main.args, '-x264-params')).toEqual(['deblock=0,0:aq-mode=1:cabac=1:sps-id=1:b-pyramid=normal']);
  });

  it('HEVC: x265 with in-band parameter sets, closed GOPs, the source level', () => {
    const match = encoderArgs(hevc, 2);
    expect(match.ok).toBe(true);
    if (!match.ok) return;
    expect(valuesOf(match.args, '-c:v')).toEqual(['libx265']);
    expect(valuesOf(match.args, '-profile:v')).toEqual(['main10']);
    expect(valuesOf(match.args, '-x265-params')).toEqual(['log-level=error:repeat-headers=1:open-gop=0:bframes=3:b-pyramid=1:level-idc=3.1']);
    expect(match.args).not.toContain('-colorspace');
  });

  it('says why it cannot match', () => {
    expect(encoderArgs(h264, 3)).toMatchObject({ ok: false, reason: expect.stringMatching(/B-frame delay \(3 frames\)/) });
    expect(encoderArgs({ ...h264, profile: 'Extended' }, 0)).toMatchObject({ ok: false, reason: expect.stringMatching(/Extended/) });
    expect(encoderArgs({ ...h264, profile: 'Baseline' }, 2)).toMatchObject({ ok: false, reason: expect.stringMatching(/Baseline .*B-frames/) });
    expect(encoderArgs({ ...hevc, profile: 'Rext' }, 0)).toMatchObject({ ok: false });
  });

  it('hevcLevel turns general_level_idc into x265 levels', () => {
    expect([hevcLevel(60), hevcLevel(93), hevcLevel(120), hevcLevel(153)]).toEqual(['2', '3.1', '4', '5.1']);
  });
});

describe('sourceCheck', () => {
  it('accepts H.264 and HEVC in MP4, MOV, Matroska and MPEG-TS', () => {
    expect(sourceCheck(h264)).toBeNull();
    expect(sourceCheck({ ...hevc, formatName: 'mpegts' })).toBeNull();
    expect(sourceCheck({ ...h264, formatName: 'matroska,webm' })).toBeNull();
    expect(containerKind('mpegts')).toBe('mpegts');
    expect(containerKind('mov,mp4,m4a,3gp,3g2,mj2')).toBe('indexed');
    expect(containerKind('avi')).toBeNull();
  });

  it('names what it cannot cut', () => {
    expect(sourceCheck({ ...h264, codec: 'mpeg4' })).toMatch(/H\.264 and HEVC.*MPEG-4 Part 2/);
    expect(sourceCheck({ ...h264, codec: 'vp9', formatName: 'matroska,webm' })).toMatch(/VP9/);
    expect(sourceCheck({ ...h264, formatName: 'avi' })).toMatch(/avi/);
    expect(sourceCheck({ ...h264, fieldOrder: 'tt' })).toMatch(/interlaced/);
    expect(sourceCheck({ ...h264, pixFmt: 'yuv410p' })).toMatch(/pixel format/);
    expect(sourceCheck({ ...hevc, pixFmt: 'yuv444p12le' })).toMatch(/pixel format/);
    expect(sourceCheck({ ...h264, frameRate: null })).toMatch(/frame rate/);
    expect(sourceCheck({ ...h264, profile: null })).toMatch(/profile/);
  });
});
