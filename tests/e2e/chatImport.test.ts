// Attaching, syncing and replacing a chat through the Chat panel in a real browser against the real
// server and core: the import shows as a job, "Chat shift" moves every message (and so the proposals
// and the heatmap), and "Replace chat…" swaps in another file.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Job, Project } from '../../preload/contract';
import type { OpenedApp } from '../fixtures/app';
import { makeChatWithBursts, writeTwitchDownloaderChat } from '../fixtures/chat';
import { openVideo, useAppSession } from '../fixtures/session';
import { E2E_WAIT_MS, poll } from '../fixtures/waits';

const session = useAppSession();
const DURATION_SEC = 300;
const BURSTS = [60, 200];

async function projectOf(app: OpenedApp, videoPath: string): Promise<Project> {
  const projects = await app.call<{ id: number; videoPath: string }[]>('listProjects', {});
  const id = projects.find((p) => p.videoPath === videoPath)!.id;
  return app.call<Project>('openProject', { projectId: id });
}

const peaks = (p: Project): number[] => p.highlights.flatMap((h) => (h.evidence ? [h.evidence.peakSec] : [])).sort((a, b) => a - b);

/**
 * The chat of a whole stream for this 5-minute recording, gzip-compressed: 5000 messages in the
 * recording's time, then 12 million after its end (read, skipped and counted, never stored) as one
 * gzip member written again and again, which gunzip reads as one stream. 2.7 GB of chat: ~15 s to read
 * on an idle 2-core machine, seconds on the fastest and far longer on a busy one, yet written in a
 * moment and 16 MB on disk. So a cancel pressed while it runs cannot lose the race to its end (and
 * were it not cancelled, it would end 'done', not 'cancelled').
 */
async function writeLongChat(path: string): Promise<void> {
  const streamSec = 3 * 3600;
  const header = JSON.stringify({
    FileInfo: { Version: { Major: 1, Minor: 4, Patch: 0 } },
    streamer: { name: 'TestStreamer', id: 123456789 },
    video: { id: '2001234567', start: 0, end: streamSec, length: streamSec },
  });
  const comment = (i: number, offsetSec: number): string =>
    JSON.stringify({
      _id: `c-${i}`,
      content_offset_seconds: offsetSec,
      commenter: { display_name: `viewer_${i % 500}`, _id: String(1000 + (i % 500)), name: `viewer_${i % 500}` },
      message: { body: 'still watching', fragments: [{ text: 'still watching', emoticon: null }], user_badges: [] },
    });
  const early = Array.from({ length: 5000 }, (_, i) => comment(i, (i * (DURATION_SEC - 1)) / 5000));
  const late = gzipSync(Array.from({ length: 10_000 }, (_, i) => `,${comment(i % 10, DURATION_SEC + 60 + (i % 10))}`).join(''));
  const out = createWriteStream(path);
  out.write(gzipSync(`${header.slice(0, -1)},"comments":[${early.join(',')}`));
  for (let i = 0; i < 1200; i++) if (!out.write(late)) await once(out, 'drain');
  out.end(gzipSync('],"embeddedData":null}'));
  await finished(out);
}

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
    await poll(() => page.getByText('Import chat log-from-elsewhere.json').count()).toBeGreaterThan(0);

    // The chat runs 20 s ahead of the video: shift it.
    const shift = panel.getByRole('spinbutton', { name: 'Chat shift (seconds)', exact: true });
    expect(await shift.inputValue()).toBe('0');
    const apply = panel.getByRole('button', { name: 'Apply shift', exact: true });
    expect(await apply.isDisabled()).toBe(true);
    await shift.fill('20');
    await apply.click();
    await poll(facts).toMatch(/Shift\+20 s/);
    const shifted = await projectOf(app, ws.videoPath);
    expect(shifted.chat!.shiftSec).toBe(20);
    expect(peaks(shifted).map((p, i) => Math.round(p - peaks(plain)[i]!))).toEqual(BURSTS.map(() => 20));
    expect(await shift.inputValue()).toBe('20');
    // The rows follow the moved proposals.
    await poll(async () => (await page.getByRole('button', { name: /^Go to highlight \d+$/ }).count()) > 0).toBe(true);

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
    await poll(facts).toContain(otherPath);
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
    const longPath = join(ws.dir, 'whole-stream.chat.json.gz');
    await writeLongChat(longPath);
    await openVideo(page, ws.videoPath);
    const panel = page.getByRole('region', { name: 'Chat', exact: true });
    await panel.waitFor();
    const before = (await projectOf(app, ws.videoPath)).chat;

    await panel.getByText('Replace chat…').click();
    await panel.getByRole('textbox', { name: 'Chat file path' }).fill(longPath);
    await panel.getByRole('button', { name: 'Import chat', exact: true }).click();
    const title = 'Import chat whole-stream.chat.json.gz';
    const job = async () => (await app.call<Job[]>('listJobs', {})).find((j) => j.title === title);
    // Cancelled while it really runs: started and reading (the file takes far longer than this to read).
    await poll(async () => {
      const running = await job();
      return running?.state === 'running' && running.progress.fraction > 0;
    }).toBe(true);
    const cancel = panel.getByRole('button', { name: 'Cancel import', exact: true });
    await cancel.click({ timeout: E2E_WAIT_MS });
    // The job ends cancelled, the call says so, and the project still has the chat it had.
    await poll(async () => (await job())?.state).toBe('cancelled');
    await poll(() => page.getByRole('alert').filter({ hasText: 'The chat import was cancelled' }).count()).toBe(1);
    expect((await projectOf(app, ws.videoPath)).chat).toEqual(before);
    expect(await cancel.count()).toBe(0);
  });
});
