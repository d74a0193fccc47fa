// "Export as: Separate clips" in a real browser: the dialog names the files it will write, and the
// export writes one file per proposed range beside the path given.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../preload/contract';
import { probeFile } from '../fixtures/core';
import { openVideo, useAppSession } from '../fixtures/session';
import { E2E_LONG_WAIT_MS } from '../fixtures/waits';

const session = useAppSession();

describe('export as separate clips, end to end in Chromium', () => {
  it('writes one file per range, named after the export path', async () => {
    const { ws, app } = await session.start();
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await page.getByRole('slider', { name: 'Highlight 2 start', exact: true }).waitFor();
    const projects = await app.call<{ id: number }[]>('listProjects', {});
    const project = await app.call<Project>('openProject', { projectId: projects[0]!.id });
    expect(project.highlights).toHaveLength(2);

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    const outPath = join(ws.dir, 'moments.mp4');
    await dialog.getByRole('textbox', { name: 'Export path' }).fill(outPath);
    await dialog.getByRole('combobox', { name: 'Export as' }).selectOption('clips');
    await dialog.getByText('moments-01.mp4 … moments-02.mp4').waitFor();
    await dialog.getByRole('combobox', { name: 'Export mode' }).selectOption('accurate');
    await dialog.getByRole('button', { name: 'Start export' }).click();
    await dialog.getByText('Export finished (2 clips)').waitFor({ timeout: E2E_LONG_WAIT_MS });

    expect(existsSync(outPath)).toBe(false);
    const sorted = [...project.highlights].sort((a, b) => a.start - b.start);
    for (const [i, h] of sorted.entries()) {
      const probed = await probeFile(join(ws.dir, `moments-0${i + 1}.mp4`));
      expect(Math.abs(probed.durationSec - (h.end - h.start))).toBeLessThanOrEqual(1 / 30 + 1e-3);
    }
  });
});
