// Where the timeline's thumbnails are taken: the renderer asks for `count` evenly spaced frames of the
// window it shows, and each is snapped to a grid of power-of-two steps (…, ½ s, 1 s, 2 s, 4 s, …) that
// does not depend on the window's position. Scrolling keeps the step and so the frames already made;
// zooming in by two halves the step, and every frame of the coarser grid is still on the finer one.

/** Finer steps than this find the same frame at any realistic frame rate and keyframe spacing. */
export const MIN_GRID_STEP_SEC = 0.25;
/** Frames closer than this to the end are often past the last frame: the grid stops before. */
export const END_MARGIN_SEC = 0.5;

/** The largest power-of-two step (≥ MIN_GRID_STEP_SEC) not wider than `spacingSec`. */
export function gridStepSec(spacingSec: number): number {
  if (!(spacingSec > MIN_GRID_STEP_SEC)) return MIN_GRID_STEP_SEC;
  return 2 ** Math.floor(Math.log2(spacingSec));
}

/**
 * The grid times for `count` thumbnails across [startSec, endSec] of a video of `durationSec`: the
 * centre of each of `count` equal slices, snapped to the nearest multiple of the step; distinct and
 * ascending (a window narrower than `count` steps gives fewer).
 */
export function thumbnailTimes(startSec: number, endSec: number, count: number, durationSec: number): number[] {
  const last = Math.max(0, durationSec - END_MARGIN_SEC);
  const from = Math.min(Math.max(0, Math.min(startSec, endSec)), last);
  const to = Math.min(Math.max(startSec, endSec), durationSec);
  const slices = Math.max(1, Math.floor(count));
  const spacing = Math.max(0, to - from) / slices;
  const step = gridStepSec(spacing);
  const times: number[] = [];
  for (let i = 0; i < slices; i++) {
    let t = Math.round((from + (i + 0.5) * spacing) / step) * step;
    if (t > last) t = Math.floor(last / step) * step;
    if (times.at(-1) !== t) times.push(t);
  }
  return times;
}
