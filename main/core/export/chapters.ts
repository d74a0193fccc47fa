// Chapters of a reel, one per range in reel order, where the reel really plays it: the plan's cuts
// (fast mode widens them to keyframes), not the ranges as drawn. Pure: the same chapters go into the
// reel (an FFMETADATA1 file that ffmpeg muxes in) and beside it (YouTube's "0:00 Title" lines), and the
// warnings say which of YouTube's rules such a list would break.
import type { PlannedRange } from '../../../preload/contract';
import { cleanLabel, tagLabel } from '../analysis/label';

/** A planned range and what the user called it. */
export interface NamedRange extends PlannedRange {
  label: string;
  tags: readonly string[];
}

export interface Chapter {
  /** Position of the range in reel order, from 0. */
  index: number;
  /** Where the chapter starts and ends in the reel, in whole milliseconds. */
  startMs: number;
  endMs: number;
  title: string;
}

/** The range's label, else its tags as the UI shows them, else "Highlight N" (N from 1, in reel order). */
export function rangeTitle(range: Pick<NamedRange, 'label' | 'tags'>, index: number): string {
  const label = cleanLabel(range.label);
  if (label) return label;
  const tags = range.tags.map(tagLabel).filter((t) => t.length > 0);
  return tags.length > 0 ? tags.join(', ') : `Highlight ${index + 1}`;
}

/**
 * One chapter per range that has a cut (a fast-mode range whose cut another range's cut already covers
 * plays nothing of its own and gets none), back to back from 0. Boundaries are rounded from the running
 * total, so rounding never accumulates.
 */
export function computeChapters(ranges: readonly NamedRange[], overlapSec = 0): Chapter[] {
  const chapters: Chapter[] = [];
  let totalSec = 0;
  for (const [index, range] of ranges.entries()) {
    const length = range.cutEnd - range.cutStart;
    if (!(length > 0)) continue;
    // With a crossfade, each range after the first starts `overlapSec` before the previous one ends.
    const startSec = chapters.length > 0 ? totalSec - overlapSec : totalSec;
    totalSec = startSec + length;
    const previous = chapters.at(-1);
    if (previous) previous.endMs = Math.round(startSec * 1000);
    chapters.push({ index, startMs: Math.round(startSec * 1000), endMs: Math.round(totalSec * 1000), title: rangeTitle(range, index) });
  }
  return chapters;
}

/** FFMETADATA1 escapes these with a backslash in keys and values. */
function escapeMetadata(value: string): string {
  return value.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
}

/** The chapters as an FFMETADATA1 file (ffmpeg `-i meta.txt -map_chapters 1`), timed in milliseconds. */
export function ffmetadata(chapters: readonly Chapter[]): string {
  const lines = [';FFMETADATA1'];
  for (const c of chapters) {
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${c.startMs}`, `END=${c.endMs}`, `title=${escapeMetadata(c.title)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Whole seconds as YouTube writes them: 0:05, 12:34, 1:02:03. */
export function youtubeTime(sec: number): string {
  const total = Math.max(0, Math.floor(sec));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The whole second a chapter is listed at: rounded down, so a chapter never starts after its moment. */
function listedSec(chapter: Chapter): number {
  return Math.floor(chapter.startMs / 1000);
}

/** YouTube's chapter list for the video description: one "0:00 Title" line per chapter. */
export function youtubeChapters(chapters: readonly Chapter[]): string {
  return chapters.map((c) => `${youtubeTime(listedSec(c))} ${c.title}`).join('\n') + (chapters.length > 0 ? '\n' : '');
}

/** YouTube shows chapters only when all of these hold. */
export const YOUTUBE_MIN_CHAPTERS = 3;
export const YOUTUBE_MIN_CHAPTER_SEC = 10;

/**
 * Which of YouTube's rules the list breaks (first chapter at 0:00, at least three chapters, each at
 * least 10 s long, measured as YouTube does: from its listed second to the next one's, the last to the
 * end of the reel); empty when YouTube will show them.
 */
export function youtubeWarnings(chapters: readonly Chapter[]): string[] {
  const warnings: string[] = [];
  if (chapters.length > 0 && listedSec(chapters[0]!) !== 0) {
    warnings.push(`YouTube needs the first chapter at 0:00; this one starts at ${youtubeTime(listedSec(chapters[0]!))}.`);
  }
  if (chapters.length < YOUTUBE_MIN_CHAPTERS) {
    warnings.push(
      `YouTube needs at least ${YOUTUBE_MIN_CHAPTERS} chapters; this reel has ${chapters.length}, so YouTube will not show them.`,
    );
  }
  const endSec = chapters.length > 0 ? chapters.at(-1)!.endMs / 1000 : 0;
  const lengthOf = (c: Chapter, i: number) => {
    const next = chapters[i + 1];
    return (next ? listedSec(next) : endSec) - listedSec(c);
  };
  const short = chapters.flatMap((c, i) => (lengthOf(c, i) < YOUTUBE_MIN_CHAPTER_SEC ? [{ c, sec: lengthOf(c, i) }] : []));
  if (short.length > 0) {
    const which = short
      .map(({ c, sec }) => `${youtubeTime(listedSec(c))} "${c.title}" (range ${c.index + 1}, ${Math.round(sec * 10) / 10} s)`)
      .join(', ');
    warnings.push(
      `YouTube needs every chapter to be at least ${YOUTUBE_MIN_CHAPTER_SEC} seconds long; ${short.length === 1 ? 'this one is' : 'these are'} shorter: ${which}.`,
    );
  }
  return warnings;
}
