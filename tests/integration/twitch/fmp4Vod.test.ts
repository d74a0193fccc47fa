// fMP4 VODs end to end against the fake Twitch (#EXT-X-MAP:URI="init-0.mp4" + "N.mp4" segments, as
// Twitch serves HEVC/AV1): what the fake serves, a full download (init segment fetched once, resumed
// after a cancel, retried after a cut), a partial export that fetches only what the ranges need, and
// `highlighter download` (the built CLI: run `npm run build` first).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import { AppError } from '../../../main/core/errors';
import { parseMediaPlaylist } from '../../../main/core/twitch/playlists';
import { downloadSegments } from '../../../main/core/twitch/segmentDownload';
import { INIT_FILE_NAME, segmentFileName } from '../../../main/core/twitch/segmentFiles';
import type { MediaPlaylist } from '../../../main/core/twitch/types';
import { downloadVodVideo } from '../../../main/core/twitch/vodVideo';
import { assertBuilt, runCli } from '../../fixtures/cli';
import { waitForJob } from '../../fixtures/core';
import type { FakeVod } from '../../fixtures/fakeTwitch';
import { probeStreams } from '../../fixtures/media';
import { standardVod, startTwitchWorld, type TwitchWorld } from '../../fixtures/twitchCore';
import { makeVodSegments, type VodSegmentsOptions } from '../../fixtures/vodSegments';
import { packetTimes } from '../../fixtures/packets';

const run = promisify(execFile);
const ffprobeBin = () => process.env.HIGHLIGHTER_FFPROBE || 'ffprobe';
const FPS = 30;
const AAC_FRAME = 1024 / 48000;

/** The standard VOD (120 s in 4 s segments, 5 and 6 muted) as fMP4. */
const fmp4Segments = (mutedAudio: 'silent' | 'none'): VodSegmentsOptions => ({
  durationSec: 120,
  segmentSec: 4,
  width: 160,
  height: 90,
  fps: FPS,
  mutedIndices: [5, 6],
  mutedAudio,
  container: 'fmp4',
});
const fmp4Vod = (id: string, mutedAudio: 'silent' | 'none'): FakeVod => standardVod(id, { segments: fmp4Segments(mutedAudio) });

let world: TwitchWorld;
let base: string;

beforeAll(async () => {
  world = await startTwitchWorld({ vods: [fmp4Vod('5001', 'silent'), fmp4Vod('5002', 'none'), fmp4Vod('5003', 'none')] });
  base = world.fake.gqlUrl.replace(/\/gql$/, '');
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

async function mediaPlaylist(vodId: string, group = 'chunked'): Promise<{ text: string; playlist: MediaPlaylist }> {
  const url = `${base}/cdn/${vodId}/${group}/index-dvr.m3u8`;
  const text = await (await fetch(url)).text();
  return { text, playlist: parseMediaPlaylist(text, url) };
}


/** A whole VOD joined: every frame, as long as the playlist, audio one unbroken run of AAC frames. */
async function expectWholeVod(path: string, totalSec: number): Promise<void> {
  const facts = await probeStreams(path);
  expect(facts.video!.frames).toBe(Math.round(totalSec * FPS));
  expect(Math.abs(facts.video!.durationSec - totalSec)).toBeLessThan(1 / FPS);
  const times = await packetTimes(path, 'a:0');
  const seams = times.slice(1).filter((t, i) => Math.abs(t - times[i]! - AAC_FRAME) > 1e-4);
  expect(seams).toEqual([]);
  expect(Math.abs(times.length * AAC_FRAME - facts.video!.durationSec)).toBeLessThan(0.1);
}

describe('the fake Twitch serves fMP4 VODs', () => {
  it('media playlist with #EXT-X-MAP and N.mp4 names, the init segment on the CDN, logged apart', async () => {
    world.fake.reset();
    const { text, playlist } = await mediaPlaylist('5001');
    expect(text).toContain('#EXT-X-MAP:URI="init-0.mp4"');
    expect(playlist.segments.map((s) => s.uri).slice(4, 8)).toEqual(['4.mp4', '5-muted.mp4', '6-muted.mp4', '7.mp4']);
    expect(playlist.segments.filter((s) => s.muted).map((s) => s.index)).toEqual([5, 6]);
    expect(playlist.initUrl).toBe(`${base}/cdn/5001/chunked/init-0.mp4`);
    expect(playlist.totalSec).toBeCloseTo(120, 6);

    const served = Buffer.from(await (await fetch(playlist.initUrl!)).arrayBuffer());
    const fixture = await makeVodSegments(fmp4Segments('silent'));
    expect(served.equals(await readFile(fixture.initPath!))).toBe(true);
    await fetch(playlist.segments[5]!.url).then((r) => r.arrayBuffer());
    expect(world.fake.initRequests('5001')).toEqual(['init-0.mp4']);
    expect(world.fake.segmentRequests('5001')).toEqual(['5-muted.mp4']);

    // The audio-only variant stays MPEG-TS: no init segment, "N.ts" names, audio alone.
    const audio = await mediaPlaylist('5001', 'audio_only');
    expect(audio.playlist.initUrl).toBeNull();
    expect(audio.playlist.segments[5]!.uri).toBe('5-muted.ts');
    const { stdout } = await run(ffprobeBin(), ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', audio.playlist.segments[2]!.url]);
    expect([...new Set(stdout.split('\n').filter(Boolean))]).toEqual(['audio']);
  });
});

describe('downloading an fMP4 VOD', () => {
  it('downloadSegments keeps the init segment like a segment: fetched when missing, never without segments', async () => {
    const { playlist } = await mediaPlaylist('5001');
    const dir = await mkdtemp(join(world.dir, 'init-'));
    const two = playlist.segments.slice(0, 2);
    const opts = { initUrl: playlist.initUrl, baseDelayMs: 5 };
    world.fake.reset();
    const first = await downloadSegments(two, dir, opts);
    expect(first).toMatchObject({ downloaded: 2, skipped: 0, initDownloaded: true });
    expect((await readdir(dir)).sort()).toEqual([...two.map(segmentFileName), INIT_FILE_NAME].sort());
    const initBytes = (await readFile(join(dir, INIT_FILE_NAME))).length;
    const segmentBytes = (await Promise.all(two.map((s) => readFile(join(dir, segmentFileName(s)))))).reduce((sum, b) => sum + b.length, 0);
    expect(first.bytes).toBe(initBytes + segmentBytes);

    expect(await downloadSegments(two, dir, opts)).toMatchObject({ downloaded: 0, skipped: 2, initDownloaded: false, bytes: 0 });
    // Lost on its own (all segments kept): fetched again, since nothing joins without it.
    await rm(join(dir, INIT_FILE_NAME));
    expect(await downloadSegments(two, dir, opts)).toMatchObject({ downloaded: 0, skipped: 2, initDownloaded: true });
    // No segment asked for: no init segment either.
    const empty = await mkdtemp(join(world.dir, 'init-'));
    expect(await downloadSegments([], empty, opts)).toMatchObject({ downloaded: 0, initDownloaded: false });
    expect(await readdir(empty)).toEqual([]);
    expect(world.fake.initRequests('5001')).toEqual(['init-0.mp4', 'init-0.mp4']);
    expect(world.fake.segmentRequests('5001')).toEqual(['0.mp4', '1.mp4']);
  });

  it('fetches the init segment once (again after a cut), resumes after a cancel, joins muted segments without audio', async () => {
    const { playlist } = await mediaPlaylist('5002');
    const segmentsDir = join(world.dir, '5002-parts');
    const outPath = join(world.dir, '5002.mp4');
    world.fake.reset();
    world.fake.options.dropInitOnce = true;
    world.fake.options.slowSegments = { indices: Array.from({ length: 22 }, (_, i) => i + 8), delayMs: 300 };

    // First run: cancelled once 8 segments are on disk.
    const controller = new AbortController();
    const first = downloadVodVideo({
      playlist,
      segmentsDir,
      outPath,
      baseDelayMs: 5,
      signal: controller.signal,
      onProgress: () => undefined,
    }).catch((e: unknown) => e);
    const segmentFiles = async () => (await readdir(segmentsDir).catch(() => [] as string[])).filter((n) => /^\d+\.mp4$/.test(n));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await segmentFiles()).length < 8) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(((await first) as AppError).code).toBe('CANCELLED');
    const kept = await segmentFiles();
    expect(kept.length).toBeGreaterThanOrEqual(8);
    expect(kept.length).toBeLessThan(30);
    expect(await readdir(segmentsDir)).toContain(INIT_FILE_NAME);
    // Cut half-way the first time, fetched again: the retry of a dropped body, as for segments.
    expect(world.fake.initRequests('5002')).toEqual(['init-0.mp4', 'init-0.mp4']);
    expect(existsSync(outPath)).toBe(false);

    // Second run: only what is missing; the init segment is kept from the first.
    world.fake.reset();
    world.fake.options.slowSegments = undefined;
    world.fake.options.dropInitOnce = false;
    const result = await downloadVodVideo({ playlist, segmentsDir, outPath, baseDelayMs: 5 });
    expect(result).toMatchObject({ skipped: kept.length, downloaded: 30 - kept.length });
    expect(world.fake.initRequests('5002')).toEqual([]);
    const again = world.fake.segmentRequests('5002');
    expect(again).toHaveLength(30 - kept.length);
    const keptIndices = new Set(kept.map((n) => Number.parseInt(n, 10)));
    for (const name of again) expect(keptIndices.has(Number.parseInt(name, 10))).toBe(false);

    await expectWholeVod(outPath, playlist.totalSec);
    expect(result.durationSec).toBeCloseTo(playlist.totalSec, 1);
    expect(existsSync(segmentsDir)).toBe(false);
  }, 90_000);
});

describe('partial export from an fMP4 VOD', () => {
  it('fetches the init segment and only the overlapping segments, then only what a second export adds', async () => {
    const core: Core = await world.openCore();
    const project = await core.api.openVod({ ref: '5003', video: false });
    const chatJob = (await core.api.listJobs()).find((j) => j.projectId === project.id && j.kind === 'twitch-chat')!;
    await waitForJob(core, chatJob.id);

    // Segments are 4 s: [13, 19] touches 3 and 4; [85, 86.5] touches 21; [21, 23] touches 5 (muted, no audio).
    const ranges = [
      { id: 'a', start: 13, end: 19 },
      { id: 'b', start: 85, end: 86.5 },
      { id: 'c', start: 21, end: 23 },
    ];
    await core.api.saveHighlights({ projectId: project.id, highlights: ranges });
    world.fake.reset();
    const outDir = await mkdtemp(join(world.dir, 'out-'));
    const job = await core.api.startExport({ projectId: project.id, outPath: join(outDir, 'reel.mp4'), mode: 'accurate' });
    const done = await waitForJob(core, job.id);
    expect(done.error).toBeNull();
    expect(done.state).toBe('done');
    expect(world.fake.segmentRequests('5003').sort()).toEqual(['21.mp4', '3.mp4', '4.mp4', '5-muted.mp4']);
    expect(world.fake.initRequests('5003')).toEqual(['init-0.mp4']);
    const facts = await probeStreams(join(outDir, 'reel.mp4'));
    expect(facts.durationSec).toBeCloseTo(6 + 1.5 + 2, 1);
    // The muted segment without audio was filled: the audio runs along the whole reel.
    expect(Math.abs(facts.audio!.durationSec - facts.video!.durationSec)).toBeLessThan(0.15);

    // A second reel reuses what is on disk: the init segment and 3, 4 are not fetched again.
    await core.api.saveHighlights({ projectId: project.id, highlights: [{ id: 'd', start: 14, end: 17 }, { id: 'e', start: 30, end: 34 }] });
    world.fake.reset();
    const second = await waitForJob(core, (await core.api.startExport({ projectId: project.id, outPath: join(outDir, 'reel2.mp4'), mode: 'fast' })).id);
    expect(second.error).toBeNull();
    expect(world.fake.segmentRequests('5003').sort()).toEqual(['7.mp4', '8.mp4']);
    expect(world.fake.initRequests('5003')).toEqual([]);
    expect((await probeStreams(join(outDir, 'reel2.mp4'))).durationSec).toBeGreaterThan(6);
    expect((await core.api.openProject({ projectId: project.id })).twitch!.video).toBe('none');
    await core.close();
  }, 90_000);
});

describe('highlighter download on an fMP4 VOD', () => {
  it('writes <id>.mp4 (every frame, audio continuous) and the chat, the init segment fetched once', async () => {
    assertBuilt();
    const dir = await mkdtemp(join(world.dir, 'dl-'));
    world.fake.reset();
    const result = await runCli(['download', '5001', '--out', dir], { ...world.fake.env, HIGHLIGHTER_TWITCH_RETRY_MS: '5' });
    expect(result.stderr).toMatch(/wrote .*5001\.mp4/);
    expect(result.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['5001.chat.json', '5001.mp4']);
    await expectWholeVod(join(dir, '5001.mp4'), (await mediaPlaylist('5001')).playlist.totalSec);
    expect(world.fake.initRequests('5001')).toEqual(['init-0.mp4']);
    const names = world.fake.segmentRequests('5001');
    expect(names).toHaveLength(30);
    expect(names.every((n) => /^\d+(-muted)?\.mp4$/.test(n))).toBe(true);
  }, 90_000);
});
