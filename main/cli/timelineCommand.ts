// `highlighter timeline --video FILE --ranges "s-e,…" [--labels "a,b,…"] --format F --out FILE`
// Writes the ranges, in the order given, as a timeline another editor opens (nothing is rendered):
// the same core the app's exportTimeline uses, on the video as probed here.
import { basename, extname, resolve } from 'node:path';
import { probeMedia } from '../core/media/probe';
import { requireFfmpeg } from '../core/media/ffmpegPaths';
import { timelineFormat } from '../core/timeline/formats';
import { timelineSourceFromProbe } from '../core/timeline/source';
import { writeTimeline } from '../core/timeline/writeTimeline';
import { parseLabelsFor } from './parseLabels';
import { parseRanges } from './parseRanges';

export interface TimelineOptions {
  video: string;
  ranges: string;
  labels?: string;
  format: string;
  out: string;
}

export async function timelineCommand(opts: TimelineOptions, err: NodeJS.WritableStream): Promise<void> {
  const format = timelineFormat(opts.format);
  const ranges = parseRanges(opts.ranges);
  const labels = opts.labels === undefined ? undefined : parseLabelsFor(opts.labels, ranges.length);
  requireFfmpeg();
  const videoPath = resolve(opts.video);
  const probe = await probeMedia(videoPath);
  const written = await writeTimeline(
    format.name,
    {
      source: timelineSourceFromProbe(videoPath, probe),
      ranges: ranges.map((r, i) => ({ ...r, label: labels?.[i] })),
      title: basename(videoPath, extname(videoPath)),
    },
    resolve(opts.out),
  );
  err.write(`wrote ${written.outPath} (${written.format}, ${written.ranges} ranges)\n`);
}
