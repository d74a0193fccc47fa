// The chat replay download over real HTTP against the fake Twitch: overlap, null pages, HTTP 500s,
// Twitch's refusals, cancel, and the TwitchDownloader file it ends in read back by importChatFile.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../fixtures/failure';
import { importChatFile } from '../../../main/core/chat/importChat';
import type { ChatMessage } from '../../../main/core/chat/message';
import { fileChatCheckpoint } from '../../../main/core/twitch/chatCheckpoint';
import { downloadVodChat } from '../../../main/core/twitch/chatDownload';
import { writeTwitchDownloaderChat } from '../../../main/core/twitch/chatJson';
import { GqlClient } from '../../../main/core/twitch/gql';
import type { VodComment } from '../../../main/core/twitch/types';
import { makeComments, startFakeTwitch, type FakeComment, type FakeTwitch, type FakeTwitchOptions } from '../../fixtures/fakeTwitch';

const VOD = '1900000001';
const FRESH_VOD = '1900000002';
const DURATION = 900;
const chat = makeComments({ durationSec: DURATION, perSec: 4, bursts: [{ atSec: 300, count: 400 }, { atSec: 899, count: 120 }], seed: 7 });
// A fresh VOD: Twitch says length 0, chat has been running for a while.
const freshChat = makeComments({ durationSec: 200, perSec: 2, seed: 9 });

let dir: string;
let fake: FakeTwitch | null = null;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-chatdl-'));
});
afterEach(async () => {
  await fake?.close();
  fake = null;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(opts: Partial<FakeTwitchOptions> = {}): Promise<GqlClient> {
  fake = await startFakeTwitch({
    vods: [
      { id: VOD, comments: chat, lengthSeconds: DURATION },
      { id: FRESH_VOD, comments: freshChat, lengthSeconds: 0 },
    ],
    ...opts,
  });
  return new GqlClient({ gqlUrl: fake.gqlUrl, usherUrl: fake.usherUrl }, { retries: 2, baseDelayMs: 5 });
}

const fast = { retries: 4, baseDelayMs: 5 };

/** The download's promise: each fake comment once, converted, sorted by offset, creation time, id. */
function expectSameChat(result: VodComment[], source: readonly FakeComment[]): void {
  expect(result).toHaveLength(source.length);
  expect(new Set(result.map((c) => c.id)).size).toBe(result.length);
  const byId = new Map(source.map((c) => [c.id, c]));
  for (let i = 0; i < result.length; i++) {
    const got = result[i]!;
    const want = byId.get(got.id);
    expect(want, got.id).toBeDefined();
    expect(got.offsetSec).toBe(want!.offsetSec);
    expect(got.commenter?.login ?? null).toBe(want!.login);
    expect(got.fragments.map((f) => f.text).join('')).toBe(want!.text);
    const emoteWords = got.fragments.filter((f) => f.emoteId !== null).map((f) => f.text);
    for (const word of emoteWords) expect(want!.emotes).toContain(word);
    if (i > 0) {
      const prev = result[i - 1]!;
      const ordered = prev.offsetSec < got.offsetSec || (prev.offsetSec === got.offsetSec && (prev.createdAt < got.createdAt || (prev.createdAt === got.createdAt && prev.id < got.id)));
      expect(ordered, `order at ${i}`).toBe(true);
    }
  }
}


describe('downloadVodChat against the fake Twitch', () => {
  it('gets every comment exactly once although pages overlap and some come back null', async () => {
    const client = await start({ nullPageEvery: 4, offsetLookbackSec: 20 });
    const result = await downloadVodChat(client, VOD, { lengthSec: DURATION, ...fast });
    expectSameChat(result, chat);
    // The burst at 300 s straddles a slice start: the overlap there is what de-duplication is for.
    expect(result.filter((c) => c.offsetSec === 300).length).toBeGreaterThanOrEqual(400);
    // Null pages were answered and asked again: more requests than pages.
    expect(fake!.commentRequests()).toBeGreaterThan(Math.ceil(chat.length / 50));
  });

  it('1 slice and 4 slices give identical results', async () => {
    const client = await start({ offsetLookbackSec: 5 });
    const one = await downloadVodChat(client, VOD, { lengthSec: DURATION, slices: 1, ...fast });
    const oneRequests = fake!.commentRequests();
    const four = await downloadVodChat(client, VOD, { lengthSec: DURATION, slices: 4, ...fast });
    expect(four).toEqual(one);
    expectSameChat(one, chat);
    // Four chains cost a few extra first pages, not a second download.
    expect(fake!.commentRequests() - oneRequests).toBeLessThan(oneRequests + 8);
  });

  it('a fresh VOD with length 0 is paged to the end', async () => {
    const client = await start();
    const fractions: number[] = [];
    const result = await downloadVodChat(client, FRESH_VOD, { lengthSec: 0, ...fast, onProgress: (p) => fractions.push(p.fraction) });
    expectSameChat(result, freshChat);
    expect(fractions.at(-1)).toBe(1);
  });

  it('survives HTTP 500s beyond the client\'s own retries', async () => {
    // The client retries twice; the first 7 requests fail, so the download's own retries take over.
    const client = await start({ failGqlRequests: 7 });
    expectSameChat(await downloadVodChat(client, VOD, { lengthSec: DURATION, ...fast }), chat);
  });

  it('an integrity refusal is TWITCH_CHANGED', async () => {
    const client = await start({ gqlError: 'integrity' });
    expect(await codeOf(downloadVodChat(client, VOD, { lengthSec: DURATION, ...fast }))).toBe('TWITCH_CHANGED');
  });

  it('an unknown VOD is VOD_NOT_FOUND', async () => {
    const client = await start();
    expect(await codeOf(downloadVodChat(client, '1999999999', { lengthSec: 100, ...fast }))).toBe('VOD_NOT_FOUND');
  });

  it('cancel ends the download quickly with CANCELLED', async () => {
    const client = await start({ requestDelayMs: 40 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    expect(await codeOf(downloadVodChat(client, VOD, { lengthSec: DURATION, signal: controller.signal, ...fast }))).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(400);
    // Requests sent just before the abort may still be reaching the server; after that, silence.
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(50);
    const sent = fake!.commentRequests();
    await pause(150);
    expect(fake!.commentRequests()).toBe(sent);
  });

  it('goes on from its checkpoint after being stopped half-way, asking only for the rest', async () => {
    const client = await start({ nullPageEvery: 6, offsetLookbackSec: 10 });
    const full = await downloadVodChat(client, VOD, { lengthSec: DURATION, ...fast });
    const fullRequests = fake!.commentRequests();

    const path = join(dir, 'resume.partial.jsonl');
    const controller = new AbortController();
    const first = fileChatCheckpoint(path);
    const stopped = downloadVodChat(client, VOD, {
      lengthSec: DURATION,
      ...fast,
      signal: controller.signal,
      checkpoint: first,
      onProgress: (p) => {
        // Stopped at a quarter: slices in flight may still land before the abort does (at half, on a fast
        // run, all of them did), so there is room left before the whole chat.
        if (p.messages >= chat.length / 4) controller.abort();
      },
    });
    expect(await codeOf(stopped)).toBe('CANCELLED');
    await first.close();
    const saved = await fileChatCheckpoint(path).load();
    expect(saved.comments.length).toBeGreaterThanOrEqual(chat.length / 4);
    expect(saved.comments.length).toBeLessThan(chat.length);

    const before = fake!.commentRequests();
    const fractions: number[] = [];
    const second = fileChatCheckpoint(path);
    const resumed = await downloadVodChat(client, VOD, { lengthSec: DURATION, ...fast, checkpoint: second, onProgress: (p) => fractions.push(p.fraction) });
    await second.close();
    // The same chat as an uninterrupted download, for fewer requests (about three quarters).
    expect(resumed).toEqual(full);
    expectSameChat(resumed, chat);
    const resumedRequests = fake!.commentRequests() - before;
    expect(resumedRequests).toBeLessThan(fullRequests * 0.9);
    // Progress starts from what was already there.
    expect(fractions[0]).toBeGreaterThan(0.2);

    // A third run has nothing left to ask.
    const done = fake!.commentRequests();
    const third = fileChatCheckpoint(path);
    expect(await downloadVodChat(client, VOD, { lengthSec: DURATION, ...fast, checkpoint: third })).toEqual(full);
    await third.close();
    expect(fake!.commentRequests()).toBe(done);
  });

  it('the written TwitchDownloader file imports with the same messages and offsets', async () => {
    const client = await start({ nullPageEvery: 5 });
    const comments = await downloadVodChat(client, VOD, { lengthSec: DURATION, ...fast });
    const path = join(dir, `${VOD}.chat.json`);
    await writeTwitchDownloaderChat(path, {
      vod: {
        id: VOD,
        title: 'Fake VOD',
        createdAt: '2024-03-01T18:00:00Z',
        lengthSec: DURATION,
        channel: { id: '4242', login: 'fake_streamer', displayName: 'Fake_Streamer' },
        game: null,
      },
      comments,
    });
    const messages: ChatMessage[] = [];
    const result = await importChatFile(path, { onBatch: (batch) => void messages.push(...batch) });
    expect(result).toMatchObject({ format: 'twitch-downloader-json', messageCount: chat.length, skipped: 0 });
    expect(messages.map((m) => m.offsetSec)).toEqual(comments.map((c) => c.offsetSec));
    expect(messages.map((m) => m.author)).toEqual(comments.map((c) => c.commenter?.displayName ?? ''));
    expect(messages.filter((m) => m.author === '').length).toBeGreaterThan(0); // deleted accounts came through
    expect(messages.some((m) => m.emotes.length > 0)).toBe(true);
  });
});
