import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Probe } from '../../../preload/contract';
import { openLibrary, type Library } from '../../../main/core/library/openLibrary';

function probe(durationSec: number): Probe {
  return {
    durationSec,
    sizeBytes: 5000,
    formatName: 'matroska,webm',
    video: { codec: 'vp9', width: 640, height: 360, fps: 25, keyframeIntervalSec: null },
    audio: null,
  };
}

let dir: string;
let lib: Library;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hl-media-'));
  lib = openLibrary(dir);
});
afterEach(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('library.media', () => {
  it('registers a file with its name and probe', () => {
    const path = join(dir, 'my stream.mkv');
    const media = lib.media.upsert(path, probe(120), { size: 5000, mtimeMs: 1700000000000.5 });
    expect(media).toEqual({ id: media.id, path, name: 'my stream.mkv', probe: probe(120) });
    expect(lib.media.get(media.id)).toEqual(media);
    expect(lib.media.byPath(path)).toEqual(media);
    expect(lib.media.stat(media.id)).toEqual({ size: 5000, mtimeMs: 1700000000000.5 });
  });

  it('is idempotent by absolute path and refreshes probe and stat', () => {
    const path = join(dir, 'a.mp4');
    const first = lib.media.upsert(path, probe(10), { size: 1, mtimeMs: 1 });
    const again = lib.media.upsert(path, probe(20), { size: 2, mtimeMs: 2 });
    expect(again.id).toBe(first.id);
    expect(again.probe.durationSec).toBe(20);
    expect(lib.media.get(first.id)?.probe.durationSec).toBe(20);
    expect(lib.media.stat(first.id)).toEqual({ size: 2, mtimeMs: 2 });
    expect(lib.db.prepare('SELECT COUNT(*) FROM media').pluck().get()).toBe(1);
  });

  it('treats a relative spelling of the same file as the same file', () => {
    const path = join(dir, 'b.mp4');
    const first = lib.media.upsert(path, probe(10), { size: 1, mtimeMs: 1 });
    const rel = relative(process.cwd(), path);
    expect(lib.media.upsert(rel, probe(10), { size: 1, mtimeMs: 1 }).id).toBe(first.id);
    expect(lib.media.byPath(join(dir, '.', 'b.mp4'))?.id).toBe(first.id);
  });

  it('gives different files different ids and answers null for unknown ones', () => {
    const a = lib.media.upsert(join(dir, 'a.mp4'), probe(1), { size: 1, mtimeMs: 1 });
    const b = lib.media.upsert(join(dir, 'b.mp4'), probe(1), { size: 1, mtimeMs: 1 });
    expect(a.id).not.toBe(b.id);
    expect(lib.media.get(b.id + 100)).toBeNull();
    expect(lib.media.byPath(join(dir, 'c.mp4'))).toBeNull();
    expect(lib.media.stat(b.id + 100)).toBeNull();
  });
});
