// The fixed inputs of the timeline tests (golden files are made from these: change one and regenerate
// with UPDATE_GOLDEN=1).
import type { TimelineInput } from '../../../main/core/timeline/types';

/** 29.97 fps 1080p with stereo audio; a path and labels full of XML and URL specials; reel order ≠ time order. */
export const ntscStereo: TimelineInput = {
  source: {
    path: '/media/streams/Big Stream #12 & co (final).mp4',
    durationSec: 5400.054,
    width: 1920,
    height: 1080,
    fps: { num: 30000, den: 1001 },
    hasAudio: true,
    audioSampleRate: 48000,
    audioChannels: 2,
  },
  ranges: [
    { start: 754.321, end: 790.9, label: 'Tom & "Jerry" <3>' },
    { start: 12.5, end: 40 },
    { start: 3599.99, end: 3630.2, label: "Clutch, then GG's" },
  ],
  title: 'Stream & chill: day 3',
};

/** 59.94 fps 720p, mono 44.1 kHz. */
export const ntsc60Mono: TimelineInput = {
  source: {
    path: '/home/me/Vidéos/run 60fps.mkv',
    durationSec: 1800,
    width: 1280,
    height: 720,
    fps: { num: 60000, den: 1001 },
    hasAudio: true,
    audioSampleRate: 44100,
    audioChannels: 1,
  },
  ranges: [
    { start: 600.01, end: 612.5, label: 'Boss fight' },
    { start: 59.9, end: 61.2, label: '' },
    { start: 1799, end: 1800, label: 'The end' },
  ],
  title: 'Speedrun',
};

/** 25 fps, no audio: non-drop timecode and a silent timeline. */
export const pal25Silent: TimelineInput = {
  source: { path: '/srv/clips/silent.mov', durationSec: 120, width: 1920, height: 1080, fps: { num: 25, den: 1 }, hasAudio: false },
  ranges: [
    { start: 1, end: 2.5, label: 'One' },
    { start: 100, end: 119.99, label: 'Two' },
  ],
  title: 'Silent',
};

export const goldenCases = { 'ntsc2997-stereo': ntscStereo, 'ntsc5994-mono': ntsc60Mono, 'pal25-silent': pal25Silent } as const;

/** A 12-hour source whose last range runs to its very end. */
export function twelveHours(fps: { num: number; den: number }): TimelineInput {
  return {
    source: { path: '/vods/12h.mp4', durationSec: 43_200, width: 1920, height: 1080, fps, hasAudio: true, audioSampleRate: 48000, audioChannels: 2 },
    ranges: [
      { start: 3600, end: 3630, label: 'Hour one' },
      { start: 21_600.5, end: 21_700.25, label: 'Half way' },
      { start: 43_140, end: 43_200, label: 'Last minute' },
    ],
    title: 'Twelve hours',
  };
}
