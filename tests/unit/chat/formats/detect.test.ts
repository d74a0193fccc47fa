import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chatFormats, detectFormat } from '../../../../main/core/chat/formats';
import { CHAT_FILE_FORMATS, chatFileText } from '../../../fixtures/chatFormats';
import type { FixtureMessage } from '../../../fixtures/chat';

const messages: FixtureMessage[] = Array.from({ length: 40 }, (_, i) => ({
  offsetSec: 60 + i * 1.5,
  author: `viewer_${i % 7}`,
  text: i % 3 === 0 ? 'KEKW that was close' : `message number ${i}: hello`,
  emotes: ['KEKW'],
}));
const claims = (head: Buffer): string[] => chatFormats.filter((f) => f.sniff(head)).map((f) => f.name);

describe('chat format detection from content', () => {
  it.each(CHAT_FILE_FORMATS)('%s is claimed by its own format and no other', (format) => {
    const head = Buffer.from(chatFileText(format, messages, { extras: true }));
    expect(claims(head)).toEqual([format]);
    // A head cut anywhere in the middle of a line still sniffs the same.
    expect(claims(head.subarray(0, Math.floor(head.length / 3)))).toEqual([format]);
  });

  it('is not fooled by a few broken lines at the start of a line format', () => {
    for (const format of CHAT_FILE_FORMATS.filter((f) => f !== 'chat-downloader-json')) {
      const head = Buffer.from(chatFileText(format, messages, { brokenBefore: [0, 2] }));
      expect(claims(head), format).toEqual([format]);
    }
  });

  it('leaves TwitchDownloader JSON to its own format', () => {
    const head = Buffer.from('{"FileInfo":{"Version":{"Major":1,"Minor":4,"Patch":0}},"streamer":{"name":"s","id":1},"video":{"start":0},"comments":[{"_id":"a","content_offset_seconds":1');
    expect(claims(head)).toEqual(['twitch-downloader-json']);
  });

  it('claims nothing that is not chat', () => {
    const notChat = [
      'hello world',
      '{"a":1}',
      '[{"a":1},{"b":2}]',
      '[]',
      '{"name":"x","version":"1.0.0"}\n{"name":"y"}\n',
      '# Start logging at 2024-05-17 18:00:00 UTC+02:00\n[18:00:05]  nick: hi\n[18:00:06]  nick: ho\n',
      'Some notes [1:02:03] about the stream\nmore notes\n',
      'PRIVMSG without tags\nother text\n',
      ':nick!nick@nick.tmi.twitch.tv PRIVMSG #chan :no tags, so no time\n',
      '2024-05-17 18:00:05 nick: no brackets\n',
    ];
    for (const text of notChat) expect(claims(Buffer.from(text)), text).toEqual([]);
    expect(detectFormat(Buffer.from([0x00, 0xff, 0xfe, 0x10]))).toBeNull();
  });

  it('sniffs the inflated head of a gzip file like importChat gives it', () => {
    // importChat inflates the head; the sniffers only ever see text.
    const gz = gzipSync(chatFileText('twitch-irc', messages));
    expect(claims(gz)).toEqual([]);
  });
});
