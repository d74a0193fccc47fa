// Twitch's HLS playlists, parsed with hls-parser (the standard tags) plus the few Twitch-specific facts
// it does not keep: IVS-VARIANT-SOURCE on newer master playlists and "-muted" segment names.
import { parse } from 'hls-parser';
import { AppError } from '../errors';
import type { MediaPlaylist, VodSegment, VodVariant } from './types';

function parsePlaylist(text: string, what: string) {
  try {
    return parse(text);
  } catch (cause) {
    throw new AppError('TWITCH_CHANGED', `Twitch sent a ${what} Highlighter cannot read. Twitch may have changed its playlists.`, { cause });
  }
}

/** Raw attribute lists of the #EXT-X-STREAM-INF lines, in order (hls-parser drops unknown attributes). */
function streamInfAttributes(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('#EXT-X-STREAM-INF:'))
    .map((line) => line.slice('#EXT-X-STREAM-INF:'.length));
}

/** Variants of a master playlist, best first: source, then by resolution, frame rate and bandwidth. */
export function parseMasterPlaylist(text: string, baseUrl: string): VodVariant[] {
  const playlist = parsePlaylist(text, 'master playlist');
  if (!playlist.isMasterPlaylist) {
    throw new AppError('TWITCH_CHANGED', 'Twitch sent a media playlist where a master playlist was expected. Twitch may have changed its playlists.');
  }
  const rawAttributes = streamInfAttributes(text);
  const variants = playlist.variants.map((variant, i): VodVariant => {
    const raw = rawAttributes[i] ?? '';
    const rendition = variant.video[0];
    const groupId = rendition?.groupId ?? /STABLE-VARIANT-ID="([^"]*)"/.exec(raw)?.[1] ?? `variant${i}`;
    const name = rendition?.name ?? groupId;
    const audioOnly = groupId === 'audio_only' || (!variant.resolution && /^mp4a/.test(variant.codecs ?? ''));
    return {
      name,
      groupId,
      url: new URL(variant.uri, baseUrl).href,
      bandwidth: variant.bandwidth,
      resolution: variant.resolution ? { width: variant.resolution.width, height: variant.resolution.height } : null,
      fps: variant.frameRate ?? null,
      codecs: variant.codecs ?? null,
      source: groupId === 'chunked' || /IVS-VARIANT-SOURCE="source"/i.test(raw),
      audioOnly,
    };
  });
  return variants.sort(
    (a, b) =>
      Number(b.source) - Number(a.source) ||
      (b.resolution?.height ?? 0) - (a.resolution?.height ?? 0) ||
      (b.fps ?? 0) - (a.fps ?? 0) ||
      b.bandwidth - a.bandwidth,
  );
}

/** Picks a variant by group id or display name (case-insensitive); the source when none is asked for. */
export function chooseVariant(variants: readonly VodVariant[], quality: string | undefined | null): VodVariant {
  const video = variants.filter((v) => !v.audioOnly);
  if (video.length === 0) throw new AppError('TWITCH_CHANGED', 'Twitch lists no video quality for this VOD.');
  if (!quality || quality.toLowerCase() === 'source') return video.find((v) => v.source) ?? video[0]!;
  const q = quality.toLowerCase();
  const match = video.find((v) => v.groupId.toLowerCase() === q || v.name.toLowerCase() === q);
  if (match) return match;
  const names = video.map((v) => (v.source ? `${v.name} (source)` : v.name)).join(', ');
  throw new AppError('BAD_ARGUMENTS', `This VOD has no quality "${quality}". Available: ${names}.`);
}

const MUTED = /-muted\.[a-z0-9]+$/i;

export function parseMediaPlaylist(text: string, baseUrl: string): MediaPlaylist {
  const playlist = parsePlaylist(text, 'media playlist');
  if (playlist.isMasterPlaylist) {
    throw new AppError('TWITCH_CHANGED', 'Twitch sent a master playlist where a media playlist was expected. Twitch may have changed its playlists.');
  }
  let startSec = 0;
  const segments: VodSegment[] = playlist.segments.map((segment, index) => {
    const uri = segment.uri;
    const entry: VodSegment = {
      index,
      uri,
      url: new URL(uri, baseUrl).href,
      durationSec: segment.duration,
      startSec,
      muted: MUTED.test(uri.split('?')[0] ?? uri),
    };
    startSec += segment.duration;
    return entry;
  });
  const map = playlist.segments.find((s) => s.map)?.map;
  return {
    segments,
    totalSec: startSec,
    ended: playlist.endlist,
    initUrl: map ? new URL(map.uri, baseUrl).href : null,
  };
}

/** Stretches of the timeline covered by muted segments, adjacent ones joined. */
export function mutedSpans(segments: readonly VodSegment[]): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const s of segments) {
    if (!s.muted) continue;
    const last = spans[spans.length - 1];
    if (last && Math.abs(last.end - s.startSec) < 1e-6) last.end = s.startSec + s.durationSec;
    else spans.push({ start: s.startSec, end: s.startSec + s.durationSec });
  }
  return spans;
}

/** Segments that overlap any of the ranges (sorted, each once): what a partial export must fetch. */
export function segmentsForRanges(segments: readonly VodSegment[], ranges: readonly { start: number; end: number }[]): VodSegment[] {
  return segments.filter((s) => ranges.some((r) => r.start < s.startSec + s.durationSec && r.end > s.startSec));
}
