// The `highlighter` command as external checks drive it: exact flags, exit codes, output shapes.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, probeFile, type TestWorkspace } from '../../fixtures/core';
import { assertBuilt, runCli, startServe } from '../../fixtures/cli';
import { expectedSourceTimes, makeTimeCodedVideo, sourceTimesOfFrames } from '../../fixtures/timeCodedVideo';

let ws: TestWorkspace;
let scratch: string;

beforeAll(async () => {
  assertBuilt();
  ws = await makeWorkspace();
  scratch = await mkdtemp(join(tmpdir(), 'hl-cli-'));
});

afterAll(async () => {
  await ws?.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

describe('highlighter --help', () => {
  it('prints usage with every command and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['serve', 'detect', 'export', '--ranges', 'HIGHLIGHTER_DATA_DIR']) expect(r.stdout).toContain(word);
  });

  it('refuses an unknown command with one line and a non-zero exit', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('highlighter detect', () => {
  it('prints {"highlights":[{start,end,score}]} for a TwitchDownloader chat', async () => {
    const r = await runCli(['detect', '--chat', ws.chatPath, '--top', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout) as { highlights: { start: number; end: number; score: number }[] };
    expect(data.highlights.length).toBeGreaterThan(0);
    expect(data.highlights.length).toBeLessThanOrEqual(3);
    for (const h of data.highlights) {
      expect(typeof h.start).toBe('number');
      expect(h.end).toBeGreaterThan(h.start);
      expect(Number.isFinite(h.score)).toBe(true);
    }
    // Each burst is proposed, starting before it.
    for (const burst of ws.bursts) expect(data.highlights.some((h) => h.start < burst && h.end > burst - 30)).toBe(true);
  });

  it.each([
    ['a missing file', () => join(scratch, 'missing.json')],
    ['a file that is not chat', () => join(scratch, 'not-chat.json')],
    ['truncated JSON', () => join(scratch, 'truncated.json')],
  ])('exits non-zero with a one-line reason for %s', async (_name, file) => {
    await writeFile(join(scratch, 'not-chat.json'), '{"hello": "world"}');
    await writeFile(join(scratch, 'truncated.json'), '{"comments":[{"_id":"1","content_offset_seconds":1,"message":{"bo');
    const r = await runCli(['detect', '--chat', file(), '--json']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^highlighter: .{10,}/);
  });
});

describe('highlighter export', () => {
  it('plays the ranges in the order given, not in time order', async () => {
    const source = await makeTimeCodedVideo(20);
    const out = join(scratch, 'ordered.mp4');
    const r = await runCli(['export', '--video', source, '--ranges', '12-14,2-4', '--out', out, '--mode', 'accurate']);
    expect(r.code, r.stderr).toBe(0);
    const times = await sourceTimesOfFrames(out);
    const expected = expectedSourceTimes([{ from: 12, to: 14 }, { from: 2, to: 4 }]);
    expect(times).toHaveLength(expected.length);
    // Each frame within a frame (and the grey's rounding) of where it should come from.
    times.forEach((t, i) => expect(Math.abs(t - expected[i]!), `frame ${i}`).toBeLessThan(0.25));
  });

  it('writes an accurate reel whose length is the sum of the ranges', async () => {
    const out = join(scratch, 'accurate.mp4');
    const r = await runCli(['export', '--video', ws.videoPath, '--ranges', '5-12.5,60-71.2', '--out', out, '--mode', 'accurate']);
    expect(r.code, r.stderr).toBe(0);
    const probed = await probeFile(out);
    expect(Math.abs(probed.durationSec - 18.7)).toBeLessThanOrEqual(1 / 30 + 1e-3);
  });

  it('writes a fast (stream copy) reel cut at keyframes', async () => {
    const out = join(scratch, 'fast.mp4');
    const r = await runCli(['export', '--video', ws.videoPath, '--ranges', '5-12.5,60-71.2', '--out', out, '--mode', 'fast']);
    expect(r.code, r.stderr).toBe(0);
    const probed = await probeFile(out);
    // Keyframes every 2 s: 4-14 and 60-72 → 22 s.
    expect(probed.durationSec).toBeGreaterThan(21.5);
    expect(probed.durationSec).toBeLessThan(22.5);
  });

  it('--separate writes one file per range, named after --out', async () => {
    const out = join(scratch, 'clip.mp4');
    const r = await runCli(['export', '--video', ws.videoPath, '--ranges', '5-12.5,60-71.2', '--out', out, '--mode', 'accurate', '--separate']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(false);
    const lengths = [7.5, 11.2];
    for (const [i, name] of ['clip-01.mp4', 'clip-02.mp4'].entries()) {
      expect(r.stderr).toContain(`wrote ${join(scratch, name)}`);
      expect(Math.abs((await probeFile(join(scratch, name))).durationSec - lengths[i]!)).toBeLessThanOrEqual(1 / 30 + 1e-3);
    }
  });

  it('refuses bad ranges without creating the output', async () => {
    const out = join(scratch, 'bad.mp4');
    const r = await runCli(['export', '--video', ws.videoPath, '--ranges', '30-10', '--out', out]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ends before it starts/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('highlighter serve', () => {
  it('prints the URL with its token first, and guards the API with it', async () => {
    const served = await startServe({ HIGHLIGHTER_DATA_DIR: join(scratch, 'lib') });
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
      const denied = await fetch(`${served.origin}/api/getAppInfo`, { method: 'POST', body: '{}' });
      expect(denied.status).toBe(401);
      const ok = await fetch(`${served.origin}/api/getAppInfo`, {
        method: 'POST',
        body: '{}',
        headers: { authorization: `Bearer ${served.token}` },
      });
      expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
      const body = (await ok.json()) as { ok: boolean; value: { dataDir: string; ffmpeg: { available: boolean } } };
      expect(body.ok).toBe(true);
      expect(body.value.dataDir).toBe(join(scratch, 'lib'));
      expect(body.value.ffmpeg.available).toBe(true);
      expect(existsSync(join(scratch, 'lib', 'highlighter.db'))).toBe(true);

      // The first visit trades the token for a cookie.
      const first = await fetch(served.url, { redirect: 'manual' });
      expect(first.status).toBe(302);
      expect(first.headers.get('set-cookie')).toMatch(/hl_token=.*HttpOnly/);

      // Media: only registered ids, with ranges.
      const auth = { authorization: `Bearer ${served.token}` };
      const opened = (await (
        await fetch(`${served.origin}/api/openLocal`, { method: 'POST', headers: auth, body: JSON.stringify({ videoPath: ws.videoPath }) })
      ).json()) as { ok: boolean; value: { media: { id: number; probe: { sizeBytes: number } } } };
      expect(opened.ok).toBe(true);
      const mediaId = opened.value.media.id;
      const partial = await fetch(`${served.origin}/media/${mediaId}`, { headers: { ...auth, range: 'bytes=100-199' } });
      expect(partial.status).toBe(206);
      expect(partial.headers.get('content-range')).toBe(`bytes 100-199/${opened.value.media.probe.sizeBytes}`);
      expect((await partial.arrayBuffer()).byteLength).toBe(100);
      for (const path of [`/media/${mediaId + 100}`, '/media/..%2F..%2Fetc%2Fpasswd', '/media/abc', '/media/0']) {
        expect((await fetch(`${served.origin}${path}`, { headers: auth })).status).toBe(404);
      }
      const bad = (await (await fetch(`${served.origin}/api/detect`, { method: 'POST', headers: auth, body: '{"projectId":"x"}' })).json()) as {
        ok: boolean;
        error: { code: string };
      };
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    } finally {
      await served.stop();
    }
  });
});
