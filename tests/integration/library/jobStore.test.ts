import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../../main/core/library/openLibrary';

let dir: string;
let lib: Library;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hl-jobstore-'));
  lib = openLibrary(dir);
});
afterEach(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = '2024-05-01T10:00:00.000Z';

describe('library.jobs (job store)', () => {
  it('creates a queued job with its params as JSON', () => {
    const job = lib.jobs.create({ kind: 'export', title: 'Export reel.mp4', projectId: null, params: { out: '/r.mp4', n: [1, 2] }, createdAt: at });
    expect(job).toEqual({
      id: job.id,
      kind: 'export',
      title: 'Export reel.mp4',
      projectId: null,
      state: 'queued',
      progress: { fraction: 0, etaSec: null, detail: null },
      params: { out: '/r.mp4', n: [1, 2] },
      result: null,
      error: null,
      createdAt: at,
      updatedAt: at,
    });
    expect(lib.jobs.get(job.id)).toEqual(job);
    expect(lib.jobs.get(job.id + 1)).toBeNull();
  });

  it('saves state, progress, result and error', () => {
    const job = lib.jobs.create({ kind: 'k', title: 't', projectId: null, params: null, createdAt: at });
    const later = '2024-05-01T10:01:00.000Z';
    lib.jobs.save({ ...job, state: 'running', progress: { fraction: 0.5, etaSec: 12, detail: 'half' }, updatedAt: later });
    expect(lib.jobs.get(job.id)).toMatchObject({ state: 'running', progress: { fraction: 0.5, etaSec: 12, detail: 'half' }, updatedAt: later });
    lib.jobs.save({ ...job, state: 'done', result: { path: '/x' } });
    expect(lib.jobs.get(job.id)?.result).toEqual({ path: '/x' });
    lib.jobs.save({ ...job, state: 'failed', error: { code: 'FFMPEG_FAILED', message: 'boom' } });
    expect(lib.jobs.get(job.id)).toMatchObject({ state: 'failed', result: null, error: { code: 'FFMPEG_FAILED', message: 'boom' } });
  });

  it('links a job to a project, and refuses an unknown project with NOT_FOUND', () => {
    const media = lib.media.upsert(join(dir, 'v.mp4'), { durationSec: 1, sizeBytes: 1, formatName: 'mp4', video: null, audio: null }, { size: 1, mtimeMs: 1 });
    const project = lib.projects.create({ name: 'p', mediaId: media.id });
    expect(lib.jobs.create({ kind: 'k', title: 't', projectId: project.id, params: {}, createdAt: at }).projectId).toBe(project.id);
    expect(() => lib.jobs.create({ kind: 'k', title: 't', projectId: project.id + 1, params: {}, createdAt: at })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error,
    );
  });

  it('refuses params JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => lib.jobs.create({ kind: 'k', title: 't', projectId: null, params: cyclic, createdAt: at })).toThrow(
      expect.objectContaining({ code: 'INTERNAL' }) as unknown as Error,
    );
  });

  it('lists newest first, with a limit, and the unfinished ones oldest first', () => {
    const ids = ['queued', 'running', 'done', 'queued', 'failed'].map((state) => {
      const job = lib.jobs.create({ kind: 'k', title: state, projectId: null, params: null, createdAt: at });
      lib.jobs.save({ ...job, state: state as typeof job.state });
      return job.id;
    });
    expect(lib.jobs.list().map((j) => j.id)).toEqual([...ids].reverse());
    expect(lib.jobs.list({ limit: 2 }).map((j) => j.id)).toEqual([ids[4], ids[3]]);
    expect(lib.jobs.unfinished().map((j) => j.id)).toEqual([ids[0], ids[1], ids[3]]);
  });
});
