// The ffmpeg filter_complex of a rendered export (pure): N ranges of one source, in the given order,
// joined (concat, or xfade + acrossfade for a crossfade), given a look (looks.ts) and, when asked, a
// loudness pass (loudnorm.ts). Each range is its own input (`-ss -t -i`, seeked fast; re-encoding
// decodes from the keyframe before the seek point and drops what precedes it), like accurate mode.
//
// Frame-exact: range [start, end] of a source at `fps` is the frames k0 … k0+n−1 with
// k0 = round(start·fps) and n = round((end − start)·fps), so the output has exactly Σn frames (minus
// the crossfade overlaps). Video is cut half a frame before k0 and before k0+n (never on a frame's own
// timestamp, where rounding could keep or lose it); audio is cut at exactly k0/fps and (k0+n)/fps, so
// it starts with the first frame and is as long as the video to the sample. A crossfade of d seconds
// becomes D = round(d·fps) frames (at least 1): consecutive ranges overlap by D frames, the reel is
// (N−1)·D frames shorter, and each xfade starts half a frame before the overlap for the same reason.
import type { ExportPreset, Vertical } from '../../../../preload/contract';
import { AppError } from '../../errors';
import { secs } from '../../media/ffmpegTime';
import { lookFor } from './looks';
import { loudnormApplyFilter, loudnormMeasureFilter, type LoudnessMeasurement } from './loudnorm';

export interface SourceVideo {
  width: number;
  height: number;
  /** Frames per second (29.97 as 30000/1001 = 29.97002997…). */
  fps: number;
}

export interface TimeRange {
  start: number;
  end: number;
}

/** A range as whole frames of the source. */
export interface FrameRange {
  firstFrame: number;
  frames: number;
}

/** Where input i is read: `-ss seekSec -t readSec -i source`, then trimmed in the graph. */
export interface RangeInput {
  seekSec: number;
  readSec: number;
  /** Video trim, in the input's own time (0 = seekSec). */
  videoStartSec: number;
  videoEndSec: number;
  /** Audio trim, in the input's own time. */
  audioStartSec: number;
  audioEndSec: number;
}

export interface FilterGraphInput {
  ranges: readonly TimeRange[];
  source: SourceVideo;
  vertical: Vertical | null;
  preset: ExportPreset;
  /** 0 for none; ignored for a single range. */
  crossfadeSec: number;
  hasAudio: boolean;
  /** How far before each cut to seek (exportArgs.seekPrerollSec): 0 for MP4/MOV/Matroska. */
  prerollSec?: number;
  /**
   * 'render': video and audio; the audio normalised with `loudness` when given.
   * 'measure': the audio alone into loudnorm's measuring pass (the first of two).
   */
  pass?: 'render' | 'measure';
  loudness?: LoudnessMeasurement | null;
  /** Appended to the video chain for the encoder (encoders.ts: a pixel format, hwupload). */
  videoTail?: string;
}

export interface FilterGraph {
  inputs: RangeInput[];
  filter: string;
  /** Output pads to -map, null when the pass has none of that kind. */
  video: string | null;
  audio: string | null;
  width: number;
  height: number;
  /** Frames the video will have. */
  frames: number;
  /** frames / fps. */
  durationSec: number;
  /** The crossfade as it is applied: whole frames, and their length in seconds. */
  crossfadeFrames: number;
  crossfadeSec: number;
}

/** The ranges as whole frames; BAD_RANGES for an empty list or a range shorter than a frame. */
export function frameRanges(ranges: readonly TimeRange[], fps: number): FrameRange[] {
  if (!(Number.isFinite(fps) && fps > 0)) throw new AppError('BAD_ARGUMENTS', `The video's frame rate (${fps}) is not one that can be rendered.`);
  if (ranges.length === 0) throw new AppError('BAD_RANGES', 'There are no ranges to export.');
  return ranges.map((r, i) => {
    if (!(Number.isFinite(r.start) && Number.isFinite(r.end) && r.start >= 0 && r.end > r.start)) {
      throw new AppError('BAD_RANGES', `Range ${i + 1} (${r.start}–${r.end} s) does not go forward in time.`);
    }
    const frames = Math.round((r.end - r.start) * fps);
    if (frames < 1) throw new AppError('BAD_RANGES', `Range ${i + 1} is shorter than one frame.`);
    return { firstFrame: Math.round(r.start * fps), frames };
  });
}

/**
 * The crossfade in whole frames (at least 1 when asked for), 0 for none or a single range. Each
 * range must be longer than twice the crossfade, so no two fades overlap and every range is seen
 * unblended for a moment.
 */
export function crossfadeFrames(crossfadeSec: number, frames: readonly FrameRange[], fps: number): number {
  if (!(Number.isFinite(crossfadeSec) && crossfadeSec >= 0)) throw new AppError('BAD_ARGUMENTS', `A crossfade of ${crossfadeSec} s is not possible.`);
  if (crossfadeSec === 0 || frames.length < 2) return 0;
  const d = Math.max(1, Math.round(crossfadeSec * fps));
  const shortest = frames.reduce((i, r, j) => (r.frames < frames[i]!.frames ? j : i), 0);
  if (2 * d >= frames[shortest]!.frames) {
    throw new AppError(
      'BAD_ARGUMENTS',
      `A crossfade of ${round3(crossfadeSec)} s needs every range longer than ${round3((2 * d) / fps)} s; ` +
        `range ${shortest + 1} is ${round3(frames[shortest]!.frames / fps)} s. Shorten the crossfade or lengthen the range.`,
    );
  }
  return d;
}

/** The `-ss -t` and trims of each range (see the header for where the cuts fall). */
export function rangeInputs(frames: readonly FrameRange[], fps: number, prerollSec = 0): RangeInput[] {
  return frames.map(({ firstFrame, frames: n }) => {
    const videoStart = Math.max(0, (firstFrame - 0.5) / fps);
    const videoEnd = (firstFrame + n - 0.5) / fps;
    const audioStart = firstFrame / fps;
    const audioEnd = (firstFrame + n) / fps;
    const seekSec = Math.max(0, videoStart - Math.max(0, prerollSec));
    return {
      seekSec: micro(seekSec),
      // A frame more than needed: the trims cut exactly, the read limit only stops the decoding.
      readSec: micro(audioEnd - seekSec + 1 / fps),
      videoStartSec: micro(videoStart - seekSec),
      videoEndSec: micro(videoEnd - seekSec),
      audioStartSec: micro(audioStart - seekSec),
      audioEndSec: micro(audioEnd - seekSec),
    };
  });
}

export function buildFilterGraph(input: FilterGraphInput): FilterGraph {
  const { fps } = input.source;
  const pass = input.pass ?? 'render';
  const frames = frameRanges(input.ranges, fps);
  const fade = crossfadeFrames(input.crossfadeSec, frames, fps);
  const look = lookFor(input.vertical, input.preset, input.source);
  const inputs = rangeInputs(frames, fps, input.prerollSec);
  const withVideo = pass === 'render';
  const withAudio = input.hasAudio;
  if (!withVideo && !withAudio) throw new AppError('BAD_ARGUMENTS', 'There is no audio to measure.');
  const fadeSec = fade / fps;
  const chains: string[] = [];

  inputs.forEach((t, i) => {
    if (withVideo) chains.push(`[${i}:v:0]trim=start=${secs(t.videoStartSec)}:end=${secs(t.videoEndSec)},setpts=PTS-STARTPTS[v${i}]`);
    if (withAudio) chains.push(`[${i}:a:0]atrim=start=${secs(t.audioStartSec)}:end=${secs(t.audioEndSec)},asetpts=PTS-STARTPTS[a${i}]`);
  });

  const n = inputs.length;
  const total = frames.reduce((sum, r) => sum + r.frames, 0) - (n - 1) * fade;
  if (withVideo) {
    if (n === 1) chains.push('[v0]null[vj]');
    else if (fade === 0) chains.push(`${inputs.map((_, i) => `[v${i}]`).join('')}concat=n=${n}:v=1:a=0[vj]`);
    else {
      let previous = 'v0';
      let length = frames[0]!.frames;
      for (let i = 1; i < n; i++) {
        const out = i === n - 1 ? 'vj' : `x${i}`;
        // The fade starts D frames before the end of what is joined so far (half a frame earlier, see the header).
        const offset = (length - fade - 0.5) / fps;
        chains.push(`[${previous}][v${i}]xfade=transition=fade:duration=${secs(fadeSec)}:offset=${secs(offset)}[${out}]`);
        previous = out;
        length += frames[i]!.frames - fade;
      }
    }
    chains.push(look.graph('vj', 'vl'));
    chains.push(`[vl]${input.videoTail ? input.videoTail : 'null'}[v]`);
  }

  if (withAudio) {
    if (n === 1) chains.push('[a0]anull[aj]');
    else if (fade === 0) chains.push(`${inputs.map((_, i) => `[a${i}]`).join('')}concat=n=${n}:v=0:a=1[aj]`);
    else {
      let previous = 'a0';
      for (let i = 1; i < n; i++) {
        const out = i === n - 1 ? 'aj' : `ax${i}`;
        // Equal-power curves: two unrelated sounds fading keep their loudness through the overlap.
        chains.push(`[${previous}][a${i}]acrossfade=d=${secs(fadeSec)}:c1=qsin:c2=qsin[${out}]`);
        previous = out;
      }
    }
    const loudness = pass === 'measure' ? loudnormMeasureFilter() : input.loudness ? loudnormApplyFilter(input.loudness) : 'anull';
    chains.push(`[aj]${loudness}[a]`);
  }

  return {
    inputs,
    filter: chains.join(';'),
    video: withVideo ? '[v]' : null,
    audio: withAudio ? '[a]' : null,
    width: look.width,
    height: look.height,
    frames: total,
    durationSec: total / fps,
    crossfadeFrames: fade,
    crossfadeSec: fadeSec,
  };
}

function micro(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
