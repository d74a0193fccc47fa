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

async function collect(path: string, opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {}) {
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

    expect(result).toEqual({ format: 'twitch-downloader-json', messageCount: chat.length, skipped: 0 });
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

  it('says at which byte a damaged file breaks', async () => {
    const path = join(dir, 'damaged.json');
    await writeTwitchDownloaderChat(path, makeChatWithBursts({ durationSec: 600, baseRatePerSec: 5, bursts: [] }));
    const bytes = await readFile(path);
    const at = bytes.indexOf('"commenter"', 50_000);
    bytes[at] = 0x21; // '!'
    await writeFile(path, bytes);
    const error = await importError(path);
    expect(error.code).toBe('CHAT_UNREADABLE');
    expect(error.message).toContain(`byte ${at.toLocaleString('en-US')}`);
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
      ['other-chat.json', '[{"message_id":"c1","message":"gg","time_in_seconds":3.0,"author":{"name":"x"}}]'],
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
