// Undo and redo in a real browser: a drag is one step, a run of nudges is one step, a delete and a
// re-detection are steps; the buttons say what they would undo, the keys work, and the library always
// holds what the screen shows.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../preload/contract';
import type { OpenedApp } from '../fixtures/app';
import { openVideo, useAppSession } from '../fixtures/session';
import { poll } from '../fixtures/waits';

const session = useAppSession();

const handle = (page: Page, n: number, side: 'start' | 'end') => page.getByRole('slider', { name: `Highlight ${n} ${side}`, exact: true });
const value = async (page: Page, n: number, side: 'start' | 'end') => Number(await handle(page, n, side).getAttribute('aria-valuenow'));
const rows = (page: Page) => page.getByRole('button', { name: /^Go to highlight \d+$/ });
const undoButton = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true });
const redoButton = (page: Page) => page.getByRole('button', { name: 'Redo', exact: true });

async function stored(app: OpenedApp, videoPath: string): Promise<Array<[number, number]>> {
  const projects = await app.call<{ id: number; videoPath: string }[]>('listProjects', {});
  const id = projects.find((p) => p.videoPath === videoPath)!.id;
  const project = await app.call<Project>('openProject', { projectId: id });
  return project.highlights.map((h) => [h.start, h.end]);
}

async function shown(page: Page): Promise<Array<[number, number]>> {
  const count = await rows(page).count();
  const list: Array<[number, number]> = [];
  for (let n = 1; n <= count; n++) list.push([await value(page, n, 'start'), await value(page, n, 'end')]);
  return list;
}

describe('undo and redo, end to end in Chromium', () => {
  it('undoes a drag, a run of nudges, a delete and a re-detection, each in one step, and saves each undo', async () => {
    const { ws, app } = await session.start({ durationSec: 540, bursts: [40, 170, 300, 430] });
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await poll(() => rows(page).count()).toBeGreaterThanOrEqual(3);
    expect(await undoButton(page).isDisabled()).toBe(true);
    expect(await redoButton(page).isDisabled()).toBe(true);
    const original = await shown(page);

    // Drag highlight 2's end to the right with many mouse moves: one step.
    const endBox = (await handle(page, 2, 'end').boundingBox())!;
    const x = endBox.x + endBox.width / 2;
    const y = endBox.y + endBox.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(x + i * 2, y);
    await page.mouse.up();
    await poll(() => value(page, 2, 'end')).toBeGreaterThan(original[1]![1]);
    await poll(() => undoButton(page).getAttribute('title')).toBe('Undo resize of highlight 2');
    await undoButton(page).click();
    await poll(() => shown(page)).toEqual(original);
    expect(await undoButton(page).isDisabled()).toBe(true);
    expect(await redoButton(page).getAttribute('title')).toBe('Redo resize of highlight 2');
    await poll(() => stored(app, ws.videoPath)).toEqual(original);
    await redoButton(page).click();
    await poll(() => value(page, 2, 'end')).toBeGreaterThan(original[1]![1]);
    await undoButton(page).click();
    await poll(() => shown(page)).toEqual(original);

    // Five arrow presses on highlight 1's start: one step, undone with Ctrl+Z.
    await handle(page, 1, 'start').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await poll(() => value(page, 1, 'start')).toBe(original[0]![0] - 5);
    expect(await undoButton(page).getAttribute('title')).toBe('Undo nudge of the start of highlight 1');
    await page.keyboard.press('Control+z');
    await poll(() => value(page, 1, 'start')).toBe(original[0]![0]);
    await poll(() => stored(app, ws.videoPath)).toEqual(original);
    // Redo with Ctrl+Shift+Z and with Ctrl+Y (after another undo).
    await page.keyboard.press('Control+Shift+Z');
    await poll(() => value(page, 1, 'start')).toBe(original[0]![0] - 5);
    await page.keyboard.press('Control+z');
    await poll(() => value(page, 1, 'start')).toBe(original[0]![0]);
    await page.keyboard.press('Control+y');
    await poll(() => value(page, 1, 'start')).toBe(original[0]![0] - 5);
    await page.keyboard.press('Control+z');
    await poll(() => shown(page)).toEqual(original);

    // Delete highlight 1 from the list; undo brings it back.
    await page.getByRole('button', { name: 'Delete highlight 1', exact: true }).click();
    await poll(() => rows(page).count()).toBe(original.length - 1);
    expect(await undoButton(page).getAttribute('title')).toBe('Undo delete of highlight 1');
    await undoButton(page).click();
    await poll(() => shown(page)).toEqual(original);
    await poll(() => stored(app, ws.videoPath)).toEqual(original);

    // A settings change whose re-detection drops proposals is one step: undo brings them back.
    await page.getByRole('textbox', { name: 'Target reel length', exact: true }).fill('0:40');
    await poll(() => rows(page).count()).toBeLessThan(original.length);
    await poll(() => undoButton(page).getAttribute('title')).toBe('Undo re-detection');
    await undoButton(page).click();
    await poll(() => shown(page)).toEqual(original);
    await poll(() => stored(app, ws.videoPath)).toEqual(original);
  });
});
