// The export dialog as a user meets it: Smart is the default mode; Vertical frames the picture with a
// 9:16 box (moved by keyboard and typed) or two boxes for a split; the output's size, length and an
// estimate are shown; the ranges go out as a timeline for another editor; and the dialog opens next
// time with the settings of the last export.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../preload/contract';
import type { OpenedApp } from '../fixtures/app';
import { openVideo, useAppSession } from '../fixtures/session';
import { E2E_LONG_WAIT_MS, poll } from '../fixtures/waits';

const session = useAppSession();
const RANGES = [
  { id: 'r-a', start: 10, end: 22, label: 'Opening fight' },
  { id: 'r-b', start: 60, end: 75 },
  { id: 'r-c', start: 120, end: 135 },
];

async function projectOf(app: OpenedApp, videoPath: string): Promise<Project> {
  const projects = await app.call<{ id: number; videoPath: string }[]>('listProjects', {});
  return app.call<Project>('openProject', { projectId: projects.find((p) => p.videoPath === videoPath)!.id });
}

const rows = (page: Page) => page.getByRole('button', { name: /^Go to highlight \d+$/ });

describe('the export dialog, in Chromium', () => {
  it('defaults to Smart, frames a vertical export, writes a timeline, and remembers the last export', async () => {
    const { ws, app } = await session.start({ durationSec: 200, bursts: [40, 170] });
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await poll(() => rows(page).count()).toBeGreaterThanOrEqual(1);
    const project = await projectOf(app, ws.videoPath);
    await app.call('saveHighlights', { projectId: project.id, highlights: RANGES });
    await page.reload();
    await page.getByRole('button', { name: 'stream', exact: true }).click();
    await poll(() => rows(page).count()).toBe(3);

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    const mode = dialog.getByRole('combobox', { name: 'Export mode' });
    await poll(() => mode.inputValue()).toBe('smart');
    expect(await mode.locator('option:checked').textContent()).toBe('Smart');
    // 42 s of 320×180 from the source: the summary says so, with a size estimate.
    const summary = dialog.getByLabel('Output summary');
    await poll(async () => (await summary.textContent()) ?? '').toMatch(/^320×180 · 42\.0 s · about \d+ (kB|MB)$/);

    // Vertical: a 9:16 crop box over the frame, moved by the keyboard and typed exactly.
    await dialog.getByRole('combobox', { name: 'Export as' }).selectOption({ label: 'Vertical' });
    const crop = dialog.getByRole('group', { name: 'Crop box', exact: true });
    await crop.waitFor();
    const x = dialog.getByRole('spinbutton', { name: 'Crop box x' });
    const width = dialog.getByRole('spinbutton', { name: 'Crop box width' });
    const height = dialog.getByRole('spinbutton', { name: 'Crop box height' });
    expect(await height.inputValue()).toBe('180');
    expect(Number(await width.inputValue())).toBeCloseTo((180 * 9) / 16, -1);
    const before = Number(await x.inputValue());
    await crop.focus();
    await page.keyboard.press('ArrowRight');
    await poll(async () => Number(await x.inputValue())).toBeGreaterThan(before);
    await x.fill('0');
    await poll(() => x.inputValue()).toBe('0');
    await poll(async () => (await summary.textContent()) ?? '').toMatch(/^1080×1920 · 42\.0 s/);
    await dialog.getByText('this export runs as accurate').waitFor();

    // A split has two boxes; blur has none.
    await dialog.getByRole('combobox', { name: 'Vertical layout' }).selectOption('split');
    await dialog.getByRole('group', { name: 'Facecam box', exact: true }).waitFor();
    await dialog.getByRole('group', { name: 'Gameplay box', exact: true }).waitFor();
    await dialog.getByRole('combobox', { name: 'Vertical layout' }).selectOption('blur');
    await poll(() => dialog.getByRole('group', { name: /box$/ }).count()).toBe(0);
    await dialog.getByRole('combobox', { name: 'Export as' }).selectOption('reel');

    // A timeline for another editor, beside the export path, nothing rendered.
    const out = join(ws.dir, 'reel.mp4');
    await dialog.getByRole('textbox', { name: 'Export path' }).fill(out);
    await dialog.getByRole('combobox', { name: 'Timeline format' }).selectOption('edl');
    await dialog.getByRole('button', { name: 'Save timeline' }).click();
    await dialog.getByText('Timeline written:').waitFor({ timeout: E2E_LONG_WAIT_MS });
    const edl = await readFile(join(ws.dir, 'reel.edl'), 'utf8');
    expect(edl).toMatch(/^TITLE: /);
    expect(edl).toContain('Opening fight');

    // Export with chapters and side files; the dialog then opens with those settings.
    await mode.selectOption('fast');
    await dialog.getByRole('checkbox', { name: /Chapters/ }).check();
    await dialog.getByRole('checkbox', { name: /CSV and JSON/ }).check();
    await dialog.getByRole('button', { name: 'Start export' }).click();
    await dialog.getByText('Export finished').waitFor({ timeout: E2E_LONG_WAIT_MS });
    expect(await readFile(join(ws.dir, 'reel.csv'), 'utf8')).toContain('Opening fight');
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    await page.reload();
    await page.getByRole('button', { name: 'stream', exact: true }).click();
    await poll(() => rows(page).count()).toBe(3);
    await page.getByRole('button', { name: 'Export…' }).click();
    await poll(() => dialog.getByRole('textbox', { name: 'Export path' }).inputValue()).toBe(out);
    await poll(() => mode.inputValue()).toBe('fast');
    await poll(() => dialog.getByRole('checkbox', { name: /Chapters/ }).isChecked()).toBe(true);
    await poll(() => dialog.getByRole('combobox', { name: 'Timeline format' }).inputValue()).toBe('edl');
  });
});
