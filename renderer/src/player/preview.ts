// Watching the reel before it is rendered: the player plays the ranges in reel order, back to back,
// skipping everything between them ("Preview reel"), or one range once ("Play highlight N"). On every
// animation frame and every presented video frame it checks the element's time and jumps to the next range
// within a frame of the end, so the time shown is never more than one frame outside a range.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { TimeSpan } from '../../../preload/contract';
import { pause, play, playableVideo, seek } from './playback';

export interface PreviewState {
  /** null while not previewing. */
  active: { index: number; count: number; /** Only one range ("Play highlight N"). */ single: boolean; number: number } | null;
}

export const previewStore = createStore<PreviewState>()(() => ({ active: null }));

export function usePreview<T>(selector: (state: PreviewState) => T): T {
  return useStore(previewStore, selector);
}

interface Run {
  ranges: TimeSpan[];
  /** "Highlight N" of each range (its number in the list). */
  numbers: number[];
  index: number;
  frameSec: number;
  single: boolean;
  raf: number;
  vfc: number;
  video: HTMLVideoElement;
  offPause: () => void;
}

let run: Run | null = null;

function show(r: Run): void {
  previewStore.setState({ active: { index: r.index, count: r.ranges.length, single: r.single, number: r.numbers[r.index] ?? r.index + 1 } });
}

function check(r: Run, time: number): void {
  if (run !== r) return;
  const range = r.ranges[r.index];
  if (!range) return stopPreview();
  // A frame before the end is the last one inside the range: from there, go on to the next range.
  if (time < range.end - r.frameSec && time >= range.start - r.frameSec) return;
  if (time < range.start - r.frameSec) {
    // Something else moved the playhead back (a seek outside): follow the reel from this range again.
    seek(range.start);
    return;
  }
  r.index += 1;
  const next = r.ranges[r.index];
  if (!next) {
    pause();
    seek(Math.max(range.start, range.end - r.frameSec));
    stopPreview();
    return;
  }
  seek(next.start);
  show(r);
}

function loop(r: Run): void {
  const onFrame = () => {
    if (run !== r) return;
    check(r, r.video.currentTime);
    r.raf = requestAnimationFrame(onFrame);
  };
  r.raf = requestAnimationFrame(onFrame);
  // Presented frames, where the browser has them: the closest look at the time actually shown.
  const withVfc = r.video as HTMLVideoElement & {
    requestVideoFrameCallback?: (cb: () => void) => number;
  };
  if (typeof withVfc.requestVideoFrameCallback === 'function') {
    // The element's own time, not the frame's mediaTime: a frame from before a jump can still arrive.
    const onVideoFrame = () => {
      if (run !== r) return;
      check(r, r.video.currentTime);
      r.vfc = withVfc.requestVideoFrameCallback!(onVideoFrame);
    };
    r.vfc = withVfc.requestVideoFrameCallback(onVideoFrame);
  }
}

/** Plays `ranges` (in reel order) back to back; `numbers` are their "highlight N". False when nothing can play. */
export function startPreview(ranges: TimeSpan[], numbers: number[], fps: number, single = false): boolean {
  stopPreview();
  const video = playableVideo();
  if (!video || ranges.length === 0) return false;
  const frameSec = fps > 0 ? 1 / fps : 1 / 30;
  const r: Run = { ranges, numbers, index: 0, frameSec, single, raf: 0, vfc: 0, video, offPause: () => undefined };
  run = r;
  // The user pausing ends the preview (the jump at the end of the last range pauses too).
  const onPause = () => {
    if (run === r && !video.seeking) stopPreview();
  };
  video.addEventListener('pause', onPause);
  r.offPause = () => video.removeEventListener('pause', onPause);
  seek(ranges[0]!.start);
  show(r);
  play(1);
  loop(r);
  return true;
}

export function stopPreview(): void {
  const r = run;
  if (!r) return;
  run = null;
  cancelAnimationFrame(r.raf);
  const withVfc = r.video as HTMLVideoElement & { cancelVideoFrameCallback?: (id: number) => void };
  if (r.vfc && typeof withVfc.cancelVideoFrameCallback === 'function') withVfc.cancelVideoFrameCallback(r.vfc);
  r.offPause();
  pause();
  previewStore.setState({ active: null });
}

export function isPreviewing(): boolean {
  return run !== null;
}
