// Editing in a real browser: the heatmap seeks the video, ranges are added, split and deleted from the
// toolbar and list, and a reload (closing and reopening the project) shows exactly the same ranges.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Highlight, Project } from '../../preload/contract';
import { openVideo, useAppSession } from '../fixtures/session';
import { poll } from '../fixtures/waits';

const session = useAppSession();

const handles = (page: Page) => page.getByRole('slider', { name: /^Highlight \d+ (start|end)$/ });
const videoTime = (page: Page) => page.evaluate(() => document.querySelector('video')?.currentTime ?? -1);

/** Boundaries as the timeline's sliders show them, in time order. */
async function shownRanges(page: Page): Promise<[number, number][]> {
  const count = (await handles(page).count()) / 2;
  const ranges: [number, number][] = [];
  for (let n = 1; n <= count; n++) {
    const start = await page.getByRole('slider', { name: `Highlight ${n} start`, exact: true }).getAttribute('aria-valuenow');
    const end = await page.getByRole('slider', { name: `Highlight ${n} end`, exact: true }).getAttribute('aria-valuenow');
    ranges.push([Number(start), Number(end)]);
  }
  return ranges;
}

describe('editing, end to end in Chromium', () => {
  it('seeks from the heatmap, adds, splits and deletes ranges, and reopening shows the same ranges', async () => {
    const { ws, app } = await session.start();
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await poll(() => handles(page).count()).toBeGreaterThanOrEqual(4);
    const project = (await app.call<{ id: number; videoPath: string }[]>('listProjects', {})).find((p) => p.videoPath === ws.videoPath)!;
    const initial = (await app.call<Project>('openProject', { projectId: project.id })).highlights;
    const covered = (t: number, list: Highlight[]) => list.some((h) => t >= h.start - 1 && t <= h.end + 1);

    // Click the heatmap where no range is: the video seeks there.
    const target = [10, 20, 100, 110, 190].find((t) => !covered(t, initial) && !covered(t + 20, initial))!;
    const box = (await page.getByTestId('timeline').boundingBox())!;
    await page.mouse.click(box.x + (box.width * target) / ws.durationSec, box.y + box.height * 0.6);
    await poll(() => videoTime(page)).toBeGreaterThan(target - 1.5);
    expect(await videoTime(page)).toBeLessThan(target + 1.5);

    // Add a range at the playhead: 20 s from there.
    const before = await shownRanges(page);
    await page.getByRole('button', { name: 'Add highlight at playhead' }).click();
    await poll(async () => (await shownRanges(page)).length).toBe(before.length + 1);
    const added = (await shownRanges(page)).find(([s]) => !before.some(([b]) => b === s))!;
    expect(Math.abs(added[0] - (await videoTime(page)))).toBeLessThan(0.5);
    expect(added[1] - added[0]).toBeCloseTo(20, 1);

    // Split highlight 1 five seconds after its start.
    await page.getByRole('button', { name: 'Go to highlight 1' }).click();
    await page.getByRole('button', { name: 'Forward 5 seconds' }).click();
    const [firstStart, firstEnd] = (await shownRanges(page))[0]!;
    const countBeforeSplit = (await shownRanges(page)).length;
    await page.getByRole('button', { name: 'Split at playhead' }).click();
    await poll(async () => (await shownRanges(page)).length).toBe(countBeforeSplit + 1);
    const [left, right] = await shownRanges(page);
    expect(left![0]).toBe(firstStart);
    expect(right![1]).toBe(firstEnd);
    expect(left![1]).toBeCloseTo(firstStart + 5, 0);
    expect(right![0]).toBe(left![1]);

    // Delete the last range from the list.
    const countBeforeDelete = (await shownRanges(page)).length;
    await page.getByRole('button', { name: `Delete highlight ${countBeforeDelete}`, exact: true }).click();
    await poll(async () => (await shownRanges(page)).length).toBe(countBeforeDelete - 1);

    // Drag a whole range by its middle: both ends move by the same amount, its length stays.
    const lastN = (await shownRanges(page)).length;
    const [moveStart, moveEnd] = (await shownRanges(page))[lastN - 1]!;
    const startBox = (await page.getByRole('slider', { name: `Highlight ${lastN} start`, exact: true }).boundingBox())!;
    const endBox = (await page.getByRole('slider', { name: `Highlight ${lastN} end`, exact: true }).boundingBox())!;
    const midX = (startBox.x + endBox.x + endBox.width) / 2;
    const midY = startBox.y + startBox.height * 0.75;
    await page.mouse.move(midX, midY);
    await page.mouse.down();
    for (let step = 1; step <= 8; step++) await page.mouse.move(midX - step * 4, midY);
    await page.mouse.up();
    await poll(async () => (await shownRanges(page))[lastN - 1]![0]).toBeLessThan(moveStart - 1);
    const [movedStart, movedEnd] = (await shownRanges(page))[lastN - 1]!;
    expect(movedEnd - movedStart).toBeCloseTo(moveEnd - moveStart, 1);

    // Everything is saved as it happens: what the library holds is what the timeline shows.
    const finalShown = await shownRanges(page);
    await poll(async () => (await app.call<Project>('openProject', { projectId: project.id })).highlights.map((h) => [h.start, h.end])).toEqual(finalShown);

    // Close and reopen the project: the same ranges come back.
    await page.reload();
    await page.getByRole('button', { name: 'stream', exact: true }).click();
    await poll(() => shownRanges(page)).toEqual(finalShown);
  });
});
