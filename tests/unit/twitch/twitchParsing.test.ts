// The pure parts of the Twitch client: answers and failures turned into data and named errors.
import { describe, expect, it, vi } from 'vitest';
import { normaliseToken } from '../../../main/core/api/twitch';
import { AppError, isAppError } from '../../../main/core/errors';
import { parseClipPage } from '../../../main/core/twitch/clips';
import { GqlError, describeGqlError, isRetryableGql } from '../../../main/core/twitch/gql';
import { HttpStatusError, TransportError, isTransient, networkError, safeUrl } from '../../../main/core/twitch/http';
import { parseVodMetadata, vodChapters } from '../../../main/core/twitch/metadata';
import { backoffDelay, withRetry } from '../../../main/core/twitch/retry';
import { sparseRuns, toSparse } from '../../../main/core/twitch/segmentExport';
import type { VodSegment } from '../../../main/core/twitch/types';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return 'no error';
};

describe('GQL failures', () => {
  it('names an integrity failure and an unknown persisted query as Twitch changes', () => {
    const integrity = describeGqlError(new GqlError(['failed integrity check']));
    expect(integrity.code).toBe('TWITCH_CHANGED');
    expect(integrity.message).toMatch(/integrity check/);
    const unknown = describeGqlError(new GqlError(['PersistedQueryNotFound']));
    expect(unknown.code).toBe('TWITCH_CHANGED');
    expect(unknown.message).toMatch(/no longer knows the query/);
  });
  it('retries Twitch hiccups and transport failures, not refusals', () => {
    expect(isRetryableGql(new GqlError(['service timeout']))).toBe(true);
    expect(isRetryableGql(new GqlError(['failed integrity check']))).toBe(false);
    expect(isRetryableGql(new TransportError('reset', 'https://x'))).toBe(true);
    expect(isRetryableGql(new HttpStatusError(503, 'https://x', ''))).toBe(true);
    expect(isRetryableGql(new HttpStatusError(429, 'https://x', ''))).toBe(true);
    expect(isRetryableGql(new HttpStatusError(404, 'https://x', ''))).toBe(false);
    expect(isTransient(new Error('x'))).toBe(false);
  });
  it('never shows a query string (playlist URLs carry the playback token)', () => {
    expect(safeUrl('https://usher/vod/v2/1.m3u8?sig=abc&token=secret')).toBe('https://usher/vod/v2/1.m3u8');
    expect(new HttpStatusError(500, 'https://usher/vod/v2/1.m3u8?token=secret', '').message).not.toContain('secret');
    const failure = networkError(new TransportError('Connection to https://usher/x failed: reset', 'https://usher/x?token=secret'), 'reach Twitch');
    expect(failure.code).toBe('NETWORK');
    expect(failure.message).toMatch(/resumed/);
    expect(failure.message).not.toContain('secret');
  });
});

describe('VOD metadata', () => {
  const video = {
    title: 'Speedrun',
    lengthSeconds: 7322,
    createdAt: '2024-05-17T18:00:00Z',
    broadcastType: 'ARCHIVE',
    owner: { id: '1', login: 'runner', displayName: 'Runner' },
    previewThumbnailURL: 'https://static-cdn.example/thumb.jpg',
    game: { displayName: 'Celeste' },
    moments: { edges: [{ node: { positionMilliseconds: 60_000, durationMilliseconds: 30_000, description: 'Chapter 2' } }] },
  };
  it('reads title, channel, length, date, thumbnail, game and chapters', () => {
    expect(parseVodMetadata('5', { video })).toEqual({
      vodId: '5',
      title: 'Speedrun',
      lengthSec: 7322,
      createdAt: '2024-05-17T18:00:00Z',
      broadcastType: 'ARCHIVE',
      owner: { id: '1', login: 'runner', displayName: 'Runner' },
      thumbnailUrl: 'https://static-cdn.example/thumb.jpg',
      game: 'Celeste',
      chapters: [{ startSec: 60, durationSec: 30, description: 'Chapter 2' }],
    });
  });
  it('video null is a missing VOD; a reshaped answer is a Twitch change', () => {
    expect(codeOf(() => parseVodMetadata('5', { video: null }))).toBe('VOD_NOT_FOUND');
    expect(codeOf(() => parseVodMetadata('5', {}))).toBe('TWITCH_CHANGED');
    expect(codeOf(() => parseVodMetadata('5', { video: { ...video, owner: null } }))).toBe('TWITCH_CHANGED');
  });
  it('turns chapters into time-ordered spans, ending at the next one or the VOD when Twitch gives no length', () => {
    const chapters = [
      { startSec: 3000, durationSec: 0, description: 'Dota 2' },
      { startSec: 0, durationSec: 1200, description: 'Just Chatting' },
      { startSec: 1200, durationSec: 0, description: 'Celeste' },
      { startSec: Number.NaN, durationSec: 10, description: 'broken' },
    ];
    expect(vodChapters({ chapters, lengthSec: 7322 })).toEqual([
      { title: 'Just Chatting', start: 0, end: 1200 },
      { title: 'Celeste', start: 1200, end: 3000 },
      { title: 'Dota 2', start: 3000, end: 7322 },
    ]);
    expect(vodChapters({ chapters: [], lengthSec: 100 })).toEqual([]);
  });
  it('drops the processing placeholder thumbnail and tolerates length 0', () => {
    const fresh = parseVodMetadata('5', { video: { ...video, lengthSeconds: 0, previewThumbnailURL: 'https://x/404_processing_320x180.png', game: null } });
    expect(fresh).toMatchObject({ lengthSec: 0, thumbnailUrl: null, game: null });
  });
});

describe('clip pages', () => {
  it('keeps clips with an offset and continues from the last cursor', () => {
    const page = parseClipPage({
      user: {
        clips: {
          edges: [
            { cursor: 'c1', node: { slug: 'A', title: 'Big play', durationSeconds: 30, viewCount: 900, videoOffsetSeconds: 120, video: { id: '5' } } },
            { cursor: 'c2', node: { slug: 'B', title: 'Other', durationSeconds: 20, viewCount: 50, videoOffsetSeconds: null, video: null } },
          ],
          pageInfo: { hasNextPage: true },
        },
      },
    });
    expect(page.nextCursor).toBe('c2');
    expect(page.clips).toEqual([
      { slug: 'A', title: 'Big play', offsetSec: 120, durationSec: 30, viewCount: 900, url: 'https://clips.twitch.tv/A', videoId: '5' },
    ]);
    expect(parseClipPage({ user: null })).toEqual({ clips: [], nextCursor: null });
  });
});

describe('retry', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0.5)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(backoffDelay(20, 100, 10_000, () => 0.5)).toBe(10_000);
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(75);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(125);
  });
  it('retries only what is retryable, as often as allowed', async () => {
    const fn = vi.fn(async (attempt: number) => {
      if (attempt < 2) throw new TransportError('reset', 'u');
      return 'ok';
    });
    await expect(withRetry(fn, { retries: 5, baseDelayMs: 1, isRetryable: isTransient })).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    const final = vi.fn(async () => {
      throw new HttpStatusError(404, 'u', '');
    });
    await expect(withRetry(final, { retries: 5, baseDelayMs: 1, isRetryable: isTransient })).rejects.toBeInstanceOf(HttpStatusError);
    expect(final).toHaveBeenCalledTimes(1);
    const always = vi.fn(async () => {
      throw new TransportError('reset', 'u');
    });
    await expect(withRetry(always, { retries: 2, baseDelayMs: 1, isRetryable: isTransient })).rejects.toBeInstanceOf(TransportError);
    expect(always).toHaveBeenCalledTimes(3);
  });
  it('stops waiting at once when cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = withRetry(
      async () => {
        throw new TransportError('reset', 'u');
      },
      { retries: 5, baseDelayMs: 10_000, isRetryable: isTransient, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('sparse copy of a VOD for a partial export', () => {
  const seg = (index: number, startSec: number, durationSec = 10): VodSegment => ({
    index,
    uri: `${index}.ts`,
    url: `https://cdn/${index}.ts`,
    startSec,
    durationSec,
    muted: false,
  });
  it('maps VOD times into the joined segments', () => {
    const needed = [seg(1, 10), seg(2, 20), seg(7, 70), seg(9, 90, 5)];
    const runs = sparseRuns(needed);
    expect(runs).toEqual([
      { startSec: 10, endSec: 30, sparseStartSec: 0 },
      { startSec: 70, endSec: 80, sparseStartSec: 20 },
      { startSec: 90, endSec: 95, sparseStartSec: 30 },
    ]);
    expect(toSparse({ start: 12, end: 28 }, runs)).toEqual({ start: 2, end: 18 });
    expect(toSparse({ start: 71, end: 79 }, runs)).toEqual({ start: 21, end: 29 });
    expect(toSparse({ start: 90, end: 94 }, runs)).toEqual({ start: 30, end: 34 });
    expect(() => toSparse({ start: 50, end: 55 }, runs)).toThrow(AppError);
  });
});

describe('OAuth tokens', () => {
  it('accepts what users paste and refuses what is not a token', () => {
    expect(normaliseToken('  oauth:abcdef0123456789 ')).toBe('abcdef0123456789');
    expect(normaliseToken('OAuth abcdef0123456789')).toBe('abcdef0123456789');
    expect(codeOf(() => normaliseToken('not a token!'))).toBe('BAD_ARGUMENTS');
    expect(codeOf(() => normaliseToken('short'))).toBe('BAD_ARGUMENTS');
  });
});
