// The packet listing around each cut (see cutMap.ts) read in-process from an MP4/MOV's own index, its
// moov box, instead of by ffprobe: a process start costs ~60 ms, as much as everything else a short
// fast export adds to the copying. Only files whose timeline this reader reproduces exactly as ffmpeg's
// demuxer does are read: one edit at most per track (the usual B-frame or audio-priming shift), no
// fragments, no negative composition offsets. The file is taken to start at 0, as MP4s do; the plan's
// keyframes, which ffprobe found, must then be where this reader sees them, so a file starting elsewhere
// fails that check and is listed by ffprobe. For anything else it returns null and the caller asks
// ffprobe.
import { open } from 'node:fs/promises';
import type { ListedPacket, PacketListing } from './cutMap';
import { boxHeader, mvhdDuration } from './containerDuration';

/** Packets listed on each side of a cut point: enough for the first audio packet after it. */
const WINDOW_SEC = 0.5;

/** An index larger than this is not an MP4 index this reader should load. */
const MAX_MOOV_BYTES = 256 * 1024 * 1024;

export async function readMp4Listing(path: string, points: readonly number[]): Promise<PacketListing | null> {
  try {
    const moov = await readMoov(path);
    const movie = moov && parseMoov(moov);
    return movie ? listingAround(movie, points) : null;
  } catch {
    return null; // truncated or malformed tables: not a file to cut by this index
  }
}

/** Boxes an MP4/MOV may start with; anything else (MPEG-TS, Matroska…) is not read as one. */
const FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot']);

/** The contents of the top-level moov box, wherever it is (muxers without faststart write it last). */
async function readMoov(path: string): Promise<Buffer | null> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    let offset = 0;
    while (offset + 8 <= size) {
      const header = Buffer.alloc(16);
      await file.read(header, 0, 16, offset);
      const box = boxHeader(header, size - offset);
      if (!box || (offset === 0 && !FIRST_BOXES.has(box.type))) return null;
      if (box.type === 'moof') return null; // fragmented: the moov does not index the media
      if (box.type === 'moov') {
        if (box.size > MAX_MOOV_BYTES) return null;
        const body = Buffer.alloc(box.size - box.headerSize);
        await file.read(body, 0, body.length, offset + box.headerSize);
        return body;
      }
      offset += box.size;
    }
    return null;
  } finally {
    await file.close();
  }
}

export interface Mp4Movie {
  durationSec: number | null;
  tracks: Mp4Track[];
  /** Tracks of other kinds (timecode, chapters…), not read. */
  otherTracks: number;
}

/** One track's sample tables, read lazily (a long recording has millions of samples). */
export interface Mp4Track {
  kind: 'video' | 'audio';
  timescale: number;
  /** The edit list's media time: ffmpeg shifts every timestamp back by it. */
  shift: number;
  sampleCount: number;
  dts(index: number): number;
  pts(index: number): number;
  pos(index: number): number;
  key(index: number): boolean;
  /** 0-based indexes of the sync samples (all samples when the track has no stss). */
  syncSamples: number[] | null;
}

export function parseMoov(moov: Buffer): Mp4Movie | null {
  const tracks: Mp4Track[] = [];
  let otherTracks = 0;
  for (const box of children(moov)) {
    if (box.type === 'mvex') return null; // fragmented
    if (box.type === 'trak') {
      const track = parseTrak(moov.subarray(box.start, box.end));
      // A track of another kind (timecode, chapters) the single run does not copy may be anything.
      if (track === 'other') {
        otherTracks++;
        continue;
      }
      if (!track) return null;
      tracks.push(track);
    }
  }
  return { durationSec: mvhdDuration(moov), tracks, otherTracks };
}

/**
 * The listing cutMap.ts expects, for the first video and first audio track: the keyframes and the audio
 * packets within WINDOW_SEC of each point (seconds from the file start).
 */
export function listingAround(movie: Mp4Movie, points: readonly number[]): PacketListing | null {
  const video = movie.tracks.find((t) => t.kind === 'video');
  const audio = movie.tracks.find((t) => t.kind === 'audio');
  if (!video) return null;
  const packets: ListedPacket[] = [];
  const add = (track: Mp4Track, kind: 'video' | 'audio', i: number) => {
    const pos = track.pos(i);
    if (!Number.isFinite(pos)) throw new Error('sample outside the chunk table');
    packets.push({ kind, ptsSec: track.pts(i) / track.timescale, dtsSec: track.dts(i) / track.timescale, pos, key: track.key(i) });
  };
  for (const t of points) {
    const sync = video.syncSamples;
    if (sync) {
      const first = lowerBound(sync.length, (j) => video.pts(sync[j] as number) / video.timescale >= t - WINDOW_SEC);
      // And the keyframe before the window: where a seek just before `t` lands (see buildCutMap).
      if (first > 0) add(video, 'video', sync[first - 1] as number);
      for (let k = first; k < sync.length; k++) {
        const i = sync[k] as number;
        if (video.pts(i) / video.timescale > t + WINDOW_SEC) break;
        add(video, 'video', i);
      }
    } else {
      for (let i = lowerBound(video.sampleCount, (j) => video.dts(j) / video.timescale >= t - WINDOW_SEC); i < video.sampleCount; i++) {
        if (video.dts(i) / video.timescale > t + WINDOW_SEC) break;
        add(video, 'video', i);
      }
    }
    if (audio) {
      for (let i = lowerBound(audio.sampleCount, (j) => audio.pts(j) / audio.timescale >= t - WINDOW_SEC); i < audio.sampleCount; i++) {
        if (audio.pts(i) / audio.timescale > t + WINDOW_SEC) break;
        add(audio, 'audio', i);
      }
    }
  }
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    startTimeSec: 0,
    durationSec: movie.durationSec,
    hasAudioStream: audio !== undefined,
    extraStreams: movie.tracks.length - 1 - (audio ? 1 : 0) + movie.otherTracks,
    packets,
  };
}

interface Box {
  type: string;
  headerSize: number;
  /** Offsets of the contents within the parent buffer. */
  start: number;
  end: number;
}

function children(buffer: Buffer): Box[] {
  const boxes: Box[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const header = boxHeader(buffer.subarray(offset), buffer.length - offset);
    if (!header) break;
    boxes.push({ type: header.type, headerSize: header.headerSize, start: offset + header.headerSize, end: offset + header.size });
    offset += header.size;
  }
  return boxes;
}

function child(buffer: Buffer, ...path: string[]): Buffer | null {
  let current: Buffer = buffer;
  for (const type of path) {
    const box = children(current).find((b) => b.type === type);
    if (!box) return null;
    current = current.subarray(box.start, box.end);
  }
  return current;
}

function parseTrak(trak: Buffer): Mp4Track | 'other' | null {
  const mdia = child(trak, 'mdia');
  const hdlr = mdia && child(mdia, 'hdlr');
  if (!mdia || !hdlr || hdlr.length < 12) return null;
  const handler = hdlr.toString('latin1', 8, 12);
  const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
  if (kind === 'other') return 'other';
  const stbl = child(mdia, 'minf', 'stbl');
  const mdhd = child(mdia, 'mdhd');
  if (!stbl || !mdhd) return null;
  const timescale = mdhd[0] === 1 ? mdhd.readUInt32BE(20) : mdhd.readUInt32BE(12);
  if (!(timescale > 0)) return null;

  const shift = editShift(child(trak, 'edts', 'elst'));
  const stsd = child(stbl, 'stsd');
  const stts = child(stbl, 'stts');
  const stsz = child(stbl, 'stsz');
  const stsc = child(stbl, 'stsc');
  const chunkTable = child(stbl, 'stco') ?? child(stbl, 'co64');
  const co64 = !child(stbl, 'stco');
  // One sample description (no mid-file codec change), and the tables ffmpeg's timeline depends on.
  if (shift === null || !stsd || stsd.readUInt32BE(4) !== 1 || !stts || !stsz || !stsc || !chunkTable) return null;

  const sampleCount = stsz.readUInt32BE(8);
  const uniformSize = stsz.readUInt32BE(4);
  const size = (i: number) => (uniformSize !== 0 ? uniformSize : stsz.readUInt32BE(12 + 4 * i));

  const timing = runs(stts, 8, (b, o) => b.readUInt32BE(o), (b, o) => b.readUInt32BE(o + 4));
  const ctts = child(stbl, 'ctts');
  const composition = ctts ? runs(ctts, 8, (b, o) => b.readUInt32BE(o), (b, o) => b.readInt32BE(o + 4)) : null;
  if (composition?.values.some((v) => v < 0)) return null; // ffmpeg shifts those; not reproduced here

  const chunkCount = chunkTable.readUInt32BE(4);
  const chunkOffset = (c: number) => (co64 ? Number(chunkTable.readBigUInt64BE(8 + 8 * c)) : chunkTable.readUInt32BE(8 + 4 * c));
  // stsc: runs of chunks with the same samples per chunk; first sample index of each run.
  const stscCount = stsc.readUInt32BE(4);
  const firstChunk: number[] = [];
  const perChunk: number[] = [];
  const firstSample: number[] = [];
  let sampleAt = 0;
  for (let r = 0; r < stscCount; r++) {
    firstChunk.push(stsc.readUInt32BE(8 + 12 * r) - 1);
    perChunk.push(stsc.readUInt32BE(12 + 12 * r));
    if (r > 0) sampleAt += ((firstChunk[r] as number) - (firstChunk[r - 1] as number)) * (perChunk[r - 1] as number);
    firstSample.push(sampleAt);
  }
  if (stscCount === 0 || sampleCount === 0 || timing.total < sampleCount) return null;

  const stss = child(stbl, 'stss');
  const syncSamples = stss ? Array.from({ length: stss.readUInt32BE(4) }, (_, k) => stss.readUInt32BE(8 + 4 * k) - 1) : null;
  const syncSet = syncSamples ? new Set(syncSamples) : null;

  const dts = (i: number) => timing.startValue(i) - shift;
  return {
    kind,
    timescale,
    shift,
    sampleCount,
    dts,
    pts: (i) => dts(i) + (composition ? composition.valueAt(i) : 0),
    key: (i) => !syncSet || syncSet.has(i),
    syncSamples,
    pos: (i) => {
      const r = upperBound(firstSample.length, (k) => (firstSample[k] as number) > i) - 1;
      const inRun = i - (firstSample[r] as number);
      const per = perChunk[r] as number;
      const chunk = (firstChunk[r] as number) + Math.floor(inRun / per);
      if (chunk >= chunkCount) return NaN;
      let pos = chunkOffset(chunk);
      for (let s = i - (inRun % per); s < i; s++) pos += size(s);
      return pos;
    },
  };
}

/** The edit list's media time (0 without one); null for edits ffmpeg would turn into more than a shift. */
function editShift(elst: Buffer | null): number | null {
  if (!elst) return 0;
  const version = elst[0];
  const count = elst.readUInt32BE(4);
  if (count !== 1) return null;
  const mediaTime = version === 1 ? Number(elst.readBigInt64BE(16)) : elst.readInt32BE(12);
  const rate = version === 1 ? elst.readInt16BE(24) : elst.readInt16BE(16);
  return mediaTime >= 0 && rate === 1 ? mediaTime : null;
}

/**
 * A run-length table (count, value) as stts/ctts store it: `startValue(i)` is the sum of the values of
 * the samples before i (stts: the decode time), `valueAt(i)` the value of sample i (ctts: the offset).
 */
function runs(
  box: Buffer,
  first: number,
  count: (b: Buffer, o: number) => number,
  value: (b: Buffer, o: number) => number,
): { total: number; values: number[]; startValue(i: number): number; valueAt(i: number): number } {
  const n = box.readUInt32BE(4);
  const firstIndex: number[] = [];
  const values: number[] = [];
  const startSums: number[] = [];
  let index = 0;
  let sum = 0;
  for (let r = 0; r < n; r++) {
    const c = count(box, first + 8 * r);
    const v = value(box, first + 8 * r);
    firstIndex.push(index);
    values.push(v);
    startSums.push(sum);
    index += c;
    sum += c * v;
  }
  const runOf = (i: number) => upperBound(firstIndex.length, (r) => (firstIndex[r] as number) > i) - 1;
  return {
    total: index,
    values,
    startValue: (i) => {
      const r = runOf(i);
      return (startSums[r] as number) + (i - (firstIndex[r] as number)) * (values[r] as number);
    },
    valueAt: (i) => values[runOf(i)] as number,
  };
}

/** First index in [0, length) where the monotone predicate turns true (length when it never does). */
function lowerBound(length: number, isAtOrAfter: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isAtOrAfter(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const upperBound = lowerBound;
