// Rendered exports against real ffmpeg, checked with plain ffprobe/ffmpeg (never our code): the three
// vertical looks at 1080×1920 with the exact frame count and duration, the exact source frames of each
// range (a source whose frames carry their numbers, at 29.97 fps with B-frames), a preset size, a
// crossfade shortening the reel by (N−1)·d, loudness measured by ebur128 at −14 LUFS, cancel and bad
// arguments leaving nothing, separate clips rendered side by side, and the encoder choice: a hardware
// encoder the build lists but the machine lacks is not used.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Vertical } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import { chooseH264Encoder } from '../../../main/core/export/render/encoders';
import { renderClips } from '../../../main/core/export/render/parallelClips';
import { renderReel, type RenderReelOptions, type RenderSpec } from '../../../main/core/export/render/renderReel';
import { reserveTempFile } from '../../../main/core/media/tempFile';
import { removeExportLeftovers } from '../../../main/core/media/exportReel';
import { requireFfmpeg } from '../../../main/core/media/ffmpegPaths';
import type { Progress } from '../../../main/core/progress';
import { makeFrameCodeVideo } from '../../fixtures/frameCodeVideo';
import { makeTestVideo } from '../../fixtures/media';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const run = promisify(execFile);
const ffmpegBin = () => process.env.HIGHLIGHTER_FFMPEG || 'ffmpeg';
const ffprobeBin = () => process.env.HIGHLIGHTER_FFPROBE || 'ffprobe';

const FPS = 30000 / 1001;
const SOURCE = { width: 320, height: 180, fps: FPS };
/** One AAC frame at 48 kHz. */
const AAC_FRAME_SEC = 1024 / 48_000;
const SPEC: RenderSpec = { vertical: null, preset: 'source', quality: 28, crossfadeSec: 0, loudnorm: false };
/** Two ranges that start and end between frames. */
const RANGES = [
  { start: 2.01, end: 3.5 },
  { start: 8.0, end: 9.02 },
];

let source: string;
let scratch: string;

beforeAll(async () => {
  source = await makeFrameCodeVideo(); // 320x180, 29.97 fps, B-frames, 20 s
  scratch = await mkdtemp(join(tmpdir(), 'hl-render-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

let folders = 0;
async function freshFolder(): Promise<string> {
  const folder = join(scratch, `t${++folders}`);
  await mkdir(folder);
  return folder;
}

/** The frames each range should give: round(start·fps) … plus round(length·fps) frames. */
function expectedFrames(ranges: readonly { start: number; end: number }[]): number[] {
  return ranges.flatMap((r) => {
    const first = Math.round(r.start * FPS);
    return Array.from({ length: Math.round((r.end - r.start) * FPS) }, (_, i) => first + i);
  });
}

interface Probed {
  width: number;
  height: number;
  sar: string | undefined;
  codec: string;
  /** Decoded frames (ffprobe -count_frames). */
  frames: number;
  videoSec: number;
  audioSec: number | null;
  audioCodec: string | null;
  formatSec: number;
}

async function probe(path: string): Promise<Probed> {
  const { stdout } = await run(ffprobeBin(), [
    '-v', 'error', '-count_frames',
    '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height,sample_aspect_ratio,nb_read_frames,duration',
    '-of', 'json', path,
  ]);
  const data = JSON.parse(stdout) as {
    format: { duration: string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number; sample_aspect_ratio?: string; nb_read_frames?: string; duration?: string }[];
  };
  const v = data.streams.find((s) => s.codec_type === 'video')!;
  const a = data.streams.find((s) => s.codec_type === 'audio');
  return {
    width: v.width!,
    height: v.height!,
    sar: v.sample_aspect_ratio,
    codec: v.codec_name,
    frames: Number(v.nb_read_frames),
    videoSec: Number(v.duration),
    audioSec: a ? Number(a.duration) : null,
    audioCodec: a ? a.codec_name : null,
    formatSec: Number(data.format.duration),
  };
}

/**
 * The frame number each frame shows: its bit columns across the picture (ten), or across `crop` of it
 * (`bits` columns, the lowest bits).
 */
async function frameCodes(path: string, crop?: string, bits = 10): Promise<number[]> {
  const { stdout } = await run(
    ffmpegBin(),
    ['-v', 'error', '-i', path, '-map', '0:v:0', '-vf', `${crop ? `crop=${crop},` : ''}scale=${bits}:1:flags=area,format=gray`, '-f', 'rawvideo', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  const codes: number[] = [];
  for (let i = 0; i + bits <= stdout.length; i += bits) {
    let n = 0;
    for (let b = 0; b < bits; b++) if (stdout[i + b]! > 128) n |= 1 << b;
    codes.push(n);
  }
  return codes;
}

/** Integrated loudness and true peak as ffmpeg's ebur128 filter measures them. */
async function measureLoudness(path: string): Promise<{ integrated: number; truePeak: number }> {
  const { stderr } = await run(ffmpegBin(), ['-hide_banner', '-nostdin', '-nostats', '-i', path, '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-']);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  if (!integrated || !peak) throw new Error(`no ebur128 summary in ${summary}`);
  return { integrated: Number(integrated[1]), truePeak: Number(peak[1]) };
}

function options(folder: string, extra: Omit<Partial<RenderReelOptions>, 'spec'> & { spec?: Partial<RenderSpec> } = {}): RenderReelOptions {
  return {
    videoPath: source,
    ranges: RANGES,
    outPath: join(folder, 'reel.mp4'),
    hasAudio: true,
    source: SOURCE,
    ...extra,
    spec: { ...SPEC, ...extra.spec },
  };
}

async function expectExact(path: string, frames: number, size: { width: number; height: number }): Promise<Probed> {
  const p = await probe(path);
  expect({ width: p.width, height: p.height, codec: p.codec, audioCodec: p.audioCodec }).toEqual({ ...size, codec: 'h264', audioCodec: 'aac' });
  expect(p.sar === undefined || p.sar === '1:1' || p.sar === 'N/A').toBe(true);
  expect(p.frames).toBe(frames);
  expect(Math.abs(p.videoSec - frames / FPS)).toBeLessThan(0.5 / FPS);
  expect(Math.abs(p.audioSec! - p.videoSec)).toBeLessThanOrEqual(AAC_FRAME_SEC + 1e-3);
  return p;
}

const VERTICAL = { width: 1080, height: 1920 };
const expected = expectedFrames(RANGES);

describe('vertical looks', () => {
  it('crop: the 9:16 box at 1080×1920, exact frame count and duration', async () => {
    const folder = await freshFolder();
    const vertical: Vertical = { kind: 'crop', box: { x: 110, y: 0, width: 100, height: 178 } };
    const progress: Progress[] = [];
    const result = await renderReel(options(folder, { spec: { vertical }, onProgress: (p) => progress.push(p) }));
    expect(expected).toHaveLength(45 + 31); // 1.49 s and 1.02 s at 29.97 fps
    await expectExact(result.outPath, expected.length, VERTICAL);
    expect(Math.abs(result.durationSec - expected.length / FPS)).toBeLessThan(1 / FPS);
    expect(result.commandLines).toHaveLength(1);
    expect(result.commandLines[0]).toContain('crop=100:178:110:0');
    expect(progress.at(-1)).toMatchObject({ fraction: 1 });
    expect(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1]!.fraction)).toBe(true);
    expect(await readdir(folder)).toEqual(['reel.mp4']);
  });

  it('blur: the whole frame 1080 wide in the middle shows exactly the frames of each range', async () => {
    const folder = await freshFolder();
    const result = await renderReel(options(folder, { spec: { vertical: { kind: 'blur' } } }));
    await expectExact(result.outPath, expected.length, VERTICAL);
    // 320x180 fitted to 1080 wide is 1080x608, centred at y = 656.
    expect(await frameCodes(result.outPath, '1080:608:0:656')).toEqual(expected);
  });

  it('split: facecam over gameplay stacked to exactly 1080×1920', async () => {
    const folder = await freshFolder();
    const vertical: Vertical = { kind: 'split', top: { x: 0, y: 0, width: 160, height: 90 }, bottom: { x: 80, y: 0, width: 160, height: 180 } };
    const result = await renderReel(options(folder, { spec: { vertical } }));
    await expectExact(result.outPath, expected.length, VERTICAL);
    // The top slot (1080×608) shows the top-left quarter of the source: its bit columns 0–4.
    expect(await frameCodes(result.outPath, '1080:608:0:0', 5)).toEqual(expected.map((n) => n & 0b11111));
  });
});

describe('presets and crossfade', () => {
  it('720p: 1280×720 (scaled up from 320×180), the exact frames of each range', async () => {
    const folder = await freshFolder();
    const result = await renderReel(options(folder, { spec: { preset: '720p' } }));
    await expectExact(result.outPath, expected.length, { width: 1280, height: 720 });
    expect(await frameCodes(result.outPath)).toEqual(expected);
  });

  it('a crossfade of d makes the reel (N−1)·d shorter; outside the fades every frame is exact', async () => {
    const folder = await freshFolder();
    const ranges = [{ start: 1, end: 2.5 }, { start: 6, end: 7.2 }, { start: 12, end: 13.5 }];
    const d = Math.round(0.4 * FPS); // 12 frames
    const result = await renderReel(options(folder, { ranges, spec: { crossfadeSec: 0.4 } }));
    const plain = expectedFrames(ranges);
    const p = await expectExact(result.outPath, plain.length - 2 * d, { width: 320, height: 180 });
    expect(plain.length / FPS - p.videoSec).toBeCloseTo((2 * d) / FPS, 2);
    const codes = await frameCodes(result.outPath);
    // Range i is alone on screen between the fades: its frames after the first d (except for the
    // first range) and before the last d (except for the last).
    const lengths = ranges.map((r) => Math.round((r.end - r.start) * FPS));
    let at = 0;
    let offset = 0;
    for (let i = 0; i < ranges.length; i++) {
      const from = i === 0 ? 0 : d;
      const to = i === ranges.length - 1 ? lengths[i]! : lengths[i]! - d;
      const first = Math.round(ranges[i]!.start * FPS);
      expect(codes.slice(at + from, at + to)).toEqual(Array.from({ length: to - from }, (_, k) => first + from + k));
      offset += lengths[i]!;
      at = offset - (i + 1) * d;
    }
  });

  it('MPEG-TS (no index, starts at 1.4 s): seeked early and trimmed in the graph, still exact', async () => {
    const folder = await freshFolder();
    const ts = await makeTestVideo({ durationSec: 10, container: 'mpegts', bframes: 2 });
    const ranges = [{ start: 6.02, end: 7.5 }, { start: 1.5, end: 2.51 }];
    const result = await renderReel(options(folder, { videoPath: ts, ranges, source: { width: 320, height: 180, fps: 30 } }));
    // Frame 181 (6.02 s) is cut at 180.5/30 s, seeked 3 s earlier (the 2 s GOP + 1 s) and trimmed in the graph.
    expect(result.commandLines[0]).toContain('-ss 3.016667 -t 4.516667 -i');
    expect(result.commandLines[0]).toContain('[0:v:0]trim=start=3:end=4.466667');
    const p = await probe(result.outPath);
    expect(p.frames).toBe(Math.round(1.48 * 30) + Math.round(1.01 * 30));
    expect(Math.abs(p.audioSec! - p.videoSec)).toBeLessThanOrEqual(AAC_FRAME_SEC + 1e-3);
  });

  it('refuses a crossfade longer than half the shortest range, before writing anything', async () => {
    const folder = await freshFolder();
    await expect(renderReel(options(folder, { spec: { crossfadeSec: 0.6 } }))).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses a crop box outside the frame, before writing anything', async () => {
    const folder = await freshFolder();
    const vertical: Vertical = { kind: 'crop', box: { x: 250, y: 0, width: 100, height: 178 } };
    const error = await renderReel(options(folder, { spec: { vertical } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BAD_ARGUMENTS', message: expect.stringMatching(/not inside the 320×180 video/) });
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('loudness', () => {
  it('two passes bring the reel to −14 LUFS (±1 LU) with the true peak under −1 dBTP', async () => {
    const folder = await freshFolder();
    const ranges = [{ start: 0.2, end: 2.2 }, { start: 3, end: 5.5 }]; // the quiet start of the rising tone
    const before = await renderReel(options(folder, { ranges, outPath: join(folder, 'plain.mp4') }));
    const result = await renderReel(options(folder, { ranges, spec: { loudnorm: true, crossfadeSec: 0.3 } }));
    const plain = await measureLoudness(before.outPath);
    const normalised = await measureLoudness(result.outPath);
    expect(Math.abs(plain.integrated + 14)).toBeGreaterThan(3); // the source is far from the target
    expect(Math.abs(normalised.integrated + 14)).toBeLessThanOrEqual(1);
    expect(normalised.truePeak).toBeLessThanOrEqual(-0.5);
    expect(result.commandLines).toHaveLength(2);
    expect(result.commandLines[0]).toContain('print_format=json');
    expect(result.commandLines[1]).toContain('linear=true');
    const frames = expectedFrames(ranges).length - Math.round(0.3 * FPS);
    await expectExact(result.outPath, frames, { width: 320, height: 180 });
  });
});

describe('cancel', () => {
  it('stops ffmpeg, leaves no file and keeps the existing target', async () => {
    const folder = await freshFolder();
    const outPath = join(folder, 'reel.mp4');
    await writeFile(outPath, 'the previous reel');
    const controller = new AbortController();
    const ranges = [{ start: 0, end: 19 }];
    const error = await renderReel(
      options(folder, {
        ranges,
        outPath,
        spec: { vertical: { kind: 'blur' } },
        signal: controller.signal,
        // The first report from ffmpeg's own progress: the render is running.
        onProgress: (p) => {
          if (p.fraction > 0) controller.abort();
        },
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(folder)).toEqual(['reel.mp4']);
    expect(await readFile(outPath, 'utf8')).toBe('the previous reel');
  });

  it("its temporary name is exportReel's, so removeExportLeftovers clears a crashed render's file", async () => {
    const folder = await freshFolder();
    const outPath = join(folder, 'reel.mp4');
    const temp = await reserveTempFile(outPath);
    expect(temp.startsWith(join(folder, '.reel.mp4.partial-'))).toBe(true);
    await removeExportLeftovers(outPath);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('renderClips', () => {
  it('renders each range as its own vertical clip, side by side, named by label', async () => {
    const folder = await freshFolder();
    const progress: Progress[] = [];
    const result = await renderClips({
      ...options(folder, { spec: { vertical: { kind: 'crop', box: { x: 0, y: 0, width: 101, height: 180 } } } }),
      labels: ['', 'The clutch'],
      concurrency: 2,
      onProgress: (p) => progress.push(p),
    });
    expect(result.outPaths).toEqual([join(folder, 'reel-01.mp4'), join(folder, 'reel-02-the-clutch.mp4')]);
    expect((await readdir(folder)).sort()).toEqual(['reel-01.mp4', 'reel-02-the-clutch.mp4']);
    await expectExact(result.outPaths[0]!, 45, VERTICAL);
    await expectExact(result.outPaths[1]!, 31, VERTICAL);
    expect(result.durationSec).toBeCloseTo(76 / FPS, 1);
    expect(result.encoders).toHaveLength(2);
    expect(progress.at(-1)).toMatchObject({ fraction: 1 });
  });

  it('a cancel removes the clips already written and leaves nothing', async () => {
    const folder = await freshFolder();
    const controller = new AbortController();
    const ranges = [{ start: 0, end: 1 }, { start: 2, end: 3 }, { start: 4, end: 19 }, { start: 1, end: 19 }];
    const error = await renderClips({
      ...options(folder, { ranges, spec: { vertical: { kind: 'blur' } }, signal: controller.signal }),
      concurrency: 2,
      // Once the short clips are done, stop during the long ones.
      onProgress: (p) => {
        if (p.detail?.startsWith('2 of')) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('encoder choice', () => {
  /** A stand-in ffmpeg: lists `listed`, passes the test encode of `works`, else runs the real ffmpeg. */
  async function fakeFfmpeg(name: string, listed: string[], works: string[]): Promise<string> {
    const folder = await freshFolder();
    const path = join(folder, name);
    const real = requireFfmpeg().ffmpegPath;
    const listing = [' ------', ' V....D libx264              libx264 H.264', ...listed.map((e) => ` V....D ${e.padEnd(20)} hardware H.264`)].join('\n');
    await writeFile(
      path,
      [
        '#!/bin/sh',
        `case " $* " in`,
        `  *" -encoders "*) printf '%s\\n' '${listing.split('\n').join("' '")}'; exit 0 ;;`,
        ...works.map((e) => `  *testsrc2*"${e}"*) exit 0 ;;`),
        `  *testsrc2*) echo "Cannot load the driver" >&2; exit 1 ;;`,
        'esac',
        `exec '${real}' "$@"`,
        '',
      ].join('\n'),
    );
    await chmod(path, 0o755);
    return path;
  }

  it('a listed hardware encoder whose test encode fails is not chosen: libx264', async () => {
    const ffmpeg = await fakeFfmpeg('ffmpeg', ['h264_nvenc', 'h264_qsv', 'h264_vaapi'], []);
    const choice = await chooseH264Encoder(ffmpeg, 'linux');
    expect(choice.encoder).toBe('libx264');
    expect(choice.hardware).toBe(false);
    expect(choice.trials.map((t) => [t.encoder, t.listed, t.works])).toEqual([
      ['h264_nvenc', true, false],
      ['h264_qsv', true, false],
      ['h264_vaapi', true, false],
    ]);
    expect(choice.trials[0]!.reason).toMatch(/Cannot load the driver/);
    // Cached per ffmpeg path for the process.
    expect(chooseH264Encoder(ffmpeg, 'linux')).toBe(chooseH264Encoder(ffmpeg, 'linux'));
  });

  it('one that is listed and passes its test encode is chosen; unlisted ones are not tried', async () => {
    const ffmpeg = await fakeFfmpeg('ffmpeg', ['h264_qsv'], ['h264_qsv']);
    const choice = await chooseH264Encoder(ffmpeg, 'linux');
    expect(choice).toMatchObject({ encoder: 'h264_qsv', hardware: true });
    expect(choice.trials[0]).toMatchObject({ encoder: 'h264_nvenc', listed: false, works: null });
  });

  it('a hardware encoder that fails on the render itself is replaced by libx264', async () => {
    const ffmpeg = await fakeFfmpeg('ffmpeg', ['h264_nvenc'], ['h264_nvenc']);
    const folder = await freshFolder();
    const env = { ...process.env, HIGHLIGHTER_FFMPEG: ffmpeg, HIGHLIGHTER_FFPROBE: requireFfmpeg().ffprobePath };
    const result = await renderReel(options(folder, { env }));
    expect(result.encoder).toBe('libx264');
    expect(result.commandLines.map((line) => /-c:v (\S+)/.exec(line)?.[1])).toEqual(['h264_nvenc', 'libx264']);
    await expectExact(result.outPath, expected.length, { width: 320, height: 180 });
    expect(await readdir(folder)).toEqual(['reel.mp4']);
  });

  it('on this machine (ffmpeg lists NVENC/VA-API/QSV, no GPU) the render uses libx264', async () => {
    const { ffmpegPath } = requireFfmpeg();
    const choice = await chooseH264Encoder(ffmpegPath);
    const working = choice.trials.filter((t) => t.works);
    // Written for any machine: whatever is listed but fails its test encode is never chosen.
    expect(choice.encoder).toBe(working[0]?.encoder ?? 'libx264');
    if (working.length === 0) {
      expect(choice.trials.filter((t) => t.listed).every((t) => t.works === false)).toBe(true);
      const result = await renderReel(options(await freshFolder(), { ranges: [{ start: 1, end: 2 }] }));
      expect(result.encoder).toBe('libx264');
      expect(result.commandLines[0]).toContain('-c:v libx264');
    }
    console.info('encoder trials:', JSON.stringify(choice.trials));
  });
});
