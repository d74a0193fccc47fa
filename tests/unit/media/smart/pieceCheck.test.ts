import { describe, expect, it } from 'vitest';
import { checkPieceParams, checkPieceStart, createTsScanner, pieceParamsFromJson } from '../../../../main/core/media/smart/pieceCheck';
import type { CopyPiece, EncodePiece } from '../../../../main/core/media/smart/smartPlan';
import type { VideoStreamFacts } from '../../../../main/core/media/smart/videoPackets';

const source: VideoStreamFacts = {
  formatName: 'mpegts', startTimeSec: 1.4, durationSec: 60, codec: 'h264', profile: 'High', level: 31, pixFmt: 'yuv420p',
  width: 1280, height: 720, sar: null, fieldOrder: 'progressive', frameRate: { num: 30, den: 1 },
  colorRange: null, colorSpace: null, colorPrimaries: null, colorTransfer: null, hasAudio: true,
};
const expectOf = (delayFrames = 2, wholePiece = true) => ({ delayFrames, frameSec: 1 / 30, wholePiece });
const copy: CopyPiece = { kind: 'copy', range: 0, from: { pts: 4, dts: 3.933333, sizes: [5000, 900, 400, 410] }, endSec: 6, frames: 3 };
const encoded: EncodePiece = { kind: 'encode', range: 0, firstSec: 3.5, frames: 3, from: { pts: 2, dts: 1.933333, sizes: [] } };
const start = (sizes = [5400, 906, 406], count = 3) => ({
  count,
  packets: sizes.map((size, i) => ({ pts: 1.466667 + i / 30, dts: 1.4 + i / 30, key: i === 0, size })),
});
const params = (over: object = {}) =>
  pieceParamsFromJson({ streams: [{ codec_name: 'h264', profile: 'High', level: 31, width: 1280, height: 720, pix_fmt: 'yuv420p', sample_aspect_ratio: '1:1', ...over }] });

describe('checkPieceStart', () => {
  it('accepts the planned piece (a delimiter added to each copied packet)', () => {
    expect(checkPieceStart(copy, start(), expectOf())).toBeNull();
    expect(checkPieceStart(encoded, start([1, 2, 3], 99), expectOf(2, false))).toBeNull();
  });

  it('says what is wrong', () => {
    expect(checkPieceStart({ ...copy, frames: 4 }, start(), expectOf())).toMatch(/copied frames at 4\.00 s came out as 3 frames instead of 4/);
    expect(checkPieceStart(copy, start([5400, 1906, 406]), expectOf())).toMatch(/do not start with the planned keyframe/);
    expect(checkPieceStart(copy, start(), expectOf(0))).toMatch(/decoded 66\.7 ms ahead instead of 0\.0 ms/);
    const notKey = start();
    notKey.packets[0]!.key = false;
    expect(checkPieceStart(encoded, notKey, expectOf(2, false))).toMatch(/re-encoded frames at 3\.50 s do not start with a keyframe/);
  });
});

describe('checkPieceParams', () => {
  it('accepts the source parameters (an unknown pixel aspect is square)', () => {
    expect(checkPieceParams(copy, params(), source)).toBeNull();
    expect(checkPieceParams(encoded, params({ profile: 'High', sample_aspect_ratio: '0:1' }), source)).toBeNull();
  });

  it('a size that differs means the source changed it; a profile that differs is the encoder', () => {
    expect(checkPieceParams(copy, params({ width: 1920, height: 1080 }), source)).toBe(
      "the video's parameters change within the file (size 1920x1080 instead of 1280x720 at 4.00 s)",
    );
    expect(checkPieceParams(encoded, params({ width: 640, height: 360 }), source)).toMatch(/parameters change within the file \(size 640x360/);
    expect(checkPieceParams(encoded, params({ profile: 'Main' }), source)).toBe('re-encoded frames would not match the source (profile Main instead of High)');
    expect(checkPieceParams(encoded, params({ profile: 'Constrained Baseline' }), { ...source, profile: 'Baseline' })).toBeNull();
  });
});

describe('createTsScanner', () => {
  /** One TS packet of PID 0x100: a PES start with PTS/DTS (and the random access flag), or a continuation. */
  function tsPacket(opts: { start?: { pts: number; dts: number; key: boolean }; payload: number }): Buffer {
    const b = Buffer.alloc(188, 0xff);
    b[0] = 0x47;
    b[1] = (opts.start ? 0x40 : 0) | 0x01;
    b[2] = 0x00;
    let at = 4;
    const body: number[] = [];
    if (opts.start) {
      const ts = (prefix: number, v: number) => [
        (prefix << 4) | (((v / 2 ** 30) & 7) << 1) | 1, (v >> 22) & 0xff, (((v >> 15) & 0x7f) << 1) | 1, (v >> 7) & 0xff, ((v & 0x7f) << 1) | 1,
      ];
      body.push(0, 0, 1, 0xe0, 0, 0, 0x80, 0xc0, 10, ...ts(3, opts.start.pts), ...ts(1, opts.start.dts));
    }
    const payloadBytes = body.length + opts.payload;
    const stuffing = 184 - payloadBytes;
    if (stuffing > 0 || opts.start?.key) {
      // Adaptation field: its length byte, flags (random access), then stuffing.
      const length = Math.max(1, stuffing - 1);
      b[3] = 0x30;
      b[4] = length;
      b[5] = opts.start?.key ? 0x40 : 0x00;
      at = 5 + length;
    } else {
      b[3] = 0x10;
    }
    Buffer.from(body).copy(b, at);
    return b;
  }

  it('counts the frames and reads the first ones: times, keyframe flag, payload size', () => {
    const scanner = createTsScanner(2);
    const packets = [
      tsPacket({ start: { pts: 126_000 + 6000, dts: 126_000, key: true }, payload: 100 }),
      tsPacket({ payload: 160 }),
      tsPacket({ start: { pts: 126_000 + 9000, dts: 129_000, key: false }, payload: 50 }),
      tsPacket({ start: { pts: 126_000 + 3000, dts: 132_000, key: false }, payload: 20 }),
    ];
    scanner.push(Buffer.concat(packets.slice(0, 2)));
    scanner.push(Buffer.concat(packets.slice(2)));
    const result = scanner.end();
    expect(result.count).toBe(3);
    expect(result.packets).toEqual([
      { pts: 1.466667 - 0.000000333, dts: 1.4, key: true, size: 260 },
      { pts: 1.5, dts: 1.433333 + 0.000000333, key: false, size: 50 },
    ].map((p) => ({ ...p, pts: expect.closeTo(p.pts, 5), dts: expect.closeTo(p.dts, 5) })));
  });
});
