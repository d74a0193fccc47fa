// Opening a Twitch VOD through the core API, against the fake Twitch: preview before any download,
// chat first (heatmap and proposals), the video joined and playable, muted stretches, clips, and each
// refusal named for what it is with nothing left behind.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../../preload/contract';
import type { Core } from '../../../main/core';
import { probeStreams } from '../../fixtures/media';
import { waitForJob } from '../../fixtures/core';
import { failureOf, standardVod, startTwitchWorld, type TwitchWorld } from '../../fixtures/twitchCore';

let world: TwitchWorld;
let core: Core;

beforeAll(async () => {
  world = await startTwitchWorld({
    vods: [
      standardVod('1001'),
      standardVod('1002', { subscriberOnly: true, title: 'Subs only' }),
      standardVod('1003', { processing: true }),
      standardVod('1004', { deleted: true }),
      standardVod('1005', { newStyleManifest: true, lengthSeconds: 0 }),
      // Still streaming: Twitch's length is stale, the playlist has no end yet.
      standardVod('1006', { live: true, lengthSeconds: 60 }),
    ],
    nullPageEvery: 3,
  });
  core = await world.openCore();
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

const jobOf = async (projectId: number, kind: string) => {
  const jobs = await core.api.listJobs();
  const job = jobs.find((j) => j.projectId === projectId && j.kind === kind);
  if (!job) throw new Error(`no ${kind} job for project ${projectId}`);
  return job;
};

describe('resolveVod', () => {
  it('shows title, channel, length, date, thumbnail and qualities before anything downloads', async () => {
    world.fake.reset();
    const preview = await core.api.resolveVod({ ref: 'https://m.twitch.tv/videos/1001?t=0h0m12s' });
    expect(preview).toMatchObject({
      vodId: '1001',
      url: 'https://www.twitch.tv/videos/1001',
      title: 'Stream 1001',
      channelLogin: 'streamer',
      channelName: 'Streamer',
      createdAt: '2024-05-17T18:00:00Z',
      game: 'Just Chatting',
      startSec: 12,
    });
    expect(preview.lengthSec).toBeCloseTo(120, 0);
    expect(preview.thumbnail).toMatch(/^data:image\/png;base64,/);
    expect(preview.qualities.length).toBeGreaterThanOrEqual(2);
    expect(preview.qualities[0]!.source).toBe(true);
    expect(preview.qualities.some((q) => /audio/i.test(q.name) || q.id === 'audio_only')).toBe(false);
    expect(world.fake.segmentRequests('1001')).toEqual([]);
    expect(world.fake.commentRequests()).toBe(0);
    // Metadata and playback token travel in one batched round trip.
    expect(world.fake.requests.filter((r) => r.path === '/gql').map((r) => r.operation)).toEqual(['video,videoPlaybackAccessToken']);
  });

  it('finds the source on new-style manifests and the length of a fresh VOD from its playlist', async () => {
    const preview = await core.api.resolveVod({ ref: '1005' });
    expect(preview.qualities[0]!.source).toBe(true);
    expect(preview.lengthSec).toBeCloseTo(120, 0);
  });

  it('names each refusal', async () => {
    expect(await failureOf(core.api.resolveVod({ ref: 'https://www.twitch.tv/somechannel' }))).toMatchObject({ code: 'VOD_REF_INVALID' });
    expect(await failureOf(core.api.resolveVod({ ref: '1004' }))).toMatchObject({ code: 'VOD_NOT_FOUND' });
    expect(await failureOf(core.api.resolveVod({ ref: '777' }))).toMatchObject({ code: 'VOD_NOT_FOUND' });
    expect(await failureOf(core.api.resolveVod({ ref: '1003' }))).toMatchObject({ code: 'VOD_PROCESSING' });
    const sub = await failureOf(core.api.resolveVod({ ref: '1002' }));
    expect(sub.code).toBe('VOD_SUBSCRIBER_ONLY');
    expect(sub.message).toMatch(/subscribers of Streamer only.*OAuth token/);
  });

  it('unlocks a subscriber-only VOD with a stored token, which is never sent back', async () => {
    await expect(core.api.setTwitchToken({ token: 'not a token!' })).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(await core.api.setTwitchToken({ token: 'oauth:wrong-token-123' })).toEqual({ twitchToken: true });
    expect((await failureOf(core.api.resolveVod({ ref: '1002' }))).message).toMatch(/saved OAuth token does not unlock it/);
    await core.api.setTwitchToken({ token: 'good-token' });
    expect((await core.api.resolveVod({ ref: '1002' })).title).toBe('Subs only');
    const info = await core.api.getAppInfo();
    expect(info.twitchToken).toBe(true);
    expect(JSON.stringify(info)).not.toContain('good-token');
    expect(await core.api.setTwitchToken({ token: null })).toEqual({ twitchToken: false });
  });

  it('names a changed Twitch API', async () => {
    world.fake.options.gqlError = 'integrity';
    try {
      const failure = await failureOf(core.api.resolveVod({ ref: '1001' }));
      expect(failure.code).toBe('TWITCH_CHANGED');
      expect(failure.message).toMatch(/integrity/);
    } finally {
      world.fake.options.gqlError = null;
    }
  });
});

describe('openVod', () => {
  it('refuses before creating anything', async () => {
    await expect(core.api.openVod({ ref: '1003' })).rejects.toMatchObject({ code: 'VOD_PROCESSING' });
    await expect(core.api.openVod({ ref: '1001', quality: '4k' })).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(await core.api.listProjects()).toEqual([]);
  });

  it('downloads chat first (heatmap, proposals, clips), then the video, and the editor can open at once', async () => {
    const events: number[] = [];
    const off = core.events.on('project', (e) => events.push(e.projectId));
    const project = await core.api.openVod({ ref: 'https://www.twitch.tv/videos/1001' });
    expect(project.twitch).toMatchObject({ vodId: '1001', title: 'Stream 1001', channelName: 'Streamer', quality: 'chunked' });
    expect(project.twitch!.video).not.toBe('complete');
    expect(project.twitch!.muted).toEqual([{ start: expect.closeTo(20, 1), end: expect.closeTo(28, 1) }]);
    expect(project.media.probe.durationSec).toBeCloseTo(120, 0);

    const chat = await waitForJob(core, (await jobOf(project.id, 'twitch-chat')).id);
    expect(chat.state).toBe('done');
    let loaded: Project = await core.api.openProject({ projectId: project.id });
    const comments = world.fake.options.vods[0]!.comments!;
    expect(loaded.chat?.messageCount).toBe(comments.length);
    expect(existsSync(join(world.dataDir, 'vods', '1001', '1001.chat.json'))).toBe(true);
    // The download's checkpoint goes once the chat file is complete.
    expect(existsSync(join(world.dataDir, 'vods', '1001', '.1001.chat.json.partial.jsonl'))).toBe(false);
    expect(loaded.highlights.length).toBeGreaterThan(0);
    // Clips of this VOD only, most viewed first.
    expect(loaded.twitch!.clips.map((c) => c.slug)).toEqual(['Clip1001A', 'Clip1001B']);
    expect((await core.api.getHeatmap({ projectId: project.id }))?.max).toBeGreaterThan(0);

    const video = await waitForJob(core, (await jobOf(project.id, 'twitch-video')).id);
    expect(video.state).toBe('done');
    loaded = await core.api.openProject({ projectId: project.id });
    expect(loaded.twitch!.video).toBe('complete');
    expect(loaded.media.probe.sizeBytes).toBeGreaterThan(0);
    const facts = await probeStreams(loaded.media.path);
    expect(facts.durationSec).toBeCloseTo(120, 0);
    expect(Math.abs(facts.audio!.durationSec - facts.video!.durationSec)).toBeLessThan(0.15);
    expect(core.mediaPath(loaded.media.id)).toBe(loaded.media.path);
    // Segments are gone once joined; the MP4 holds everything.
    expect(existsSync(join(world.dataDir, 'vods', '1001', 'chunked'))).toBe(false);
    expect(events.filter((id) => id === project.id).length).toBeGreaterThanOrEqual(2);
    off();

    // Opening it again reopens the same project and starts nothing new.
    const again = await core.api.openVod({ ref: '1001' });
    expect(again.id).toBe(project.id);
    expect((await core.api.listJobs()).filter((j) => j.projectId === project.id)).toHaveLength(2);
    expect((await core.api.listProjects()).find((p) => p.id === project.id)?.twitchVodId).toBe('1001');
  }, 60_000);
});

describe('a VOD whose stream is still live', () => {
  it('says when the stream is still live: the length so far, and a project that remembers it', async () => {
    expect((await core.api.resolveVod({ ref: '1001' })).live).toBe(false);
    const preview = await core.api.resolveVod({ ref: '1006' });
    expect(preview.live).toBe(true);
    expect(preview.lengthSec).toBeCloseTo(120, 0);
    const project = await core.api.openVod({ ref: '1006', video: false });
    expect(project.twitch?.live).toBe(true);
    expect(project.media.probe.durationSec).toBeCloseTo(120, 0);
    expect((await core.api.openProject({ projectId: project.id })).twitch?.live).toBe(true);
  });
});
