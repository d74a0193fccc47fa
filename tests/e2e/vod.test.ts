// Twitch VODs in a real browser against the real server and core, with a fake Twitch on loopback:
// paste a link, check the preview, open with chat only, the heatmap arrives with the chat job, muted
// stretches and clips are on the timeline, and one range exports while the video is not downloaded
// (only the segments it needs are fetched). Then: the video download with progress, cancel and resume,
// the player taking the finished video; subscriber-only VODs and the token; bad links; ?vod=.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Project, ProjectSummary } from '../../preload/contract';
import { probeFile } from '../fixtures/core';
import { startFakeTwitch, type FakeTwitch } from '../fixtures/fakeTwitch';
import { startExportInUi, useAppSession } from '../fixtures/session';
import { paintedHeatmapPixels } from '../fixtures/heatmapPixels';
import { standardVod } from '../fixtures/twitchCore';
import { E2E_LONG_WAIT_MS, poll } from '../fixtures/waits';

const VOD = '123456789';
const SLOW_VOD = '223344556';
const SUB_VOD = '987654321';
const LIVE_VOD = '555666777';
const SEGMENT_SEC = 4;

let fake: FakeTwitch;
const session = useAppSession(() => ({ ...fake.env, HIGHLIGHTER_TWITCH_RETRY_MS: '5' }));

beforeAll(async () => {
  fake = await startFakeTwitch({
    vods: [
      standardVod(VOD, {
        title: 'Grand finals',
        ownerDisplayName: 'FakeStreamer',
        ownerLogin: 'fake_streamer',
        chapters: [
          { positionMs: 0, durationMs: 75_000, description: 'Just Chatting' },
          { positionMs: 75_000, durationMs: 45_000, description: 'Dota 2' },
        ],
      }),
      standardVod(SLOW_VOD, { title: 'Slow download' }),
      standardVod(SUB_VOD, { title: 'Subs only', subscriberOnly: true }),
      standardVod(LIVE_VOD, { title: 'Still streaming', live: true }),
    ],
    validOAuthToken: 'goodtoken123',
  });
});

afterAll(async () => {
  await fake?.close();
});

afterEach(() => {
  fake.options.slowSegments = undefined;
  fake.reset();
});


async function lookUp(page: Page, ref: string): Promise<void> {
  const link = page.getByRole('textbox', { name: 'Twitch VOD link' });
  await link.fill(ref);
  await link.press('Enter');
}

async function projectOf(call: <T>(m: string, a: unknown) => Promise<T>, vodId: string): Promise<Project> {
  const summary = (await call<ProjectSummary[]>('listProjects', {})).find((p) => p.twitchVodId === vodId);
  expect(summary).toBeDefined();
  return call<Project>('openProject', { projectId: summary!.id });
}

const shownTime = (page: Page) => page.getByRole('timer', { name: 'Current time' }).textContent();

describe('Twitch VODs, end to end in Chromium', () => {
  it('opens a VOD from its link with chat only, shows heatmap, muted band and clips, and exports a range without the video', async () => {
    const { ws, app } = await session.start();
    const { page } = app;

    await lookUp(page, `https://www.twitch.tv/videos/${VOD}`);
    const preview = page.getByRole('region', { name: 'VOD preview' });
    await preview.getByRole('heading', { name: 'Grand finals' }).waitFor();
    expect(await preview.getByText('FakeStreamer').count()).toBe(1);
    expect(await preview.getByRole('img', { name: 'Grand finals' }).count()).toBe(1);
    expect(await preview.getByText('0:02:00').count()).toBe(1);
    expect(await preview.getByText('Just Chatting').count()).toBe(1);
    const quality = preview.getByRole('combobox', { name: 'Quality' });
    expect(await quality.locator('option:checked').textContent()).toMatch(/\(source\)$/);
    const download = preview.getByRole('checkbox', { name: 'Download video' });
    expect(await download.isChecked()).toBe(true);
    await download.uncheck();
    await preview.getByRole('button', { name: 'Open VOD' }).click();

    // The editor opens at once; the video is not there, so the player says so and offers the download.
    const videoStatus = page.getByRole('status', { name: 'Video download' });
    await videoStatus.waitFor();
    expect(await videoStatus.getByRole('button', { name: 'Resume download' }).count()).toBe(1);

    // The chat job brings the heatmap and proposals.
    await poll(() => paintedHeatmapPixels(page), { timeout: E2E_LONG_WAIT_MS }).toBeGreaterThan(500);
    await page.getByRole('slider', { name: 'Highlight 1 start', exact: true }).waitFor();

    // Segments 5 and 6 (20–28 s) are muted; the clips come from the channel's clip list.
    await page.getByRole('img', { name: 'Muted 0:20\u20130:28' }).waitFor();
    const marker = page.getByRole('button', { name: 'Clip: What a play' });
    await marker.waitFor();
    expect(await page.getByRole('button', { name: 'Clip: elsewhere' }).count()).toBe(0);
    await marker.click();
    await poll(() => shownTime(page)).toBe('0:08.0');
    await marker.hover();
    await page.getByRole('tooltip').getByText('500 views', { exact: false }).waitFor();

    // The VOD's chapters: listed, the one under the playhead marked, each seeks to its start.
    const chapters = page.getByRole('region', { name: 'Chapters', exact: true });
    const first = chapters.getByRole('button', { name: 'Go to chapter 1: Just Chatting', exact: true });
    const second = chapters.getByRole('button', { name: 'Go to chapter 2: Dota 2', exact: true });
    expect(await second.textContent()).toContain('0:01:15–0:02:00');
    expect(await first.getAttribute('aria-current')).toBe('true');
    await second.click();
    await poll(() => shownTime(page)).toBe('1:15.0');
    await poll(() => second.getAttribute('aria-current')).toBe('true');
    expect(await first.getAttribute('aria-current')).toBeNull();
    expect(await page.getByRole('list', { name: 'Timeline legend' }).textContent()).toContain('Chapters (2)');

    // Keep one range and export it: only the segments around it are fetched, the video stays undownloaded.
    const project = await projectOf(app.call, VOD);
    for (let n = project.highlights.length; n > 1; n--) {
      await page.getByRole('button', { name: `Delete highlight ${n}`, exact: true }).click();
    }
    await poll(async () => (await projectOf(app.call, VOD)).highlights.length).toBe(1);
    const [range] = (await projectOf(app.call, VOD)).highlights;
    fake.reset();
    const outPath = join(ws.dir, 'vod-reel.mp4');
    const dialog = await startExportInUi(page, outPath, 'accurate');
    await dialog.getByText('Export finished').waitFor({ timeout: E2E_LONG_WAIT_MS });

    const reel = await probeFile(outPath);
    expect(Math.abs(reel.durationSec - (range!.end - range!.start))).toBeLessThan(0.15);
    const fetched = [...new Set(fake.segmentRequests(VOD).map((name) => Number.parseInt(name, 10)))];
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.length).toBeLessThan(120 / SEGMENT_SEC);
    for (const index of fetched) {
      expect(index).toBeGreaterThanOrEqual(Math.floor(range!.start / SEGMENT_SEC) - 1);
      expect(index).toBeLessThanOrEqual(Math.floor(range!.end / SEGMENT_SEC) + 1);
    }
    expect((await projectOf(app.call, VOD)).twitch?.video).not.toBe('complete');
  });

  it('downloads the video with progress, cancels and resumes it, then plays it; the project list marks it', async () => {
    const { app } = await session.start();
    const { page } = app;
    // The first segments come at once (progress shows); the rest are held longer than any wait here, so
    // the download is still running when it is cancelled, however fast or slow the machine.
    fake.options.slowSegments = { indices: Array.from({ length: 20 }, (_, i) => 10 + i), delayMs: E2E_LONG_WAIT_MS };

    await lookUp(page, SLOW_VOD);
    const preview = page.getByRole('region', { name: 'VOD preview' });
    await preview.getByRole('heading', { name: 'Slow download' }).waitFor();
    await preview.getByRole('button', { name: 'Open VOD' }).click();

    const videoStatus = page.getByRole('status', { name: 'Video download' });
    const progress = videoStatus.getByRole('progressbar', { name: 'Video download progress' });
    await poll(async () => Number((await progress.getAttribute('aria-valuenow')) ?? 0)).toBeGreaterThan(0);

    // Chat and video download at once, each listed with its own cancel button.
    const jobs = page.getByRole('region', { name: 'Jobs' });
    const cancelVideo = jobs.getByRole('button', { name: `Cancel Download video of VOD ${SLOW_VOD}` });
    await cancelVideo.click();
    const resume = videoStatus.getByRole('button', { name: 'Resume download' });
    await resume.waitFor();
    expect(await page.getByRole('button', { name: `Cancel Download video of VOD ${SLOW_VOD}` }).count()).toBe(0);

    fake.options.slowSegments = undefined;
    await resume.click();
    // Finished: the placeholder goes and the player loads the video.
    await videoStatus.waitFor({ state: 'detached', timeout: E2E_LONG_WAIT_MS });
    const video = page.locator('video');
    await poll(() => video.evaluate((el: HTMLVideoElement) => el.readyState)).toBeGreaterThan(0);
    expect(await video.evaluate((el: HTMLVideoElement) => Math.round(el.duration))).toBe(120);
    expect(await page.getByRole('button', { name: 'Play', exact: true }).isEnabled()).toBe(true);

    await page.getByRole('button', { name: 'All projects' }).click();
    const item = page.getByRole('button', { name: 'Slow download', exact: true });
    await item.waitFor();
    expect(await item.getByText('Twitch', { exact: true }).count()).toBe(1);
  });

  it('asks for a token for a subscriber-only VOD, refuses bad links with an example, notes a stream still live, and looks up ?vod= on load', async () => {
    const { app } = await session.start();
    const { page } = app;

    await lookUp(page, 'https://www.twitch.tv/some_channel');
    await page.getByRole('alert').filter({ hasText: 'twitch.tv/videos/123456789' }).waitFor();

    // A stream still going: the preview says how much there is so far, and the editor marks the project.
    await lookUp(page, `https://www.twitch.tv/videos/${LIVE_VOD}`);
    const live = page.getByRole('region', { name: 'VOD preview' }).getByRole('note');
    await live.waitFor();
    expect(await live.textContent()).toMatch(/Still live\..*holds the first 0:02:00/);
    await page.getByRole('checkbox', { name: 'Download video' }).uncheck();
    await page.getByRole('button', { name: 'Open VOD' }).click();
    await page.getByText('Opened while live', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'All projects' }).click();

    await lookUp(page, `https://www.twitch.tv/videos/${SUB_VOD}`);
    const token = page.getByRole('textbox', { name: 'Twitch OAuth token' });
    await token.waitFor();
    expect(await token.getAttribute('type')).toBe('password');
    await token.fill('goodtoken123');
    await page.getByRole('button', { name: 'Save token' }).click();
    await page.getByRole('region', { name: 'VOD preview' }).getByRole('heading', { name: 'Subs only' }).waitFor();
    expect(await page.getByText('goodtoken123').count()).toBe(0);

    await page.getByText('Twitch token', { exact: true }).click();
    await page.getByText('A token is stored.').waitFor();
    await page.getByRole('button', { name: 'Forget token' }).click();
    await page.getByText('No token is stored.').waitFor();

    const url = new URL(page.url());
    url.searchParams.set('vod', `https://www.twitch.tv/videos/${VOD}?t=1m5s`);
    await page.goto(url.toString());
    expect(await page.getByRole('textbox', { name: 'Twitch VOD link' }).inputValue()).toBe(`https://www.twitch.tv/videos/${VOD}?t=1m5s`);
    const preview = page.getByRole('region', { name: 'VOD preview' });
    await preview.getByRole('heading', { name: 'Grand finals' }).waitFor();
    expect(await preview.getByText('0:01:05', { exact: false }).count()).toBe(1);
  });
});
