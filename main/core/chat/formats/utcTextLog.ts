// Text chat log with absolute UTC times, as TwitchDownloader's text output writes them with UTC
// timestamps: `[2024-05-17 18:00:05 UTC] SomeViewer: gg`. The file does not say when the video
// started, so offsets count from the first message (firstMessageClock).
import type { Readable } from 'node:stream';
import type { ChatMessage } from '../message';
import { firstMessageClock } from './firstMessageClock';
import { brokenLine, mostLinesAre, parseLines, type LineOutcome } from './lineFormat';
import type { ChatFormat, ChatParseContext } from './types';

// "UTC" is optional: without it the zone is unknown, but offsets between messages are the same.
const LINE =
  /^\[(\d{4})-(\d\d)-(\d\d)[ T]([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(?:\.(\d{1,3}))?(?: ?UTC|Z)?\] ([^:]*[^:\s]):(?: |$)(.*)$/;

/** Milliseconds since the epoch of the line's time, and its author and text; null when not such a line. */
export function readUtcLine(line: string): { ms: number; author: string; text: string } | null {
  const m = LINE.exec(line);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, author, text] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms =
    Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) +
    (frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000));
  return { ms, author: author!.trim(), text: text! };
}

/** A line reader with its own clock: the first message of this parse is offset 0. */
export function createUtcLineParser(): (line: string) => LineOutcome {
  const clock = firstMessageClock();
  return (line) => {
    const read = readUtcLine(line);
    if (read === null) {
      return brokenLine(
        line.startsWith('[') ? 'no "name: message" after a [yyyy-MM-dd HH:mm:ss UTC] time' : 'no [yyyy-MM-dd HH:mm:ss UTC] time at the start',
      );
    }
    return { offsetSec: clock(read.ms), author: read.author, text: read.text, emotes: [] } satisfies ChatMessage;
  };
}

export const utcTextLogFormat: ChatFormat = {
  name: 'text-log-utc',
  label: 'text chat log with [yyyy-MM-dd HH:mm:ss UTC] times (.txt)',
  sniff: (head) => mostLinesAre(head, (line) => readUtcLine(line) !== null),
  parse: (input: Readable, ctx: ChatParseContext) =>
    parseLines(input, ctx, {
      expected: 'a text chat log with [yyyy-MM-dd HH:mm:ss UTC] times',
      createLineParser: () => createUtcLineParser(),
    }),
};
