// README screenshots from the running UI: `highlighter serve` on a generated library, Debian's Chromium
// at 1280×720. Run with `npm run screenshots` after `npm run build`; writes resources/screenshots/*.png.
//   home.png       the home screen with recent projects
//   editor.png     the editor with proposals, a reordered and labelled list
//   shortcuts.png  the "Keyboard shortcuts" dialog
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../tests/fixtures/app';
import { REPO_ROOT, startServe } from '../tests/fixtures/cli';
import { makeWorkspace } from '../tests/fixtures/core';

const OUT = join(REPO_ROOT, 'resources', 'screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // let the last frame paint (a screenshot, not a test)
  await page.screenshot({ path: join(OUT, name) });
  console.log(`wrote resources/screenshots/${name}`);
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const ws = await makeWorkspace({ durationSec: 900, bursts: [60, 200, 340, 480, 620, 760] });
  const served = await startServe({ HIGHLIGHTER_DATA_DIR: ws.dataDir });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(120_000);
    await page.goto(served.url);
    await page.getByRole('textbox', { name: 'Video file path' }).fill(ws.videoPath);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Go to highlight 3' }).waitFor();
    await page.getByRole('button', { name: 'Move highlight 3 up' }).click();
    await page.getByRole('textbox', { name: 'Label for highlight 1' }).fill('Opening fight');
    await page.getByRole('button', { name: 'Go to highlight 2' }).click();
    await page.getByRole('slider', { name: 'Timeline zoom' }).fill('4');
    await shot(page, 'editor.png');
    await page.keyboard.press('Shift+Slash');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(page, 'shortcuts.png');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'All projects' }).click();
    await page.getByRole('heading', { name: /recent/i }).first().waitFor().catch(() => undefined);
    await shot(page, 'home.png');
  } finally {
    await browser.close();
    await served.stop();
    await ws.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
