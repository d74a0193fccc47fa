// TwitchDownloader chat JSON (file versions 1.2–1.4): one object with FileInfo, streamer, video,
// comments[] and optional embeddedData. Files reach hundreds of MB, so the document is tokenised as
// a stream and only one comment at a time is materialised.
import type { Readable } from 'node:stream';
import { TokenParser, Tokenizer, TokenType } from '@streamparser/json';
import type { ParsedElementInfo, ParsedTokenInfo } from '@streamparser/json';
import { throwIfCancelled } from '../../errors';
import type { ChatMessage } from '../message';
import { ChatSyntaxError, type ChatFormat, type ChatParseContext } from './types';

type JsonRecord = Record<string, unknown>;

const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Looks at the start of the document only: a root object naming the parts TwitchDownloader writes. */
export function sniffTwitchDownloader(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) return false;
  if (/"content_offset_seconds"\s*:/.test(text)) return true;
  if (/"comments"\s*:\s*\[/.test(text)) return true;
  // A long video description or chapter list can push the first comment past the head.
  return /"streamer"\s*:\s*\{/.test(text) && /"video"\s*:\s*\{/.test(text);
}

/**
 * One comment as the normalised message; null when it is not a comment object at all.
 * `startSec` is video.start: TwitchDownloader keeps VOD-relative offsets in a cropped download,
 * and a video downloaded with the same crop begins at that point.
 */
export function commentToMessage(comment: unknown, startSec: number): ChatMessage | null {
  if (!isRecord(comment)) return null;
  const rawOffset = comment.content_offset_seconds;
  // Numbers are what TwitchDownloader writes; a numeric string is accepted, anything else is NaN
  // so importChat skips and counts it.
  const offset =
    typeof rawOffset === 'number'
      ? rawOffset
      : typeof rawOffset === 'string' && rawOffset.trim() !== ''
        ? Number(rawOffset)
        : Number.NaN;
  const commenter = isRecord(comment.commenter) ? comment.commenter : null; // null for deleted accounts
  const author = nonEmpty(commenter?.display_name) || nonEmpty(commenter?.name);
  const message = isRecord(comment.message) ? comment.message : null;
  const fragments = Array.isArray(message?.fragments) ? message.fragments : [];
  const emotes: string[] = [];
  let fragmentText = '';
  for (const fragment of fragments) {
    if (!isRecord(fragment)) continue;
    const text = nonEmpty(fragment.text);
    fragmentText += text;
    // The emote's name is the fragment's text; the emoticon object only carries ids.
    if (isRecord(fragment.emoticon) && text.trim() !== '') emotes.push(text.trim());
  }
  const text = typeof message?.body === 'string' ? message.body : fragmentText;
  return { offsetSec: offset - startSec, author, text, emotes };
}

async function* parseTwitchDownloader(input: Readable, ctx: ChatParseContext): AsyncIterable<ChatMessage[]> {
  const tokenizer = new Tokenizer();
  // keepStack: false drops each comment from the comments array once emitted, so memory stays flat.
  // embeddedData / emotes (base64 images in some files) are emitted only so that they are dropped.
  const parser = new TokenParser({
    paths: ['$.video', '$.comments.*', '$.embeddedData', '$.emotes'],
    keepStack: false,
  });

  let startSec = 0;
  let seenComments = false;
  let batch: ChatMessage[] = [];
  const ready: ChatMessage[][] = [];
  // Root-level key tracking: tells "no comments list at all" (not a chat) from an empty chat.
  let depth = 0;
  let rootKey: string | null = null;
  let lastTokenOffset = 0;

  tokenizer.onToken = (info: ParsedTokenInfo) => {
    lastTokenOffset = info.offset;
    switch (info.token) {
      case TokenType.LEFT_BRACKET:
        if (depth === 1 && rootKey === 'comments') seenComments = true;
        depth++;
        break;
      case TokenType.LEFT_BRACE:
        depth++;
        break;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        depth--;
        break;
      case TokenType.STRING:
        if (depth === 1) rootKey = info.value as string;
        break;
    }
    parser.write(info);
  };
  parser.onValue = ({ value, key, stack }: ParsedElementInfo) => {
    if (stack.length === 1) {
      if (key === 'video' && isRecord(value) && typeof value.start === 'number' && value.start > 0) {
        startSec = value.start;
      }
      return;
    }
    const message = commentToMessage(value, startSec);
    if (message === null) {
      ctx.skip('comment is not an object');
      return;
    }
    batch.push(message);
    if (batch.length >= ctx.batchSize) {
      ready.push(batch);
      batch = [];
    }
  };

  let bytes = 0;
  const broken = (error: unknown): ChatSyntaxError => {
    const message = error instanceof Error ? error.message : String(error);
    // The tokenizer names the absolute byte; the token parser does not, so use the last token's.
    const at = /absolute position "(\d+)"/.exec(message);
    const byteOffset = at?.[1] !== undefined ? Number(at[1]) : lastTokenOffset;
    return new ChatSyntaxError('the JSON is broken', { byteOffset, cause: error });
  };

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    throwIfCancelled(ctx.signal);
    try {
      tokenizer.write(chunk);
    } catch (error) {
      throw broken(error);
    }
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    while (ready.length > 0) yield ready.shift()!;
  }

  if (!parser.isEnded) {
    // Still inside the document: the usual result of a download that stopped early.
    throw new ChatSyntaxError('the JSON ends early', { byteOffset: bytes, truncated: true });
  }
  if (!seenComments) {
    throw new ChatSyntaxError('it is JSON but has no "comments" list, so it is not a TwitchDownloader chat', {
      byteOffset: null,
    });
  }
  if (batch.length > 0) yield batch;
}

export const twitchDownloaderFormat: ChatFormat = {
  name: 'twitch-downloader-json',
  label: 'TwitchDownloader chat JSON (.json, .json.gz)',
  sniff: sniffTwitchDownloader,
  parse: parseTwitchDownloader,
};
