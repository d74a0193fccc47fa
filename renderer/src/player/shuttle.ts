// J/K/L shuttle, as in video editors: L plays (again: 2×, 4×), J plays backwards (again: 2×, 4×), K
// stops. A <video> cannot play backwards, so reverse shuttle steps the time back on every frame.
import { currentTime, pause, play, playableVideo, seek } from './playback';

const MAX_RATE = 4;
let rate = 0;
let frame = 0;
let lastTick = 0;

function stopReverse(): void {
  cancelAnimationFrame(frame);
  frame = 0;
}

function reverseTick(now: number): void {
  const dt = (now - lastTick) / 1000;
  lastTick = now;
  const t = currentTime() + rate * Math.min(dt, 0.25);
  if (t <= 0) {
    seek(0);
    rate = 0;
    frame = 0;
    return;
  }
  seek(t);
  frame = requestAnimationFrame(reverseTick);
}

export function shuttleForward(): void {
  const video = playableVideo();
  if (!video) return;
  stopReverse();
  rate = rate <= 0 || video.paused ? 1 : Math.min(MAX_RATE, rate * 2);
  play(rate);
}

export function shuttleBack(): void {
  if (!playableVideo()) return;
  pause();
  rate = rate >= 0 ? -1 : Math.max(-MAX_RATE, rate * 2);
  if (!frame) {
    lastTick = performance.now();
    frame = requestAnimationFrame(reverseTick);
  }
}

export function shuttleStop(): void {
  stopReverse();
  rate = 0;
  pause();
  const video = playableVideo();
  if (video) video.playbackRate = 1;
}

/** The shuttle's speed: negative backwards, 0 stopped. */
export function shuttleRate(): number {
  const video = playableVideo();
  if (rate > 0 && video?.paused) rate = 0;
  return rate;
}
