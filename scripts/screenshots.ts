// README screenshots from the running UI: `highlighter serve` on a generated library, Debian's Chromium
// at 1280×720. Run with `npm run screenshots` after `npm run build`; writes resources/screenshots/*.png.
//   home.png       the home screen with recent projects
//   editor.png     the editor with proposals, a reordered and labelled list
//   shortcuts.png  the "Keyboard shortcuts" dialog
//   long-vod.png   a 2-hour VOD zoomed in: thumbnails, waveform, the overview strip, the hover tooltip
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../tests/fixtures/app';
import { REPO_ROOT, startServe } from '../tests/fixtures/cli';
import { makeChatWithBursts, writeTwitchDownloaderChat } from '../tests/fixtures/chat';
import { makeWorkspace } from '../tests/fixtures/core';
import { makeTestVideo } from '../tests/fixtures/media';

const OUT = join(REPO_ROOT, 'resources', 'screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // let the last frame paint (a screenshot, not a test)
  await page.screenshot({ path: join(OUT, name) });
  console.log(`wrote resources/screenshots/${name}`);
}

/** Opens a generated 2-hour VOD with chat, zooms in on a burst and waits for thumbnails and waveform. */
async function longVod(page: Page): Promise<void> {
  const durationSec = 7200;
  const dir = await mkdtemp(join(tmpdir(), 'hl-shots-'));
  const videoPath = join(dir, 'Friday marathon.mp4');
  await copyFile(await makeTestVideo({ durationSec, fps: 5, keyintFrames: 10, width: 320, height: 180 }), videoPath);
  const bursts = Array.from({ length: 22 }, (_, i) => ({ atSec: 200 + i * 320 + (i % 3) * 40, durationSec: 10, ratePerSec: 14 + (i % 5) * 4 }));
  const messages = makeChatWithBursts({ durationSec, baseRatePerSec: 1.2, bursts, seed: 11 });
  await writeTwitchDownloaderChat(join(dir, 'Friday marathon.chat.json'), messages, { videoLengthSec: durationSec });
  await page.getByRole('button', { name: 'All projects' }).click();
  await page.getByRole('textbox', { name: 'Video file path' }).fill(videoPath);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Go to highlight 4', exact: true }).click();
  await page.getByRole('slider', { name: 'Timeline zoom' }).fill('16');
  await page.getByRole('img', { name: 'Audio waveform' }).waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('.thumbnail-strip img').length >= 6, undefined, { timeout: 120_000 });
  const wave = (await page.getByTestId('timeline').boundingBox())!;
  await page.mouse.move(wave.x + wave.width * 0.62, wave.y + wave.height * 0.5);
  await page.getByRole('tooltip').waitFor();
  await page.waitForTimeout(600);
  await shot(page, 'long-vod.png');
  await page.mouse.move(0, 0);
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
    // tsx keeps function names with a helper that functions sent to the page would miss.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(served.url);
    await page.getByRole('textbox', { name: 'Video file path' }).fill(ws.videoPath);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Go to highlight 3' }).waitFor();
    await page.getByRole('button', { name: 'Move highlight 3 up' }).click();
    await page.getByRole('textbox', { name: 'Label for highlight 1' }).fill('Opening fight');
    await page.getByRole('button', { name: 'Go to highlight 2' }).click();
    await page.getByRole('slider', { name: 'Timeline zoom' }).fill('4');
    await page.getByRole('img', { name: 'Audio waveform' }).waitFor({ timeout: 120_000 });
    await shot(page, 'editor.png');
    await page.keyboard.press('Shift+Slash');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(page, 'shortcuts.png');
    await page.keyboard.press('Escape');
    await longVod(page);
    await page.getByRole('button', { name: 'All projects' }).click();
    // The home screen's thumbnails are made in the background; wait until both are there.
    await page.waitForFunction(() => document.querySelectorAll('.recent-thumb img').length >= 2, undefined, { timeout: 120_000 });
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
