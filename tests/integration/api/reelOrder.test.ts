// The reel plays the ranges in the list's order (the order the user saved), not in time order: a
// time-coded source (each frame's brightness and the audio's loudness say which second of the source
// it is) is exported with its ranges saved as [C, A, B], C the latest, and read back frame by frame.
// Re-detection keeps the order of the ranges it keeps, and their labels.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import type { ExportLayout, ExportMode, Highlight, HighlightInput, Project } from '../../../preload/contract';
import { clipPaths } from '../../../main/core/media/exportClips';
import { makeWorkspace, openCore, waitForJob, type TestWorkspace } from '../../fixtures/core';
import { makeTimeCodedVideo, sourceTimeOfAudio, sourceTimesOfFrames, TIME_CODED_FPS } from '../../fixtures/timeCodedVideo';

interface Run {
  from: number;
  to: number;
  frames: number;
}

/** The stretches of the source a file plays, in its order: a jump of more than a second starts a new one. */
function runsOf(times: readonly number[]): Run[] {
  const runs: Run[] = [];
  times.forEach((t, i) => {
    const last = runs.at(-1);
    if (last && i > 0 && Math.abs(t - times[i - 1]!) < 1) {
      last.to = t;
      last.frames++;
    } else {
      runs.push({ from: t, to: t, frames: 1 });
    }
  });
  return runs;
}

/**
 * A file plays exactly these source spans, in this order, every frame once: the brightness is
 * quantised to 1/6 s, so the first and last frame of a run are known to that, and its frame count
 * exactly (±1 for a span that does not start on a frame).
 */
async function expectPlays(path: string, spans: readonly { from: number; to: number }[]): Promise<void> {
  const runs = runsOf(await sourceTimesOfFrames(path));
  expect(runs.length, JSON.stringify(runs)).toBe(spans.length);
  runs.forEach((run, i) => {
    const span = spans[i]!;
    expect(Math.abs(run.from - span.from), `run ${i + 1} starts at ${run.from}, not ${span.from}`).toBeLessThanOrEqual(0.2);
    expect(Math.abs(run.to - (span.to - 1 / TIME_CODED_FPS)), `run ${i + 1} ends at ${run.to}, not ${span.to}`).toBeLessThanOrEqual(0.2);
    expect(Math.abs(run.frames - (span.to - span.from) * TIME_CODED_FPS)).toBeLessThanOrEqual(1);
  });
  // The sound follows the picture: the middle of each span in the reel comes from the middle of it in the source.
  let at = 0;
  for (const span of spans) {
    const length = span.to - span.from;
    expect(Math.abs((await sourceTimeOfAudio(path, at + length / 2 - 0.25)) - (span.from + length / 2 - 0.25))).toBeLessThan(1.5);
    at += length;
  }
}

describe('reel order on a time-coded video', () => {
  let dir: string;
  let core: Core;
  let project: Project;
  const A = { id: 'a', start: 4.2, end: 8.5 };
  const B = { id: 'b', start: 14.1, end: 19 };
  const C = { id: 'c', start: 26.3, end: 31 };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hl-reel-order-'));
    const videoPath = join(dir, 'timecoded.mp4');
    await copyFile(await makeTimeCodedVideo(), videoPath);
    core = await openCore(join(dir, 'library'));
    project = await core.api.openLocal({ videoPath });
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function exportDone(outPath: string, mode: ExportMode, layout: ExportLayout) {
    const job = await waitForJob(core, (await core.api.startExport({ projectId: project.id, outPath, mode, layout })).id);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    return job.result as { commandLines: string[] };
  }

  it('lists and plans the ranges in the order saved', async () => {
    const saved = await core.api.saveHighlights({ projectId: project.id, highlights: [C, A, B] });
    expect(saved.map((h) => h.id)).toEqual(['c', 'a', 'b']);
    expect((await core.api.openProject({ projectId: project.id })).highlights.map((h) => h.id)).toEqual(['c', 'a', 'b']);
    const plan = await core.api.planExport({ projectId: project.id, mode: 'fast' });
    // 2 s GOPs: each cut widens to the even seconds around it.
    expect(plan.ranges.map((r) => [r.start, r.cutStart, r.cutEnd])).toEqual([
      [26.3, 26, 32],
      [4.2, 4, 10],
      [14.1, 14, 20],
    ]);
  });

  it('accurate reel: plays C, then A, then B, frame-exact', async () => {
    const out = join(dir, 'accurate.mp4');
    await exportDone(out, 'accurate', 'reel');
    await expectPlays(out, [C, A, B].map((r) => ({ from: r.start, to: r.end })));
  });

  it('fast reel: plays the keyframe cuts of C, then A, then B, in one stream-copy run', async () => {
    const out = join(dir, 'fast.mp4');
    const result = await exportDone(out, 'fast', 'reel');
    expect(result.commandLines).toHaveLength(1);
    await expectPlays(out, [
      { from: 26, to: 32 },
      { from: 4, to: 10 },
      { from: 14, to: 20 },
    ]);
  });

  it.each(['accurate', 'fast'] as const)('%s clips: numbered in the list order', async (mode) => {
    const out = join(dir, `clips-${mode}.mp4`);
    await exportDone(out, mode, 'clips');
    const spans = mode === 'accurate' ? [C, A, B].map((r) => ({ from: r.start, to: r.end })) : [{ from: 26, to: 32 }, { from: 4, to: 10 }, { from: 14, to: 20 }];
    for (const [i, path] of clipPaths(out, 3).entries()) await expectPlays(path, [spans[i]!]);
  });

  it('fast reel in time order plays them in time order', async () => {
    await core.api.saveHighlights({ projectId: project.id, highlights: [A, B, C] });
    const out = join(dir, 'fast-in-time.mp4');
    const result = await exportDone(out, 'fast', 'reel');
    expect(result.commandLines).toHaveLength(1);
    await expectPlays(out, [
      { from: 4, to: 10 },
      { from: 14, to: 20 },
      { from: 26, to: 32 },
    ]);
  });
});

describe('re-detection and the reel order', () => {
  let ws: TestWorkspace;
  let core: Core;
  let project: Project;

  beforeAll(async () => {
    ws = await makeWorkspace({ durationSec: 200, bursts: [40, 170] });
    core = await openCore(ws.dataDir);
    project = await core.api.openLocal({ videoPath: ws.videoPath });
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await ws?.cleanup();
  });

  const input = (h: Highlight, extra: Partial<HighlightInput> = {}): HighlightInput => ({ ...h, ...extra });
  const overlaps = (a: Highlight, b: Highlight) => a.start < b.end && b.start < a.end;

  it('keeps a reordered list (labels too) in its order and adds new proposals after it, in time order', async () => {
    const proposals = (await core.api.detect({ projectId: project.id, sensitivity: 0.5, targetReelSec: null })).highlights;
    const first = proposals.find((h) => h.start < 40 && h.end > 30)!;
    expect(first).toBeDefined();
    // A proposal only named (not moved) counts as the user's.
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [{ id: 'late', start: 120, end: 130, label: '  the\nending ' }, input(first, { label: 'named' }), { id: 'early', start: 5, end: 15 }],
    });
    const after = (await core.api.detect({ projectId: project.id, sensitivity: 0.5 })).highlights;
    expect(after.slice(0, 3).map((h) => [h.id, h.label])).toEqual([
      ['late', 'the ending'],
      [first.id, 'named'],
      ['early', ''],
    ]);
    const added = after.slice(3);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((h) => h.origin === 'auto' && !h.edited && h.label === '')).toBe(true);
    expect(added.map((h) => h.start)).toEqual([...added.map((h) => h.start)].sort((a, b) => a - b));
    for (const h of added) expect(after.slice(0, 3).some((k) => overlaps(k, h))).toBe(false);
  });

  it('slots new proposals in by time when the kept ranges are in time order', async () => {
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [{ id: 'early', start: 5, end: 15 }, { id: 'late', start: 120, end: 130 }],
    });
    const after = (await core.api.detect({ projectId: project.id, sensitivity: 0.5 })).highlights;
    expect(after.length).toBeGreaterThan(2);
    expect(after.map((h) => h.start)).toEqual([...after.map((h) => h.start)].sort((a, b) => a - b));
    expect(after.filter((h) => h.origin === 'manual').map((h) => h.id)).toEqual(['early', 'late']);
  });

  it('keeps a stored label when a save omits it; a new id gets none', async () => {
    await core.api.saveHighlights({ projectId: project.id, highlights: [{ id: 'x', start: 50, end: 60, label: 'keep me' }] });
    const saved = await core.api.saveHighlights({
      projectId: project.id,
      highlights: [{ id: 'y', start: 70, end: 80 }, { id: 'x', start: 50, end: 61 }],
    });
    expect(saved.map((h) => [h.id, h.label])).toEqual([
      ['y', ''],
      ['x', 'keep me'],
    ]);
    const refused = await core.api
      .saveHighlights({ projectId: project.id, highlights: [{ id: 'z', start: 1, end: 2, label: 'x'.repeat(201) }] })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'BAD_ARGUMENTS' });
  });
});
