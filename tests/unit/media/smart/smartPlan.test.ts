import { describe, expect, it } from 'vitest';
import { decodablePrefix, openGopAt, pieceFrames, planSmart, type CopyPiece, type EncodePiece } from '../../../../main/core/media/smart/smartPlan';
import { oneRun, synthPackets } from './packets';

const F = 1 / 30;
// 10 s at 30 fps, a keyframe every 2 s (frames 0, 60, 120, …), B-frames: decode delay 2 frames.
const packets = synthPackets({ frames: 300, gop: 60 });
const plan = (cuts: { cutStart: number; cutEnd: number }[], runs = oneRun(packets)) => planSmart({ cuts, runs, frameSec: F });
const frame = (sec: number) => Math.round(sec * 30);

describe('planSmart', () => {
  it('re-encodes the head and the last few frames, copies the rest', () => {
    const result = plan([{ cutStart: 2.5, cutEnd: 7.3 }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [head, copy, tail] = result.plan.pieces as [EncodePiece, CopyPiece, EncodePiece];
    // Frames 75…218: head 75…119 decoded from 60; copy from 120 through the last group of B-frames that
    // ends before 219 (in decode order 180, 183, 181, 182, …, 216, 214, 215: frames 180…216); the tail
    // 217…218 re-encoded, decoded from 180.
    expect([head.kind, frame(head.firstSec), head.frames, frame(head.from.pts)]).toEqual(['encode', 75, 45, 60]);
    expect([copy.kind, frame(copy.from.pts), copy.frames, frame(copy.endSec)]).toEqual(['copy', 120, 97, 217]);
    expect([tail.kind, frame(tail.firstSec), tail.frames, frame(tail.from.pts)]).toEqual(['encode', 217, 2, 180]);
    expect(result.plan.ranges).toEqual([{ range: 0, firstSec: 2.5, frames: 144 }]);
    expect(result.plan.delayFrames).toBe(2);
    expect(pieceFrames(result.plan)).toEqual({ encoded: 47, copied: 97 });
    // The copy's keyframe is recognised by its packets' sizes (frames 120, 123, 121, 122, 126).
    expect(copy.from.sizes).toEqual([1120, 1123, 1121, 1122, 1126]);
    // Its decode time, for MPEG-TS seeks: two frames before it is shown.
    expect(copy.from.dts).toBeCloseTo(4 - 2 * F, 6);
  });

  it('copies a range that starts and ends on keyframes without re-encoding anything', () => {
    const result = plan([{ cutStart: 2, cutEnd: 6 }]);
    expect(result.ok && result.plan.pieces.map((p) => [p.kind, p.frames])).toEqual([['copy', 120]]);
  });

  it('re-encodes a range without a keyframe inside whole, from the keyframe before it', () => {
    const result = plan([{ cutStart: 2.5, cutEnd: 3.5 }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [piece] = result.plan.pieces as [EncodePiece];
    expect(result.plan.pieces).toHaveLength(1);
    expect([piece.kind, frame(piece.firstSec), piece.frames, frame(piece.from.pts)]).toEqual(['encode', 75, 30, 60]);
  });

  it('copies from a single keyframe inside a range as far as its B-frame groups allow', () => {
    const result = plan([{ cutStart: 1.5, cutEnd: 2.5 }]);
    expect(result.ok && result.plan.pieces.map((p) => [p.kind, p.frames])).toEqual([
      ['encode', 15],
      ['copy', 13],
      ['encode', 2],
    ]);
  });

  it('copies a tail whole when there are no B-frames', () => {
    const result = plan([{ cutStart: 2.5, cutEnd: 7.3 }], oneRun(synthPackets({ frames: 300, gop: 60, group: 1 })));
    expect(result.ok && result.plan.pieces.map((p) => [p.kind, p.frames])).toEqual([
      ['encode', 45],
      ['copy', 99],
    ]);
  });

  it('counts frames as accurate mode does: shown at or after the start, before the end, within a millisecond', () => {
    const result = plan([{ cutStart: 2.0333334, cutEnd: 2.1 - 0.0004 }]);
    expect(result.ok && result.plan.ranges).toEqual([{ range: 0, firstSec: 2.033333, frames: 2 }]);
  });

  it('keeps the reel order, and leaves out a range that holds no frame', () => {
    const result = plan([
      { cutStart: 5, cutEnd: 6 },
      { cutStart: 3.01, cutEnd: 3.02 },
      { cutStart: 1, cutEnd: 2 },
    ]);
    expect(result.ok && result.plan.ranges.map((r) => [r.range, frame(r.firstSec), r.frames])).toEqual([
      [0, 150, 30],
      [2, 30, 30],
    ]);
    expect(result.ok && result.plan.pieces.map((p) => p.range)).toEqual([0, 2]);
  });

  it('works on a timeline that does not start at 0 (MPEG-TS: the audio starts first)', () => {
    const shifted = synthPackets({ frames: 300, gop: 60, offsetSec: 0.021334 });
    const result = plan([{ cutStart: 4, cutEnd: 8 }], oneRun(shifted));
    // Frame 120 is shown at 4.021 s, frame 240 (a keyframe) at 8.021 s: frames 120…239, all copied.
    expect(result.ok && result.plan.pieces.map((p) => [p.kind, p.frames])).toEqual([['copy', 120]]);
  });

  it('without B-frames the decode delay is 0', () => {
    const result = plan([{ cutStart: 2.5, cutEnd: 7.3 }], oneRun(synthPackets({ frames: 300, gop: 60, group: 1 })));
    expect(result.ok && result.plan.delayFrames).toBe(0);
  });

  it('refuses a variable frame rate, naming where', () => {
    const gap = packets.filter((p) => Math.round(p.pts * 30) !== 100);
    const result = plan([{ cutStart: 2.5, cutEnd: 7.3 }], oneRun(gap));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/frame rate is not constant .*66\.7 ms apart at 3\.30 s/) });
  });

  it('refuses open GOPs', () => {
    const open = synthPackets({ frames: 300, gop: 60, open: true });
    const result = plan([{ cutStart: 2.5, cutEnd: 7.3 }], oneRun(open));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/open GOPs/) });
    expect(openGopAt(open, open.findIndex((p) => p.key && p.pts > 1))).toMatch(/keyframe at 2\.00 s/);
    expect(openGopAt(packets, packets.findIndex((p) => p.key && p.pts > 1))).toBeNull();
  });

  it('refuses a decode delay that changes within the file', () => {
    // The second half as if encoded without B-frames (delay 0).
    const mixed = [...synthPackets({ frames: 150, gop: 60 }), ...synthPackets({ frames: 150, gop: 60, group: 1, offsetSec: 5 })];
    const result = plan([
      { cutStart: 0.5, cutEnd: 4.5 },
      { cutStart: 6.5, cutEnd: 9.5 },
    ], oneRun(mixed));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/B-frame delay changes/) });
  });

  it('asks for more listing before a range whose listing starts after its keyframe', () => {
    // The listing begins (in decode order) just after keyframe 60.
    const late = packets.slice(packets.findIndex((p) => Math.round(p.pts * 30) === 60) + 1);
    const result = plan([
      { cutStart: 0.5, cutEnd: 1 },
      { cutStart: 2.5, cutEnd: 3.5 },
    ], [{ packets: packets.slice(0, 40), reachesFileEnd: false }, { packets: late, reachesFileEnd: false }]);
    expect(result).toMatchObject({ ok: false, lookback: [1] });
  });

  it('refuses a range the listing does not reach the end of', () => {
    const result = plan([{ cutStart: 2.5, cutEnd: 7.3 }], oneRun(packets.slice(0, 150)));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/could not be listed/) });
  });

  it('cuts to the end of the file when the listing reaches it', () => {
    const result = plan([{ cutStart: 8.5, cutEnd: 10 }], oneRun(packets, true));
    expect(result.ok && result.plan.ranges).toEqual([{ range: 0, firstSec: 8.5, frames: 45 }]);
  });

  it('refuses frames stored in an order that is not a closed group', () => {
    // Frame 150 (inside the copied GOPs) moved after keyframe 180 in decode order (as far as the
    // listing shows, a frame of that GOP shown before its keyframe).
    const moved = [...packets];
    const i = moved.findIndex((p) => Math.round(p.pts * 30) === 150);
    const [p150] = moved.splice(i, 1);
    moved.splice(moved.findIndex((p) => Math.round(p.pts * 30) === 180) + 1, 0, p150!);
    const result = plan([{ cutStart: 2.5, cutEnd: 7.3 }], oneRun(moved));
    expect(result.ok).toBe(false);
  });
});

describe('decodablePrefix', () => {
  // One GOP of 7 in decode order: 0 (key), 3, 1, 2, 6, 4, 5.
  const gop = synthPackets({ frames: 14, gop: 7 });
  const byPts = gop.map((p, decodeIndex) => ({ pts: p.pts, decodeIndex })).sort((a, b) => a.pts - b.pts);
  it('is the longest run of packets in decode order that shows frames key… without a gap, before the end', () => {
    expect([7, 6, 4, 3, 1].map((end) => decodablePrefix(gop, 0, byPts, 0, end))).toEqual([7, 4, 4, 1, 1]);
    // The second GOP (keyframe 7, decoded 8th).
    expect(decodablePrefix(gop, 7, byPts, 7, 14)).toBe(7);
  });
});
