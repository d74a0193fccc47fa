// Attaching, syncing and replacing a chat through the Chat panel in a real browser against the real
// server and core: the import shows as a job, "Chat shift" moves every message (and so the proposals
// and the heatmap), and "Replace chat…" swaps in another file.
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job, Project } from '../../preload/contract';
import type { OpenedApp } from '../fixtures/app';
import { makeChatWithBursts, writeTwitchDownloaderChat } from '../fixtures/chat';
import { openVideo, useAppSession } from '../fixtures/session';

const session = useAppSession();
const DURATION_SEC = 300;
const BURSTS = [60, 200];

async function projectOf(app: OpenedApp, videoPath: string): Promise<Project> {
  const projects = await app.call<{ id: number; videoPath: string }[]>('listProjects', {});
  const id = projects.find((p) => p.videoPath === videoPath)!.id;
  return app.call<Project>('openProject', { projectId: id });
}

const peaks = (p: Project): number[] => p.highlights.flatMap((h) => (h.evidence ? [h.evidence.peakSec] : [])).sort((a, b) => a - b);

describe('the chat panel, end to end in Chromium', () => {
  it('attaches a chat file as a job, shifts it in time, and replaces it', async () => {
    const { ws, app } = await session.start({ durationSec: DURATION_SEC, bursts: BURSTS });
    const { page } = app;
    // Not beside the video under a known name, so the video opens without chat.
    const chatPath = join(ws.dir, 'log-from-elsewhere.json');
    await rename(ws.chatPath, chatPath);
    await openVideo(page, ws.videoPath);
    const attach = page.getByRole('region', { name: 'Attach chat', exact: true });
    await attach.waitFor();

    await attach.getByRole('textbox', { name: 'Chat file path' }).fill(chatPath);
    await attach.getByRole('button', { name: 'Import chat', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Chat', exact: true });
    await panel.waitFor();
    const facts = async () => (await panel.locator('dl').textContent()) ?? '';
    expect(await facts()).toContain(chatPath);
    expect(await facts()).toMatch(/Shiftnone/);
    const plain = await projectOf(app, ws.videoPath);
    expect(peaks(plain)).toHaveLength(BURSTS.length);
    // It ran as a job, listed with the others.
    const jobs = await app.call<Job[]>('listJobs', {});
    expect(jobs.find((j) => j.kind === 'chat-import')).toMatchObject({ state: 'done', title: 'Import chat log-from-elsewhere.json' });
    await expect.poll(() => page.getByText('Import chat log-from-elsewhere.json').count()).toBeGreaterThan(0);

    // The chat runs 20 s ahead of the video: shift it.
    const shift = panel.getByRole('spinbutton', { name: 'Chat shift (seconds)', exact: true });
    expect(await shift.inputValue()).toBe('0');
    const apply = panel.getByRole('button', { name: 'Apply shift', exact: true });
    expect(await apply.isDisabled()).toBe(true);
    await shift.fill('20');
    await apply.click();
    await expect.poll(facts).toMatch(/Shift\+20 s/);
    const shifted = await projectOf(app, ws.videoPath);
    expect(shifted.chat!.shiftSec).toBe(20);
    expect(peaks(shifted).map((p, i) => Math.round(p - peaks(plain)[i]!))).toEqual(BURSTS.map(() => 20));
    expect(await shift.inputValue()).toBe('20');
    // The rows follow the moved proposals.
    await expect
      .poll(async () => (await page.getByRole('button', { name: /^Go to highlight \d+$/ }).count()) > 0)
      .toBe(true);

    // Something that is not a number is not applied.
    await shift.fill('');
    expect(await apply.isDisabled()).toBe(true);

    // Replace it with another chat: one burst only.
    const otherPath = join(ws.dir, 'other.chat.json');
    const messages = makeChatWithBursts({
      durationSec: DURATION_SEC,
      baseRatePerSec: 0.5,
      bursts: [{ atSec: 120, durationSec: 8, ratePerSec: 12 }],
      seed: 9,
    });
    await writeTwitchDownloaderChat(otherPath, messages, { videoLengthSec: DURATION_SEC });
    await panel.getByText('Replace chat…').click();
    await panel.getByRole('textbox', { name: 'Chat file path' }).fill(otherPath);
    await panel.getByRole('button', { name: 'Import chat', exact: true }).click();
    await expect.poll(facts).toContain(otherPath);
    expect(await facts()).toMatch(/Shiftnone/);
    expect(await facts()).toContain(messages.length.toLocaleString('en-US'));
    const replaced = await projectOf(app, ws.videoPath);
    expect(peaks(replaced)).toHaveLength(1);
    expect(peaks(replaced)[0]).toBeGreaterThanOrEqual(120);
    expect(peaks(replaced)[0]).toBeLessThan(135);
  });

  it('cancels a running import from the Chat panel and keeps the chat it had', async () => {
    const { ws, app } = await session.start({ durationSec: DURATION_SEC, bursts: BURSTS });
    const { page } = app;
    // ~300k messages (~175 MB): about a second to import, long enough to press Cancel while it runs.
    const bigPath = join(ws.dir, 'big.chat.json');
    const big = makeChatWithBursts({ durationSec: DURATION_SEC, baseRatePerSec: 1000, bursts: [], seed: 21 });
    await writeTwitchDownloaderChat(bigPath, big, { videoLengthSec: DURATION_SEC });
    await openVideo(page, ws.videoPath);
    const panel = page.getByRole('region', { name: 'Chat', exact: true });
    await panel.waitFor();
    const before = (await projectOf(app, ws.videoPath)).chat;

    await panel.getByText('Replace chat…').click();
    await panel.getByRole('textbox', { name: 'Chat file path' }).fill(bigPath);
    await panel.getByRole('button', { name: 'Import chat', exact: true }).click();
    const cancel = panel.getByRole('button', { name: 'Cancel import', exact: true });
    await cancel.click({ timeout: 5000 });
    // The job ends cancelled, the call says so, and the project still has the chat it had.
    await expect.poll(async () => (await app.call<Job[]>('listJobs', {})).find((j) => j.title === 'Import chat big.chat.json')?.state).toBe('cancelled');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'The chat import was cancelled' }).count()).toBe(1);
    expect((await projectOf(app, ws.videoPath)).chat).toEqual(before);
    expect(await cancel.count()).toBe(0);
  });
});
