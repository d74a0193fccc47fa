// exportReel against real ffmpeg: durations and frame counts checked with plain ffprobe, the first frame
// of each cut compared with the source by PSNR, fast mode's packets compared with the source's one by
// one, cancellation and failures leaving nothing behind.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportMode } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import { planExport } from '../../../main/core/media/exportPlan';
import { exportReel, removeExportLeftovers } from '../../../main/core/media/exportReel';
import { requireFfmpeg } from '../../../main/core/media/ffmpegPaths';
import { readKeyframeTimes } from '../../../main/core/media/keyframes';
import { probeMedia } from '../../../main/core/media/probe';
import type { Progress } from '../../../main/core/progress';
import { makeTestVideo, probeStreams, videoFrameTimes, type TestVideoOptions } from '../../fixtures/media';

const run = promisify(execFile);
const FPS = 30;
const FRAME = 1 / FPS;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-export-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function freshFolder(name: string): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder);
  return folder;
}

async function planFor(videoPath: string, mode: ExportMode, ranges: { start: number; end: number }[]) {
  const probe = await probeMedia(videoPath);
  const keyframes = mode === 'fast' ? await readKeyframeTimes(videoPath) : undefined;
  return { probe, plan: planExport({ ranges, mode, durationSec: probe.durationSec, keyframes }) };
}

/** PSNR between frame `a` of one video and frame `b` of another (higher = more alike, Infinity = equal). */
async function psnr(aPath: string, a: number, bPath: string, b: number): Promise<number> {
  const graph = `[0:v]select=eq(n\\,${a}),setpts=PTS-STARTPTS[a];[1:v]select=eq(n\\,${b}),setpts=PTS-STARTPTS[b];[a][b]psnr`;
  const { stderr } = await run(requireFfmpeg().ffmpegPath, ['-hide_banner', '-i', aPath, '-i', bPath, '-filter_complex', graph, '-f', 'null', '-']);
  const match = stderr.match(/PSNR .*average:(inf|[\d.]+)/);
  if (!match) throw new Error(`no PSNR in ${stderr}`);
  return match[1] === 'inf' ? Infinity : Number(match[1]);
}

/** Which source frame, among the expected one and its neighbours, output frame `outFrame` shows. */
async function sourceFrameShown(outPath: string, outFrame: number, sourcePath: string, expected: number): Promise<number> {
  const candidates = [expected - 1, expected, expected + 1];
  const scores = await Promise.all(candidates.map((n) => psnr(outPath, outFrame, sourcePath, n)));
  return candidates[scores.indexOf(Math.max(...scores))]!;
}

describe.each<{ name: string; video: TestVideoOptions }>([
  { name: 'MP4', video: { durationSec: 20 } },
  { name: 'MPEG-TS with B-frames', video: { durationSec: 20, bframes: 2, container: 'mpegts' } },
])('accurate export of $name', ({ video }) => {
  it('is as long as the ranges, frame for frame, starting on the chosen frames, in the order given', async () => {
    const source = await makeTestVideo(video);
    const ranges = [{ start: 12, end: 15.5 }, { start: 5.05, end: 7.55 }]; // the reel order, not time order
    const { plan } = await planFor(source, 'accurate', ranges);
    const folder = await freshFolder(`accurate-${video.container ?? 'mp4'}`);
    const outPath = join(folder, 'reel.mp4');
    const progress: Progress[] = [];

    const result = await exportReel({ videoPath: source, plan, outPath, hasAudio: true, onProgress: (p) => progress.push(p) });

    expect(result.outPath).toBe(outPath);
    const facts = await probeStreams(outPath);
    expect(facts.video!.frames).toBe(Math.round(6 * FPS));
    expect(facts.video!.durationSec).toBeCloseTo(6, 2);
    expect(Math.abs(facts.durationSec - 6)).toBeLessThan(FRAME);
    expect(Math.abs(facts.audio!.durationSec - 6)).toBeLessThan(FRAME);
    expect(result.durationSec).toBeCloseTo(facts.durationSec, 3);
    expect(await readdir(folder)).toEqual(['reel.mp4']);

    // Source frame n is shown at lead + n/30 (MPEG-TS: the video starts a little after the audio).
    const lead = (await readKeyframeTimes(source))[0]!;
    const firstFrame = (t: number) => Math.ceil((t - lead) * FPS - 1e-6);
    const shown = await Promise.all([sourceFrameShown(outPath, 0, source, firstFrame(12)), sourceFrameShown(outPath, 105, source, firstFrame(5.05))]);
    expect(shown).toEqual([firstFrame(12), firstFrame(5.05)]);

    expect(result.commandLines).toHaveLength(1);
    expect(result.commandLines[0]).toContain('concat=n=2');
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(progress.some((p) => p.detail === 'range 1 of 2')).toBe(true);
  });
});


/** Remuxes a generated video (stream copy), e.g. to Matroska or to an MP4 with its index at the end. */
async function remux(source: string, name: string, extra: string[] = []): Promise<string> {
  const out = join(dir, name);
  await run(requireFfmpeg().ffmpegPath, ['-y', '-v', 'error', '-i', source, '-map', '0', '-c', 'copy', ...extra, out]);
  return out;
}

interface Packet {
  type: string;
  pts: number;
  hash: string;
}

/** Every video and audio packet of a file with a hash of its bytes, sorted by stream and time. */
async function packetsOf(path: string): Promise<Packet[]> {
  const { stdout } = await run(
    requireFfmpeg().ffprobePath,
    ['-v', 'error', '-show_data_hash', 'md5', '-show_entries', 'packet=codec_type,pts_time,data_hash', '-of', 'csv=p=0', path],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [type = '', pts = '', hash = ''] = line.split(',');
      return { type, pts: Number(pts), hash };
    })
    .sort((a, b) => a.type.localeCompare(b.type) || a.pts - b.pts);
}

/**
 * The packets a reel of the source's cuts must hold, by the rules of the per-range method: per cut, the
 * video in decode (file) order from the keyframe at its start up to the keyframe at its end, the audio
 * packets starting in [start, end); shown at their time in the reel.
 */
async function expectedReel(source: string, cuts: readonly { cutStart: number; cutEnd: number }[]): Promise<Packet[]> {
  const { stdout } = await run(
    requireFfmpeg().ffprobePath,
    ['-v', 'error', '-show_data_hash', 'md5', '-show_entries', 'packet=codec_type,pts_time,flags,data_hash', '-of', 'csv=p=0', source],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const all = stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [type = '', pts = '', flags = '', hash = ''] = line.split(',');
      return { type, pts: Number(pts), key: flags.startsWith('K'), hash };
    });
  const video = all.filter((p) => p.type === 'video');
  const reel: Packet[] = [];
  let at = 0;
  for (const { cutStart, cutEnd } of cuts) {
    const keyAt = (t: number) => video.findIndex((p) => p.key && Math.abs(p.pts - t) < 1e-3);
    const from = keyAt(cutStart);
    const to = keyAt(cutEnd) < 0 ? video.length : keyAt(cutEnd);
    expect(from).toBeGreaterThanOrEqual(0);
    for (const p of video.slice(from, to)) reel.push({ type: 'video', pts: p.pts - cutStart + at, hash: p.hash });
    for (const p of all) {
      if (p.type === 'audio' && p.pts >= cutStart - 1e-6 && p.pts < cutEnd - 1e-6) reel.push({ type: 'audio', pts: p.pts - cutStart + at, hash: p.hash });
    }
    at += cutEnd - cutStart;
  }
  return reel.sort((a, b) => a.type.localeCompare(b.type) || a.pts - b.pts);
}

/**
 * The reel holds exactly the expected packets, bit for bit, each at its time: to 2 ms, as Matroska
 * stores milliseconds and ffmpeg dates copied audio by its sample count (an audio packet is 21 ms).
 */
async function expectPacketsOf(outPath: string, source: string, cuts: readonly { cutStart: number; cutEnd: number }[]): Promise<void> {
  const [actual, expected] = await Promise.all([packetsOf(outPath), expectedReel(source, cuts)]);
  expect(actual.length).toBe(expected.length);
  const mismatches = actual.filter((p, i) => p.hash !== expected[i]!.hash || p.type !== expected[i]!.type || Math.abs(p.pts - expected[i]!.pts) > 2e-3);
  expect(mismatches.slice(0, 3)).toEqual([]);
}

describe.each<{ name: string; source: () => Promise<string>; method: 'single run' | 'per range'; filtersVideo?: boolean }>([
  { name: 'MP4 with B-frames', source: () => makeTestVideo({ durationSec: 20, bframes: 2 }), method: 'single run', filtersVideo: true },
  {
    name: 'MP4 without B-frames, index at the end',
    source: async () => remux(await makeTestVideo({ durationSec: 20 }), 'no-bframes-moov-last.mp4'),
    method: 'single run',
    filtersVideo: false,
  },
  { name: 'Matroska with B-frames', source: async () => remux(await makeTestVideo({ durationSec: 20, bframes: 2 }), 'bframes.mkv'), method: 'single run', filtersVideo: true },
  // Its audio packets have no byte positions of their own: copied range by range.
  { name: 'MPEG-TS with B-frames', source: () => makeTestVideo({ durationSec: 20, bframes: 2, container: 'mpegts' }), method: 'per range' },
])('fast export of $name', ({ name, source: makeSource, method, filtersVideo }) => {
  it('copies exactly the keyframe-snapped cuts, each starting on its keyframe, joined without gaps', async () => {
    const source = await makeSource();
    const keyframes = await readKeyframeTimes(source);
    const lead = keyframes[0]!;
    const { plan } = await planFor(source, 'fast', [{ start: 3, end: 7.5 }, { start: 12.2, end: 13 }]);
    expect(plan.ranges.map((r) => [r.cutStart - lead, r.cutEnd - lead].map((t) => Math.round(t * 1e3) / 1e3))).toEqual([
      [2, 8],
      [12, 14],
    ]);
    expect(plan.durationSec).toBeCloseTo(8, 6);
    const folder = await freshFolder(`fast-${name.replace(/\W+/g, '-')}`);
    const outPath = join(folder, 'reel.mp4');
    const progress: Progress[] = [];

    const result = await exportReel({ videoPath: source, plan, outPath, hasAudio: true, onProgress: (p) => progress.push(p) });

    const facts = await probeStreams(outPath);
    expect(facts.video!.frames).toBe(8 * FPS);
    expect(facts.video!.durationSec).toBeCloseTo(8, 3);
    expect(Math.abs(facts.durationSec - plan.durationSec)).toBeLessThan(FRAME);
    expect(Math.abs(facts.durationSec - plan.durationSec)).toBeLessThan(FRAME);
    expect(result.durationSec).toBeCloseTo(facts.durationSec, 3);
    const frames = await videoFrameTimes(outPath);
    expect(frames.filter((f) => f.key).map((f) => Math.round(f.ptsSec * 1e3) / 1e3)).toEqual([0, 2, 4, 6]);
    // Stream copy: the frames around each join are the source's own frames, bit for bit.
    const n = (t: number) => Math.round(t * FPS);
    const equal = await Promise.all([
      psnr(outPath, 0, source, n(2)),
      psnr(outPath, 179, source, n(8) - 1),
      psnr(outPath, 180, source, n(12)),
      psnr(outPath, 239, source, n(14) - 1),
    ]);
    expect(equal).toEqual([Infinity, Infinity, Infinity, Infinity]);

    expect(await readdir(folder)).toEqual(['reel.mp4']);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    if (method === 'single run') {
      expect(result.commandLines).toHaveLength(1);
      expect(result.commandLines[0]).toMatch(/-f concat .*-bsf:a '?noise=drop=/);
      expect(result.commandLines[0]!.includes('-bsf:v')).toBe(filtersVideo);
      expect(progress.map((p) => p.detail)).toEqual(expect.arrayContaining(['range 1 of 2', 'range 2 of 2']));
      // Every packet is the source's, from the right place: exact cuts and audio in sync.
      await expectPacketsOf(outPath, source, plan.ranges);
    } else {
      expect(result.commandLines).toHaveLength(3); // two parts and the join
      expect(progress.map((p) => p.detail)).toEqual(expect.arrayContaining(['range 1 of 2', 'range 2 of 2', 'joining 2 ranges']));
    }
  });
});

describe.each<{ name: string; source: () => Promise<string>; filtersVideo: boolean }>([
  { name: 'MP4 with B-frames', source: () => makeTestVideo({ durationSec: 20, bframes: 2 }), filtersVideo: true },
  {
    name: 'MP4 without B-frames, index at the end',
    source: async () => remux(await makeTestVideo({ durationSec: 20 }), 'reordered-no-bframes-moov-last.mp4'),
    filtersVideo: false,
  },
  { name: 'Matroska with B-frames', source: async () => remux(await makeTestVideo({ durationSec: 20, bframes: 2 }), 'reordered-bframes.mkv'), filtersVideo: true },
])('fast export of $name, ranges out of time order', ({ name, source: makeSource, filtersVideo }) => {
  it('copies each cut exactly, in the order given, in one run', async () => {
    const source = await makeSource();
    const lead = (await readKeyframeTimes(source))[0]!;
    // The last two touch once snapped (they share a GOP): one entry, as in time order.
    const { plan } = await planFor(source, 'fast', [{ start: 14.2, end: 15 }, { start: 3, end: 7.5 }, { start: 8.5, end: 9 }]);
    expect(plan.ranges.map((r) => [r.cutStart - lead, r.cutEnd - lead].map((t) => Math.round(t * 1e3) / 1e3))).toEqual([
      [14, 16],
      [2, 8],
      [8, 10],
    ]);
    const folder = await freshFolder(`reordered-${name.replace(/\W+/g, '-')}`);
    const outPath = join(folder, 'reel.mkv');
    const result = await exportReel({ videoPath: source, plan, outPath, hasAudio: true });
    expect(result.commandLines).toHaveLength(1);
    expect(result.commandLines[0]!.includes('-bsf:v')).toBe(filtersVideo);
    expect((await probeStreams(outPath)).video!.frames).toBe(10 * FPS);
    await expectPacketsOf(outPath, source, plan.ranges);
  });
});

describe('fast export of an MP4 with B-frames, ranges out of time order, range by range', () => {
  it.each([
    // The reel's first entry is read from the keyframe before it (8 s), where the cut before it ends.
    { why: 'the reel starts one GOP after another cut', ranges: [{ start: 10.2, end: 11 }, { start: 3, end: 7.5 }], frames: 8 * FPS },
    // The cut before 8 s in the file cannot read ahead past 8 s.
    { why: 'a later cut of the reel ends where an earlier one starts', ranges: [{ start: 8.5, end: 9 }, { start: 3, end: 7.5 }], frames: 8 * FPS },
  ])('when $why', async ({ ranges, frames }) => {
    const source = await makeTestVideo({ durationSec: 20, bframes: 2 });
    const { plan } = await planFor(source, 'fast', ranges);
    const folder = await freshFolder(`reordered-per-range-${plan.ranges[0]!.cutStart}`);
    const outPath = join(folder, 'reel.mkv');
    const result = await exportReel({ videoPath: source, plan, outPath, hasAudio: true });
    expect(result.commandLines).toHaveLength(3); // two parts and the join
    const facts = await probeStreams(outPath);
    expect(facts.video!.frames).toBe(frames);
    expect(Math.abs(facts.durationSec - plan.durationSec)).toBeLessThan(FRAME);
  });
});

describe('fast export in one run', () => {
  it.each<{ name: string; video: TestVideoOptions; ranges: { start: number; end: number }[] }>([
    // Ranges that share a GOP touch after snapping (copied as one); 1 s GOPs put the next cut less than
    // the read-ahead after the previous one.
    { name: 'touching and close cuts', video: { durationSec: 12, keyintFrames: 30, bframes: 2 }, ranges: [{ start: 2.5, end: 3.5 }, { start: 3.6, end: 4.5 }, { start: 6.2, end: 7 }] },
    { name: 'cuts at both ends of the file', video: { durationSec: 20, bframes: 2 }, ranges: [{ start: 0, end: 3 }, { start: 16.5, end: 20 }] },
    { name: '60 fps with 3 B-frames', video: { durationSec: 12, fps: 60, bframes: 3 }, ranges: [{ start: 1, end: 5 }, { start: 8, end: 9 }] },
  ])('copies $name exactly', async ({ video, ranges }) => {
    const source = await makeTestVideo(video);
    const { plan } = await planFor(source, 'fast', ranges);
    const folder = await freshFolder(`single-${Object.values(video).join('-')}`);
    const outPath = join(folder, 'reel.mkv');
    const result = await exportReel({ videoPath: source, plan, outPath, hasAudio: true });
    expect(result.commandLines).toHaveLength(1);
    const fps = video.fps ?? FPS;
    expect((await probeStreams(outPath)).video!.frames).toBe(Math.round(plan.durationSec * fps));
    await expectPacketsOf(outPath, source, plan.ranges);
  });

  it('runs no probe for an MP4, one for other files, none more in accurate mode than before', async () => {
    const folder = await freshFolder('probe-count');
    const log = join(folder, 'calls.log');
    const real = requireFfmpeg();
    const wrap = async (name: string, bin: string) => {
      const path = join(folder, name);
      await writeFile(path, `#!/bin/sh\necho ${name} >> '${log}'\nexec '${bin}' "$@"\n`);
      await chmod(path, 0o755);
      return path;
    };
    const env = { ...process.env, HIGHLIGHTER_FFMPEG: await wrap('ffmpeg', real.ffmpegPath), HIGHLIGHTER_FFPROBE: await wrap('ffprobe', real.ffprobePath) };
    const mp4 = await makeTestVideo({ durationSec: 20, bframes: 2 });
    const calls = async (videoPath: string, mode: ExportMode) => {
      const { plan } = await planFor(videoPath, mode, [{ start: 3, end: 7.5 }, { start: 12.2, end: 13 }]);
      await rm(log, { force: true });
      await exportReel({ videoPath, plan, outPath: join(folder, 'reel.mp4'), hasAudio: true, env });
      const lines = (await readFile(log, 'utf8')).trim().split('\n');
      return { ffprobe: lines.filter((l) => l === 'ffprobe').length, ffmpeg: lines.filter((l) => l === 'ffmpeg').length };
    };
    expect(await calls(mp4, 'fast')).toEqual({ ffprobe: 0, ffmpeg: 1 });
    expect(await calls(await remux(mp4, 'count.mkv'), 'fast')).toEqual({ ffprobe: 1, ffmpeg: 1 });
    expect(await calls(await makeTestVideo({ durationSec: 20, bframes: 2, container: 'mpegts' }), 'fast')).toEqual({ ffprobe: 1, ffmpeg: 3 });
    expect(await calls(mp4, 'accurate')).toEqual({ ffprobe: 1, ffmpeg: 1 });
  });

  it('copies range by range with an ffmpeg older than 5.0, whose noise filter has no drop expression', async () => {
    const folder = await freshFolder('old-ffmpeg');
    const real = requireFfmpeg();
    // Refuses the keep filter as ffmpeg 4.4 does, runs everything else.
    const oldFfmpeg = join(folder, 'ffmpeg');
    await writeFile(
      oldFfmpeg,
      `#!/bin/sh\ncase "$*" in *noise=drop=*) echo "[noise @ 0x55d1c2a0] Option 'drop' not found" >&2; ` +
        `echo "Error parsing bitstream filter sequence 'noise=drop=...': Option not found" >&2; exit 1;; esac\nexec '${real.ffmpegPath}' "$@"\n`,
    );
    await chmod(oldFfmpeg, 0o755);
    const source = await makeTestVideo({ durationSec: 20, bframes: 2 });
    const { plan } = await planFor(source, 'fast', [{ start: 3, end: 7.5 }, { start: 12.2, end: 13 }]);
    const outPath = join(folder, 'reel.mp4');
    const result = await exportReel({ videoPath: source, plan, outPath, hasAudio: true, env: { ...process.env, HIGHLIGHTER_FFMPEG: oldFfmpeg } });
    expect(result.commandLines).toHaveLength(3);
    expect((await probeStreams(outPath)).video!.frames).toBe(8 * FPS);
    expect((await readdir(folder)).sort()).toEqual(['ffmpeg', 'reel.mp4']);
  });
});

describe('exportReel', () => {
  it('exports a video without audio in both modes', async () => {
    const source = await makeTestVideo({ durationSec: 12, audio: false });
    const folder = await freshFolder('no-audio');
    for (const mode of ['accurate', 'fast'] as const) {
      const { plan } = await planFor(source, mode, [{ start: 1, end: 3 }, { start: 6, end: 7 }]);
      const outPath = join(folder, `${mode}.mkv`);
      await exportReel({ videoPath: source, plan, outPath, hasAudio: false });
      const facts = await probeStreams(outPath);
      expect(facts.audio).toBeNull();
      expect(facts.video!.frames).toBe(Math.round(plan.durationSec * FPS));
    }
  });

  it('cancelled mid-run: CANCELLED, nothing at the target, no temporary files, an existing reel untouched', async () => {
    const mp4 = await makeTestVideo({ durationSec: 60 });
    const ts = await makeTestVideo({ durationSec: 60, container: 'mpegts' });
    const folder = await freshFolder('cancel');
    const existing = join(folder, 'old.mp4');
    await writeFile(existing, 'previous reel');
    // Accurate: once ffmpeg reports real progress. Fast in one (short) run: at ffmpeg's first report.
    // Fast range by range (MPEG-TS): at ffmpeg's first report while the first part is being copied.
    const cases = [
      { source: mp4, mode: 'accurate', target: 'new.mp4', stop: (p: Progress) => p.fraction > 0 },
      { source: mp4, mode: 'fast', target: 'new.mp4', stop: (_: Progress, reports: number) => reports === 2 },
      { source: ts, mode: 'fast', target: 'new.mp4', stop: (_: Progress, reports: number) => reports === 3 },
      { source: mp4, mode: 'accurate', target: 'old.mp4', stop: (p: Progress) => p.fraction > 0 },
    ] as const;
    for (const { source, mode, target, stop } of cases) {
      const { plan } = await planFor(source, mode, [{ start: 0, end: 25 }, { start: 30, end: 58 }]);
      const controller = new AbortController();
      let reports = 0;
      const outcome = await exportReel({
        videoPath: source,
        plan,
        outPath: join(folder, target),
        hasAudio: true,
        signal: controller.signal,
        onProgress: (p) => {
          if (stop(p, ++reports)) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(outcome).toBeInstanceOf(AppError);
      expect((outcome as AppError).code).toBe('CANCELLED');
      expect((await readdir(folder)).sort()).toEqual(['old.mp4']);
      expect(await readFile(existing, 'utf8')).toBe('previous reel');
    }
  });

  it('replaces an existing reel only once the new one is complete', async () => {
    const source = await makeTestVideo({ durationSec: 20 });
    const folder = await freshFolder('overwrite');
    const outPath = join(folder, 'reel.mov');
    await writeFile(outPath, 'previous reel');
    const { plan } = await planFor(source, 'fast', [{ start: 2, end: 4 }]);
    await exportReel({ videoPath: source, plan, outPath, hasAudio: true });
    expect((await probeStreams(outPath)).video!.frames).toBe(2 * FPS);
    expect(await readdir(folder)).toEqual(['reel.mov']);
  });

  it('a failing ffmpeg gives FFMPEG_FAILED with the reason and cleans up', async () => {
    const source = await makeTestVideo({ durationSec: 12, audio: false });
    const folder = await freshFolder('failing');
    for (const mode of ['accurate', 'fast'] as const) {
      const { plan } = await planFor(source, mode, [{ start: 1, end: 3 }]);
      // The caller claims an audio stream the file does not have.
      const error = await exportReel({ videoPath: source, plan, outPath: join(folder, 'reel.mp4'), hasAudio: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('FFMPEG_FAILED');
      expect((error as AppError).message).toMatch(/^ffmpeg failed \(exit code \d+\): .*matches no streams/);
      expect(await readdir(folder)).toEqual([]);
    }
  });

  it('refuses a missing folder, a folder as target, an unknown extension and the source itself before running anything', async () => {
    const source = await makeTestVideo({ durationSec: 12 });
    const { plan } = await planFor(source, 'accurate', [{ start: 1, end: 2 }]);
    const attempt = (outPath: string) => exportReel({ videoPath: source, plan, outPath, hasAudio: true }).catch((e: unknown) => e as AppError);
    expect(await attempt(join(dir, 'no-such-folder', 'reel.mp4'))).toMatchObject({ code: 'OUTPUT_UNWRITABLE', message: expect.stringMatching(/does not exist/) });
    const folder = await freshFolder('target-is-folder.mp4');
    expect(await attempt(folder)).toMatchObject({ code: 'OUTPUT_UNWRITABLE', message: expect.stringMatching(/is a folder/) });
    expect(await attempt(join(dir, 'reel.webm'))).toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(await attempt(source)).toMatchObject({ code: 'BAD_ARGUMENTS', message: expect.stringMatching(/source video/) });
  });

  it('removeExportLeftovers deletes only the temporary files of that target', async () => {
    const folder = await freshFolder('leftovers');
    const keep = ['reel.mp4', '.other.mp4.partial-aaaa.mp4', 'notes.txt'];
    for (const name of [...keep, '.reel.mp4.partial-1a2b3c4d.mp4']) await writeFile(join(folder, name), 'x');
    await mkdir(join(folder, '.reel.mp4.parts-Xy12Ab'));
    await writeFile(join(folder, '.reel.mp4.parts-Xy12Ab', 'part-0001.mp4'), 'x');
    await removeExportLeftovers(join(folder, 'reel.mp4'));
    expect((await readdir(folder)).sort()).toEqual([...keep].sort());
  });
});
