// `highlighter download` as users and external checks run it, against the fake Twitch.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importChatFile } from '../../../main/core/chat/importChat';
import { BIN, REPO_ROOT, assertBuilt, runCli } from '../../fixtures/cli';
import { probeStreams } from '../../fixtures/media';
import { standardVod, startTwitchWorld, type TwitchWorld } from '../../fixtures/twitchCore';

let world: TwitchWorld;

beforeAll(async () => {
  assertBuilt();
  world = await startTwitchWorld({
    vods: [standardVod('4001'), standardVod('4002'), standardVod('4003', { subscriberOnly: true }), standardVod('4004', { deleted: true })],
    nullPageEvery: 4,
    dropSegmentOnce: [7],
  });
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

const outDir = () => mkdtemp(join(world.dir, 'dl-'));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['download', ...args], { ...world.fake.env, HIGHLIGHTER_TWITCH_RETRY_MS: '5', ...env });
const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('highlighter download', () => {
  it('writes <id>.mp4 and <id>.chat.json, progress on stderr, exit 0', async () => {
    const dir = await outDir();
    const result = await cli(['https://www.twitch.tv/videos/4001?t=1m', '--out', dir]);
    expect(result.stderr).toMatch(/chat \d+%/);
    expect(result.stderr).toMatch(/wrote .*4001\.mp4/);
    expect(result.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['4001.chat.json', '4001.mp4']);

    const facts = await probeStreams(join(dir, '4001.mp4'));
    expect(facts.durationSec).toBeCloseTo(120, 0);
    // Muted segments joined with the rest: audio runs the whole length, in sync.
    expect(Math.abs(facts.audio!.durationSec - facts.video!.durationSec)).toBeLessThan(0.15);

    const chat = await importChatFile(join(dir, '4001.chat.json'), { onBatch: () => undefined });
    expect(chat.format).toBe('twitch-downloader-json');
    expect(chat.skipped).toBe(0);
    expect(chat.messageCount).toBe(world.fake.options.vods[0]!.comments!.length);
    // The dropped segment was fetched again; each other segment once.
    const names = world.fake.segmentRequests('4001');
    expect(names.filter((n) => n === '7.ts')).toHaveLength(2);
    expect(new Set(names).size).toBe(30);
  }, 60_000);

  it('--chat-only fetches no video', async () => {
    const dir = await outDir();
    world.fake.reset();
    const result = await cli(['4002', '--out', dir, '--chat-only']);
    expect(result.code).toBe(0);
    expect(await readdir(dir)).toEqual(['4002.chat.json']);
    expect(world.fake.segmentRequests('4002')).toEqual([]);
  });

  it('--quality picks another variant; an unknown one lists what exists', async () => {
    const dir = await outDir();
    const bad = await cli(['4002', '--out', dir, '--quality', '4k']);
    expect(bad.code).not.toBe(0);
    expect(oneLine(bad.stderr).at(-1)).toMatch(/^highlighter: This VOD has no quality "4k"\. Available: .*\(source\)/);
    const quality = /Available: [^,]+, ([^.,]+)/.exec(bad.stderr)![1]!.trim();
    const result = await cli(['4002', '--out', dir, '--quality', quality]);
    expect(result.code).toBe(0);
    const source = await probeStreams(join(dir, '4002.mp4'));
    expect(source.durationSec).toBeCloseTo(120, 0);
    expect(result.stderr).toContain(`quality ${quality}`);
  }, 60_000);

  it('a kill half-way and a second run fetch every segment exactly once', async () => {
    const dir = await outDir();
    world.fake.reset();
    world.fake.options.slowSegments = { indices: Array.from({ length: 22 }, (_, i) => i + 8), delayMs: 400 };
    const parts = join(dir, '.4002.parts', 'chunked');
    const child = spawn(process.execPath, [BIN, 'download', '4002', '--out', dir], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...world.fake.env, HIGHLIGHTER_TWITCH_RETRY_MS: '5' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    const deadline = Date.now() + 30_000;
    const finished = async () => (await readdir(parts).catch(() => [] as string[])).filter((n) => n.endsWith('.ts'));
    while (Date.now() < deadline && (await finished()).length < 8) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const kept = await finished();
    expect(kept.length).toBeGreaterThanOrEqual(8);
    expect(kept.length).toBeLessThan(30);
    expect(existsSync(join(dir, '4002.mp4'))).toBe(false);

    world.fake.reset();
    world.fake.options.slowSegments = undefined;
    const result = await cli(['4002', '--out', dir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${kept.length} segments kept from an earlier run`);
    const again = world.fake.segmentRequests('4002');
    expect(again).toHaveLength(30 - kept.length);
    const keptIndices = new Set(kept.map((n) => Number.parseInt(n, 10)));
    for (const name of again) expect(keptIndices.has(Number.parseInt(name, 10))).toBe(false);
    expect(existsSync(join(dir, '.4002.parts'))).toBe(false);
    expect((await probeStreams(join(dir, '4002.mp4'))).durationSec).toBeCloseTo(120, 0);
  }, 90_000);

  it('fails with one clear line for a bad link, a missing VOD and a subscriber-only VOD', async () => {
    const dir = await outDir();
    const bad = await cli(['https://www.youtube.com/watch?v=x', '--out', dir]);
    expect(bad.code).not.toBe(0);
    expect(oneLine(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).toMatch(/twitch\.tv\/videos\/123456789/);

    const missing = await cli(['4004', '--out', dir]);
    expect(missing.code).not.toBe(0);
    expect(oneLine(missing.stderr).at(-1)).toMatch(/^highlighter: Twitch has no VOD 4004/);

    const sub = await cli(['4003', '--out', dir]);
    expect(sub.code).not.toBe(0);
    expect(oneLine(sub.stderr).at(-1)).toMatch(/^highlighter: VOD 4003 is for subscribers of .* only/);
    expect(await readdir(dir)).toEqual([]);

    const unlocked = await cli(['4003', '--out', dir, '--chat-only'], { HIGHLIGHTER_TWITCH_TOKEN: 'good-token' });
    expect(unlocked.code).toBe(0);
    const withToken = await cli(['4003', '--out', dir], { HIGHLIGHTER_TWITCH_TOKEN: 'good-token' });
    expect(withToken.code).toBe(0);
    expect(withToken.stderr).not.toContain('good-token');
    expect(existsSync(join(dir, '4003.mp4'))).toBe(true);

    const usage = await runCli(['download', '--out', dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/download needs one VOD link or id/);
  }, 90_000);
});
