import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Probe } from '../../../preload/contract';
import type { ChatMessage } from '../../../main/core/chat/message';
import { PURGE_CHUNK_ROWS } from '../../../main/core/library/chatPurge';
import { openLibrary, type Library } from '../../../main/core/library/openLibrary';

const probe: Probe = {
  durationSec: 7200,
  sizeBytes: 1,
  formatName: 'mp4',
  video: { codec: 'h264', width: 2, height: 2, fps: 30, keyframeIntervalSec: 1 },
  audio: null,
};

let dir: string;
let lib: Library;
let projectId: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hl-chat-'));
  lib = openLibrary(dir);
  const media = lib.media.upsert(join(dir, 'vod.mp4'), probe, { size: 1, mtimeMs: 1 });
  projectId = lib.projects.create({ name: 'vod', mediaId: media.id }).id;
});
afterEach(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

const msg = (offsetSec: number, text = `at ${offsetSec}`, emotes: string[] = []): ChatMessage => ({
  offsetSec,
  author: `user${Math.floor(offsetSec) % 7}`,
  text,
  emotes,
});

function importAll(messages: ChatMessage[], path = '/chat.json', skipped = 0) {
  const id = lib.chat.beginImport(projectId, { path, format: 'twitch-json' });
  lib.chat.appendBatch(id, messages);
  return lib.chat.finishImport(id, { skipped });
}

function countRows(table: string): number {
  return lib.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

describe('library.chat', () => {
  it('has no chat before an import', () => {
    expect(lib.chat.info(projectId)).toBeNull();
    expect(lib.chat.offsets(projectId)).toEqual(new Float64Array(0));
    expect(lib.chat.messages(projectId, 0, 1e9)).toEqual([]);
  });

  it('keeps an unfinished import invisible, then shows it whole when finished', () => {
    const id = lib.chat.beginImport(projectId, { path: '/a.json', format: 'twitch-json' });
    lib.chat.appendBatch(id, [msg(1), msg(2)]);
    lib.chat.appendBatch(id, [msg(3)]);
    expect(lib.chat.info(projectId)).toBeNull();
    expect(lib.chat.offsets(projectId)).toHaveLength(0);

    const info = lib.chat.finishImport(id, { skipped: 4 });
    expect(info).toEqual({ path: '/a.json', format: 'twitch-json', messageCount: 3, skipped: 4, importedAt: info.importedAt, shiftSec: 0 });
    expect(new Date(info.importedAt).toISOString()).toBe(info.importedAt);
    expect(lib.chat.info(projectId)).toEqual(info);
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([1, 2, 3]);
  });

  it('remembers the chat sync an import was made with', () => {
    const id = lib.chat.beginImport(projectId, { path: '/a.txt', format: 'irc', shiftSec: -12.5 });
    lib.chat.appendBatch(id, [msg(1)]);
    expect(lib.chat.finishImport(id, { skipped: 0 }).shiftSec).toBe(-12.5);
    expect(lib.chat.info(projectId)?.shiftSec).toBe(-12.5);
  });

  it('lets finishImport name the format found while reading', () => {
    const id = lib.chat.beginImport(projectId, { path: '/a.txt', format: 'pending' });
    lib.chat.appendBatch(id, [msg(1)]);
    expect(lib.chat.finishImport(id, { skipped: 0, format: 'irc-log' }).format).toBe('irc-log');
    expect(lib.chat.info(projectId)?.format).toBe('irc-log');
  });

  it('replaces the previous chat when a new import finishes, leaving no orphan rows', async () => {
    importAll([msg(1), msg(2)], '/old.json');
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([1, 2]);
    const info = importAll([msg(10), msg(20), msg(30)], '/new.json');
    expect(lib.chat.info(projectId)).toEqual(info);
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([10, 20, 30]);
    await lib.chat.whenCleanedUp();
    expect(countRows('chat_imports')).toBe(1);
    expect(countRows('chat_messages')).toBe(3);
  });

  it('deletes a replaced chat larger than one cleanup chunk completely', async () => {
    const big = Array.from({ length: PURGE_CHUNK_ROWS * 2 + 17 }, (_, i) => msg(i / 10));
    importAll(big, '/big.json');
    importAll([msg(1)], '/small.json');
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([1]);
    await lib.chat.whenCleanedUp();
    expect(countRows('chat_imports')).toBe(1);
    expect(countRows('chat_messages')).toBe(1);
  });

  it('aborting keeps the previous chat intact and removes every new row', async () => {
    const previous = importAll([msg(1), msg(2)], '/old.json');
    const id = lib.chat.beginImport(projectId, { path: '/new.json', format: 'twitch-json' });
    lib.chat.appendBatch(id, [msg(100), msg(200)]);
    lib.chat.abortImport(id);
    lib.chat.abortImport(id); // idempotent

    expect(lib.chat.info(projectId)).toEqual(previous);
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([1, 2]);
    // An aborted import takes no more rows.
    expect(() => lib.chat.appendBatch(id, [msg(5)])).toThrow(/not in progress/);
    expect(() => lib.chat.finishImport(id, { skipped: 0 })).toThrow(/not in progress/);
    await lib.chat.whenCleanedUp();
    expect(countRows('chat_imports')).toBe(1);
    expect(countRows('chat_messages')).toBe(2);
  });

  it('aborting a finished import changes nothing', () => {
    const id = lib.chat.beginImport(projectId, { path: '/a.json', format: 'f' });
    lib.chat.appendBatch(id, [msg(1)]);
    const info = lib.chat.finishImport(id, { skipped: 0 });
    lib.chat.abortImport(id);
    expect(lib.chat.info(projectId)).toEqual(info);
  });

  it('stores a failing batch not at all', () => {
    const id = lib.chat.beginImport(projectId, { path: '/a.json', format: 'f' });
    lib.chat.appendBatch(id, [msg(1)]);
    expect(() => lib.chat.appendBatch(id, [msg(2), msg(Number.NaN)])).toThrow(/invalid time offset/);
    const info = lib.chat.finishImport(id, { skipped: 0 });
    expect(info.messageCount).toBe(1);
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([1]);
  });

  it('refuses an import for an unknown project with NOT_FOUND', () => {
    expect(() => lib.chat.beginImport(projectId + 1, { path: '/a', format: 'f' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error,
    );
  });

  it('returns offsets sorted ascending whatever the arrival order', () => {
    const offsets = [50, 3.5, 3.25, 1000, 0, 3.5, 7];
    importAll(offsets.map((o) => msg(o)));
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('hands out offsets a caller may change without affecting the next caller', () => {
    importAll([msg(3), msg(1), msg(2)]);
    const first = lib.chat.offsets(projectId);
    first.fill(99);
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([1, 2, 3]);
  });

  it('returns the messages of a time range in order, with emotes, up to a limit', () => {
    importAll([
      msg(5, 'five'),
      msg(1, 'one', ['Kappa']),
      msg(3, 'three a', ['PogChamp', 'LUL']),
      msg(3, 'three b'),
      msg(9, 'nine'),
    ]);
    const range = lib.chat.messages(projectId, 1, 9);
    expect(range.map((m) => m.text)).toEqual(['one', 'three a', 'three b', 'five']);
    expect(range[0]).toEqual({ offsetSec: 1, author: 'user1', text: 'one', emotes: ['Kappa'] });
    expect(range[1]?.emotes).toEqual(['PogChamp', 'LUL']);
    expect(range[2]?.emotes).toEqual([]);
    expect(lib.chat.messages(projectId, 1, 9, 2).map((m) => m.text)).toEqual(['one', 'three a']);
    expect(lib.chat.messages(projectId, 9, 10).map((m) => m.text)).toEqual(['nine']);
  });

  it('keeps the chats of different projects apart', () => {
    const other = lib.projects.create({
      name: 'other',
      mediaId: lib.media.upsert(join(dir, 'other.mp4'), probe, { size: 1, mtimeMs: 1 }).id,
    }).id;
    importAll([msg(1)]);
    const id = lib.chat.beginImport(other, { path: '/o.json', format: 'f' });
    lib.chat.appendBatch(id, [msg(2), msg(3)]);
    lib.chat.finishImport(id, { skipped: 0 });
    expect(Array.from(lib.chat.offsets(projectId))).toEqual([1]);
    expect(Array.from(lib.chat.offsets(other))).toEqual([2, 3]);
  });

  it('imports 200k messages in batches', () => {
    const total = 200_000;
    const batchSize = 5_000;
    const batches: ChatMessage[][] = [];
    for (let start = 0; start < total; start += batchSize) {
      const batch: ChatMessage[] = [];
      for (let i = start; i < start + batchSize; i++) {
        batch.push({ offsetSec: i * 0.05, author: `viewer${i % 997}`, text: `message number ${i} KEKW`, emotes: i % 5 === 0 ? ['KEKW'] : [] });
      }
      batches.push(batch);
    }
    const startedAt = performance.now();
    const id = lib.chat.beginImport(projectId, { path: '/big.json', format: 'twitch-json' });
    for (const batch of batches) lib.chat.appendBatch(id, batch);
    const info = lib.chat.finishImport(id, { skipped: 0 });
    const seconds = (performance.now() - startedAt) / 1000;
    console.info(`appendBatch: ${total} messages in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} msgs/s`);

    expect(info.messageCount).toBe(total);
    expect(countRows('chat_messages')).toBe(total);
    const offsets = lib.chat.offsets(projectId);
    expect(offsets).toHaveLength(total);
    expect(offsets[total - 1]).toBeCloseTo((total - 1) * 0.05);
    expect(lib.chat.messages(projectId, 100, 100.1)).toHaveLength(2);
  });
});
