import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chatDownloaderEmotes, createItemReader } from '../../../../main/core/chat/formats/chatDownloader';
import { firstMessageClock } from '../../../../main/core/chat/formats/firstMessageClock';
import { jsonArrayElements, MAX_ELEMENT_BYTES } from '../../../../main/core/chat/formats/jsonArrayElements';
import { IGNORED, LineNote } from '../../../../main/core/chat/formats/lineFormat';
import { parseRelativeLine } from '../../../../main/core/chat/formats/relativeTextLog';
import { createIrcLineParser, emotesFromTag, tagValue } from '../../../../main/core/chat/formats/twitchIrc';
import { ChatSyntaxError } from '../../../../main/core/chat/formats/types';
import { createUtcLineParser } from '../../../../main/core/chat/formats/utcTextLog';
import { parseYoutubeLine, textFromRuns } from '../../../../main/core/chat/formats/youtubeLiveChat';

const note = (v: unknown): LineNote => {
  expect(v).toBeInstanceOf(LineNote);
  return v as LineNote;
};

describe('relative text log lines', () => {
  it('reads [h:mm:ss], [m:ss] and fractions; the name runs to the first colon', () => {
    expect(parseRelativeLine('[1:02:03] SomeViewer: that was close LUL')).toEqual({ offsetSec: 3723, author: 'SomeViewer', text: 'that was close LUL', emotes: [] });
    expect(parseRelativeLine('[2:03] a: re: b')).toMatchObject({ offsetSec: 123, author: 'a', text: 're: b' });
    expect(parseRelativeLine('[125:00:00.5] Some One: x')).toMatchObject({ offsetSec: 450000.5, author: 'Some One' });
    expect(parseRelativeLine('[0:00:07] emptymsg:')).toMatchObject({ offsetSec: 7, text: '' });
  });
  it('says why a line is broken', () => {
    expect(note(parseRelativeLine('hello')).reason).toContain('no [h:mm:ss] time');
    expect(note(parseRelativeLine('[1:02:03] no colon here')).kind).toBe('broken');
    expect(note(parseRelativeLine('[1:72:03] a: minutes over 59')).kind).toBe('broken');
  });
});

describe('UTC text log lines', () => {
  it('counts from the first message, across midnight and with optional fractions', () => {
    const parse = createUtcLineParser();
    expect(parse('[2024-05-17 23:59:58 UTC] a: first')).toMatchObject({ offsetSec: 0, author: 'a', text: 'first' });
    expect(parse('[2024-05-18 00:00:03 UTC] b: next day')).toMatchObject({ offsetSec: 5 });
    expect(parse('[2024-05-18 00:00:03.250 UTC] b: fraction')).toMatchObject({ offsetSec: 5.25 });
    expect(parse('[2024-05-17 23:59:50 UTC] c: before the first')).toMatchObject({ offsetSec: -8 });
    // A new parse has its own clock.
    expect(createUtcLineParser()('[2024-05-18 00:00:03 UTC] b: x')).toMatchObject({ offsetSec: 0 });
  });
  it('refuses impossible dates and other shapes', () => {
    const parse = createUtcLineParser();
    for (const line of ['[2024-13-01 00:00:00 UTC] a: x', '[2024-05-17 24:00:00 UTC] a: x', '[1:02:03] a: x', 'plain']) {
      expect(note(parse(line)).kind, line).toBe('broken');
    }
  });
  it('firstMessageClock ignores unknown times', () => {
    const clock = firstMessageClock();
    expect(clock(Number.NaN)).toBeNaN();
    expect(clock(5000)).toBe(0);
    expect(clock(6500)).toBe(1.5);
  });
});

describe('Twitch IRC lines', () => {
  it('reads tmi-sent-ts, display-name (escaped), emotes by code point, and /me', () => {
    const parse = createIrcLineParser();
    const a = parse('@badges=;display-name=Some\\sOne;emotes=;tmi-sent-ts=1715968800000 :someone!someone@someone.tmi.twitch.tv PRIVMSG #chan :first');
    expect(a).toEqual({ offsetSec: 0, author: 'Some One', text: 'first', emotes: [] });
    const b = parse('@emotes=25:3-7,18-22/1902:9-13;display-name=Zoe;tmi-sent-ts=1715968801500 :zoe!zoe@zoe.tmi.twitch.tv PRIVMSG #chan :😂🎉 Kappa Keepo gg Kappa');
    expect(b).toEqual({ offsetSec: 1.5, author: 'Zoe', text: '😂🎉 Kappa Keepo gg Kappa', emotes: ['Kappa', 'Keepo', 'Kappa'] });
    const c = parse('@tmi-sent-ts=1715968802000;emotes=25:6-10 :lurker!lurker@lurker.tmi.twitch.tv PRIVMSG #chan :\u0001ACTION waves Kappa\u0001');
    expect(c).toEqual({ offsetSec: 2, author: 'lurker', text: 'waves Kappa', emotes: ['Kappa'] });
  });
  it('ignores protocol lines, counts USERNOTICE as skipped, and calls other lines broken', () => {
    const parse = createIrcLineParser();
    expect(parse('PING :tmi.twitch.tv')).toBe(IGNORED);
    expect(parse(':tmi.twitch.tv 001 justinfan :Welcome')).toBe(IGNORED);
    expect(parse(':a!a@a.tmi.twitch.tv JOIN #chan')).toBe(IGNORED);
    expect(parse('@room-id=1 :tmi.twitch.tv CLEARCHAT #chan :someone')).toBe(IGNORED);
    expect(note(parse('@msg-id=sub;tmi-sent-ts=1 :tmi.twitch.tv USERNOTICE #chan')).kind).toBe('skip');
    expect(note(parse('hello there')).kind).toBe('broken');
    expect(note(parse('@only-tags')).kind).toBe('broken');
  });
  it('a PRIVMSG without tmi-sent-ts has no time (importChat skips it)', () => {
    expect(createIrcLineParser()(':a!a@a.tmi.twitch.tv PRIVMSG #chan :hi')).toMatchObject({ offsetSec: Number.NaN, author: 'a', text: 'hi' });
  });
  it('tagValue and emotesFromTag handle edge cases', () => {
    expect(tagValue('a=1;b=2;ab=3', 'b')).toBe('2');
    expect(tagValue('ab=3;b=2', 'b')).toBe('2');
    expect(tagValue('a=1', 'b')).toBeUndefined();
    expect(emotesFromTag('1:0-2,x-y/2:9-20', 'LUL')).toEqual(['LUL']); // malformed and out-of-range ranges dropped
    expect(emotesFromTag(undefined, 'x')).toEqual([]);
  });
});

describe('chat-downloader items', () => {
  it('reads message, time, author (display name first) and Twitch emotes in text order', () => {
    const read = createItemReader();
    const item = {
      author: { display_name: 'Zoë', name: 'zoe' },
      emotes: [{ name: 'Keepo', locations: ['6-10'] }, { name: 'Kappa', locations: ['0-4', '12-16'] }],
      message: 'Kappa Keepo Kappa',
      time_in_seconds: 12.5,
    };
    expect(read(item)).toEqual({ offsetSec: 12.5, author: 'Zoë', text: 'Kappa Keepo Kappa', emotes: ['Kappa', 'Keepo', 'Kappa'] });
  });
  it('counts live recordings (timestamp only) from the first item, skips non-messages', () => {
    const read = createItemReader();
    expect(read({ message: 'a', author: { name: 'x' }, timestamp: 1_700_000_000_000_000 })).toMatchObject({ offsetSec: 0 });
    expect(read({ message: 'b', author: { name: 'x' }, timestamp: 1_700_000_002_500_000 })).toMatchObject({ offsetSec: 2.5 });
    expect(read({ message: 'c', author: { name: 'x' } })).toMatchObject({ offsetSec: Number.NaN });
    expect(note(read({ message_type: 'membership_item', time_in_seconds: 3 }))).toMatchObject({ kind: 'skip', reason: 'not a chat message (membership_item)' });
    expect(note(read([1, 2])).kind).toBe('broken');
  });
  it('YouTube emotes without locations keep their listed order', () => {
    expect(chatDownloaderEmotes([{ name: ':a:' }, { name: ':b:' }, { name: '' }, 'x'])).toEqual([':a:', ':b:']);
  });
});

describe('YouTube live chat lines', () => {
  const line = (item: object, offset: string | null = '61500', top = false) =>
    JSON.stringify(
      top
        ? { replayChatItemAction: { actions: [{ addChatItemAction: { item } }] }, videoOffsetTimeMsec: offset, isLive: true }
        : { clickTrackingParams: 'x', replayChatItemAction: { actions: [{ addChatItemAction: { item } }], videoOffsetTimeMsec: offset } },
    );
  const text = (runs: object[], author = 'Some Viewer') => ({ liveChatTextMessageRenderer: { message: { runs }, authorName: { simpleText: author } } });
  const skip = (reasons: string[]) => (r: string) => void reasons.push(r);

  it('reads text and emoji runs (standard emoji as the character, channel emoji as :shortcut:)', () => {
    const runs = [
      { text: 'gg ' },
      { emoji: { emojiId: '😂', shortcuts: [':joy:'], isCustomEmoji: false } },
      { text: ' ' },
      { emoji: { emojiId: 'UCx/abc', shortcuts: [':_hype:'], isCustomEmoji: true } },
    ];
    expect(parseYoutubeLine(line(text(runs)), skip([]))).toEqual({ offsetSec: 61.5, author: 'Some Viewer', text: 'gg 😂 :_hype:', emotes: ['😂', ':_hype:'] });
    expect(textFromRuns(undefined)).toEqual({ text: '', emotes: [] });
  });
  it('reads the offset yt-dlp puts at the top level for live downloads', () => {
    expect(parseYoutubeLine(line(text([{ text: 'hi' }]), '2000', true), skip([]))).toMatchObject({ offsetSec: 2, text: 'hi' });
  });
  it('keeps Super Chats as messages, counts memberships and stickers, ignores tickers and system notices', () => {
    const reasons: string[] = [];
    const paid = { liveChatPaidMessageRenderer: { authorName: { simpleText: 'Fan' }, purchaseAmountText: { simpleText: '$5.00' } } };
    expect(parseYoutubeLine(line(paid), skip(reasons))).toMatchObject({ author: 'Fan', text: '' });
    expect(parseYoutubeLine(line({ liveChatMembershipItemRenderer: {} }), skip(reasons))).toBe(IGNORED);
    expect(parseYoutubeLine(line({ liveChatPaidStickerRenderer: {} }), skip(reasons))).toBe(IGNORED);
    expect(parseYoutubeLine(line({ liveChatViewerEngagementMessageRenderer: {} }), skip(reasons))).toBe(IGNORED);
    const ticker = JSON.stringify({ replayChatItemAction: { actions: [{ addLiveChatTickerItemAction: { item: {} } }], videoOffsetTimeMsec: '1' } });
    expect(parseYoutubeLine(ticker, skip(reasons))).toBe(IGNORED);
    expect(reasons).toEqual(['membership event', 'paid sticker']);
  });
  it('returns every message of a line with several actions', () => {
    const two = JSON.stringify({
      replayChatItemAction: {
        actions: [{ addChatItemAction: { item: text([{ text: 'a' }]) } }, { addChatItemAction: { item: text([{ text: 'b' }]) } }],
        videoOffsetTimeMsec: '1000',
      },
    });
    expect(parseYoutubeLine(two, skip([]))).toEqual([
      { offsetSec: 1, author: 'Some Viewer', text: 'a', emotes: [] },
      { offsetSec: 1, author: 'Some Viewer', text: 'b', emotes: [] },
    ]);
  });
  it('calls non-JSON and foreign JSON lines broken', () => {
    expect(note(parseYoutubeLine('{"replayChatItemAction": {"actions": [', skip([]))).reason).toBe('invalid JSON');
    expect(note(parseYoutubeLine('{"a":1}', skip([]))).reason).toContain('replayChatItemAction');
    expect(note(parseYoutubeLine('hello', skip([]))).kind).toBe('broken');
  });
});

describe('jsonArrayElements', () => {
  async function elements(chunks: string[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const part of jsonArrayElements(Readable.from(chunks.map((c) => Buffer.from(c))))) out.push(...part);
    return out;
  }
  async function failure(chunks: string[]): Promise<ChatSyntaxError> {
    try {
      await elements(chunks);
    } catch (error) {
      expect(error).toBeInstanceOf(ChatSyntaxError);
      return error as ChatSyntaxError;
    }
    throw new Error('expected an error');
  }
  it('yields every element whatever the chunking, with strings holding brackets, quotes and escapes', async () => {
    const value = [{ a: 'x ] } { [ " \\ \\\\"', b: [1, { c: 'é😂' }] }, 3, 'str', null, true, { d: '\\"' }];
    const json = `\uFEFF [ ${JSON.stringify(value, null, 2).slice(1)} `;
    const bytes = Buffer.from(json);
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
      const out: unknown[] = [];
      for await (const part of jsonArrayElements(Readable.from(pieces))) out.push(...part);
      expect(out, `chunk size ${size}`).toEqual(value);
    }
    expect(await elements(['[]'])).toEqual([]);
  });
  it('says where the JSON breaks, and that a cut file is truncated', async () => {
    expect(await failure(['[{"a":1} {"b":2}]'])).toMatchObject({ byteOffset: 9 });
    expect(await failure(['[{"a":tru}]'])).toMatchObject({ byteOffset: 1, message: 'the JSON is broken' });
    expect(await failure(['[{"a":1},{"b":'])).toMatchObject({ truncated: true, byteOffset: 14 });
    expect(await failure(['[{"a":1}] x'])).toMatchObject({ byteOffset: 10 });
    expect(await failure(['{"a":1}'])).toMatchObject({ message: 'this is not a JSON array', byteOffset: 0 });
  });
  it('refuses an element too big to be a chat item instead of buffering it', async () => {
    const big = 'x'.repeat(MAX_ELEMENT_BYTES / 4);
    const error = await failure(['[1,{"a":"', big, big, big, big, big]);
    expect(error.message).toContain('larger than');
    expect(error.byteOffset).toBe(3);
  });
});
