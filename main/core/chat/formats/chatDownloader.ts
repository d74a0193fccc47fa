// chat-downloader (xenova) output: a JSON array (`--output chat.json`) or JSON Lines (`.jsonl`,
// or its stdout), one item per message: `message`, `time_in_seconds`, `author{name}`, `emotes[]`.
// Both layouts share the item reading; each has its own sniff so the choice comes from the content.
import type { Readable } from 'node:stream';
import type { ChatMessage } from '../message';
import { firstMessageClock } from './firstMessageClock';
import { jsonArrayElements } from './jsonArrayElements';
import { brokenLine, LineNote, mostLinesAre, parseLines, skipLine, type LineOutcome } from './lineFormat';
import type { ChatFormat, ChatParseContext } from './types';

type JsonRecord = Record<string, unknown>;
const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Emote names in text order: Twitch items give `locations` ("start-end"), YouTube ones one entry per use. */
export function chatDownloaderEmotes(emotes: unknown): string[] {
  if (!Array.isArray(emotes) || emotes.length === 0) return [];
  const placed: [number, string][] = [];
  let order = 0;
  for (const emote of emotes) {
    if (!isRecord(emote)) continue;
    const name = str(emote.name).trim();
    if (name === '') continue;
    const locations = Array.isArray(emote.locations) ? emote.locations : null;
    if (locations === null || locations.length === 0) {
      placed.push([Number.MAX_SAFE_INTEGER - 1e6 + order++, name]);
      continue;
    }
    for (const location of locations) {
      const start = typeof location === 'string' ? Number.parseInt(location, 10) : Number.NaN;
      placed.push([Number.isFinite(start) ? start : Number.MAX_SAFE_INTEGER - 1e6 + order++, name]);
    }
  }
  placed.sort((a, b) => a[0] - b[0]);
  return placed.map((p) => p[1]);
}

/**
 * A reader of items (one per parse). Replays carry `time_in_seconds`; a chat recorded live has
 * only `timestamp` (µs since the epoch), counted from the first item like other wall-clock formats.
 */
export function createItemReader(): (item: unknown) => ChatMessage | LineNote {
  const clock = firstMessageClock();
  return (item) => {
    if (!isRecord(item)) return brokenLine('the item is not a JSON object');
    if (typeof item.message !== 'string') {
      // Memberships, bans, viewer counts… chat-downloader writes every action it sees.
      return skipLine(`not a chat message (${str(item.message_type) || 'no "message"'})`);
    }
    const time = item.time_in_seconds;
    const offsetSec =
      typeof time === 'number'
        ? time
        : typeof item.timestamp === 'number'
          ? clock(item.timestamp / 1000)
          : Number.NaN;
    const author = isRecord(item.author) ? str(item.author.display_name) || str(item.author.name) : '';
    return { offsetSec, author, text: item.message, emotes: chatDownloaderEmotes(item.emotes) };
  };
}

/** An item chat-downloader wrote (and not a YouTube replay action, which also has `message` deep inside). */
export function looksLikeChatDownloaderItem(v: unknown): boolean {
  if (!isRecord(v) || 'replayChatItemAction' in v) return false;
  if (typeof v.time_in_seconds === 'number') return true;
  return typeof v.message === 'string' && isRecord(v.author) && typeof v.timestamp === 'number';
}

function jsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

// ---- JSON Lines ----

export function sniffChatDownloaderLines(head: Buffer): boolean {
  return mostLinesAre(head, (line) => line.startsWith('{') && looksLikeChatDownloaderItem(jsonLine(line)));
}

export function createChatDownloaderLineParser(): (line: string) => LineOutcome {
  const read = createItemReader();
  return (line) => {
    if (line.charCodeAt(0) !== 123 /* { */) return brokenLine('not a JSON object');
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      return brokenLine('invalid JSON');
    }
    return read(item);
  };
}

export const chatDownloaderLinesFormat: ChatFormat = {
  name: 'chat-downloader-jsonl',
  label: 'chat-downloader JSON Lines (.jsonl)',
  sniff: sniffChatDownloaderLines,
  parse: (input: Readable, ctx: ChatParseContext) =>
    parseLines(input, ctx, {
      expected: 'a chat-downloader JSON Lines file',
      createLineParser: () => createChatDownloaderLineParser(),
    }),
};

// ---- JSON array ----

/** A root array whose first element is an object with chat-downloader's keys. */
export function sniffChatDownloaderArray(head: Buffer): boolean {
  const text = head.subarray(0, 256 * 1024).toString('utf8').replace(/^\uFEFF/, '');
  if (!/^\s*\[\s*\{/.test(text)) return false;
  if (/"replayChatItemAction"\s*:/.test(text)) return false;
  if (/"time_in_seconds"\s*:\s*-?\d/.test(text)) return true;
  return /"message"\s*:\s*"/.test(text) && /"author"\s*:\s*\{/.test(text) && /"timestamp"\s*:\s*\d/.test(text);
}

async function* parseChatDownloaderArray(input: Readable, ctx: ChatParseContext): AsyncGenerator<ChatMessage[]> {
  const read = createItemReader();
  let batch: ChatMessage[] = [];
  for await (const elements of jsonArrayElements(input, ctx.signal)) {
    for (const element of elements) {
      const out = read(element);
      if (out instanceof LineNote) {
        ctx.skip(out.reason);
        continue;
      }
      batch.push(out);
      if (batch.length >= ctx.batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

export const chatDownloaderArrayFormat: ChatFormat = {
  name: 'chat-downloader-json',
  label: 'chat-downloader JSON (.json)',
  sniff: sniffChatDownloaderArray,
  parse: parseChatDownloaderArray,
};
