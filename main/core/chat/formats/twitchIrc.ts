// Raw Twitch IRC as chat loggers record it, one message per line with IRCv3 tags:
// `@badges=…;display-name=Some;emotes=25:0-4;tmi-sent-ts=1715968805123 :some!some@some.tmi.twitch.tv PRIVMSG #chan :Kappa gg`.
// The time is tmi-sent-ts (wall clock), counted from the first message (firstMessageClock).
import type { Readable } from 'node:stream';
import type { ChatMessage } from '../message';
import { firstMessageClock } from './firstMessageClock';
import { brokenLine, IGNORED, mostLinesAre, parseLines, skipLine, type LineOutcome } from './lineFormat';
import type { ChatFormat, ChatParseContext } from './types';

/** The value of one IRCv3 tag, still escaped; undefined when absent. */
export function tagValue(tags: string, key: string): string | undefined {
  let at: number;
  if (tags.startsWith(key) && tags.charCodeAt(key.length) === 61 /* = */) at = key.length + 1;
  else {
    const i = tags.indexOf(`;${key}=`);
    if (i < 0) return undefined;
    at = i + key.length + 2;
  }
  const end = tags.indexOf(';', at);
  return end < 0 ? tags.slice(at) : tags.slice(at, end);
}

const TAG_ESCAPES: Record<string, string> = { s: ' ', ':': ';', '\\': '\\', r: '\r', n: '\n' };
const unescapeTag = (v: string): string =>
  v.includes('\\') ? v.replace(/\\(.?)/g, (_, c: string) => TAG_ESCAPES[c] ?? c) : v;

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Emote names from the `emotes` tag (`id:start-end,start-end/id:…`), in text order. Positions
 * count Unicode code points, not UTF-16 units, so text with emoji is indexed by code point.
 */
export function emotesFromTag(tag: string | undefined, text: string): string[] {
  if (!tag) return [];
  const ranges: [number, number][] = [];
  for (const emote of tag.split('/')) {
    const colon = emote.indexOf(':');
    if (colon < 0) continue;
    for (const range of emote.slice(colon + 1).split(',')) {
      const dash = range.indexOf('-');
      const start = Number(range.slice(0, dash));
      const end = Number(range.slice(dash + 1));
      if (dash > 0 && Number.isInteger(start) && Number.isInteger(end) && end >= start) ranges.push([start, end]);
    }
  }
  if (ranges.length === 0) return [];
  ranges.sort((x, y) => x[0] - y[0]);
  const chars = SURROGATE.test(text) ? Array.from(text) : null;
  const length = chars ? chars.length : text.length;
  const names: string[] = [];
  for (const [start, end] of ranges) {
    if (end >= length) continue;
    names.push(chars ? chars.slice(start, end + 1).join('') : text.slice(start, end + 1));
  }
  return names;
}

// A line the IRC protocol could have sent: optional @tags, optional :prefix, then a command word.
const IRC_LINE = /^(?:(?:@\S+ )?:\S+ (?:[A-Z]+|\d{3})(?: |$)|(?:PING|PONG|CAP) )/;
/** Commands a client sends or receives without a prefix; other prefix-less lines are not IRC. */
const BARE_COMMANDS = new Set(['PING', 'PONG', 'CAP', 'PASS', 'NICK', 'USER', 'JOIN', 'PART']);
const PRIVMSG_LINE = /^@\S*tmi-sent-ts=\d+\S* :\S+ PRIVMSG #\S+ /;

/** A line reader with its own clock: the first message of this parse is offset 0. */
export function createIrcLineParser(): (line: string) => LineOutcome {
  const clock = firstMessageClock();
  return (line) => {
    let pos = 0;
    let tags = '';
    if (line.charCodeAt(0) === 64 /* @ */) {
      const sp = line.indexOf(' ');
      if (sp < 0) return brokenLine('IRC tags without a command');
      tags = line.slice(1, sp);
      pos = sp + 1;
    }
    let prefix = '';
    if (line.charCodeAt(pos) === 58 /* : */) {
      const sp = line.indexOf(' ', pos);
      if (sp < 0) return brokenLine('IRC prefix without a command');
      prefix = line.slice(pos + 1, sp);
      pos = sp + 1;
    }
    const sp = line.indexOf(' ', pos);
    const command = sp < 0 ? line.slice(pos) : line.slice(pos, sp);
    if (command !== 'PRIVMSG') {
      // Subscriptions, raids and the like are viewers' events, not chat lines: counted, not shown.
      if (command === 'USERNOTICE') return skipLine('subscription or other viewer event (USERNOTICE)');
      const known = prefix !== '' ? /^(?:[A-Z]+|\d{3})$/.test(command) : BARE_COMMANDS.has(command);
      return known ? IGNORED : brokenLine('not an IRC line');
    }
    if (sp < 0) return brokenLine('PRIVMSG without a channel and text');
    const trailing = line.indexOf(' :', sp + 1);
    let text = trailing >= 0 ? line.slice(trailing + 2) : line.slice(line.indexOf(' ', sp + 1) + 1);
    // `/me waves` arrives as CTCP ACTION; emote positions count from the unwrapped text.
    if (text.startsWith('\u0001ACTION ')) text = text.slice(8, text.endsWith('\u0001') ? -1 : undefined);
    const ts = tagValue(tags, 'tmi-sent-ts');
    const offsetSec = clock(ts === undefined || ts === '' ? Number.NaN : Number(ts));
    const displayName = tagValue(tags, 'display-name');
    const bang = prefix.indexOf('!');
    const author = (displayName ? unescapeTag(displayName).trim() : '') || (bang >= 0 ? prefix.slice(0, bang) : prefix);
    return { offsetSec, author, text, emotes: emotesFromTag(tagValue(tags, 'emotes'), text) } satisfies ChatMessage;
  };
}

/** The first line is IRC and the head holds a tagged PRIVMSG (capability replies, JOIN and PING may come first). */
export function sniffTwitchIrc(head: Buffer): boolean {
  if (!mostLinesAre(head, (line) => IRC_LINE.test(line))) return false;
  return head
    .subarray(0, 256 * 1024)
    .toString('utf8')
    .split('\n', 200)
    .some((line) => PRIVMSG_LINE.test(line));
}

export const twitchIrcFormat: ChatFormat = {
  name: 'twitch-irc',
  label: 'raw Twitch IRC log with tags (.log, .txt)',
  sniff: sniffTwitchIrc,
  parse: (input: Readable, ctx: ChatParseContext) =>
    parseLines(input, ctx, { expected: 'a raw Twitch IRC log', createLineParser: () => createIrcLineParser() }),
};
