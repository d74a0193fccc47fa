// A Kdenlive project (.kdenlive), document version 1.1 (Kdenlive 23.04 and later): MLT XML with
// Kdenlive's conventions (KDE/kdenlive dev-docs/fileformat.md):
// - the bin is the playlist "main_bin" (project settings as kdenlive:docproperties.*, one entry per bin
//   clip and per sequence); each range is a bin clip of its own named by its label, so the timeline
//   shows the labels;
// - a timeline track is a tractor of two playlists; audio tracks come first (A1), then video (V1); a
//   timeline clip is a chain of its own carrying the bin clip's kdenlive:id, audio-only on A1
//   (set.test_image) and picture-only on V1 (set.test_audio); the two halves of a range are grouped;
// - the sequence is a tractor with a kdenlive:uuid over the black track and the track tractors, with
//   the internal mix/compositing transitions; one guide per range (kdenlive:sequenceproperties.guides);
// - the very last tractor (kdenlive:projectTractor) wraps the sequence, so `melt` plays it.
// Times are whole frames (in/out inclusive, as everywhere in MLT).
import { createHash } from 'node:crypto';
import { dirname, win32 } from 'node:path';
import { timecode, type Rational } from './rational';
import { entry, MLT_VERSION, profile, prop, sourceChain } from './mlt';
import type { TimelineFormat, TimelinePlan } from './types';
import { el, xmlDocument, type XmlElement } from './xml';

/** The first Kdenlive that writes (and needs) document version 1.1. */
const KDENLIVE_VERSION = '23.04.0';
const DOCUMENT_VERSION = '1.1';
/** Kdenlive's tag on the transitions and filters it adds itself. */
const INTERNAL = 237;

/** The MLT profile Kdenlive would pick for this size and rate, when there is a standard one. */
function profileName(width: number, height: number, fps: Rational): string | undefined {
  const rates: Record<string, string> = {
    '24000/1001': '2398', '24/1': '24', '25/1': '25', '30000/1001': '2997', '30/1': '30',
    '50/1': '50', '60000/1001': '5994', '60/1': '60',
  };
  const rate = rates[`${fps.num}/${fps.den}`];
  const size: Record<string, string> = {
    '1920x1080': 'atsc_1080p', '1280x720': 'atsc_720p', '2560x1440': 'qhd_1440p', '3840x2160': 'uhd_2160p',
  };
  const prefix = size[`${width}x${height}`];
  return rate && prefix ? `${prefix}_${rate}` : undefined;
}

/** A stable "{8-4-4-4-12}" id from the content, so the same edit gives the same file. */
function uuidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}

/** JSON the way Kdenlive writes it into properties (Qt's indented form is not required to read it). */
const json = (value: unknown): string => `${JSON.stringify(value, null, 4)}\n`;

function serialize(plan: TimelinePlan): string {
  const { source, fps } = plan;
  const audio = source.hasAudio;
  const last = Math.max(0, plan.durationFrames - 1);
  const seed = JSON.stringify([source.path, source.frames, plan.title, plan.clips.map((c) => [c.name, c.srcIn, c.srcOut])]);
  const uuid = uuidOf(seed);
  const documentId = String(parseInt(createHash('sha256').update(`doc${seed}`).digest('hex').slice(0, 10), 16)).slice(0, 13);
  const binId = (index: number) => String(4 + index);

  // Bin clips: one per range, named by it.
  const binChains = plan.clips.map((clip) =>
    sourceChain(plan, `chain${clip.index}`, [
      prop('kdenlive:clipname', clip.name),
      prop('kdenlive:clip_type', 0),
      prop('kdenlive:folderid', -1),
      prop('kdenlive:id', binId(clip.index)),
    ]),
  );
  const timelineChain = (index: number, id: string, only: 'audio' | 'video') =>
    sourceChain(plan, id, [
      prop('kdenlive:clip_type', 0),
      prop('kdenlive:folderid', -1),
      prop('kdenlive:id', binId(index)),
      // test_image=1: no picture (an audio track's half); test_audio=1: no sound (the video half).
      only === 'audio' ? prop('set.test_image', 1) : prop('set.test_audio', 1),
    ]);
  const trackTractor = (id: string, kind: 'audio' | 'video', playlists: [string, string]) =>
    el(
      'tractor',
      { id, in: 0, out: last },
      kind === 'audio' && prop('kdenlive:audio_track', 1),
      prop('kdenlive:trackheight', 67),
      prop('kdenlive:timeline_active', 1),
      prop('kdenlive:collapsed', 0),
      prop('kdenlive:track_name', kind === 'audio' ? 'A1' : 'V1'),
      playlists.map((p) => el('track', { hide: kind === 'audio' ? 'video' : 'audio', producer: p })),
    );
  const trackPlaylist = (id: string, kind: 'audio' | 'video', entries: XmlElement[]) =>
    el('playlist', { id }, kind === 'audio' && prop('kdenlive:audio_track', 1), entries);
  const clipEntries = (prefix: string) =>
    plan.clips.map((clip) => entry(`${prefix}${clip.index}`, clip, prop('kdenlive:id', binId(clip.index))));

  const audioPart: XmlElement[] = audio
    ? [
        ...plan.clips.map((clip) => timelineChain(clip.index, `chain_a${clip.index}`, 'audio')),
        trackPlaylist('playlist0', 'audio', clipEntries('chain_a')),
        trackPlaylist('playlist1', 'audio', []),
        trackTractor('tractor0', 'audio', ['playlist0', 'playlist1']),
      ]
    : [];
  const videoPart: XmlElement[] = [
    ...plan.clips.map((clip) => timelineChain(clip.index, `chain_v${clip.index}`, 'video')),
    trackPlaylist('playlist2', 'video', clipEntries('chain_v')),
    trackPlaylist('playlist3', 'video', []),
    trackTractor('tractor1', 'video', ['playlist2', 'playlist3']),
  ];
  /** Track positions as Kdenlive counts them (the black track not counted; audio tracks first). */
  const audioTrack = 0;
  const videoTrack = audio ? 1 : 0;
  const trackCount = audio ? 2 : 1;

  const groups = audio
    ? plan.clips.map((clip) => ({
        children: [
          { data: `${videoTrack}:${clip.recIn}:-1`, leaf: 'clip', type: 'Leaf' },
          { data: `${audioTrack}:${clip.recIn}:-1`, leaf: 'clip', type: 'Leaf' },
        ],
        type: 'AVSplit',
      }))
    : [];
  const guides = plan.clips.map((clip) => ({ comment: clip.name, pos: clip.recIn, type: 0 }));
  const sequenceProps: [string, string | number][] = [
    ['activeTrack', videoTrack],
    ['audioChannels', audio ? Math.min(2, source.channels) : 2],
    ['audioTarget', audio ? audioTrack : -1],
    ['disablepreview', 0],
    ['documentuuid', uuid],
    ['hasAudio', audio ? 1 : 0],
    ['hasVideo', 1],
    ['position', 0],
    ['scrollPos', 0],
    ['tracks', trackCount],
    ['tracksCount', trackCount],
    ['verticalzoom', 1],
    ['videoTarget', videoTrack],
    ['zonein', 0],
    ['zoneout', plan.durationFrames],
    ['zoom', 8],
    ['groups', json(groups)],
    ['guides', json(guides)],
  ];
  const sequence = el(
    'tractor',
    { id: 'tractor2', in: 0, out: last },
    prop('kdenlive:duration', timecode(plan.durationFrames, fps, plan.dropFrame)),
    prop('kdenlive:maxduration', plan.durationFrames),
    prop('kdenlive:clipname', plan.title),
    prop('kdenlive:description', ''),
    prop('kdenlive:uuid', uuid),
    prop('kdenlive:producer_type', 17),
    prop('kdenlive:id', 3),
    prop('kdenlive:clip_type', 0),
    prop('kdenlive:folderid', 2),
    sequenceProps.map(([key, value]) => prop(`kdenlive:sequenceproperties.${key}`, value)),
    el('track', { producer: 'producer0' }),
    audio && el('track', { producer: 'tractor0' }),
    el('track', { producer: 'tractor1' }),
    audio &&
      el(
        'transition',
        { id: 'transition0' },
        prop('a_track', 0),
        prop('b_track', 1 + audioTrack),
        prop('mlt_service', 'mix'),
        prop('kdenlive_id', 'mix'),
        prop('internal_added', INTERNAL),
        prop('always_active', 1),
        prop('accepts_blanks', 1),
        prop('sum', 1),
      ),
    el(
      'transition',
      { id: 'transition1' },
      prop('a_track', 0),
      prop('b_track', 1 + videoTrack),
      prop('compositing', 0),
      prop('distort', 0),
      prop('rotate_center', 0),
      prop('mlt_service', 'qtblend'),
      prop('kdenlive_id', 'qtblend'),
      prop('internal_added', INTERNAL),
      prop('always_active', 1),
    ),
  );

  const standardProfile = profileName(source.width, source.height, fps);
  const docProps: [string, string | number][] = [
    ['activetimeline', uuid],
    ['audioChannels', audio ? Math.min(2, source.channels) : 2],
    ['documentid', documentId],
    ['kdenliveversion', KDENLIVE_VERSION],
    ['opensequences', uuid],
    ...(standardProfile ? ([['profile', standardProfile]] as [string, string][]) : []),
    ['uuid', uuid],
    ['version', DOCUMENT_VERSION],
  ];
  const mainBin = el(
    'playlist',
    { id: 'main_bin' },
    prop('kdenlive:folder.-1.2', 'Sequences'),
    docProps.map(([key, value]) => prop(`kdenlive:docproperties.${key}`, value)),
    prop('kdenlive:documentnotes', ''),
    prop('xml_retain', 1),
    plan.clips.map((clip) => el('entry', { producer: `chain${clip.index}`, in: 0, out: source.frames - 1 })),
    el('entry', { producer: 'tractor2', in: 0, out: last }),
  );
  const root = el(
    'mlt',
    {
      LC_NUMERIC: 'C',
      producer: 'main_bin',
      version: MLT_VERSION,
      root: /^[A-Za-z]:[\\/]/.test(source.path) ? win32.dirname(source.path) : dirname(source.path),
    },
    profile(plan),
    binChains,
    el(
      'producer',
      { id: 'producer0', in: 0, out: last },
      prop('length', 2147483647),
      prop('eof', 'continue'),
      prop('resource', 'black'),
      prop('aspect_ratio', 1),
      prop('mlt_service', 'color'),
      prop('kdenlive:playlistid', 'black_track'),
      prop('mlt_image_format', 'rgba'),
      prop('set.test_audio', 0),
    ),
    audioPart,
    videoPart,
    sequence,
    mainBin,
    el(
      'tractor',
      { id: 'tractor3', in: 0, out: last },
      prop('kdenlive:projectTractor', 1),
      el('track', { producer: 'tractor2', in: 0, out: last }),
    ),
  );
  return xmlDocument(root, { indent: ' ' });
}

export const kdenliveFormat: TimelineFormat = {
  name: 'kdenlive',
  label: 'Kdenlive project',
  extension: 'kdenlive',
  apps: 'Kdenlive 23.04 or later',
  serialize,
};
