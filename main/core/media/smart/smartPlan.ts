// Which frames of each range smart export re-encodes and which it copies, from the packet listing alone
// (pure). A range [start, end) keeps the frames shown at or after start and before end (within
// TIME_TOLERANCE_SEC), exactly as accurate mode does. Within it:
//   head  [first frame, K1)   re-encoded, decoded from the keyframe at or before the first frame (K0)
//   copy  [K1, q)             the source's packets, untouched (q at or after Kn, see below)
//   tail  [q, end)            re-encoded, decoded from Kn
// K1 is the first keyframe at or after the first frame, Kn the last keyframe at or before the end
// (a keyframe exactly at the end is fine: the copy stops right before it). The copy goes on past Kn as
// far as a decode-order prefix of Kn's GOP shows exactly the frames up to a point q (the end of a group
// of B-frames; without B-frames, the range's end), so the tail re-encoded is [q, end), a few frames. A
// range without a keyframe inside is re-encoded whole. Copying is exact only when the GOPs are closed:
// the packets from K1's in decode order must be exactly the frames shown in [K1, q), and nothing
// decoded after K1 or Kn may be shown before it (open GOP: leading pictures that need the previous GOP).
// Both are checked here on the packets, as is everything else exactness rests on: a constant frame
// rate, and one decode delay throughout.
import { TIME_TOLERANCE_SEC } from '../exportPlan';
import type { PacketRun, VideoPacket } from './videoPackets';

/** Frames are encoded from (and copied from) here. pts/dts relative to the file start. */
export interface KeyframeRef {
  pts: number;
  dts: number;
  /** Size in bytes of its packet and the next few in decode order (to recognise the copy's start). */
  sizes: number[];
}

export interface EncodePiece {
  kind: 'encode';
  /** Index of the range in the reel. */
  range: number;
  /** Presentation time of the first frame. */
  firstSec: number;
  frames: number;
  /** The keyframe decoding starts from (at or before firstSec). */
  from: KeyframeRef;
}

export interface CopyPiece {
  kind: 'copy';
  range: number;
  /** K1: the first packet copied (a keyframe). */
  from: KeyframeRef;
  /** Kn's presentation time: the copy holds the frames shown in [from.pts, endSec). */
  endSec: number;
  /** Packets copied (= frames), in decode order from K1's. */
  frames: number;
}

export type Piece = EncodePiece | CopyPiece;

export interface RangeFrames {
  range: number;
  /** Presentation time of the range's first frame. */
  firstSec: number;
  frames: number;
}

export interface SmartPlan {
  /** In reel order, each range's pieces in time order. */
  pieces: Piece[];
  /** Ranges with at least one frame, in reel order: what the audio follows. */
  ranges: RangeFrames[];
  /** Decode delay (pts − dts of keyframes) of the whole source, in frames. */
  delayFrames: number;
}

export type SmartPlanResult =
  | { ok: true; plan: SmartPlan }
  /** `lookback`: the ranges (reel indexes) whose listing began after their first keyframe: list more before them. */
  | { ok: false; reason: string; lookback?: number[] };

export interface SmartPlanInput {
  /** In reel order. */
  cuts: readonly { cutStart: number; cutEnd: number }[];
  runs: readonly PacketRun[];
  frameSec: number;
}

/** Frame spacing (and decode delay) may be off by this from the nominal: ms-rounded Matroska times. */
export const FRAME_JITTER_SEC = 0.0011;

/** Sizes of the copy's first packets kept to recognise them in the written piece. */
const SIGNATURE_PACKETS = 5;

export function planSmart(input: SmartPlanInput): SmartPlanResult {
  const pieces: Piece[] = [];
  const ranges: RangeFrames[] = [];
  const lookback: number[] = [];
  const delays: { sec: number; at: number }[] = [];
  for (const [index, cut] of input.cuts.entries()) {
    const planned = planRange(index, cut, input.runs, input.frameSec);
    if (planned.kind === 'lookback') {
      lookback.push(index);
      continue;
    }
    if (planned.kind === 'reason') return { ok: false, reason: planned.reason };
    if (planned.frames === 0) continue;
    ranges.push({ range: index, firstSec: planned.firstSec, frames: planned.frames });
    pieces.push(...planned.pieces);
    delays.push(...planned.delays);
  }
  if (lookback.length > 0) {
    return { ok: false, reason: 'no keyframe found before the start of a range', lookback };
  }
  // One decode delay for the whole reel (see encodeMatch.ts); taken from the keyframes decoding starts at.
  const first = delays[0];
  if (!first && pieces.length > 0) return { ok: false, reason: 'the file does not say in which order its frames are decoded' };
  const delaySec = first?.sec ?? 0;
  const odd = delays.find((d) => Math.abs(d.sec - delaySec) > FRAME_JITTER_SEC);
  if (odd) return { ok: false, reason: `the B-frame delay changes within the file (at ${odd.at.toFixed(2)} s)` };
  const delayFrames = Math.round(delaySec / input.frameSec);
  if (Math.abs(delayFrames * input.frameSec - delaySec) > FRAME_JITTER_SEC) {
    return { ok: false, reason: `the B-frame delay (${(delaySec * 1000).toFixed(1)} ms) is not a whole number of frames` };
  }
  return { ok: true, plan: { pieces, ranges, delayFrames } };
}

type RangePlan =
  | { kind: 'pieces'; firstSec: number; frames: number; pieces: Piece[]; delays: { sec: number; at: number }[] }
  | { kind: 'lookback' }
  | { kind: 'reason'; reason: string };

/** Pure: one range's pieces from the run that holds it. */
export function planRange(
  index: number,
  cut: { cutStart: number; cutEnd: number },
  runs: readonly PacketRun[],
  frameSec: number,
): RangePlan {
  const tol = TIME_TOLERANCE_SEC;
  const at = (t: number) => `${t.toFixed(2)} s`;
  // The run that lists the range: it has a frame at or before the start (or the range's first frame
  // exists in it) and continues past the end (or ends with the file).
  const holding = runs.filter((run) => {
    const first = run.packets.reduce((min, p) => Math.min(min, p.pts), Infinity);
    const last = run.packets.reduce((max, p) => Math.max(max, p.pts), -Infinity);
    return first <= cut.cutStart + tol + frameSec && (last >= cut.cutEnd - tol || run.reachesFileEnd);
  });
  if (holding.length === 0) return { kind: 'reason', reason: `the packets of ${at(cut.cutStart)}–${at(cut.cutEnd)} could not be listed` };
  let needsLookback = false;
  for (const run of holding) {
    const planned = planInRun(index, cut, run.packets, frameSec);
    if (planned.kind === 'lookback') {
      needsLookback = true;
      continue;
    }
    return planned;
  }
  return needsLookback ? { kind: 'lookback' } : { kind: 'reason', reason: `the packets of ${at(cut.cutStart)} could not be listed` };
}

function planInRun(index: number, cut: { cutStart: number; cutEnd: number }, packets: readonly VideoPacket[], frameSec: number): RangePlan {
  const tol = TIME_TOLERANCE_SEC;
  const at = (t: number) => `${t.toFixed(2)} s`;
  // Decode positions (listing order) of the keyframes, and the frames in presentation order.
  const byPts = packets.map((p, decodeIndex) => ({ ...p, decodeIndex })).sort((a, b) => a.pts - b.pts);
  for (let i = 1; i < byPts.length; i++) {
    if (Math.abs(byPts[i]!.pts - byPts[i - 1]!.pts) < tol) return { kind: 'reason', reason: `two frames are shown at the same time (${at(byPts[i]!.pts)})` };
  }
  const a = byPts.findIndex((p) => p.pts >= cut.cutStart - tol);
  const bFound = byPts.findIndex((p) => p.pts >= cut.cutEnd - tol);
  const b = bFound < 0 ? byPts.length : bFound;
  if (a < 0 || a >= b) return { kind: 'pieces', firstSec: cut.cutStart, frames: 0, pieces: [], delays: [] };

  // K0: decoding for the head (or the whole range) starts here.
  let k0 = -1;
  for (let i = a; i >= 0; i--) {
    if (byPts[i]!.key) {
      k0 = i;
      break;
    }
  }
  if (k0 < 0) return { kind: 'lookback' };

  // Everything from K0 to the end must be one frame apart: a constant frame rate, nothing missing.
  const lastNeeded = Math.min(b, byPts.length - 1);
  for (let i = k0 + 1; i <= lastNeeded; i++) {
    const step = byPts[i]!.pts - byPts[i - 1]!.pts;
    if (Math.abs(step - frameSec) > FRAME_JITTER_SEC) {
      return {
        kind: 'reason',
        reason: `the frame rate is not constant (frames ${(step * 1000).toFixed(1)} ms apart at ${at(byPts[i - 1]!.pts)}, not ${(frameSec * 1000).toFixed(1)} ms)`,
      };
    }
  }
  // Matroska stores no decode times: ffmpeg derives them, but not for the first packets of a file. Only
  // MPEG-TS seeks need a keyframe's (and always have it); the delay is measured where it is known.
  const ref = (i: number): KeyframeRef => {
    const p = byPts[i]!;
    const sizes = packets.slice(p.decodeIndex, p.decodeIndex + SIGNATURE_PACKETS).map((q) => q.size);
    return { pts: p.pts, dts: p.dts ?? p.pts, sizes };
  };
  const delayOf = (i: number) => {
    const p = byPts[i]!;
    return p.dts === null ? [] : [{ sec: p.pts - p.dts, at: p.pts }];
  };
  const firstSec = byPts[a]!.pts;
  const frames = b - a;

  let k1 = -1;
  for (let i = a; i < b; i++) {
    if (byPts[i]!.key) {
      k1 = i;
      break;
    }
  }
  // Kn: the last keyframe at or before the end (a keyframe right at it, index b, ends a copy too); it
  // may be K1 itself.
  let kn = -1;
  for (let i = Math.min(b, byPts.length - 1); i >= k1 && k1 >= 0; i--) {
    if (byPts[i]!.key) {
      kn = i;
      break;
    }
  }

  const whole = (): RangePlan => ({
    kind: 'pieces',
    firstSec,
    frames,
    pieces: [{ kind: 'encode', range: index, firstSec, frames, from: ref(k0) }],
    delays: delayOf(k0),
  });
  if (k1 < 0 || kn < 0) return whole();

  // The copy runs on past Kn as far as a decode-order prefix of Kn's GOP shows exactly the frames up
  // to some point q <= b: frames only reference frames decoded before them, so such a prefix decodes
  // alone. Without B-frames that is every frame up to the end; with them, up to the end of a group of
  // B-frames. Only the frames after q are re-encoded (decoded from Kn).
  const q = kn === b ? b : kn + decodablePrefix(packets, byPts[kn]!.decodeIndex, byPts, kn, b);
  if (q === k1) return whole();

  for (const k of new Set([k1, kn])) {
    const reason = openGopAt(packets, byPts[k]!.decodeIndex);
    if (reason) return { kind: 'reason', reason };
  }
  // The packets from K1's in decode order must be exactly the frames shown in [K1, q).
  const fromDecode = byPts[k1]!.decodeIndex;
  const copyFrames = q - k1;
  const copied = packets.slice(fromDecode, fromDecode + copyFrames);
  const endSec = q < byPts.length ? byPts[q]!.pts : byPts[q - 1]!.pts + frameSec;
  if (copied.length !== copyFrames || copied.some((p) => p.pts < byPts[k1]!.pts - tol || p.pts >= endSec - tol)) {
    return { kind: 'reason', reason: `the frames around ${at(byPts[k1]!.pts)} are not stored in a closed group` };
  }

  const pieces: Piece[] = [];
  if (k1 > a) pieces.push({ kind: 'encode', range: index, firstSec, frames: k1 - a, from: ref(k0) });
  pieces.push({ kind: 'copy', range: index, from: ref(k1), endSec, frames: copyFrames });
  if (b > q) pieces.push({ kind: 'encode', range: index, firstSec: byPts[q]!.pts, frames: b - q, from: ref(kn) });
  return {
    kind: 'pieces',
    firstSec,
    frames,
    pieces,
    delays: [...delayOf(k1), ...delayOf(kn), ...(k1 > a ? delayOf(k0) : [])],
  };
}

/**
 * How many packets from the keyframe at `decodeIndex` (frame `key` in presentation order) on, in decode
 * order, show exactly the frames key, key+1, … before `end`: the longest such prefix (at least 1, the
 * keyframe; 0 when not even that fits). Frames reference only frames decoded before them, so these
 * decode without the rest of the GOP.
 */
export function decodablePrefix(
  packets: readonly VideoPacket[],
  decodeIndex: number,
  byPts: readonly { pts: number; decodeIndex: number }[],
  key: number,
  end: number,
): number {
  // Presentation index of each packet after the keyframe in decode order, until the next keyframe.
  const shown = new Map<number, number>();
  byPts.forEach((p, i) => shown.set(p.decodeIndex, i));
  let best = 0;
  let highest = -1;
  for (let i = decodeIndex, count = 0; i < packets.length && (i === decodeIndex || !packets[i]!.key); i++) {
    const frame = shown.get(i);
    if (frame === undefined || frame < key) break;
    highest = Math.max(highest, frame);
    count++;
    if (highest >= end) break;
    // The first `count` packets show frames key … highest: a contiguous run exactly when there are as many.
    if (highest - key + 1 === count) best = count;
  }
  return best;
}

/**
 * An open GOP at the keyframe at `decodeIndex`: a frame decoded after it (before the next keyframe) is
 * shown before it. Such leading pictures may reference the previous GOP, which a cut there drops.
 */
export function openGopAt(packets: readonly VideoPacket[], decodeIndex: number): string | null {
  const key = packets[decodeIndex];
  if (!key) return null;
  for (let i = decodeIndex + 1; i < packets.length && !packets[i]!.key; i++) {
    if (packets[i]!.pts < key.pts - TIME_TOLERANCE_SEC) {
      return `the video has open GOPs (frames decoded after the keyframe at ${key.pts.toFixed(2)} s are shown before it)`;
    }
  }
  return null;
}

/** Frames the plan re-encodes and copies, for progress and reports. */
export function pieceFrames(plan: SmartPlan): { encoded: number; copied: number } {
  let encoded = 0;
  let copied = 0;
  for (const p of plan.pieces) {
    if (p.kind === 'encode') encoded += p.frames;
    else copied += p.frames;
  }
  return { encoded, copied };
}
