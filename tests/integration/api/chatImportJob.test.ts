// Importing a chat file through the API is a job: it shows in the jobs list with progress, can be
// cancelled (the previous chat stays), runs again after the app closed in the middle of it, and can
// move the chat in time (chat sync) for logs whose clock does not start with the video.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Project } from '../../../preload/contract';
import type { Core } from '../../../main/core';
import { CHAT_IMPORT_JOB } from '../../../main/core/api/chatImportJob';
import { makeChatWithBursts, writeTwitchDownloaderChat } from '../../fixtures/chat';
import { makeWorkspace, openCore, waitForJob, type TestWorkspace } from '../../fixtures/core';

let ws: TestWorkspace;
let bigChatPath: string;
let bigCount: number;
/** About this many messages (the generator is random). */
const BIG_MESSAGES = 250_000;

beforeAll(async () => {
  ws = await makeWorkspace({ durationSec: 200, bursts: [40, 170] });
  // Enough messages that the import takes about a second: long enough to cancel or stop it midway.
  bigChatPath = join(ws.dir, 'big.chat.json');
  const messages = makeChatWithBursts({ durationSec: 200, baseRatePerSec: BIG_MESSAGES / 200, bursts: [], seed: 3 });
  bigCount = messages.length;
  await writeTwitchDownloaderChat(bigChatPath, messages, { videoLengthSec: 200 });
}, 120_000);

afterAll(async () => {
  await ws?.cleanup();
});

async function jobsOf(core: Core, projectId: number): Promise<Job[]> {
  const jobs = await core.api.listJobs({});
  return jobs.filter((j) => j.kind === CHAT_IMPORT_JOB && j.projectId === projectId);
}

/** Calls `act` with the import job once it has reported progress part-way through the file. */
function whenHalfway(core: Core, act: (job: Job) => void): void {
  let acted = false;
  const off = core.events.on('job', (job) => {
    if (acted || job.kind !== CHAT_IMPORT_JOB || job.state !== 'running') return;
    if (job.progress.fraction > 0.05 && job.progress.fraction < 0.9) {
      acted = true;
      off();
      act(job);
    }
  });
}

describe('chat import as a job', () => {
  let core: Core;
  let project: Project;

  beforeAll(async () => {
    core = await openCore(ws.dataDir);
    project = await core.api.openLocal({ videoPath: ws.videoPath });
  });
  afterAll(async () => {
    await core?.close();
  });

  it('imports the chat beside the video as a job, listed as done with what it read', async () => {
    expect(project.chat?.messageCount).toBeGreaterThan(0);
    const [job] = await jobsOf(core, project.id);
    expect(job).toMatchObject({ title: 'Import chat stream.chat.json', state: 'done', progress: { fraction: 1 } });
    expect(job!.result).toMatchObject({ format: project.chat!.format, messages: project.chat!.messageCount });
  });

  it('reports progress in messages while reading a big file', async () => {
    const seen: Job[] = [];
    const off = core.events.on('job', (job) => {
      if (job.kind === CHAT_IMPORT_JOB) seen.push(job);
    });
    const updated = await core.api.importChat({ projectId: project.id, chatPath: bigChatPath });
    off();
    expect(updated.chat).toMatchObject({ messageCount: bigCount, path: bigChatPath, shiftSec: 0 });
    const running = seen.filter((j) => j.state === 'running' && j.progress.fraction > 0 && j.progress.fraction < 1);
    expect(running.length).toBeGreaterThan(0);
    expect(running.at(-1)!.progress.detail).toMatch(/^[\d,]+ messages$/);
    expect(seen.at(-1)).toMatchObject({ state: 'done', title: 'Import chat big.chat.json' });
  });

  it('moves every message by the chat sync, skipping (and counting) what falls outside the video', async () => {
    const plain = await core.api.importChat({ projectId: project.id, chatPath: ws.chatPath });
    const shifted = await core.api.importChat({ projectId: project.id, chatPath: ws.chatPath, shiftSec: 20 });
    expect(shifted.chat!.shiftSec).toBe(20);
    // The chat ran to the video's end, so its last 20 s now fall after it.
    expect(shifted.chat!.skipped).toBeGreaterThan(plain.chat!.skipped);
    expect(shifted.chat!.messageCount + shifted.chat!.skipped).toBe(plain.chat!.messageCount + plain.chat!.skipped);
    const peaks = (p: Project) => p.highlights.map((h) => h.evidence!.peakSec).sort((a, b) => a - b);
    expect(peaks(shifted)).toHaveLength(peaks(plain).length);
    peaks(shifted).forEach((peak, i) => expect(peak - peaks(plain)[i]!).toBeCloseTo(20, 0));

    const heatmap = await core.api.getHeatmap({ projectId: project.id });
    const bin = (sec: number) => heatmap!.values[Math.floor(sec / heatmap!.binSec)]!;
    expect(bin(ws.bursts[0]! + 24)).toBeGreaterThan(bin(ws.bursts[0]! + 2) * 3);

    const earlier = await core.api.importChat({ projectId: project.id, chatPath: ws.chatPath, shiftSec: -30.5 });
    expect(earlier.chat!.shiftSec).toBe(-30.5);
    expect(earlier.chat!.skipped).toBeGreaterThan(plain.chat!.skipped);
  });

  it('refuses an absurd shift before starting anything', async () => {
    await expect(core.api.importChat({ projectId: project.id, chatPath: ws.chatPath, shiftSec: 1e9 })).rejects.toMatchObject({
      code: 'BAD_ARGUMENTS',
    });
  });

  it('cancels from the jobs list: the call fails as cancelled and the previous chat stays', async () => {
    const before = (await core.api.openProject({ projectId: project.id })).chat;
    whenHalfway(core, (job) => void core.api.cancelJob({ jobId: job.id }));
    await expect(core.api.importChat({ projectId: project.id, chatPath: bigChatPath })).rejects.toMatchObject({ code: 'CANCELLED' });
    const after = await core.api.openProject({ projectId: project.id });
    expect(after.chat).toEqual(before);
    expect((await jobsOf(core, project.id))[0]).toMatchObject({ state: 'cancelled' });
  });
});

describe('chat import cut short by closing the app', () => {
  it('runs again at the next start and the chat arrives', async () => {
    const dataDir = join(ws.dir, 'restart-library');
    const first = await openCore(dataDir);
    const project = await first.api.openLocal({ videoPath: ws.videoPath });
    let jobId = 0;
    const closed = new Promise<void>((resolve) => {
      whenHalfway(first, (job) => {
        jobId = job.id;
        void first.close().then(resolve);
      });
    });
    const call = first.api.importChat({ projectId: project.id, chatPath: bigChatPath }).catch((error: unknown) => error);
    await closed;
    expect(await call).toMatchObject({ code: expect.any(String) });

    const second = await openCore(dataDir);
    try {
      const stored = (await second.api.listJobs({})).find((j) => j.id === jobId)!;
      const final = ['done', 'failed'].includes(stored.state) ? stored : await waitForJob(second, jobId);
      expect(final.state).toBe('done');
      const reopened = await second.api.openProject({ projectId: project.id });
      expect(reopened.chat).toMatchObject({ path: bigChatPath, messageCount: bigCount });
    } finally {
      await second.close();
    }
  });
});
