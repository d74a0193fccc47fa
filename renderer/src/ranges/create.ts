// Adding a range at the playhead and splitting one there. These can be refused, with a message the UI
// shows as is, when the rules leave no room.
import type { Highlight } from '../../../preload/contract';
import { formatLength } from '../format';
import { DEFAULT_LENGTH_SEC, clamp, roundTime, type Limits } from './limits';

export type CreateResult =
  | { ok: true; highlights: Highlight[]; id: string }
  | { ok: false; message: string };

/**
 * A new manual range of `lengthSec` starting at the playhead, fitted into the free gap around it:
 * shortened at the next range or the end of the video, shifted back when the gap is short but long
 * enough. Refused inside an existing range or when the gap is shorter than the minimum length.
 */
export function addAtPlayhead(
  list: Highlight[],
  playheadSec: number,
  limits: Limits,
  id: string,
  lengthSec = DEFAULT_LENGTH_SEC,
): CreateResult {
  const t = clamp(roundTime(playheadSec), 0, limits.durationSec);
  const inside = list.findIndex((r) => r.start <= t && t < r.end);
  if (inside >= 0) {
    return {
      ok: false,
      message: `The playhead is inside highlight ${inside + 1}. Move it to a free part of the timeline first.`,
    };
  }
  const gapStart = list.reduce((acc, r) => (r.end <= t ? Math.max(acc, r.end) : acc), 0);
  const gapEnd = list.reduce((acc, r) => (r.start > t ? Math.min(acc, r.start) : acc), limits.durationSec);
  const room = gapEnd - gapStart;
  if (room < limits.minLengthSec) {
    return {
      ok: false,
      message: `No room for a new highlight here: the free gap is only ${formatLength(Math.max(room, 0))} long (at least ${formatLength(limits.minLengthSec)} is needed).`,
    };
  }
  const length = Math.max(limits.minLengthSec, lengthSec);
  const start = clamp(t, gapStart, Math.max(gapStart, gapEnd - length));
  const end = Math.min(gapEnd, roundTime(start + length));
  const added: Highlight = { id, start, end, score: 0, origin: 'manual', edited: true, tags: [], evidence: null, label: '' };
  const highlights = [...list, added].sort((a, b) => a.start - b.start);
  return { ok: true, highlights, id };
}

/**
 * Splits the range under the playhead in two at the playhead. The left part keeps the id (and so the
 * selection); the right part gets `newId`. Both keep origin and score and count as edited.
 */
export function splitAtPlayhead(list: Highlight[], playheadSec: number, limits: Limits, newId: string): CreateResult {
  const t = roundTime(playheadSec);
  const index = list.findIndex((r) => r.start < t && t < r.end);
  const range = list[index];
  if (!range) return { ok: false, message: 'Put the playhead inside a highlight to split it.' };
  if (t - range.start < limits.minLengthSec || range.end - t < limits.minLengthSec) {
    return {
      ok: false,
      message: `The playhead is too close to an edge of highlight ${index + 1}: both parts must be at least ${formatLength(limits.minLengthSec)} long.`,
    };
  }
  const left: Highlight = { ...range, end: t, edited: true };
  const right: Highlight = { ...range, id: newId, start: t, edited: true };
  const highlights = [...list.slice(0, index), left, right, ...list.slice(index + 1)];
  return { ok: true, highlights, id: newId };
}
