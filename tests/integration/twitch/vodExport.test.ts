// A reel from a VOD that is not downloaded: only the segments overlapping the ranges are fetched.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import { probeStreams } from '../../fixtures/media';
import { waitForJob } from '../../fixtures/core';
import { standardVod, startTwitchWorld, type TwitchWorld } from '../../fixtures/twitchCore';

let world: TwitchWorld;
let core: Core;

beforeAll(async () => {
  world = await startTwitchWorld({ vods: [standardVod('2001'), standardVod('2002'), standardVod('2003'), standardVod('2004')] });
  core = await world.openCore();
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

describe('partial export', () => {
  it.each(['accurate', 'fast'] as const)('%s: fetches only the overlapping segments and cuts the right length', async (mode) => {
    const vodId = mode === 'accurate' ? '2001' : '2002';
    const project = await core.api.openVod({ ref: vodId, video: false });
    const chatJob = (await core.api.listJobs()).find((j) => j.projectId === project.id && j.kind === 'twitch-chat')!;
    await waitForJob(core, chatJob.id);
    expect((await core.api.listJobs()).some((j) => j.projectId === project.id && j.kind === 'twitch-video')).toBe(false);

    // Segments are 4 s: [13, 19] touches 3 and 4; [85, 86.5] touches 21; [21, 23] touches muted 5.
    const ranges = [
      { id: 'a', start: 13, end: 19 },
      { id: 'b', start: 85, end: 86.5 },
      { id: 'c', start: 21, end: 23 },
    ];
    await core.api.saveHighlights({ projectId: project.id, highlights: ranges });
    const plan = await core.api.planExport({ projectId: project.id, mode });
    world.fake.reset();
    const out = join(await mkdtemp(join(world.dir, 'out-')), 'reel.mp4');
    const job = await core.api.startExport({ projectId: project.id, outPath: out, mode });
    const done = await waitForJob(core, job.id);
    expect(done.error).toBeNull();
    expect(done.state).toBe('done');

    expect(world.fake.segmentRequests(vodId).sort()).toEqual(['21.ts', '3.ts', '4.ts', '5-muted.ts'].sort());
    const facts = await probeStreams(out);
    const expected = mode === 'accurate' ? 6 + 1.5 + 2 : plan.durationSec;
    expect(facts.durationSec).toBeCloseTo(expected, 1);
    expect(Math.abs(facts.audio!.durationSec - facts.video!.durationSec)).toBeLessThan(0.15);
    // The video itself was not downloaded by this.
    expect((await core.api.openProject({ projectId: project.id })).twitch!.video).toBe('none');
  }, 60_000);

  it('separate clips: one file per range, each from its own segments', async () => {
    const project = await core.api.openVod({ ref: '2003', video: false });
    const chatJob = (await core.api.listJobs()).find((j) => j.projectId === project.id && j.kind === 'twitch-chat')!;
    await waitForJob(core, chatJob.id);
    await core.api.saveHighlights({
      projectId: project.id,
      highlights: [
        { id: 'a', start: 13, end: 19 },
        { id: 'b', start: 85, end: 86.5 },
      ],
    });
    world.fake.reset();
    const dir = await mkdtemp(join(world.dir, 'clips-'));
    const done = await waitForJob(core, (await core.api.startExport({ projectId: project.id, outPath: join(dir, 'vod.mp4'), mode: 'accurate', layout: 'clips' })).id);
    expect(done.error).toBeNull();
    expect(world.fake.segmentRequests('2003').sort()).toEqual(['21.ts', '3.ts', '4.ts'].sort());
    expect((await probeStreams(join(dir, 'vod-01.mp4'))).durationSec).toBeCloseTo(6, 1);
    expect((await probeStreams(join(dir, 'vod-02.mp4'))).durationSec).toBeCloseTo(1.5, 1);
    expect(await readdir(dir)).toEqual(['vod-01.mp4', 'vod-02.mp4']);
  }, 60_000);

  it.each(['fast', 'accurate'] as const)('%s: plays the ranges in the reel order, not in time order', async (mode) => {
    const project = await core.api.openVod({ ref: '2004', video: false });
    // Opened again for the second mode: its chat is in already.
    const chatJob = (await core.api.listJobs()).find((j) => j.projectId === project.id && j.kind === 'twitch-chat')!;
    if (chatJob.state === 'queued' || chatJob.state === 'running') await waitForJob(core, chatJob.id);
    // The later one first.
    await core.api.saveHighlights({ projectId: project.id, highlights: [{ id: 'late', start: 85, end: 86.5 }, { id: 'early', start: 13, end: 19 }] });
    const plan = await core.api.planExport({ projectId: project.id, mode });
    expect(plan.ranges.map((r) => r.start)).toEqual([85, 13]);
    const dir = await mkdtemp(join(world.dir, `order-${mode}-`));
    const reel = join(dir, 'reel.mp4');
    for (const layout of ['reel', 'clips'] as const) {
      const done = await waitForJob(core, (await core.api.startExport({ projectId: project.id, outPath: reel, mode, layout })).id);
      expect(done.error).toBeNull();
    }
    // Each clip is one range alone: the reel starts with the first clip's picture and goes on with the second's.
    const [first, second] = [join(dir, 'reel-01.mp4'), join(dir, 'reel-02.mp4')];
    const firstLength = (await probeStreams(first)).durationSec;
    expect(firstLength).toBeCloseTo(mode === 'fast' ? plan.ranges[0]!.cutEnd - plan.ranges[0]!.cutStart : 1.5, 1);
    const frameOfSecond = Math.round(firstLength * 30) + 5;
    const same = mode === 'fast' ? Infinity : 30;
    expect(await psnr(reel, 5, first, 5)).toBeGreaterThanOrEqual(same);
    expect(await psnr(reel, frameOfSecond, second, 5)).toBeGreaterThanOrEqual(same);
    // …and not the other way round.
    expect(await psnr(reel, 5, second, 5)).toBeLessThan(25);
  }, 60_000);
});

const run = promisify(execFile);

/** PSNR between frame `a` of one video and frame `b` of another (Infinity = equal). */
async function psnr(aPath: string, a: number, bPath: string, b: number): Promise<number> {
  const graph = `[0:v]select=eq(n\\,${a}),setpts=PTS-STARTPTS[a];[1:v]select=eq(n\\,${b}),setpts=PTS-STARTPTS[b];[a][b]psnr`;
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', aPath, '-i', bPath, '-filter_complex', graph, '-f', 'null', '-']);
  const match = /PSNR .*average:(inf|[\d.]+)/.exec(stderr);
  if (!match) throw new Error(`no PSNR in ${stderr}`);
  return match[1] === 'inf' ? Infinity : Number(match[1]);
}
