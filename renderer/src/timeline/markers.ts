// Where a VOD's extra facts go on the timeline: stretches Twitch muted (bands) and clips viewers made
// (markers). Positions are fractions of the whole duration, so they follow wavesurfer's zoom for free.
import type { TimeSpan, VodClip } from '../../../preload/contract';
import { formatCount, formatTime } from '../format';

export interface MutedBand {
  start: number;
  end: number;
  /** 0…1 of the timeline's width. */
  left: number;
  width: number;
  /** "Muted 1:40–2:10" */
  label: string;
}

/** A time as the timeline labels it: "1:40", "1:02:03". */
export function markTime(sec: number): string {
  return formatTime(sec, 0);
}

/** Spans clamped to the video, empty ones dropped, touching or overlapping ones joined, in order. */
export function mutedBands(spans: readonly TimeSpan[], durationSec: number): MutedBand[] {
  if (!(durationSec > 0)) return [];
  const clamped = spans
    .map((s) => ({ start: Math.max(0, Math.min(s.start, s.end)), end: Math.min(durationSec, Math.max(s.start, s.end)) }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const joined: Array<{ start: number; end: number }> = [];
  for (const span of clamped) {
    const last = joined[joined.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else joined.push({ ...span });
  }
  return joined.map(({ start, end }) => ({
    start,
    end,
    left: start / durationSec,
    width: (end - start) / durationSec,
    label: `Muted ${markTime(start)}\u2013${markTime(end)}`,
  }));
}

export interface ClipMarker {
  clip: VodClip;
  /** 0…1 of the timeline's width. */
  left: number;
  /** Row in the marker lane: markers closer than the minimum gap go to the next free row. */
  row: number;
  /** "Clip: <title>" */
  label: string;
  /** "12,345 views · 0:30 · at 1:02:03" */
  details: string;
}

/**
 * Clips inside the video, in time order, each on the first row where it keeps `minGapSec` from the
 * previous marker (so neighbouring markers never cover each other); at most `rows` rows, after which
 * the least crowded row is reused.
 */
export function clipMarkers(clips: readonly VodClip[], durationSec: number, minGapSec: number, rows = 3): ClipMarker[] {
  if (!(durationSec > 0)) return [];
  const lastAt: number[] = new Array<number>(Math.max(1, rows)).fill(-Infinity);
  return [...clips]
    .filter((c) => Number.isFinite(c.offsetSec) && c.offsetSec >= 0 && c.offsetSec <= durationSec)
    .sort((a, b) => a.offsetSec - b.offsetSec || b.viewCount - a.viewCount)
    .map((clip) => {
      let row = lastAt.findIndex((t) => clip.offsetSec - t >= minGapSec);
      if (row < 0) row = lastAt.indexOf(Math.min(...lastAt));
      lastAt[row] = clip.offsetSec;
      const views = `${formatCount(clip.viewCount)} view${clip.viewCount === 1 ? '' : 's'}`;
      return {
        clip,
        left: clip.offsetSec / durationSec,
        row,
        label: `Clip: ${clip.title}`,
        details: `${views} · ${markTime(clip.durationSec)} long · at ${markTime(clip.offsetSec)}`,
      };
    });
}
