// A job survives the app dying under it: after a hard kill mid-export, the next start shows the job as
// interrupted and removes what the export had half-written; the target never appears.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Project } from '../../../preload/contract';
import { assertBuilt, startServe, type Served } from '../../fixtures/cli';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/core';

let ws: TestWorkspace;

beforeAll(async () => {
  assertBuilt();
  ws = await makeWorkspace({ durationSec: 600, bursts: [100, 300, 500] });
});

afterAll(async () => {
  killOrphans('.killed.mp4.partial-');
  await ws?.cleanup();
});

/**
 * A hard-killed server cannot stop its ffmpeg child, which runs on (writing to a file the restart
 * already removed) until it finishes. Stop it here so it does not slow the rest of the suite (Linux).
 */
function killOrphans(marker: string): void {
  if (!existsSync('/proc')) return;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already, or not ours to read
    }
  }
}

async function call<T>(served: Served, method: string, args: unknown): Promise<T> {
  const res = await fetch(`${served.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.token}` },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message);
  return body.value;
}

describe('restart during an export', () => {
  it('marks the job interrupted and leaves nothing at or beside the target', async () => {
    const env = { HIGHLIGHTER_DATA_DIR: ws.dataDir };
    const first = await startServe(env);
    const outPath = join(ws.dir, 'killed.mp4');
    let jobId = 0;
    try {
      const project = await call<Project>(first, 'openLocal', { videoPath: ws.videoPath });
      await call(first, 'saveHighlights', { projectId: project.id, highlights: [{ id: 'all', start: 0, end: 595 }] });
      jobId = (await call<Job>(first, 'startExport', { projectId: project.id, outPath, mode: 'accurate' })).id;
      // Wait until ffmpeg is writing, then kill the server without letting it clean up.
      await expect
        .poll(async () => (await call<Job[]>(first, 'listJobs', {})).find((j) => j.id === jobId)?.progress.fraction ?? 0, { timeout: 30_000 })
        .toBeGreaterThan(0);
      expect((await readdir(ws.dir)).some((f) => f.startsWith('.killed.mp4.partial-'))).toBe(true);
    } finally {
      first.child.kill('SIGKILL');
      await first.stop();
    }

    const second = await startServe(env);
    try {
      const job = (await call<Job[]>(second, 'listJobs', {})).find((j) => j.id === jobId);
      expect(job?.state).toBe('interrupted');
      expect(job?.error?.code).toBe('INTERRUPTED');
      // Give a killed ffmpeg a moment to notice its parent is gone, then check the folder.
      await expect.poll(async () => (await readdir(ws.dir)).filter((f) => f.includes('killed')), { timeout: 10_000 }).toEqual([]);
      expect(existsSync(outPath)).toBe(false);
    } finally {
      await second.stop();
    }
  });
});
