// Exports a reel from a VOD that is not (or only partly) downloaded: only the segments that overlap the
// chosen ranges are fetched, joined into a short "sparse" copy of the VOD, and the reel is cut from that
// with the ordinary export. Cutting 10 minutes out of an 8-hour VOD then costs 10 minutes of download
// (plus, for fMP4 VODs, the init segment, fetched once and kept with the segments).
//
// The copy's timeline is the VOD's with the gaps between runs taken out, plus one shift: its video may
// start a little after the file does (the first segment's audio starts ahead of its video, and the join
// keeps that), so a VOD time maps to copy time + that lead. Without it every cut would land that much
// (one or two frames) early.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportMode } from '../../../preload/contract';
import { AppError } from '../errors';
import { exportReel, type ExportReelResult } from '../media/exportReel';
import { planExport } from '../media/exportPlan';
import { requireFfmpeg } from '../media/ffmpegPaths';
import { readKeyframeTimes } from '../media/keyframes';
import { runFfmpeg } from '../media/runFfmpeg';
import type { ProgressFn } from '../progress';
import { joinSegments } from './joinSegments';
import { segmentsForRanges } from './playlists';
import { segmentDetail } from './progressText';
import { downloadSegments } from './segmentDownload';
import type { MediaPlaylist, VodSegment } from './types';

export interface SegmentExportOptions {
  playlist: MediaPlaylist;
  segmentsDir: string;
  /** Ranges on the VOD's timeline. */
  ranges: readonly { start: number; end: number }[];
  mode: ExportMode;
  outPath: string;
  hasAudio: boolean;
  concurrency?: number;
  retries?: number;
  baseDelayMs?: number;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  env?: NodeJS.ProcessEnv;
}

/** A run of consecutive segments and where it lands in the sparse copy. */
export interface SparseRun {
  startSec: number;
  endSec: number;
  sparseStartSec: number;
}

/** Groups the (sorted) segments into runs of consecutive indices. */
export function sparseRuns(segments: readonly VodSegment[]): SparseRun[] {
  const runs: SparseRun[] = [];
  let sparse = 0;
  let previous: VodSegment | null = null;
  for (const s of segments) {
    const last = runs[runs.length - 1];
    if (last && previous && s.index === previous.index + 1) last.endSec = s.startSec + s.durationSec;
    else runs.push({ startSec: s.startSec, endSec: s.startSec + s.durationSec, sparseStartSec: sparse });
    sparse += s.durationSec;
    previous = s;
  }
  return runs;
}

/** A VOD-timeline range as a range of the sparse copy (ranges never straddle runs: runs cover them). */
export function toSparse(range: { start: number; end: number }, runs: readonly SparseRun[]): { start: number; end: number } {
  const run = runs.find((r) => range.start >= r.startSec - 1e-6 && range.start < r.endSec);
  if (!run) throw new AppError('INTERNAL', `No downloaded segment covers ${range.start.toFixed(2)} s.`);
  const end = Math.min(range.end, run.endSec);
  return { start: range.start - run.startSec + run.sparseStartSec, end: end - run.startSec + run.sparseStartSec };
}

/** How long after the file's start its video starts (0 when it cannot be read or starts first). */
async function videoLeadSec(path: string, opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv }): Promise<number> {
  const { ffprobePath } = requireFfmpeg(opts.env);
  const { stdout } = await runFfmpeg(
    ffprobePath,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=start_time:format=start_time', '-of', 'json', path],
    { signal: opts.signal },
  );
  const data = JSON.parse(stdout) as { streams?: { start_time?: string }[]; format?: { start_time?: string } };
  const lead = Number(data.streams?.[0]?.start_time) - Number(data.format?.start_time);
  return Number.isFinite(lead) && lead > 0 ? Math.round(lead * 1e6) / 1e6 : 0;
}

export async function exportFromSegments(opts: SegmentExportOptions): Promise<ExportReelResult & { segments: number }> {
  const report = opts.onProgress ?? (() => undefined);
  const needed = segmentsForRanges(opts.playlist.segments, opts.ranges);
  if (needed.length === 0) throw new AppError('BAD_RANGES', 'The ranges lie outside the VOD.');
  // Downloading is most of the work; the split only shapes the bar.
  const DOWNLOAD_SHARE = 0.6;
  // A playlist.json saved by an older version may lack initUrl: those were MPEG-TS.
  const initUrl = opts.playlist.initUrl ?? null;
  await downloadSegments(needed, opts.segmentsDir, {
    initUrl,
    concurrency: opts.concurrency,
    retries: opts.retries,
    baseDelayMs: opts.baseDelayMs,
    signal: opts.signal,
    onProgress: (p) => report({ fraction: (p.doneSegments / Math.max(1, p.totalSegments)) * DOWNLOAD_SHARE, detail: segmentDetail(p) }),
  });

  const sparsePath = join(opts.segmentsDir, `.export-${process.pid}-${Date.now()}.mp4`);
  try {
    report({ fraction: DOWNLOAD_SHARE, detail: `joining ${needed.length} segments` });
    const joined = await joinSegments({
      segments: needed,
      dir: opts.segmentsDir,
      outPath: sparsePath,
      initSegment: initUrl !== null,
      signal: opts.signal,
    });
    const runs = sparseRuns(needed);
    const lead = await videoLeadSec(sparsePath, opts);
    const ranges = opts.ranges.map((r) => {
      const sparse = toSparse(r, runs);
      return { start: sparse.start + lead, end: sparse.end + lead };
    });
    const keyframes = opts.mode === 'fast' ? await readKeyframeTimes(sparsePath, { env: opts.env, signal: opts.signal }) : undefined;
    const plan = planExport({ ranges, mode: opts.mode, durationSec: joined.durationSec, keyframes });
    const result = await exportReel({
      videoPath: sparsePath,
      plan,
      outPath: opts.outPath,
      hasAudio: opts.hasAudio,
      signal: opts.signal,
      env: opts.env,
      onProgress: (p) => report({ ...p, fraction: DOWNLOAD_SHARE + (1 - DOWNLOAD_SHARE) * p.fraction }),
    });
    return { ...result, segments: needed.length };
  } finally {
    await rm(sparsePath, { force: true });
  }
}
