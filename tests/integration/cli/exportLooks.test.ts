// `highlighter export --vertical … --preset …` through the one dispatcher and the renderer: a 9:16 crop
// and a split come out 1080×1920 with the ranges' exact length; a preset sets the size; any --mode runs
// as accurate (said on stderr); bad boxes and flags fail in one line with nothing written. Chapters of a
// crossfaded reel (through the dispatcher) start where each range fades in.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExportSpecSchema } from '../../../preload/contract';
import { dispatchExport } from '../../../main/core/export/dispatch';
import { planExport } from '../../../main/core/media/exportPlan';
import { makeTestVideo } from '../../fixtures/media';
import { assertBuilt, runCli } from '../../fixtures/cli';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const run = promisify(execFile);
const FRAME = 1 / 30;
let video: string;
let scratch: string;

beforeAll(async () => {
  assertBuilt();
  video = await makeTestVideo({ durationSec: 30, fps: 30, keyintFrames: 60, audio: true, width: 320, height: 180 });
  scratch = await mkdtemp(join(tmpdir(), 'hl-cli-looks-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function probe(path: string): Promise<{ width: number; height: number; durationSec: number; frames: number }> {
  const { stdout } = await run(process.env.HIGHLIGHTER_FFPROBE || 'ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=width,height,nb_read_frames:format=duration', '-of', 'json', path,
  ]);
  const data = JSON.parse(stdout) as { streams: { width: number; height: number; nb_read_frames: string }[]; format: { duration: string } };
  const s = data.streams[0]!;
  return { width: s.width, height: s.height, durationSec: Number(data.format.duration), frames: Number(s.nb_read_frames) };
}

describe('highlighter export --vertical / --preset', () => {
  it('crops to 9:16 at 1080×1920 with the exact frames, in accurate mode whatever --mode says', async () => {
    const out = join(scratch, 'crop.mp4');
    const r = await runCli(['export', '--video', video, '--ranges', '2-5,10-12.5', '--out', out, '--mode', 'fast', '--vertical', 'crop', '--crop', '110,0,100,178']);
    expect(r.stderr).toContain('exporting in accurate mode');
    expect(r.code, r.stderr).toBe(0);
    const p = await probe(out);
    expect(p).toMatchObject({ width: 1080, height: 1920, frames: 165 });
    expect(Math.abs(p.durationSec - 5.5)).toBeLessThan(2 * FRAME);
  });

  it('stacks a facecam over the gameplay for --vertical split, and --preset sets a landscape size', async () => {
    const split = join(scratch, 'split.mp4');
    const r = await runCli(['export', '--video', video, '--ranges', '4-7', '--out', split, '--vertical', 'split', '--crop', '0,0,96,54', '--crop2', '80,0,160,180']);
    expect(r.code, r.stderr).toBe(0);
    expect(await probe(split)).toMatchObject({ width: 1080, height: 1920, frames: 90 });

    const small = join(scratch, 'preset.mp4');
    const q = await runCli(['export', '--video', video, '--ranges', '4-6', '--out', small, '--preset', '720p']);
    expect(q.code, q.stderr).toBe(0);
    expect(await probe(small)).toMatchObject({ width: 1280, height: 720, frames: 60 });
  });

  it('refuses a box outside the frame, a missing --crop and an unknown layout, writing nothing', async () => {
    for (const [args, message] of [
      [['--vertical', 'crop', '--crop', '300,0,100,178'], /inside|frame/i],
      [['--vertical', 'crop'], /--vertical crop needs --crop/],
      [['--vertical', 'square'], /--vertical must be crop, blur or split/],
      [['--crop', '0,0,10,10'], /--crop and --crop2 go with --vertical/],
      [['--preset', '4k'], /--preset must be source, 1080p or 720p/],
    ] as const) {
      const out = join(scratch, 'refused.mp4');
      const r = await runCli(['export', '--video', video, '--ranges', '2-5', '--out', out, ...args]);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('puts the chapters of a crossfaded reel where each range fades in', async () => {
    const out = join(scratch, 'fade.mp4');
    const spec = ExportSpecSchema.parse({ mode: 'accurate', crossfadeSec: 0.5, chapters: true });
    const plan = planExport({ ranges: [{ start: 2, end: 6 }, { start: 10, end: 13 }, { start: 20, end: 24 }], mode: 'accurate', durationSec: 30 });
    const result = await dispatchExport({ spec, source: { kind: 'file', videoPath: video, hasAudio: true }, plan, outPath: out });
    expect(result.mode).toBe('accurate');
    const { stdout } = await run(process.env.HIGHLIGHTER_FFPROBE || 'ffprobe', ['-v', 'error', '-show_chapters', '-of', 'json', out]);
    const chapters = (JSON.parse(stdout) as { chapters: { start_time: string }[] }).chapters.map((c) => Number(c.start_time));
    expect(chapters).toEqual([0, 3.5, 6]);
    const p = await probe(out);
    expect(Math.abs(p.durationSec - 10)).toBeLessThan(2 * FRAME);
  });
});
