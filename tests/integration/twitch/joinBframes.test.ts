// joinSegments on MPEG-TS segments whose H.264 has B-frames (OBS's x264, so most Twitch VODs), against
// real ffmpeg on generated segments, checked with plain ffprobe. B-frames put a segment's keyframe in
// the packet stream (decoding order) ahead of its presentation time, and segmenters cut the audio there:
// what the join must get right is where the output starts, and where rewritten silence goes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSegments } from '../../../main/core/twitch/joinSegments';
import { probeStreams } from '../../fixtures/media';
import { segmentFolder } from '../../fixtures/segmentFolder';
import { makeVodSegments, type VodSegmentsOptions } from '../../fixtures/vodSegments';
import { AAC_FRAME, decodeAndSeek, ffprobe, seams } from '../../fixtures/packets';

const FPS = 30;
const FRAME = 1 / FPS;
const BASE: VodSegmentsOptions = { durationSec: 20, segmentSec: 2, fps: FPS, bframes: 3 };

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hl-join-bframes-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A segment folder as downloadSegments leaves it, and the playlist that goes with it. */
const downloaded = (opts: VodSegmentsOptions) => segmentFolder(root, opts);

async function packets(path: string, stream: 'a:0' | 'v:0'): Promise<{ pts: number; dts: number; key: boolean }[]> {
  const { stdout } = await ffprobe(['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts_time,dts_time,flags', '-of', 'csv=p=0', path], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [pts = '', dts = '', flags = ''] = line.split(',');
      return { pts: Number(pts), dts: Number(dts), key: flags.startsWith('K') };
    });
}


async function formatStart(path: string): Promise<number> {
  const { stdout } = await ffprobe(['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

/** The checks every successful join must pass (figures logged, so a failure says by how much). */
async function expectGoodJoin(label: string, outPath: string, totalSec: number, returnedSec: number): Promise<void> {
  const facts = await probeStreams(outPath);
  const video = await packets(outPath, 'v:0');
  const audio = (await packets(outPath, 'a:0')).map((p) => p.pts).sort((a, b) => a - b);
  const videoStart = Math.min(...video.map((p) => p.pts));
  const audioSec = audio.length * AAC_FRAME;
  console.log(
    `${label}: start ${await formatStart(outPath)} s, first picture ${videoStart.toFixed(6)} s, first audio ${audio[0]!.toFixed(6)} s, ` +
      `${video.length} frames, video ${facts.video!.durationSec.toFixed(4)} s / audio ${audioSec.toFixed(4)} s / EXTINF ${totalSec} s, ` +
      `audio seams ${JSON.stringify(seams(audio, AAC_FRAME).map((s) => [+s.at.toFixed(4), +s.step.toFixed(5)]))}`,
  );
  expect(returnedSec).toBeCloseTo(facts.durationSec, 3);

  // Starts at zero, the first picture within a frame of it (not a B-frame delay later).
  expect(await formatStart(outPath)).toBe(0);
  expect(videoStart).toBeGreaterThanOrEqual(0);
  expect(videoStart).toBeLessThan(FRAME);

  // Every frame of the playlist, each in its place (no gap, no overlap where segments meet), and the
  // video as long as the EXTINF sum within a frame.
  expect(video).toHaveLength(Math.round(totalSec * FPS));
  expect(seams(video.map((p) => p.pts), FRAME)).toEqual([]);
  expect(Math.abs(facts.video!.durationSec - totalSec)).toBeLessThan(FRAME);
  expect(Math.abs(facts.durationSec - totalSec)).toBeLessThan(FRAME + AAC_FRAME);

  // Audio: one unbroken run of AAC frames (within 0.1 ms), starting with the picture and as long as it.
  expect(seams(audio, AAC_FRAME)).toEqual([]);
  expect(Math.abs(audio[0]! - videoStart)).toBeLessThan(AAC_FRAME + 1e-4);
  expect(Math.abs(audioSec - facts.video!.durationSec)).toBeLessThan(0.1);

  // It decodes, and seeking lands on the keyframe at or before 13 s (one every 2 s).
  const { decodeErrors, landedSec, keyframe } = await decodeAndSeek(outPath, 13);
  expect(decodeErrors).toBe('');
  expect(keyframe).toBe(true);
  expect(landedSec).toBeGreaterThan(12 - FRAME);
  expect(landedSec).toBeLessThanOrEqual(13);
}

describe('joinSegments on MPEG-TS with B-frames', () => {
  it('the fixture has what makes B-frames matter: keyframes decoded ahead of their presentation time, audio cut there', async () => {
    const vod = await makeVodSegments(BASE);
    const second = vod.segments[1]!.path;
    const [key] = await packets(second, 'v:0');
    expect(key!.key).toBe(true);
    expect(key!.pts - key!.dts).toBeGreaterThan(FRAME / 2);
    const [firstAudio] = await packets(second, 'a:0');
    // The segment's first audio frame is the first one at or after the keyframe's decoding time.
    expect(firstAudio!.pts).toBeGreaterThanOrEqual(key!.dts - 1e-4);
    expect(firstAudio!.pts).toBeLessThan(key!.dts + AAC_FRAME);
  });

  it('joins unmuted segments', async () => {
    const { dir, segments, totalSec } = await downloaded(BASE);
    const outPath = join(root, 'plain.mp4');
    const result = await joinSegments({ segments, dir, outPath });
    await expectGoodJoin('plain', outPath, totalSec, result.durationSec);
  });

  it('two B-frames instead of three', async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, bframes: 2, mutedIndices: [3], mutedAudio: 'none' });
    const outPath = join(root, 'bf2.mp4');
    const result = await joinSegments({ segments, dir, outPath });
    await expectGoodJoin('bf2, 3 muted without audio', outPath, totalSec, result.durationSec);
  });

  for (const mutedAudio of ['silent', 'none'] as const) {
    // First, a run of two, and last: the cases where a join goes wrong.
    it(`muted segments (${mutedAudio}): first, middle, consecutive and last`, async () => {
      const { dir, segments, totalSec } = await downloaded({ ...BASE, mutedIndices: [0, 4, 5, 9], mutedAudio });
      const outPath = join(root, `muted-${mutedAudio}.mp4`);
      const result = await joinSegments({ segments, dir, outPath });
      await expectGoodJoin(`muted ${mutedAudio} 0 4 5 9`, outPath, totalSec, result.durationSec);
    });
  }

  it('a single muted segment without audio in the middle', async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, mutedIndices: [6], mutedAudio: 'none' });
    const outPath = join(root, 'middle.mp4');
    const result = await joinSegments({ segments, dir, outPath });
    await expectGoodJoin('muted none 6', outPath, totalSec, result.durationSec);
  });
});
