// The picture of a rendered export, as ffmpeg filter chains (pure): the three vertical 9:16 looks
// streamers post to Shorts/TikTok/Reels, or a landscape preset size.
//
// - crop: the 9:16 box of the source, scaled to 1080×1920. The box must lie inside the frame and be
//   within 2% of 9:16 (integer boxes rarely hit 9:16 exactly); it is scaled to cover 1080×1920 keeping its
//   own aspect and the overshoot (≤ 2%) is cut off evenly, so nothing is stretched.
// - blur: the whole frame scaled to fit 1080 wide (or 1920 high for a portrait source), centred over a
//   blurred copy of itself scaled to fill 1080×1920. The copy is blurred at a quarter of the size and
//   scaled up: the same look for a fraction of the work of blurring 2 megapixels per frame.
// - split: two boxes stacked, e.g. the facecam over the gameplay. The top box's own aspect decides its
//   height at 1080 wide, kept between 25% and 50% of the 1920 (a 16:9 facecam gets 1080×608); the bottom
//   box fills the rest. Each box covers its slot keeping its aspect (the overshoot is cut off evenly).
//
// Presets (landscape only; a vertical export is always 1080×1920): '1080p'/'720p' make the output
// exactly that height, the width following the source's aspect (even), upscaling included. Decided so:
// the user picked the size by name and 'source' exists to keep the source's; a smaller source scaled up
// is what streamers upload on purpose (YouTube serves ≥1080p uploads at a higher bitrate). 'source'
// keeps the size, trimmed to even numbers (4:2:0 needs them) when the source has an odd one.
// Every look ends with setsar=1 (square pixels).
import type { ExportPreset, PixelBox, Vertical } from '../../../../preload/contract';
import { AppError } from '../../errors';

export const VERTICAL_WIDTH = 1080;
export const VERTICAL_HEIGHT = 1920;
/** How far a crop box's aspect may be from 9:16, relative. */
export const CROP_ASPECT_TOLERANCE = 0.02;
/** The top box of a split takes this share of the height at least and at most. */
export const SPLIT_TOP_MIN = 0.25;
export const SPLIT_TOP_MAX = 0.5;
/** The blurred background is blurred at this fraction of its size, then scaled up. */
const BLUR_SCALE = 4;
const BLUR_RADIUS = 10;

export interface FrameSize {
  width: number;
  height: number;
}

export interface Look {
  /**
   * Filter graph text from `input` to `output` (pad names without brackets); several chains separated
   * by ';' when the look needs a split.
   */
  graph: (input: string, output: string) => string;
  width: number;
  height: number;
}

const PRESET_HEIGHT: Record<Exclude<ExportPreset, 'source'>, number> = { '1080p': 1080, '720p': 720 };

/** The look for a spec's vertical and preset on a source of `source` size. */
export function lookFor(vertical: Vertical | null, preset: ExportPreset, source: FrameSize): Look {
  checkSize(source);
  if (vertical) {
    switch (vertical.kind) {
      case 'crop':
        return cropLook(vertical.box, source);
      case 'blur':
        return blurLook(source);
      case 'split':
        return splitLook(vertical.top, vertical.bottom, source);
    }
  }
  return presetLook(preset, source);
}

/** The landscape output size of a preset: exactly the preset's height, even width from the aspect. */
export function presetSize(preset: ExportPreset, source: FrameSize): FrameSize {
  checkSize(source);
  if (preset === 'source') return { width: floorEven(source.width), height: floorEven(source.height) };
  const height = PRESET_HEIGHT[preset];
  return { width: Math.max(2, roundEven((height * source.width) / source.height)), height };
}

function presetLook(preset: ExportPreset, source: FrameSize): Look {
  const { width, height } = presetSize(preset, source);
  const same = width === source.width && height === source.height;
  return {
    width,
    height,
    graph: (input, output) =>
      same
        ? `[${input}]setsar=1[${output}]`
        : preset === 'source'
          ? // Odd source size: drop the last column/row rather than resample the whole picture.
            `[${input}]crop=${width}:${height}:0:0,setsar=1[${output}]`
          : `[${input}]scale=${width}:${height}:flags=bicubic,setsar=1[${output}]`,
  };
}

function cropLook(box: PixelBox, source: FrameSize): Look {
  checkBox(box, source, 'crop box');
  const aspect = box.width / box.height;
  const target = VERTICAL_WIDTH / VERTICAL_HEIGHT;
  if (Math.abs(aspect / target - 1) > CROP_ASPECT_TOLERANCE) {
    throw new AppError(
      'BAD_ARGUMENTS',
      `The vertical crop box must be 9:16 (width ÷ height ≈ 0.5625); ${box.width}×${box.height} is ${aspect.toFixed(4)}.`,
    );
  }
  return {
    width: VERTICAL_WIDTH,
    height: VERTICAL_HEIGHT,
    graph: (input, output) => `[${input}]${cropTo(box)},${cover(VERTICAL_WIDTH, VERTICAL_HEIGHT)},setsar=1[${output}]`,
  };
}

function blurLook(source: FrameSize): Look {
  const W = VERTICAL_WIDTH;
  const H = VERTICAL_HEIGHT;
  const fit = fitInside(source, { width: W, height: H });
  const small = { width: W / BLUR_SCALE, height: H / BLUR_SCALE };
  return {
    width: W,
    height: H,
    graph: (input, output) =>
      [
        `[${input}]split=2[${output}_bg][${output}_fg]`,
        `[${output}_bg]${cover(small.width, small.height)},boxblur=${BLUR_RADIUS}:2,scale=${W}:${H}:flags=bilinear[${output}_fill]`,
        `[${output}_fg]scale=${fit.width}:${fit.height}:flags=bicubic[${output}_fit]`,
        `[${output}_fill][${output}_fit]overlay=x=${(W - fit.width) / 2}:y=${(H - fit.height) / 2}:eof_action=pass,setsar=1[${output}]`,
      ].join(';'),
  };
}

/** The height of a split's top slot for a top box: its aspect at 1080 wide, clamped, even. */
export function splitTopHeight(top: Pick<PixelBox, 'width' | 'height'>): number {
  const natural = (VERTICAL_WIDTH * top.height) / top.width;
  const clamped = Math.min(SPLIT_TOP_MAX * VERTICAL_HEIGHT, Math.max(SPLIT_TOP_MIN * VERTICAL_HEIGHT, natural));
  return roundEven(clamped);
}

function splitLook(top: PixelBox, bottom: PixelBox, source: FrameSize): Look {
  checkBox(top, source, 'top box');
  checkBox(bottom, source, 'bottom box');
  const topHeight = splitTopHeight(top);
  const bottomHeight = VERTICAL_HEIGHT - topHeight;
  return {
    width: VERTICAL_WIDTH,
    height: VERTICAL_HEIGHT,
    graph: (input, output) =>
      [
        `[${input}]split=2[${output}_t][${output}_b]`,
        `[${output}_t]${cropTo(top)},${cover(VERTICAL_WIDTH, topHeight)}[${output}_top]`,
        `[${output}_b]${cropTo(bottom)},${cover(VERTICAL_WIDTH, bottomHeight)}[${output}_bottom]`,
        `[${output}_top][${output}_bottom]vstack=inputs=2,setsar=1[${output}]`,
      ].join(';'),
  };
}

/** Scales to cover width×height keeping the aspect, then cuts the overshoot off evenly on both sides. */
function cover(width: number, height: number): string {
  return `scale=${width}:${height}:force_original_aspect_ratio=increase:flags=bicubic,crop=${width}:${height}`;
}

function cropTo(box: PixelBox): string {
  return `crop=${box.width}:${box.height}:${box.x}:${box.y}`;
}

/** The largest even size of `source`'s aspect inside `frame`. */
export function fitInside(source: FrameSize, frame: FrameSize): FrameSize {
  const scale = Math.min(frame.width / source.width, frame.height / source.height);
  return {
    width: Math.min(frame.width, Math.max(2, roundEven(source.width * scale))),
    height: Math.min(frame.height, Math.max(2, roundEven(source.height * scale))),
  };
}

function checkBox(box: PixelBox, source: FrameSize, what: string): void {
  const fits =
    Number.isInteger(box.x) &&
    Number.isInteger(box.y) &&
    Number.isInteger(box.width) &&
    Number.isInteger(box.height) &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.width >= 2 &&
    box.height >= 2 &&
    box.x + box.width <= source.width &&
    box.y + box.height <= source.height;
  if (!fits) {
    throw new AppError(
      'BAD_ARGUMENTS',
      `The ${what} ${box.width}×${box.height} at (${box.x}, ${box.y}) is not inside the ${source.width}×${source.height} video.`,
    );
  }
}

function checkSize(source: FrameSize): void {
  if (!(Number.isInteger(source.width) && Number.isInteger(source.height) && source.width >= 2 && source.height >= 2)) {
    throw new AppError('BAD_ARGUMENTS', `The video's size ${source.width}×${source.height} is not one that can be rendered.`);
  }
}

function roundEven(value: number): number {
  return 2 * Math.round(value / 2);
}

function floorEven(value: number): number {
  return value - (value % 2);
}
