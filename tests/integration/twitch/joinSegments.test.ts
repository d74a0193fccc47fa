// joinSegments against real ffmpeg on generated Twitch-like segments, checked with plain ffprobe: the
// video is every frame of the playlist, the audio is one unbroken run of AAC frames alongside it (so no
// drift however many muted segments there are), muted segments of every kind, and nothing left behind
// by a failure or a cancel.
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { joinSegments } from '../../../main/core/twitch/joinSegments';
import { segmentFileName } from '../../../main/core/twitch/segmentFiles';
import { probeStreams } from '../../fixtures/media';
import { segmentFolder } from '../../fixtures/segmentFolder';
import type { VodSegmentsOptions } from '../../fixtures/vodSegments';
import { AAC_FRAME, ffmpeg, ffprobe, packetTimes } from '../../fixtures/packets';

const FPS = 30;
const FRAME = 1 / FPS;
const BASE: VodSegmentsOptions = { durationSec: 20, segmentSec: 2, fps: FPS };
/** First, a run of two, and last: the cases where a join goes wrong. */
const MUTED = [0, 4, 5, 9];

let root: string;
beforeAll(async () => {
  // A quote and a space in the path: the ffconcat list must quote what it names.
  root = await mkdtemp(join(tmpdir(), "hl-join it's-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A segment folder as downloadSegments leaves it, and the playlist that goes with it. */
const downloaded = (opts: VodSegmentsOptions) => segmentFolder(root, opts);


async function audioParams(path: string): Promise<string> {
  const { stdout } = await ffprobe(['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name,sample_rate,channels', '-of', 'csv=p=0', path]);
  // MPEG-TS lists each stream twice (under its program and on its own).
  return stdout.split('\n').find((line) => line.trim()) ?? '';
}

/** The checks every successful join must pass. */
async function expectGoodJoin(outPath: string, totalSec: number, returnedSec: number): Promise<void> {
  const facts = await probeStreams(outPath);
  expect(returnedSec).toBeCloseTo(facts.durationSec, 3);
  // Every frame of the playlist, and the video exactly as long as the EXTINF sum (within a frame).
  expect(facts.video!.frames).toBe(Math.round(totalSec * FPS));
  expect(Math.abs(facts.video!.durationSec - totalSec)).toBeLessThan(FRAME);
  expect(Math.abs(facts.durationSec - totalSec)).toBeLessThan(FRAME + AAC_FRAME);

  // Audio: one unbroken run of frames (a gap or an overlap anywhere would shift everything after it in
  // a player that plays samples back to back), starting with the video and as long as it.
  const times = await packetTimes(outPath, 'a:0');
  const steps = times.slice(1).map((t, i) => t - times[i]!);
  const bad = steps.map((step, i) => ({ at: times[i]!, step })).filter(({ step }) => Math.abs(step - AAC_FRAME) > 1e-4);
  expect(bad).toEqual([]);
  const audioStart = times[0]!;
  expect(Math.abs(audioStart - facts.video!.startSec)).toBeLessThan(AAC_FRAME + 1e-4);
  const audioSec = times.length * AAC_FRAME;
  expect(Math.abs(audioSec - facts.video!.durationSec)).toBeLessThan(0.1);
  expect(await audioParams(outPath)).toBe('aac,48000,2');
}

async function expectNoLeftovers(dir: string, outDir: string, outName: string): Promise<void> {
  expect((await readdir(dir)).filter((n) => n.startsWith('.join-'))).toEqual([]);
  expect((await readdir(outDir)).filter((n) => n.includes(outName) && n !== outName)).toEqual([]);
}

describe('joinSegments', () => {
  it('joins unmuted segments into one MP4 the playlist long, audio continuous from the first frame', async () => {
    const { dir, segments, totalSec } = await downloaded(BASE);
    const outPath = join(root, 'plain.mp4');
    const fractions: number[] = [];
    const started = Date.now();
    const result = await joinSegments({ segments, dir, outPath, onProgress: (f) => fractions.push(f) });
    console.log(`join of ${segments.length} segments (${totalSec} s): ${Date.now() - started} ms`);
    await expectGoodJoin(outPath, totalSec, result.durationSec);
    await expectNoLeftovers(dir, root, 'plain.mp4');
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThan(fractions[i - 1]!);
  });

  it("muted segments carrying Twitch's silence with the same parameters are copied as they are", async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, mutedIndices: MUTED, mutedAudio: 'silent' });
    const outPath = join(root, 'silent.mp4');
    const result = await joinSegments({ segments, dir, outPath });
    await expectGoodJoin(outPath, totalSec, result.durationSec);
    await expectNoLeftovers(dir, root, 'silent.mp4');
  });

  it('muted segments without an audio stream get silence, the first one included', async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, mutedIndices: MUTED, mutedAudio: 'none' });
    const outPath = join(root, 'none.mp4');
    const started = Date.now();
    const result = await joinSegments({ segments, dir, outPath });
    console.log(`join with ${MUTED.length} segments rewritten: ${Date.now() - started} ms`);
    await expectGoodJoin(outPath, totalSec, result.durationSec);
    await expectNoLeftovers(dir, root, 'none.mp4');
    // The downloads themselves are untouched (a rerun, or a second export, finds them as they were).
    const first = await probeStreams(join(dir, segmentFileName(segments[0]!)));
    expect(first.audio).toBeNull();
  });

  it('a muted segment whose silence has other audio parameters is rewritten to match', async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, mutedIndices: [3, 4], mutedAudio: 'silent' });
    // 44.1 kHz mono silence, timestamps kept: what a copy-join would turn into a broken audio track.
    for (const s of [segments[3]!, segments[4]!]) {
      const path = join(dir, segmentFileName(s));
      const odd = `${path}.odd.ts`;
      await ffmpeg([
        '-v', 'error', '-copyts', '-i', path, '-map', '0:v', '-map', '0:a', '-c:v', 'copy', '-c:a', 'aac', '-ar', '44100', '-ac', '1',
        '-muxdelay', '0', '-muxpreload', '0', '-f', 'mpegts', odd,
      ]);
      await rm(path);
      await copyFile(odd, path);
      await rm(odd);
    }
    expect(await audioParams(join(dir, segmentFileName(segments[3]!)))).toBe('aac,44100,1');
    const outPath = join(root, 'odd.mp4');
    const result = await joinSegments({ segments, dir, outPath });
    await expectGoodJoin(outPath, totalSec, result.durationSec);
  });

  it('fails with NOT_FOUND when a segment is missing, creating nothing', async () => {
    const { dir, segments } = await downloaded(BASE);
    await rm(join(dir, segmentFileName(segments[6]!)));
    const outPath = join(root, 'missing.mp4');
    const error = await joinSegments({ segments, dir, outPath }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('NOT_FOUND');
    expect((error as AppError).message).toContain(segments[6]!.uri);
    await expectNoLeftovers(dir, root, 'missing.mp4');
    expect(await readdir(root)).not.toContain('missing.mp4');
  });

  it('a segment ffmpeg cannot read fails the join and leaves no output', async () => {
    const { dir, segments } = await downloaded({ ...BASE, mutedIndices: [2], mutedAudio: 'none' });
    await writeFile(join(dir, segmentFileName(segments[7]!)), 'this is not MPEG-TS');
    const outPath = join(root, 'corrupt.mp4');
    const error = await joinSegments({ segments, dir, outPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FFMPEG_FAILED');
    expect((error as AppError).message).toContain(segments[7]!.uri);
    await expectNoLeftovers(dir, root, 'corrupt.mp4');
    expect(await readdir(root)).not.toContain('corrupt.mp4');
    // The damaged file is gone so that a download rerun fetches it again; the others stay.
    const left = await readdir(dir);
    expect(left).not.toContain(segmentFileName(segments[7]!));
    expect(left).toHaveLength(segments.length - 1);
  });

  it('a join that comes out shorter than the playlist (last segment cut short) fails too', async () => {
    const { dir, segments } = await downloaded(BASE);
    const path = join(dir, segmentFileName(segments[segments.length - 1]!));
    const data = await readFile(path);
    await writeFile(path, data.subarray(0, Math.floor(data.length / 4) - (Math.floor(data.length / 4) % 188)));
    const outPath = join(root, 'short.mp4');
    const error = await joinSegments({ segments, dir, outPath }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('FFMPEG_FAILED');
    expect((error as AppError).message).toMatch(/instead of 20\.0 s/);
    expect(await readdir(root)).not.toContain('short.mp4');
  });

  it('cancel stops ffmpeg and leaves no output', async () => {
    const { dir, segments } = await downloaded({ ...BASE, mutedIndices: MUTED, mutedAudio: 'none' });
    const outPath = join(root, 'cancelled.mp4');
    const controller = new AbortController();
    const error = await joinSegments({
      segments,
      dir,
      outPath,
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CANCELLED');
    await expectNoLeftovers(dir, root, 'cancelled.mp4');
    expect(await readdir(root)).not.toContain('cancelled.mp4');
  });
});
