// Checks a timeline input and turns every time into whole source frames, once, with the one snapping
// rule (rational.ts): in = round(start × fps), out = round(end × fps), exclusive. All formats read the
// result, so the six files of one edit always cut the same frames.
import { basename, win32 } from 'node:path';
import { AppError } from '../errors';
import { frameCount, isDropFrameRate, rateLabel, secondsToFrame } from './rational';
import type { TimelineClip, TimelineInput, TimelinePlan } from './types';
import { isAbsolutePath } from './xml';

/** A range may end this much past the source (float noise, container vs stream length) and is clamped. */
const END_TOLERANCE_SEC = 1e-3;

/** One line of text: runs of white space and control characters become one space. */
// eslint-disable-next-line no-control-regex
const oneLine = (text: string | undefined): string => (text ?? '').replace(/[\s\u0000-\u001F\u007F]+/g, ' ').trim();

/** "Highlight 3" for the third range when it has no label. */
export function clipName(label: string | undefined, index: number): string {
  return oneLine(label) || `Highlight ${index + 1}`;
}

export function planTimeline(input: TimelineInput): TimelinePlan {
  const { source } = input;
  if (!isAbsolutePath(source.path)) {
    throw new AppError('BAD_ARGUMENTS', `The timeline must name the video by its absolute path, not "${source.path}".`);
  }
  const { fps } = source;
  if (!(Number.isInteger(fps.num) && Number.isInteger(fps.den) && fps.num > 0 && fps.den > 0)) {
    throw new AppError('MEDIA_UNREADABLE', `The video has no usable frame rate (${fps.num}/${fps.den}).`);
  }
  if (!(source.width > 0 && source.height > 0)) {
    throw new AppError('MEDIA_UNREADABLE', `The video has no known picture size (${source.width}×${source.height}).`);
  }
  if (!(Number.isFinite(source.durationSec) && source.durationSec > 0)) {
    throw new AppError('MEDIA_UNREADABLE', 'The video has no known duration, so no range can be placed in it.');
  }
  const frames = frameCount(source.durationSec, fps);
  if (input.ranges.length === 0) throw new AppError('NO_HIGHLIGHTS', 'There are no ranges to put on the timeline.');

  const clips: TimelineClip[] = [];
  let rec = 0;
  input.ranges.forEach((range, index) => {
    const what = `Range ${index + 1}`;
    if (!Number.isFinite(range.start) || !Number.isFinite(range.end)) {
      throw new AppError('BAD_RANGES', `${what} has an invalid time (start ${range.start}, end ${range.end}).`);
    }
    if (range.start < 0 || range.end > source.durationSec + END_TOLERANCE_SEC) {
      throw new AppError('BAD_RANGES', `${what} (${range.start}–${range.end} s) lies outside the video (0–${source.durationSec} s).`);
    }
    const srcIn = secondsToFrame(range.start, fps);
    const srcOut = Math.min(secondsToFrame(range.end, fps), frames);
    if (srcOut <= srcIn) {
      throw new AppError('BAD_RANGES', `${what} (${range.start}–${range.end} s) is shorter than one frame at ${rateLabel(fps)} fps.`);
    }
    clips.push({ index, name: clipName(range.label, index), srcIn, srcOut, recIn: rec, recOut: rec + (srcOut - srcIn) });
    rec += srcOut - srcIn;
  });

  const windowsPath = /^[A-Za-z]:[\\/]/.test(source.path);
  return {
    title: oneLine(input.title) || 'Highlights',
    source: {
      ...source,
      frames,
      name: windowsPath ? win32.basename(source.path) : basename(source.path),
      sampleRate: source.hasAudio && source.audioSampleRate && source.audioSampleRate > 0 ? source.audioSampleRate : 48_000,
      channels: source.hasAudio && source.audioChannels && source.audioChannels > 0 ? Math.round(source.audioChannels) : 2,
    },
    fps,
    dropFrame: isDropFrameRate(fps),
    clips,
    durationFrames: rec,
  };
}
