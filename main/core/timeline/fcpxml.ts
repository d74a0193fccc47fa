// FCPXML 1.10 (Final Cut Pro 10.6+, DaVinci Resolve 18+): one asset (the source, by file URL), one
// project whose spine holds an asset-clip per range with a marker at its first frame. FCPXML writes
// times as rational seconds ("1001/30000s"), so every time here is an exact multiple of the frame duration.
import type { Rational } from './rational';
import type { TimelineFormat, TimelinePlan } from './types';
import { el, fileUrl, xmlDocument } from './xml';

/**
 * Rational seconds of frame `frame` over the rate's own denominator, as Final Cut writes them: "0s",
 * "10s" when whole, else "3614611/30000s" (frame × 1001 / 30000).
 */
export function fcpTime(frame: number, fps: Rational): string {
  const ticks = frame * fps.den;
  return ticks % fps.num === 0 ? `${ticks / fps.num}s` : `${ticks}/${fps.num}s`;
}

/** Final Cut's name for standard formats ("FFVideoFormat1080p2997"); undefined lets it derive one. */
function formatName(width: number, height: number, fps: Rational): string | undefined {
  const rates: Record<string, string> = {
    '24000/1001': '2398', '24/1': '24', '25/1': '25', '30000/1001': '2997', '30/1': '30',
    '50/1': '50', '60000/1001': '5994', '60/1': '60',
  };
  const rate = rates[`${fps.num}/${fps.den}`];
  if (rate === undefined) return undefined;
  if (width === 1920 && height === 1080) return `FFVideoFormat1080p${rate}`;
  if (width === 1280 && height === 720) return `FFVideoFormat720p${rate}`;
  if (width === 3840 && height === 2160) return `FFVideoFormat3840x2160p${rate}`;
  return undefined;
}

/** The sequence's audio rate in FCPXML's vocabulary (48k when the source's is not one of them). */
function sequenceAudioRate(sampleRate: number): string {
  const known: Record<number, string> = {
    32000: '32k', 44100: '44.1k', 48000: '48k', 88200: '88.2k', 96000: '96k', 176400: '176.4k', 192000: '192k',
  };
  return known[sampleRate] ?? '48k';
}

function audioLayout(channels: number): string {
  return channels <= 1 ? 'mono' : channels === 2 ? 'stereo' : 'surround';
}

function serialize(plan: TimelinePlan): string {
  const { source, fps } = plan;
  const t = (frame: number) => fcpTime(frame, fps);
  const tcFormat = plan.dropFrame ? 'DF' : 'NDF';
  const audio = source.hasAudio;
  const format = el('format', {
    id: 'r1',
    name: formatName(source.width, source.height, fps),
    frameDuration: t(1),
    width: source.width,
    height: source.height,
    colorSpace: source.height >= 720 ? '1-1-1 (Rec. 709)' : '6-1-6 (Rec. 601 (NTSC))',
  });
  const asset = el(
    'asset',
    {
      id: 'r2',
      name: source.name,
      start: '0s',
      duration: t(source.frames),
      hasVideo: 1,
      format: 'r1',
      videoSources: 1,
      hasAudio: audio ? 1 : undefined,
      audioSources: audio ? 1 : undefined,
      audioChannels: audio ? source.channels : undefined,
      audioRate: audio ? source.sampleRate : undefined,
    },
    el('media-rep', { kind: 'original-media', src: fileUrl(source.path) }),
  );
  const clips = plan.clips.map((clip) =>
    el(
      'asset-clip',
      {
        ref: 'r2',
        offset: t(clip.recIn),
        name: clip.name,
        start: t(clip.srcIn),
        duration: t(clip.srcOut - clip.srcIn),
        format: 'r1',
        tcFormat,
        audioRole: audio ? 'dialogue' : undefined,
      },
      // A marker's time is the clip's own (source) time.
      el('marker', { start: t(clip.srcIn), duration: t(1), value: clip.name }),
    ),
  );
  const sequence = el(
    'sequence',
    {
      format: 'r1',
      duration: t(plan.durationFrames),
      tcStart: '0s',
      tcFormat,
      audioLayout: audio ? audioLayout(source.channels) : undefined,
      audioRate: audio ? sequenceAudioRate(source.sampleRate) : undefined,
    },
    el('spine', {}, clips),
  );
  const root = el(
    'fcpxml',
    { version: '1.10' },
    el('resources', {}, format, asset),
    el('library', {}, el('event', { name: plan.title }, el('project', { name: plan.title }, sequence))),
  );
  return xmlDocument(root, { doctype: 'fcpxml', indent: '    ' });
}

export const fcpxmlFormat: TimelineFormat = {
  name: 'fcpxml',
  label: 'FCPXML 1.10',
  extension: 'fcpxml',
  apps: 'Final Cut Pro, DaVinci Resolve',
  serialize,
};
