// Every keyboard shortcut of the command table, in a real browser, by what it does to the player and
// the ranges; the "Keyboard shortcuts" dialog; and no shortcut while typing in a field.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openVideo, useAppSession } from '../fixtures/session';
import { poll } from '../fixtures/waits';

const session = useAppSession();

const FRAME = 1 / 30;
const time = (page: Page) => page.evaluate(() => document.querySelector('video')!.currentTime);
const paused = (page: Page) => page.evaluate(() => document.querySelector('video')!.paused);
const rate = (page: Page) => page.evaluate(() => document.querySelector('video')!.playbackRate);
const rows = (page: Page) => page.getByRole('button', { name: /^Go to highlight \d+$/ });
const value = async (page: Page, n: number, side: 'start' | 'end') =>
  Number(await page.getByRole('slider', { name: `Highlight ${n} ${side}`, exact: true }).getAttribute('aria-valuenow'));

/** Seeks by the page's own player (as a click on the timeline would), then takes the focus off any control. */
async function seekTo(page: Page, sec: number): Promise<void> {
  await page.evaluate((t) => {
    document.querySelector('video')!.currentTime = t;
    (document.activeElement as HTMLElement | null)?.blur();
  }, sec);
  await poll(() => time(page)).toBeCloseTo(sec, 2);
}

describe('keyboard shortcuts, end to end in Chromium', () => {
  it('drives the player, the ranges and the dialogs from the keyboard', async () => {
    const { ws, app } = await session.start({ durationSec: 200, bursts: [40, 170] });
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await poll(() => rows(page).count()).toBe(2);
    await poll(() => page.evaluate(() => document.querySelector('video')!.readyState)).toBeGreaterThan(0);

    // Space: play and pause.
    await seekTo(page, 100);
    await page.keyboard.press('Space');
    await poll(() => paused(page)).toBe(false);
    await page.keyboard.press('Space');
    await poll(() => paused(page)).toBe(true);

    // L plays, L again 2×, then 4×; K stops; J plays backwards.
    await page.keyboard.press('l');
    await poll(() => paused(page)).toBe(false);
    expect(await rate(page)).toBe(1);
    await page.keyboard.press('l');
    await poll(() => rate(page)).toBe(2);
    await page.keyboard.press('l');
    await poll(() => rate(page)).toBe(4);
    await page.keyboard.press('k');
    await poll(() => paused(page)).toBe(true);
    const beforeBack = await time(page);
    await page.keyboard.press('j');
    await poll(() => time(page)).toBeLessThan(beforeBack - 0.3);
    await page.keyboard.press('k');
    expect(await paused(page)).toBe(true);

    // Arrows seek 1 s, Shift+arrows 5 s; , and . one frame; Home and End.
    await seekTo(page, 100);
    await page.keyboard.press('ArrowRight');
    await poll(() => time(page)).toBeCloseTo(101, 1);
    await page.keyboard.press('ArrowLeft');
    await poll(() => time(page)).toBeCloseTo(100, 1);
    await page.keyboard.press('Shift+ArrowRight');
    await poll(() => time(page)).toBeCloseTo(105, 1);
    await page.keyboard.press('Shift+ArrowLeft');
    await poll(() => time(page)).toBeCloseTo(100, 1);
    await page.keyboard.press('.');
    await poll(() => time(page)).toBeCloseTo(100 + FRAME, 3);
    await page.keyboard.press('.');
    await poll(() => time(page)).toBeCloseTo(100 + 2 * FRAME, 3);
    await page.keyboard.press(',');
    await poll(() => time(page)).toBeCloseTo(100 + FRAME, 3);
    await page.keyboard.press('End');
    await poll(() => time(page)).toBeGreaterThan(199);
    await page.keyboard.press('Home');
    await poll(() => time(page)).toBe(0);

    // ↓ / ↑ select the next / previous range in the list and go to its start.
    await page.keyboard.press('ArrowDown');
    await poll(() => page.getByRole('button', { name: 'Go to highlight 1', exact: true }).getAttribute('aria-current')).toBe('true');
    await poll(() => time(page)).toBeCloseTo(await value(page, 1, 'start'), 1);
    await page.keyboard.press('ArrowDown');
    await poll(() => page.getByRole('button', { name: 'Go to highlight 2', exact: true }).getAttribute('aria-current')).toBe('true');
    await poll(() => time(page)).toBeCloseTo(await value(page, 2, 'start'), 1);
    await page.keyboard.press('ArrowUp');
    await poll(() => page.getByRole('button', { name: 'Go to highlight 1', exact: true }).getAttribute('aria-current')).toBe('true');

    // I / O: the selected range's start and end at the playhead.
    const [start1, end1] = [await value(page, 1, 'start'), await value(page, 1, 'end')];
    await seekTo(page, start1 + 3);
    await page.keyboard.press('i');
    await poll(() => value(page, 1, 'start')).toBeCloseTo(start1 + 3, 1);
    await seekTo(page, end1 - 2);
    await page.keyboard.press('o');
    await poll(() => value(page, 1, 'end')).toBeCloseTo(end1 - 2, 1);

    // S splits the selected range at the playhead; Delete removes the selected one.
    await seekTo(page, start1 + 10);
    await page.keyboard.press('s');
    await poll(() => rows(page).count()).toBe(3);
    expect(await value(page, 1, 'end')).toBeCloseTo(start1 + 10, 1);
    expect(await value(page, 2, 'start')).toBeCloseTo(start1 + 10, 1);
    await page.keyboard.press('Delete');
    await poll(() => rows(page).count()).toBe(2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Backspace');
    await poll(() => rows(page).count()).toBe(1);

    // N adds a range at the playhead, in a free stretch.
    await seekTo(page, 100);
    await page.keyboard.press('n');
    await poll(() => rows(page).count()).toBe(2);
    const starts = [await value(page, 1, 'start'), await value(page, 2, 'start')];
    expect(starts.some((s) => Math.abs(s - 100) < 0.5)).toBe(true);

    // Typing in a field never fires a shortcut: "n" in a label adds no range, Space does not play.
    const label = page.getByRole('textbox', { name: 'Label for highlight 1' });
    await label.click();
    await page.keyboard.type('nice one');
    await poll(() => label.inputValue()).toBe('nice one');
    expect(await rows(page).count()).toBe(2);
    expect(await paused(page)).toBe(true);

    // + / - zoom the timeline.
    await seekTo(page, 100);
    const zoom = page.getByRole('slider', { name: 'Timeline zoom' });
    await page.keyboard.type('+');
    await poll(async () => Number(await zoom.inputValue())).toBeGreaterThan(1);
    await page.keyboard.press('-');
    await poll(async () => Number(await zoom.inputValue())).toBe(1);

    // Ctrl+E opens the export dialog; ? opens the shortcuts dialog, which lists the commands.
    await page.keyboard.press('Control+e');
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.waitFor();
    await page.keyboard.press('Escape');
    await exportDialog.waitFor({ state: 'hidden' });
    await page.keyboard.type('?');
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await shortcuts.waitFor();
    expect(await shortcuts.getByRole('row', { name: /Split the selected highlight at the playhead/ }).textContent()).toContain('S');
    expect(await shortcuts.getByRole('row', { name: /Redo/ }).textContent()).toContain('Ctrl+Y');
    await shortcuts.getByRole('button', { name: 'Close' }).click();
    await shortcuts.waitFor({ state: 'hidden' });
    // The toolbar's button opens it too.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await shortcuts.waitFor();
  });
});
