// The fake Twitch driven with plain fetch, as a client would: it has to speak Twitch's shapes and fail
// the way Twitch fails, or every downloader test built on it proves nothing.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMMENTS_CLIENT_ID, COMMENTS_HASH, WEB_CLIENT_ID, makeComments, startFakeTwitch, type FakeComment, type FakeTwitch } from '../../fixtures/fakeTwitch';
import { makeVodSegments, type VodSegmentsOptions } from '../../fixtures/vodSegments';

const run = promisify(execFile);

const SEGMENTS: VodSegmentsOptions = { durationSec: 20, segmentSec: 2, mutedIndices: [2, 5] };
const COMMENTS = makeComments({ durationSec: 20, perSec: 6, bursts: [{ atSec: 12, count: 25 }], seed: 3 });

let tw: FakeTwitch;

beforeAll(async () => {
  tw = await startFakeTwitch({
    pageSize: 20,
    vods: [
      {
        id: '1001',
        title: 'Big stream',
        ownerLogin: 'streamer_one',
        ownerDisplayName: 'Streamer_One',
        createdAt: '2024-05-01T20:00:00Z',
        game: 'Chess',
        segments: SEGMENTS,
        comments: COMMENTS,
        chapters: [
          { positionMs: 0, durationMs: 8000, description: 'Just Chatting' },
          { positionMs: 8000, durationMs: 12000, description: 'Chess' },
        ],
        clips: [
          { slug: 'ClipB', title: 'b', durationSeconds: 30, viewCount: 50, videoOffsetSeconds: 4, videoId: '1001' },
          { slug: 'ClipA', title: 'a', durationSeconds: 20, viewCount: 900, videoOffsetSeconds: 12, videoId: '1001' },
        ],
      },
      {
        id: '1002',
        ownerLogin: 'streamer_one',
        segments: SEGMENTS,
        subscriberOnly: true,
        clips: [{ slug: 'ClipC', title: 'c', durationSeconds: 10, viewCount: 300, videoOffsetSeconds: null, videoId: null }],
      },
      { id: '1003', segments: SEGMENTS, processing: true, lengthSeconds: 0 },
      { id: '1004', segments: SEGMENTS, deleted: true },
      { id: '1005', segments: SEGMENTS, newStyleManifest: true, live: true },
      { id: '1006', comments: COMMENTS.slice(0, 10) },
    ],
  });
});

afterAll(async () => {
  await tw?.close();
});

beforeEach(() => {
  tw.reset();
  Object.assign(tw.options, { nullPageEvery: 0, dropSegmentOnce: [], failGqlRequests: 0, gqlError: null });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function gql(body: unknown, opts: { clientId?: string | null; oauth?: string } = {}): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain;charset=UTF-8' };
  const clientId = opts.clientId === undefined ? WEB_CLIENT_ID : opts.clientId;
  if (clientId !== null) headers['Client-ID'] = clientId;
  if (opts.oauth) headers.Authorization = `OAuth ${opts.oauth}`;
  const res = await fetch(tw.gqlUrl, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Json };
}

const metadataQuery = (id: string) => ({
  query: `query { video(id: "${id}") { title lengthSeconds createdAt broadcastType owner { id login displayName } previewThumbnailURL(width: 320, height: 180) game { displayName } seekPreviewsURL moments(momentRequestType: VIDEO_CHAPTER_MARKERS) { edges { node { positionMilliseconds durationMilliseconds description } } } } }`,
});
const tokenQuery = (id: string) => ({
  query: `query { videoPlaybackAccessToken(id: "${id}", params: {platform: "web", playerBackend: "mediaplayer", playerType: "site"}) { value signature } }`,
});
const clipsQuery = (login: string, first: number, after: string | null) => ({
  query: `query { user(login: "${login}") { clips(first: ${first}, after: ${after === null ? 'null' : JSON.stringify(after)}, criteria: {period: ALL_TIME, sort: VIEWS_DESC}) { edges { cursor node { slug title durationSeconds viewCount videoOffsetSeconds video { id } } } pageInfo { hasNextPage } } } }`,
});
const commentsOp = (id: string, from: { offsetSec: number } | { cursor: string }, hash = COMMENTS_HASH) => ({
  operationName: 'VideoCommentsByOffsetOrCursor',
  variables: 'cursor' in from ? { videoID: id, cursor: from.cursor } : { videoID: id, contentOffsetSeconds: from.offsetSec },
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});
const comments = (op: object) => gql(op, { clientId: COMMENTS_CLIENT_ID });

async function token(id: string, oauth?: string): Promise<{ value: string; signature: string }> {
  const { json } = await gql(tokenQuery(id), oauth ? { oauth } : {});
  return json.data.videoPlaybackAccessToken as { value: string; signature: string };
}

async function master(id: string, oauth?: string): Promise<Response> {
  const t = await token(id, oauth);
  const params = new URLSearchParams({ sig: t.signature, token: t.value, allow_source: 'true', allow_audio_only: 'true', p: '1234567' });
  return fetch(`${tw.usherUrl}/vod/v2/${id}.m3u8?${params.toString()}`);
}

const sorted = [...COMMENTS].sort((a, b) => a.offsetSec - b.offsetSec);

describe('GQL', () => {
  it('refuses a request without Client-ID with HTTP 400', async () => {
    const { status, json } = await gql(metadataQuery('1001'), { clientId: null });
    expect(status).toBe(400);
    expect(json.message).toMatch(/Client-ID/);
  });

  it('answers VOD metadata with a real thumbnail, chapters and the segments\' length', async () => {
    const { status, json } = await gql(metadataQuery('1001'));
    expect(status).toBe(200);
    const video = json.data.video;
    expect(video).toMatchObject({
      title: 'Big stream',
      lengthSeconds: 20,
      createdAt: '2024-05-01T20:00:00Z',
      broadcastType: 'ARCHIVE',
      owner: { login: 'streamer_one', displayName: 'Streamer_One' },
      game: { displayName: 'Chess' },
    });
    expect(video.owner.id).toMatch(/^\d+$/);
    expect(video.moments.edges.map((e: Json) => e.node)).toMatchObject([
      { positionMilliseconds: 0, durationMilliseconds: 8000, description: 'Just Chatting' },
      { positionMilliseconds: 8000, durationMilliseconds: 12000, description: 'Chess' },
    ]);
    const thumb = await fetch(video.previewThumbnailURL as string);
    expect(thumb.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await thumb.arrayBuffer());
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([320, 180]);

    // Defaults: no game is `null`; a chat-only VOD lasts until its last comment.
    const chatOnly = (await gql(metadataQuery('1006'))).json.data.video;
    expect(chatOnly.game).toBeNull();
    expect(chatOnly.lengthSeconds).toBe(Math.max(...COMMENTS.slice(0, 10).map((c) => c.offsetSec)) + 1);
  });

  it('answers a batch with an array in the order asked', async () => {
    const { status, json } = await gql([metadataQuery('1001'), tokenQuery('1001'), metadataQuery('424242')]);
    expect(status).toBe(200);
    expect(Array.isArray(json)).toBe(true);
    expect(json).toHaveLength(3);
    expect(json[0].data.video.title).toBe('Big stream');
    expect(JSON.parse(json[1].data.videoPlaybackAccessToken.value as string)).toMatchObject({ vod_id: 1001, entitled: false });
    expect(json[1].data.videoPlaybackAccessToken.signature).toMatch(/^[0-9a-f]{40}$/);
    expect(json[2]).toEqual({ data: { video: null } });
    expect(tw.requests).toEqual([{ method: 'POST', path: '/gql', operation: 'video,videoPlaybackAccessToken,video', status: 200 }]);
  });

  it('lists the owner\'s clips over all their VODs, most viewed first, page by page', async () => {
    const first = (await gql(clipsQuery('streamer_one', 2, null))).json.data.user.clips;
    expect(first.edges.map((e: Json) => e.node.slug)).toEqual(['ClipA', 'ClipC']);
    expect(first.edges[1].node).toEqual({ slug: 'ClipC', title: 'c', durationSeconds: 10, viewCount: 300, videoOffsetSeconds: null, video: null });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await gql(clipsQuery('streamer_one', 2, first.edges[1].cursor as string))).json.data.user.clips;
    expect(next.edges.map((e: Json) => e.node)).toEqual([{ slug: 'ClipB', title: 'b', durationSeconds: 30, viewCount: 50, videoOffsetSeconds: 4, video: { id: '1001' } }]);
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect((await gql(clipsQuery('nobody', 100, null))).json.data.user).toBeNull();
  });

  it('fails the first N requests with HTTP 500, then answers', async () => {
    tw.options.failGqlRequests = 2;
    expect((await gql(metadataQuery('1001'))).status).toBe(500);
    expect((await gql(metadataQuery('1001'))).status).toBe(500);
    expect((await gql(metadataQuery('1001'))).json.data.video.title).toBe('Big stream');
    expect(tw.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('answers every operation with the configured error', async () => {
    tw.options.gqlError = 'integrity';
    expect((await gql(metadataQuery('1001'))).json).toEqual({ errors: [{ message: 'failed integrity check' }] });
    tw.options.gqlError = 'unknown-query';
    const batch = (await gql([metadataQuery('1001'), tokenQuery('1001')])).json;
    expect(batch).toEqual([{ errors: [{ message: 'PersistedQueryNotFound' }] }, { errors: [{ message: 'PersistedQueryNotFound' }] }]);
  });
});

describe('chat replay', () => {
  it('pages by offset (overlapping earlier seconds) then by cursor to the end, every comment once', async () => {
    // A page asked at 10 s starts at the first comment of 7 s (look-back 3 s).
    const atTen = (await comments(commentsOp('1001', { offsetSec: 10 }))).json.data.video.comments;
    const firstAtSeven = sorted.find((c) => c.offsetSec >= 7) as FakeComment;
    expect(atTen.edges[0].node.id).toBe(firstAtSeven.id);
    expect(atTen.edges.some((e: Json) => e.node.contentOffsetSeconds < 10)).toBe(true);
    expect(atTen.edges).toHaveLength(20);

    const seen: string[] = [];
    let page = (await comments(commentsOp('1001', { offsetSec: 0 }))).json.data.video.comments;
    for (;;) {
      seen.push(...page.edges.map((e: Json) => e.node.id as string));
      if (!page.pageInfo.hasNextPage) break;
      const cursor = page.edges.at(-1).cursor as string;
      page = (await comments(commentsOp('1001', { cursor }))).json.data.video.comments;
    }
    expect(seen).toEqual(sorted.map((c) => c.id));
    expect(tw.commentRequests()).toBe(1 + Math.ceil(COMMENTS.length / 20));
  });

  it('writes edges in Twitch\'s shape: fragments, emotes, badges, deleted accounts', async () => {
    const all: Json[] = [];
    let page = (await comments(commentsOp('1001', { offsetSec: 0 }))).json.data.video.comments;
    all.push(...page.edges);
    while (page.pageInfo.hasNextPage) {
      page = (await comments(commentsOp('1001', { cursor: page.edges.at(-1).cursor as string }))).json.data.video.comments;
      all.push(...page.edges);
    }
    for (const edge of all) {
      const source = COMMENTS.find((c) => c.id === edge.node.id) as FakeComment;
      expect(edge.node.contentOffsetSeconds).toBe(source.offsetSec);
      expect(edge.node.message.fragments.map((f: Json) => f.text).join('')).toBe(source.text);
      for (const f of edge.node.message.fragments) {
        expect(f.emote === null).toBe(!(source.emotes ?? []).includes(f.text as string));
        if (f.emote) expect(f.emote.emoteID).toMatch(/\S/);
      }
      if (source.login === null) expect(edge.node.commenter).toBeNull();
      else expect(edge.node.commenter).toMatchObject({ login: source.login, id: expect.stringMatching(/^\d+$/) });
      expect(Array.isArray(edge.node.message.userBadges)).toBe(true);
      expect(Date.parse(edge.node.createdAt as string) - Date.parse('2024-05-01T20:00:00Z')).toBeGreaterThanOrEqual(source.offsetSec * 1000);
    }
    // The fixture has both kinds, so the checks above saw them.
    expect(COMMENTS.some((c) => c.login === null)).toBe(true);
    expect(COMMENTS.some((c) => (c.emotes ?? []).length > 0)).toBe(true);
  });

  it('answers a null page once, and the retry of that request succeeds', async () => {
    tw.options.nullPageEvery = 2;
    const first = await comments(commentsOp('1001', { offsetSec: 0 }));
    expect(first.json.data.video.comments.edges).toHaveLength(20);
    const second = await comments(commentsOp('1001', { offsetSec: 5 }));
    expect(second.json.data.video).toMatchObject({ id: '1001', comments: null });
    const retry = await comments(commentsOp('1001', { offsetSec: 5 }));
    expect(retry.json.data.video.comments.edges.length).toBeGreaterThan(0);
    expect(tw.commentRequests()).toBe(3);
  });

  it('fails the integrity check for the web client id, and unknown hashes', async () => {
    const web = await gql(commentsOp('1001', { offsetSec: 0 }), { clientId: WEB_CLIENT_ID });
    expect(web.json).toMatchObject({ errors: [{ message: 'failed integrity check', path: ['video', 'comments'] }], data: { video: null } });
    const stale = await comments(commentsOp('1001', { offsetSec: 0 }, 'deadbeef'.repeat(8)));
    expect(stale.json).toEqual({ errors: [{ message: 'PersistedQueryNotFound' }] });
  });
});

describe('playback', () => {
  it('locks a subscriber-only VOD unless the token was asked with the valid OAuth token', async () => {
    const locked = await master('1002');
    expect(locked.status).toBe(403);
    expect(await locked.text()).toContain('vod_manifest_restricted');
    expect((await master('1002', 'wrong-token')).status).toBe(403);
    const open = await master('1002', 'good-token');
    expect(open.status).toBe(200);
    expect(await open.text()).toMatch(/^#EXTM3U\n/);
    // A token altered by the client is refused too.
    const t = await token('1001');
    const forged = await fetch(`${tw.usherUrl}/vod/v2/1001.m3u8?${new URLSearchParams({ sig: t.signature, token: t.value.replace('1001', '1002') }).toString()}`);
    expect(forged.status).toBe(403);
  });

  it('has no token while a VOD is processing, and 404s a deleted one', async () => {
    expect(await token('1003')).toBeNull();
    expect((await gql(metadataQuery('1004'))).json).toEqual({ data: { video: null } });
    expect((await master('1004')).status).toBe(404);
    expect((await master('1006')).status).toBe(404); // chat only: no media
  });

  it('serves a Twitch-like master playlist with source, a lower quality and audio only', async () => {
    const res = await master('1001');
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines[1]).toMatch(/^#EXT-X-TWITCH-INFO:/);
    const base = tw.usherUrl.replace(/\/usher$/, '');
    expect(lines.slice(2)).toEqual([
      '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="90p30",AUTOSELECT=NO,DEFAULT=NO',
      expect.stringMatching(/^#EXT-X-STREAM-INF:BANDWIDTH=\d+,RESOLUTION=160x90,CODECS="avc1\.[0-9A-F]{6},mp4a\.40\.2",VIDEO="chunked",FRAME-RATE=30\.000$/),
      `${base}/cdn/1001/chunked/index-dvr.m3u8`,
      '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="44p30",NAME="44p30",AUTOSELECT=YES,DEFAULT=YES',
      expect.stringMatching(/^#EXT-X-STREAM-INF:BANDWIDTH=\d+,RESOLUTION=80x44,CODECS="[^"]+",VIDEO="44p30",FRAME-RATE=30\.000$/),
      `${base}/cdn/1001/44p30/index-dvr.m3u8`,
      '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="audio_only",NAME="Audio Only",AUTOSELECT=NO,DEFAULT=NO',
      expect.stringMatching(/^#EXT-X-STREAM-INF:BANDWIDTH=\d+,CODECS="mp4a\.40\.2",VIDEO="audio_only"$/),
      `${base}/cdn/1001/audio_only/index-dvr.m3u8`,
    ]);
  });

  it('writes the newer manifest layout and leaves #EXT-X-ENDLIST out while live', async () => {
    const text = await (await master('1005')).text();
    expect(text).not.toContain('#EXT-X-MEDIA');
    expect(text).toMatch(/#EXT-X-STREAM-INF:[^\n]*RESOLUTION=160x90[^\n]*STABLE-VARIANT-ID="90p30",IVS-NAME="90p30",IVS-VARIANT-SOURCE="source"\n\S+\/cdn\/1005\/chunked\/index-dvr\.m3u8\n/);
    expect(text).toContain('IVS-VARIANT-SOURCE="transcode"');
    const media = await (await fetch(`${tw.usherUrl.replace(/\/usher$/, '')}/cdn/1005/chunked/index-dvr.m3u8`)).text();
    expect(media).toContain('#EXT-X-TWITCH-TOTAL-SECS:20.000');
    expect(media).not.toContain('#EXT-X-ENDLIST');
  });

  it('serves the media playlist and the segments byte for byte, muted ones by their muted name', async () => {
    const generated = await makeVodSegments(SEGMENTS);
    const cdn = `${tw.usherUrl.replace(/\/usher$/, '')}/cdn/1001/chunked`;
    const lines = (await (await fetch(`${cdn}/index-dvr.m3u8`)).text()).trim().split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-PLAYLIST-TYPE:EVENT',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-TWITCH-ELAPSED-SECS:0.000',
      `#EXT-X-TWITCH-TOTAL-SECS:${generated.totalSec.toFixed(3)}`,
    ]);
    expect(lines.slice(7)).toEqual([...generated.segments.flatMap((s) => [`#EXTINF:${s.durationSec.toFixed(3)},`, s.fileName]), '#EXT-X-ENDLIST']);
    expect(lines).toContain('2-muted.ts');
    expect(lines).not.toContain('2.ts');

    const muted = await fetch(`${cdn}/2-muted.ts`);
    const bytes = Buffer.from(await muted.arrayBuffer());
    expect(bytes.equals(await readFile(generated.segments[2]?.path as string))).toBe(true);
    expect(Number(muted.headers.get('content-length'))).toBe(bytes.length);
    expect((await fetch(`${cdn}/2.ts`)).status).toBe(404);
    expect(tw.segmentRequests('1001')).toEqual(['2-muted.ts', '2.ts']);
    expect(tw.segmentRequests('1005')).toEqual([]);
  });

  it('cuts a dropped segment mid-body on its first request only', async () => {
    tw.options.dropSegmentOnce = [4];
    const url = `${tw.usherUrl.replace(/\/usher$/, '')}/cdn/1001/chunked/4.ts`;
    const expected = await readFile((await makeVodSegments(SEGMENTS)).segments[4]?.path as string);
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(Number(first.headers.get('content-length'))).toBe(expected.length);
    await expect(first.arrayBuffer()).rejects.toThrow();
    const second = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(second.equals(expected)).toBe(true);
    expect(tw.segmentRequests()).toEqual(['4.ts', '4.ts']);
    expect(tw.requests.map((r) => [r.method, r.path, r.operation, r.status])).toEqual([
      ['GET', '/cdn/1001/chunked/4.ts', null, 200],
      ['GET', '/cdn/1001/chunked/4.ts', null, 200],
    ]);
  });

  it('serves real media for the lower quality and audio only', async () => {
    const cdn = `${tw.usherUrl.replace(/\/usher$/, '')}/cdn/1001`;
    const low = (await (await fetch(`${cdn}/44p30/index-dvr.m3u8`)).text()).split('\n');
    expect(low).toContain('5-muted.ts');
    const probe = async (group: string, file: string) => {
      const dir = await mkdtemp(join(tmpdir(), 'fake-twitch-'));
      const path = join(dir, file);
      try {
        await writeFile(path, Buffer.from(await (await fetch(`${cdn}/${group}/${file}`)).arrayBuffer()));
        const { stdout } = await run(process.env.HIGHLIGHTER_FFPROBE || 'ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,width,height', '-of', 'json', path]);
        return (JSON.parse(stdout) as { streams: Json[] }).streams;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    expect(await probe('44p30', '0.ts')).toEqual(expect.arrayContaining([{ codec_type: 'video', width: 80, height: 44 }, { codec_type: 'audio' }]));
    expect(await probe('audio_only', '2-muted.ts')).toEqual([{ codec_type: 'audio' }]);
  });
});

describe('server', () => {
  it('delays requests when asked and closes with requests in flight and keep-alive sockets open', async () => {
    const fake = await startFakeTwitch({ vods: [{ id: '7', comments: [] }], requestDelayMs: 150 });
    const started = Date.now();
    expect((await fetch(`${fake.gqlUrl}`, { method: 'POST', headers: { 'Client-ID': 'x' }, body: JSON.stringify(metadataQuery('7')) })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    fake.options.requestDelayMs = 60_000;
    const pending = fetch(`${fake.gqlUrl}`, { method: 'POST', headers: { 'Client-ID': 'x' }, body: '{}' }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 50));
    const closeStarted = Date.now();
    await fake.close();
    expect(Date.now() - closeStarted).toBeLessThan(2000);
    expect(await pending).toBe('aborted');
    expect(fake.requests.map((r) => r.operation)).toEqual(['video', 'unknown']);
  });

  it('makes the same comments for the same seed, with unique ids and the asked bursts', () => {
    const a = makeComments({ durationSec: 60, perSec: 2, bursts: [{ atSec: 30, count: 40 }], seed: 9 });
    expect(makeComments({ durationSec: 60, perSec: 2, bursts: [{ atSec: 30, count: 40 }], seed: 9 })).toEqual(a);
    expect(makeComments({ durationSec: 60, perSec: 2, seed: 10 })).not.toEqual(a);
    expect(new Set(a.map((c) => c.id)).size).toBe(a.length);
    expect(a.filter((c) => c.offsetSec === 30).length).toBeGreaterThanOrEqual(40);
    expect(a.every((c, i) => i === 0 || (a[i - 1] as FakeComment).offsetSec <= c.offsetSec)).toBe(true);
    expect(Math.abs(a.length - 40 - 120)).toBeLessThan(30);
  });
});
