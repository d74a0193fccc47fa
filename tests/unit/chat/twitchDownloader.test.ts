import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../main/core/chat/message';
import {
  MAX_COMMENT_BYTES,
  commentToMessage,
  sniffTwitchDownloader,
  twitchDownloaderFormat,
} from '../../../main/core/chat/formats/twitchDownloader';
import { ChatSyntaxError } from '../../../main/core/chat/formats/types';

const header = {
  FileInfo: { Version: { Major: 1, Minor: 4, Patch: 0 }, CreatedAt: '2024-05-17T18:00:00Z', UpdatedAt: '2024-05-17T18:00:00Z' },
  streamer: { name: 'Streamer', id: 1 },
  video: { title: 't', description: null, id: '9', created_at: '2024-05-17T18:00:00Z', start: 0, end: 100, length: 100, viewCount: 0, game: 'x', chapters: [] },
};

function comment(offset: unknown, author: string | null, body: string, emotes: string[] = []): Record<string, unknown> {
  const fragments = body.split(' ').map((word, i, all) => ({
    text: i < all.length - 1 ? `${word} ` : word,
    emoticon: emotes.includes(word) ? { emoticon_id: '1' } : null,
  }));
  return {
    _id: 'c',
    content_offset_seconds: offset,
    commenter: author === null ? null : { display_name: author, _id: '1', name: author.toLowerCase() },
    message: { body, bits_spent: 0, fragments, user_badges: [], user_color: null, emoticons: [] },
  };
}

function doc(comments: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...header, ...extra, comments, embeddedData: null });
}

async function parseAll(
  text: string | Buffer,
  opts: { batchSize?: number; chunkSize?: number } = {},
): Promise<{ batches: ChatMessage[][]; skipped: string[] }> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunkSize = opts.chunkSize ?? 64 * 1024;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const skipped: string[] = [];
  const batches: ChatMessage[][] = [];
  const ctx = { batchSize: opts.batchSize ?? 5000, skip: (why: string) => void skipped.push(why) };
  for await (const batch of twitchDownloaderFormat.parse(Readable.from(chunks), ctx)) batches.push(batch);
  return { batches, skipped };
}

async function parseError(text: string): Promise<ChatSyntaxError> {
  try {
    await parseAll(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ChatSyntaxError);
    return error as ChatSyntaxError;
  }
  throw new Error('expected the parse to fail');
}

describe('sniffTwitchDownloader', () => {
  const yes = (s: string) => expect(sniffTwitchDownloader(Buffer.from(s))).toBe(true);
  const no = (s: string | Buffer) => expect(sniffTwitchDownloader(Buffer.isBuffer(s) ? s : Buffer.from(s))).toBe(false);

  it('accepts a v1.4 file head, even cut in the middle of a comment', () => {
    yes(doc([comment(1, 'A', 'hi')]).slice(0, 420));
  });

  it('accepts older layouts, pretty-printed files and a byte-order mark', () => {
    yes('{"streamer":{"name":"s","id":1},"comments":[{"_id":"x","content_offset_seconds":3');
    yes('\uFEFF{\n  "streamer": {\n    "name": "s"\n  },\n  "video": {\n    "start": 0');
    yes('  {"comments" : [ ]}');
  });

  it('refuses other chat formats and other content', () => {
    no('[{"message_id":"c1","message":"gg","time_in_seconds":3723.0,"author":{"name":"x"}}]');
    no('{"message_id":"c1","message":"gg","time_in_seconds":3723.0,"author":{"name":"x"}}\n');
    no('{"replayChatItemAction":{"actions":[],"videoOffsetTimeMsec":"3723000"}}\n');
    no('[1:02:03] SomeViewer: that was close LUL\n');
    no('{"name":"highlighter","version":"0.1.0","comments":"not a list"}');
    no(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    no('');
  });
});

describe('commentToMessage', () => {
  it('maps offset, display name, body and emote names', () => {
    expect(commentToMessage(comment(3723.4, 'SomeViewer', 'that was close LUL', ['LUL']), 0)).toEqual({
      offsetSec: 3723.4,
      author: 'SomeViewer',
      text: 'that was close LUL',
      emotes: ['LUL'],
    });
  });

  it('gives a deleted commenter (null) an empty author, and falls back to the login name', () => {
    expect(commentToMessage(comment(1, null, 'gg'), 0)?.author).toBe('');
    const noDisplay = { ...comment(1, 'X', 'gg'), commenter: { display_name: '', name: 'login_only' } };
    expect(commentToMessage(noDisplay, 0)?.author).toBe('login_only');
  });

  it('rebuilds the text from fragments when the body is missing', () => {
    const c = comment(1, 'A', 'Kappa hello', ['Kappa']);
    delete (c.message as Record<string, unknown>).body;
    expect(commentToMessage(c, 0)).toMatchObject({ text: 'Kappa hello', emotes: ['Kappa'] });
  });

  it('subtracts the crop start and marks unknown times as NaN', () => {
    expect(commentToMessage(comment(130, 'A', 'x'), 100)?.offsetSec).toBe(30);
    expect(commentToMessage(comment('12.5', 'A', 'x'), 0)?.offsetSec).toBe(12.5);
    expect(commentToMessage(comment(null, 'A', 'x'), 0)?.offsetSec).toBeNaN();
    expect(commentToMessage(comment('soon', 'A', 'x'), 0)?.offsetSec).toBeNaN();
    expect(commentToMessage({ commenter: null }, 0)?.offsetSec).toBeNaN();
  });

  it('returns null for something that is not a comment object', () => {
    expect(commentToMessage(42, 0)).toBeNull();
    expect(commentToMessage(null, 0)).toBeNull();
    expect(commentToMessage(['x'], 0)).toBeNull();
  });
});

describe('twitchDownloaderFormat.parse', () => {
  const comments = Array.from({ length: 7 }, (_, i) => comment(i * 1.5, `u${i}`, `msg ${i}`));

  it('emits batches of the requested size, in file order', async () => {
    const { batches } = await parseAll(doc(comments), { batchSize: 3 });
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat().map((m) => m.text)).toEqual(comments.map((_, i) => `msg ${i}`));
  });

  it('gives the same messages whatever the chunk boundaries (multi-byte text split too)', async () => {
    const text = doc([comment(1, 'Zoë', 'ナイス 👍 PogChamp', ['PogChamp']), ...comments]);
    const whole = (await parseAll(text)).batches.flat();
    const byteByByte = (await parseAll(text, { chunkSize: 1 })).batches.flat();
    expect(byteByByte).toEqual(whole);
    expect(whole[0]).toEqual({ offsetSec: 1, author: 'Zoë', text: 'ナイス 👍 PogChamp', emotes: ['PogChamp'] });
  });

  it('applies video.start of a cropped download to every offset', async () => {
    const text = doc([comment(600, 'A', 'x'), comment(615.5, 'B', 'y')], {
      video: { ...header.video, start: 600, end: 700 },
    });
    expect((await parseAll(text)).batches.flat().map((m) => m.offsetSec)).toEqual([0, 15.5]);
  });

  it('skips items of the comment list that are not objects and drops embedded images', async () => {
    const text = JSON.stringify({
      ...header,
      comments: [comment(1, 'A', 'x'), 5, 'text', null, comment(2, 'B', 'y')],
      embeddedData: { firstParty: [{ id: '1', name: 'LUL', data: 'A'.repeat(10_000) }] },
    });
    const { batches, skipped } = await parseAll(text);
    expect(batches.flat().map((m) => m.author)).toEqual(['A', 'B']);
    expect(skipped).toHaveLength(3);
  });

  it('accepts an empty comment list', async () => {
    expect((await parseAll(doc([]))).batches).toEqual([]);
  });

  it('reports a truncated document with the byte where it ends', async () => {
    const full = doc(comments);
    const cut = full.slice(0, Math.floor(full.length * 0.6));
    const error = await parseError(cut);
    expect(error.truncated).toBe(true);
    expect(error.byteOffset).toBe(Buffer.byteLength(cut));
  });

  it('skips a comment with broken JSON, counts it, and reads on from the next comment', async () => {
    const full = doc(comments);
    // A quote lost inside one comment: every later string is misread until the next comment.
    const at = full.indexOf('"msg 3"');
    const lostQuote = `${full.slice(0, at)}#${full.slice(at + 1)}`;
    // A doubled comma inside another comment's fragment list.
    const comma = full.indexOf(',{', full.indexOf('"msg 4"'));
    const doubledComma = `${full.slice(0, comma)},,${full.slice(comma + 1)}`;
    for (const [text, lost] of [[lostQuote, 'msg 3'], [doubledComma, 'msg 4']] as const) {
      for (const chunkSize of [1, 7, 64 * 1024]) {
        const { batches, skipped } = await parseAll(text, { chunkSize });
        expect(batches.flat().map((m) => m.text)).toEqual(comments.map((_, i) => `msg ${i}`).filter((t) => t !== lost));
        expect(skipped).toEqual(['a comment with broken JSON']);
      }
    }
  });

  it('skips a broken last comment (the list and the document end after it)', async () => {
    for (const extra of [{ embeddedData: null }, {}]) {
      const full = JSON.stringify({ ...header, comments, ...extra });
      const at = full.indexOf('"msg 6"');
      const text = `${full.slice(0, at)}#${full.slice(at + 1)}`;
      const { batches, skipped } = await parseAll(text, { chunkSize: 5 });
      expect(batches.flat()).toHaveLength(6);
      expect(skipped).toHaveLength(1);
    }
  });

  it('refuses a file with too many broken comments, naming the byte of the first', async () => {
    const many = Array.from({ length: 60 }, (_, i) => comment(i, `u${i}`, `msg ${i}`));
    let text = doc(many);
    let first = -1;
    for (let i = 0; i < 60; i += 2) {
      const at = text.indexOf(`"msg ${i}"`);
      if (first < 0) first = at;
      text = `${text.slice(0, at)}#${text.slice(at + 1)}`;
    }
    const error = await parseError(text);
    expect(error.message).toMatch(/comments are damaged/);
    expect(error.message).toContain(`byte ${first.toLocaleString('en-US')}`);
  });

  it('refuses a document broken between comments, at the byte where it breaks', async () => {
    const full = doc(comments);
    const at = full.indexOf(',{"_id"');
    const error = await parseError(`${full.slice(0, at)},,${full.slice(at + 1)}`);
    expect(error.truncated).toBe(false);
    expect(error.byteOffset).toBe(at + 1);
  });

  it('refuses a single comment larger than any chat message instead of holding it', async () => {
    const huge = doc([comment(1, 'A', 'x'.repeat(MAX_COMMENT_BYTES + 10))]);
    const error = await parseError(huge);
    expect(error.message).toMatch(/larger than 4 MB/);
    expect(error.byteOffset).toBe(huge.indexOf('"comments":[') + 12);
  });

  it('skips big embedded images without keeping them', async () => {
    const text = JSON.stringify({
      ...header,
      comments: [comment(1, 'A', 'x')],
      embeddedData: { thirdParty: Array.from({ length: 3 }, (_, i) => ({ name: `e${i}`, data: 'QUJD'.repeat(2 * 2 ** 20) })) },
    });
    expect(text.length).toBeGreaterThan(3 * MAX_COMMENT_BYTES);
    const { batches } = await parseAll(text, { chunkSize: 256 * 1024 });
    expect(batches.flat()).toHaveLength(1);
  });

  it('reads every comment exactly as JSON.parse + commentToMessage do (escapes, key order, odd values)', async () => {
    const odd: unknown[] = [
      { content_offset_seconds: 1e3, commenter: { name: 'login_only', display_name: 5 }, message: { fragments: [{ text: 'a\\"b\n', emoticon: null }, { emoticon: { id: 1 }, text: ' \u00e9mote ' }] } },
      { message: { body: 'caf\u00e9 \ud83d\ude00', body2: 1, fragments: 'no' }, content_offset_seconds: '  12.25 ', commenter: null },
      { content_offset_seconds: -0.000123456789, commenter: { display_name: 'Zo\u00eb', name: 'zoe' }, message: null },
      { content_offset_seconds: 'LONG_NUMBER', message: { body: 'x', fragments: [1, null, { text: 7, emoticon: {} }, { text: 'K', emoticon: [] }] } },
      { content_offset_seconds: 3.5, content_offset_seconds2: 9, message: { body: 'first' }, ESCAPED_MESSAGE_KEY: { body: 'escaped key' } },
      { content_offset_seconds: true, message: { body: 'dup' }, commenter: { display_name: 'A' } },
      { content_offset_seconds: 1, DUPLICATE_OFFSET_KEY: 2, commenter: { display_name: 'B' }, message: { body: 'b', fragments: [{ text: 'Kappa', emoticon: { x: [1, { y: 'z' }] } }] } },
      {},
    ];
    const text = `{"streamer":{"name":"s"},\n  "video" : { "start": 10 },\n  "comments" : [\n    ${odd
      .map((c) => JSON.stringify(c, null, 1))
      .join(' ,\n ')}\n  ]\n}\n`
      // A key written with an escape, and a key given twice (JSON.parse keeps the last).
      .replace('"ESCAPED_MESSAGE_KEY"', '"mess\\u0061ge"')
      .replace('"DUPLICATE_OFFSET_KEY"', '"content_offset_seconds"')
      // More digits than a double holds, and an exponent: the scanner's slow path.
      .replace('"LONG_NUMBER"', '1234567.890123456789e-2');
    expect(text).toContain('"mess\\u0061ge"');
    const expected = (JSON.parse(text) as { comments: unknown[] }).comments.map((c) => commentToMessage(c, 10));
    for (const chunkSize of [1, 3, 64 * 1024]) {
      expect((await parseAll(text, { chunkSize })).batches.flat()).toEqual(expected);
    }
  });

  it('reports data after the end of the document', async () => {
    const full = doc(comments);
    const error = await parseError(`${full}\n{"again":1}`);
    expect(error.byteOffset).toBe(full.length + 1);
  });

  it('refuses a JSON object without a comments list', async () => {
    const error = await parseError(JSON.stringify({ ...header, messages: [] }));
    expect(error.message).toMatch(/comments/);
  });
});
