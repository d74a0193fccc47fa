// Where an MPEG-TS segment's streams start, read from the head of the file in Node instead of asking
// ffprobe (≈90 ms a run, mostly start-up; with B-frames the join needs it for every segment). Only the
// headers matter: PAT -> PMT -> each elementary stream's first PES header, whose PTS/DTS are what
// ffprobe reports as start times. Anything this reader does not understand makes it answer null, and
// the caller asks ffprobe instead: an answer is either exactly ffprobe's or none.
import { open } from 'node:fs/promises';

/** The starts the join needs (see SegmentStreams / CutSegmentStreams), in seconds as ffprobe reports them. */
export interface TsStarts {
  /** Format start_time: the earliest stream (a data stream only when under 1 s ahead, as ffmpeg rules). */
  startSec: number | null;
  /** First video stream's first packet: its presentation time (ffprobe's stream start_time)... */
  videoStartSec: number | null;
  /** ...and its decoding time (with B-frames earlier than its presentation time). */
  videoDecodeStartSec: number | null;
  /** First audio stream's start_time. */
  audioStartSec: number | null;
}

export const TS_PACKET_SIZE = 188;
const SYNC = 0x47;
const TICKS_PER_SEC = 90_000;
const WRAP = 2 ** 33;
/** ffmpeg's overflow correction: timestamps more than 60 s before the file's first one have wrapped. */
const WRAP_MARGIN = 60 * TICKS_PER_SEC;

type Kind = 'video' | 'audio' | 'data';

/**
 * PMT stream types ffmpeg turns into streams with timestamps. Unlisted types (private data, SCTE-35
 * sections, ...) make the reader give up rather than guess what ffmpeg would make of them.
 */
const STREAM_KINDS: ReadonlyMap<number, Kind> = new Map<number, Kind>([
  [0x01, 'video'], // MPEG-1
  [0x02, 'video'], // MPEG-2
  [0x10, 'video'], // MPEG-4 part 2
  [0x1b, 'video'], // H.264
  [0x24, 'video'], // HEVC
  [0x03, 'audio'], // MPEG-1 audio
  [0x04, 'audio'], // MPEG-2 audio
  [0x0f, 'audio'], // AAC, ADTS
  [0x11, 'audio'], // AAC, LATM
  [0x81, 'audio'], // AC-3 (ATSC)
  [0x87, 'audio'], // E-AC-3 (ATSC)
  [0x15, 'data'], // metadata in PES: HLS timed ID3
]);

interface EsStart {
  pid: number;
  kind: Kind;
  /** Raw 33-bit ticks of the first PES header, once seen. */
  pts: number | null;
  dts: number | null;
  seen: boolean;
}

/** Bytes of a PSI section or a PES header gathered across TS packets of one PID. */
interface Gathering {
  bytes: number[];
}

/**
 * Pure: the starts, from the first bytes of an MPEG-TS file (whole 188-byte packets from offset 0; a
 * trailing partial packet is ignored). Null when the head does not tell: not MPEG-TS, no PAT/PMT yet,
 * more than one program, a stream type not in STREAM_KINDS, an audio or video stream whose first PES
 * header is not in the head, or one without a PTS.
 *
 * A start is the first PES header's timestamp, not the smallest in the stream: that is what ffprobe
 * reports (libavformat's update_initial_timestamps takes a stream's first packet with a PTS, in file
 * order; for a closed GOP, what every x264/x265 keyframe-aligned segment has, it is also the smallest).
 * Data streams (timed ID3) count when their first PES comes before every audio/video stream has shown
 * its first one: scanning stops there.
 */
export function tsStartsFromHead(head: Uint8Array): TsStarts | null {
  const packets = Math.floor(head.length / TS_PACKET_SIZE);
  let pmtPid: number | null = null;
  let streams = null as EsStart[] | null;
  const sections = new Map<number, Gathering>();
  const pesHeaders = new Map<number, Gathering>();
  /** The file's first timestamp (a decoding time where there is one): ffmpeg's wrap reference. */
  let reference: number | null = null;

  for (let n = 0; n < packets; n++) {
    const at = n * TS_PACKET_SIZE;
    if (head[at] !== SYNC) return null;
    const b1 = head[at + 1]!;
    const b3 = head[at + 3]!;
    if (b1 & 0x80) continue; // transport_error_indicator: ffmpeg drops the packet too
    const unitStart = (b1 & 0x40) !== 0;
    const pid = ((b1 & 0x1f) << 8) | head[at + 2]!;
    const adaptation = (b3 >> 4) & 0x3;
    if (!(adaptation & 0x1)) continue; // no payload
    let payload = at + 4;
    if (adaptation & 0x2) payload += 1 + head[at + 4]!;
    const end = at + TS_PACKET_SIZE;
    if (payload >= end) continue;
    const data = head.subarray(payload, end);

    if (pid === 0 || pid === pmtPid) {
      const section = gatherSection(sections, pid, data, unitStart);
      if (!section) continue;
      if (pid === 0 && pmtPid === null) {
        const programs = patPrograms(section);
        if (programs === null) continue;
        if (programs.length !== 1) return null;
        pmtPid = programs[0]!;
      } else if (pid === pmtPid && streams === null) {
        const listed = pmtStreams(section);
        if (listed === null) continue;
        streams = [];
        for (const s of listed) {
          const kind = STREAM_KINDS.get(s.streamType);
          if (!kind) return null;
          streams.push({ pid: s.pid, kind, pts: null, dts: null, seen: false });
        }
      }
      continue;
    }

    const stream = streams?.find((s) => s.pid === pid);
    if (!stream || stream.seen) continue;
    const header = gatherPesHeader(pesHeaders, pid, data, unitStart);
    if (!header) continue;
    stream.seen = true;
    if (header === 'no-timestamps') {
      // ffmpeg would guess this packet's times and take a later one's: not worth mimicking.
      if (stream.kind !== 'data') return null;
    } else {
      stream.pts = header.pts;
      stream.dts = header.dts ?? header.pts;
      reference ??= stream.dts;
    }
    if (streams!.every((s) => s.kind === 'data' || s.seen)) return reference === null ? null : startsOf(streams!, reference);
  }
  return null;
}

/**
 * Seconds as ffmpeg reports them: 33-bit timestamps unwrapped against the file's first one (60 s
 * before it; after it when that is within 60 s of the wrap), as libavformat's overflow correction does.
 */
function startsOf(streams: readonly EsStart[], ref: number): TsStarts {
  const subtract = ref >= WRAP - WRAP_MARGIN;
  const unwrap = (t: number) => {
    const reference = ref - WRAP_MARGIN;
    if (!subtract && t < reference) return t + WRAP;
    if (subtract && t >= reference) return t - WRAP;
    return t;
  };
  const ticks = (t: number | null) => (t === null ? null : unwrap(t));
  const sec = (t: number | null) => (t === null ? null : unwrap(t) / TICKS_PER_SEC);
  const video = streams.find((s) => s.kind === 'video');
  const audio = streams.find((s) => s.kind === 'audio');
  const earliest = (list: readonly EsStart[]) => {
    const times = list.map((s) => ticks(s.pts)).filter((t): t is number => t !== null);
    return times.length > 0 ? Math.min(...times) : null;
  };
  // libavformat's update_stream_timings: data streams set the start only when under a second ahead.
  const av = earliest(streams.filter((s) => s.kind !== 'data'));
  const data = earliest(streams.filter((s) => s.kind === 'data'));
  const start = av === null || (data !== null && data < av && av - data < TICKS_PER_SEC) ? (data ?? av) : av;
  const startSec = start === null ? null : start / TICKS_PER_SEC;
  return {
    startSec,
    videoStartSec: video ? sec(video.pts) : null,
    videoDecodeStartSec: video ? sec(video.dts) : null,
    audioStartSec: audio ? sec(audio.pts) : null,
  };
}

/** A complete PSI section (table_id onwards, CRC excluded from checks) once its bytes are in. */
function gatherSection(into: Map<number, Gathering>, pid: number, data: Uint8Array, unitStart: boolean): Uint8Array | null {
  let g = into.get(pid);
  if (unitStart) {
    const pointer = data[0]!;
    g = { bytes: Array.from(data.subarray(1 + pointer)) };
    into.set(pid, g);
  } else if (g) {
    g.bytes.push(...data);
  } else {
    return null;
  }
  if (g.bytes.length < 3) return null;
  const length = 3 + (((g.bytes[1]! & 0x0f) << 8) | g.bytes[2]!);
  if (g.bytes.length < length) return null;
  into.delete(pid);
  return Uint8Array.from(g.bytes.slice(0, length));
}

/** PMT PIDs of a PAT section (program 0, the network PID, left out); null when not a PAT. */
export function patPrograms(section: Uint8Array): number[] | null {
  if (section[0] !== 0x00 || section.length < 12) return null;
  const pids: number[] = [];
  for (let i = 8; i + 4 <= section.length - 4; i += 4) {
    const program = (section[i]! << 8) | section[i + 1]!;
    if (program !== 0) pids.push(((section[i + 2]! & 0x1f) << 8) | section[i + 3]!);
  }
  return pids;
}

/** Elementary streams of a PMT section, in its order; null when not a PMT. */
export function pmtStreams(section: Uint8Array): { streamType: number; pid: number }[] | null {
  if (section[0] !== 0x02 || section.length < 16) return null;
  const programInfo = ((section[10]! & 0x0f) << 8) | section[11]!;
  const streams: { streamType: number; pid: number }[] = [];
  for (let i = 12 + programInfo; i + 5 <= section.length - 4; ) {
    const esInfo = ((section[i + 3]! & 0x0f) << 8) | section[i + 4]!;
    streams.push({ streamType: section[i]!, pid: ((section[i + 1]! & 0x1f) << 8) | section[i + 2]! });
    i += 5 + esInfo;
  }
  return streams;
}

/** The first PES header of a PID once complete: its timestamps, or 'no-timestamps'. */
function gatherPesHeader(
  into: Map<number, Gathering>,
  pid: number,
  data: Uint8Array,
  unitStart: boolean,
): { pts: number; dts: number | null } | 'no-timestamps' | null {
  let g = into.get(pid);
  if (unitStart) {
    g = { bytes: [] };
    into.set(pid, g);
  }
  if (!g) return null; // the file starts inside a PES: wait for the next one
  g.bytes.push(...data.subarray(0, Math.max(0, 32 - g.bytes.length)));
  return pesTimestamps(g.bytes);
}

/**
 * Pure: PTS and DTS (33-bit ticks) of a PES packet's header, null when more bytes are needed,
 * 'no-timestamps' when it has none (or is not a PES with the optional header).
 */
export function pesTimestamps(pes: ArrayLike<number>): { pts: number; dts: number | null } | 'no-timestamps' | null {
  if (pes.length < 9) return null;
  if (pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1) return 'no-timestamps';
  const streamId = pes[3]!;
  // Streams without the optional header: program_stream_map, padding, private_stream_2, ECM, EMM,
  // directory, DSMCC, H.222.1 type E.
  if ([0xbc, 0xbe, 0xbf, 0xf0, 0xf1, 0xff, 0xf2, 0xf8].includes(streamId)) return 'no-timestamps';
  if ((pes[6]! & 0xc0) !== 0x80) return 'no-timestamps';
  const flags = pes[7]! >> 6;
  if (flags !== 2 && flags !== 3) return 'no-timestamps';
  const need = flags === 3 ? 19 : 14;
  if (pes.length < need) return null;
  const pts = timestamp(pes, 9);
  return { pts, dts: flags === 3 ? timestamp(pes, 14) : null };
}

/** The 33-bit timestamp in PES header bytes at..at+4 (marker bits in between). */
function timestamp(b: ArrayLike<number>, at: number): number {
  // 33 bits do not fit in 32-bit bitwise operations: the top three go in by multiplication.
  const high = (b[at]! >> 1) & 0x07;
  const low = (((b[at + 1]! << 8) | b[at + 2]!) >> 1) * 2 ** 15 + (((b[at + 3]! << 8) | b[at + 4]!) >> 1);
  return high * 2 ** 30 + low;
}

/** Read this much at a time: a keyframe's PES usually comes first, and audio right after it. */
const CHUNK_BYTES = 128 * 1024;
/** Past this the head is not worth reading further (ffprobe then decides). */
export const TS_HEAD_MAX_BYTES = 1024 * 1024;

/**
 * The starts of the MPEG-TS file at `path`, reading no more of it than needed (at most maxBytes);
 * null when the head does not tell (see tsStartsFromHead). Throws only when the file cannot be read.
 */
export async function readTsStarts(path: string, maxBytes = TS_HEAD_MAX_BYTES): Promise<TsStarts | null> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes);
    let filled = 0;
    while (filled < maxBytes) {
      const { bytesRead } = await file.read(buffer, filled, Math.min(CHUNK_BYTES, maxBytes - filled), filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      const starts = tsStartsFromHead(buffer.subarray(0, filled));
      if (starts) return starts;
    }
    return null;
  } finally {
    await file.close();
  }
}
