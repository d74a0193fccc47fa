// Downloads a VOD's whole chat replay. Paging one cursor after another is one round trip per ~50
// comments (thousands for a long stream), so the timeline is cut into slices paged concurrently
// (chatSlices.ts). Twitch's quirks handled here: a page asked by offset can start before it (overlap,
// dropped by comment id), a page can come back null (asked again after a back-off), and a slice that
// keeps failing is taken as throttling: what is left of it is shared among fewer concurrent requests.
import { AppError, cancelled, isAppError } from '../errors';
import type { ChatCheckpoint, CoveredSpan } from './chatCheckpoint';
import { planRemaining, planSlices, replanFailedSlice, nominalSpan, DEFAULT_SLICES, type ChatSlice } from './chatSlices';
import { parseCommentsPage, type CommentsPage } from './commentsPage';
import { commentsOperation } from './endpoints';
import { isRetryableGql, type GqlClient } from './gql';
import { withRetry } from './retry';
import type { VodComment } from './types';

export interface ChatDownloadProgress {
  /** Distinct comments received so far. */
  messages: number;
  /** 0…1 from the furthest offset each slice reached; 0 throughout when the VOD's length is unknown (0). */
  fraction: number;
  /** Since the download started; null before the first comments arrive. */
  messagesPerSec: number | null;
}

export interface ChatDownloadOptions {
  /** The VOD's length; 0 for a fresh VOD whose length Twitch does not know yet. */
  lengthSec: number;
  /** Concurrent request chains to start with (default 4). */
  slices?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ChatDownloadProgress) => void;
  /** Extra attempts of one page after a null page or a transient failure (default 4). */
  retries?: number;
  baseDelayMs?: number;
  /**
   * Where the download keeps what it has received: what an earlier run saved there is not asked
   * again (only the rest of the timeline is paged), and every page is saved as it arrives.
   */
  checkpoint?: ChatCheckpoint;
}

/** How often one range of the timeline may fail all its retries before the download gives up. */
const MAX_FAILURES = 3;
const PROGRESS_INTERVAL_MS = 100;

/** `video.comments: null` — Twitch's transient "try again". */
class NullPageError extends Error {
  constructor(readonly at: string) {
    super(`Twitch returned no chat page for ${at}`);
    this.name = 'NullPageError';
  }
}

/**
 * Worth asking again: null pages, and network failures or Twitch's own transient errors ("service
 * timeout", "rate limit": what throttling looks like) that the client gave up on (it reports them as
 * NETWORK).
 */
function isRetryable(error: unknown): boolean {
  if (error instanceof NullPageError) return true;
  if (isAppError(error)) return error.code === 'NETWORK';
  return isRetryableGql(error);
}

/** What the user sees when a range kept failing with a retryable error. */
function gaveUp(error: unknown): AppError {
  if (error instanceof NullPageError) {
    return new AppError(
      'NETWORK',
      `Twitch kept returning no chat for ${error.at}, even with fewer requests at a time. Try again later.`,
      { cause: error },
    );
  }
  if (isAppError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('NETWORK', `Could not download the chat: ${detail}`, { cause: error });
}

interface SliceTask {
  slice: ChatSlice;
  /** Furthest offset received inside the slice (starts at its start). */
  reachedSec: number;
  /** Failures of this range and the ranges it was cut from. */
  failures: number;
}

/**
 * Shares the parts that repeat across a chat (a viewer's identity, a badge list, a colour, an emote
 * fragment) between comments: half the memory of 500k comments is those repeats. The shared objects
 * are never mutated by anyone who reads VodComments.
 */
function makeSharing(): (comment: VodComment) => VodComment {
  const commenters = new Map<string, NonNullable<VodComment['commenter']>>();
  const badgeLists = new Map<string, VodComment['badges']>();
  const strings = new Map<string, string>();
  const emotes = new Map<string, VodComment['fragments'][number]>();
  const noBadges: VodComment['badges'] = [];
  const share = <T>(map: Map<string, T>, key: string, value: T): T => {
    const known = map.get(key);
    if (known !== undefined) return known;
    map.set(key, value);
    return value;
  };
  return (c) => ({
    id: c.id,
    offsetSec: c.offsetSec,
    createdAt: c.createdAt,
    commenter: c.commenter && share(commenters, `${c.commenter.id}\n${c.commenter.login}\n${c.commenter.displayName}`, c.commenter),
    fragments: c.fragments.map((f) => (f.emoteId === null ? f : share(emotes, `${f.emoteId}\n${f.text}`, f))),
    badges: c.badges.length === 0 ? noBadges : share(badgeLists, c.badges.map((b) => `${b.setId}/${b.version}`).join(','), c.badges),
    color: c.color && share(strings, c.color, c.color),
  });
}

/** Sorted by offset, then creation time, then id (stable for equal offsets). */
function byOffset(a: VodComment, b: VodComment): number {
  if (a.offsetSec !== b.offsetSec) return a.offsetSec - b.offsetSec;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export async function downloadVodChat(
  client: Pick<GqlClient, 'request'>,
  vodId: string,
  opts: ChatDownloadOptions,
): Promise<VodComment[]> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw cancelled();
  const lengthSec = Number.isFinite(opts.lengthSec) && opts.lengthSec > 0 ? opts.lengthSec : 0;
  const retries = opts.retries ?? 4;
  const baseDelayMs = opts.baseDelayMs ?? 1000;

  // Stops the other slices when one fails for good; the user's cancel reaches them through it too.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });

  const comments: VodComment[] = [];
  // Ids only (the strings the comments already hold), so de-duplication costs little for 500k.
  const seen = new Set<string>();
  const shared = makeSharing();
  const { checkpoint } = opts;
  const saved = checkpoint ? await checkpoint.load() : { comments: [], covered: [] };
  for (const comment of saved.comments) {
    if (seen.has(comment.id)) continue;
    seen.add(comment.id);
    comments.push(shared(comment));
  }
  const resumedWith = seen.size;
  const sliceCount = opts.slices ?? DEFAULT_SLICES;
  const planned = saved.covered.length > 0 ? planRemaining(saved.covered, lengthSec, sliceCount) : planSlices(lengthSec, sliceCount);
  const queue: SliceTask[] = planned.map((slice) => ({ slice, reachedSec: slice.startSec, failures: 0 }));
  let concurrency = Math.max(1, Math.min(sliceCount, queue.length));
  const active = new Set<SliceTask>();
  // What earlier runs completed counts as done from the start (for progress).
  let doneSec = lengthSec > 0 ? Math.max(0, lengthSec - planned.reduce((sum, slice) => sum + nominalSpan(slice, lengthSec), 0)) : 0;
  let fatal: unknown = null;

  const startedAt = Date.now();
  let lastReport = -Infinity;
  const report = (final = false): void => {
    if (!onProgress) return;
    const now = Date.now();
    if (!final && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    let covered = doneSec;
    for (const task of active) covered += Math.min(task.reachedSec - task.slice.startSec, nominalSpan(task.slice, lengthSec));
    const fraction = final ? 1 : lengthSec > 0 ? Math.min(1, covered / lengthSec) : 0;
    const elapsedSec = (now - startedAt) / 1000;
    onProgress({
      messages: seen.size,
      fraction,
      messagesPerSec: seen.size > resumedWith && elapsedSec > 0 ? (seen.size - resumedWith) / elapsedSec : null,
    });
  };

  /** One page, asked again after a back-off while it comes back null or fails transiently. */
  const fetchPage = (from: { offsetSec: number } | { cursor: string }): Promise<CommentsPage> =>
    withRetry(
      async () => {
        const data = await client.request(commentsOperation(vodId, from), { client: 'comments', signal: stop.signal });
        const page = parseCommentsPage(data);
        if (page === null) {
          throw new NullPageError('offsetSec' in from ? `offset ${Math.floor(from.offsetSec)} s` : 'a page in the middle of the chat');
        }
        return page;
      },
      { retries, baseDelayMs, signal: stop.signal, isRetryable },
    );

  /** Pages one slice from its start until a page passes its end or Twitch has no more. */
  const runSlice = async (task: SliceTask): Promise<void> => {
    const { startSec, endSec } = task.slice;
    // The only cursor held: the one asking for the next page of this slice.
    let cursor: string | null = null;
    for (;;) {
      const page: CommentsPage = await fetchPage(cursor === null ? { offsetSec: startSec } : { cursor });
      const fresh: VodComment[] = [];
      for (const comment of page.comments) {
        // Outside the slice: before it (the overlap of a page asked by offset) or the next slice's.
        if (comment.offsetSec < startSec || comment.offsetSec >= endSec || seen.has(comment.id)) continue;
        seen.add(comment.id);
        fresh.push(shared(comment)); // a copy without the cursor
      }
      comments.push(...fresh);
      const last = page.comments[page.comments.length - 1];
      if (last !== undefined) task.reachedSec = Math.max(task.reachedSec, Math.min(last.offsetSec, endSec));
      const finished = !page.hasNextPage || last === undefined || last.offsetSec >= endSec;
      if (checkpoint) {
        // Whole seconds before the last comment's are complete (its second may go on on the next page).
        const covered: CoveredSpan = { fromSec: startSec, toSec: finished ? endSec : Math.floor(task.reachedSec) };
        await checkpoint.save(fresh, covered);
      }
      report();
      if (finished) return;
      if (last.cursor === cursor) {
        throw new AppError('TWITCH_CHANGED', 'Twitch returned the same chat page twice. Twitch may have changed its private API.');
      }
      cursor = last.cursor;
    }
  };

  const finish = (task: SliceTask, failure: { error: unknown } | null): void => {
    active.delete(task);
    if (failure === null) {
      doneSec += nominalSpan(task.slice, lengthSec);
      return;
    }
    if (fatal !== null) return; // stopped because another slice failed
    const { error } = failure;
    if (signal?.aborted) {
      fatal = cancelled();
    } else if (isRetryable(error) && task.failures + 1 < MAX_FAILURES) {
      // Keep what the slice got; share the rest among fewer concurrent requests.
      doneSec += Math.min(task.reachedSec - task.slice.startSec, nominalSpan(task.slice, lengthSec));
      const replan = replanFailedSlice(task.slice, task.reachedSec, concurrency, lengthSec);
      concurrency = replan.concurrency;
      queue.unshift(...replan.slices.map((slice) => ({ slice, reachedSec: slice.startSec, failures: task.failures + 1 })));
      return;
    } else {
      fatal = isRetryable(error) ? gaveUp(error) : error;
    }
    stop.abort();
  };

  try {
    const running = new Set<Promise<void>>();
    while (fatal === null && (queue.length > 0 || running.size > 0)) {
      while (fatal === null && queue.length > 0 && running.size < concurrency) {
        const task = queue.shift()!;
        active.add(task);
        const run: Promise<void> = runSlice(task)
          .then(
            () => finish(task, null),
            (error: unknown) => finish(task, { error }),
          )
          .finally(() => running.delete(run));
        running.add(run);
      }
      if (running.size > 0) await Promise.race(running);
    }
    // Let the stopped slices settle so no request outlives the call.
    await Promise.allSettled(running);
    if (fatal !== null) throw fatal;
    if (signal?.aborted) throw cancelled();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }

  report(true);
  return comments.sort(byOffset);
}
