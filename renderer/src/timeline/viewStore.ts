// How the timeline is zoomed and scrolled. Kept outside the app store (it changes on every scroll) but
// shared: the zoom slider, the +/- keys, Ctrl+wheel, the overview strip and the project's saved view
// all read and write it. `anchor` asks the timeline to keep one time under the same point on screen
// through the next zoom (the playhead for keys and the slider, the pointer for Ctrl+wheel).
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export const MAX_ZOOM = 40;

export interface TimelineView {
  /** 1 fits the whole video; N is N times wider. */
  zoom: number;
  /** Time at the left edge of the visible window. */
  scrollSec: number;
  /** Seconds visible in the window (from the timeline's width and zoom). */
  visibleSec: number;
  anchor: { timeSec: number } | null;
}

export const viewStore = createStore<TimelineView>()(() => ({ zoom: 1, scrollSec: 0, visibleSec: 0, anchor: null }));

export function useTimelineView<T>(selector: (view: TimelineView) => T): T {
  return useStore(viewStore, selector);
}

/** Seconds in the visible window; before the timeline has measured itself, the zoom's share of the video. */
export function visibleSeconds(view: TimelineView, durationSec: number): number {
  return view.visibleSec > 0 ? view.visibleSec : durationSec / Math.max(1, view.zoom);
}

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(1, Math.round(zoom * 100) / 100));
}

/** Zooms to `zoom`, keeping `anchorSec` where it is on screen. */
export function setZoom(zoom: number, anchorSec: number | null): void {
  const next = clampZoom(zoom);
  if (next === viewStore.getState().zoom) return;
  viewStore.setState({ zoom: next, anchor: anchorSec === null ? null : { timeSec: anchorSec } });
}

const STEPS = [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 40];

/** The next zoom level up (+1) or down (-1) from the current one. */
export function zoomStep(direction: 1 | -1, anchorSec: number | null): void {
  const zoom = viewStore.getState().zoom;
  const next = direction > 0 ? STEPS.find((s) => s > zoom + 1e-9) ?? MAX_ZOOM : [...STEPS].reverse().find((s) => s < zoom - 1e-9) ?? 1;
  setZoom(next, anchorSec);
}

/** Moves the visible window so it starts at `startSec` (the overview strip, a restored view). */
export function scrollTo(startSec: number): void {
  viewStore.setState({ scrollSec: Math.max(0, startSec) });
}
