import { describe, expect, it } from 'vitest';
import { boxHeader, matroskaDuration, mvhdDuration } from '../../../main/core/media/containerDuration';

function box(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function mvhd(version: 0 | 1, timescale: number, duration: number): Buffer {
  const body = Buffer.alloc(version === 1 ? 108 : 96);
  body[0] = version;
  if (version === 1) {
    body.writeUInt32BE(timescale, 20);
    body.writeBigUInt64BE(BigInt(duration), 24);
  } else {
    body.writeUInt32BE(timescale, 12);
    body.writeUInt32BE(duration, 16);
  }
  return box('mvhd', body);
}

/** EBML element: 4-byte id as written in the spec (or shorter), 8-byte size. */
function el(id: number, body: Buffer, unknownSize = false): Buffer {
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
  const size = Buffer.alloc(8);
  if (unknownSize) size.fill(0xff, 1).writeUInt8(0x01, 0);
  else size.writeBigUInt64BE(BigInt(body.length) | (1n << 56n));
  return Buffer.concat([idBytes, size, body]);
}

const f64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b;
};

describe('boxHeader', () => {
  it('reads 32-bit, 64-bit and to-the-end sizes and rejects impossible ones', () => {
    expect(boxHeader(box('free', Buffer.alloc(4)), 100)).toEqual({ size: 12, type: 'free', headerSize: 8 });
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(5_000_000_000n, 8);
    expect(boxHeader(large, 6_000_000_000)).toEqual({ size: 5_000_000_000, type: 'mdat', headerSize: 16 });
    const toEnd = Buffer.from('00000000' + Buffer.from('mdat').toString('hex'), 'hex');
    expect(boxHeader(toEnd, 1234)).toEqual({ size: 1234, type: 'mdat', headerSize: 8 });
    expect(boxHeader(box('free', Buffer.alloc(4)), 10)).toBeNull();
    expect(boxHeader(Buffer.from([0, 0, 0, 4, 0x66, 0x72, 0x65, 0x65]), 100)).toBeNull();
  });
});

describe('mvhdDuration', () => {
  it('reads version 0 and 1 movie headers, after other boxes', () => {
    expect(mvhdDuration(Buffer.concat([box('iods', Buffer.alloc(8)), mvhd(0, 1000, 8016)]))).toBe(8.016);
    expect(mvhdDuration(mvhd(1, 90000, 90000 * 7200))).toBe(7200);
  });
  it('is null without a header or a duration', () => {
    expect(mvhdDuration(box('trak', Buffer.alloc(16)))).toBeNull();
    expect(mvhdDuration(mvhd(0, 1000, 0))).toBeNull();
    expect(mvhdDuration(mvhd(0, 0, 5))).toBeNull();
  });
});

describe('matroskaDuration', () => {
  const header = el(0x1a45dfa3, Buffer.from('4286810142f7810142f2810442f381084282886d6174726f736b61', 'hex'));
  const info = (scale: number | null, duration: Buffer | null) =>
    el(0x1549a966, Buffer.concat([...(scale === null ? [] : [el(0x2ad7b1, Buffer.from([(scale >> 16) & 0xff, (scale >> 8) & 0xff, scale & 0xff]))]), ...(duration ? [el(0x4489, duration)] : [])]));

  it('reads Segment > Info > Duration in TimestampScale units, past the seek head and padding', () => {
    const segment = el(0x18538067, Buffer.concat([el(0x114d9b74, Buffer.alloc(20)), el(0xec, Buffer.alloc(30)), info(1_000_000, f64(16010))]), true);
    expect(matroskaDuration(Buffer.concat([header, segment]))).toBeCloseTo(16.01, 9);
    const micro = el(0x18538067, info(1000, f64(2_500_000)), true);
    expect(matroskaDuration(Buffer.concat([header, micro]))).toBeCloseTo(2.5, 9);
    const float32 = Buffer.alloc(4);
    float32.writeFloatBE(1500);
    expect(matroskaDuration(Buffer.concat([header, el(0x18538067, info(null, float32))]))).toBeCloseTo(1.5, 6);
  });

  it('is null when the Info has no Duration or comes after a cluster', () => {
    expect(matroskaDuration(Buffer.concat([header, el(0x18538067, info(1_000_000, null))]))).toBeNull();
    expect(matroskaDuration(Buffer.concat([header, el(0x18538067, Buffer.concat([el(0x1f43b675, Buffer.alloc(10)), info(1_000_000, f64(5))]))]))).toBeNull();
    expect(matroskaDuration(Buffer.from('not a matroska file'))).toBeNull();
  });
});
