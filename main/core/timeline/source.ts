// The timeline's view of a probed video (main/core/media/probe.ts): size, exact frame rate, audio.
import type { Probe } from '../../../preload/contract';
import { AppError } from '../errors';
import { frameRateFromProbe } from './rational';
import type { TimelineSource } from './types';

export function timelineSourceFromProbe(path: string, probe: Probe): TimelineSource {
  const name = path.split(/[\\/]/).pop() ?? path;
  if (!probe.video) throw new AppError('MEDIA_UNREADABLE', `"${name}" has no video stream, so it cannot go on a timeline.`);
  return {
    path,
    durationSec: probe.durationSec,
    width: probe.video.width,
    height: probe.video.height,
    fps: frameRateFromProbe(probe.video.fps),
    hasAudio: probe.audio !== null,
    ...(probe.audio ? { audioSampleRate: probe.audio.sampleRate, audioChannels: probe.audio.channels } : {}),
  };
}
