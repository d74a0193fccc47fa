import { describe, expect, it } from 'vitest';
import {
  mergeWindows,
  normaliseSar,
  parsePacketLines,
  parseRational,
  readIntervals,
  splitRuns,
  streamFactsFromJson,
} from '../../../../main/core/media/smart/videoPackets';

describe('streamFactsFromJson', () => {
  it('takes the first real video stream (not cover art) and the format', () => {
    const facts = streamFactsFromJson({
      streams: [
        { codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } },
        {
          codec_type: 'video', codec_name: 'h264', profile: 'High', level: 42, pix_fmt: 'yuv420p', width: 1920, height: 1080,
          sample_aspect_ratio: '1:1', field_order: 'progressive', r_frame_rate: '60/1', color_space: 'bt709', color_range: 'unknown',
        },
        { codec_type: 'audio', codec_name: 'aac' },
      ],
      format: { format_name: 'mpegts', start_time: '1.400000', duration: '600.5' },
    });
    expect(facts).toMatchObject({
      formatName: 'mpegts', startTimeSec: 1.4, durationSec: 600.5, codec: 'h264', profile: 'High', level: 42,
      frameRate: { num: 60, den: 1 }, colorSpace: 'bt709', colorRange: null, hasAudio: true, sar: '1:1',
    });
    expect(streamFactsFromJson({ streams: [{ codec_type: 'audio' }] })).toBeNull();
  });

  it('parses rates and aspect ratios ffprobe may leave unknown', () => {
    expect(parseRational('30000/1001')).toEqual({ num: 30000, den: 1001 });
    expect(parseRational('0/0')).toBeNull();
    expect([normaliseSar('0:1'), normaliseSar('N/A'), normaliseSar('4:3')]).toEqual([null, null, '4:3']);
  });
});

describe('packet listing', () => {
  it('parses csv lines (MPEG-TS adds side data) onto the plan timeline', () => {
    const packets = parsePacketLines(['packet,1.466667,1.400000,3839,K_,side_data,', '', 'packet,1.600000,N/A,2152,__', 'stream,0'], 1.4);
    expect(packets).toEqual([
      { pts: 0.066667, dts: 0, size: 3839, key: true },
      { pts: 0.2, dts: null, size: 2152, key: false },
    ]);
    expect(parsePacketLines(['packet,N/A,1.0,10,K_'], 0)).toBeNull();
  });

  it('merges near windows and writes read intervals on the file timeline, the first from the start unseeked', () => {
    const merged = mergeWindows([{ from: 20, to: 25 }, { from: 0, to: 3 }, { from: 4, to: 8 }]);
    expect(merged).toEqual([{ from: 0, to: 8 }, { from: 20, to: 25 }]);
    expect(readIntervals(merged, 1.4)).toBe('%9.4,21.4%26.4');
  });

  it('splits runs where the listing seeked: decode times jumping back or by more than a second', () => {
    const p = (dts: number) => ({ pts: dts + 0.066667, dts, size: 1, key: false });
    const runs = splitRuns([p(0), p(0.033), p(0.067), p(5), p(5.033), p(4.9), p(4.933)], true);
    expect(runs.map((r) => [r.packets.length, r.reachesFileEnd])).toEqual([[3, false], [2, false], [2, true]]);
  });
});
