// The export dispatcher on real media: chapters muxed into the reel (read back by ffprobe, not by our
// code), the YouTube list and the side files beside it, clips named by label, and outputs that appear
// only when complete (a cancel at any step leaves nothing).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExportSpecSchema, type ExportMode } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import { dispatchExport, type DispatchOptions, type RangeNames } from '../../../main/core/export/dispatch';
import { planExport } from '../../../main/core/media/exportPlan';
import { readKeyframeTimes } from '../../../main/core/media/keyframes';
import type { Progress } from '../../../main/core/progress';
import { makeTestVideo } from '../../fixtures/media';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const run = promisify(execFile);
const ffprobe = () => process.env.HIGHLIGHTER_FFPROBE || 'ffprobe';
const FRAME = 1 / 30;

interface ProbedChapter {
  startMs: number;
  endMs: number;
  title: string | undefined;
}

/** Chapters as plain ffprobe reads them, in milliseconds. */
async function probeChapters(path: string): Promise<ProbedChapter[]> {
  const { stdout } = await run(ffprobe(), ['-v', 'error', '-show_chapters', '-of', 'json', path]);
  const data = JSON.parse(stdout) as { chapters: { start_time: string; end_time: string; tags?: { title?: string } }[] };
  return data.chapters.map((c) => ({
    startMs: Math.round(Number(c.start_time) * 1000),
    endMs: Math.round(Number(c.end_time) * 1000),
    title: c.tags?.title,
  }));
}

async function probeStreams(path: string): Promise<{ durationSec: number; types: string[] }> {
  const { stdout } = await run(ffprobe(), ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', path]);
  const data = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string }[] };
  return { durationSec: Number(data.format.duration), types: data.streams.map((s) => s.codec_type) };
}

let source: string;
let scratch: string;
let keyframes: number[];

beforeAll(async () => {
  source = await makeTestVideo({ durationSec: 60, fps: 30, keyintFrames: 60, audio: true });
  keyframes = await readKeyframeTimes(source);
  scratch = await mkdtemp(join(tmpdir(), 'hl-dispatch-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function folder(name: string): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

const RANGES = [
  { start: 30.1, end: 41.7 },
  { start: 3.5, end: 9.25 },
  { start: 50, end: 57.4 },
];
const NAMES: RangeNames[] = [
  { label: 'Boss = down; GG #1 \\o/ ünï 日本', tags: ['hype'] },
  { label: '', tags: ['clip-it', 'funny'] },
  { label: '', tags: [] },
];

function options(mode: ExportMode, outPath: string, spec: Record<string, unknown>, extra: Partial<DispatchOptions> = {}): DispatchOptions {
  return {
    spec: ExportSpecSchema.parse({ mode, ...spec }),
    source: { kind: 'file', videoPath: source, hasAudio: true },
    plan: planExport({ ranges: RANGES, mode, durationSec: 60, keyframes }),
    names: NAMES,
    outPath,
    ...extra,
  };
}

describe('reel with chapters', () => {
  it('accurate MP4: one chapter per range at the exact cuts, titled by label, tags, or number', async () => {
    const dir = await folder('accurate');
    const outPath = join(dir, 'reel.mp4');
    const fractions: number[] = [];
    const result = await dispatchExport(options('accurate', outPath, { chapters: true }, { onProgress: (p) => fractions.push(p.fraction) }));
    expect(result.outPath).toBe(outPath);
    expect(result.chaptersPath).toBe(join(dir, 'reel.chapters.txt'));
    expect(result.sidePaths).toEqual([join(dir, 'reel.chapters.txt')]);
    expect(await probeChapters(outPath)).toEqual([
      { startMs: 0, endMs: 11_600, title: 'Boss = down; GG #1 \\o/ ünï 日本' },
      { startMs: 11_600, endMs: 17_350, title: 'clip it, funny' },
      { startMs: 17_350, endMs: 24_750, title: 'Highlight 3' },
    ]);
    // Still the whole reel, nothing re-encoded by adding them: video, audio (and MP4's chapter track).
    const streams = await probeStreams(outPath);
    expect(Math.abs(streams.durationSec - 24.75)).toBeLessThanOrEqual(FRAME + 1e-3);
    expect(streams.types.slice(0, 2)).toEqual(['video', 'audio']);
    expect(await readFile(join(dir, 'reel.chapters.txt'), 'utf8')).toBe(
      '0:00 Boss = down; GG #1 \\o/ ünï 日本\n0:11 clip it, funny\n0:17 Highlight 3\n',
    );
    // Chapter 2 lists 0:11–0:17 (6 s), under YouTube's 10 s.
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/at least 10 seconds.*0:11 "clip it, funny"/);
    expect((await readdir(dir)).sort()).toEqual(['reel.chapters.txt', 'reel.mp4']);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions.at(-1)).toBe(1);
  });

  it('fast MKV: chapters follow the keyframe cuts, not the ranges as drawn', async () => {
    const dir = await folder('fast');
    const outPath = join(dir, 'reel.mkv');
    const opts = options('fast', outPath, { chapters: true });
    // 2 s GOPs: 30-42, 2-10, 50-58.
    expect(opts.plan.ranges.map((r) => [r.cutStart, r.cutEnd])).toEqual([
      [30, 42],
      [2, 10],
      [50, 58],
    ]);
    await dispatchExport(opts);
    expect(await probeChapters(outPath)).toEqual([
      { startMs: 0, endMs: 12_000, title: 'Boss = down; GG #1 \\o/ ünï 日本' },
      { startMs: 12_000, endMs: 20_000, title: 'clip it, funny' },
      { startMs: 20_000, endMs: 28_000, title: 'Highlight 3' },
    ]);
    expect(Math.abs((await probeStreams(outPath)).durationSec - 28)).toBeLessThanOrEqual(0.1);
    expect(await readFile(join(dir, 'reel.chapters.txt'), 'utf8')).toBe('0:00 Boss = down; GG #1 \\o/ ünï 日本\n0:12 clip it, funny\n0:20 Highlight 3\n');
  });

  it('MOV takes chapters too', async () => {
    const dir = await folder('mov');
    const outPath = join(dir, 'reel.mov');
    await dispatchExport(options('fast', outPath, { chapters: true }));
    expect((await probeChapters(outPath)).map((c) => c.startMs)).toEqual([0, 12_000, 20_000]);
  });
});

describe('side files', () => {
  it('writes OUT.csv (LosslessCut: start,end,label) and OUT.json beside the reel', async () => {
    const dir = await folder('side');
    const outPath = join(dir, 'my reel.mp4');
    const result = await dispatchExport(options('fast', outPath, { sideFiles: true }));
    expect(result.sidePaths).toEqual([join(dir, 'my reel.csv'), join(dir, 'my reel.json')]);
    expect(await readFile(join(dir, 'my reel.csv'), 'utf8')).toBe(
      '30.1,41.7,Boss = down; GG #1 \\o/ ünï 日本\r\n3.5,9.25,\r\n50,57.4,\r\n',
    );
    const json = JSON.parse(await readFile(join(dir, 'my reel.json'), 'utf8')) as Record<string, unknown> & { ranges: Record<string, unknown>[] };
    expect(json).toMatchObject({ version: 1, source: 'testsrc-60s-30fps-g60-bf0-320x180-a.mp4', output: 'my reel.mp4', layout: 'reel', mode: 'fast', durationSec: 28 });
    expect(json.ranges).toEqual([
      { n: 1, start: 30.1, end: 41.7, cutStart: 30, cutEnd: 42, label: NAMES[0]!.label, tags: ['hype'], title: NAMES[0]!.label, reelStart: 0, reelEnd: 12, file: null },
      { n: 2, start: 3.5, end: 9.25, cutStart: 2, cutEnd: 10, label: '', tags: ['clip-it', 'funny'], title: 'clip it, funny', reelStart: 12, reelEnd: 20, file: null },
      { n: 3, start: 50, end: 57.4, cutStart: 50, cutEnd: 58, label: '', tags: [], title: 'Highlight 3', reelStart: 20, reelEnd: 28, file: null },
    ]);
    // No chapters asked for: none in the reel, no list.
    expect(await probeChapters(outPath)).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['my reel.csv', 'my reel.json', 'my reel.mp4']);
  });
});

describe('clips named by label', () => {
  it('names each clip after the target and its label, with side files naming the clips', async () => {
    const dir = await folder('clips');
    const outPath = join(dir, 'moments.mp4');
    const names: RangeNames[] = [{ label: 'The Clutch!', tags: [] }, { label: '', tags: ['funny'] }, { label: '../etc/CON', tags: [] }];
    const result = await dispatchExport(options('accurate', outPath, { layout: 'clips', sideFiles: true }, { names }));
    const expected = ['moments-01-the-clutch.mp4', 'moments-02.mp4', 'moments-03-etc-con.mp4'];
    expect(result.outPaths).toEqual(expected.map((n) => join(dir, n)));
    expect(result.outPath).toBe(join(dir, expected[0]!));
    expect((await readdir(dir)).sort()).toEqual([...expected, 'moments.csv', 'moments.json'].sort());
    const lengths = RANGES.map((r) => r.end - r.start);
    for (const [i, name] of expected.entries()) {
      expect(Math.abs((await probeStreams(join(dir, name))).durationSec - lengths[i]!)).toBeLessThanOrEqual(FRAME + 1e-3);
    }
    const json = JSON.parse(await readFile(join(dir, 'moments.json'), 'utf8')) as { ranges: { file: string }[] };
    expect(json.ranges.map((r) => r.file)).toEqual(expected);
  });
});

describe('outputs only when complete', () => {
  const cancelledAt = async (dir: string, spec: Record<string, unknown>, stop: (p: Progress) => boolean) => {
    const existing = join(dir, 'reel.mp4');
    await writeFile(existing, 'previous reel');
    const controller = new AbortController();
    const outcome = await dispatchExport(
      options('accurate', existing, spec, {
        signal: controller.signal,
        onProgress: (p) => {
          if (stop(p)) controller.abort();
        },
      }),
    ).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(AppError);
    expect((outcome as AppError).code).toBe('CANCELLED');
    expect(await readdir(dir)).toEqual(['reel.mp4']);
    expect(await readFile(existing, 'utf8')).toBe('previous reel');
  };

  it('cancelled while cutting: nothing new, no work folder, the old reel untouched', async () => {
    await cancelledAt(await folder('cancel-cut'), { chapters: true, sideFiles: true }, (p) => p.fraction > 0);
  });

  it('cancelled while adding the chapters: the same', async () => {
    await cancelledAt(await folder('cancel-chapters'), { chapters: true, sideFiles: true }, (p) => p.detail === 'adding chapters');
  });

  it('cancelled clips with side files leave none of the set', async () => {
    const dir = await folder('cancel-clips');
    const controller = new AbortController();
    const outcome = await dispatchExport(
      options('accurate', join(dir, 'c.mp4'), { layout: 'clips', sideFiles: true }, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.detail === 'clip 3 of 3') controller.abort();
        },
      }),
    ).catch((e: unknown) => e);
    expect((outcome as AppError).code).toBe('CANCELLED');
    expect(await readdir(dir)).toEqual([]);
  });

  it('renders what needs every frame (a vertical blur, as clips in parallel), in accurate mode', async () => {
    const dir = await folder('rendered');
    const result = await dispatchExport(options('accurate', join(dir, 'r.mp4'), { vertical: { kind: 'blur' }, layout: 'clips' }));
    expect(result.mode).toBe('accurate');
    expect(result.outPaths).toHaveLength(RANGES.length);
    expect((await readdir(dir)).sort()).toEqual(result.outPaths!.map((p) => p.split('/').pop()).sort());
  });
});
