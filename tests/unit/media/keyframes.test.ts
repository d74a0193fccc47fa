import { describe, expect, it } from 'vitest';
import { csvFields, keyframeTimes, medianInterval, parsePacketLine, reorderDelay } from '../../../main/core/media/keyframes';

describe('parsePacketLine', () => {
  it('reads pts and the key flag from MP4 and MPEG-TS listings', () => {
    expect(parsePacketLine('packet,2.000000,K_')).toEqual({ ptsSec: 2, dtsSec: null, key: true });
    expect(parsePacketLine('packet,2.033333,__')).toEqual({ ptsSec: 2.033333, dtsSec: null, key: false });
    expect(parsePacketLine('packet,1.466667,K_,side_data,')).toEqual({ ptsSec: 1.466667, dtsSec: null, key: true });
    expect(parsePacketLine('packet,1.466667,1.400000,K_,side_data,', true)).toEqual({ ptsSec: 1.466667, dtsSec: 1.4, key: true });
    expect(parsePacketLine('packet,0.000000,-0.066667,K_', true)).toEqual({ ptsSec: 0, dtsSec: -0.066667, key: true });
  });

  it('keeps unknown times as null and ignores other lines', () => {
    expect(parsePacketLine('packet,N/A,K_')).toEqual({ ptsSec: null, dtsSec: null, key: true });
    expect(parsePacketLine('format,0.000000')).toBeNull();
    expect(parsePacketLine('')).toBeNull();
    expect(parsePacketLine('side_data,')).toBeNull();
  });
});

describe('csvFields', () => {
  it('splits quoted fields that contain commas', () => {
    expect(csvFields('format,"mov,mp4,m4a,3gp,3g2,mj2",0.000000,20.000000')).toEqual(['format', 'mov,mp4,m4a,3gp,3g2,mj2', '0.000000', '20.000000']);
    expect(csvFields('a,"say ""hi""",')).toEqual(['a', 'say "hi"', '']);
  });
});

describe('keyframeTimes', () => {
  it('keeps keyframes only, relative to the file start, sorted and unique', () => {
    const packets = [
      { ptsSec: 5.445333, dtsSec: null, key: true },
      { ptsSec: 1.445333, dtsSec: null, key: true },
      { ptsSec: 1.478666, dtsSec: null, key: false },
      { ptsSec: 3.445333, dtsSec: null, key: true },
      { ptsSec: 3.445333, dtsSec: null, key: true },
      { ptsSec: null, dtsSec: null, key: true },
    ];
    expect(keyframeTimes(packets, 1.445333)).toEqual([0, 2, 4]);
  });

  it('never gives negative times (a first keyframe before the audio start)', () => {
    expect(keyframeTimes([{ ptsSec: 1.4, dtsSec: null, key: true }], 1.45)).toEqual([0]);
  });
});

describe('reorderDelay', () => {
  it('is pts - dts of keyframes, 0 without B-frames', () => {
    expect(reorderDelay([{ ptsSec: 0, dtsSec: -0.066667, key: true }, { ptsSec: 0.1, dtsSec: -0.033333, key: false }])).toBe(0.066667);
    expect(reorderDelay([{ ptsSec: 2, dtsSec: 2, key: true }])).toBe(0);
    expect(reorderDelay([])).toBe(0);
  });
});

describe('medianInterval', () => {
  it('is the median gap, robust to an odd scene-cut keyframe', () => {
    expect(medianInterval([0, 2, 4, 6, 8])).toBe(2);
    expect(medianInterval([0, 2, 2.5, 4, 6, 8])).toBe(2);
    expect(medianInterval([0, 1, 3])).toBe(1.5);
    expect(medianInterval([0, 0.033333 * 60])).toBe(1.99998);
  });
  it('is null with fewer than two keyframes', () => {
    expect(medianInterval([])).toBeNull();
    expect(medianInterval([3])).toBeNull();
  });
});
