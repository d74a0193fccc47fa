// Deleting a project's rows: everything that hangs off it goes, its video's row only when no other
// project uses it, and nothing of another project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Probe } from '../../../preload/contract';
import { openLibrary, type Library } from '../../../main/core/library/openLibrary';

const probe: Probe = { durationSec: 600, sizeBytes: 1, formatName: 'mp4', video: null, audio: null };

let dir: string;
let lib: Library;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hl-removal-'));
  lib = openLibrary(dir);
});
afterEach(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string) => lib.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

function projectWithEverything(videoName: string) {
  const media = lib.media.upsert(join(dir, videoName), probe, { size: 1, mtimeMs: 1 });
  const project = lib.projects.create({ name: videoName, mediaId: media.id });
  lib.highlights.replaceAll(project.id, [{ id: 'a', start: 1, end: 5, score: 0, origin: 'manual', edited: true, tags: [], evidence: null, label: 'x' }]);
  const importId = lib.chat.beginImport(project.id, { path: '/chat.json', format: 'f' });
  lib.chat.appendBatch(importId, Array.from({ length: 25_000 }, (_, i) => ({ offsetSec: i / 100, author: 'a', text: 'hi', emotes: [] })));
  lib.chat.finishImport(importId, { skipped: 0 });
  lib.chatFeatures.set(importId, { v: 1 });
  const job = lib.jobs.create({ kind: 'export', title: 'Export', projectId: project.id, params: {}, createdAt: new Date().toISOString() });
  lib.jobs.save({ ...job, state: 'done' });
  lib.projects.setView(project.id, { playheadSec: 1, zoom: 1, scrollSec: 0, selectedId: null });
  return { media, project };
}

describe('removeProjectRows', () => {
  it('deletes the project, its ranges, chat, features and jobs, and its video row; another project keeps all of its own', async () => {
    const { media, project } = projectWithEverything('a.mp4');
    const other = projectWithEverything('b.mp4');
    // The chat's rows go first, in the background's small steps.
    lib.chat.discardAll(project.id);
    expect(lib.chat.info(project.id)).toBeNull();
    await lib.chat.whenCleanedUp();
    expect(lib.removeProjectRows(project.id)).toEqual({ mediaId: media.id, mediaRemoved: true });
    expect(lib.projects.get(project.id)).toBeNull();
    expect(lib.media.get(media.id)).toBeNull();
    expect(lib.highlights.list(project.id)).toEqual([]);
    expect(count('chat_messages')).toBe(25_000);
    expect(count('chat_imports')).toBe(1);
    expect(count('chat_features')).toBe(1);
    expect(lib.jobs.list().map((j) => j.projectId)).toEqual([other.project.id]);
    expect(lib.chat.info(other.project.id)?.messageCount).toBe(25_000);
    expect(lib.highlights.list(other.project.id)).toHaveLength(1);
  });

  it('keeps the video row while another project uses it, and refuses an unknown project', () => {
    const { media, project } = projectWithEverything('a.mp4');
    const second = lib.projects.create({ name: 'again', mediaId: media.id });
    expect(lib.projects.otherVideoPaths(project.id)).toEqual([join(dir, 'a.mp4')]);
    expect(lib.removeProjectRows(project.id)).toEqual({ mediaId: media.id, mediaRemoved: false });
    expect(lib.media.get(media.id)).not.toBeNull();
    expect(lib.projects.get(second.id)).not.toBeNull();
    expect(() => lib.removeProjectRows(project.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error);
  });
});
