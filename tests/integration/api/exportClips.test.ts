// "Separate clips": each range exported as a file of its own, named after the export path, cut like a
// one-range reel (exact in accurate mode, on keyframes in fast mode); all of the set or none of it.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Project } from '../../../preload/contract';
import type { Core } from '../../../main/core';
import { clipPaths } from '../../../main/core/media/exportClips';
import { makeWorkspace, openCore, probeFile, waitForJob, type TestWorkspace } from '../../fixtures/core';

const FRAME = 1 / 30;
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

const RANGES = [
  { id: 'a', start: 3.5, end: 9.25 },
  { id: 'b', start: 30.1, end: 41.7 },
  { id: 'c', start: 120, end: 127.4 },
];

describe('export as separate clips', () => {
  it('writes one exact file per range in accurate mode, named -01, -02, … after the export path', async () => {
    await core.api.saveHighlights({ projectId: project.id, highlights: RANGES });
    const outPath = join(ws.dir, 'moments.mp4');
    const updates: Job[] = [];
    const job = await core.api.startExport({ projectId: project.id, outPath, mode: 'accurate', layout: 'clips' });
    expect(job.title).toBe(`Export 3 clips ${join(ws.dir, 'moments-01.mp4')} … moments-03.mp4`);
    const done = await waitForJob(core, job.id, (j) => updates.push(j));
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const paths = ['moments-01.mp4', 'moments-02.mp4', 'moments-03.mp4'].map((name) => join(ws.dir, name));
    expect(done.result).toMatchObject({ outPath: paths[0], outPaths: paths });
    for (const [i, path] of paths.entries()) {
      const probed = await probeFile(path);
      const length = RANGES[i]!.end - RANGES[i]!.start;
      expect(Math.abs(probed.durationSec - length)).toBeLessThanOrEqual(FRAME + 1e-3);
      expect(Math.abs(probed.videoFrames - Math.round(length * 30))).toBeLessThanOrEqual(1);
    }
    expect(existsSync(outPath)).toBe(false);
    // Progress runs over the whole set, clip by clip.
    const details = updates.map((j) => j.progress.detail).filter((d): d is string => typeof d === 'string');
    expect(details).toContain('clip 3 of 3');
    const fractions = updates.filter((j) => j.state === 'running').map((j) => j.progress.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
  });

  it('cuts each clip on keyframes in fast mode, as planned', async () => {
    const plan = await core.api.planExport({ projectId: project.id, mode: 'fast' });
    const outPath = join(ws.dir, 'fast.mp4');
    const done = await waitForJob(core, (await core.api.startExport({ projectId: project.id, outPath, mode: 'fast', layout: 'clips' })).id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    for (const [i, path] of clipPaths(outPath, 3).entries()) {
      const r = plan.ranges[i]!;
      expect(Math.abs((await probeFile(path)).durationSec - (r.cutEnd - r.cutStart))).toBeLessThanOrEqual(0.1);
    }
  });

  it('cancelled half-way, leaves none of the set behind', async () => {
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [
        { id: 'x', start: 1, end: 20 },
        { id: 'y', start: 40, end: 190 },
      ],
    });
    const outPath = join(ws.dir, 'halfway.mp4');
    const job = await core.api.startExport({ projectId: project.id, outPath, mode: 'accurate', layout: 'clips' });
    let cancelling: Promise<Job> | null = null;
    // Cancel while the second (long) clip is being written: the first one is complete by then.
    const finished = waitForJob(core, job.id, (j) => {
      if (!cancelling && j.state === 'running' && j.progress.detail === 'clip 2 of 2') cancelling = core.api.cancelJob({ jobId: job.id });
    });
    expect((await finished).state).toBe('cancelled');
    expect(cancelling).not.toBeNull();
    expect((await readdir(ws.dir)).filter((f) => f.includes('halfway'))).toEqual([]);
  });
});

describe('clipPaths', () => {
  it('numbers the clips with at least two digits, more when there are 100 or more', () => {
    expect(clipPaths('/out/reel.mp4', 2)).toEqual(['/out/reel-01.mp4', '/out/reel-02.mp4']);
    expect(clipPaths('/out/reel.mkv', 120)[119]).toBe('/out/reel-120.mkv');
    expect(clipPaths('/out/reel.mkv', 120)[0]).toBe('/out/reel-001.mkv');
  });

  it('adds the slug of a clip’s label after its number', () => {
    expect(clipPaths('/out/reel.mp4', 2, ['The Clutch!', ''])).toEqual(['/out/reel-01-the-clutch.mp4', '/out/reel-02.mp4']);
  });
});
