// Fast export in ONE ffmpeg run: the concat demuxer reads every cut straight from the source (ffconcat
// `inpoint`/`outpoint`), and a packet filter keeps exactly the packets the per-range method kept, picked
// by their byte position in the source. This module decides those positions from a packet listing
// around each cut point (pure; mp4Index.ts reads one from an MP4's index, cutPackets.ts from ffprobe).
//
// Why positions and not the concat demuxer's own points: `inpoint` seeks like `-ss` (video to the
// keyframe, but the audio from the packet playing at the keyframe's DECODE time, B-frames making that up
// to a few frames early), and `outpoint` ends a file at the first packet of ANY stream whose decode time
// reaches it, so one point cannot both stop the video before the next keyframe's decode time and let the
// audio run to the cut end. Timestamps cannot pick the packets either: the filter sees them in a time
// base that depends on the ffmpeg version and the output container. Byte positions are exact, and
// `outpoint` only has to read far enough (readAheadSec) for every wanted packet to come through.
import { TIME_TOLERANCE_SEC } from './exportPlan';
import { secs, type ByteSpan, type CopySegment } from './ffmpegTime';
import { csvFields } from './keyframes';

export type { ByteSpan, CopySegment } from './ffmpegTime';

export type StreamKind = 'video' | 'audio' | 'other';

/** One packet of an ffprobe listing; times on the file's own timeline (its start time not removed). */
export interface ListedPacket {
  /** `video`/`audio`: the first stream of that type (what `-map 0:v:0` / `0:a:0` take). */
  kind: StreamKind;
  ptsSec: number | null;
  dtsSec: number | null;
  /** Byte position in the file; null when the demuxer does not know it (frames inside an MPEG-TS PES). */
  pos: number | null;
  key: boolean;
}

export interface PacketListing {
  formatName: string;
  startTimeSec: number;
  durationSec: number | null;
  hasAudioStream: boolean;
  /** Streams besides the first video and the first audio one (more audio tracks, timecode, data…). */
  extraStreams: number;
  packets: ListedPacket[];
}

export type CutMap =
  | {
      ok: true;
      segments: CopySegment[];
      /** False when every outpoint alone stops the video exactly, so no filter has to pick its packets. */
      filterVideo: boolean;
    }
  | { ok: false; reason: string };

/** How much of the file each listing window covers after a cut point. */
export const LISTING_WINDOW_SEC = 1;

/**
 * How far past a cut end each ffconcat entry reads. The MP4 demuxer returns packets in file order only
 * among those within 1 s of each other's decode time, Matroska muxers interleave tighter, so every packet
 * before the cut end has come through before a packet this far past it ends the entry.
 */
export const READ_AHEAD_SEC = 1.5;

/** How far before its keyframe an entry seeks when the file has no decode times (see buildCutMap). */
export const UNDATED_PREROLL_SEC = 0.01;

/** Less room than this before the next entry and a late audio packet might not come through. */
const MIN_READ_AHEAD_SEC = 0.5;

/** Containers with an index: seeking lands on the keyframe, and every packet has its own byte position. */
export function cutsByPosition(formatName: string): boolean {
  return /(^|,)(mov|mp4|matroska|webm)(,|$)/.test(formatName);
}

/** An audio packet starting this close before a cut point counts as starting on it (µs printing). */
const AUDIO_EPS_SEC = 1e-6;

/**
 * The listing must show an audio packet this shortly before a cut point, so the first one after it is
 * known to be the first (longer than any audio frame, shorter than the distance between two windows).
 */
const AUDIO_SEEN_BEFORE_SEC = 0.25;

/**
 * Seek points go this far past a keyframe, outpoints this far before one: more than ffprobe's rounding
 * to microseconds, far less than any frame, and lost in the rounding to the stream's time base.
 */
const SEEK_AFTER_SEC = 1e-6;

/** The landing listing: seek this far before the reel's first cut, list this many packets. */
const LANDING_PROBE_SEC = 0.002;
const LANDING_PROBE_PACKETS = 16;

/**
 * ffprobe `-read_intervals` for the listing: from each cut point (the demuxer seeks to the keyframe at
 * or before it, as the concat demuxer will) for LISTING_WINDOW_SEC. A cut that ends at the end of the
 * file needs no window there. `startTimeSec` puts the plan's times (relative to the file start) back on
 * the file's own timeline. When the reel's first cut is not the first in the file, a few packets from
 * just before it too: the keyframe where its entry's reading really starts (see buildCutMap).
 */
export function listingIntervals(
  cuts: readonly { cutStart: number; cutEnd: number }[],
  startTimeSec: number,
  sourceDurationSec: number | null,
): string {
  const window = (t: number) => `${secs(t + startTimeSec)}%${secs(t + startTimeSec + LISTING_WINDOW_SEC)}`;
  const intervals: { at: number; text: string }[] = [];
  for (const cut of cuts) {
    intervals.push({ at: cut.cutStart, text: window(cut.cutStart) });
    if (!atEnd(cut.cutEnd, sourceDurationSec)) intervals.push({ at: cut.cutEnd, text: window(cut.cutEnd) });
  }
  const head = cuts[0];
  if (head && cuts.some((c) => c.cutStart < head.cutStart)) {
    const at = Math.max(0, head.cutStart - LANDING_PROBE_SEC);
    intervals.push({ at, text: `${secs(at + startTimeSec)}%+#${LANDING_PROBE_PACKETS}` });
  }
  // In file order, whatever the order of the cuts in the reel.
  return intervals
    .sort((a, b) => a.at - b.at)
    .map((i) => i.text)
    .join(',');
}

/**
 * Parses `ffprobe -show_entries packet=stream_index,pts_time,dts_time,pos,flags:stream=index,codec_type:
 * format=format_name,start_time,duration -of csv`. Streams are listed after the packets, so packets are
 * classified at the end.
 */
export function parsePacketListing(lines: Iterable<string>): PacketListing {
  const kinds = new Map<number, string>();
  const raw: { stream: number; pts: number | null; dts: number | null; pos: number | null; key: boolean }[] = [];
  let formatName = 'unknown';
  let startTimeSec = 0;
  let durationSec: number | null = null;
  for (const line of lines) {
    if (line.startsWith('packet,')) {
      const f = line.split(',');
      raw.push({ stream: Number(f[1]), pts: num(f[2]), dts: num(f[3]), pos: num(f[4]), key: (f[5] ?? '').startsWith('K') });
    } else if (line.startsWith('stream,')) {
      const [, index, type] = line.split(',');
      kinds.set(Number(index), type ?? '');
    } else if (line.startsWith('format,')) {
      const [, name, start, duration] = csvFields(line);
      formatName = name || formatName;
      startTimeSec = num(start) ?? 0;
      durationSec = num(duration);
    }
  }
  const first = (type: string) => Math.min(...[...kinds].filter(([, t]) => t === type).map(([i]) => i));
  const video = first('video');
  const audio = first('audio');
  const hasAudioStream = Number.isFinite(audio);
  const extraStreams = kinds.size - (Number.isFinite(video) ? 1 : 0) - (hasAudioStream ? 1 : 0);
  const packets = raw.map((p): ListedPacket => ({
    kind: p.stream === video ? 'video' : p.stream === audio ? 'audio' : 'other',
    ptsSec: p.pts,
    dtsSec: p.dts,
    pos: p.pos !== null && p.pos >= 0 ? p.pos : null,
    key: p.key,
  }));
  return { formatName, startTimeSec, durationSec, hasAudioStream, extraStreams, packets };
}

/**
 * The single-run plan for the cuts, or why it cannot be exact for this file (the caller then copies the
 * ranges one by one). Kept per cut, exactly as the per-range method keeps them:
 * - video: from the keyframe at cutStart up to (not including) the keyframe at cutEnd, in file order,
 *   which is decode order: the frames B-frames show before that keyframe but decode after it are not kept;
 * - audio: the packets that start at or after cutStart and before cutEnd.
 *
 * The filter sees positions only, not which entry a packet came from, so no entry may read a packet of
 * another entry's spans: cuts that touch (the plan makes a cut start where the previous one ends when
 * they share a GOP) become one entry, and an entry reads ahead at most up to the decode time of the first
 * keyframe of the entry that comes next in the file (everything before it in the file comes before that
 * entry's spans). The cuts may come in any order (the reel's, which the user may have rearranged): the
 * entries follow it, and "next in the file" is the next in time, wherever it is in the reel.
 *
 * The video needs no filter when at every cut end the keyframe is decoded at the time it is shown (no
 * B-frame delay) and stored after every packet that is kept and before the audio past the cut end: an
 * outpoint at its decode time then ends the entry right before it, and nothing else can end it earlier.
 */
export function buildCutMap(input: {
  cuts: readonly { cutStart: number; cutEnd: number }[];
  listing: PacketListing;
  hasAudio: boolean;
  readAheadSec?: number;
}): CutMap {
  const { listing, hasAudio } = input;
  const readAhead = input.readAheadSec ?? READ_AHEAD_SEC;
  if (!cutsByPosition(listing.formatName)) {
    return { ok: false, reason: `${listing.formatName} files have no per-packet byte positions to cut by` };
  }
  const start = listing.startTimeSec;
  const videoKeys = listing.packets.flatMap((p): Key[] =>
    p.kind === 'video' && p.key && p.pos !== null && p.ptsSec !== null
      ? [{ rel: p.ptsSec - start, dts: p.dtsSec === null ? null : p.dtsSec - start, pos: p.pos }]
      : [],
  );
  // A keyframe's decode time; Matroska gives none right after a seek: then its time minus the longest
  // reorder delay seen in the listing.
  const delay = listing.packets.reduce(
    (max, p) => (p.kind === 'video' && p.ptsSec !== null && p.dtsSec !== null ? Math.max(max, p.ptsSec - p.dtsSec) : max),
    0,
  );
  const decodeTime = (key: Key) => key.dts ?? key.rel - delay;
  const audio = hasAudio ? audioByTime(listing.packets, start) : [];
  if (audio === null) return { ok: false, reason: 'audio packets share byte positions or have none' };
  const keyAt = (t: number) => videoKeys.find((p) => Math.abs(p.rel - t) <= TIME_TOLERANCE_SEC) ?? null;
  // The index of the first audio packet starting at or after t, when the listing also shows the one
  // just before it (otherwise the packet found might not be the first).
  const audioFrom = (t: number) => {
    let lo = 0;
    let hi = audio.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((audio[mid] as { rel: number }).rel >= t - AUDIO_EPS_SEC) hi = mid;
      else lo = mid + 1;
    }
    const before = audio[lo - 1];
    const seenBefore = t <= TIME_TOLERANCE_SEC || (before !== undefined && before.rel >= t - AUDIO_SEEN_BEFORE_SEC);
    return seenBefore && lo < audio.length ? lo : null;
  };

  // Per cut: its first and last keyframe (null at the end of the file) and audio packet indexes.
  const ends: { cutStart: number; cutEnd: number; first: Key; last: Key | null; audioFrom: number | null; audioTo: number | null }[] = [];
  for (const { cutStart, cutEnd } of input.cuts) {
    const toEnd = atEnd(cutEnd, listing.durationSec);
    const first = keyAt(cutStart);
    const last = toEnd ? null : keyAt(cutEnd);
    if (first === null || (!toEnd && last === null)) {
      return { ok: false, reason: `no keyframe found at ${secs(first === null ? cutStart : cutEnd)} s` };
    }
    const from = hasAudio ? audioFrom(cutStart) : null;
    const to = hasAudio && !toEnd ? audioFrom(cutEnd) : null;
    if (hasAudio && (from === null || (!toEnd && to === null))) {
      return { ok: false, reason: `audio packets around ${secs(cutStart)}–${secs(cutEnd)} s not found` };
    }
    ends.push({ cutStart, cutEnd, first, last, audioFrom: from, audioTo: to });
  }

  // Touching cuts that follow each other in the reel form one entry: the bytes between them are contiguous.
  const groups: (typeof ends)[] = [];
  for (const cut of ends) {
    const previous = groups.at(-1)?.at(-1);
    if (previous && previous.last !== null && Math.abs(previous.cutEnd - cut.cutStart) <= TIME_TOLERANCE_SEC) groups.at(-1)?.push(cut);
    else groups.push([cut]);
  }
  // Each entry's neighbours in the file (in time), which need not be its neighbours in the reel.
  const inFileOrder = groups.map((_, g) => g).sort((a, b) => (groups[a]![0]!.cutStart - groups[b]![0]!.cutStart));
  const fileNeighbour = (g: number, step: 1 | -1) => groups[inFileOrder[inFileOrder.indexOf(g) + step] ?? -1];
  // The reel's first entry is read from the keyframe before its own (ffmpeg's `-ss 0` seeks it there, see
  // singleRunArgs), its audio from that keyframe's decode time; the filter drops what comes before the
  // cut. That is nothing of another entry's when the entry is the first in the file too (time order);
  // otherwise the cut before it in the file must end before that point, or its last audio packets would
  // be kept twice. The listing shows that keyframe (or an earlier one: then the test is only stricter).
  // Matroska is not checked here: every later entry is read from a GOP early there (preroll, below),
  // in time order too, so its reel's first entry is no different.
  const reelFirst = groups[0]?.[0];
  const fileBefore = fileNeighbour(0, -1)?.at(-1);
  if (reelFirst && fileBefore && !undatedListing(listing)) {
    const landing = videoKeys.filter((k) => k.rel < reelFirst.cutStart - TIME_TOLERANCE_SEC).reduce<Key | null>((a, k) => (a && a.rel >= k.rel ? a : k), null);
    if (!landing || decodeTime(landing) - AUDIO_SEEN_BEFORE_SEC < fileBefore.cutEnd - TIME_TOLERANCE_SEC) {
      return { ok: false, reason: `the reel starts at ${secs(reelFirst.cutStart)} s, too soon after the cut that ends at ${secs(fileBefore.cutEnd)} s` };
    }
  }

  // Other streams' packets could end an entry at a tight outpoint; unknown ones are not risked.
  const onlyMapped = listing.extraStreams === 0 && (hasAudio || !listing.hasAudioStream);
  // Matroska stores no decode times: after a seek the first frames have none, and the concat demuxer
  // then gives them their presentation time, which breaks the timestamps at a join. Each later entry
  // therefore seeks a hair before its keyframe, landing one GOP early: the undated frames are the
  // filter's to drop, and the keyframe comes with its decode time. The first entry is read from its
  // keyframe: at the start of the reel ffmpeg dates the first frames right. The room before the keyframe
  // is measured to the cut before it in the file; the preroll comes off the previous entry of the reel's
  // duration, so it cannot exceed that one's length.
  const undated = undatedListing(listing);
  const preroll = groups.map((group, g) => {
    const previous = groups[g - 1];
    if (!undated || !previous) return 0;
    const before = fileNeighbour(g, -1)?.at(-1);
    const gap = (group[0] as (typeof ends)[number]).cutStart - (before?.cutEnd ?? 0);
    const previousLength = previous.reduce((sum, c) => sum + (c.cutEnd - c.cutStart), 0);
    return Math.min(UNDATED_PREROLL_SEC, gap, previousLength);
  });
  // An entry with no room to seek early (a cut at the start of the file that is not the reel's first).
  if (preroll.some((p, g) => g > 0 && undated && p <= 0)) return { ok: false, reason: 'a cut at the start of the file cannot follow another one' };
  let tight = onlyMapped;
  const segments: CopySegment[] = [];
  for (const [g, group] of groups.entries()) {
    const head = group[0] as (typeof ends)[number];
    const tail = group.at(-1) as (typeof ends)[number];
    const next = fileNeighbour(g, 1)?.[0];
    const length = group.reduce((sum, c) => sum + (c.cutEnd - c.cutStart), 0);
    const audioSpan: ByteSpan | null = hasAudio
      ? { from: (audio[head.audioFrom as number] as { pos: number }).pos, to: tail.audioTo === null ? null : (audio[tail.audioTo] as { pos: number }).pos }
      : null;
    let outpoint: number | null = null;
    if (tail.last !== null) {
      // In file order: every kept packet, then that keyframe, then the audio past the cut end.
      const lastAudio = tail.audioTo === null ? undefined : audio[tail.audioTo - 1];
      const nextAudio = tail.audioTo === null ? undefined : audio[tail.audioTo];
      const clean =
        tail.last.dts !== null &&
        Math.abs(tail.last.rel - tail.last.dts) < AUDIO_EPS_SEC &&
        (!hasAudio || (lastAudio !== undefined && nextAudio !== undefined && lastAudio.pos < tail.last.pos && tail.last.pos < nextAudio.pos));
      tight &&= clean;
      // Read ahead, but stop before the first keyframe of the next entry in the file is decoded.
      const readTo = Math.min(tail.cutEnd + readAhead, next ? decodeTime(next.first) - SEEK_AFTER_SEC : Infinity);
      if (readTo < tail.cutEnd + MIN_READ_AHEAD_SEC) return { ok: false, reason: `cuts at ${secs(tail.cutEnd)} and ${secs(next?.cutStart ?? 0)} s are too close to read between` };
      outpoint = listing.durationSec !== null && readTo >= listing.durationSec ? null : readTo;
    }
    segments.push({
      // Just after the keyframe's time, so a time printed rounded down still seeks to that keyframe.
      inpointSec: round(head.cutStart - (preroll[g] as number) + start + SEEK_AFTER_SEC),
      outpointSec: outpoint === null ? null : round(outpoint + start),
      // The entry starts `preroll` before its cut, so the next entry's cut starts where this one's ends.
      durationSec: round(length + (preroll[g] as number) - (preroll[g + 1] ?? 0)),
      video: { from: head.first.pos, to: tail.last?.pos ?? null },
      audio: audioSpan,
    });
  }
  if (!ordered(segments)) return { ok: false, reason: 'packet positions do not follow the timeline' };
  if (!tight) return { ok: true, segments, filterVideo: true };
  // Outpoints just before each last keyframe's decode time, so a time printed rounded up still ends the
  // entry before it.
  const tightSegments = segments.map((segment, g) => {
    const last = (groups[g] as typeof ends).at(-1)?.last;
    return { ...segment, outpointSec: last ? round((last.dts as number) + start - SEEK_AFTER_SEC) : null };
  });
  return { ok: true, segments: tightSegments, filterVideo: false };
}

interface Key {
  /** pts and dts (null when unknown) relative to the file start, byte position. */
  rel: number;
  dts: number | null;
  pos: number;
}

/**
 * What the per-range method needs to know, from the same listing (no second probe): the B-frame reorder
 * delay (pts − dts of the keyframes seen) and the file's duration. Null without a keyframe to measure.
 */
export function listingCutInfo(listing: PacketListing): { durationSec: number | null; reorderDelaySec: number } | null {
  const keys = listing.packets.filter((p) => p.kind === 'video' && p.key && p.ptsSec !== null && p.dtsSec !== null);
  if (keys.length === 0) return null;
  const delay = keys.reduce((max, p) => Math.max(max, (p.ptsSec as number) - (p.dtsSec as number)), 0);
  return { durationSec: listing.durationSec, reorderDelaySec: round(delay) };
}

/**
 * Audio packets sorted by time (relative to the file start), each once (overlapping windows list some
 * twice); null when positions cannot tell packets apart: missing (frames after the first of an MPEG-TS
 * PES) or shared (laced Matroska blocks), or not growing with time.
 */
function audioByTime(packets: readonly ListedPacket[], startTimeSec: number): { rel: number; pos: number }[] | null {
  const byPos = new Map<number, number>();
  for (const p of packets) {
    if (p.kind !== 'audio' || p.ptsSec === null) continue;
    if (p.pos === null) return null;
    const seen = byPos.get(p.pos);
    if (seen !== undefined && seen !== p.ptsSec) return null;
    byPos.set(p.pos, p.ptsSec);
  }
  const list = [...byPos].map(([pos, pts]) => ({ rel: pts - startTimeSec, pos })).sort((a, b) => a.rel - b.rel);
  return list.every((p, i) => i === 0 || p.pos > (list[i - 1] as { pos: number }).pos) ? list : null;
}

/**
 * Spans non-empty and apart, in file order (whatever the reel's order), as the timeline is: the filter
 * keeps a packet of any span, so two entries' spans must never share a byte.
 */
function ordered(segments: readonly CopySegment[]): boolean {
  const spans = (pick: (s: CopySegment) => ByteSpan | null) =>
    segments
      .map(pick)
      .filter((s): s is ByteSpan => s !== null)
      .sort((a, b) => a.from - b.from);
  return [spans((s) => s.video), spans((s) => s.audio)].every((list) =>
    list.every((s, i) => (s.to === null ? i === list.length - 1 : s.to > s.from) && (i === 0 || s.from >= ((list[i - 1] as ByteSpan).to ?? Infinity))),
  );
}

/** Matroska after a seek: video packets without decode times. */
function undatedListing(listing: PacketListing): boolean {
  return listing.packets.some((p) => p.kind === 'video' && p.dtsSec === null);
}

function atEnd(t: number, durationSec: number | null): boolean {
  return durationSec !== null && t >= durationSec - TIME_TOLERANCE_SEC;
}

function num(raw: string | undefined): number | null {
  if (raw === undefined || raw === '' || raw === 'N/A') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
