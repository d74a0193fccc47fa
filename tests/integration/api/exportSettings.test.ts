// The export dialog's memory: a started export stores its settings for its project and as the app-wide
// last; another project gets the last choices but not the other project's path; the settings survive a
// restart and go with their project.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Project } from '../../../preload/contract';
import type { Core } from '../../../main/core';
import { makeWorkspace, openCore, waitForJob, type TestWorkspace } from '../../fixtures/core';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

describe('exportDefaults', () => {
  let ws: TestWorkspace;
  let core: Core;
  let first: Project;

  beforeAll(async () => {
    ws = await makeWorkspace({ durationSec: 20 });
    core = await openCore(ws.dataDir);
    first = await core.api.openLocal({ videoPath: ws.videoPath });
    await core.api.saveHighlights({ projectId: first.id, highlights: [{ id: 'a', start: 2, end: 6 }] });
  });

  afterAll(async () => {
    await core?.close();
    await ws?.cleanup();
  });

  it('starts from the spec defaults (smart, one reel) before any export', async () => {
    expect(await core.api.exportDefaults({ projectId: first.id })).toEqual({
      spec: expect.objectContaining({ mode: 'smart', layout: 'reel', vertical: null, chapters: false, sideFiles: false }),
      outPath: null,
      timelineFormat: 'fcpxml',
    });
  });

  it('remembers an export for its project, and its choices (not its path) for the next project', async () => {
    const outPath = join(ws.dir, 'reel.mp4');
    const job = await core.api.startExport({ projectId: first.id, outPath, mode: 'fast', sideFiles: true });
    await waitForJob(core, job.id);
    await core.api.exportTimeline({ projectId: first.id, format: 'edl', outPath: join(ws.dir, 'reel.edl') });

    const own = await core.api.exportDefaults({ projectId: first.id });
    expect(own).toMatchObject({ outPath, timelineFormat: 'edl', spec: { mode: 'fast', sideFiles: true } });

    const otherPath = join(ws.dir, 'other.mp4');
    await copyFile(ws.videoPath, otherPath);
    const other = await core.api.openLocal({ videoPath: otherPath });
    expect(await core.api.exportDefaults({ projectId: other.id })).toMatchObject({ outPath: null, timelineFormat: 'edl', spec: { mode: 'fast', sideFiles: true } });

    // Kept in the library: a restart still knows; removing the project forgets its own settings.
    await core.close();
    core = await openCore(ws.dataDir);
    expect(await core.api.exportDefaults({ projectId: first.id })).toMatchObject({ outPath });
    await core.api.removeProject({ projectId: first.id });
    expect((await core.api.exportDefaults({ projectId: first.id })).outPath).toBeNull();
  });
});
