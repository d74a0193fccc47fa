// Final Cut Pro 7 XML (xmeml version 5), what Premiere Pro and DaVinci Resolve import as "FCP XML":
// a sequence with one video track and one audio track per source channel (two for stereo and more),
// each range a clipitem (in/out in source frames, out exclusive; start/end on the sequence), the
// clipitems of one range linked, and a sequence marker at each range's first frame. xmeml counts
// frames against an integer timebase plus an NTSC flag (30 + TRUE = 29.97).
import { AppError } from '../errors';
import { isTimebaseRate, rateLabel, timecode, timecodeBase, type Rational } from './rational';
import type { TimelinePlan, TimelineFormat, TimelineClip } from './types';
import { el, fileUrl, textEl, xmlDocument, type XmlElement } from './xml';

const bool = (value: boolean): string => (value ? 'TRUE' : 'FALSE');

function rate(fps: Rational): XmlElement {
  return el('rate', {}, textEl('timebase', timecodeBase(fps)), textEl('ntsc', bool(fps.den === 1001)));
}

function timecodeEl(fps: Rational, drop: boolean): XmlElement {
  return el(
    'timecode',
    {},
    rate(fps),
    textEl('string', timecode(0, fps, drop)),
    textEl('frame', 0),
    textEl('displayformat', drop ? 'DF' : 'NDF'),
  );
}

function videoCharacteristics(plan: TimelinePlan): XmlElement {
  const { source, fps } = plan;
  return el(
    'samplecharacteristics',
    {},
    rate(fps),
    textEl('width', source.width),
    textEl('height', source.height),
    textEl('anamorphic', 'FALSE'),
    textEl('pixelaspectratio', 'square'),
    textEl('fielddominance', 'none'),
  );
}

function audioCharacteristics(sampleRate: number): XmlElement {
  return el('samplecharacteristics', {}, textEl('depth', 16), textEl('samplerate', sampleRate));
}

function serialize(plan: TimelinePlan): string {
  const { source, fps } = plan;
  if (!isTimebaseRate(fps)) {
    throw new AppError(
      'BAD_ARGUMENTS',
      `FCP 7 XML only knows whole or NTSC frame rates, and this video runs at ${rateLabel(fps)} fps: export FCPXML, OpenTimelineIO or MLT instead.`,
    );
  }
  const audioTracks = source.hasAudio ? Math.min(2, source.channels) : 0;
  const count = plan.clips.length;
  /** clipitem ids: the video clips first, then audio track 1's, then track 2's. */
  const itemId = (track: number, clip: TimelineClip) => `clipitem-${track * count + clip.index + 1}`;

  const fileFull = el(
    'file',
    { id: 'file-1' },
    textEl('name', source.name),
    textEl('pathurl', fileUrl(source.path, 'localhost')),
    rate(fps),
    textEl('duration', source.frames),
    timecodeEl(fps, plan.dropFrame),
    el(
      'media',
      {},
      el('video', {}, videoCharacteristics(plan)),
      source.hasAudio && el('audio', {}, audioCharacteristics(source.sampleRate), textEl('channelcount', source.channels)),
    ),
  );
  let fileWritten = false;
  const file = () => {
    if (fileWritten) return el('file', { id: 'file-1' });
    fileWritten = true;
    return fileFull;
  };

  const links = (clip: TimelineClip) =>
    audioTracks === 0
      ? []
      : [
          el('link', {}, textEl('linkclipref', itemId(0, clip)), textEl('mediatype', 'video'), textEl('trackindex', 1), textEl('clipindex', clip.index + 1)),
          ...Array.from({ length: audioTracks }, (_, a) =>
            el(
              'link',
              {},
              textEl('linkclipref', itemId(a + 1, clip)),
              textEl('mediatype', 'audio'),
              textEl('trackindex', a + 1),
              textEl('clipindex', clip.index + 1),
              textEl('groupindex', 1),
            ),
          ),
        ];

  const clipItem = (track: number, clip: TimelineClip, extra: XmlElement[]) =>
    el(
      'clipitem',
      { id: itemId(track, clip) },
      textEl('name', clip.name),
      textEl('enabled', 'TRUE'),
      textEl('duration', source.frames),
      rate(fps),
      textEl('start', clip.recIn),
      textEl('end', clip.recOut),
      textEl('in', clip.srcIn),
      textEl('out', clip.srcOut),
      file(),
      extra,
      links(clip),
    );

  const videoTrack = el(
    'track',
    {},
    plan.clips.map((clip) => clipItem(0, clip, [])),
    textEl('enabled', 'TRUE'),
    textEl('locked', 'FALSE'),
  );
  const audioTrackEls = Array.from({ length: audioTracks }, (_, a) =>
    el(
      'track',
      {},
      plan.clips.map((clip) =>
        clipItem(a + 1, clip, [el('sourcetrack', {}, textEl('mediatype', 'audio'), textEl('trackindex', a + 1))]),
      ),
      textEl('enabled', 'TRUE'),
      textEl('locked', 'FALSE'),
      textEl('outputchannelindex', a + 1),
    ),
  );

  const markers = plan.clips.map((clip) =>
    el('marker', {}, textEl('name', clip.name), el('comment', {}), textEl('in', clip.recIn), textEl('out', -1)),
  );

  const sequence = el(
    'sequence',
    { id: 'sequence-1' },
    textEl('name', plan.title),
    textEl('duration', plan.durationFrames),
    rate(fps),
    timecodeEl(fps, plan.dropFrame),
    el(
      'media',
      {},
      el('video', {}, el('format', {}, videoCharacteristics(plan)), videoTrack),
      audioTracks > 0 &&
        el(
          'audio',
          {},
          textEl('numOutputChannels', audioTracks),
          el('format', {}, audioCharacteristics(source.sampleRate)),
          audioTrackEls,
        ),
    ),
    markers,
  );
  return xmlDocument(el('xmeml', { version: '5' }, sequence), { doctype: 'xmeml' });
}

export const xmemlFormat: TimelineFormat = {
  name: 'xmeml',
  label: 'FCP 7 XML (xmeml 5)',
  extension: 'xml',
  apps: 'Adobe Premiere Pro, DaVinci Resolve',
  serialize,
};
