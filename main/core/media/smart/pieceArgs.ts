// The ffmpeg argument lists of a smart export, as pure functions (smartExport.ts runs them):
// - encode run: the re-encoded pieces of several ranges as ONE encode (one encoder start, its threads
//   busy throughout), split into one MPEG-TS file per piece by the segment muxer at IDR frames forced on
//   each piece's first frame;
// - copy run: the copied pieces, each its own input seeked to its first keyframe and its own output
//   stopped after exactly its packet count;
// - audio run: the audio of every range decoded from the source, trimmed to the sample, joined and
//   encoded once (alongside the other runs);
// - join: the pieces in reel order through the concat demuxer and that audio, both copied.
// Pieces are MPEG-TS because H.264/HEVC there is Annex B with the parameter sets in-band before every
// keyframe (the muxer's mp4toannexb filter puts them there for copied MP4 packets, x264/x265 repeat
// them): each piece brings its own SPS/PPS, so copied and re-encoded frames decode one after the other.
import { AUDIO_ENCODE_ARGS, COMMON_ARGS, SEEK_NUDGE_SEC, type OutputFormat } from '../exportArgs';
import { ffconcatQuote, secs, signedSecs } from '../ffmpegTime';
import type { CopyPiece, EncodePiece, RangeFrames } from './smartPlan';
import type { Rational } from './videoPackets';

export type ContainerKind = 'indexed' | 'mpegts';

export function frameSecOf(rate: Rational): number {
  return rate.den / rate.num;
}

/**
 * Where to seek to start reading at a keyframe. Indexed containers (MP4/MOV/Matroska) seek to the
 * keyframe at or before the point, so just past its time lands on it. MPEG-TS seeks by decode time to a
 * packet at or before the point (no index: it reads timestamps), and ffmpeg then starts at the next
 * keyframe: a quarter frame before the keyframe's decode time lands among the packets of the GOP before
 * it, so that next keyframe is this one.
 */
export function seekPoint(from: { pts: number; dts: number }, container: ContainerKind, frameSec: number): number {
  const point = container === 'indexed' ? from.pts + SEEK_NUDGE_SEC : from.dts - frameSec / 4;
  return Math.max(point, MIN_SEEK_SEC);
}

/**
 * Every input is seeked, at least this far: without -ss ffmpeg moves the zero of an MPEG-TS input to the
 * start of the streams it uses (the video's, not the file's, when the audio is not read), so times
 * would not be the plan's. With any -ss they count from the file's start time.
 */
export const MIN_SEEK_SEC = 1e-6;

/** Where each piece of a run begins in the run's output, in frames (the first is 0). */
function boundaries(pieces: readonly { frames: number }[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const p of pieces) {
    starts.push(at);
    at += p.frames;
  }
  return starts;
}

/** Input time read past the last frame wanted (the input stops there; the trim decides exactly). */
const READ_PAST_SEC = 1;

export interface EncodeRunInput {
  videoPath: string;
  pieces: readonly EncodePiece[];
  container: ContainerKind;
  frameRate: Rational;
  /** The source's sample aspect ratio, kept on the encoded frames. */
  sar: string | null;
  /** encodeMatch.encoderArgs. */
  encoder: readonly string[];
  /** The encoder's threads: runs go on lanes side by side, so each takes its share of the cores. */
  threads: number;
  /** The segment muxer's name pattern, e.g. `/tmp/parts/enc-01-%04d.ts`: piece i is number i. */
  outPattern: string;
}

/**
 * One input per piece, seeked to the keyframe its decoding starts from (-noaccurate_seek: ffmpeg would
 * otherwise drop the frames before the seek point, the keyframe itself included). Frame times after
 * such a seek are the source's minus the seek point, so the trim picks the piece's frames by time,
 * half a frame either side of them. The pieces are concatenated and renumbered frame by frame on a
 * 1/fps time base, so piece k starts exactly at frame boundaries[k], where an IDR is forced and the
 * segment muxer starts the next file (both given a quarter frame early, clear of rounding).
 */
export function encodeRunArgs(input: EncodeRunInput): string[] {
  const f = frameSecOf(input.frameRate);
  const inputs: string[] = [];
  const chains: string[] = [];
  input.pieces.forEach((piece, i) => {
    const seekAt = seekPoint(piece.from, input.container, f);
    const first = piece.firstSec - seekAt;
    const start = first - f / 2;
    const end = first + (piece.frames - 0.5) * f;
    // No -t: it would count from where the seek landed, which in Matroska can be GOPs early; ffmpeg
    // stops reading an input once its trim has ended.
    // One decoder thread: the concat reads its inputs one after another, and the runs on the other
    // lanes keep the other cores busy (frame threads here only oversubscribed them: 40 % more CPU).
    inputs.push('-threads', '1', '-noaccurate_seek', '-ss', secs(seekAt), '-i', input.videoPath);
    // A start before the seek point too: Matroska's seek may land GOPs early.
    chains.push(`[${i}:v:0]trim=start=${signedSecs(start)}:end=${signedSecs(end)},setpts=PTS-STARTPTS[v${i}]`);
  });
  const n = input.pieces.length;
  const joined = n > 1 ? `${input.pieces.map((_, i) => `[v${i}]`).join('')}concat=n=${n}:v=1:a=0,` : '[v0]';
  const rate = `${input.frameRate.num}/${input.frameRate.den}`;
  const tail = `settb=${input.frameRate.den}/${input.frameRate.num},setpts=N${input.sar ? `,setsar=${input.sar.replace(':', '/')}` : ''}[v]`;
  const graph = `${chains.join(';')};${n > 1 ? joined : '[v0]'}${tail}`;
  const cuts = boundaries(input.pieces)
    .slice(1)
    .map((frame) => secs((frame - 0.25) * f))
    .join(',');
  return [
    ...COMMON_ARGS,
    ...inputs,
    '-filter_complex', graph,
    '-map', '[v]',
    ...input.encoder,
    '-threads', String(input.threads),
    // Frames keep the numbering above: no frame is duplicated or dropped to fit a rate.
    '-r', rate, '-fps_mode', 'passthrough',
    ...(cuts ? ['-force_key_frames', cuts, '-forced-idr', '1'] : []),
    '-f', 'segment', '-segment_format', 'mpegts',
    ...(cuts ? ['-segment_times', cuts] : []),
    '-reset_timestamps', '1',
    input.outPattern,
  ];
}

export interface CopyRunInput {
  videoPath: string;
  pieces: readonly CopyPiece[];
  container: ContainerKind;
  frameRate: Rational;
  /** One per piece. */
  outPaths: readonly string[];
}

/**
 * Each piece: its own input seeked to somewhere before its first keyframe (half a frame before its
 * presentation, or for MPEG-TS its decode, time: where the seek lands then depends on the container,
 * Matroska's may be GOPs early), its video copied to MPEG-TS from the first keyframe shown at or after
 * the seek point (-copypriorss 0 drops the packets shown before it, ffmpeg the non-keyframes before the
 * first keyframe: in closed GOPs everything decoded before the keyframe is shown before it), stopped
 * after the piece's packet count. In decode order those packets
 * are exactly the frames of its GOPs (smartPlan checked it), so no time limit, whose meaning for copied
 * packets depends on the ffmpeg version, is involved. A keyframe at the very start needs no seek.
 */
export function copyRunArgs(input: CopyRunInput): string[] {
  const f = frameSecOf(input.frameRate);
  const seeks = input.pieces.map((piece) => copySeek(piece, input.container, f));
  const inputs = seeks.flatMap((seek) => [...(seek !== null ? ['-ss', secs(seek)] : []), '-i', input.videoPath]);
  const outputs = input.pieces.flatMap((piece, i) => [
    '-map', `${i}:v:0`, '-c', 'copy',
    ...(seeks[i] !== null ? ['-copypriorss', '0'] : []),
    '-frames:v', String(piece.frames), '-f', 'mpegts', input.outPaths[i] as string,
  ]);
  return [...COMMON_ARGS, ...inputs, ...outputs];
}

/**
 * Where a copy seeks: half a frame before its keyframe is shown (and, in MPEG-TS, decoded), so that
 * keyframe is the first packet shown after the point and the frame before it is not; null when that
 * is the file's start (the keyframe is its first packet).
 */
export function copySeek(piece: CopyPiece, container: ContainerKind, frameSec: number): number | null {
  const before = (container === 'indexed' ? piece.from.pts : Math.min(piece.from.pts, piece.from.dts)) - frameSec / 2;
  return before > 0 ? before : null;
}

/**
 * The concat demuxer's list of the pieces in reel order. Each entry's duration is its frame count at
 * the source's rate, rounded so that every piece STARTS at its exact time rounded to the microsecond
 * (rounding each duration instead would let the errors add up).
 */
export function piecesConcatList(pieces: readonly { fileName: string; frames: number }[], frameRate: Rational): string {
  const lines = ['ffconcat version 1.0'];
  let frames = 0;
  const micros = (n: number) => Math.round((n * frameRate.den * 1e6) / frameRate.num);
  for (const p of pieces) {
    const duration = micros(frames + p.frames) - micros(frames);
    frames += p.frames;
    lines.push(`file ${ffconcatQuote(p.fileName)}`, `duration ${(duration / 1e6).toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Audio decoded this far before each range's first frame: the decoder settles, the seek may land early. */
export const AUDIO_PREROLL_SEC = 2;

export interface AudioRunInput {
  videoPath: string;
  /** The ranges with frames, in reel order. */
  ranges: readonly RangeFrames[];
  frameRate: Rational;
  /** An MP4 (.m4a): its edit list hides the AAC encoder's priming when the join copies it. */
  outPath: string;
}

/**
 * The reel's whole audio in one run: each range's from the source, from its first frame's time for
 * exactly its frames' duration (so it cannot drift from the video, range after range), joined by the
 * concat filter into one stream and encoded once: no seam of its own, no gap, nothing twice.
 */
export function audioRunArgs(input: AudioRunInput): string[] {
  const f = frameSecOf(input.frameRate);
  const inputs: string[] = [];
  const chains: string[] = [];
  input.ranges.forEach((r, i) => {
    const seekAt = Math.max(MIN_SEEK_SEC, r.firstSec - AUDIO_PREROLL_SEC);
    const start = r.firstSec - seekAt;
    const end = start + r.frames * f;
    inputs.push('-ss', secs(seekAt), '-t', secs(end + READ_PAST_SEC), '-vn', '-i', input.videoPath);
    chains.push(`[${i}:a:0]atrim=start=${secs(start)}:end=${secs(end)},asetpts=PTS-STARTPTS[a${i}]`);
  });
  const n = input.ranges.length;
  const graph =
    n > 1 ? `${chains.join(';')};${input.ranges.map((_, i) => `[a${i}]`).join('')}concat=n=${n}:v=0:a=1[a]` : (chains[0] as string).replace(/\[a0\]$/, '[a]');
  return [...COMMON_ARGS, ...inputs, '-filter_complex', graph, '-map', '[a]', ...AUDIO_ENCODE_ARGS, '-f', 'mp4', input.outPath];
}

/** The join: the pieces' video through the concat demuxer and the audio run's AAC, both copied. */
export function joinArgs(input: { listPath: string; audioPath: string | null; outPath: string; format: OutputFormat }): string[] {
  return [
    ...COMMON_ARGS,
    '-f', 'concat', '-safe', '0', '-i', input.listPath,
    ...(input.audioPath ? ['-i', input.audioPath] : []),
    '-map', '0:v:0',
    ...(input.audioPath ? ['-map', '1:a:0'] : []),
    '-c', 'copy',
    ...(input.format === 'matroska' ? [] : ['-movflags', '+faststart']),
    '-f', input.format,
    input.outPath,
  ];
}
