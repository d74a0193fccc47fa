import { describe, expect, it } from 'vitest';
import {
  buildCutMap,
  cutsByPosition,
  listingCutInfo,
  listingIntervals,
  parsePacketListing,
  READ_AHEAD_SEC,
  UNDATED_PREROLL_SEC,
  type ListedPacket,
  type PacketListing,
} from '../../../main/core/media/cutMap';
import { looksLikeMpegTs } from '../../../main/core/media/cutPackets';

const FRAME = 1 / 30;
const AUDIO = 1024 / 48000;

/**
 * A synthetic MP4-like file: 30 fps video with a keyframe every 2 s, optional B-frame delay (decode
 * times `delay` before presentation), AAC audio; packets interleaved by decode time, each with its own
 * byte position (video 1000 bytes, audio 100). Times on the file's own timeline (`start` added).
 */
function synthetic(
  opts: { seconds?: number; delay?: number; audio?: boolean; start?: number; format?: string; audioStoredEarlySec?: number } = {},
): PacketListing {
  const seconds = opts.seconds ?? 20;
  const delay = opts.delay ?? 0;
  const start = opts.start ?? 0;
  const items: { dts: number; packet: Omit<ListedPacket, 'pos'>; size: number }[] = [];
  const frames = Math.round(seconds / FRAME);
  for (let n = 0; n < frames; n++) {
    // Decode order n; with B-frames the shown time is reordered inside each 3-frame group.
    const pts = delay > 0 && n % 60 !== 0 ? (n % 3 === 1 ? n + 1 : n % 3 === 2 ? n - 1 : n) * FRAME : n * FRAME;
    const dts = n * FRAME - delay;
    items.push({ dts, size: 1000, packet: { kind: 'video', ptsSec: round(pts + start), dtsSec: round(dts + start), key: n % 60 === 0 } });
  }
  if (opts.audio ?? true) {
    for (let k = 0; k * AUDIO < seconds; k++) {
      const t = k * AUDIO;
      const stored = t - (opts.audioStoredEarlySec ?? 0);
      items.push({ dts: stored, size: 100, packet: { kind: 'audio', ptsSec: round(t + start), dtsSec: round(t + start), key: true } });
    }
  }
  items.sort((a, b) => a.dts - b.dts || (a.packet.kind === 'video' ? -1 : 1));
  let pos = 48;
  const packets = items.map((item) => {
    const p = { ...item.packet, pos };
    pos += item.size;
    return p;
  });
  return {
    formatName: opts.format ?? 'mov,mp4,m4a,3gp,3g2,mj2',
    startTimeSec: start,
    durationSec: seconds,
    hasAudioStream: opts.audio ?? true,
    extraStreams: 0,
    packets,
  };
}

function round(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}

const posOf = (listing: PacketListing, kind: 'video' | 'audio', test: (p: ListedPacket) => boolean) =>
  listing.packets.find((p) => p.kind === kind && test(p))?.pos;
const near = (a: number | null, b: number) => a !== null && Math.abs(a - b) < 1e-6;

describe('cutsByPosition', () => {
  it('accepts indexed containers only', () => {
    expect(cutsByPosition('mov,mp4,m4a,3gp,3g2,mj2')).toBe(true);
    expect(cutsByPosition('matroska,webm')).toBe(true);
    for (const name of ['mpegts', 'flv', 'avi', 'unknown']) expect(cutsByPosition(name)).toBe(false);
  });
});

describe('listingIntervals', () => {
  it('places a window after every cut point on the file timeline, none at the end of the file', () => {
    expect(listingIntervals([{ cutStart: 2, cutEnd: 8 }, { cutStart: 12, cutEnd: 20 }], 0, 20)).toBe('2%3,8%9,12%13');
    expect(listingIntervals([{ cutStart: 0, cutEnd: 4 }], 1.4, null)).toBe('1.4%2.4,5.4%6.4');
  });

  it('lists in file order for a reel out of time order, with a few packets from where its first entry is read', () => {
    expect(listingIntervals([{ cutStart: 12, cutEnd: 20 }, { cutStart: 2, cutEnd: 8 }], 0, 20)).toBe('2%3,8%9,11.998%+#16,12%13');
  });
});

describe('parsePacketListing', () => {
  it('reads packets, classifies the first video and audio streams and the format line', () => {
    const listing = parsePacketListing([
      'packet,1,1.445333,1.445333,564,K_,side_data,',
      'packet,0,1.466667,1.400000,2256,K_',
      'packet,1,1.466667,1.466667,N/A,K_',
      'packet,2,0.000000,N/A,9000,K_',
      'packet,0,1.566667,1.433333,3000,__',
      '',
      'stream,0,video',
      'stream,1,audio',
      'stream,2,audio',
      'format,"mov,mp4,m4a,3gp,3g2,mj2",1.445333,20.021334',
    ]);
    expect(listing).toMatchObject({ formatName: 'mov,mp4,m4a,3gp,3g2,mj2', startTimeSec: 1.445333, durationSec: 20.021334, hasAudioStream: true, extraStreams: 1 });
    expect(listing.packets).toEqual([
      { kind: 'audio', ptsSec: 1.445333, dtsSec: 1.445333, pos: 564, key: true },
      { kind: 'video', ptsSec: 1.466667, dtsSec: 1.4, pos: 2256, key: true },
      { kind: 'audio', ptsSec: 1.466667, dtsSec: 1.466667, pos: null, key: true },
      { kind: 'other', ptsSec: 0, dtsSec: null, pos: 9000, key: true },
      { kind: 'video', ptsSec: 1.566667, dtsSec: 1.433333, pos: 3000, key: false },
    ]);
  });

  it('knows a file without audio', () => {
    expect(parsePacketListing(['stream,0,video', 'format,matroska,0.000000,N/A'])).toMatchObject({
      formatName: 'matroska',
      durationSec: null,
      hasAudioStream: false,
      extraStreams: 0,
    });
  });
});

describe('buildCutMap', () => {
  const cuts = [
    { cutStart: 2, cutEnd: 8 },
    { cutStart: 12, cutEnd: 14 },
  ];

  it('keeps the video from the keyframe at the start to the one at the end, the audio from the start to the end', () => {
    const listing = synthetic();
    const map = buildCutMap({ cuts, listing, hasAudio: true });
    if (!map.ok) throw new Error(map.reason);
    expect(map.segments).toHaveLength(2);
    for (const [i, cut] of cuts.entries()) {
      const segment = map.segments[i]!;
      expect(segment.video).toEqual({
        from: posOf(listing, 'video', (p) => p.key && near(p.ptsSec, cut.cutStart)),
        to: posOf(listing, 'video', (p) => p.key && near(p.ptsSec, cut.cutEnd)),
      });
      // The first audio packet starting at or after each point.
      expect(segment.audio).toEqual({
        from: posOf(listing, 'audio', (p) => (p.ptsSec as number) >= cut.cutStart - 1e-6),
        to: posOf(listing, 'audio', (p) => (p.ptsSec as number) >= cut.cutEnd - 1e-6),
      });
      expect(segment.inpointSec).toBeCloseTo(cut.cutStart, 5);
      expect(segment.inpointSec).toBeGreaterThan(cut.cutStart);
      expect(segment.durationSec).toBe(cut.cutEnd - cut.cutStart);
    }
  });

  it('without B-frames, ends each entry by its outpoint just before the next keyframe and filters no video', () => {
    const map = buildCutMap({ cuts, listing: synthetic(), hasAudio: true });
    if (!map.ok) throw new Error(map.reason);
    expect(map.filterVideo).toBe(false);
    expect(map.segments.map((s) => s.outpointSec)).toEqual([8 - 1e-6, 14 - 1e-6]);
  });

  it('with B-frames, reads ahead and filters the video: no single outpoint fits both streams', () => {
    const map = buildCutMap({ cuts, listing: synthetic({ delay: 2 * FRAME }), hasAudio: true });
    if (!map.ok) throw new Error(map.reason);
    expect(map.filterVideo).toBe(true);
    expect(map.segments.map((s) => s.outpointSec)).toEqual([8 + READ_AHEAD_SEC, 14 + READ_AHEAD_SEC]);

    // Even when every kept audio packet is stored before the keyframes that end the cuts.
    const listing = synthetic({ delay: 2 * FRAME, audioStoredEarlySec: 0.1 });
    for (const end of [8, 14]) {
      const key = listing.packets.find((p) => p.kind === 'video' && p.key && near(p.ptsSec, end))!;
      const lastAudio = listing.packets.filter((p) => p.kind === 'audio' && (p.ptsSec as number) < end).at(-1)!;
      expect(lastAudio.pos).toBeLessThan(key.pos!);
    }
    expect(buildCutMap({ cuts, listing, hasAudio: true })).toMatchObject({ ok: true, filterVideo: true });
  });

  it('filters the video when another stream could end an entry early, or unmapped audio could', () => {
    expect(buildCutMap({ cuts, listing: { ...synthetic(), extraStreams: 1 }, hasAudio: true })).toMatchObject({ ok: true, filterVideo: true });
    expect(buildCutMap({ cuts, listing: synthetic(), hasAudio: false })).toMatchObject({ ok: true, filterVideo: true });
    expect(buildCutMap({ cuts, listing: synthetic({ audio: false }), hasAudio: false })).toMatchObject({ ok: true, filterVideo: false });
  });

  it('filters the video when the last kept audio packet is stored after the keyframe that ends the cut', () => {
    const listing = synthetic();
    const key8 = listing.packets.find((p) => p.kind === 'video' && p.key && near(p.ptsSec, 8))!;
    const lastAudio = listing.packets.filter((p) => p.kind === 'audio' && (p.ptsSec as number) < 8).at(-1)!;
    // Swap their places in the file.
    [key8.pos, lastAudio.pos] = [lastAudio.pos, key8.pos];
    const map = buildCutMap({ cuts, listing, hasAudio: true });
    expect(map).toMatchObject({ ok: true, filterVideo: true });
  });

  it('filters the video when the first audio packet past the cut end is stored before its keyframe', () => {
    // Audio stored a little early: the packet starting at 8 s comes before the keyframe at 8 s.
    const listing = synthetic({ audioStoredEarlySec: 0.01 });
    const key8 = listing.packets.find((p) => p.kind === 'video' && p.key && near(p.ptsSec, 8))!;
    const firstAfter = listing.packets.find((p) => p.kind === 'audio' && (p.ptsSec as number) >= 8)!;
    expect(firstAfter.pos).toBeLessThan(key8.pos!);
    expect(buildCutMap({ cuts, listing, hasAudio: true })).toMatchObject({ ok: true, filterVideo: true });
  });

  it('puts the plan back on the file timeline when the file does not start at 0', () => {
    const map = buildCutMap({ cuts, listing: synthetic({ start: 1.4, format: 'matroska,webm' }), hasAudio: true });
    if (!map.ok) throw new Error(map.reason);
    expect(map.segments[0]!.inpointSec).toBeCloseTo(3.4, 5);
    expect(map.segments[0]!.outpointSec).toBeCloseTo(9.4, 5);
  });

  it('reads to the end of the file for a cut that ends there, from its start for one that starts there', () => {
    const map = buildCutMap({ cuts: [{ cutStart: 0, cutEnd: 4 }, { cutStart: 16, cutEnd: 20 }], listing: synthetic(), hasAudio: true });
    if (!map.ok) throw new Error(map.reason);
    expect(map.segments[0]!.audio!.from).toBe(posOf(synthetic(), 'audio', () => true));
    expect(map.segments[1]).toMatchObject({ outpointSec: null, video: { to: null }, audio: { to: null } });
  });

  it('joins cuts that touch into one entry, so no entry reads packets of another', () => {
    const listing = synthetic({ delay: 2 * FRAME });
    const map = buildCutMap({ cuts: [{ cutStart: 2, cutEnd: 6 }, { cutStart: 6, cutEnd: 8 }, { cutStart: 12, cutEnd: 14 }], listing, hasAudio: true });
    if (!map.ok) throw new Error(map.reason);
    expect(map.segments.map((s) => s.durationSec)).toEqual([6, 2]);
    expect(map.segments[0]!.video).toEqual({
      from: posOf(listing, 'video', (p) => p.key && near(p.ptsSec, 2)),
      to: posOf(listing, 'video', (p) => p.key && near(p.ptsSec, 8)),
    });
  });

  it('stops reading ahead before the next entry\'s first keyframe is decoded', () => {
    const delay = 2 * FRAME;
    const map = buildCutMap({ cuts: [{ cutStart: 2, cutEnd: 4 }, { cutStart: 6, cutEnd: 8 }], listing: synthetic({ delay }), hasAudio: true, readAheadSec: 5 });
    if (!map.ok) throw new Error(map.reason);
    expect(map.segments[0]!.outpointSec).toBeCloseTo(6 - delay, 5);
    expect(map.segments[0]!.outpointSec).toBeLessThan(6 - delay);
  });

  it('without decode times (Matroska), seeks later entries a hair early; the lengths keep every cut in place', () => {
    const listing = synthetic({ delay: 2 * FRAME, format: 'matroska,webm' });
    // After a seek the first frames have no decode time.
    listing.packets = listing.packets.map((p) => (p.kind === 'video' && p.key ? { ...p, dtsSec: null } : p));
    const threeCuts = [...cuts, { cutStart: 16, cutEnd: 18 }];
    const map = buildCutMap({ cuts: threeCuts, listing, hasAudio: true });
    if (!map.ok) throw new Error(map.reason);
    expect(map.filterVideo).toBe(true);
    const p = UNDATED_PREROLL_SEC;
    expect(map.segments.map((s) => Math.round((s.inpointSec - 1e-6) * 1e6) / 1e6)).toEqual([2, 12 - p, 16 - p]);
    // Entry k starts at the sum of the previous durations; its cut is `p` later: 0, 6, 8.
    expect(map.segments.map((s) => s.durationSec)).toEqual([6 - p, 2, 2 + p]);
    // Video positions are still those of the keyframes themselves.
    expect(map.segments[1]!.video.from).toBe(posOf(listing, 'video', (q) => q.key && near(q.ptsSec, 12)));
  });

  it('declines cuts too close to read between, files without positions, and missing packets', () => {
    const notOk = (map: ReturnType<typeof buildCutMap>, reason: RegExp) => {
      expect(map.ok).toBe(false);
      if (!map.ok) expect(map.reason).toMatch(reason);
    };
    const listing = synthetic();
    notOk(buildCutMap({ cuts, listing: { ...listing, formatName: 'mpegts' }, hasAudio: true }), /mpegts files have no per-packet byte positions/);
    // MPEG-TS: the frames after the first of a PES have no position.
    const pes = { ...listing, packets: listing.packets.map((p, i) => (p.kind === 'audio' && i % 2 ? { ...p, pos: null } : p)) };
    notOk(buildCutMap({ cuts, listing: pes, hasAudio: true }), /audio packets share byte positions/);
    // Laced Matroska blocks: several frames at one position.
    const laced = { ...listing, packets: listing.packets.map((p) => (p.kind === 'audio' ? { ...p, pos: Math.floor((p.pos as number) / 5000) } : p)) };
    notOk(buildCutMap({ cuts, listing: laced, hasAudio: true }), /audio packets share byte positions/);
    notOk(buildCutMap({ cuts: [{ cutStart: 3, cutEnd: 8 }], listing, hasAudio: true }), /no keyframe found at 3 s/);
    notOk(buildCutMap({ cuts, listing: synthetic({ audio: false }), hasAudio: true }), /audio packets around 2–8 s not found/);
    // The listing starts after the cut point: the first audio packet found might not be the first.
    const late = { ...listing, packets: listing.packets.filter((p) => p.kind === 'video' || (p.ptsSec as number) >= 2) };
    notOk(buildCutMap({ cuts, listing: late, hasAudio: true }), /audio packets around 2–8 s not found/);
    // Audio before the cut end only from far earlier (another window): the listing misses packets.
    const gap = { ...listing, packets: listing.packets.filter((p) => p.kind === 'video' || (p.ptsSec as number) < 7.7 || (p.ptsSec as number) >= 8) };
    notOk(buildCutMap({ cuts, listing: gap, hasAudio: true }), /audio packets around 2–8 s not found/);
    notOk(buildCutMap({ cuts: [{ cutStart: 2, cutEnd: 4 }, { cutStart: 4.1, cutEnd: 6 }], listing, hasAudio: true }), /no keyframe found at 4.1 s/);
  });

  it('follows the reel order; each entry reads ahead only up to the next cut in the file', () => {
    const delay = 2 * FRAME;
    const listing = synthetic({ delay });
    const map = buildCutMap({ cuts: [{ cutStart: 12, cutEnd: 14 }, { cutStart: 2, cutEnd: 6 }, { cutStart: 6, cutEnd: 8 }], listing, hasAudio: true, readAheadSec: 5 });
    if (!map.ok) throw new Error(map.reason);
    // The touching pair is one entry; the reel's first entry reads to the end, the second up to 12 s.
    expect(map.segments.map((s) => [Math.round(s.inpointSec * 1e3) / 1e3, s.durationSec])).toEqual([
      [12, 2],
      [2, 6],
    ]);
    expect(map.segments[0]!.outpointSec).toBeCloseTo(19, 5);
    expect(map.segments[1]!.outpointSec).toBeCloseTo(12 - delay, 5);
    expect(map.segments[1]!.video.from).toBe(posOf(listing, 'video', (p) => p.key && near(p.ptsSec, 2)));
  });

  it('declines a reel whose first entry is read from where another cut ends (its audio would be kept twice)', () => {
    const listing = synthetic({ delay: 2 * FRAME });
    // Read from the keyframe at 8 s back to its decode time: the end of the cut 2–8 s.
    expect(buildCutMap({ cuts: [{ cutStart: 10, cutEnd: 12 }, { cutStart: 2, cutEnd: 8 }], listing, hasAudio: true })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too soon after the cut that ends at 8 s/),
    });
    // A GOP more between them is room enough.
    expect(buildCutMap({ cuts: [{ cutStart: 12, cutEnd: 14 }, { cutStart: 2, cutEnd: 8 }], listing, hasAudio: true }).ok).toBe(true);
  });

  it('declines cuts whose gap leaves less than half a second to read ahead', () => {
    // 0.5 s GOPs: the next cut starts one keyframe after this one ends.
    const listing = synthetic();
    const shortGop = { ...listing, packets: listing.packets.map((p) => (p.kind === 'video' ? { ...p, key: Math.round((p.ptsSec as number) * 30) % 15 === 0 } : p)) };
    const map = buildCutMap({ cuts: [{ cutStart: 2, cutEnd: 4 }, { cutStart: 4.5, cutEnd: 6 }], listing: shortGop, hasAudio: true });
    expect(map).toMatchObject({ ok: false, reason: expect.stringMatching(/too close/) });
  });
});

describe('listingCutInfo', () => {
  it('measures the reorder delay on the listed keyframes', () => {
    expect(listingCutInfo(synthetic({ delay: 2 * FRAME }))).toEqual({ durationSec: 20, reorderDelaySec: 0.066667 });
    expect(listingCutInfo(synthetic())).toEqual({ durationSec: 20, reorderDelaySec: 0 });
    expect(listingCutInfo({ ...synthetic(), packets: [] })).toBeNull();
  });
});

describe('looksLikeMpegTs', () => {
  const packets = (size: number, offset: number, count: number) => {
    const head = Buffer.alloc(size * count);
    for (let k = 0; k < count; k++) head[offset + k * size] = 0x47;
    return head;
  };
  it('recognises MPEG-TS and M2TS by their sync bytes', () => {
    expect(looksLikeMpegTs(packets(188, 0, 4))).toBe(true);
    expect(looksLikeMpegTs(packets(192, 4, 4))).toBe(true);
  });
  it('does not take an MP4 or a file with one stray sync byte for one', () => {
    const mp4 = Buffer.alloc(800);
    mp4.write('\0\0\0\x20ftypisom', 0, 'latin1');
    expect(looksLikeMpegTs(mp4)).toBe(false);
    expect(looksLikeMpegTs(packets(188, 0, 2))).toBe(false);
  });
});
