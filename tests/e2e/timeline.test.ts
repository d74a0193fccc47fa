// The timeline at scale, in a real browser: zoom around the playhead, the overview strip moves the
// view (click and drag), the hover tooltip tells the time and the chat there, thumbnails appear along
// the zoomed timeline and the audio waveform under the heatmap.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openVideo, useAppSession } from '../fixtures/session';
import { poll } from '../fixtures/waits';

const session = useAppSession();
const DURATION = 540;

const overview = (page: Page) => page.getByRole('slider', { name: 'Timeline overview' });
const viewStart = async (page: Page) => Number(await overview(page).getAttribute('aria-valuenow'));

/** How far wavesurfer's own scroll container is scrolled (it lives in a shadow root). */
function waveScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    const host = document.querySelector('[data-testid="timeline"]');
    let found = -1;
    const walk = (root: ParentNode) => {
      root.querySelectorAll('*').forEach((el) => {
        if (found < 0 && el.scrollWidth > el.clientWidth + 10 && getComputedStyle(el).overflowX !== 'visible') found = el.scrollLeft;
        if (el.shadowRoot) walk(el.shadowRoot);
      });
    };
    if (host) walk(host);
    return found;
  });
}

describe('the timeline, end to end in Chromium', () => {
  it('zooms around the playhead, moves by the overview, shows the hover tooltip, thumbnails and waveform', async () => {
    const { ws, app } = await session.start({ durationSec: DURATION, bursts: [40, 170, 300, 430] });
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await page.getByRole('button', { name: 'Go to highlight 1', exact: true }).waitFor();
    await poll(() => page.evaluate(() => document.querySelector('video')!.readyState)).toBeGreaterThan(0);

    // The waveform is computed by the core once and drawn under the heatmap.
    await page.getByRole('img', { name: 'Audio waveform' }).waitFor();

    // Zoom 8× with the playhead at 300 s: the visible window holds 300 s.
    await page.evaluate(() => {
      document.querySelector('video')!.currentTime = 300;
    });
    await page.getByRole('slider', { name: 'Timeline zoom' }).fill('8');
    await poll(() => overview(page).getAttribute('aria-valuetext')).toMatch(/^Showing /);
    const start = await viewStart(page);
    expect(start).toBeLessThanOrEqual(300);
    expect(start + DURATION / 8).toBeGreaterThanOrEqual(300);
    const scrolledAt = await waveScroll(page);
    expect(scrolledAt).toBeGreaterThan(0);

    // Thumbnails along the zoomed timeline.
    await poll(() => page.getByRole('group', { name: 'Thumbnails' }).locator('img').count()).toBeGreaterThan(0);

    // Click near the overview's left end: the view moves there, and so does the zoomed timeline.
    const box = (await overview(page).boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.05, box.y + box.height / 2);
    await poll(() => viewStart(page)).toBeLessThan(start);
    await poll(() => waveScroll(page)).toBeLessThan(scrolledAt);
    // Drag the window to the right.
    const left = await viewStart(page);
    const windowX = box.x + (box.width * (left + DURATION / 16)) / DURATION;
    await page.mouse.move(windowX, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(windowX + i * 30, box.y + box.height / 2);
    await page.mouse.up();
    await poll(() => viewStart(page)).toBeGreaterThan(left + 60);
    // And with the keyboard: End goes to the last window.
    await overview(page).focus();
    await page.keyboard.press('End');
    await poll(() => viewStart(page)).toBeCloseTo(DURATION - DURATION / 8, 0);

    // Hover the heatmap over a burst (at 1×): the tooltip says when, how busy, and what chat said.
    await page.getByRole('slider', { name: 'Timeline zoom' }).fill('1');
    await poll(() => viewStart(page)).toBe(0);
    const wave = (await page.getByTestId('timeline').boundingBox())!;
    await page.mouse.move(wave.x + (wave.width * 173) / DURATION, wave.y + wave.height * 0.5);
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    await poll(async () => (await tooltip.textContent()) ?? '').toMatch(/2:5\d\.\d/);
    expect(await tooltip.textContent()).toMatch(/messages\/s/);
    await poll(async () => (await tooltip.locator('.tooltip-message').count()) + (await tooltip.locator('.tooltip-emotes').count())).toBeGreaterThan(0);
    await page.mouse.move(wave.x + wave.width / 2, wave.y - 80);
    await tooltip.waitFor({ state: 'detached' });
  });
});
