// Every timeline format Highlighter writes, in the order they are offered. Adding a format = adding its
// module here (and its name to TimelineFormatSchema in the contract; the check below keeps them in step).
// All of them are pure: planTimeline snaps the ranges to source frames once, each serializer prints
// that plan in its own vocabulary.
import { TimelineFormatSchema, type TimelineFormatName } from '../../../preload/contract';
import { AppError } from '../errors';
import { edlFormat } from './edl';
import { fcpxmlFormat } from './fcpxml';
import { kdenliveFormat } from './kdenlive';
import { mltFormat } from './mlt';
import { otioFormat } from './otio';
import { planTimeline } from './plan';
import type { TimelineFormat, TimelineInput } from './types';
import { xmemlFormat } from './xmeml';

const byName = {
  fcpxml: fcpxmlFormat,
  xmeml: xmemlFormat,
  edl: edlFormat,
  otio: otioFormat,
  mlt: mltFormat,
  kdenlive: kdenliveFormat,
} satisfies Record<TimelineFormatName, TimelineFormat>;

export const timelineFormats: readonly TimelineFormat[] = TimelineFormatSchema.options.map((name) => byName[name]);

export const timelineFormatNames: readonly TimelineFormatName[] = TimelineFormatSchema.options;

/** "fcpxml, xmeml, edl, otio, mlt or kdenlive" for messages that list what may be given. */
export function timelineFormatNamesText(): string {
  const names = [...timelineFormatNames];
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The format called `name`; an unknown name is BAD_ARGUMENTS listing the valid ones. */
export function timelineFormat(name: string): TimelineFormat {
  const parsed = TimelineFormatSchema.safeParse(name);
  if (!parsed.success) {
    throw new AppError('BAD_ARGUMENTS', `Unknown timeline format "${name}": use ${timelineFormatNamesText()}.`);
  }
  return byName[parsed.data];
}

/** The file's text of `input` in format `name`. */
export function serializeTimeline(name: TimelineFormatName, input: TimelineInput): string {
  return timelineFormat(name).serialize(planTimeline(input));
}
