// OpenTimelineIO (.otio, JSON): Timeline.1 → Stack.1 → a video Track.1 (and an audio one when the source
// has audio) of Clip.2 items, each with an ExternalReference.1 to the file URL and its source range in
// frames at the source's rate; a Marker.2 per range on its video clip. OTIO times are (value, rate)
// pairs: values here are whole frames, so nothing drifts; rates are written as floats ("30.0",
// "29.97002997002997") as OTIO itself writes them.
import { fpsValue } from './rational';
import type { TimelineClip, TimelineFormat, TimelinePlan } from './types';
import { fileUrl } from './xml';

/** A number OTIO reads as a double: printed with a decimal point even when whole. */
class Float {
  constructor(readonly value: number) {}
}

type Json = string | number | boolean | null | Float | Json[] | { [key: string]: Json };

function print(value: Json, depth: number): string {
  const pad = '    '.repeat(depth + 1);
  const end = '    '.repeat(depth);
  if (value instanceof Float) return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + print(v, depth + 1)).join(',\n')}\n${end}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${print(v, depth + 1)}`).join(',\n')}\n${end}}`;
  }
  return JSON.stringify(value);
}

function serialize(plan: TimelinePlan): string {
  const rate = new Float(fpsValue(plan.fps));
  const time = (frames: number): Json => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value: new Float(frames) });
  const range = (start: number, duration: number): Json => ({
    OTIO_SCHEMA: 'TimeRange.1',
    duration: time(duration),
    start_time: time(start),
  });
  const media = (): Json => ({
    OTIO_SCHEMA: 'ExternalReference.1',
    metadata: {},
    name: plan.source.name,
    available_range: range(0, plan.source.frames),
    available_image_bounds: null,
    target_url: fileUrl(plan.source.path),
  });
  const clip = (c: TimelineClip, withMarker: boolean): Json => ({
    OTIO_SCHEMA: 'Clip.2',
    metadata: { highlighter: { range: c.index + 1 } },
    name: c.name,
    source_range: range(c.srcIn, c.srcOut - c.srcIn),
    effects: [],
    // A clip's markers are in its media's time, like its source range.
    markers: withMarker
      ? [{ OTIO_SCHEMA: 'Marker.2', metadata: {}, name: c.name, color: 'RED', marked_range: range(c.srcIn, 1), comment: '' }]
      : [],
    enabled: true,
    media_references: { DEFAULT_MEDIA: media() },
    active_media_reference_key: 'DEFAULT_MEDIA',
  });
  const track = (name: string, kind: 'Video' | 'Audio', withMarkers: boolean): Json => ({
    OTIO_SCHEMA: 'Track.1',
    metadata: {},
    name,
    source_range: null,
    effects: [],
    markers: [],
    enabled: true,
    children: plan.clips.map((c) => clip(c, withMarkers)),
    kind,
  });
  const timeline: Json = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: {},
    name: plan.title,
    global_start_time: time(0),
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      metadata: {},
      name: 'tracks',
      source_range: null,
      effects: [],
      markers: [],
      enabled: true,
      children: [track('V1', 'Video', true), ...(plan.source.hasAudio ? [track('A1', 'Audio', false)] : [])],
    },
  };
  return `${print(timeline, 0)}\n`;
}

export const otioFormat: TimelineFormat = {
  name: 'otio',
  label: 'OpenTimelineIO',
  extension: 'otio',
  apps: 'DaVinci Resolve, Kdenlive, OpenTimelineIO tools',
  serialize,
};
