// getHeatmap through the core API: a local video without chat gets its heatmap from the audio (as a job,
// cached, cancellable), one without audio gets none, and a project with chat keeps the chat heatmap.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import { AUDIO_HEATMAP_JOB } from '../../../main/core/api/chat';
import { requireFfmpeg } from '../../../main/core/media/ffmpegPaths';
import { makeWorkspace, openCore, type TestWorkspace } from '../../fixtures/core';

const run = promisify(execFile);
const { ffmpegPath } = requireFfmpeg();

const DURATION = 60;
const BURSTS = [15, 40];

/** A small video; its audio is quiet noise with 3 s loud bursts, silence, or absent. */
async function makeVideo(path: string, audio: 'bursts' | 'silent' | 'none'): Promise<void> {
  const d = String(DURATION);
  const loud = BURSTS.map((b) => `between(t,${b},${b + 2.999})`).join('+');
  const graph =
    audio === 'bursts'
      ? `anoisesrc=color=pink:amplitude=0.5:sample_rate=48000:seed=9:duration=${d},volume='if(${loud},1,0.03)':eval=frame`
      : audio === 'silent'
        ? `anullsrc=channel_layout=stereo:sample_rate=48000,atrim=duration=${d}`
        : null;
  await run(ffmpegPath, [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `color=c=gray:size=64x36:rate=5:duration=${d}`,
    ...(graph ? ['-f', 'lavfi', '-i', graph, '-c:a', 'aac', '-b:a', '96k'] : []),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-t', d, path,
  ]);
}

describe('getHeatmap', () => {
  let dir: string;
  let core: Core;
  const video = (name: string) => join(dir, name);
  const audioJobs = async () => (await core.api.listJobs({})).filter((job) => job.kind === AUDIO_HEATMAP_JOB);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hl-heatmap-'));
    await Promise.all([
      makeVideo(video('bursts.mp4'), 'bursts'),
      makeVideo(video('bursts2.mp4'), 'bursts'),
      makeVideo(video('silent.mp4'), 'silent'),
      makeVideo(video('noaudio.mp4'), 'none'),
    ]);
    core = await openCore(join(dir, 'library'));
  });

  afterAll(async () => {
    await core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws a local video without chat from its audio, peaking at the loud moments, once', async () => {
    const project = await core.api.openLocal({ videoPath: video('bursts.mp4') });
    expect(project.chat).toBeNull();
    // Two calls at once share one analysis.
    const [heatmap, again] = await Promise.all([
      core.api.getHeatmap({ projectId: project.id }),
      core.api.getHeatmap({ projectId: project.id }),
    ]);
    expect(heatmap).not.toBeNull();
    expect(again).toBe(heatmap);
    expect(heatmap!.source).toBe('audio');
    expect(heatmap!.binSec).toBe(1);
    expect(heatmap!.values.length).toBe(DURATION);
    expect(heatmap!.max).toBe(Math.max(...heatmap!.values));
    for (const b of BURSTS) {
      const around = heatmap!.values.slice(b - 5, b + 8);
      const peak = b - 5 + around.indexOf(Math.max(...around));
      expect(peak, `peak of the burst at ${b}`).toBeGreaterThanOrEqual(b);
      expect(peak).toBeLessThan(b + 3);
      expect(heatmap!.values[peak]!).toBeGreaterThan(15);
    }
    expect(heatmap!.values[5]!).toBeLessThan(1);
    expect(heatmap!.values[28]!).toBeLessThan(1);

    // It ran as one job for this project, and a later call is answered from the cache.
    const jobs = await audioJobs();
    expect(jobs.map((j) => [j.projectId, j.state])).toEqual([[project.id, 'done']]);
    expect(await core.api.getHeatmap({ projectId: project.id })).toBe(heatmap);
    expect(await audioJobs()).toHaveLength(1);
  });

  it('gives a silent video a flat heatmap', async () => {
    const project = await core.api.openLocal({ videoPath: video('silent.mp4') });
    const heatmap = await core.api.getHeatmap({ projectId: project.id });
    expect(heatmap).toMatchObject({ source: 'audio', max: 0 });
    expect(heatmap!.values.length).toBe(DURATION);
    expect(heatmap!.values.every((v) => v === 0)).toBe(true);
  });

  it('gives a video with neither chat nor audio no heatmap, without starting a job', async () => {
    const project = await core.api.openLocal({ videoPath: video('noaudio.mp4') });
    expect(project.media.probe.audio).toBeNull();
    const before = (await audioJobs()).length;
    expect(await core.api.getHeatmap({ projectId: project.id })).toBeNull();
    expect(await audioJobs()).toHaveLength(before);
  });

  it('resolves null when its job is cancelled, and analyses again on the next call', async () => {
    const project = await core.api.openLocal({ videoPath: video('bursts2.mp4') });
    const off = core.events.on('job', (job) => {
      if (job.kind === AUDIO_HEATMAP_JOB && job.projectId === project.id && job.state === 'queued') {
        void core.api.cancelJob({ jobId: job.id });
      }
    });
    try {
      expect(await core.api.getHeatmap({ projectId: project.id })).toBeNull();
    } finally {
      off();
    }
    const mine = async () => (await audioJobs()).filter((job) => job.projectId === project.id);
    expect((await mine()).map((j) => j.state)).toEqual(['cancelled']);
    const heatmap = await core.api.getHeatmap({ projectId: project.id });
    expect(heatmap?.source).toBe('audio');
    expect(heatmap!.max).toBeGreaterThan(15);
    expect((await mine()).map((j) => j.state).sort()).toEqual(['cancelled', 'done']);
  });
});

describe('getHeatmap with chat', () => {
  let ws: TestWorkspace;
  let core: Core;

  beforeAll(async () => {
    ws = await makeWorkspace();
    core = await openCore(ws.dataDir);
  });

  afterAll(async () => {
    await core?.close();
    await ws?.cleanup();
  });

  it('keeps the chat heatmap for a project with chat, even though its video has audio', async () => {
    const project = await core.api.openLocal({ videoPath: ws.videoPath });
    expect(project.chat).not.toBeNull();
    expect(project.media.probe.audio).not.toBeNull();
    const heatmap = await core.api.getHeatmap({ projectId: project.id });
    expect(heatmap?.source).toBe('chat');
    expect(heatmap!.max).toBeGreaterThan(0);
    expect((await core.api.listJobs({})).some((job) => job.kind === AUDIO_HEATMAP_JOB)).toBe(false);
  });
});
