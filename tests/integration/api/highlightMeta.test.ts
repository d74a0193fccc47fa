// What the detector says about a range (tags, evidence) and the target reel length survive saves,
// reloads and clients that do not know about them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import type { Evidence, Project } from '../../../preload/contract';
import { makeWorkspace, openCore, type TestWorkspace } from '../../fixtures/core';

const evidence: Evidence = {
  peakSec: 52,
  messages: 96,
  chatters: 40,
  ratio: 12.5,
  topEmotes: [{ name: 'KEKW', count: 30 }],
  sampleMessages: ['KEKW KEKW', '<b>not html</b>'],
};

describe('highlight tags, evidence and the target reel length', () => {
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

  it('stores tags and evidence, and keeps them when a client saves without them', async () => {
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [
        { id: 'a', start: 40, end: 60, score: 9, origin: 'auto', edited: false, tags: ['funny'], evidence },
        { id: 'm', start: 100, end: 110 },
      ],
    });
    let saved = (await core.api.openProject({ projectId: project.id })).highlights;
    expect(saved.find((h) => h.id === 'a')).toMatchObject({ tags: ['funny'], evidence });
    expect(saved.find((h) => h.id === 'm')).toMatchObject({ tags: [], evidence: null, origin: 'manual' });

    // An edit from a client that sends only the range: what the detector said stays.
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [
        { id: 'a', start: 38, end: 60, score: 9, origin: 'auto', edited: true },
        { id: 'm', start: 100, end: 112 },
      ],
    });
    saved = (await core.api.openProject({ projectId: project.id })).highlights;
    expect(saved.find((h) => h.id === 'a')).toMatchObject({ start: 38, edited: true, tags: ['funny'], evidence });

    // Sent explicitly, they are replaced.
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [{ id: 'a', start: 38, end: 60, score: 9, origin: 'auto', edited: true, tags: [], evidence: null }],
    });
    saved = (await core.api.openProject({ projectId: project.id })).highlights;
    expect(saved).toEqual([expect.objectContaining({ id: 'a', tags: [], evidence: null })]);
  });

  it('keeps the target reel length with the project; proposals fit in what the user ranges leave', async () => {
    await core.api.saveHighlights({ projectId: project.id, highlights: [{ id: 'mine', start: 0, end: 10 }] });
    const limited = await core.api.detect({ projectId: project.id, sensitivity: 1, targetReelSec: 30 });
    expect(limited.detector).toEqual({ sensitivity: 1, targetReelSec: 30 });
    const total = limited.highlights.reduce((sum, h) => sum + (h.end - h.start), 0);
    expect(total).toBeLessThanOrEqual(30 + 1e-6);
    expect(limited.highlights.find((h) => h.id === 'mine')).toMatchObject({ start: 0, end: 10 });

    // Omitted: the stored target applies again; null removes it.
    const again = await core.api.detect({ projectId: project.id, sensitivity: 1 });
    expect(again.detector.targetReelSec).toBe(30);
    const unlimited = await core.api.detect({ projectId: project.id, sensitivity: 1, targetReelSec: null });
    expect(unlimited.detector.targetReelSec).toBeNull();
    expect(unlimited.highlights.filter((h) => h.origin === 'auto').length).toBeGreaterThanOrEqual(
      limited.highlights.filter((h) => h.origin === 'auto').length,
    );
    await expect(core.api.detect({ projectId: project.id, sensitivity: 1, targetReelSec: 2 })).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
  });
});
