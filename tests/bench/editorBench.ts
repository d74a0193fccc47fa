// `npm run bench -- editor`: the editor on a 12-hour project — a tiny 12 h video, a 1,000,000-message
// chat beside it, 200 ranges — opened through `highlighter serve` in Debian's Chromium at 1280×720.
// Prints the time from Open to a painted heatmap and to the proposals, frames per second and the
// longest main-thread task while a boundary is dragged (at the default and at the highest zoom), and
// the renderer's JS heap. Frames are counted by requestAnimationFrame in the page; long tasks by a
// PerformanceObserver('longtask'). Files are generated once and cached under .tmp/bench/.
// Run alone: node --import tsx tests/bench/editorBench.ts
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import type { HighlightInput, Project } from '../../preload/contract';
import { CHROMIUM_PATH } from '../fixtures/app';
import { makeChatWithBursts, writeTwitchDownloaderChat } from '../fixtures/chat';
import { callServed, startServe } from '../fixtures/cli';
import { paintedHeatmapPixels } from '../fixtures/heatmapPixels';

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CACHE = join(ROOT, '.tmp', 'bench');
const VIDEO_SEC = 12 * 3600;
const MESSAGES = 1_000_000;
const RANGES = 200;

async function tinyVideo(): Promise<string> {
  const path = join(CACHE, 'tiny-12h.mp4');
  if (existsSync(path)) return path;
  await mkdir(CACHE, { recursive: true });
  const ffmpeg = process.env.HIGHLIGHTER_FFMPEG || 'ffmpeg';
  await run(ffmpeg, [
    '-y', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=128x72:rate=2:duration=${VIDEO_SEC}`,
    '-f', 'lavfi', '-i', `sine=frequency=330:beep_factor=2:sample_rate=8000:duration=${VIDEO_SEC}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '20', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '16k', '-ac', '1',
    '-movflags', '+faststart', `${path}.part.mp4`,
  ]);
  await rename(`${path}.part.mp4`, path);
  return path;
}

/** The 1M-message chat, generated once in a child process (its memory is not the bench's). */
function bigChat(): string {
  const path = join(CACHE, `chat-12h-${MESSAGES}.json`);
  if (!existsSync(path)) {
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate', path], { stdio: 'inherit', cwd: ROOT });
  }
  return path;
}

async function generate(path: string): Promise<void> {
  const rate = (MESSAGES / VIDEO_SEC) * 1.02;
  const bursts = Array.from({ length: Math.floor(VIDEO_SEC / 400) }, (_, i) => ({ atSec: i * 400 + 200, durationSec: 15, ratePerSec: 40 }));
  const messages = makeChatWithBursts({ durationSec: VIDEO_SEC, baseRatePerSec: rate, bursts, seed: 9 }).slice(0, MESSAGES);
  await writeTwitchDownloaderChat(`${path}.part`, messages, { videoLengthSec: VIDEO_SEC });
  await rename(`${path}.part`, path);
}

type BenchState = { frames: number; long: [number, number][]; on: boolean; obs?: PerformanceObserver; startAt: number; dropAt?: number };

/**
 * Frames per second and the longest task while `work` runs in the page. A task that starts after the
 * page marked the drop (markDrop) is the release's (the edit committed), reported apart from the drag's.
 */
async function measureFrames(
  page: Page,
  work: () => Promise<void>,
): Promise<{ fps: number; frames: number; ms: number; longestTaskMs: number; longTasks: number; longTasksAtMs: number[]; longestDropTaskMs: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench: BenchState };
    w.__bench = { frames: 0, long: [], on: true, startAt: performance.now() };
    const tick = () => {
      if (!w.__bench.on) return;
      w.__bench.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    w.__bench.obs = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__bench.long.push([entry.startTime, entry.duration]);
    });
    w.__bench.obs.observe({ type: 'longtask', buffered: false });
  });
  const started = Date.now();
  await work();
  const ms = Date.now() - started;
  // Tasks still running at the end are reported once they finish.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  const { frames, long, dropAt } = await page.evaluate(() => {
    const w = window as unknown as { __bench: BenchState };
    w.__bench.on = false;
    w.__bench.obs?.disconnect();
    return { frames: w.__bench.frames, long: w.__bench.long.map(([at, d]) => [at - w.__bench.startAt, d] as [number, number]), dropAt: (w.__bench.dropAt ?? Infinity) - w.__bench.startAt };
  });
  const drag = long.filter(([at]) => at < dropAt).map(([, d]) => d);
  const drop = long.filter(([at]) => at >= dropAt).map(([, d]) => d);
  return {
    fps: Math.round((frames / (ms / 1000)) * 10) / 10,
    frames,
    ms,
    longestTaskMs: Math.round(Math.max(0, ...drag)),
    longTasks: drag.length,
    /** When each long task of the drag began, ms after the measurement did (the press comes first). */
    longTasksAtMs: long.filter(([at]) => at < dropAt).map(([at]) => Math.round(at)),
    longestDropTaskMs: Math.round(Math.max(0, ...drop)),
  };
}

/** Marks the moment the mouse is released (see measureFrames). */
function markDrop(page: Page): Promise<void> {
  return page.evaluate(() => {
    (window as unknown as { __bench: BenchState }).__bench.dropAt = performance.now();
  });
}

/** Drags the end handle of highlight `n` back and forth for about two seconds, one move per frame. */
async function dragBoundary(page: Page, n: number): Promise<{ moved: boolean; result: Awaited<ReturnType<typeof measureFrames>> }> {
  const handle = page.getByRole('slider', { name: `Highlight ${n} end`, exact: true });
  await handle.waitFor({ state: 'attached', timeout: 60_000 });
  await handle.scrollIntoViewIfNeeded();
  const before = await handle.getAttribute('aria-valuenow');
  const box = (await handle.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const result = await measureFrames(page, async () => {
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 120; i++) {
      const dx = 40 * Math.sin((i / 120) * Math.PI * 2) + i * 0.3;
      await page.mouse.move(x + dx, y);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    }
    await markDrop(page);
    await page.mouse.up();
  });
  const moved = (await handle.getAttribute('aria-valuenow')) !== before;
  return { moved, result };
}

export async function benchEditor(): Promise<Record<string, unknown>> {
  const [video, chat] = [await tinyVideo(), bigChat()];
  const dir = await mkdtemp(join(tmpdir(), 'hl-editor-bench-'));
  const videoPath = join(dir, 'vod.mp4');
  await link(video, videoPath);
  await link(chat, join(dir, 'vod.chat.json'));
  const served = await startServe({ HIGHLIGHTER_DATA_DIR: join(dir, 'library') });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  });
  const call = <T>(method: string, args: unknown) => callServed<T>(served, method, args);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(600_000);
    // tsx keeps function names with a helper that functions sent to the page would miss.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.goto(served.url);

    // First open: the chat is imported (1M messages), then heatmap and proposals.
    const firstOpenStarted = Date.now();
    await page.getByRole('textbox', { name: 'Video file path' }).fill(videoPath);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Go to highlight 1', exact: true }).waitFor();
    const firstOpenMs = Date.now() - firstOpenStarted;

    // 200 ranges of 60 s spread over the 12 hours, then the project reopened as a user would.
    const projects = await call<Array<{ id: number; videoPath: string }>>('listProjects', {});
    const projectId = projects.find((p) => p.videoPath === videoPath)!.id;
    const spacing = VIDEO_SEC / RANGES;
    const ranges: HighlightInput[] = Array.from({ length: RANGES }, (_, i) => ({ id: `bench-${i}`, start: Math.round(i * spacing + 30), end: Math.round(i * spacing + 90) }));
    await call<Project>('saveHighlights', { projectId, highlights: ranges });
    await page.reload();
    const openStarted = Date.now();
    await page.getByRole('button', { name: 'vod', exact: true }).click();
    await waitFor(async () => (await paintedHeatmapPixels(page)) > 500);
    const heatmapMs = Date.now() - openStarted;
    // Proposals: the list's first row and the last range's handle on the timeline.
    await page.getByRole('button', { name: 'Go to highlight 1', exact: true }).waitFor();
    await page.getByRole('slider', { name: `Highlight ${RANGES} end`, exact: true }).waitFor({ state: 'attached' });
    const proposalsMs = Date.now() - openStarted;

    const n = RANGES / 2;
    const defaultZoom = await dragBoundary(page, n);
    // The playhead on that range, so the highest zoom (around the playhead) shows it.
    await page.evaluate((t) => {
      document.querySelector('video')!.currentTime = t;
    }, ranges[n - 1]!.end);
    const zoomSlider = page.getByRole('slider', { name: 'Timeline zoom' });
    const maxZoom = (await zoomSlider.getAttribute('max')) ?? '1';
    await zoomSlider.fill(maxZoom);
    await page.waitForTimeout(500);
    const highestZoom = await dragBoundary(page, n);

    const cdp = await page.context().newCDPSession(page);
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    return {
      video: { hours: VIDEO_SEC / 3600, messages: MESSAGES, ranges: RANGES, viewport: '1280x720' },
      firstOpenWithImportMs: firstOpenMs,
      reopen: { heatmapMs, proposalsMs },
      dragDefaultZoom: { ...defaultZoom.result, boundaryMoved: defaultZoom.moved },
      dragHighestZoom: { zoom: Number(maxZoom), ...highestZoom.result, boundaryMoved: highestZoom.moved },
      rendererHeapMB: { used: Math.round(heap.usedSize / 2 ** 20), total: Math.round(heap.totalSize / 2 ** 20) },
      loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
    };
  } finally {
    await browser.close();
    await served.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const [flag, path] = process.argv.slice(2);
if (flag === '--generate' && path) {
  await generate(path);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchEditor(), null, 2)}\n`);
}
