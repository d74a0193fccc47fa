// MLT XML as Shotcut writes its projects (and as `melt` renders): the profile of the source, Shotcut's
// black "background" track, and V1, a playlist of one avformat chain per range (Shotcut keeps a chain per
// timeline clip; its caption is the clip's name) carrying picture and sound. Markers sit on the main
// tractor as Shotcut's `shotcut:markers`. Every time is written in whole frames: MLT reads a plain
// integer as frames, while its clock strings ("00:01:02.345") are re-rounded per field and can land a
// frame off at 29.97 — and in MLT an `out` is the last frame played (inclusive).
import { reduce, rateLabel, type Rational } from './rational';
import type { TimelineClip, TimelineFormat, TimelinePlan } from './types';
import { el, textEl, xmlDocument, type XmlElement } from './xml';

/** The MLT version whose vocabulary this writes (<chain> came with MLT 7). */
export const MLT_VERSION = '7.0.0';

export const prop = (name: string, value: string | number): XmlElement => textEl('property', value, { name });

export function profile(plan: TimelinePlan): XmlElement {
  const { width, height } = plan.source;
  const aspect = reduce({ num: width, den: height });
  const fps: Rational = plan.fps;
  return el('profile', {
    description: `${width}x${height} ${rateLabel(fps)} fps`,
    width,
    height,
    progressive: 1,
    sample_aspect_num: 1,
    sample_aspect_den: 1,
    display_aspect_num: aspect.num,
    display_aspect_den: aspect.den,
    frame_rate_num: fps.num,
    frame_rate_den: fps.den,
    colorspace: height >= 720 ? 709 : 601,
  });
}

/** The avformat chain of the whole source file (MLT 7's producer with links); `extra` adds properties. */
export function sourceChain(plan: TimelinePlan, id: string, extra: XmlElement[]): XmlElement {
  return el(
    'chain',
    { id, out: plan.source.frames - 1 },
    prop('length', plan.source.frames),
    prop('eof', 'pause'),
    prop('resource', plan.source.path),
    prop('mlt_service', 'avformat-novalidate'),
    prop('seekable', 1),
    extra,
  );
}

/** A playlist entry playing source frames [srcIn, srcOut) (MLT's out is inclusive). */
export const entry = (producer: string, clip: TimelineClip, ...children: XmlElement[]): XmlElement =>
  el('entry', { producer, in: clip.srcIn, out: clip.srcOut - 1 }, ...children);

function serialize(plan: TimelinePlan): string {
  const last = Math.max(0, plan.durationFrames - 1);
  const chains = plan.clips.map((clip) =>
    sourceChain(plan, `chain${clip.index}`, [prop('shotcut:caption', clip.name)]),
  );
  const markers = el(
    'properties',
    { name: 'shotcut:markers' },
    plan.clips.map((clip) =>
      el(
        'properties',
        { name: String(clip.index) },
        prop('text', clip.name),
        prop('start', clip.recIn),
        prop('end', clip.recIn),
        prop('color', '#008000'),
      ),
    ),
  );
  const root = el(
    'mlt',
    { LC_NUMERIC: 'C', version: MLT_VERSION, title: plan.title, producer: 'main_bin' },
    profile(plan),
    el('playlist', { id: 'main_bin' }, prop('xml_retain', 1)),
    el(
      'producer',
      { id: 'black', in: 0, out: last },
      prop('length', plan.durationFrames),
      prop('eof', 'pause'),
      prop('resource', '0'),
      prop('aspect_ratio', 1),
      prop('mlt_service', 'color'),
      prop('mlt_image_format', 'rgba'),
      prop('set.test_audio', 0),
    ),
    el('playlist', { id: 'background' }, el('entry', { producer: 'black', in: 0, out: last })),
    chains,
    el(
      'playlist',
      { id: 'playlist0' },
      prop('shotcut:video', 1),
      prop('shotcut:name', 'V1'),
      plan.clips.map((clip) => entry(`chain${clip.index}`, clip)),
    ),
    el(
      'tractor',
      { id: 'tractor0', title: plan.title, in: 0, out: last },
      prop('shotcut', 1),
      prop('shotcut:projectAudioChannels', plan.source.hasAudio ? Math.min(2, plan.source.channels) : 2),
      prop('shotcut:projectFolder', 0),
      markers,
      el('track', { producer: 'background' }),
      el('track', { producer: 'playlist0' }),
      // Shotcut mixes every track's sound into the background's silence.
      el(
        'transition',
        { id: 'transition0' },
        prop('a_track', 0),
        prop('b_track', 1),
        prop('mlt_service', 'mix'),
        prop('always_active', 1),
        prop('sum', 1),
      ),
    ),
  );
  return xmlDocument(root);
}

export const mltFormat: TimelineFormat = {
  name: 'mlt',
  label: 'MLT XML (Shotcut)',
  extension: 'mlt',
  apps: 'Shotcut, melt',
  serialize,
};
