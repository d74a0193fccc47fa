// `highlighter detect --examples`: the command module on a real chat file (TwitchDownloader JSON written
// by the fixtures): same --json shape, proposals moved by the examples and never on them, the 60-second
// eruption proposed, bad examples refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCommand, type DetectOptions } from '../../../main/cli/detectCommand';
import { writeTwitchDownloaderChat } from '../../fixtures/chat';
import { generateChat } from '../../unit/analysis/generatedChat';

let dir: string;
const chat = generateChat({ durationSec: 2400, rate: 0.8, delaySec: 12, shape: 'spike', peak: 6, seed: 5 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-cli-examples-'));
  await writeTwitchDownloaderChat(join(dir, 'chat.json'), chat.messages);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(opts: Partial<DetectOptions>): Promise<{ format: string; messages: number; skipped: number; highlights: { start: number; end: number; score: number }[] }> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  await detectCommand({ chat: join(dir, 'chat.json'), durationSec: chat.durationSec, json: true, ...opts }, out);
  return JSON.parse(text) as never;
}

describe('highlighter detect --examples', () => {
  it('keeps the --json shape, follows the examples and leaves them out', async () => {
    const plain = await run({});
    const examples = chat.moments.slice(0, 2).map((m) => ({ start: m, end: m + 30 }));
    const taught = await run({ examples: examples.map((e) => `${e.start}-${e.end}`).join(',') });
    for (const r of [plain, taught]) {
      expect(Object.keys(r).sort()).toEqual(['format', 'highlights', 'messages', 'skipped']);
      for (const h of r.highlights) expect(Object.keys(h).sort()).toEqual(['end', 'score', 'start']);
      expect(r.highlights).toHaveLength(10);
    }
    expect(taught.highlights.some((h) => examples.some((e) => h.start < e.end && e.start < h.end))).toBe(false);
    // The chat alone guesses a long delay; the examples show 12 s, and the other moments' ranges follow.
    const hits = (list: { start: number }[]) => chat.moments.slice(2).filter((m) => list.some((h) => h.start >= m - 10 && h.start <= m + 5)).length;
    expect(hits(taught.highlights)).toBeGreaterThan(hits(plain.highlights));
  });

  it('accepts clock times and refuses what is not a range', async () => {
    const m = chat.moments[0]!;
    const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    const a = await run({ examples: `${clock(m)}-${clock(m + 30)}` });
    const b = await run({ examples: `${m}-${m + 30}` });
    expect(a).toEqual(b);
    await expect(run({ examples: 'soon' })).rejects.toMatchObject({ code: 'BAD_RANGES' });
    await expect(run({ examples: '' })).rejects.toMatchObject({ code: 'BAD_RANGES' });
    await expect(run({ examples: '50-40' })).rejects.toMatchObject({ code: 'BAD_RANGES' });
  });

  it('proposes the eruption of a 60-second clip', async () => {
    const messages = [];
    for (let i = 0; i < 2000; i++) messages.push({ offsetSec: (i * 7) % 60, author: `viewer${i % 120}`, text: 'hello chat' });
    for (let i = 0; i < 2000; i++) messages.push({ offsetSec: 30 + (i % 3), author: `viewer${i % 120}`, text: 'KEKW' });
    messages.sort((x, y) => x.offsetSec - y.offsetSec);
    await writeTwitchDownloaderChat(join(dir, 'clip.json'), messages, { videoLengthSec: 60 });
    for (const durationSec of [undefined, 60]) {
      const r = await run({ chat: join(dir, 'clip.json'), durationSec });
      expect(r.messages).toBe(4000);
      expect(r.highlights.length).toBeGreaterThanOrEqual(1);
      expect(r.highlights[0]!.start).toBeLessThan(30);
    }
  });
});
