import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Highlight, Probe } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import { openLibrary, type Library } from '../../../main/core/library/openLibrary';

const probe = (durationSec: number): Probe => ({
  durationSec,
  sizeBytes: 1,
  formatName: 'mp4',
  video: { codec: 'h264', width: 2, height: 2, fps: 30, keyframeIntervalSec: 1 },
  audio: null,
});

const highlight = (id: string, start: number): Highlight => ({
  id,
  start,
  end: start + 5,
  score: 1,
  origin: 'auto',
  edited: false,
  tags: [],
  evidence: null,
  label: '',
});

let dir: string;
let lib: Library;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hl-projects-'));
  lib = openLibrary(dir);
});
afterEach(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

function video(name: string, durationSec = 60) {
  return lib.media.upsert(join(dir, name), probe(durationSec), { size: 1, mtimeMs: 1 });
}

describe('library.projects', () => {
  it('creates a project with the default sensitivity and ISO timestamps', () => {
    const media = video('a.mp4');
    const project = lib.projects.create({ name: 'A', mediaId: media.id });
    expect(project).toMatchObject({ name: 'A', mediaId: media.id, sensitivity: 0.5 });
    expect(new Date(project.createdAt).toISOString()).toBe(project.createdAt);
    expect(project.updatedAt).toBe(project.createdAt);
    expect(lib.projects.get(project.id)).toEqual(project);
    expect(lib.projects.get(project.id + 1)).toBeNull();
  });

  it('refuses a project for an unknown video with NOT_FOUND', () => {
    expect(() => lib.projects.create({ name: 'X', mediaId: 999 })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error,
    );
  });

  it('finds the project of a video', () => {
    const a = video('a.mp4');
    const b = video('b.mp4');
    const pa = lib.projects.create({ name: 'A', mediaId: a.id });
    expect(lib.projects.byMedia(a.id)?.id).toBe(pa.id);
    expect(lib.projects.byMedia(b.id)).toBeNull();
  });

  it('lists the most recently updated first, with video, highlight count, ranges length and thumbnail inputs', () => {
    const a = lib.projects.create({ name: 'A', mediaId: video('a.mp4', 100).id });
    const b = lib.projects.create({ name: 'B', mediaId: video('b.mp4', 200).id });
    const c = lib.projects.create({ name: 'C', mediaId: video('c.mp4', 300).id });
    // Created in the same millisecond most likely: the order must still be exact.
    expect(lib.projects.list().map((p) => p.name)).toEqual(['C', 'B', 'A']);

    lib.projects.touch(a.id);
    expect(lib.projects.list().map((p) => p.name)).toEqual(['A', 'C', 'B']);

    lib.projects.setSensitivity(b.id, 0.8);
    expect(lib.projects.list().map((p) => p.name)).toEqual(['B', 'A', 'C']);

    lib.highlights.replaceAll(c.id, [highlight('h1', 1), highlight('h2', 10)]);
    const list = lib.projects.list();
    expect(list.map((p) => p.name)).toEqual(['C', 'B', 'A']);
    expect(list[0]).toEqual({
      id: c.id,
      name: 'C',
      videoPath: join(dir, 'c.mp4'),
      twitchVodId: null,
      durationSec: 300,
      highlightCount: 2,
      rangesLengthSec: 10,
      updatedAt: lib.projects.get(c.id)!.updatedAt,
      mediaSizeBytes: 1,
      mediaMtimeMs: 1,
      firstRangeSec: 1,
      vodVideo: null,
      vodThumbnailUrl: null,
    });
    expect(list[2]).toMatchObject({ highlightCount: 0, rangesLengthSec: 0, firstRangeSec: null });

    // The first range in reel order, not in time.
    lib.highlights.replaceAll(c.id, [highlight('h2', 10), highlight('h1', 1)]);
    expect(lib.projects.list()[0]?.firstRangeSec).toBe(10);
  });

  it('stores the sensitivity and refuses values outside 0..1', () => {
    const p = lib.projects.create({ name: 'A', mediaId: video('a.mp4').id });
    lib.projects.setSensitivity(p.id, 0.25);
    expect(lib.projects.get(p.id)?.sensitivity).toBe(0.25);
    expect(() => lib.projects.setSensitivity(p.id, 1.5)).toThrow(AppError);
    expect(() => lib.projects.setSensitivity(p.id, Number.NaN)).toThrow(AppError);
    expect(lib.projects.get(p.id)?.sensitivity).toBe(0.25);
  });

  it('stores the editor view without moving updatedAt or the list order', async () => {
    const a = lib.projects.create({ name: 'A', mediaId: video('a.mp4').id });
    const b = lib.projects.create({ name: 'B', mediaId: video('b.mp4').id });
    expect(lib.projects.get(a.id)?.view).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const view = { playheadSec: 12.5, zoom: 4, scrollSec: 3, selectedId: 'h1' };
    lib.projects.setView(a.id, view);
    expect(lib.projects.get(a.id)).toMatchObject({ view, updatedAt: a.updatedAt });
    expect(lib.projects.list().map((p) => p.id)).toEqual([b.id, a.id]);
    expect(() => lib.projects.setView(b.id + 1, view)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error);
    // A stored view this version cannot read is no view, not an error.
    lib.db.prepare('UPDATE projects SET view = ? WHERE id = ?').run('{"zoom":"x"}', a.id);
    expect(lib.projects.get(a.id)?.view).toBeNull();
  });

  it('touch moves updatedAt forward and fails for an unknown project', async () => {
    const p = lib.projects.create({ name: 'A', mediaId: video('a.mp4').id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    lib.projects.touch(p.id);
    const touched = lib.projects.get(p.id)!;
    expect(touched.updatedAt > p.updatedAt).toBe(true);
    expect(touched.createdAt).toBe(p.createdAt);
    expect(() => lib.projects.touch(p.id + 1)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error);
  });
});
