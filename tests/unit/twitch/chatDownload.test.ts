// downloadVodChat against an in-memory page source shaped like Twitch's answers, so each quirk (overlap,
// null pages, throttling, malformed answers) can be switched on exactly where a test wants it.
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../fixtures/failure';
import { AppError } from '../../../main/core/errors';
import { downloadVodChat, type ChatDownloadProgress } from '../../../main/core/twitch/chatDownload';
import { GqlError, describeGqlError, type GqlOptions } from '../../../main/core/twitch/gql';
import { networkError as gaveUpOn } from '../../../main/core/twitch/http';
import { sleep } from '../../../main/core/twitch/retry';
import type { VodComment } from '../../../main/core/twitch/types';

interface SourceComment {
  id: string;
  offsetSec: number;
  createdAt: string;
}

type From = { offsetSec: number } | { cursor: string };

interface SourceOptions {
  pageSize?: number;
  /** A page asked by offset starts this much earlier (Twitch's overlap). */
  lookbackSec?: number;
  delayMs?: number;
  /** Decides a request's fate on arrival: answer normally, a null page, or throw. */
  fault?: (request: { n: number; from: From; inFlight: number }) => 'null' | Error | undefined;
}

/** Comments at whole seconds, several per second, some seconds empty; sorted as Twitch sorts them. */
function makeSourceComments(durationSec: number, seed = 1): SourceComment[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: SourceComment[] = [];
  for (let sec = 0; sec < durationSec; sec++) {
    const count = random() < 0.2 ? 0 : Math.floor(random() * 5);
    for (let i = 0; i < count; i++) {
      const ms = Math.floor(random() * 1000);
      out.push({ id: `c${out.length.toString().padStart(6, '0')}`, offsetSec: sec, createdAt: new Date(Date.UTC(2024, 0, 1) + sec * 1000 + ms).toISOString() });
    }
  }
  return out.sort((a, b) => a.offsetSec - b.offsetSec || (a.createdAt < b.createdAt ? -1 : 1));
}

function edgeOf(c: SourceComment, index: number): object {
  return {
    cursor: `cur-${index}`,
    node: {
      id: c.id,
      commenter: index % 7 === 0 ? null : { id: String(index % 50), login: `user${index % 50}`, displayName: `User${index % 50}` },
      contentOffsetSeconds: c.offsetSec,
      createdAt: c.createdAt,
      message: {
        fragments: index % 3 === 0 ? [{ text: 'nice ', emote: null }, { text: 'Kappa', emote: { emoteID: '25' } }] : [{ text: `msg ${index}`, emote: null }],
        userBadges: index % 4 === 0 ? [{ setID: 'subscriber', version: '3' }] : [],
        userColor: index % 2 === 0 ? '#FF0000' : null,
      },
    },
  };
}

function fakeSource(comments: SourceComment[], opts: SourceOptions = {}) {
  const pageSize = opts.pageSize ?? 20;
  const lookback = opts.lookbackSec ?? 3;
  const log: From[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const client = {
    async request(operation: object, request: GqlOptions = {}): Promise<Record<string, unknown>> {
      expect(request.client).toBe('comments');
      const variables = (operation as { variables: { videoID: string; cursor?: string; contentOffsetSeconds?: number } }).variables;
      const from: From = variables.cursor !== undefined ? { cursor: variables.cursor } : { offsetSec: variables.contentOffsetSeconds ?? 0 };
      log.push(from);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const fault = opts.fault?.({ n: log.length, from, inFlight });
        if (fault instanceof Error) throw fault;
        if (opts.delayMs) await sleep(opts.delayMs, request.signal);
        if (variables.videoID !== '42') return { video: null };
        if (fault === 'null') return { video: { id: '42', comments: null } };
        let start: number;
        if ('cursor' in from) start = Number(from.cursor.slice(4)) + 1;
        else {
          start = comments.findIndex((c) => c.offsetSec >= from.offsetSec - lookback);
          if (start < 0) start = comments.length;
        }
        const end = Math.min(comments.length, start + pageSize);
        const edges = comments.slice(start, end).map((c, i) => edgeOf(c, start + i));
        return { video: { id: '42', comments: { edges, pageInfo: { hasNextPage: end < comments.length } } } };
      } finally {
        inFlight--;
      }
    },
  };
  return { client, log, maxInFlight: () => maxInFlight };
}

const networkError = () => new AppError('NETWORK', 'Could not reach Twitch: HTTP 503');
const ids = (comments: VodComment[]) => comments.map((c) => c.id);
const fast = { retries: 2, baseDelayMs: 1 };


describe('downloadVodChat', () => {
  const comments = makeSourceComments(1200);

  it('gets every comment exactly once, sorted, although pages overlap and some come back null', async () => {
    const seenNull = new Set<string>();
    const source = fakeSource(comments, {
      lookbackSec: 10,
      delayMs: 1,
      fault: ({ n, from }) => {
        const key = JSON.stringify(from);
        if (n % 3 === 0 && !seenNull.has(key)) {
          seenNull.add(key);
          return 'null';
        }
        return undefined;
      },
    });
    const result = await downloadVodChat(source.client, '42', { lengthSec: 1200, ...fast });
    expect(ids(result)).toEqual(comments.map((c) => c.id));
    expect(seenNull.size).toBeGreaterThan(5);
    // Four slices: four first pages by offset, all at slice starts.
    const byOffset = source.log.filter((f): f is { offsetSec: number } => 'offsetSec' in f).map((f) => f.offsetSec);
    expect([...new Set(byOffset)].sort((a, b) => a - b)).toEqual([0, 300, 600, 900]);
    expect(source.maxInFlight()).toBe(4);
  });

  it('converts every field of a comment and drops the cursors', async () => {
    const result = await downloadVodChat(fakeSource(comments.slice(0, 30)).client, '42', { lengthSec: 100, ...fast });
    expect(result[0]).toEqual({
      id: comments[0]!.id,
      offsetSec: comments[0]!.offsetSec,
      createdAt: comments[0]!.createdAt,
      commenter: null,
      fragments: [
        { text: 'nice ', emoteId: null },
        { text: 'Kappa', emoteId: '25' },
      ],
      badges: [{ setId: 'subscriber', version: '3' }],
      color: '#FF0000',
    });
    expect(result[1]).toMatchObject({ commenter: { id: '1', login: 'user1', displayName: 'User1' }, color: null });
    expect(result.every((c) => !('cursor' in c))).toBe(true);
  });

  it('1 slice and 4 slices give identical results', async () => {
    const one = await downloadVodChat(fakeSource(comments).client, '42', { lengthSec: 1200, slices: 1, ...fast });
    const four = await downloadVodChat(fakeSource(comments).client, '42', { lengthSec: 1200, slices: 4, ...fast });
    expect(four).toEqual(one);
    expect(one).toHaveLength(comments.length);
  });

  it('a fresh VOD (length 0) is one slice paged to the end', async () => {
    const source = fakeSource(comments);
    const progress: ChatDownloadProgress[] = [];
    const result = await downloadVodChat(source.client, '42', { lengthSec: 0, ...fast, onProgress: (p) => progress.push(p) });
    expect(result).toHaveLength(comments.length);
    expect(source.log.filter((f) => 'offsetSec' in f)).toEqual([{ offsetSec: 0 }]);
    expect(progress.slice(0, -1).every((p) => p.fraction === 0)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, messages: comments.length });
  });

  it('keeps chat past a stale length (the last slice is open-ended)', async () => {
    const result = await downloadVodChat(fakeSource(comments).client, '42', { lengthSec: 600, ...fast });
    expect(ids(result)).toEqual(comments.map((c) => c.id));
  });

  it('drops a comment Twitch repeats and orders equal offsets by creation time then id', async () => {
    const tied: SourceComment[] = [
      { id: 'z', offsetSec: 5, createdAt: '2024-01-01T00:00:05.100Z' },
      { id: 'b', offsetSec: 5, createdAt: '2024-01-01T00:00:05.900Z' },
      { id: 'a', offsetSec: 5, createdAt: '2024-01-01T00:00:05.900Z' },
      { id: 'z', offsetSec: 5, createdAt: '2024-01-01T00:00:05.100Z' },
      { id: 'y', offsetSec: 4, createdAt: '2024-01-01T00:00:04.999Z' },
    ];
    const result = await downloadVodChat(fakeSource(tied, { pageSize: 2 }).client, '42', { lengthSec: 10, ...fast });
    expect(ids(result)).toEqual(['y', 'z', 'a', 'b']);
  });

  it('reports progress: messages rising, fraction within 0…1 and ending at 1, a rate once comments arrive', async () => {
    const progress: ChatDownloadProgress[] = [];
    const source = fakeSource(comments, { delayMs: 15 });
    await downloadVodChat(source.client, '42', { lengthSec: 1200, ...fast, onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.messages).toBeGreaterThanOrEqual(progress[i - 1]!.messages);
      expect(progress[i]!.fraction).toBeGreaterThanOrEqual(progress[i - 1]!.fraction);
    }
    expect(progress.every((p) => p.fraction >= 0 && p.fraction <= 1)).toBe(true);
    expect(progress.some((p) => p.fraction > 0 && p.fraction < 1)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ messages: comments.length, fraction: 1 });
    expect(progress.at(-1)!.messagesPerSec).toBeGreaterThan(0);
  });

  it('retries a transient failure and Twitch\'s own "service timeout" on the same request', async () => {
    let failures = 0;
    const source = fakeSource(comments, {
      fault: ({ n }) => {
        if (n === 2 || n === 5) return (failures++, networkError());
        // What the client reports once its own retries of "service timeout" ran out.
        if (n === 7) return (failures++, gaveUpOn(new GqlError(['service timeout']), 'get an answer from Twitch'));
        return undefined;
      },
    });
    const result = await downloadVodChat(source.client, '42', { lengthSec: 1200, ...fast });
    expect(failures).toBe(3);
    expect(result).toHaveLength(comments.length);
  });

  it('shares what is left of a slice that keeps failing among fewer concurrent requests', async () => {
    // Throttled: more than two requests in flight are refused, so slices 3 and 4 keep failing.
    const source = fakeSource(comments, { delayMs: 15, fault: ({ inFlight }) => (inFlight > 2 ? networkError() : undefined) });
    let refused = 0;
    const counting = {
      request: (op: object, o?: GqlOptions) =>
        source.client.request(op, o).catch((error: unknown) => {
          refused++;
          throw error;
        }),
    };
    // retries: 1 — without the re-plan, slices 3 and 4 would give up after two refusals each.
    const result = await downloadVodChat(counting, '42', { lengthSec: 1200, retries: 1, baseDelayMs: 1 });
    expect(refused).toBeGreaterThan(0);
    expect(ids(result)).toEqual(comments.map((c) => c.id));
    // After the re-plan the fourth slice's range was asked again by offset from where it stood.
    expect(source.log.filter((f) => 'offsetSec' in f).length).toBeGreaterThan(4);
  });

  it('gives up with NETWORK when a range fails even at one request at a time', async () => {
    const source = fakeSource(comments, { fault: ({ from }) => ('offsetSec' in from && from.offsetSec >= 600 ? networkError() : undefined) });
    await expect(downloadVodChat(source.client, '42', { lengthSec: 1200, ...fast })).rejects.toMatchObject({ code: 'NETWORK' });
    const count = source.log.length;
    await sleep(30);
    expect(source.log.length).toBe(count); // nothing left running
  });

  it('a page that is always null ends in NETWORK saying so', async () => {
    const source = fakeSource(comments, { fault: () => 'null' });
    await expect(downloadVodChat(source.client, '42', { lengthSec: 1200, ...fast })).rejects.toThrow(/kept returning no chat/);
  });

  it('unknown VOD is VOD_NOT_FOUND at once, without retries', async () => {
    const source = fakeSource(comments);
    expect(await codeOf(downloadVodChat(source.client, '999', { lengthSec: 1200, slices: 1, ...fast }))).toBe('VOD_NOT_FOUND');
    expect(source.log).toHaveLength(1);
  });

  it('an integrity refusal or a malformed page is TWITCH_CHANGED without retries', async () => {
    const refused = fakeSource(comments, { fault: () => describeGqlError(new GqlError(['failed integrity check'])) });
    expect(await codeOf(downloadVodChat(refused.client, '42', { lengthSec: 1200, slices: 1, ...fast }))).toBe('TWITCH_CHANGED');
    expect(refused.log).toHaveLength(1);

    const malformed = {
      request: async () => ({ video: { id: '42', comments: { edges: [{ cursor: 'x', node: { id: 'a' } }], pageInfo: { hasNextPage: false } } } }),
    };
    await expect(downloadVodChat(malformed, '42', { lengthSec: 10, ...fast })).rejects.toThrow(/contentOffsetSeconds/);
  });

  it('a cursor that does not advance is TWITCH_CHANGED, not an endless loop', async () => {
    const stuck = {
      request: async () => ({
        video: { id: '42', comments: { edges: [edgeOf({ id: 'a', offsetSec: 1, createdAt: '' }, 0)], pageInfo: { hasNextPage: true } } },
      }),
    };
    expect(await codeOf(downloadVodChat(stuck, '42', { lengthSec: 100, ...fast }))).toBe('TWITCH_CHANGED');
  });

  it('cancels quickly with CANCELLED and sends nothing after', async () => {
    const source = fakeSource(comments, { delayMs: 20 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    expect(await codeOf(downloadVodChat(source.client, '42', { lengthSec: 1200, signal: controller.signal, ...fast }))).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(200);
    const count = source.log.length;
    await sleep(50);
    expect(source.log.length).toBe(count);
  });

  it('cancels during a back-off', async () => {
    const source = fakeSource(comments, { fault: () => 'null' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    expect(await codeOf(downloadVodChat(source.client, '42', { lengthSec: 1200, signal: controller.signal, retries: 5, baseDelayMs: 10_000 }))).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('an already-cancelled signal sends no request', async () => {
    const source = fakeSource(comments);
    expect(await codeOf(downloadVodChat(source.client, '42', { lengthSec: 1200, signal: AbortSignal.abort() }))).toBe('CANCELLED');
    expect(source.log).toHaveLength(0);
  });
});
