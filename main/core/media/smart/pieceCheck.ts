// Checks the written pieces before they are joined. Two kinds of check:
// - the packets (scanTsVideo reads the MPEG-TS piece itself, no process: frames counted, the first few
//   with their times, keyframe flag and size): the right number of frames, starting with a keyframe,
//   with the reel's decode delay, and for a copy the very packets planned (their sizes: the proof that
//   its seek found the right keyframe);
// - the stream parameters its first SPS gives (ffprobe): what the encoder made of the arguments it was
//   given, and, for a copy from MPEG-TS (whose in-band SPS is the one in force at that keyframe), whether
//   the source's parameters changed midway. A copy from MP4 or Matroska starts with the container's own
//   SPS, put there by the muxer, which says nothing about the packets: those are not probed.
// Every copied piece is scanned whole; an encode run's pieces were cut by the segment muxer from one
// stream at forced IDR frames, so its first piece is checked and the run's frame count (smartExport.ts).
import { open } from 'node:fs/promises';
import { requireFfmpeg } from '../ffmpegPaths';
import { runFfmpeg } from '../runFfmpeg';
import { FRAME_JITTER_SEC, type Piece } from './smartPlan';
import { normaliseSar, type VideoStreamFacts } from './videoPackets';

export interface PieceParams {
  codec: string | null;
  profile: string | null;
  level: number | null;
  width: number | null;
  height: number | null;
  pixFmt: string | null;
  sar: string | null;
}

export interface PieceStart {
  /** Frames in the piece. */
  count: number;
  /** The first few, in decode order; times in seconds on the piece's own timeline. */
  packets: { pts: number | null; dts: number | null; key: boolean; size: number }[];
}

interface StreamJson {
  streams?: { codec_name?: string; profile?: string; level?: number; width?: number; height?: number; pix_fmt?: string; sample_aspect_ratio?: string }[];
}

export function pieceParamsFromJson(json: StreamJson): PieceParams {
  const s = json.streams?.[0] ?? {};
  return {
    codec: s.codec_name ?? null,
    profile: s.profile ?? null,
    level: typeof s.level === 'number' && s.level > 0 ? s.level : null,
    width: s.width ?? null,
    height: s.height ?? null,
    pixFmt: s.pix_fmt ?? null,
    sar: normaliseSar(s.sample_aspect_ratio),
  };
}

/** A Baseline decoder decodes Constrained Baseline: the two count as one. */
function sameProfile(a: string | null, b: string | null): boolean {
  const norm = (p: string | null) => (p === 'Baseline' ? 'Constrained Baseline' : p);
  return norm(a) === norm(b);
}

/**
 * Pure: null when the piece's parameters are the source's. Size, pixel format and pixel aspect are
 * never changed by smart export, so a difference there means the source changed them midway; a profile
 * or level that differs is the encoder's.
 */
export function checkPieceParams(piece: Piece, params: PieceParams, source: VideoStreamFacts): string | null {
  const at = `at ${(piece.kind === 'copy' ? piece.from.pts : piece.firstSec).toFixed(2)} s`;
  const changed: string[] = [];
  if (params.codec !== source.codec) changed.push(`codec ${params.codec} instead of ${source.codec}`);
  if (params.width !== source.width || params.height !== source.height) {
    changed.push(`size ${params.width}x${params.height} instead of ${source.width}x${source.height}`);
  }
  if (params.pixFmt !== source.pixFmt) changed.push(`pixel format ${params.pixFmt} instead of ${source.pixFmt}`);
  if ((params.sar ?? '1:1') !== (source.sar ?? '1:1')) changed.push(`pixel aspect ${params.sar ?? '1:1'} instead of ${source.sar ?? '1:1'}`);
  if (changed.length > 0) return `the video's parameters change within the file (${changed.join(', ')} ${at})`;
  const differs: string[] = [];
  if (!sameProfile(params.profile, source.profile)) differs.push(`profile ${params.profile} instead of ${source.profile}`);
  if (source.level !== null && params.level !== null && params.level !== source.level) differs.push(`level ${params.level} instead of ${source.level}`);
  if (differs.length === 0) return null;
  return piece.kind === 'copy'
    ? `the video's parameters change within the file (${differs.join(', ')} ${at})`
    : `re-encoded frames would not match the source (${differs.join(', ')})`;
}

/**
 * The MPEG-TS muxer puts an access unit delimiter before every frame that has none: a copied packet
 * may come back this much bigger.
 */
const MAX_ADDED_BYTES = 16;
/** …and packets with more slices lose a byte more: the differences may spread this much. */
const SIZE_SPREAD_BYTES = 4;

/** Pure: null when the piece's packets are what the plan asked for, else what is wrong. */
export function checkPieceStart(
  piece: Piece,
  start: PieceStart,
  expect: { delayFrames: number; frameSec: number; wholePiece: boolean },
): string | null {
  const where = piece.kind === 'copy' ? `at ${piece.from.pts.toFixed(2)} s` : `at ${piece.firstSec.toFixed(2)} s`;
  const what = piece.kind === 'copy' ? `the copied frames ${where}` : `the re-encoded frames ${where}`;
  if (expect.wholePiece && start.count !== piece.frames) return `${what} came out as ${start.count} frames instead of ${piece.frames}`;
  const packets = start.packets;
  const first = packets[0];
  if (!first?.key) return `${what} do not start with a keyframe`;
  if (first.pts === null || first.dts === null) return `${what} have no timestamps`;
  const delay = first.pts - first.dts;
  if (Math.abs(delay - expect.delayFrames * expect.frameSec) > FRAME_JITTER_SEC) {
    return `${what} are decoded ${(delay * 1000).toFixed(1)} ms ahead instead of ${(expect.delayFrames * expect.frameSec * 1000).toFixed(1)} ms`;
  }
  if (piece.kind === 'copy') {
    // The keyframe itself may have gained parameter sets; the frames after it only a delimiter (and
    // start codes for length fields, a byte less per slice after the first).
    const compared = Math.min(piece.from.sizes.length, packets.length);
    const added = piece.from.sizes.slice(1, compared).map((size, i) => (packets[i + 1] as { size: number }).size - size);
    const base = added[0];
    if (base !== undefined && (base < -MAX_ADDED_BYTES || base > MAX_ADDED_BYTES || added.some((d) => Math.abs(d - base) > SIZE_SPREAD_BYTES))) {
      return `${what} do not start with the planned keyframe`;
    }
  }
  return null;
}

/** The stream parameters of a piece (its first SPS), by ffprobe. */
export async function probePieceParams(path: string, opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv }): Promise<PieceParams> {
  const { ffprobePath } = requireFfmpeg(opts.env);
  const { stdout } = await runFfmpeg(
    ffprobePath,
    [
      '-v', 'error', '-select_streams', 'v:0', '-read_intervals', '%+#1',
      '-show_entries', 'stream=codec_name,profile,level,width,height,pix_fmt,sample_aspect_ratio', '-of', 'json', path,
    ],
    { signal: opts.signal },
  );
  return pieceParamsFromJson(JSON.parse(stdout) as StreamJson);
}

const TS_PACKET = 188;
/** Read at a time: a few thousand TS packets, so a long piece never holds the event loop for long. */
const SCAN_CHUNK = TS_PACKET * 8192;

/**
 * Reads an MPEG-TS piece written by ffmpeg (one video stream, one frame per PES packet): the number of
 * frames, and the first `firstPackets` with their PTS/DTS (90 kHz), keyframe flag (the adaptation
 * field's random access indicator) and size (the PES payload, what a demuxer hands on as the packet).
 */
export async function scanTsVideo(path: string, firstPackets: number): Promise<PieceStart> {
  const file = await open(path, 'r');
  const scanner = createTsScanner(firstPackets);
  try {
    const buffer = Buffer.alloc(SCAN_CHUNK);
    let carry = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, SCAN_CHUNK, null);
      if (bytesRead === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      const whole = data.length - (data.length % TS_PACKET);
      scanner.push(data.subarray(0, whole));
      carry = Buffer.from(data.subarray(whole));
    }
  } finally {
    await file.close();
  }
  return scanner.end();
}

/** Pure: the scanner behind scanTsVideo, fed whole TS packets. */
export function createTsScanner(firstPackets: number): { push(chunk: Buffer): void; end(): PieceStart } {
  let videoPid = -1;
  let count = 0;
  const packets: PieceStart['packets'] = [];
  // The PES being read (only while it is one of the first few): its payload bytes so far.
  let current: { payload: number; headerBytes: number } | null = null;
  const close = () => {
    if (current) {
      const last = packets[packets.length - 1];
      if (last) last.size = current.payload - current.headerBytes;
      current = null;
    }
  };
  return {
    push(chunk) {
      for (let at = 0; at + TS_PACKET <= chunk.length; at += TS_PACKET) {
        if (chunk[at] !== 0x47) continue;
        const b1 = chunk[at + 1] as number;
        const pid = ((b1 & 0x1f) << 8) | (chunk[at + 2] as number);
        const unitStart = (b1 & 0x40) !== 0;
        const control = ((chunk[at + 3] as number) >> 4) & 3;
        const adaptation = (control & 2) !== 0 ? (chunk[at + 4] as number) : -1;
        const payloadAt = at + 4 + (adaptation >= 0 ? 1 + adaptation : 0);
        if ((control & 1) === 0 || payloadAt >= at + TS_PACKET) continue;
        if (unitStart) {
          const isVideoPes =
            chunk[payloadAt] === 0 && chunk[payloadAt + 1] === 0 && chunk[payloadAt + 2] === 1 && ((chunk[payloadAt + 3] as number) & 0xf0) === 0xe0;
          if (videoPid < 0 && isVideoPes) videoPid = pid;
          if (pid !== videoPid) continue;
          close();
          count++;
          if (packets.length < firstPackets) {
            const key = adaptation > 0 && ((chunk[at + 5] as number) & 0x40) !== 0;
            const flags = (chunk[payloadAt + 7] as number) >> 6;
            const headerBytes = 9 + (chunk[payloadAt + 8] as number);
            const pts = flags >= 2 ? timestamp(chunk, payloadAt + 9) : null;
            const dts = flags === 3 ? timestamp(chunk, payloadAt + 14) : pts;
            packets.push({ pts, dts, key, size: 0 });
            current = { payload: at + TS_PACKET - payloadAt, headerBytes };
          }
        } else if (pid === videoPid && current) {
          current.payload += at + TS_PACKET - payloadAt;
        }
      }
    },
    end() {
      close();
      return { count, packets };
    },
  };
}

/** A 33-bit PES timestamp at `at`, in seconds. */
function timestamp(b: Buffer, at: number): number {
  const high = ((b[at] as number) >> 1) & 0x07;
  const value =
    high * 2 ** 30 + ((b[at + 1] as number) << 22) + (((b[at + 2] as number) >> 1) << 15) + ((b[at + 3] as number) << 7) + ((b[at + 4] as number) >> 1);
  return value / 90_000;
}
