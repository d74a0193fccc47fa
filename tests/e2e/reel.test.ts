// The reel before it is rendered and after: reorder the list, preview it (only the ranges, in list
// order, the time never more than a frame outside a range), play one range, export it and find the
// ranges in the file in that order; labels, the order, the playhead and the zoom survive a reopen.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../preload/contract';
import type { OpenedApp } from '../fixtures/app';
import { openVideo, startExportInUi, useAppSession } from '../fixtures/session';
import { E2E_LONG_WAIT_MS, poll } from '../fixtures/waits';

const run = promisify(execFile);
const session = useAppSession();
const FRAME = 1 / 30;
/** Three short ranges, so the preview takes seconds. */
const RANGES = [
  { id: 'r-a', start: 20, end: 23 },
  { id: 'r-b', start: 80, end: 83 },
  { id: 'r-c', start: 140, end: 143 },
];

const rows = (page: Page) => page.getByRole('button', { name: /^Go to highlight \d+$/ });
const time = (page: Page) => page.evaluate(() => document.querySelector('video')!.currentTime);

async function projectOf(app: OpenedApp, videoPath: string): Promise<Project> {
  const projects = await app.call<{ id: number; videoPath: string }[]>('listProjects', {});
  return app.call<Project>('openProject', { projectId: projects.find((p) => p.videoPath === videoPath)!.id });
}

/** A 64×36 grey frame of the file at `sec`, to tell parts of the video apart. */
async function frameAt(path: string, sec: number): Promise<Buffer> {
  const ffmpeg = process.env.HIGHLIGHTER_FFMPEG || 'ffmpeg';
  const args = ['-v', 'error', '-ss', String(sec), '-i', path, '-frames:v', '1', '-vf', 'scale=64:36,format=gray', '-f', 'rawvideo', '-'];
  const { stdout } = await run(ffmpeg, args, { encoding: 'buffer', maxBuffer: 1 << 20 });
  return stdout;
}

const distance = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0);

/** Records the player's time on every animation frame, after the preview's own check of that frame. */
async function recordTimes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __times: number[]; __recording: boolean };
    w.__times = [];
    w.__recording = true;
    const video = document.querySelector('video')!;
    const tick = () => {
      if (!w.__recording) return;
      w.__times.push(video.currentTime);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function recordedTimes(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __times: number[]; __recording: boolean };
    w.__recording = false;
    return w.__times;
  });
}

describe('the reel, end to end in Chromium', () => {
  it('reorders, previews in list order inside the ranges, exports in that order, and reopens where it was', async () => {
    const { ws, app } = await session.start({ durationSec: 200, bursts: [40, 170] });
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await poll(() => rows(page).count()).toBeGreaterThanOrEqual(1);
    const project = await projectOf(app, ws.videoPath);
    await app.call('saveHighlights', { projectId: project.id, highlights: RANGES });
    await page.reload();
    await page.getByRole('button', { name: 'stream', exact: true }).click();
    await poll(() => rows(page).count()).toBe(3);
    await poll(() => page.evaluate(() => document.querySelector('video')!.readyState)).toBeGreaterThan(0);

    // Reorder: the last range first (buttons), then the middle one to the end (drag a row's grip).
    await page.getByRole('button', { name: 'Move highlight 3 up' }).click();
    await page.getByRole('button', { name: 'Move highlight 2 up' }).click();
    await poll(async () => (await projectOf(app, ws.videoPath)).highlights.map((h) => h.id)).toEqual(['r-c', 'r-a', 'r-b']);
    await page.getByRole('button', { name: 'Move highlight 2 down' }).click();
    await poll(async () => (await projectOf(app, ws.videoPath)).highlights.map((h) => h.id)).toEqual(['r-c', 'r-b', 'r-a']);
    expect(await page.getByRole('slider', { name: 'Highlight 1 start', exact: true }).getAttribute('aria-valuenow')).toBe('140');
    await page.getByRole('textbox', { name: 'Label for highlight 1' }).fill('The finale');
    const order = ['r-c', 'r-b', 'r-a'].map((id) => RANGES.find((r) => r.id === id)!);

    // Preview: status, list order, never more than a frame outside a range.
    await page.getByRole('button', { name: 'Preview reel' }).click();
    await recordTimes(page);
    const status = page.getByRole('status', { name: 'Preview' });
    await poll(async () => (await status.textContent()) ?? '').toBe('Previewing highlight 1 of 3');
    await poll(async () => (await status.textContent()) ?? '').toBe('Previewing highlight 2 of 3');
    await poll(async () => (await status.textContent()) ?? '').toBe('Previewing highlight 3 of 3');
    await poll(async () => (await status.textContent()) ?? '').toBe('');
    const times = await recordedTimes(page);
    expect(times.length).toBeGreaterThan(20);
    const inside = (t: number) => order.findIndex((r) => t >= r.start - FRAME - 1e-6 && t <= r.end + FRAME + 1e-6);
    expect(times.filter((t) => inside(t) < 0)).toEqual([]);
    const visited = times.map(inside).filter((i, k, all) => k === 0 || all[k - 1] !== i);
    expect(visited).toEqual([0, 1, 2]);
    expect(await page.evaluate(() => document.querySelector('video')!.paused)).toBe(true);

    // Stop preview, by the button and by Escape.
    await page.getByRole('button', { name: 'Preview reel' }).click();
    await poll(async () => (await status.textContent()) ?? '').toBe('Previewing highlight 1 of 3');
    await page.getByRole('button', { name: 'Stop preview' }).click();
    await poll(async () => (await status.textContent()) ?? '').toBe('');
    await page.getByRole('button', { name: 'Preview reel' }).click();
    await poll(async () => (await status.textContent()) ?? '').not.toBe('');
    await page.keyboard.press('Escape');
    await poll(async () => (await status.textContent()) ?? '').toBe('');

    // Play highlight 2 once: it plays 80–83 and stops there.
    await page.getByRole('button', { name: 'Play highlight 2' }).click();
    await poll(async () => (await status.textContent()) ?? '').toBe('Playing highlight 2');
    await poll(async () => (await status.textContent()) ?? '').toBe('');
    const stopped = await time(page);
    expect(stopped).toBeGreaterThan(83 - 3 * FRAME);
    expect(stopped).toBeLessThanOrEqual(83 + FRAME);

    // Export (accurate): the reel holds the ranges in the list's order.
    const out = join(ws.dir, 'reel.mp4');
    const dialog = await startExportInUi(page, out, 'accurate');
    await dialog.getByText('Export finished').waitFor({ timeout: E2E_LONG_WAIT_MS });
    for (const [k, range] of order.entries()) {
      const inReel = await frameAt(out, k * 3 + 1.5);
      const scores = await Promise.all(RANGES.map(async (r) => distance(inReel, await frameAt(ws.videoPath, r.start + 1.5))));
      expect(RANGES[scores.indexOf(Math.min(...scores))]!.id, `part ${k + 1} of the reel`).toBe(range.id);
    }
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    // The view: playhead, zoom; then reopen — order, labels, playhead and zoom are back.
    await page.evaluate(() => {
      document.querySelector('video')!.currentTime = 123;
    });
    await page.getByRole('slider', { name: 'Timeline zoom' }).fill('4');
    await poll(async () => (await projectOf(app, ws.videoPath)).view).toMatchObject({ playheadSec: 123, zoom: 4 });
    await page.reload();
    await page.getByRole('button', { name: 'stream', exact: true }).click();
    await poll(() => rows(page).count()).toBe(3);
    await poll(() => page.getByRole('textbox', { name: 'Label for highlight 1' }).inputValue()).toBe('The finale');
    expect(await page.getByRole('slider', { name: 'Highlight 1 start', exact: true }).getAttribute('aria-valuenow')).toBe('140');
    await poll(() => page.getByRole('slider', { name: 'Timeline zoom' }).inputValue()).toBe('4');
    await poll(() => time(page)).toBeCloseTo(123, 1);
  });
});
