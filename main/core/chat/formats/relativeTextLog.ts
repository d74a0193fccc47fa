// Text chat log with times relative to the video, as TwitchDownloader's text output writes it:
// `[1:02:03] SomeViewer: that was close LUL` (also `[2:03]` for short videos). Text logs do not say
// which words are emotes, so `emotes` stays empty.
import type { Readable } from 'node:stream';
import type { ChatMessage } from '../message';
import { brokenLine, mostLinesAre, parseLines, type LineOutcome } from './lineFormat';
import type { ChatFormat, ChatParseContext } from './types';

// [h:mm:ss] or [m:ss], optional fraction; the name runs to the first colon (names have none).
const LINE = /^\[(\d{1,4}):([0-5]\d)(?::([0-5]\d))?(?:\.(\d{1,3}))?\] ([^:]*[^:\s]):(?: |$)(.*)$/;

/** One line as a message (offset from the bracketed time), or why it is not one. */
export function parseRelativeLine(line: string): LineOutcome {
  const m = LINE.exec(line);
  if (m === null) {
    return brokenLine(line.startsWith('[') ? 'no "name: message" after a [h:mm:ss] time' : 'no [h:mm:ss] time at the start');
  }
  const [, a, b, c, frac, author, text] = m;
  const sec = c === undefined ? Number(a) * 60 + Number(b) : Number(a) * 3600 + Number(b) * 60 + Number(c);
  const offsetSec = frac === undefined ? sec : sec + Number(`0.${frac}`);
  return { offsetSec, author: author!.trim(), text: text!, emotes: [] } satisfies ChatMessage;
}

export function sniffRelativeTextLog(head: Buffer): boolean {
  // Chatterino-style logs start with a "# Start logging" header and use wall-clock [HH:mm:ss]: not ours.
  const first = head.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (first.startsWith('#')) return false;
  return mostLinesAre(head, (line) => LINE.test(line));
}

export const relativeTextLogFormat: ChatFormat = {
  name: 'text-log-relative',
  label: 'text chat log with [h:mm:ss] times (.txt)',
  sniff: sniffRelativeTextLog,
  parse: (input: Readable, ctx: ChatParseContext) =>
    parseLines(input, ctx, {
      expected: 'a text chat log with [h:mm:ss] times',
      createLineParser: () => parseRelativeLine,
    }),
};
