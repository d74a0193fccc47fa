// Downloads survive the app closing: the next start continues from the segments already on disk.
// Several VODs download at once, and a network that stays down ends in a clear, resumable failure.
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../preload/contract';
import { waitForJob } from '../../fixtures/core';
import { failureOf, standardVod, startTwitchWorld, type TwitchWorld } from '../../fixtures/twitchCore';
import { lookupVod, twitchAccess } from '../../../main/core/twitch/twitchAccess';

let world: TwitchWorld;

beforeAll(async () => {
  world = await startTwitchWorld({
    vods: [standardVod('3001'), standardVod('3002'), standardVod('3003'), standardVod('3004'), standardVod('3005')],
  });
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

const completeSegments = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.ts'));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('resume after closing the app', () => {
  it('the next start fetches only the segments that were missing', async () => {
    // Segments after the 8th are slow, so the app closes half-way.
    world.fake.options.slowSegments = { indices: Array.from({ length: 22 }, (_, i) => i + 8), delayMs: 400 };
    let core = await world.openCore();
    const project = await core.api.openVod({ ref: '3001' });
    const dir = join(world.dataDir, 'vods', '3001', 'chunked');
    const before = await until('8 segments on disk', async () => {
      const names = await completeSegments(dir);
      return names.length >= 8 && names;
    });
    await core.close();
    const kept = await completeSegments(dir);
    expect(kept.length).toBeGreaterThanOrEqual(before.length);
    expect(kept.length).toBeLessThan(30);

    world.fake.reset();
    world.fake.options.slowSegments = undefined;
    core = await world.openCore();
    const job = (await core.api.listJobs()).find((j) => j.projectId === project.id && j.kind === 'twitch-video')!;
    const done = job.state === 'done' ? job : await waitForJob(core, job.id);
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ skipped: kept.length, downloaded: 30 - kept.length });
    // No segment that was already complete was asked for again.
    const refetched = world.fake.segmentRequests('3001');
    expect(refetched).toHaveLength(30 - kept.length);
    const keptIndices = new Set(kept.map((n) => Number.parseInt(n, 10)));
    for (const name of refetched) expect(keptIndices.has(Number.parseInt(name, 10))).toBe(false);
    expect((await core.api.openProject({ projectId: project.id })).twitch!.video).toBe('complete');
    await core.close();
  }, 90_000);
});

describe('cancel', () => {
  it('stops a video download, keeps finished segments, and "resume" continues from them', async () => {
    world.fake.reset();
    world.fake.options.slowSegments = { indices: Array.from({ length: 26 }, (_, i) => i + 4), delayMs: 300 };
    const core = await world.openCore();
    const project = await core.api.openVod({ ref: '3002', video: false });
    const first = await core.api.downloadVodVideo({ projectId: project.id });
    expect((await core.api.downloadVodVideo({ projectId: project.id })).id).toBe(first.id);
    const dir = join(world.dataDir, 'vods', '3002', 'chunked');
    await until('4 segments on disk', async () => (await completeSegments(dir)).length >= 4);
    await core.api.cancelJob({ jobId: first.id });
    expect((await waitForJob(core, first.id)).state).toBe('cancelled');
    const names = await readdir(dir);
    expect(names.filter((n) => !n.endsWith('.ts') && n !== 'playlist.json')).toEqual([]);
    const kept = names.filter((n) => n.endsWith('.ts')).length;
    expect((await core.api.openProject({ projectId: project.id })).twitch!.video).toBe('partial');

    world.fake.options.slowSegments = undefined;
    world.fake.reset();
    const resumed = await waitForJob(core, (await core.api.downloadVodVideo({ projectId: project.id })).id);
    expect(resumed.state).toBe('done');
    expect(resumed.result).toMatchObject({ skipped: kept });
    expect(world.fake.segmentRequests('3002')).toHaveLength(30 - kept);
    await expect(core.api.downloadVodVideo({ projectId: project.id })).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    await core.close();
  }, 60_000);
});

describe('switching quality', () => {
  it('a finished download removes the segments a download in another quality left behind', async () => {
    world.fake.reset();
    world.fake.options.slowSegments = { indices: Array.from({ length: 26 }, (_, i) => i + 4), delayMs: 300 };
    const core = await world.openCore();
    const { qualities } = await core.api.resolveVod({ ref: '3005' });
    const other = qualities.find((q) => !q.source)!;
    const project = await core.api.openVod({ ref: '3005', video: false });
    const first = await core.api.downloadVodVideo({ projectId: project.id, quality: other.id });
    const otherDir = join(world.dataDir, 'vods', '3005', other.id);
    await until('4 segments on disk', async () => (await completeSegments(otherDir)).length >= 4);
    await core.api.cancelJob({ jobId: first.id });
    expect((await waitForJob(core, first.id)).state).toBe('cancelled');

    world.fake.options.slowSegments = undefined;
    const source = qualities.find((q) => q.source)!;
    const done = await waitForJob(core, (await core.api.downloadVodVideo({ projectId: project.id, quality: source.id })).id);
    expect(done.state).toBe('done');
    // Only files are left in the VOD's folder (the video, the chat): no segment folder of either quality.
    const left = await readdir(join(world.dataDir, 'vods', '3005'), { withFileTypes: true });
    expect(left.filter((e) => e.isDirectory()).map((e) => e.name)).toEqual([]);
    expect(left.map((e) => e.name)).toContain('3005.mp4');
    await core.close();
  }, 60_000);
});

describe('several VODs at once', () => {
  it('downloads two videos side by side', async () => {
    world.fake.options.slowSegments = { indices: Array.from({ length: 30 }, (_, i) => i), delayMs: 60 };
    const core = await world.openCore();
    const a = await core.api.openVod({ ref: '3003' });
    const b = await core.api.openVod({ ref: '3004' });
    const running = new Set<number>();
    let together = false;
    const off = core.events.on('job', (job: Job) => {
      if (job.kind !== 'twitch-video') return;
      if (job.state === 'running') running.add(job.projectId!);
      else running.delete(job.projectId!);
      if (running.size === 2) together = true;
    });
    const jobs = (await core.api.listJobs()).filter((j) => j.kind === 'twitch-video' && (j.projectId === a.id || j.projectId === b.id) && j.state !== 'done');
    expect(jobs).toHaveLength(2);
    const results = await Promise.all(jobs.map((j) => waitForJob(core, j.id)));
    off();
    world.fake.options.slowSegments = undefined;
    expect(results.map((j) => j.state)).toEqual(['done', 'done']);
    expect(together).toBe(true);
    await core.close();
  }, 90_000);
});

describe('network down', () => {
  it('retries with back-off, then fails with a clear, resumable message', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const access = twitchAccess({ HIGHLIGHTER_TWITCH_GQL_URL: `http://127.0.0.1:${closed}/gql`, HIGHLIGHTER_TWITCH_RETRY_MS: '2' });
    const failure = await failureOf(lookupVod(access, '3001'));
    expect(failure.code).toBe('NETWORK');
    expect(failure.message).toMatch(/Could not reach Twitch.*internet connection.*resumed/);

    world.fake.options.failGqlRequests = 3;
    world.fake.reset();
    const recovered = await lookupVod(twitchAccess(world.env), '3001');
    expect(recovered.metadata.title).toBe('Stream 3001');
    expect(world.fake.requests.filter((r) => r.path === '/gql' && r.status === 500)).toHaveLength(3);
    world.fake.options.failGqlRequests = 0;
  });
});
