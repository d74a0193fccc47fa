import { mkdtemp, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../main/core/chat/message';
import { importChatFile } from '../../../main/core/chat/importChat';
import { AppError } from '../../../main/core/errors';
import type { Progress } from '../../../main/core/progress';
import { makeChatWithBursts, writeTwitchDownloaderChat, type FixtureMessage } from '../../fixtures/chat';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-chat-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(path: string, opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void; durationSec?: number } = {}) {
  const batches: ChatMessage[][] = [];
  const result = await importChatFile(path, { ...opts, onBatch: (b) => void batches.push(b) });
  return { result, batches, messages: batches.flat() };
}

async function importError(path: string, signal?: AbortSignal): Promise<AppError> {
  try {
    await importChatFile(path, { onBatch: () => undefined, signal });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the import to fail');
}

const small: FixtureMessage[] = [
  { offsetSec: 1.25, author: 'SomeViewer', text: 'that was close LUL', emotes: ['LUL'] },
  { offsetSec: 2, author: '', text: 'message from a deleted account' },
  { offsetSec: 3.5, author: 'Zoë', text: 'KEKW KEKW', emotes: ['KEKW'] },
];

describe('importChatFile', () => {
  it('streams a big file (200k messages) in batches, in order, with progress by bytes', async () => {
    const chat = makeChatWithBursts({
      durationSec: 3 * 3600,
      baseRatePerSec: 17.5,
      bursts: [{ atSec: 5000, durationSec: 30, ratePerSec: 60 }],
      seed: 3,
    });
    expect(chat.length).toBeGreaterThan(190_000);
    const path = join(dir, 'big.json');
    await writeTwitchDownloaderChat(path, chat);

    const progress: Progress[] = [];
    const { result, batches, messages } = await collect(path, { onProgress: (p) => progress.push(p) });

    expect(result).toEqual({ format: 'twitch-downloader-json', messageCount: chat.length, skipped: 0, skippedReasons: {}, outOfOrder: 0 });
    expect(batches.length).toBeGreaterThan(30);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(5000);
    expect(messages[0]).toEqual(chat[0]);
    expect(messages[messages.length - 1]).toEqual(chat[chat.length - 1]);
    expect(messages[123_456]).toEqual(chat[123_456]);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.filter((f) => f > 0 && f < 1).length).toBeGreaterThan(5);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(progress[progress.length - 1]!.detail).toContain(chat.length.toLocaleString('en-US'));
  });

  it('reads gzip-compressed files by content, whatever the extension', async () => {
    const gz = join(dir, 'small.json.gz');
    const plain = join(dir, 'small.json');
    const disguised = join(dir, 'compressed-but-named.json');
    await writeTwitchDownloaderChat(gz, small, { gzip: true });
    await writeTwitchDownloaderChat(plain, small);
    await writeFile(disguised, await readFile(gz));
    const expected = (await collect(plain)).messages;
    expect((await collect(gz)).messages).toEqual(expected);
    expect((await collect(disguised)).messages).toEqual(expected);
  });

  it('normalises authors, texts and emotes (deleted commenter → empty author)', async () => {
    const path = join(dir, 'fields.json');
    await writeTwitchDownloaderChat(path, small);
    expect((await collect(path)).messages).toEqual([
      { offsetSec: 1.25, author: 'SomeViewer', text: 'that was close LUL', emotes: ['LUL'] },
      { offsetSec: 2, author: '', text: 'message from a deleted account', emotes: [] },
      { offsetSec: 3.5, author: 'Zoë', text: 'KEKW KEKW', emotes: ['KEKW', 'KEKW'] },
    ]);
  });

  it('skips and counts messages without a usable time, and items that are not comments', async () => {
    const path = join(dir, 'bad-offsets.json');
    await writeTwitchDownloaderChat(path, [
      { offsetSec: 1, author: 'ok1', text: 'a' },
      { offsetSec: -3, author: 'negative', text: 'b' },
      { offsetSec: 2, author: 'ok2', text: 'c' },
    ]);
    // Add what a damaged or hand-edited file may hold.
    const text = (await readFile(path, 'utf8'))
      .replace('"content_offset_seconds":2,', '"content_offset_seconds":2,"x":1,')
      .replace('"comments":[', '"comments":[7,{"content_offset_seconds":null,"message":{"body":"n"}},{"message":{"body":"missing"}},{"content_offset_seconds":"later","message":{"body":"s"}},');
    await writeFile(path, text);
    const { result, messages } = await collect(path);
    expect(messages.map((m) => m.author)).toEqual(['ok1', 'ok2']);
    expect(result).toMatchObject({ messageCount: 2, skipped: 5 });
    expect(result.skippedReasons).toEqual({
      'an item of the comment list is not an object': 1,
      'no usable time': 3,
      'before the start of the video': 1,
    });
  });

  it('skips and counts messages after the end of the video when its length is known', async () => {
    const path = join(dir, 'beyond.json');
    await writeTwitchDownloaderChat(path, [
      { offsetSec: 0, author: 'a', text: 'first frame' },
      { offsetSec: 60, author: 'b', text: 'last second' },
      { offsetSec: 60.01, author: 'c', text: 'just after' },
      { offsetSec: 3600, author: 'd', text: 'an hour later' },
    ]);
    const { result, messages } = await collect(path, { durationSec: 60 });
    expect(messages.map((m) => m.author)).toEqual(['a', 'b']);
    expect(result).toMatchObject({ messageCount: 2, skipped: 2, skippedReasons: { 'after the end of the video': 2 } });
    // Unknown length: nothing is cut.
    expect((await collect(path)).result.messageCount).toBe(4);
  });

  it('accepts offsets out of order as they are and counts them (the library reads them back sorted)', async () => {
    const path = join(dir, 'unordered.json');
    await writeTwitchDownloaderChat(path, [
      { offsetSec: 5, author: 'a', text: 'x' },
      { offsetSec: 4.5, author: 'b', text: 'late by half a second' },
      { offsetSec: 6, author: 'c', text: 'x' },
      { offsetSec: 1, author: 'd', text: 'late by five' },
    ]);
    const { result, messages } = await collect(path);
    expect(messages.map((m) => m.offsetSec)).toEqual([5, 4.5, 6, 1]);
    expect(result).toMatchObject({ messageCount: 4, skipped: 0, outOfOrder: 2 });
  });

  it('refuses a file with items but no message it could place, saying why', async () => {
    const path = join(dir, 'no-times.json');
    await writeTwitchDownloaderChat(path, [{ offsetSec: 1, author: 'a', text: 'x' }]);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"content_offset_seconds":1,', '"content_offset_seconds":null,'));
    const error = await importError(path);
    expect(error.code).toBe('CHAT_UNREADABLE');
    expect(error.message).toContain('no-times.json');
    expect(error.message).toMatch(/none of its 1 items .*1 no usable time/);
  });

  it('shifts offsets of a cropped download by video.start', async () => {
    const path = join(dir, 'cropped.json');
    await writeTwitchDownloaderChat(path, [{ offsetSec: 3600.5, author: 'a', text: 'x' }], { videoStartSec: 3600 });
    expect((await collect(path)).messages[0]?.offsetSec).toBe(0.5);
  });

  it('says a truncated file is truncated and where it ends', async () => {
    const path = join(dir, 'truncated.json');
    await writeTwitchDownloaderChat(path, makeChatWithBursts({ durationSec: 600, baseRatePerSec: 5, bursts: [] }));
    await truncate(path, 100_000);
    const error = await importError(path);
    expect(error.code).toBe('CHAT_UNREADABLE');
    expect(error.message).toContain('truncated.json');
    expect(error.message).toContain('byte 100,000');
    expect(error.message).toMatch(/truncated/);
  });

  it('imports a file with a few damaged comments, skipping and counting them', async () => {
    const path = join(dir, 'damaged.json');
    const chat = makeChatWithBursts({ durationSec: 600, baseRatePerSec: 5, bursts: [] });
    await writeTwitchDownloaderChat(path, chat);
    const bytes = await readFile(path);
    for (const from of [50_000, 150_000, 250_000]) bytes[bytes.indexOf('"commenter"', from)] = 0x21; // '!'
    await writeFile(path, bytes);
    const { result } = await collect(path);
    expect(result).toMatchObject({ messageCount: chat.length - 3, skipped: 3, skippedReasons: { 'a comment with broken JSON': 3 } });
  });

  it('refuses a file with many damaged comments, saying at which byte the first is', async () => {
    const path = join(dir, 'very-damaged.json');
    await writeTwitchDownloaderChat(path, makeChatWithBursts({ durationSec: 600, baseRatePerSec: 5, bursts: [] }));
    const bytes = await readFile(path);
    const first = bytes.indexOf('"commenter"', 50_000);
    for (let at = first; at >= 0; at = bytes.indexOf('"commenter"', at + 2000)) bytes[at] = 0x21;
    await writeFile(path, bytes);
    const error = await importError(path);
    expect(error.code).toBe('CHAT_UNREADABLE');
    expect(error.message).toContain('very-damaged.json');
    expect(error.message).toContain(`the first at byte ${first.toLocaleString('en-US')}`);
  });

  it('refuses absurd sizes with the reason before reading them', async () => {
    // A 5 GB file (sparse: it costs no disk) that starts like a chat.
    const huge = join(dir, 'huge.json');
    await writeTwitchDownloaderChat(huge, small);
    await truncate(huge, 5 * 2 ** 30);
    const started = performance.now();
    const error = await importError(huge);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.code).toBe('CHAT_UNREADABLE');
    expect(error.message).toMatch(/"huge.json" is 5.0 GB: Highlighter reads chat files up to 4.0 GB/);

    // A small gzip file that inflates past the limit (limit lowered: the real one is 4 GB).
    const bomb = join(dir, 'bomb.json.gz');
    await writeTwitchDownloaderChat(bomb, makeChatWithBursts({ durationSec: 600, baseRatePerSec: 20, bursts: [] }), { gzip: true });
    const inflated = await importChatFile(bomb, { onBatch: () => undefined, limits: { maxContentBytes: 2 * 2 ** 20 } }).catch((e: unknown) => e);
    expect(inflated).toMatchObject({ code: 'CHAT_UNREADABLE', message: expect.stringMatching(/inflates to more than 2.0 MB/) });
  });

  it('reports damaged gzip data', async () => {
    const path = join(dir, 'cut.json.gz');
    await writeTwitchDownloaderChat(path, makeChatWithBursts({ durationSec: 600, baseRatePerSec: 5, bursts: [] }), { gzip: true });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await importError(path);
    expect(error.code).toBe('CHAT_UNREADABLE');
    expect(error.message).toMatch(/gzip|truncated/);
  });

  it('refuses files that are not chat, naming the accepted formats', async () => {
    const cases: [string, string | Buffer][] = [
      ['notes.txt', 'just some notes\nnothing to see'],
      ['package.json', JSON.stringify({ name: 'x', version: '1.0.0' })],
      ['map.geojson', '{"type":"FeatureCollection","features":[]}'],
      ['image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])],
      ['gzipped-text.gz', gzipSync('hello, not chat')],
    ];
    for (const [name, content] of cases) {
      const path = join(dir, name);
      await writeFile(path, content);
      const error = await importError(path);
      expect(error.code, name).toBe('CHAT_FORMAT_UNKNOWN');
      expect(error.message).toContain(name);
      expect(error.message).toContain('TwitchDownloader');
    }
  });

  it('refuses an empty file as not chat', async () => {
    const path = join(dir, 'empty.json');
    await writeFile(path, '');
    const error = await importError(path);
    expect(error.code).toBe('CHAT_FORMAT_UNKNOWN');
    expect(error.message).toMatch(/empty/);
  });

  it('reports a missing file or a folder as unreadable, naming it', async () => {
    const missing = await importError(join(dir, 'nope.chat.json'));
    expect(missing.code).toBe('CHAT_UNREADABLE');
    expect(missing.message).toContain('nope.chat.json');
    expect(missing.message).toMatch(/does not exist/);

    const folder = join(dir, 'a-folder.json');
    await mkdir(folder);
    const isFolder = await importError(folder);
    expect(isFolder.code).toBe('CHAT_UNREADABLE');
    expect(isFolder.message).toMatch(/folder/);
  });

  it('stops with CANCELLED when the signal fires mid-import and delivers nothing after', async () => {
    const path = join(dir, 'cancel.json');
    await writeTwitchDownloaderChat(path, makeChatWithBursts({ durationSec: 3600, baseRatePerSec: 10, bursts: [] }));
    const controller = new AbortController();
    let batches = 0;
    let afterAbort = 0;
    const run = importChatFile(path, {
      signal: controller.signal,
      onBatch: () => {
        if (controller.signal.aborted) afterAbort++;
        if (++batches === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(batches).toBe(2);
    expect(afterAbort).toBe(0);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await importError(join(dir, 'does-not-matter.json'), controller.signal);
    expect(error.code).toBe('CANCELLED');
  });

  it('passes an error thrown by onBatch through unchanged', async () => {
    const path = join(dir, 'caller-fails.json');
    await writeTwitchDownloaderChat(path, small);
    const failure = new Error('disk full');
    await expect(
      importChatFile(path, {
        onBatch: () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
  });
});
