// Downloads a VOD's media segments into a folder: a pool of workers, each segment streamed to a temporary
// name, its length checked against Content-Length, then renamed (so a rerun skips what is complete).
// fMP4 VODs also need their init segment (#EXT-X-MAP): it is one more file of the same pool, fetched the
// same way under INIT_FILE_NAME whenever it is missing, and kept like the segments.
// Transient failures (connection lost, stall, 5xx, 429, short body) are retried with back-off; a 403/404
// stops everything at once. Cancel, or the first final failure, aborts every request in flight and no
// temporary file outlives the call.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, cancelled, isAppError, throwIfCancelled } from '../errors';
import { HttpStatusError, TransportError, isTransient, networkError, safeUrl, transportFailure } from './http';
import { withRetry } from './retry';
import { INIT_FILE_NAME, isTempName, listNames, completeSegments, segmentFileName, segmentTempName } from './segmentFiles';
import type { VodSegment } from './types';

export interface SegmentDownloadProgress {
  /** Segments complete on disk, including the skipped ones. */
  doneSegments: number;
  totalSegments: number;
  /** Segments that were already complete (resume). */
  skippedSegments: number;
  /** Bytes received by this run (in-flight bodies included). */
  bytes: number;
  /** Recent download speed; null until there is enough to measure. */
  bytesPerSec: number | null;
}

export interface SegmentDownloadOptions {
  /** Parallel requests (default 6; the good downloaders use 4–10). */
  concurrency?: number;
  /** Retries per segment after the first attempt (default 5). */
  retries?: number;
  /** First back-off delay (default 1000 ms), doubled per retry. */
  baseDelayMs?: number;
  /** A request that receives nothing for this long is retried (default 30 s). Not a limit on the whole body. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SegmentDownloadProgress) => void;
  headers?: Record<string, string>;
  /**
   * fMP4 VODs: the playlist's init segment URL (MediaPlaylist.initUrl). Fetched into INIT_FILE_NAME
   * along with the segments when that file is missing (not when there are no segments to fetch or keep);
   * it counts in `bytes`, not in the segment counts.
   */
  initUrl?: string | null;
}

export interface SegmentDownloadResult {
  /** Segments downloaded by this run (the init segment not counted). */
  downloaded: number;
  skipped: number;
  /** Bytes downloaded by this run, init segment included. */
  bytes: number;
  /** Only when `initUrl` was given: whether this run fetched the init segment (false: already on disk). */
  initDownloaded?: boolean;
}

/** One file to fetch: a segment or the init segment. */
interface Download {
  url: string;
  /** As the playlist names it, for messages. */
  uri: string;
  fileName: string;
  /** Counted in the segment progress (the init segment is not). */
  segment: boolean;
}

const DEFAULTS = { concurrency: 6, retries: 5, baseDelayMs: 1000, timeoutMs: 30_000 };
/** Byte-level progress is reported at most this often; segment completions always are. */
const PROGRESS_INTERVAL_MS = 250;

export async function downloadSegments(
  segments: readonly VodSegment[],
  dir: string,
  opts: SegmentDownloadOptions = {},
): Promise<SegmentDownloadResult> {
  throwIfCancelled(opts.signal);
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULTS.concurrency));
  const retries = Math.max(0, opts.retries ?? DEFAULTS.retries);
  const baseDelayMs = opts.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;

  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw unwritable(dir, error);
  }
  // A killed run leaves its temporary files behind; nothing else writes segment temporaries, so any
  // found before the workers start are stale.
  const names = await listNames(dir);
  await Promise.all(names.filter(isTempName).map((name) => rm(join(dir, name), { force: true })));

  const done = completeSegments(segments, names);
  const pending: Download[] = segments
    .filter((s) => !done.has(s.index))
    .map((s) => ({ url: s.url, uri: s.uri, fileName: segmentFileName(s), segment: true }));
  const skipped = segments.length - pending.length;
  // First in the queue: nothing can be joined without it.
  const initUrl = opts.initUrl ?? null;
  if (initUrl !== null && segments.length > 0 && !names.includes(INIT_FILE_NAME)) {
    pending.unshift({ url: initUrl, uri: initUri(initUrl), fileName: INIT_FILE_NAME, segment: false });
  }

  // One signal for the whole run: the caller's cancel, or our own stop after a final failure.
  const stop = new AbortController();
  const onCallerAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();

  const meter = createSpeedMeter();
  let receivedBytes = 0;
  let downloadedBytes = 0;
  let downloaded = 0;
  let initDownloaded = false;
  let lastReport = 0;
  const report = (force: boolean) => {
    if (!opts.onProgress) return;
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    opts.onProgress({
      doneSegments: skipped + downloaded,
      totalSegments: segments.length,
      skippedSegments: skipped,
      bytes: receivedBytes,
      bytesPerSec: meter.rate(now),
    });
  };
  const onBytes = (delta: number) => {
    receivedBytes += delta;
    meter.add(Date.now(), receivedBytes);
    report(false);
  };

  let failure: unknown = null;
  let next = 0;
  const worker = async () => {
    while (!stop.signal.aborted) {
      const item = pending[next++];
      if (!item) return;
      try {
        const size = await withRetry(
          () => downloadOne(item, dir, { headers: opts.headers, timeoutMs, signal: stop.signal, onBytes }),
          { retries, baseDelayMs, signal: stop.signal, isRetryable: isTransient },
        );
        if (item.segment) downloaded++;
        else initDownloaded = true;
        downloadedBytes += size;
        report(true);
      } catch (error) {
        // The first final failure wins; the others are the cancellations it caused.
        if (!stop.signal.aborted) {
          failure = error;
          stop.abort();
        }
      }
    }
  };

  try {
    report(true);
    await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
  } finally {
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
  if (opts.signal?.aborted) throw cancelled();
  if (failure !== null) throw finalError(failure);
  return { downloaded, skipped, bytes: downloadedBytes, ...(initUrl !== null ? { initDownloaded } : {}) };
}

/** The init segment's name as the playlist gives it ("init-0.mp4"), for messages. */
function initUri(url: string): string {
  try {
    const path = new URL(url).pathname;
    return path.slice(path.lastIndexOf('/') + 1) || url;
  } catch {
    return url;
  }
}

interface AttemptOptions {
  headers: Record<string, string> | undefined;
  timeoutMs: number;
  signal: AbortSignal;
  onBytes: (delta: number) => void;
}

/**
 * One attempt at one file: the body streamed to the temporary name, checked, renamed. Returns the
 * size. Whatever happens, the temporary file is gone afterwards and the request is closed.
 */
async function downloadOne(item: Download, dir: string, opts: AttemptOptions): Promise<number> {
  throwIfCancelled(opts.signal);
  const finalName = item.fileName;
  const tempPath = join(dir, segmentTempName(finalName));
  const url = item.url;

  // Per-attempt controller: aborted by the run's signal, by a stall, and at the end (releases the socket).
  const request = new AbortController();
  const onStop = () => request.abort();
  opts.signal.addEventListener('abort', onStop, { once: true });
  let stallTimer: NodeJS.Timeout | undefined;
  const armStallTimer = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(
      () => request.abort(new DOMException(`No data for ${opts.timeoutMs} ms`, 'TimeoutError')),
      opts.timeoutMs,
    );
  };

  let received = 0;
  let releaseBody: () => void = () => undefined;
  try {
    armStallTimer();
    let response: Response;
    try {
      response = await fetch(url, { headers: opts.headers, signal: request.signal });
    } catch (error) {
      throw transportFailure(error, url, opts.signal);
    }
    if (!response.ok) {
      const body = await response.text().then((t) => t.slice(0, 4096), () => '');
      throw new HttpStatusError(response.status, url, body);
    }
    if (!response.body) throw new TransportError(`Empty answer from ${safeUrl(url)}.`, url);
    // With a content encoding, Content-Length counts the compressed bytes while we see decoded ones.
    const declared = response.headers.get('content-encoding') ? null : response.headers.get('content-length');
    const expected = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;

    // Reads race the abort: undici does not always fail a pending body read when the request is aborted
    // (seen with Node 20: the read then never settles), and a cancel must not wait for the server.
    const aborted = new Promise<never>((_, reject) => {
      const fail = () => reject(request.signal.reason);
      if (request.signal.aborted) fail();
      else request.signal.addEventListener('abort', fail, { once: true });
    });
    aborted.catch(() => undefined);
    const reader = response.body.getReader();
    releaseBody = () => void reader.cancel().catch(() => undefined);

    let file;
    try {
      file = await open(tempPath, 'w');
    } catch (error) {
      throw unwritable(dir, error);
    }
    try {
      for (;;) {
        let step: ReadableStreamReadResult<Uint8Array>;
        try {
          step = await Promise.race([reader.read(), aborted]);
        } catch (error) {
          throw transportFailure(error, url, opts.signal);
        }
        if (step.done) break;
        armStallTimer();
        try {
          await file.write(step.value);
        } catch (error) {
          throw unwritable(dir, error);
        }
        received += step.value.byteLength;
        opts.onBytes(step.value.byteLength);
      }
    } finally {
      await file.close();
    }
    // A body cut short without a transport error (a proxy, a server closing cleanly) is caught here; no
    // segment is empty.
    if (received === 0 || (expected !== null && received !== expected)) {
      const how = expected === null ? 'empty' : `incomplete (${received} of ${expected} bytes)`;
      const what = item.segment ? `Segment ${item.uri}` : `Init segment ${item.uri}`;
      throw new TransportError(`${what} arrived ${how} from ${safeUrl(url)}.`, url);
    }
    throwIfCancelled(opts.signal);
    try {
      await rename(tempPath, join(dir, finalName));
    } catch (error) {
      throw unwritable(dir, error);
    }
    return received;
  } catch (error) {
    // Bytes of a failed attempt are not progress; a retry counts them again.
    if (received > 0) opts.onBytes(-received);
    await rm(tempPath, { force: true });
    throw error;
  } finally {
    clearTimeout(stallTimer);
    opts.signal.removeEventListener('abort', onStop);
    request.abort();
    releaseBody();
  }
}

/** What the caller sees for a failure that ended the run. */
function finalError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof HttpStatusError) {
    if (error.status === 404 || error.status === 410) {
      return new AppError(
        'VOD_NOT_FOUND',
        `Twitch no longer has a segment of this VOD (HTTP ${error.status} for ${safeUrl(error.url)}). The VOD may have been deleted or its playlist changed; open it again to get a fresh playlist.`,
        { cause: error },
      );
    }
    if (error.status === 401 || error.status === 403) {
      return new AppError(
        'NETWORK',
        `Twitch refused a segment of this VOD (HTTP ${error.status} for ${safeUrl(error.url)}). It may have become subscriber-only or restricted in your region; open it again to get a fresh playlist.`,
        { cause: error },
      );
    }
  }
  return networkError(error, 'download the VOD');
}

function unwritable(dir: string, error: unknown): AppError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  return new AppError('OUTPUT_UNWRITABLE', `Cannot write the downloaded segments to "${dir}" (${reason}).`, { cause: error });
}

/** Speed over a sliding window (recent speed is what an ETA needs, not the average since the start). */
export function createSpeedMeter(windowMs = 5000, minSpanMs = 500) {
  const samples: { t: number; total: number }[] = [];
  return {
    /** Record the running byte total at time t (ms). */
    add(t: number, total: number): void {
      samples.push({ t, total });
      // Keep one sample older than the window so the span covers the whole window.
      while (samples.length > 2 && (samples[1]?.t ?? t) <= t - windowMs) samples.shift();
    },
    /** Bytes per second over the window ending at `now`; null when the samples span less than minSpanMs. */
    rate(now: number): number | null {
      const first = samples[0];
      const last = samples[samples.length - 1];
      if (!first || !last) return null;
      const span = Math.max(now, last.t) - first.t;
      if (span < minSpanMs) return null;
      return Math.max(0, ((last.total - first.total) * 1000) / span);
    },
  };
}
