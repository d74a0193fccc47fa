// What the home screen and the editor keep about a project: its picture and the length of its ranges in
// the list, the editor's view restored on reopen, and removing a project without touching the video
// the user opened from their own disk.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import type { Project, ProjectSummary } from '../../../preload/contract';
import { makeTestVideo } from '../../fixtures/media';
import { makeWorkspace, openCore, waitForJob, type TestWorkspace } from '../../fixtures/core';

const run = promisify(execFile);

let ws: TestWorkspace;
let core: Core;
let project: Project;

beforeAll(async () => {
  ws = await makeWorkspace({ durationSec: 200 });
  core = await openCore(ws.dataDir);
  project = await core.api.openLocal({ videoPath: ws.videoPath });
}, 120_000);

afterAll(async () => {
  await core?.close();
  await ws?.cleanup();
});

/** Resolves with the next `projects` event for the project. */
function nextProjectsEvent(c: Core, projectId: number): Promise<void> {
  return new Promise((resolve) => {
    const off = c.events.on('projects', (e) => {
      if (e.projectId !== projectId) return;
      off();
      resolve();
    });
  });
}

async function summaryOf(c: Core, projectId: number): Promise<ProjectSummary> {
  return (await c.api.listProjects()).find((p) => p.id === projectId)!;
}

async function jpegSize(dataUrl: string): Promise<{ width: number; height: number; codec: string }> {
  expect(dataUrl).toMatch(/^data:image\/jpeg;base64,/);
  const file = join(ws.dir, `thumb-${Math.random().toString(36).slice(2)}.jpg`);
  await writeFile(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height,codec_name', '-of', 'json', file]);
  const stream = (JSON.parse(stdout) as { streams: { width: number; height: number; codec_name: string }[] }).streams[0]!;
  return { width: stream.width, height: stream.height, codec: stream.codec_name };
}

const thumbFiles = async () => (await readdir(join(ws.dataDir, 'thumbs')).catch(() => [] as string[])).filter((n) => n.endsWith('.jpg'));

describe('the project list', () => {
  it('sums the ranges', async () => {
    await core.api.saveHighlights({ projectId: project.id, highlights: [{ id: 'a', start: 10, end: 25.5 }, { id: 'b', start: 100, end: 104 }] });
    expect((await summaryOf(core, project.id)).rangesLengthSec).toBeCloseTo(19.5, 6);
  });

  it('makes a 160×90 JPEG of the video in the background once, says when it is ready, then serves it from the cache', async () => {
    const ready = nextProjectsEvent(core, project.id);
    expect((await summaryOf(core, project.id)).thumbnail).toBeNull();
    // Asking again meanwhile starts nothing more.
    expect((await summaryOf(core, project.id)).thumbnail).toBeNull();
    await ready;
    const { thumbnail } = await summaryOf(core, project.id);
    expect(await jpegSize(thumbnail!)).toEqual({ width: 160, height: 90, codec: 'mjpeg' });
    expect(await thumbFiles()).toHaveLength(1);

    // Another process finds it at once.
    await core.close();
    core = await openCore(ws.dataDir);
    expect((await summaryOf(core, project.id)).thumbnail).toBe(thumbnail);
  });

  it('makes a new one when the video changed, and drops the old one', async () => {
    const before = await thumbFiles();
    await copyFile(await makeTestVideo({ durationSec: 30, fps: 30, keyintFrames: 60, audio: true }), ws.videoPath);
    await core.api.openLocal({ videoPath: ws.videoPath });
    const ready = nextProjectsEvent(core, project.id);
    expect((await summaryOf(core, project.id)).thumbnail).toBeNull();
    await ready;
    expect((await summaryOf(core, project.id)).thumbnail).not.toBeNull();
    const after = await thumbFiles();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });

  it('has no picture for a video that cannot be read, and does not try again on every list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hl-gone-'));
    const gone = join(dir, 'gone.mp4');
    await copyFile(await makeTestVideo({ durationSec: 12 }), gone);
    const other = await core.api.openLocal({ videoPath: gone });
    await rm(dir, { recursive: true, force: true });
    let events = 0;
    const off = core.events.on('projects', (e) => void (e.projectId === other.id && events++));
    expect((await summaryOf(core, other.id)).thumbnail).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await summaryOf(core, other.id)).thumbnail).toBeNull();
    off();
    expect(events).toBe(0);
    await core.api.removeProject({ projectId: other.id });
  });
});

describe('the editor view', () => {
  const view = { playheadSec: 42.5, zoom: 8, scrollSec: 30, selectedId: 'a' };

  it('is null until saved, then restored on reopen, without counting as an edit or reloading the UI', async () => {
    expect((await core.api.openProject({ projectId: project.id })).view).toBeNull();
    const updatedAt = (await summaryOf(core, project.id)).updatedAt;
    const events: string[] = [];
    const offs = [core.events.on('project', () => events.push('project')), core.events.on('projects', () => events.push('projects'))];
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await core.api.saveView({ projectId: project.id, view })).toEqual({ ok: true });
    offs.forEach((off) => off());
    expect(events).toEqual([]);
    expect((await summaryOf(core, project.id)).updatedAt).toBe(updatedAt);

    await core.close();
    core = await openCore(ws.dataDir);
    expect((await core.api.openProject({ projectId: project.id })).view).toEqual(view);
  });

  it('refuses a view out of bounds and an unknown project', async () => {
    await expect(core.api.saveView({ projectId: project.id, view: { ...view, zoom: 0.5 } })).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    await expect(core.api.saveView({ projectId: project.id, view: { ...view, playheadSec: -1 } })).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    await expect(core.api.saveView({ projectId: 9999, view })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('removing a local project', () => {
  it('is refused while one of its jobs runs or waits, and says to cancel it first', async () => {
    await core.api.saveHighlights({ projectId: project.id, highlights: [{ id: 'a', start: 0, end: 14 }, { id: 'b', start: 15, end: 29 }] });
    const job = await core.api.startExport({ projectId: project.id, outPath: join(ws.dir, 'long.mp4'), mode: 'accurate' });
    const finished = waitForJob(core, job.id);
    const refused = await core.api.removeProject({ projectId: project.id }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'JOB_RUNNING', message: expect.stringMatching(/Cancel its jobs first/) });
    await core.api.cancelJob({ jobId: job.id });
    await finished;
    expect((await core.api.openProject({ projectId: project.id })).highlights).toHaveLength(2);
  });

  it('deletes its rows but never the video the user opened, and tells the list', async () => {
    // The video's waveform is made (and cached) first: it goes with the project's media row.
    const waveformReady = new Promise<void>((done) => {
      const off = core.events.on('waveform', (e) => {
        if (e.projectId === project.id) {
          off();
          done();
        }
      });
    });
    if ((await core.api.getWaveform({ projectId: project.id })) === null) await waveformReady;
    const caches = async () => (await readdir(join(ws.dataDir, 'cache', 'waveform')).catch(() => [] as string[])).length;
    expect(await caches()).toBe(1);
    expect(await core.api.describeRemoval({ projectId: project.id })).toEqual({ files: [], vod: false });
    const told = nextProjectsEvent(core, project.id);
    expect(await core.api.removeProject({ projectId: project.id })).toEqual({ removedFiles: [] });
    await told;
    expect(existsSync(ws.videoPath)).toBe(true);
    expect(existsSync(ws.chatPath)).toBe(true);
    expect((await core.api.listProjects()).some((p) => p.id === project.id)).toBe(false);
    expect((await core.api.listJobs()).some((j) => j.projectId === project.id)).toBe(false);
    await expect(core.api.openProject({ projectId: project.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.api.removeProject({ projectId: project.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await thumbFiles()).toEqual([]);
    expect(await caches()).toBe(0);

    // Opened again, it is a new project of the same video, with its chat imported again.
    const again = await core.api.openLocal({ videoPath: ws.videoPath });
    expect(again.chat).not.toBeNull();
    expect(again.view).toBeNull();
  });
});
