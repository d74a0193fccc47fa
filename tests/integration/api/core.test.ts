// The core end to end through its API, as every shell uses it: real ffmpeg, real SQLite files.
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import type { Job, Project } from '../../../preload/contract';
import { makeWorkspace, openCore, probeFile, waitForJob, type TestWorkspace } from '../../fixtures/core';

const FRAME = 1 / 30;

describe('core API on a local video with its chat', () => {
  let ws: TestWorkspace;
  let core: Core;
  let project: Project;

  beforeAll(async () => {
    ws = await makeWorkspace();
    core = await openCore(ws.dataDir);
    project = await core.api.openLocal({ videoPath: ws.videoPath });
  });

  afterAll(async () => {
    await core?.close();
    await ws?.cleanup();
  });

  it('probes the video and finds and imports the chat next to it', () => {
    expect(project.media.probe.durationSec).toBeCloseTo(ws.durationSec, 0);
    expect(project.media.probe.video?.fps).toBeCloseTo(30, 1);
    expect(project.media.probe.video?.keyframeIntervalSec).toBeCloseTo(2, 1);
    expect(project.chat?.path).toBe(ws.chatPath);
    expect(project.chat?.format).toMatch(/twitch/i);
    expect(project.chat?.messageCount).toBeGreaterThan(100);
  });

  it('proposes highlights that start before each chat burst and stay inside the video', () => {
    expect(project.highlights.length).toBeGreaterThanOrEqual(ws.bursts.length);
    for (const burst of ws.bursts) {
      const covering = project.highlights.find((h) => h.start < burst && h.end > burst - 30);
      expect(covering, `a proposal for the burst at ${burst}s`).toBeDefined();
    }
    const sorted = [...project.highlights].sort((a, b) => a.start - b.start);
    sorted.forEach((h, i) => {
      expect(h.start).toBeGreaterThanOrEqual(0);
      expect(h.end).toBeLessThanOrEqual(project.media.probe.durationSec + 1e-6);
      expect(h.end - h.start).toBeGreaterThanOrEqual(15 - 1e-6);
      expect(h.end - h.start).toBeLessThanOrEqual(60 + 1e-6);
      if (i > 0) expect(h.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
      expect(h.origin).toBe('auto');
    });
  });

  it('draws a heatmap across the whole video with the bursts on it', async () => {
    const heatmap = await core.api.getHeatmap({ projectId: project.id });
    expect(heatmap).not.toBeNull();
    expect(heatmap!.values.length * heatmap!.binSec).toBeGreaterThanOrEqual(ws.durationSec - heatmap!.binSec);
    const at = (sec: number) => heatmap!.values[Math.floor(sec / heatmap!.binSec)]!;
    expect(at(ws.bursts[0]! + 4)).toBeGreaterThan(at(10) * 3);
    expect(heatmap!.max).toBe(Math.max(...heatmap!.values));
  });

  it('saves edits so that a reopened library shows the same ranges', async () => {
    const edited = [
      { id: 'a', start: 10, end: 25, origin: 'manual' as const },
      { id: 'b', start: 20, end: 40 },
      { id: 'c', start: 100, end: 900 },
    ];
    const saved = await core.api.saveHighlights({ projectId: project.id, highlights: edited });
    // Overlaps are trimmed, ranges clamped into the video.
    expect(saved.map((h) => [h.id, h.start, h.end])).toEqual([
      ['a', 10, 25],
      ['b', 25, 40],
      ['c', 100, project.media.probe.durationSec],
    ]);
    await core.close();
    core = await openCore(ws.dataDir);
    const reopened = await core.api.openProject({ projectId: project.id });
    expect(reopened.highlights.map((h) => [h.id, h.start, h.end])).toEqual(saved.map((h) => [h.id, h.start, h.end]));
    expect((await core.api.listProjects()).map((p) => p.id)).toContain(project.id);
  });

  it('keeps manual ranges when detection runs again', async () => {
    const again = await core.api.detect({ projectId: project.id, sensitivity: 0.8 });
    const manual = again.highlights.find((h) => h.id === 'a');
    expect(manual).toMatchObject({ start: 10, end: 25 });
    expect(again.detector.sensitivity).toBe(0.8);
  });

  it('refuses bad arguments and missing files with specific errors', async () => {
    await expect(core.api.detect({ projectId: project.id, sensitivity: 3 })).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    await expect(core.api.openLocal({ videoPath: join(ws.dir, 'nope.mp4') })).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' });
    await expect(core.api.openProject({ projectId: 9999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a file that is not chat and keeps the chat it had', async () => {
    const bogus = join(ws.dir, 'notes.json');
    await writeFile(bogus, JSON.stringify({ hello: 'world' }));
    const before = (await core.api.openProject({ projectId: project.id })).chat;
    await expect(core.api.importChat({ projectId: project.id, chatPath: bogus })).rejects.toMatchObject({ code: 'CHAT_FORMAT_UNKNOWN' });
    expect((await core.api.openProject({ projectId: project.id })).chat).toEqual(before);
  });

  it('exports the ranges in accurate mode to the exact summed length, as a job with progress', async () => {
    const ranges = [
      { id: 'r1', start: 3.5, end: 9.25 },
      { id: 'r2', start: 30.1, end: 41.7 },
    ];
    await core.api.saveHighlights({ projectId: project.id, highlights: ranges });
    const outPath = join(ws.dir, 'reel.mp4');
    const updates: Job[] = [];
    const job = await core.api.startExport({ projectId: project.id, outPath, mode: 'accurate' });
    const done = await waitForJob(core, job.id, (j) => updates.push(j));
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect(updates.some((j) => j.state === 'running')).toBe(true);
    const expected = ranges.reduce((sum, r) => sum + (r.end - r.start), 0);
    const probed = await probeFile(outPath);
    expect(Math.abs(probed.durationSec - expected)).toBeLessThanOrEqual(FRAME + 1e-3);
    expect(Math.abs(probed.videoFrames - Math.round(expected * 30))).toBeLessThanOrEqual(1);
    const listed = await core.api.listJobs();
    expect(listed.find((j) => j.id === job.id)?.state).toBe('done');
  });

  it('plans fast mode on keyframes and says how far each boundary moved', async () => {
    const plan = await core.api.planExport({ projectId: project.id, mode: 'fast' });
    for (const r of plan.ranges) {
      expect(r.cutStart).toBeLessThanOrEqual(r.start);
      expect(r.cutEnd).toBeGreaterThanOrEqual(r.end);
      expect(r.cutStart % 2).toBeCloseTo(0, 2); // keyframe every 2 s
    }
  });

  it('cancels an export and leaves nothing at the target', async () => {
    await core.api.saveHighlights({ projectId: project.id, highlights: [{ id: 'long', start: 0, end: 190 }] });
    const outPath = join(ws.dir, 'cancelled.mp4');
    const job = await core.api.startExport({ projectId: project.id, outPath, mode: 'accurate' });
    let cancelling: Promise<Job> | null = null;
    // Cancel once ffmpeg is really writing, not while the job is still queued.
    const finished = waitForJob(core, job.id, (j) => {
      if (!cancelling && j.state === 'running' && j.progress.fraction > 0) cancelling = core.api.cancelJob({ jobId: job.id });
    });
    expect((await finished).state).toBe('cancelled');
    expect(cancelling).not.toBeNull();
    expect(existsSync(outPath)).toBe(false);
    expect((await readdir(ws.dir)).filter((f) => f.includes('cancelled'))).toEqual([]);
  });
});

describe('opening a video whose chat file beside it is broken', () => {
  it('opens the video without chat and says why', async () => {
    const ws = await makeWorkspace({ durationSec: 60, bursts: [30] });
    const core = await openCore(ws.dataDir);
    try {
      await writeFile(ws.chatPath, '{"comments":[{"_id":"1","content_offset_seconds":3,"message":{"bo');
      const project = await core.api.openLocal({ videoPath: ws.videoPath });
      expect(project.chat).toBeNull();
      expect(project.highlights).toEqual([]);
      expect(project.warnings).toHaveLength(1);
      expect(project.warnings[0]).toMatch(/chat file next to the video was not imported: .*truncated/i);
      // Asked for by path, the same file is an error.
      await expect(core.api.openLocal({ videoPath: ws.videoPath, chatPath: ws.chatPath })).rejects.toMatchObject({ code: 'CHAT_UNREADABLE' });
    } finally {
      await core.close();
      await ws.cleanup();
    }
  });
});
