// Proposals in a real browser against the real server and core: each proposal explains itself (tags and
// "Why highlight N" with the chat behind it, shown as text even when chat contains markup), a target
// reel length re-detects by itself and the proposals fit it, a range the user added survives that, and a
// video without chat shows its audio loudness instead.
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Highlight, Project } from '../../preload/contract';
import type { OpenedApp } from '../fixtures/app';
import { makeChatWithBursts, writeTwitchDownloaderChat } from '../fixtures/chat';
import { openVideo, useAppSession } from '../fixtures/session';
import { poll } from '../fixtures/waits';

const session = useAppSession();

/** Untrusted chat: if the UI ever rendered a message as HTML, this would run. */
const MARKUP = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
const BURSTS = [40, 170, 300, 430];
const DURATION_SEC = 540;

const length = (list: Highlight[]) => list.reduce((sum, h) => sum + (h.end - h.start), 0);
const autos = (list: Highlight[]) => list.filter((h) => h.origin === 'auto' && !h.edited);
const rows = (page: Page) => page.getByRole('button', { name: /^Go to highlight \d+$/ });

/** "1:23.4", as the UI writes times (renderer/src/format.ts), computed here independently. */
function clock(sec: number): string {
  const tenths = Math.round(sec * 10);
  const m = Math.floor(tenths / 600);
  const s = (tenths % 600) / 10;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

async function projectOf(app: OpenedApp, videoPath: string): Promise<Project> {
  const projects = await app.call<{ id: number; videoPath: string }[]>('listProjects', {});
  const id = projects.find((p) => p.videoPath === videoPath)!.id;
  return app.call<Project>('openProject', { projectId: id });
}

/** The chat of the workspace, plus a crowd posting markup in every burst. */
async function writeChatWithMarkup(chatPath: string): Promise<void> {
  const messages = makeChatWithBursts({
    durationSec: DURATION_SEC,
    baseRatePerSec: 0.5,
    bursts: BURSTS.map((atSec) => ({ atSec, durationSec: 8, ratePerSec: 12 })),
    seed: 7,
  });
  for (const at of BURSTS) {
    for (let i = 0; i < 15; i++) messages.push({ offsetSec: at + 1 + i * 0.4, author: `html_fan_${at}_${i}`, text: MARKUP, emotes: [] });
  }
  messages.sort((a, b) => a.offsetSec - b.offsetSec);
  await writeTwitchDownloaderChat(chatPath, messages, { videoLengthSec: DURATION_SEC });
}

describe('proposals, end to end in Chromium', () => {
  it('shows each proposal’s tags and why it was proposed, chat as plain text', async () => {
    const { ws, app } = await session.start({ durationSec: DURATION_SEC, bursts: BURSTS });
    const { page } = app;
    await writeChatWithMarkup(ws.chatPath);
    await openVideo(page, ws.videoPath);
    await poll(() => rows(page).count()).toBeGreaterThanOrEqual(1);
    const project = await projectOf(app, ws.videoPath);
    const first = project.highlights[0]!;
    expect(first.origin).toBe('auto');
    // The detector explains its proposals (required: this is what the UI shows).
    expect(first.tags.length).toBeGreaterThan(0);
    expect(first.evidence).not.toBeNull();
    const evidence = first.evidence!;

    const chips = page.getByRole('list', { name: 'Tags of highlight 1', exact: true }).getByRole('listitem');
    expect(await chips.allTextContents()).toEqual(first.tags.map((t) => t.replace(/[-_]+/g, ' ')));

    const why = page.getByRole('button', { name: 'Why highlight 1', exact: true });
    expect(await why.getAttribute('aria-expanded')).toBe('false');
    await why.click();
    const region = page.getByRole('region', { name: 'Why highlight 1', exact: true });
    await region.waitFor();
    expect(await why.getAttribute('aria-expanded')).toBe('true');
    const text = (await region.textContent()) ?? '';
    expect(text).toContain(clock(evidence.peakSec));
    expect(text).toContain(`${evidence.messages} message`);
    expect(text).toContain(`${evidence.chatters} chatter`);
    expect(text).toMatch(/× the usual rate|far above the usual rate/);
    expect(evidence.topEmotes.length).toBeGreaterThan(0);
    for (const emote of evidence.topEmotes) expect(text).toContain(`${emote.name} ×${emote.count}`);
    expect(evidence.sampleMessages.length).toBeGreaterThan(0);
    const items = await region.getByRole('listitem').allTextContents();
    expect(items).toContain(evidence.sampleMessages[0]);

    // Every proposal has its "Why" (and a manual range would have none).
    expect(await page.getByRole('button', { name: /^Why highlight \d+$/ }).count()).toBe(autos(project.highlights).length);

    // Chat is never parsed as markup: where the detector sampled the markup message, it reads literally.
    const withMarkup = project.highlights.findIndex((h) => h.evidence?.sampleMessages.includes(MARKUP));
    if (withMarkup >= 0) {
      const n = withMarkup + 1;
      // Highlight 1's explanation is open already (a second click would close it).
      if (n !== 1) await page.getByRole('button', { name: `Why highlight ${n}`, exact: true }).click();
      const markupRegion = page.getByRole('region', { name: `Why highlight ${n}`, exact: true });
      await markupRegion.waitFor();
      expect(await markupRegion.getByRole('listitem').allTextContents()).toContain(MARKUP);
      if (n !== 1) {
        await page.getByRole('button', { name: 'Why highlight 1', exact: true }).click();
        await region.waitFor();
      }
    }
    expect(await page.locator('.highlights img, .highlights b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Escape closes it; the focus stays on its button.
    await why.focus();
    await page.keyboard.press('Escape');
    await poll(() => region.count()).toBe(0);
    expect(await why.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('re-detects when the target reel length changes: proposals fit it and a range the user added stays', async () => {
    const { ws, app } = await session.start({ durationSec: DURATION_SEC, bursts: BURSTS });
    const { page } = app;
    await openVideo(page, ws.videoPath);
    await poll(() => rows(page).count()).toBeGreaterThanOrEqual(2);
    const initial = (await projectOf(app, ws.videoPath)).highlights;
    const proposals = autos(initial);
    expect(proposals.length).toBeGreaterThanOrEqual(2);

    // Add a range in a free stretch, through the UI (click the timeline there, then "Add").
    const slot = Array.from({ length: DURATION_SEC - 30 }, (_, t) => t + 2).find(
      (t) => !initial.some((h) => h.start < t + 26 && t - 2 < h.end),
    );
    expect(slot, 'a free stretch of the timeline for a manual range').toBeDefined();
    const box = (await page.getByTestId('timeline').boundingBox())!;
    await page.mouse.click(box.x + (box.width * slot!) / DURATION_SEC, box.y + box.height * 0.6);
    await page.getByRole('button', { name: 'Add highlight at playhead' }).click();
    await poll(() => rows(page).count()).toBe(initial.length + 1);

    // A target that holds the user's range and the shortest proposal, but not every proposal. Typed at
    // once: the edit above may still be waiting to be saved when the re-detection starts.
    const manualSec = 20;
    const lengths = proposals.map((h) => h.end - h.start).sort((a, b) => a - b);
    const target = Math.ceil(manualSec + lengths[0]! + 1);
    expect(target).toBeLessThan(manualSec + length(proposals));
    const minutes = Math.floor(target / 60);
    const field = page.getByRole('textbox', { name: 'Target reel length', exact: true });
    await field.fill(`${minutes}:${String(target % 60).padStart(2, '0')}`);

    // No button press: the change alone re-detects.
    const targetText = `${minutes}:${String(target % 60).padStart(2, '0')} target`;
    await poll(async () => (await projectOf(app, ws.videoPath)).detector.targetReelSec).toBe(target);
    const after = (await projectOf(app, ws.videoPath)).highlights;
    const manual = after.filter((h) => h.origin === 'manual');
    expect(manual).toHaveLength(1);
    expect(manual[0]!.end - manual[0]!.start).toBeCloseTo(manualSec, 1);
    expect(manual[0]!.start).toBeGreaterThanOrEqual(slot! - 2);
    expect(manual[0]!.end).toBeLessThanOrEqual(slot! + 26);
    const fitted = autos(after);
    expect(fitted.length).toBeGreaterThanOrEqual(1);
    expect(length(fitted)).toBeLessThanOrEqual(target - length(manual) + 1e-6);
    // The UI shows that list and the reel against the target.
    await poll(() => rows(page).count()).toBe(after.length);
    const fit = page.getByTestId('reel-fit');
    await poll(async () => (await fit.textContent()) ?? '').toContain(targetText);
    expect(await fit.textContent()).not.toContain('over');

    // "No limit" re-detects again: every proposal that does not overlap the user's range is back.
    await page.getByRole('checkbox', { name: 'No limit', exact: true }).check();
    await poll(async () => (await projectOf(app, ws.videoPath)).detector.targetReelSec).toBeNull();
    const unlimited = (await projectOf(app, ws.videoPath)).highlights;
    expect(unlimited.filter((h) => h.origin === 'manual').map((h) => [h.start, h.end])).toEqual(manual.map((h) => [h.start, h.end]));
    expect(autos(unlimited).length).toBe(proposals.length);
    expect(await field.inputValue()).toBe('');
    await poll(async () => (await fit.textContent()) ?? '').toContain('(no target)');

    // "Detect again" keeps the user's range too.
    await page.getByRole('button', { name: 'Detect again', exact: true }).click();
    await poll(async () => page.getByRole('button', { name: 'Detect again', exact: true }).isEnabled()).toBe(true);
    const again = (await projectOf(app, ws.videoPath)).highlights;
    expect(again.filter((h) => h.origin === 'manual').map((h) => [h.start, h.end])).toEqual(manual.map((h) => [h.start, h.end]));
  });

  it('labels the heat as the audio’s loudness for a video without chat', async () => {
    const { ws, app } = await session.start({ durationSec: 60, bursts: [] });
    const { page } = app;
    await rm(ws.chatPath);
    await openVideo(page, ws.videoPath);
    const timeline = page.getByRole('region', { name: 'Audio loudness timeline', exact: true });
    await timeline.waitFor();
    expect(await timeline.getByRole('heading', { name: 'Audio loudness', exact: true }).count()).toBe(1);
    expect(await timeline.getByText("No chat: heat shows the audio's loudness").count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Chat heatmap timeline' }).count()).toBe(0);
  });
});
