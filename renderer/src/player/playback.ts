// The one <video> element of the editor and its clock. Kept out of the app store: the time changes
// several times a second and only a few components care. A video that is still downloading has no
// source and keeps no time, so then the clock lives here: seeking sets it, the timeline shows it.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface PlaybackState {
  currentTime: number;
  playing: boolean;
}

export const playbackStore = createStore<PlaybackState>()(() => ({ currentTime: 0, playing: false }));

export function usePlayback<T>(selector: (state: PlaybackState) => T): T {
  return useStore(playbackStore, selector);
}

let video: HTMLVideoElement | null = null;
/** The length to clamp to while the video has no source (its own duration is unknown then). */
let clockDurationSec = Infinity;

/** Whether the element has something to play (a VOD project's video may still be downloading). */
export function hasSource(element: HTMLVideoElement): boolean {
  return element.currentSrc !== '' || element.getAttribute('src') !== null;
}

/** Registers the editor's video; returns a function that unregisters it. */
export function attachVideo(element: HTMLVideoElement, durationSec = Infinity): () => void {
  video = element;
  clockDurationSec = durationSec > 0 ? durationSec : Infinity;
  const update = () => playbackStore.setState({ currentTime: element.currentTime, playing: !element.paused });
  const events = ['timeupdate', 'seeked', 'seeking', 'play', 'pause', 'ended', 'loadedmetadata'] as const;
  for (const name of events) element.addEventListener(name, update);
  // timeupdate fires only ~4 times a second; follow frames while playing for a smooth readout.
  let frame = 0;
  const tick = () => {
    update();
    if (!element.paused) frame = requestAnimationFrame(tick);
  };
  const onPlay = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(tick);
  };
  element.addEventListener('play', onPlay);
  update();
  return () => {
    cancelAnimationFrame(frame);
    for (const name of events) element.removeEventListener(name, update);
    element.removeEventListener('play', onPlay);
    if (video === element) video = null;
    playbackStore.setState({ currentTime: 0, playing: false });
  };
}

export function currentTime(): number {
  return video && hasSource(video) ? video.currentTime : playbackStore.getState().currentTime;
}

export function seek(timeSec: number): void {
  if (!video) return;
  if (!hasSource(video)) {
    playbackStore.setState({ currentTime: Math.min(Math.max(0, timeSec), clockDurationSec) });
    return;
  }
  const duration = Number.isFinite(video.duration) ? video.duration : Infinity;
  video.currentTime = Math.min(Math.max(0, timeSec), duration);
  playbackStore.setState({ currentTime: video.currentTime });
}

export function togglePlay(): void {
  if (!video || !hasSource(video)) return;
  if (video.paused) play();
  else video.pause();
}

/** Plays forwards at `rate` (1 = normal speed). */
export function play(rate = 1): void {
  if (!video || !hasSource(video)) return;
  video.playbackRate = rate;
  if (video.paused) void video.play().catch(() => undefined);
}

export function pause(): void {
  if (video && !video.paused) video.pause();
}

/** The editor's video element while one with a source is attached. */
export function playableVideo(): HTMLVideoElement | null {
  return video && hasSource(video) ? video : null;
}

/** Whether the player can play (a VOD still downloading cannot). */
export function canPlay(): boolean {
  return playableVideo() !== null;
}

/** Steps `frames` frames from the frame shown now (frame k starts at k / fps). */
export function stepFrames(frames: number, fps: number): void {
  if (!(fps > 0)) return;
  pause();
  const frame = Math.round(currentTime() * fps) + frames;
  seek(Math.max(0, frame / fps));
}

export function skip(deltaSec: number): void {
  seek(currentTime() + deltaSec);
}
