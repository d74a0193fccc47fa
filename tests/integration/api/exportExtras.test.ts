// The app's export job through the one dispatcher: the project's labels and tags become the reel's
// chapters (read back by ffprobe), its YouTube list, its side files and the clips' names; the same for
// a VOD that is not downloaded; refusals come before any job.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Job, Project } from '../../../preload/contract';
import type { Core } from '../../../main/core';
import { makeWorkspace, openCore, probeFile, waitForJob, type TestWorkspace } from '../../fixtures/core';
import { standardVod, startTwitchWorld, type TwitchWorld } from '../../fixtures/twitchCore';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const run = promisify(execFile);
const FRAME = 1 / 30;

async function probeChapters(path: string): Promise<{ startMs: number; endMs: number; title: string | undefined }[]> {
  const { stdout } = await run(process.env.HIGHLIGHTER_FFPROBE || 'ffprobe', ['-v', 'error', '-show_chapters', '-of', 'json', path]);
  const data = JSON.parse(stdout) as { chapters: { start_time: string; end_time: string; tags?: { title?: string } }[] };
  return data.chapters.map((c) => ({
    startMs: Math.round(Number(c.start_time) * 1000),
    endMs: Math.round(Number(c.end_time) * 1000),
    title: c.tags?.title,
  }));
}

interface ExportResult {
  outPath: string;
  outPaths?: string[];
  sidePaths: string[];
  chaptersPath?: string;
  warnings: string[];
  mode: string;
}

describe('export job with chapters and side files', () => {
  let ws: TestWorkspace;
  let core: Core;
  let project: Project;

  beforeAll(async () => {
    ws = await makeWorkspace({ durationSec: 200 });
    core = await openCore(ws.dataDir);
    project = await core.api.openLocal({ videoPath: ws.videoPath });
    // Reel order is not time order; one labelled, one tagged, one bare.
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [
        { id: 'b', start: 120, end: 133.4, label: 'Clutch = win; #1 ünï 日本' },
        { id: 'a', start: 3.5, end: 15.25, tags: ['clip-it', 'hype'] },
        { id: 'c', start: 30.1, end: 41.7 },
      ],
    });
  });

  afterAll(async () => {
    await core?.close();
    await ws?.cleanup();
  });

  it('old callers (mode and layout only) still get a plain reel', async () => {
    const outPath = join(ws.dir, 'plain.mp4');
    const done = await waitForJob(core, (await core.api.startExport({ projectId: project.id, outPath, mode: 'accurate' })).id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect(done.result).toMatchObject({ outPath, sidePaths: [], warnings: [] });
    expect(await probeChapters(outPath)).toEqual([]);
    expect((await readdir(ws.dir)).filter((f) => f.startsWith('plain'))).toEqual(['plain.mp4']);
  });

  it('a reel with chapters from the labels and tags, the YouTube list, CSV and JSON', async () => {
    const outPath = join(ws.dir, 'reel.mp4');
    const updates: Job[] = [];
    const job = await core.api.startExport({ projectId: project.id, outPath, mode: 'accurate', chapters: true, sideFiles: true });
    const done = await waitForJob(core, job.id, (j) => updates.push(j));
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const result = done.result as ExportResult;
    expect(result.outPath).toBe(outPath);
    expect(result.sidePaths).toEqual(['reel.chapters.txt', 'reel.csv', 'reel.json'].map((n) => join(ws.dir, n)));
    expect(result.warnings).toEqual([]);

    expect(await probeChapters(outPath)).toEqual([
      { startMs: 0, endMs: 13_400, title: 'Clutch = win; #1 ünï 日本' },
      { startMs: 13_400, endMs: 25_150, title: 'clip it, hype' },
      { startMs: 25_150, endMs: 36_750, title: 'Highlight 3' },
    ]);
    expect(Math.abs((await probeFile(outPath)).durationSec - 36.75)).toBeLessThanOrEqual(FRAME + 1e-3);
    expect(await readFile(join(ws.dir, 'reel.chapters.txt'), 'utf8')).toBe('0:00 Clutch = win; #1 ünï 日本\n0:13 clip it, hype\n0:25 Highlight 3\n');
    expect(await readFile(join(ws.dir, 'reel.csv'), 'utf8')).toBe('120,133.4,Clutch = win; #1 ünï 日本\r\n3.5,15.25,\r\n30.1,41.7,\r\n');
    const json = JSON.parse(await readFile(join(ws.dir, 'reel.json'), 'utf8')) as { source: string; ranges: Record<string, unknown>[] };
    expect(json.source).toBe('stream.mp4');
    expect(json.ranges.map((r) => [r.start, r.cutStart, r.cutEnd, r.label, r.tags, r.reelStart, r.reelEnd])).toEqual([
      [120, 120, 133.4, 'Clutch = win; #1 ünï 日本', [], 0, 13.4],
      [3.5, 3.5, 15.25, '', ['clip-it', 'hype'], 13.4, 25.15],
      [30.1, 30.1, 41.7, '', [], 25.15, 36.75],
    ]);
    const fractions = updates.filter((j) => j.state === 'running').map((j) => j.progress.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
    // Nothing hidden left behind.
    expect((await readdir(ws.dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('fast mode: chapters at the keyframe cuts, and a warning for YouTube when there are fewer than three', async () => {
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [
        { id: 'b', start: 120.5, end: 133.4 },
        { id: 'a', start: 3.5, end: 15.25 },
      ],
    });
    const plan = await core.api.planExport({ projectId: project.id, mode: 'fast' });
    // 2 s GOPs: 120-134 and 2-16.
    expect(plan.ranges.map((r) => [r.cutStart, r.cutEnd])).toEqual([
      [120, 134],
      [2, 16],
    ]);
    const outPath = join(ws.dir, 'fast.mkv');
    const done = await waitForJob(core, (await core.api.startExport({ projectId: project.id, outPath, mode: 'fast', chapters: true })).id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect((await probeChapters(outPath)).map((c) => [c.startMs, c.endMs])).toEqual([
      [0, 14_000],
      [14_000, 28_000],
    ]);
    const { warnings } = done.result as ExportResult;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/at least 3 chapters; this reel has 2/);
  });

  it('clips named by their labels, with the side files', async () => {
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [
        { id: 'b', start: 120, end: 125, label: 'The Clutch' },
        { id: 'a', start: 3.5, end: 9.25, tags: ['funny'] },
      ],
    });
    const outPath = join(ws.dir, 'moments.mp4');
    const job = await core.api.startExport({ projectId: project.id, outPath, mode: 'accurate', layout: 'clips', sideFiles: true });
    expect(job.title).toBe(`Export 2 clips ${join(ws.dir, 'moments-01-the-clutch.mp4')} … moments-02.mp4`);
    const done = await waitForJob(core, job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const result = done.result as ExportResult;
    expect(result.outPaths).toEqual([join(ws.dir, 'moments-01-the-clutch.mp4'), join(ws.dir, 'moments-02.mp4')]);
    expect((await readdir(ws.dir)).filter((f) => f.startsWith('moments')).sort()).toEqual([
      'moments-01-the-clutch.mp4',
      'moments-02.mp4',
      'moments.csv',
      'moments.json',
    ]);
    expect(await readFile(join(ws.dir, 'moments.csv'), 'utf8')).toBe('120,125,The Clutch\r\n3.5,9.25,\r\n');
  });

  it('refuses, before any job, a quality with nothing to re-encode and chapters on clips', async () => {
    const before = (await core.api.listJobs()).length;
    const outPath = join(ws.dir, 'refused.mp4');
    await expect(core.api.startExport({ projectId: project.id, outPath, mode: 'smart', quality: 30 })).rejects.toMatchObject({
      code: 'BAD_ARGUMENTS',
      message: expect.stringMatching(/not available yet/) as unknown,
    });
    await expect(core.api.startExport({ projectId: project.id, outPath, mode: 'accurate', layout: 'clips', chapters: true })).rejects.toMatchObject({
      code: 'BAD_ARGUMENTS',
      message: expect.stringMatching(/Chapters are for a reel/) as unknown,
    });
    expect((await core.api.listJobs()).length).toBe(before);
  });
});

describe('a VOD not downloaded: the same extras', () => {
  let world: TwitchWorld;
  let core: Core;

  beforeAll(async () => {
    world = await startTwitchWorld({ vods: [standardVod('3101')] });
    core = await world.openCore();
  });

  afterAll(async () => {
    await core?.close();
    await world?.cleanup();
  });

  it('cuts from the segments and adds chapters and side files', async () => {
    const project = await core.api.openVod({ ref: '3101', video: false });
    const chatJob = (await core.api.listJobs()).find((j) => j.projectId === project.id && j.kind === 'twitch-chat')!;
    await waitForJob(core, chatJob.id);
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [
        { id: 'x', start: 50, end: 62, label: 'late one' },
        { id: 'y', start: 13, end: 19 },
      ],
    });
    const out = join(await mkdtemp(join(world.dir, 'out-')), 'vod.mp4');
    const done = await waitForJob(core, (await core.api.startExport({ projectId: project.id, outPath: out, mode: 'accurate', chapters: true, sideFiles: true })).id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect((await probeChapters(out)).map((c) => [c.startMs, c.endMs, c.title])).toEqual([
      [0, 12_000, 'late one'],
      [12_000, 18_000, 'Highlight 2'],
    ]);
    expect(await readFile(out.replace(/\.mp4$/, '.csv'), 'utf8')).toBe('50,62,late one\r\n13,19,\r\n');
    const files = await readdir(join(out, '..'));
    expect(files.sort()).toEqual(['vod.chapters.txt', 'vod.csv', 'vod.json', 'vod.mp4']);
    expect((await core.api.openProject({ projectId: project.id })).twitch!.video).toBe('none');
  });
});
