// `highlighter export` with what streamers post, driven like external checks drive it: --labels,
// --chapters, --side-files (with --separate and --mode), exact flag names, one-line failures.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestVideo } from '../../fixtures/media';
import { assertBuilt, runCli } from '../../fixtures/cli';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const run = promisify(execFile);
let video: string;
let scratch: string;

beforeAll(async () => {
  assertBuilt();
  video = await makeTestVideo({ durationSec: 60, fps: 30, keyintFrames: 60, audio: true });
  scratch = await mkdtemp(join(tmpdir(), 'hl-cli-extras-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  return mkdtemp(join(scratch, `${name}-`));
}

async function chaptersOf(path: string): Promise<{ start: number; end: number; title?: string }[]> {
  const { stdout } = await run(process.env.HIGHLIGHTER_FFPROBE || 'ffprobe', ['-v', 'error', '-show_chapters', '-of', 'json', path]);
  const data = JSON.parse(stdout) as { chapters: { start_time: string; end_time: string; tags?: { title?: string } }[] };
  return data.chapters.map((c) => ({ start: Number(c.start_time), end: Number(c.end_time), title: c.tags?.title }));
}

describe('highlighter export --labels --chapters --side-files', () => {
  it('writes a reel with chapters named by --labels, its YouTube list and its side files', async () => {
    const dir = await fresh('reel');
    const out = join(dir, 'reel.mp4');
    const r = await runCli([
      'export', '--video', video, '--ranges', '30-42,2-13.5,50-58', '--out', out, '--mode', 'accurate',
      '--labels', 'Boss down\\, GG,,ünï = 日本 #3', '--chapters', '--side-files',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(await chaptersOf(out)).toEqual([
      { start: 0, end: 12, title: 'Boss down, GG' },
      { start: 12, end: 23.5, title: 'Highlight 2' },
      { start: 23.5, end: 31.5, title: 'ünï = 日本 #3' },
    ]);
    expect(await readFile(join(dir, 'reel.chapters.txt'), 'utf8')).toBe('0:00 Boss down, GG\n0:12 Highlight 2\n0:23 ünï = 日本 #3\n');
    expect(await readFile(join(dir, 'reel.csv'), 'utf8')).toBe('30,42,"Boss down, GG"\r\n2,13.5,\r\n50,58,ünï = 日本 #3\r\n');
    const json = JSON.parse(await readFile(join(dir, 'reel.json'), 'utf8')) as { ranges: { label: string; reelStart: number }[] };
    expect(json.ranges.map((x) => [x.label, x.reelStart])).toEqual([
      ['Boss down, GG', 0],
      ['', 12],
      ['ünï = 日本 #3', 23.5],
    ]);
    for (const name of ['reel.mp4', 'reel.chapters.txt', 'reel.csv', 'reel.json']) expect(r.stderr).toContain(`wrote ${join(dir, name)}`);
    // The last chapter is 8 s: YouTube would not show the list, and the CLI says why.
    expect(r.stderr).toMatch(/^warning: YouTube needs every chapter to be at least 10 seconds long/m);
    expect((await readdir(dir)).sort()).toEqual(['reel.chapters.txt', 'reel.csv', 'reel.json', 'reel.mp4']);
  });

  it('--separate names the clips after --out and their labels', async () => {
    const dir = await fresh('clips');
    const out = join(dir, 'clip.mp4');
    const r = await runCli(['export', '--video', video, '--ranges', '5-12.5,20-26', '--out', out, '--mode', 'fast', '--separate', '--labels', 'The Clutch!,']);
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['clip-01-the-clutch.mp4', 'clip-02.mp4']);
    expect(r.stderr).toContain(`wrote ${join(dir, 'clip-01-the-clutch.mp4')}`);
    expect(existsSync(out)).toBe(false);
  });

  it('--mode smart is accepted', async () => {
    const dir = await fresh('smart');
    const out = join(dir, 'smart.mp4');
    const r = await runCli(['export', '--video', video, '--ranges', '5-12.5', '--out', out, '--mode', 'smart', '--side-files']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(dir, 'smart.csv'), 'utf8')).toBe('5,12.5,\r\n');
    expect(existsSync(out)).toBe(true);
  });

  it.each([
    ['--labels with fewer labels than ranges', ['--ranges', '1-2,3-4,5-6', '--labels', 'a,b'], /--labels has 2 labels but --ranges has 3 ranges/],
    ['--labels with more labels than ranges', ['--ranges', '1-2', '--labels', 'a,b'], /--labels has 2 labels but --ranges has 1 range:/],
    ['--chapters with --separate', ['--ranges', '1-2,3-4', '--chapters', '--separate'], /Chapters are for a reel/],
    ['an unknown --mode', ['--ranges', '1-2', '--mode', 'turbo'], /--mode must be smart, accurate or fast/],
  ])('refuses %s with one line and writes nothing', async (_name, args, message) => {
    const dir = await fresh('refused');
    const r = await runCli(['export', '--video', video, '--out', join(dir, 'out.mp4'), ...args]);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(await readdir(dir)).toEqual([]);
  });

  it('lists the new flags in --help', async () => {
    const r = await runCli(['--help']);
    for (const flag of ['--mode smart|accurate|fast', '--labels', '--chapters', '--side-files']) expect(r.stdout).toContain(flag);
  });
});
