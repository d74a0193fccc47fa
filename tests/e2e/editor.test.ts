// The whole path a user takes, in a real browser against the real server and core: open the video,
// its chat is imported, heatmap and proposals appear, edit by mouse and keyboard, export accurately,
// and check the reel with ffprobe. A second test cancels an export.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Highlight, Project } from '../../preload/contract';
import type { OpenedApp } from '../fixtures/app';
import { probeFile } from '../fixtures/core';
import { openVideo, startExportInUi, useAppSession } from '../fixtures/session';
import { paintedHeatmapPixels } from '../fixtures/heatmapPixels';
import { E2E_LONG_WAIT_MS, poll } from '../fixtures/waits';

const FPS = 30;
const session = useAppSession();

const slider = (page: Page, n: number, side: 'start' | 'end') => page.getByRole('slider', { name: `Highlight ${n} ${side}`, exact: true });
const valueOf = async (page: Page, n: number, side: 'start' | 'end') => Number(await slider(page, n, side).getAttribute('aria-valuenow'));


async function savedHighlights(opened: OpenedApp, projectId: number): Promise<Highlight[]> {
  return (await opened.call<Project>('openProject', { projectId })).highlights;
}

describe('editor, end to end in Chromium', () => {
  it('opens a video with its chat, edits proposals by mouse and keyboard, and exports an exact reel', async () => {
    const { ws, app } = await session.start();
    const { page } = app;

    await openVideo(page, ws.videoPath);
    // Chat next to the video was imported and proposals are on the timeline.
    await poll(() => slider(page, 1, 'start').count()).toBe(1);
    await poll(() => paintedHeatmapPixels(page)).toBeGreaterThan(500);
    const projects = await app.call<{ id: number; videoPath: string }[]>('listProjects', {});
    const projectId = projects.find((p) => p.videoPath === ws.videoPath)!.id;
    const proposed = await savedHighlights(app, projectId);
    expect(proposed.length).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('slider', { name: /^Highlight \d+ (start|end)$/ }).count()).toBe(proposed.length * 2);

    // Drag the end of highlight 1 to the right with the mouse.
    const endBefore = await valueOf(page, 1, 'end');
    const box = (await slider(page, 1, 'end').boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) await page.mouse.move(x + step * 4, y);
    await page.mouse.up();
    await poll(() => valueOf(page, 1, 'end')).toBeGreaterThan(endBefore + 1);
    const endAfterDrag = await valueOf(page, 1, 'end');

    // Move the start of highlight 2 with the keyboard: two seconds later.
    const startBefore = await valueOf(page, 2, 'start');
    await slider(page, 2, 'start').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await poll(() => valueOf(page, 2, 'start')).toBeCloseTo(startBefore + 2, 6);

    // Both edits reach the library.
    await poll(async () => {
      const saved = await savedHighlights(app, projectId);
      return [saved[0]!.end, saved[1]!.start];
    }).toEqual([endAfterDrag, startBefore + 2]);
    const edited = await savedHighlights(app, projectId);

    // Export in accurate mode.
    const outPath = join(ws.dir, 'reel.mp4');
    const dialog = await startExportInUi(page, outPath, 'accurate');
    await dialog.getByText('Export finished').waitFor({ timeout: E2E_LONG_WAIT_MS });

    const expected = edited.reduce((sum, h) => sum + (h.end - h.start), 0);
    const reel = await probeFile(outPath);
    expect(Math.abs(reel.durationSec - expected)).toBeLessThanOrEqual(1 / FPS + 1e-3);
    expect(Math.abs(reel.videoFrames - Math.round(expected * FPS))).toBeLessThanOrEqual(1);
  });

  it('cancels an export and leaves nothing at the target path', async () => {
    const { ws, app } = await session.start({ durationSec: 600, bursts: [100, 300, 500] });
    const { page } = app;
    // A long reel, so the export is still running when Cancel is pressed.
    const project = await app.call<Project>('openLocal', { videoPath: ws.videoPath });
    await app.call('saveHighlights', { projectId: project.id, highlights: [{ id: 'all', start: 1, end: 590 }] });

    await openVideo(page, ws.videoPath);
    await poll(() => slider(page, 1, 'start').count()).toBe(1);
    const outPath = join(ws.dir, 'cancelled.mp4');
    const dialog = await startExportInUi(page, outPath, 'accurate');
    const progress = dialog.getByRole('progressbar', { name: 'Export progress' });
    await poll(async () => Number((await progress.getAttribute('aria-valuenow')) ?? 0)).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Cancel export' }).click();
    await dialog.getByText('Export cancelled.').waitFor();

    expect(existsSync(outPath)).toBe(false);
    expect((await readdir(ws.dir)).filter((name) => name.includes('cancelled'))).toEqual([]);
    const jobs = await app.call<{ state: string }[]>('listJobs', {});
    expect(jobs[0]?.state).toBe('cancelled');
  });
});
