// Synthetic video packet listings for the smart-cut planning tests: closed (or open) GOPs with B-frames
// in decode order, as an encoder writes them, times in seconds.
import type { PacketRun, VideoPacket } from '../../../../main/core/media/smart/videoPackets';

export interface SynthOptions {
  frames: number;
  /** Frames per GOP. */
  gop: number;
  fps?: number;
  /** Frames per reference group: 1 = no B-frames, 3 = P then two B-frames (decode delay 2 frames). */
  group?: number;
  /** Presentation time of frame 0. */
  offsetSec?: number;
  /** Open GOPs: each keyframe is decoded before the last B-frames of the GOP before it. */
  open?: boolean;
}

/** Packets in decode order; frame n is shown at offset + n / fps, sizes 1000 + n. */
export function synthPackets(opts: SynthOptions): VideoPacket[] {
  const fps = opts.fps ?? 30;
  const group = opts.group ?? 3;
  const offset = opts.offsetSec ?? 0;
  const order: number[] = [];
  for (let start = 0; start < opts.frames; start += opts.gop) {
    const end = Math.min(opts.frames, start + opts.gop);
    order.push(start);
    // Each reference, then the B-frames shown between the previous one and it.
    for (let previous = start; previous < end - 1; ) {
      const ref = Math.min(previous + group, end - 1);
      order.push(ref);
      for (let b = previous + 1; b < ref; b++) order.push(b);
      previous = ref;
    }
  }
  if (opts.open) {
    // Move each keyframe (but the first) ahead of the two packets decoded before it.
    for (let i = 2; i < order.length; i++) {
      if ((order[i] as number) % opts.gop === 0) {
        const key = order.splice(i, 1)[0] as number;
        order.splice(i - 2, 0, key);
      }
    }
  }
  const delay = group > 1 ? 2 : 0;
  return order.map((n, i) => ({
    pts: round(offset + n / fps),
    dts: round(offset + (i - delay) / fps),
    key: n % opts.gop === 0,
    size: 1000 + n,
  }));
}

export function oneRun(packets: VideoPacket[], reachesFileEnd = false): PacketRun[] {
  return [{ packets, reachesFileEnd }];
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
