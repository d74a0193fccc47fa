import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Highlight } from '../../../preload/contract';
import { openLibrary, type Library } from '../../../main/core/library/openLibrary';

let dir: string;
let lib: Library;
let projectId: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hl-highlights-'));
  lib = openLibrary(dir);
  const media = lib.media.upsert(
    join(dir, 'vod.mp4'),
    { durationSec: 600, sizeBytes: 1, formatName: 'mp4', video: null, audio: null },
    { size: 1, mtimeMs: 1 },
  );
  projectId = lib.projects.create({ name: 'vod', mediaId: media.id }).id;
});
afterEach(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

const h = (id: string, start: number, end: number, extra: Partial<Highlight> = {}): Highlight => ({
  id,
  start,
  end,
  score: 0,
  origin: 'manual',
  edited: true,
  tags: [],
  evidence: null,
  label: '',
  ...extra,
});

describe('library.highlights', () => {
  it('round-trips every field, listed in the order saved (the reel order), not by time', () => {
    const saved = [
      h('late', 300.25, 320.5, { score: 0.75, origin: 'auto', edited: false, label: 'the clutch' }),
      h('early', 10, 25.125, { score: 2.5, origin: 'auto', edited: true, tags: ['hype'] }),
      h('middle', 100, 130, { label: 'chat goes wild 🎉' }),
    ];
    lib.highlights.replaceAll(projectId, saved);
    expect(lib.highlights.list(projectId)).toEqual(saved);
    lib.highlights.replaceAll(projectId, [saved[1]!, saved[2]!, saved[0]!]);
    expect(lib.highlights.list(projectId).map((x) => x.id)).toEqual(['early', 'middle', 'late']);
  });

  it('stores the given order as the reel order and empty tags', () => {
    lib.highlights.replaceAll(projectId, [h('b', 50, 60), h('a', 10, 20)]);
    const rows = lib.db
      .prepare<[number], { id: string; position: number; tags: string }>(
        'SELECT id, position, tags FROM highlights WHERE project_id = ? ORDER BY position',
      )
      .all(projectId);
    expect(rows).toEqual([
      { id: 'b', position: 0, tags: '[]' },
      { id: 'a', position: 1, tags: '[]' },
    ]);
  });

  it('replaces the whole list', () => {
    lib.highlights.replaceAll(projectId, [h('a', 1, 2), h('b', 3, 4)]);
    lib.highlights.replaceAll(projectId, [h('c', 5, 6)]);
    expect(lib.highlights.list(projectId).map((x) => x.id)).toEqual(['c']);
    lib.highlights.replaceAll(projectId, []);
    expect(lib.highlights.list(projectId)).toEqual([]);
  });

  it('keeps the previous list when a save is refused (duplicate ids)', () => {
    lib.highlights.replaceAll(projectId, [h('a', 1, 2)]);
    expect(() => lib.highlights.replaceAll(projectId, [h('x', 1, 2), h('x', 3, 4)])).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENTS' }) as unknown as Error,
    );
    expect(lib.highlights.list(projectId).map((x) => x.id)).toEqual(['a']);
  });

  it('refuses an unknown project with NOT_FOUND', () => {
    expect(() => lib.highlights.replaceAll(projectId + 1, [h('a', 1, 2)])).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error,
    );
  });

  it('lets two projects use the same highlight ids', () => {
    const other = lib.projects.create({ name: 'other', mediaId: lib.projects.get(projectId)!.mediaId }).id;
    lib.highlights.replaceAll(projectId, [h('a', 1, 2)]);
    lib.highlights.replaceAll(other, [h('a', 7, 8)]);
    expect(lib.highlights.list(projectId)[0]?.start).toBe(1);
    expect(lib.highlights.list(other)[0]?.start).toBe(7);
  });
});
