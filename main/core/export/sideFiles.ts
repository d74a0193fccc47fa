// The ranges of an export as files beside it, for other tools: a CSV that LosslessCut imports (one
// segment a line: start,end,label; seconds with decimals; no header, which LosslessCut would read as a
// segment) and a JSON with everything the export knew (cuts, tags, where each range plays in the reel).
// Pure; the dispatcher writes them (atomically, after the video is complete).
import { basename, dirname, extname, join } from 'node:path';
import type { ExportLayout, ExportMode } from '../../../preload/contract';
import { cleanLabel } from '../analysis/label';
import { rangeTitle, type NamedRange } from './chapters';

/** Files beside `outPath` (reel.mp4 → reel.chapters.txt, reel.csv, reel.json). */
export function sideFilePaths(outPath: string): { chapters: string; csv: string; json: string } {
  const stem = join(dirname(outPath), basename(outPath, extname(outPath)));
  return { chapters: `${stem}.chapters.txt`, csv: `${stem}.csv`, json: `${stem}.json` };
}

/** Seconds as plain decimals, to the millisecond (LosslessCut reads three decimals), no exponent. */
export function csvSeconds(sec: number): string {
  return (Math.round(Math.max(0, sec) * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
}

/** One CSV field per RFC 4180: quoted (inner quotes doubled) when it holds a comma, quote or line break, or edge spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** LosslessCut's CSV: `start,end,label` per range, in reel order, times on the source (as drawn), CRLF lines. */
export function rangesCsv(ranges: readonly Pick<NamedRange, 'start' | 'end' | 'label'>[]): string {
  return ranges.map((r) => `${csvSeconds(r.start)},${csvSeconds(r.end)},${csvField(cleanLabel(r.label))}\r\n`).join('');
}

export interface SideJsonInput {
  sourcePath: string;
  /** The reel, or the nominal target of a set of clips. */
  outPath: string;
  layout: ExportLayout;
  mode: ExportMode;
  /** In reel order. */
  ranges: readonly NamedRange[];
  /** With layout 'clips': the file of each range (null for a range with nothing to cut), in the same order. */
  clipPaths?: readonly (string | null)[];
}

export interface SideJsonRange {
  /** From 1, in reel order. */
  n: number;
  /** The range as drawn, on the source. */
  start: number;
  end: number;
  /** Where the cut really is on the source (keyframes in fast mode). */
  cutStart: number;
  cutEnd: number;
  label: string;
  tags: string[];
  /** The label, else the tags, else "Highlight N": the chapter title. */
  title: string;
  /** Where the range plays in the reel (null for clips). */
  reelStart: number | null;
  reelEnd: number | null;
  /** The clip's file name (clips only). */
  file: string | null;
}

export interface SideJson {
  version: 1;
  source: string;
  output: string;
  layout: ExportLayout;
  mode: ExportMode;
  /** Sum of the cuts. */
  durationSec: number;
  ranges: SideJsonRange[];
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The JSON side file's content, as an object (`JSON.stringify(…, null, 2)` is what is written). */
export function rangesJson(input: SideJsonInput): SideJson {
  let reelSec = 0;
  const ranges = input.ranges.map((r, i): SideJsonRange => {
    const length = Math.max(0, r.cutEnd - r.cutStart);
    const reelStart = reelSec;
    reelSec += length;
    const clip = input.clipPaths?.[i] ?? null;
    return {
      n: i + 1,
      start: r.start,
      end: r.end,
      cutStart: r.cutStart,
      cutEnd: r.cutEnd,
      label: cleanLabel(r.label),
      tags: [...r.tags],
      title: rangeTitle(r, i),
      reelStart: input.layout === 'reel' ? round6(reelStart) : null,
      reelEnd: input.layout === 'reel' ? round6(reelSec) : null,
      file: input.layout === 'clips' && clip ? basename(clip) : null,
    };
  });
  return {
    version: 1,
    source: basename(input.sourcePath),
    output: basename(input.outPath),
    layout: input.layout,
    mode: input.mode,
    durationSec: round6(reelSec),
    ranges,
  };
}
