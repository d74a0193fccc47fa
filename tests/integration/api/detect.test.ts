// Detection through the core API on a real library: proposals carry tags and the chat that drove them,
// re-detection keeps what the user made, and the target reel length picks the best that fit.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import { CHAT_FEATURES_VERSION } from '../../../main/core/analysis/chatFeatures';
import { DATABASE_FILE } from '../../../main/core/library/openLibrary';
import type { Project } from '../../../preload/contract';
import { makeWorkspace, openCore, type TestWorkspace } from '../../fixtures/core';

const REACTION_EMOTES = ['KEKW', 'LUL', 'PogChamp', 'OMEGALUL', 'monkaS', 'POGGERS'];

describe('detect', () => {
  let ws: TestWorkspace;
  let core: Core;
  let project: Project;

  beforeAll(async () => {
    ws = await makeWorkspace({ durationSec: 420, bursts: [60, 200, 340] });
    core = await openCore(ws.dataDir);
    project = await core.api.openLocal({ videoPath: ws.videoPath });
  });

  afterAll(async () => {
    await core?.close();
    await ws?.cleanup();
  });

  it('proposes each burst with tags and the emotes and messages behind it', async () => {
    const detected = await core.api.detect({ projectId: project.id, sensitivity: 0.5, targetReelSec: null });
    for (const burst of ws.bursts) {
      const h = detected.highlights.find((x) => x.start < burst && x.end > burst - 30);
      expect(h, `a proposal for the burst at ${burst}s`).toBeDefined();
      expect(h!.tags.length).toBeGreaterThan(0);
      expect(h!.evidence).not.toBeNull();
      const e = h!.evidence!;
      expect(Math.abs(e.peakSec - burst)).toBeLessThanOrEqual(10);
      expect(e.chatters).toBeGreaterThan(20);
      expect(e.messages).toBeGreaterThanOrEqual(e.chatters);
      expect(e.ratio).toBeGreaterThan(2);
      expect(REACTION_EMOTES).toContain(e.topEmotes[0]!.name);
      expect(e.sampleMessages.length).toBeGreaterThan(0);
    }
  });

  it('keeps manual and edited ranges through re-detection and replaces only untouched proposals', async () => {
    const before = (await core.api.detect({ projectId: project.id, sensitivity: 0.5, targetReelSec: null })).highlights;
    const middle = ws.bursts[1]!;
    const edited = { ...before.find((h) => h.start < middle && h.end > middle - 30)!, start: middle - 32, edited: true };
    const saved = await core.api.saveHighlights({
      projectId: project.id,
      highlights: [...before.filter((h) => h.id !== edited.id), edited, { id: 'mine', start: 20, end: 40 }],
    });
    const untouched = saved.filter((h) => h.origin === 'auto' && !h.edited).map((h) => h.id);
    for (const sensitivity of [0, 1, 0.5]) {
      const after = (await core.api.detect({ projectId: project.id, sensitivity })).highlights;
      expect(after.find((h) => h.id === 'mine')).toMatchObject({ start: 20, end: 40, origin: 'manual' });
      expect(after.find((h) => h.id === edited.id)).toMatchObject({ start: middle - 32, edited: true, tags: edited.tags, evidence: edited.evidence });
      for (const id of untouched) expect(after.some((h) => h.id === id)).toBe(false);
      for (const h of after.filter((x) => x.origin === 'auto' && !x.edited)) {
        expect(h.end <= 20 || h.start >= 40).toBe(true);
        expect(h.end <= edited.start || h.start >= edited.end).toBe(true);
      }
    }
  });

  it('fits the proposals in the target reel length, best first', async () => {
    await core.api.saveHighlights({ projectId: project.id, highlights: [] });
    const all = (await core.api.detect({ projectId: project.id, sensitivity: 0.5, targetReelSec: null })).highlights;
    const best = [...all].sort((a, b) => b.score - a.score)[0]!;
    const target = Math.ceil(best.end - best.start) + 5;
    const fitted = (await core.api.detect({ projectId: project.id, sensitivity: 0.5, targetReelSec: target })).highlights;
    expect(fitted.reduce((sum, h) => sum + (h.end - h.start), 0)).toBeLessThanOrEqual(target + 1e-6);
    expect(fitted.map((h) => [h.start, h.end])).toContainEqual([best.start, best.end]);
  });
});

describe('detect on a chat imported before the current chat features', () => {
  it('computes the features once from the stored messages, stores them, and proposes the same', async () => {
    const ws = await makeWorkspace({ durationSec: 300, bursts: [60, 200] });
    const core = await openCore(ws.dataDir);
    try {
      const project = await core.api.openLocal({ videoPath: ws.videoPath });
      const fresh = await core.api.detect({ projectId: project.id, sensitivity: 0.5, targetReelSec: null });
      const ranges = (p: Project) => p.highlights.map((h) => [h.start, h.end, h.score, h.tags]);

      // What an older version left: features of a previous version, or none at all.
      const db = new Database(join(ws.dataDir, DATABASE_FILE));
      const stored = () => JSON.parse(db.prepare('SELECT data FROM chat_features').pluck().get() as string) as { version: number };
      try {
        for (const tamper of ["UPDATE chat_features SET data = json_set(data, '$.version', 2)", 'DELETE FROM chat_features']) {
          db.exec(tamper);
          const again = await core.api.detect({ projectId: project.id, sensitivity: 0.5, targetReelSec: null });
          expect(ranges(again)).toEqual(ranges(fresh));
          expect(stored().version).toBe(CHAT_FEATURES_VERSION);
        }
      } finally {
        db.close();
      }
    } finally {
      await core.close();
      await ws.cleanup();
    }
  });
});
