// Every non-TwitchDownloader chat format end to end through importChatFile (and the built CLI):
// detection from content (also gzip, whatever the name), normalised messages, skipped counts,
// and refusals that name the line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatFormats } from '../../../main/core/chat/formats';
import { ChatSyntaxError } from '../../../main/core/chat/formats/types';
import { importChatFile } from '../../../main/core/chat/importChat';
import type { ChatMessage } from '../../../main/core/chat/message';
import { AppError } from '../../../main/core/errors';
import type { FixtureMessage } from '../../fixtures/chat';
import {
  CHAT_FILE_FORMATS,
  chatFileLines,
  EXTRA_SKIPS,
  expectedMessage,
  extraSlots,
  LINE_FORMATS,
  writeChatFile,
} from '../../fixtures/chatFormats';
import { assertBuilt, runCli } from '../../fixtures/cli';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-chat-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const AUTHORS = ['SomeViewer', 'Zoë', 'night_owl', 'Big Fan'];
const messages: FixtureMessage[] = Array.from({ length: 203 }, (_, i) => ({
  offsetSec: 0.5 + i * 2.25,
  author: AUTHORS[i % AUTHORS.length]!,
  text: i % 5 === 0 ? 'KEKW that was close KEKW' : i % 7 === 0 ? '😂 re: what? PogChamp' : `message ${i}`,
  emotes: ['KEKW', 'PogChamp'],
}));
const BROKEN_BEFORE = [3, 50, 120];

const ms = (m: { offsetSec: number }): number => Math.round(m.offsetSec * 1000);
const normal = (list: readonly ChatMessage[]) => list.map((m) => ({ ...m, offsetSec: ms(m) }));

async function importAll(path: string) {
  const batches: ChatMessage[][] = [];
  const result = await importChatFile(path, { onBatch: (b) => void batches.push(b) });
  return { result, messages: batches.flat(), batches };
}

async function importError(path: string): Promise<AppError> {
  try {
    await importChatFile(path, { onBatch: () => undefined });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the import to fail');
}

describe.each(CHAT_FILE_FORMATS)('%s through importChatFile', (format) => {
  const isLines = (LINE_FORMATS as readonly string[]).includes(format);
  const expected = normal(messages.map((m) => expectedMessage(format, m, messages[0]!)));

  it('detects it from the content, plain or gzip under any name, and reads every message', async () => {
    const plain = join(dir, `${format}.chat`);
    const gz = join(dir, `${format}-compressed.json`);
    await writeChatFile(plain, format, messages);
    await writeChatFile(gz, format, messages, { gzip: true });
    for (const path of [plain, gz]) {
      const { result, messages: got } = await importAll(path);
      expect(result).toMatchObject({ format, messageCount: messages.length, skipped: 0 });
      expect(normal(got)).toEqual(expected);
    }
  });

  it('leaves out non-chat items and a few broken lines, counting them', async () => {
    const path = join(dir, `${format}-extras.txt`);
    await writeChatFile(path, format, messages, { extras: true, brokenBefore: isLines ? BROKEN_BEFORE : [] });
    const { result, messages: got } = await importAll(path);
    const skipped = EXTRA_SKIPS[format] * extraSlots(messages.length) + (isLines ? BROKEN_BEFORE.length : 0);
    expect(result).toMatchObject({ format, messageCount: messages.length, skipped });
    expect(normal(got)).toEqual(expected);
  });

  it('refuses a file that stops being this format, naming where', async () => {
    const path = join(dir, `${format}-damaged`);
    if (!isLines) {
      // A JSON array cut short: the usual truncated download.
      const whole = [...chatFileLines(format, messages)].join('');
      await writeFile(path, whole.slice(0, Math.floor(whole.length * 0.6)));
      const error = await importError(path);
      expect(error.code).toBe('CHAT_UNREADABLE');
      expect(error.message).toMatch(/ends early at byte [\d,]+\. The file looks truncated/);
      return;
    }
    const good = [...chatFileLines(format, messages.slice(0, 30))];
    const garbage = Array.from({ length: 40 }, (_, i) => `this is the ${i}th line of something else`);
    await writeFile(path, [...good, ...garbage, ...good].join('\n'));
    const error = await importError(path);
    expect(error.code).toBe('CHAT_UNREADABLE');
    // 21 broken lines are more than 5 % of the 51 lines read: refused at line 51.
    expect(error.message).toContain(`"${format}-damaged"`);
    expect(error.message).toMatch(/21 of its first 51 lines are broken, too many for .+ at line 51\./);
  });

  it('refuses a file of another kind forced through this format, naming line 1', async () => {
    if (!isLines) return;
    // Sniffing picked nothing else: the format's own parser must refuse foreign lines itself.
    const parser = chatFormats.find((f) => f.name === format)!;
    const input = Readable.from([Buffer.from(Array.from({ length: 15 }, (_, i) => `just notes ${i}`).join('\n'))]);
    let error: unknown = null;
    try {
      for await (const batch of parser.parse(input, { batchSize: 100, skip: () => undefined })) void batch;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChatSyntaxError);
    expect((error as ChatSyntaxError).line).toBe(1);
    expect((error as ChatSyntaxError).message).toMatch(/^this is not /);
  });
});

describe('highlighter detect --chat accepts every format', () => {
  it('prints the format and message count for each', async () => {
    assertBuilt();
    for (const format of CHAT_FILE_FORMATS) {
      const path = join(dir, `cli-${format}.log`);
      await writeChatFile(path, format, messages, { gzip: format === 'youtube-live-chat' });
      const r = await runCli(['detect', '--chat', path, '--json']);
      expect(r.stderr, format).toBe('');
      expect(r.code, format).toBe(0);
      const out = JSON.parse(r.stdout) as { format: string; messages: number; skipped: number; highlights: unknown[] };
      expect(out, format).toMatchObject({ format, messages: messages.length, skipped: 0 });
      expect(Array.isArray(out.highlights)).toBe(true);
    }
  });
});
