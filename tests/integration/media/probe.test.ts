// probeMedia, readKeyframeTimes and readCutInfo against real ffprobe on generated videos.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { locateFfmpeg } from '../../../main/core/media/ffmpegPaths';
import { readCutInfo, readKeyframeTimes } from '../../../main/core/media/keyframes';
import { probeMedia } from '../../../main/core/media/probe';
import { makeTestVideo } from '../../fixtures/media';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-probe-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function expectUnreadable(path: string, message: RegExp): Promise<void> {
  const error = await probeMedia(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('MEDIA_UNREADABLE');
  expect((error as AppError).message).toMatch(message);
}

describe('probeMedia', () => {
  it('reads duration, streams, frame rate and the keyframe interval the video was made with', async () => {
    const path = await makeTestVideo({ durationSec: 20, fps: 30, keyintFrames: 60 });
    const probe = await probeMedia(path);
    expect(probe.durationSec).toBeCloseTo(20, 1);
    expect(probe.sizeBytes).toBeGreaterThan(10_000);
    expect(probe.formatName).toContain('mp4');
    expect(probe.video).toEqual({ codec: 'h264', width: 320, height: 180, fps: 30, keyframeIntervalSec: 2 });
    expect(probe.audio).toEqual({ codec: 'aac', sampleRate: 48000, channels: 2 });
  });

  it('measures other GOPs and frame rates, and a video without audio', async () => {
    const path = await makeTestVideo({ durationSec: 12, fps: 25, keyintFrames: 25, width: 160, height: 90, audio: false });
    const probe = await probeMedia(path);
    expect(probe.video).toEqual({ codec: 'h264', width: 160, height: 90, fps: 25, keyframeIntervalSec: 1 });
    expect(probe.audio).toBeNull();
  });

  it('reads an MPEG-TS recording with B-frames', async () => {
    const path = await makeTestVideo({ durationSec: 20, bframes: 2, container: 'mpegts' });
    const probe = await probeMedia(path);
    expect(probe.formatName).toBe('mpegts');
    expect(probe.video?.keyframeIntervalSec).toBeCloseTo(2, 5);
  });

  it('names the file and the reason when it cannot be read', async () => {
    await expectUnreadable(join(dir, 'missing.mp4'), /"missing\.mp4": the file does not exist/);
    await expectUnreadable(dir, /it is not a file/);

    const text = join(dir, 'notes.mp4');
    await writeFile(text, 'this is not a video\n'.repeat(100));
    await expectUnreadable(text, /"notes\.mp4" is not a video ffmpeg can read \(Invalid data found when processing input\)/);

    const audioOnly = join(dir, 'tone.m4a');
    execFileSync(locateFfmpeg().ffmpegPath!, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', audioOnly]);
    await expectUnreadable(audioOnly, /"tone\.m4a" has no video stream/);
  });

  it('fails with FFMPEG_MISSING when ffprobe cannot be found', async () => {
    const path = await makeTestVideo({ durationSec: 20 });
    const error = await probeMedia(path, { env: { PATH: '', HIGHLIGHTER_FFPROBE: '/nonexistent/ffprobe' } }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('FFMPEG_MISSING');
  });

  it('stops when cancelled', async () => {
    const path = await makeTestVideo({ durationSec: 20 });
    const controller = new AbortController();
    controller.abort();
    await expect(probeMedia(path, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('readKeyframeTimes', () => {
  it('lists every keyframe of the GOP structure', async () => {
    const path = await makeTestVideo({ durationSec: 20, fps: 30, keyintFrames: 45 });
    const expected = Array.from({ length: Math.ceil((20 * 30) / 45) }, (_, i) => Math.round(((i * 45) / 30) * 1e6) / 1e6);
    expect(await readKeyframeTimes(path)).toEqual(expected);
  });

  it('gives times relative to the start of an MPEG-TS file (which starts at 1.4 s)', async () => {
    const path = await makeTestVideo({ durationSec: 20, bframes: 2, container: 'mpegts' });
    const times = await readKeyframeTimes(path);
    expect(times).toHaveLength(10);
    // The first video frame comes a few ms after the first audio packet, which is the file start.
    expect(times[0]).toBeGreaterThanOrEqual(0);
    expect(times[0]).toBeLessThan(0.1);
    times.forEach((t, i) => expect(t - times[0]!).toBeCloseTo(i * 2, 4));
  });

  it('rejects an unreadable file with MEDIA_UNREADABLE', async () => {
    await expect(readKeyframeTimes(join(dir, 'missing.mp4'))).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' });
  });
});

describe('readCutInfo', () => {
  it('measures the B-frame reorder delay and the longest GOP', async () => {
    const plain = await readCutInfo(await makeTestVideo({ durationSec: 20 }));
    expect(plain).toMatchObject({ reorderDelaySec: 0, maxKeyframeGapSec: 2 });
    expect(plain.formatName).toContain('mp4');
    expect(plain.durationSec).toBeCloseTo(20, 1);

    const bframes = await readCutInfo(await makeTestVideo({ durationSec: 20, bframes: 2, container: 'mpegts' }));
    expect(bframes.formatName).toBe('mpegts');
    expect(bframes.reorderDelaySec).toBeCloseTo(2 / 30, 4);
    expect(bframes.maxKeyframeGapSec).toBeCloseTo(2, 4);
  });
});

describe('locateFfmpeg on this machine', () => {
  it('finds the installed ffmpeg and ffprobe on PATH, or the overrides the environment sets', () => {
    const found = locateFfmpeg();
    expect(found.message).toBeNull();
    expect(found.ffmpegPath).toMatch(/ffmpeg/);
    expect(execFileSync(found.ffprobePath!, ['-version'], { encoding: 'utf8' })).toMatch(/^ffprobe version/);
  });

  it('honours HIGHLIGHTER_FFMPEG', () => {
    const real = locateFfmpeg().ffmpegPath!;
    expect(locateFfmpeg({ PATH: '', HIGHLIGHTER_FFMPEG: real, HIGHLIGHTER_FFPROBE: locateFfmpeg().ffprobePath! })).toMatchObject({
      ffmpegPath: real,
      source: 'env',
      message: null,
    });
  });
});
