// Smart export against real ffmpeg on frame-numbered sources (tests/fixtures/frameNumberedVideo.ts):
// every frame of the reel is read back as the number of the source frame it shows, so the cuts are
// checked to the frame (first and last frame of every range, nothing dropped or doubled, the reel order
// kept), the audio against the video (its length, and a beep at every whole second of the source that
// must sit where the video says that second plays), across keyframe intervals, frame rates, B-frames,
// containers, HEVC and a Twitch VOD's segments; plus the fallbacks to accurate mode, with their reason
// (a codec it does not cut, open GOPs, a size change midway), and a cancel that leaves nothing behind. Accurate mode gets the same frame check.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportMode } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import { planExport } from '../../../main/core/media/exportPlan';
import { exportReel, type ExportReelResult } from '../../../main/core/media/exportReel';
import { scanTsVideo } from '../../../main/core/media/smart/pieceCheck';
import { exportFromSegments } from '../../../main/core/twitch/segmentExport';
import type { MediaPlaylist } from '../../../main/core/twitch/types';
import {
  beepTimes,
  BEEP_SEC,
  expectedFrames,
  makeFrameNumberedVideo,
  makeFrameNumberedVod,
  readFrameNumbers,
  runsOf,
  streamDurations,
  type FrameNumberedOptions,
  type FrameNumberedVideo,
} from '../../fixtures/frameNumberedVideo';

/** Generous: a busy 2-core machine encodes these 320x180 sources slowly, HEVC most of all. */
const TIMEOUT = 180_000;
const AAC_FRAME_SEC = 1024 / 48_000;
/** A beep found within this of where the video says it belongs (AAC smears an onset by a little). */
const BEEP_TOLERANCE_SEC = 0.004;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-smart-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let folders = 0;
async function freshFolder(): Promise<string> {
  const folder = join(dir, `out-${++folders}`);
  await mkdir(folder);
  return folder;
}

/**
 * In reel order, not time order. For 2 s keyframes: a range with head, copied GOPs and tail (first in
 * the reel though late in the file), one with no keyframe inside, one that starts and ends on keyframes
 * (all copied), a long one, one near the file start; with 10 s keyframes the long one is the only one
 * with copied GOPs. Starts and ends fall between frames and on them.
 */
const RANGES = [
  { start: 21.2, end: 29.31 },
  { start: 2.5, end: 3.61 },
  { start: 4, end: 8 },
  { start: 9.37, end: 20.81 },
  { start: 0.2, end: 1.9 },
];

async function exportSmart(
  video: FrameNumberedVideo,
  ranges = RANGES,
  mode: ExportMode = 'smart',
  target = 'reel.mp4',
): Promise<{ result: ExportReelResult; outPath: string }> {
  const outPath = join(await freshFolder(), target);
  const plan = planExport({ ranges, mode, durationSec: video.durationSec });
  const result = await exportReel({ videoPath: video.path, plan, outPath, hasAudio: true });
  return { result, outPath };
}

/** The beeps a reel of these ranges must have: each source second's, moved to where its frames play. */
async function expectedBeeps(video: FrameNumberedVideo, ranges: readonly { start: number; end: number }[]): Promise<number[]> {
  const source = (await beepTimes(video.path)).map((t) => t + video.audioOffsetSec);
  const beeps: number[] = [];
  let reelAt = 0;
  for (const r of ranges) {
    const frames = expectedFrames(video, r.start, r.end);
    const first = (frames[0] as number) / video.fps + video.videoOffsetSec;
    const length = frames.length / video.fps;
    // A range that starts inside a beep starts loud: that counts as a beep at its start.
    if (source.some((b) => b < first && b > first - BEEP_SEC)) beeps.push(reelAt);
    for (const b of source) if (b >= first && b < first + length) beeps.push(reelAt + (b - first));
    reelAt += length;
  }
  return beeps;
}

/** Everything a frame-exact reel must show: the frames, their count, the audio's length and beeps. */
async function expectExactReel(video: FrameNumberedVideo, outPath: string, ranges = RANGES): Promise<void> {
  const expected = ranges.flatMap((r) => expectedFrames(video, r.start, r.end));
  const frames = await readFrameNumbers(outPath);
  // Runs first: a failure then reads as "[[636,878],[75,107],…]", not as 5,000 numbers.
  expect(runsOf(frames)).toEqual(runsOf(expected));
  expect(frames).toEqual(expected);

  const durations = await streamDurations(outPath);
  expect(durations.frames).toBe(expected.length);
  expect(Math.abs(durations.videoSec - expected.length / video.fps)).toBeLessThan(0.5 / video.fps);
  expect(Math.abs(durations.audioSec - durations.videoSec)).toBeLessThanOrEqual(AAC_FRAME_SEC);

  const beeps = await beepTimes(outPath);
  const want = await expectedBeeps(video, ranges);
  expect(beeps.length).toBe(want.length);
  beeps.forEach((t, i) => expect(Math.abs(t - want[i]!)).toBeLessThan(BEEP_TOLERANCE_SEC));
}

/** Smart mode ran, and at least one range was stream-copied (`-c copy … -frames:v N`), not re-encoded. */
function expectSmartRan(result: ExportReelResult): void {
  expect(result.fallbackReason).toBeUndefined();
  expect(result.ranAs).toBe('smart');
  expect(result.commandLines.some((line) => / -c copy .*-frames:v \d+ -f mpegts /.test(line))).toBe(true);
}

describe('smart export is frame-exact', () => {
  const cases: { name: string; opts: FrameNumberedOptions; target?: string }[] = [
    { name: 'H.264 MP4, 2 s keyframes, 3 B-frames', opts: {} },
    { name: 'H.264 MP4, 10 s keyframes', opts: { keyframeSec: 10 } },
    { name: 'H.264 MP4 at 60 fps', opts: { fps: 60 } },
    { name: 'H.264 MP4 without B-frames', opts: { bframes: 0 } },
    { name: 'H.264 MPEG-TS (starts at 1.4 s, audio ahead of the video)', opts: { container: 'ts' } },
    { name: 'HEVC MP4 (x265, closed GOPs, B-frames)', opts: { codec: 'hevc' } },
    // Matroska's seeks land a GOP or more before the keyframe asked for, and its times are milliseconds.
    { name: 'H.264 Matroska, to a MOV reel', opts: { container: 'mkv' }, target: 'reel.mov' },
  ];
  it.each(cases)(
    '$name',
    async ({ opts, target = 'reel.mp4' }) => {
      const video = await makeFrameNumberedVideo(opts);
      const { result, outPath } = await exportSmart(video, RANGES, 'smart', target);
      expectSmartRan(result);
      await expectExactReel(video, outPath);
      expect(await readdir(join(outPath, '..'))).toEqual([target]);
    },
    TIMEOUT,
  );

  it(
    'one range that is a single frame, and one that holds no frame at all, next to a normal one',
    async () => {
      const video = await makeFrameNumberedVideo();
      // 5.01–5.04 holds frame 151 (5.0333 s) alone; 6.01–6.02 lies between two frames.
      const ranges = [
        { start: 5.01, end: 5.04 },
        { start: 6.01, end: 6.02 },
        { start: 11.5, end: 14.5 },
      ];
      const { result, outPath } = await exportSmart(video, ranges);
      expectSmartRan(result);
      expect(await readFrameNumbers(outPath)).toEqual([151, ...expectedFrames(video, 11.5, 14.5)]);
    },
    TIMEOUT,
  );
});

describe('accurate export is frame-exact too', () => {
  it(
    'the same ranges, all re-encoded',
    async () => {
      const video = await makeFrameNumberedVideo();
      const { result, outPath } = await exportSmart(video, RANGES, 'accurate');
      expect(result.ranAs).toBe('accurate');
      expect(result.fallbackReason).toBeUndefined();
      const expected = RANGES.flatMap((r) => expectedFrames(video, r.start, r.end));
      const frames = await readFrameNumbers(outPath);
      expect(runsOf(frames)).toEqual(runsOf(expected));
      expect((await streamDurations(outPath)).frames).toBe(expected.length);
    },
    TIMEOUT,
  );
});

describe('smart export falls back to accurate and says why', () => {
  it.each([
    { name: 'MPEG-4 Part 2 in Matroska', opts: { codec: 'mpeg4', container: 'mkv', durationSec: 12, bframes: 0 }, reason: /H\.264 and HEVC.*MPEG-4 Part 2/ },
    { name: 'HEVC with open GOPs', opts: { codec: 'hevc', openGop: true, durationSec: 12 }, reason: /open GOP/ },
  ] as const)(
    '$name',
    async ({ opts, reason }) => {
      const video = await makeFrameNumberedVideo(opts);
      const ranges = [
        { start: 6.3, end: 11.1 },
        { start: 1.5, end: 4.7 },
      ];
      const { result, outPath } = await exportSmart(video, ranges);
      expect(result.ranAs).toBe('accurate');
      expect(result.fallbackReason).toMatch(reason);
      const expected = ranges.flatMap((r) => expectedFrames(video, r.start, r.end));
      expect(runsOf(await readFrameNumbers(outPath))).toEqual(runsOf(expected));
      // Nothing of the smart attempt is left beside the reel.
      expect(await readdir(join(outPath, '..'))).toEqual(['reel.mp4']);
    },
    TIMEOUT,
  );
});

describe('scanTsVideo', () => {
  it('reads an MPEG-TS piece as ffprobe does: frame count, first times, keyframe flags, sizes', async () => {
    const video = await makeFrameNumberedVideo();
    const piece = join(dir, 'piece.ts');
    const run = promisify(execFile);
    await run('ffmpeg', ['-y', '-v', 'error', '-ss', '3.983', '-i', video.path, '-map', '0:v:0', '-c', 'copy', '-frames:v', '75', '-f', 'mpegts', piece]);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,dts_time,size,flags', '-of', 'json', piece]);
    const probed = (JSON.parse(stdout) as { packets: { pts_time: string; dts_time: string; size: string; flags: string }[] }).packets;
    const scanned = await scanTsVideo(piece, 6);
    expect(scanned.count).toBe(probed.length);
    expect(scanned.packets).toEqual(
      probed.slice(0, 6).map((p) => ({
        pts: expect.closeTo(Number(p.pts_time), 6),
        dts: expect.closeTo(Number(p.dts_time), 6),
        key: p.flags.startsWith('K'),
        size: Number(p.size),
      })),
    );
  });
});

describe('a video whose parameters change midway', () => {
  it(
    'falls back when a copied GOP is not what the stream header says (a stream restarted at another size)',
    async () => {
      // The fixture's 30 s, then the same again at 256x144 with its times going on from 30 s: one
      // MPEG-TS file whose header (the first SPS) says 320x180 throughout.
      const first = await makeFrameNumberedVideo({ container: 'ts' });
      const second = join(dir, 'smaller.ts');
      await promisify(execFile)('ffmpeg', [
        '-y', '-v', 'error', '-i', first.path, '-vf', 'scale=256:144', '-c:v', 'libx264', '-preset', 'veryfast',
        '-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-bf', '3', '-c:a', 'aac', '-output_ts_offset', '30', '-f', 'mpegts', second,
      ]);
      const joined = join(dir, 'size-change.ts');
      await writeFile(joined, Buffer.concat([await readFile(first.path), await readFile(second)]));
      const video = { ...first, path: joined, durationSec: 59.9 };
      const { result, outPath } = await exportSmart(video, [{ start: 33.5, end: 38.2 }]);
      expect(result.ranAs).toBe('accurate');
      expect(result.fallbackReason).toMatch(/parameters change within the file \(size 256x144 instead of 320x180/);
      expect((await streamDurations(outPath)).frames).toBe(Math.round(4.7 * 30));
    },
    TIMEOUT,
  );
});

describe('cancelling a smart export', () => {
  it(
    'stops ffmpeg while it re-encodes and leaves nothing behind',
    async () => {
      const video = await makeFrameNumberedVideo({ fps: 60 });
      const folder = await freshFolder();
      const plan = planExport({ ranges: RANGES, mode: 'smart', durationSec: video.durationSec });
      const controller = new AbortController();
      const details: string[] = [];
      const outcome = await exportReel({
        videoPath: video.path,
        plan,
        outPath: join(folder, 'reel.mp4'),
        hasAudio: true,
        signal: controller.signal,
        onProgress: (p) => {
          details.push(p.detail ?? '');
          if (p.detail?.startsWith('re-encoding')) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(outcome).toBeInstanceOf(AppError);
      expect((outcome as AppError).code).toBe('CANCELLED');
      expect(details.some((d) => d.startsWith('re-encoding'))).toBe(true);
      expect(await readdir(folder)).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('smart export from a Twitch VOD that is not downloaded', () => {
  let server: Server;
  let baseUrl: string;
  let vodDir: string;
  const requests: string[] = [];
  beforeAll(async () => {
    const vod = await makeFrameNumberedVod({ durationSec: 40, segmentSec: 2 });
    vodDir = vod.dir;
    server = createServer((req, res) => {
      const name = (req.url ?? '').replace(/^\//, '');
      requests.push(name);
      if (!/^\d+\.ts$/.test(name)) return void res.writeHead(404).end();
      const path = join(vodDir, name);
      stat(path).then(
        (info) => {
          res.writeHead(200, { 'content-type': 'video/mp2t', 'content-length': info.size });
          createReadStream(path).pipe(res);
        },
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, TIMEOUT);
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it(
    'fetches the segments the ranges need and cuts them exactly (H.264 with B-frames, 2 s keyframes)',
    async () => {
      const vod = await makeFrameNumberedVod({ durationSec: 40, segmentSec: 2 });
      let at = 0;
      const playlist: MediaPlaylist = {
        segments: vod.segments.map((s) => {
          const segment = { index: s.index, uri: s.fileName, url: `${baseUrl}/${s.fileName}`, durationSec: s.durationSec, startSec: at, muted: false };
          at += s.durationSec;
          return segment;
        }),
        totalSec: vod.totalSec,
        ended: true,
        initUrl: null,
      };
      // On the VOD's timeline: later range first; one spans several segments, one lies inside one.
      const ranges = [
        { start: 30.41, end: 35.07 },
        { start: 5.2, end: 12.9 },
        { start: 20.55, end: 21.3 },
      ];
      const segmentsDir = await freshFolder();
      const outPath = join(await freshFolder(), 'reel.mp4');
      const result = await exportFromSegments({ playlist, segmentsDir, ranges, mode: 'smart', outPath, hasAudio: true, baseDelayMs: 5 });
      expectSmartRan(result);
      // Frame n of the VOD is shown at n / fps on its timeline.
      const video = { fps: vod.fps, videoOffsetSec: 0 };
      const expected = ranges.flatMap((r) => expectedFrames(video, r.start, r.end));
      const frames = await readFrameNumbers(outPath);
      expect(runsOf(frames)).toEqual(runsOf(expected));
      const durations = await streamDurations(outPath);
      expect(durations.frames).toBe(expected.length);
      expect(Math.abs(durations.audioSec - durations.videoSec)).toBeLessThanOrEqual(AAC_FRAME_SEC);
      // The beeps where the video says: the VOD is the fixture's MPEG-TS cut up, whose frame n is shown at
      // n / fps + its video offset.
      const source = await makeFrameNumberedVideo({ durationSec: 40, container: 'ts', keyframeSec: 2 });
      const onSource = ranges.map((r) => ({ start: r.start + source.videoOffsetSec, end: r.end + source.videoOffsetSec }));
      const want = await expectedBeeps(source, onSource);
      const beeps = await beepTimes(outPath);
      expect(beeps.length).toBe(want.length);
      beeps.forEach((t, i) => expect(Math.abs(t - want[i]!)).toBeLessThan(BEEP_TOLERANCE_SEC));
      // Only the segments the ranges touch were fetched.
      expect([...requests].sort((a, b) => parseInt(a) - parseInt(b))).toEqual(['2.ts', '3.ts', '4.ts', '5.ts', '6.ts', '10.ts', '15.ts', '16.ts', '17.ts']);
    },
    TIMEOUT,
  );
});
