// What a timeline export is made from, and what one format contributes. The serializers are pure:
// an input in, the file's text out; writing it to disk is writeTimeline.ts's job.
import type { TimelineFormatName } from '../../../preload/contract';
import type { Rational } from './rational';

export interface TimelineSource {
  /** Absolute path of the video the timeline cuts from. */
  path: string;
  durationSec: number;
  width: number;
  height: number;
  /** Exact rate (see rational.ts frameRateFromProbe for turning a probe's value into one). */
  fps: Rational;
  hasAudio: boolean;
  audioSampleRate?: number;
  audioChannels?: number;
}

export interface TimelineRangeInput {
  start: number;
  end: number;
  /** The clip's name; empty or missing: "Highlight N" (N counted from 1 in reel order). */
  label?: string;
}

export interface TimelineInput {
  source: TimelineSource;
  /** In reel order: the order the clips play in. */
  ranges: readonly TimelineRangeInput[];
  /** Name of the sequence / project. */
  title: string;
}

/** One range on the timeline, in whole source frames (see rational.ts for the snapping rule). */
export interface TimelineClip {
  /** 0-based position in the reel. */
  index: number;
  /** The label, or "Highlight N". */
  name: string;
  /** First source frame, and the one after the last (exclusive). */
  srcIn: number;
  srcOut: number;
  /** Where it sits on the timeline (exclusive end); clips follow each other without gaps. */
  recIn: number;
  recOut: number;
}

/** A checked input with every time in frames: what the serializers read. */
export interface TimelinePlan {
  title: string;
  source: TimelineSource & {
    /** Whole frames in the source. */
    frames: number;
    /** File name (for bins and clip lists). */
    name: string;
    /** Audio facts with defaults filled in (48 kHz stereo) when the source has audio. */
    sampleRate: number;
    channels: number;
  };
  fps: Rational;
  /** The formats' timecode for this rate is drop-frame (29.97, 59.94). */
  dropFrame: boolean;
  clips: TimelineClip[];
  /** Length of the timeline in frames. */
  durationFrames: number;
}

export interface TimelineFormat {
  name: TimelineFormatName;
  /** What editors call it, for messages and save dialogs. */
  label: string;
  /** The file extension it is saved with, without the dot. */
  extension: string;
  /** The applications known to import it. */
  apps: string;
  /** The file's text; throws AppError when the format cannot express this timeline. */
  serialize(plan: TimelinePlan): string;
}
