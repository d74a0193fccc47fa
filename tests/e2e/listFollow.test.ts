// The list of ranges follows the selection, but not under a held pointer: pressing a range's handle on
// the timeline selects it, and scrolling a long list there would render a new window of rows during the
// drag's first frames. The list catches up when the button is released; without a pointer held (the
// keyboard) it moves at once.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../preload/contract';
import { openVideo, useAppSession } from '../fixtures/session';
import { poll } from '../fixtures/waits';

const session = useAppSession();
const DURATION = 540;
/** More than the list renders in full (40), so it is windowed. */
const RANGES = Array.from({ length: 60 }, (_, i) => ({ id: `r-${i}`, start: i * 9 + 1, end: i * 9 + 6 }));

const row = (page: Page, n: number) => page.getByRole('button', { name: `Go to highlight ${n}`, exact: true });

/** Whether highlight n's row is rendered and inside the list's scrolled viewport. */
async function rowInView(page: Page, n: number): Promise<boolean> {
  if ((await row(page, n).count()) === 0) return false;
  return row(page, n).evaluate((el) => {
    const scroller = el.closest('.table-scroll') ?? document.documentElement;
    const a = el.getBoundingClientRect();
    const b = scroller.getBoundingClientRect();
    return a.bottom > b.top && a.top < b.bottom;
  });
}

describe('the range list follows the selection, in Chromium', () => {
  it('scrolls to a range pressed on the timeline only once the button is released', async () => {
    const { ws, app } = await session.start({ durationSec: DURATION, bursts: [40, 170] });
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await row(page, 1).waitFor();
    const projects = await app.call<{ id: number; videoPath: string }[]>('listProjects', {});
    const project = await app.call<Project>('openProject', { projectId: projects.find((p) => p.videoPath === ws.videoPath)!.id });
    await app.call('saveHighlights', { projectId: project.id, highlights: RANGES });
    await page.reload();
    await page.getByRole('button', { name: 'stream', exact: true }).click();
    await row(page, 1).waitFor();
    expect(await rowInView(page, 55)).toBe(false);

    const handle = page.getByRole('slider', { name: 'Highlight 55 end', exact: true });
    await handle.waitFor({ state: 'attached' });
    const box = (await handle.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(x - i, y);
    // Selected while held (the row is rendered once the list moves), but the list has not moved yet.
    await poll(() => page.getByRole('slider', { name: 'Highlight 55 end', exact: true }).getAttribute('aria-valuenow')).not.toBe(String(RANGES[54]!.end));
    expect(await rowInView(page, 55)).toBe(false);
    await page.mouse.up();
    await poll(() => rowInView(page, 55)).toBe(true);

    // Without a pointer held the list follows at once: scrolled back to the top, the next range
    // selected by keyboard brings its row back into view.
    await page.locator('.table-scroll').evaluate((el) => {
      el.scrollTop = 0;
    });
    await poll(() => rowInView(page, 55)).toBe(false);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowDown');
    await poll(() => rowInView(page, 56)).toBe(true);
  });
});
