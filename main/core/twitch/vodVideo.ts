// Downloads a VOD's video: every segment of the chosen variant (and an fMP4 VOD's init segment) into a
// segment folder (resumable: a rerun skips finished files), then joins them into one MP4 without
// re-encoding. Used by the app's download job and by `highlighter download`.
import { rm } from 'node:fs/promises';
import type { ProgressFn } from '../progress';
import { joinSegments } from './joinSegments';
import { segmentDetail } from './progressText';
import { downloadSegments } from './segmentDownload';
import type { MediaPlaylist } from './types';

/** The join is fast next to the download; this share of the bar is kept for it. */
const JOIN_SHARE = 0.05;

export interface VodVideoOptions {
  playlist: MediaPlaylist;
  segmentsDir: string;
  outPath: string;
  concurrency?: number;
  retries?: number;
  baseDelayMs?: number;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Keep the segment folder after joining (default: removed, the MP4 holds everything). */
  keepSegments?: boolean;
}

export interface VodVideoResult {
  durationSec: number;
  downloaded: number;
  skipped: number;
  bytes: number;
}

export async function downloadVodVideo(opts: VodVideoOptions): Promise<VodVideoResult> {
  const report = opts.onProgress ?? (() => undefined);
  const { segments } = opts.playlist;
  // A playlist.json saved by an older version may lack initUrl: those were MPEG-TS.
  const initUrl = opts.playlist.initUrl ?? null;
  const result = await downloadSegments(segments, opts.segmentsDir, {
    initUrl,
    concurrency: opts.concurrency,
    retries: opts.retries,
    baseDelayMs: opts.baseDelayMs,
    signal: opts.signal,
    onProgress: (p) => {
      const remaining = p.totalSegments - p.doneSegments;
      const fetched = p.doneSegments - p.skippedSegments;
      const perSegment = fetched > 0 ? p.bytes / fetched : null;
      const etaSec = p.bytesPerSec && perSegment ? (remaining * perSegment) / p.bytesPerSec : null;
      report({
        fraction: (p.totalSegments ? p.doneSegments / p.totalSegments : 1) * (1 - JOIN_SHARE),
        detail: segmentDetail(p),
        etaSec,
      });
    },
  });
  report({ fraction: 1 - JOIN_SHARE, detail: `joining ${segments.length} segments`, etaSec: null });
  const joined = await joinSegments({
    segments,
    dir: opts.segmentsDir,
    outPath: opts.outPath,
    initSegment: initUrl !== null,
    signal: opts.signal,
    onProgress: (f) => report({ fraction: 1 - JOIN_SHARE + JOIN_SHARE * f, detail: `joining ${segments.length} segments` }),
  });
  if (!opts.keepSegments) await rm(opts.segmentsDir, { recursive: true, force: true });
  return { durationSec: joined.durationSec, downloaded: result.downloaded, skipped: result.skipped, bytes: result.bytes };
}
