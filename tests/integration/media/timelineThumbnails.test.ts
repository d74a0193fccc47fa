// Timeline thumbnails made by real ffmpeg through the core: snapped to the grid, made once by a
// background job (then from the cache), small JPEGs, a superseded request not made, and a VOD whose
// video is not downloaded.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import { THUMBNAIL_BATCH, THUMBNAILS_JOB } from '../../../main/core/api/timelineThumbnails';
import { pruneFolder, TIMELINE_THUMBS_DIR } from '../../../main/core/api/thumbnailCache';
import { removeTimelineCaches } from '../../../main/core/api/timeline';
import type { CoreContext } from '../../../main/core/context';
import { isTerminal } from '../../../main/core/jobs/queue';
import { thumbnailTimes } from '../../../main/core/media/thumbnailGrid';
import { openCore } from '../../fixtures/core';
import { makeTestVideo } from '../../fixtures/media';
import { standardVod, startTwitchWorld } from '../../fixtures/twitchCore';

const run = promisify(execFile);
const DURATION = 120;

let dir: string;
let core: Core;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-thumbs-'));
  const source = await makeTestVideo({ durationSec: DURATION, fps: 30, keyintFrames: 60, audio: true });
  await Promise.all(['a.mp4', 'b.mp4'].map((name) => copyFile(source, file(name))));
  core = await openCore(file('library'));
});

afterAll(async () => {
  await core?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const thumbnailJobs = async (projectId: number) => (await core.api.listJobs({})).filter((j) => j.kind === THUMBNAILS_JOB && j.projectId === projectId);

/** Resolves once the project has no thumbnail job queued or running. */
async function settled(projectId: number): Promise<void> {
  for (;;) {
    if ((await thumbnailJobs(projectId)).every((j) => isTerminal(j.state))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Asks again after each `thumbnails` event, as the editor does, until nothing is pending. */
async function askUntilReady(args: { projectId: number; startSec: number; endSec: number; count: number }) {
  for (;;) {
    const event = new Promise<void>((resolve) => {
      const off = core.events.on('thumbnails', (e) => {
        if (e.projectId !== args.projectId) return;
        off();
        resolve();
      });
    });
    const result = await core.api.getThumbnails(args);
    if (!result.pending) return result;
    await event;
  }
}

async function jpegSize(dataUrl: string, name: string): Promise<{ width: number; height: number; codec: string }> {
  expect(dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
  const path = file(name);
  await writeFile(path, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', path]);
  const stream = (JSON.parse(stdout) as { streams: { codec_name: string; width: number; height: number }[] }).streams[0]!;
  return { width: stream.width, height: stream.height, codec: stream.codec_name };
}

describe('getThumbnails', () => {
  it('snaps to the grid, makes the missing ones in one job, then answers from the cache', async () => {
    const project = await core.api.openLocal({ videoPath: file('a.mp4') });
    const args = { projectId: project.id, startSec: 0, endSec: DURATION, count: 10 };
    const first = await core.api.getThumbnails(args);
    expect(first).toEqual({ thumbnails: [], pending: true });

    const ready = await askUntilReady(args);
    // 12 s apart → a grid of 8 s; the centre of each slice snapped to it.
    expect(ready.thumbnails.map((t) => t.timeSec)).toEqual([8, 16, 32, 40, 56, 64, 80, 88, 104, 112]);
    await settled(project.id);
    const jobs = await thumbnailJobs(project.id);
    expect(jobs.map((j) => j.state)).toEqual(['done']);

    // Again: all from the cache, nothing pending, no new job.
    const again = await core.api.getThumbnails(args);
    expect(again).toEqual({ thumbnails: ready.thumbnails, pending: false });
    expect(await thumbnailJobs(project.id)).toHaveLength(1);

    // Scrolled (the video's end clamps the window) or zoomed in: the times on the first grid come from
    // the cache at once; the others are pending.
    for (const window of [{ startSec: 10, endSec: 130 }, { startSec: 0, endSec: 60 }]) {
      const times = thumbnailTimes(window.startSec, window.endSec, args.count, DURATION);
      const reused = times.filter((t) => ready.thumbnails.some((r) => r.timeSec === t));
      expect(reused.length).toBeGreaterThanOrEqual(5);
      const moved = await core.api.getThumbnails({ ...args, ...window });
      expect(moved.thumbnails.map((t) => t.timeSec)).toEqual(reused);
      expect(moved.pending).toBe(reused.length < times.length);
    }

    for (const [i, t] of ready.thumbnails.entries()) {
      const size = await jpegSize(t.url, `thumb-${i}.jpg`);
      expect(size.codec).toBe('mjpeg');
      expect(size.width).toBeLessThanOrEqual(160);
      expect(size.height).toBeLessThanOrEqual(90);
      expect(t.url.length).toBeLessThan(20_000);
    }
    // Different moments of the moving test pattern: different pictures.
    expect(new Set(ready.thumbnails.map((t) => t.url)).size).toBe(ready.thumbnails.length);
    await settled(project.id);
  });

  it('drops what a newer request no longer asks for', async () => {
    const project = await core.api.openLocal({ videoPath: file('b.mp4') });
    // 100 thumbnails across the whole video, then at once only 8 near its end.
    const wide = { projectId: project.id, startSec: 0, endSec: DURATION, count: 100 };
    const narrow = { projectId: project.id, startSec: 100, endSec: 108, count: 8 };
    const wideTimes = new Set(thumbnailTimes(wide.startSec, wide.endSec, wide.count, DURATION));
    const running = new Promise<void>((resolve) => {
      const off = core.events.on('job', (job) => {
        if (job.kind !== THUMBNAILS_JOB || job.projectId !== project.id || job.state !== 'running') return;
        off();
        resolve();
      });
    });
    expect((await core.api.getThumbnails(wide)).pending).toBe(true);
    // The wide request's first batch is underway when the narrow one comes.
    await running;
    const ready = await askUntilReady(narrow);
    expect(ready.thumbnails.map((t) => t.timeSec)).toEqual([101, 102, 103, 104, 105, 106, 107, 108]);
    expect(ready.pending).toBe(false);
    await settled(project.id);

    const folders = await readdir(join(file('library'), TIMELINE_THUMBS_DIR));
    const folder = folders.find((name) => name.startsWith(`media-${project.media.id}-`))!;
    const made = (await readdir(join(file('library'), TIMELINE_THUMBS_DIR, folder))).map((name) => Number(name.slice(0, -4)) / 1000);
    const onlyWide = made.filter((t) => wideTimes.has(t) && !(t >= 101 && t <= 108));
    // Only the batch that was already running when the narrow request came.
    expect(onlyWide.length).toBeLessThanOrEqual(THUMBNAIL_BATCH);
    expect(made.length).toBeLessThanOrEqual(8 + THUMBNAIL_BATCH);
    expect(made.filter((t) => t >= 101 && t <= 108)).toHaveLength(8);
    expect(wideTimes.size).toBe(100);
  });
});

describe('the thumbnail cache', () => {
  it('starts a new folder for a changed file and deletes the old one', async () => {
    const path = file('c.mp4');
    await copyFile(file('a.mp4'), path);
    const project = await core.api.openLocal({ videoPath: path });
    const args = { projectId: project.id, startSec: 0, endSec: DURATION, count: 4 };
    await askUntilReady(args);
    await settled(project.id);
    const mine = async () => (await readdir(join(file('library'), TIMELINE_THUMBS_DIR))).filter((n) => n.startsWith(`media-${project.media.id}-`));
    const [before] = await mine();

    const now = new Date();
    await utimes(path, now, new Date(now.getTime() + 10_000));
    expect((await core.api.getThumbnails(args)).pending).toBe(true);
    await askUntilReady(args);
    await settled(project.id);
    const after = await mine();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);

    // What removing the media from the library would call: its caches go.
    await removeTimelineCaches({ library: { dataDir: file('library') }, cache: new Map() } as unknown as CoreContext, project.media.id);
    expect(await mine()).toEqual([]);
  });

  it('keeps a folder under its limit by removing the oldest files', async () => {
    const folderDir = file('prune');
    await mkdir(folderDir);
    const times = Array.from({ length: 30 }, (_, i) => i * 1000);
    for (const [i, ms] of times.entries()) {
      await writeFile(join(folderDir, `${ms}.jpg`), 'x');
      await utimes(join(folderDir, `${ms}.jpg`), new Date(), new Date(Date.now() - (30 - i) * 60_000));
    }
    const folder = { dir: folderDir, times: new Set(times), failed: new Set<number>(), broken: false };
    await pruneFolder(folder, 20);
    const left = (await readdir(folderDir)).map((n) => Number(n.slice(0, -4))).sort((a, b) => a - b);
    expect(left.length).toBeLessThanOrEqual(20);
    expect(left).toEqual(times.slice(times.length - left.length));
    expect([...folder.times].sort((a, b) => a - b)).toEqual(left);
  });
});

describe('getThumbnails and getWaveform of a VOD whose video is not downloaded', () => {
  it('give nothing and start no job', async () => {
    const world = await startTwitchWorld({ vods: [standardVod('4101')] });
    try {
      const vodCore = await world.openCore();
      const project = await vodCore.api.openVod({ ref: '4101', video: false });
      expect(project.twitch?.video).toBe('none');
      expect(await vodCore.api.getThumbnails({ projectId: project.id, startSec: 0, endSec: 120, count: 20 })).toEqual({ thumbnails: [], pending: false });
      expect(await vodCore.api.getWaveform({ projectId: project.id })).toBeNull();
      const kinds = (await vodCore.api.listJobs({})).map((j) => j.kind);
      expect(kinds).not.toContain(THUMBNAILS_JOB);
      expect(kinds).not.toContain('waveform');
    } finally {
      await world.cleanup();
    }
  });
});
