// The boxes a vertical export is framed with, in source pixels: where they start, and how the pointer
// and the keyboard move and resize them without ever leaving the frame. A crop box keeps 9:16 (the
// output's shape); the two boxes of a split are free (each is scaled to fill its half of the output).
import type { PixelBox, Vertical } from '../../../preload/contract';

export type VerticalKind = Vertical['kind'];

export interface Frame {
  width: number;
  height: number;
}

const NINE_SIXTEEN = 9 / 16;

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
const evenFloor = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/** Keeps a box inside the frame, with even sizes (what the encoder needs) of at least 16 pixels. */
export function clampBox(box: PixelBox, frame: Frame): PixelBox {
  const width = Math.min(even(Math.max(16, box.width)), evenFloor(frame.width));
  const height = Math.min(even(Math.max(16, box.height)), evenFloor(frame.height));
  return {
    x: Math.round(Math.min(Math.max(0, box.x), frame.width - width)),
    y: Math.round(Math.min(Math.max(0, box.y), frame.height - height)),
    width,
    height,
  };
}

/** The largest 9:16 box of this height (or the frame's width), centred on (cx, cy). */
function cropBoxAround(cx: number, cy: number, height: number, frame: Frame): PixelBox {
  let h = Math.min(height, frame.height);
  let w = h * NINE_SIXTEEN;
  if (w > frame.width) {
    w = frame.width;
    h = w / NINE_SIXTEEN;
  }
  return clampBox({ x: cx - w / 2, y: cy - h / 2, width: w, height: h }, frame);
}

/** What a new vertical export starts from: the centre of the frame; for a split, a facecam in the top left. */
export function defaultVertical(kind: VerticalKind, frame: Frame): Vertical {
  if (kind === 'blur') return { kind: 'blur' };
  if (kind === 'crop') return { kind: 'crop', box: cropBoxAround(frame.width / 2, frame.height / 2, frame.height, frame) };
  const top = clampBox({ x: 0, y: 0, width: frame.width * 0.3, height: frame.height * 0.3 }, frame);
  // The gameplay fills the lower part of the output (about 1080×1350): a box of that shape, centred.
  const bottomHeight = frame.height;
  const bottom = clampBox(
    { x: frame.width / 2 - (bottomHeight * 0.8) / 2, y: 0, width: bottomHeight * 0.8, height: bottomHeight },
    frame,
  );
  return { kind: 'split', top, bottom };
}

/** A vertical frame made valid for this source (a saved one may come from another size of video). */
export function fitVertical(vertical: Vertical, frame: Frame): Vertical {
  if (vertical.kind === 'blur') return vertical;
  if (vertical.kind === 'crop') {
    const { box } = vertical;
    return { kind: 'crop', box: cropBoxAround(box.x + box.width / 2, box.y + box.height / 2, box.height, frame) };
  }
  return { kind: 'split', top: clampBox(vertical.top, frame), bottom: clampBox(vertical.bottom, frame) };
}

export function moveBox(box: PixelBox, dx: number, dy: number, frame: Frame): PixelBox {
  return clampBox({ ...box, x: box.x + dx, y: box.y + dy }, frame);
}

/**
 * Resizes around the box's centre by `dw` pixels of width; a crop box keeps 9:16, a free box keeps
 * its own shape unless `dh` is given.
 */
export function resizeBox(box: PixelBox, dw: number, frame: Frame, opts: { keepNineSixteen: boolean; dh?: number }): PixelBox {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  if (opts.keepNineSixteen) return cropBoxAround(cx, cy, (box.width + dw) / NINE_SIXTEEN, frame);
  const width = Math.min(frame.width, Math.max(16, box.width + dw));
  const height = opts.dh !== undefined ? Math.min(frame.height, Math.max(16, box.height + opts.dh)) : (box.height * width) / box.width;
  return clampBox({ x: cx - width / 2, y: cy - height / 2, width, height: Math.min(frame.height, height) }, frame);
}

/** One key on a focused box: arrows move (Shift: ten times as far), + / - resize. Null for other keys. */
export function boxForKey(key: string, shift: boolean, box: PixelBox, frame: Frame, keepNineSixteen: boolean): PixelBox | null {
  const step = Math.max(1, Math.round(frame.width / 100)) * (shift ? 10 : 1);
  switch (key) {
    case 'ArrowLeft':
      return moveBox(box, -step, 0, frame);
    case 'ArrowRight':
      return moveBox(box, step, 0, frame);
    case 'ArrowUp':
      return moveBox(box, 0, -step, frame);
    case 'ArrowDown':
      return moveBox(box, 0, step, frame);
    case '+':
    case '=':
      return resizeBox(box, step, frame, { keepNineSixteen });
    case '-':
    case '_':
      return resizeBox(box, -step, frame, { keepNineSixteen });
    default:
      return null;
  }
}
