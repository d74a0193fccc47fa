// TwitchDownloader chat JSON (file versions 1.2–1.4): one object with FileInfo, streamer, video,
// comments[] and optional embeddedData. Files reach hundreds of MB, so the document is read as a
// stream of byte chunks by a small scanner written for this layout: it validates every byte of each
// comment but only turns the four fields a message needs into JS values (a general streaming JSON
// parser builds every object and ran at ~30 MB/s; JSON.parse of whole comments at ~120 MB/s here,
// both too slow for a million messages). embeddedData (base64 images, can be huge) is skipped
// byte by byte without being kept.
import type { Readable } from 'node:stream';
import { throwIfCancelled } from '../../errors';
import type { ChatMessage } from '../message';
import { tooManyBroken } from './lineFormat';
import { ChatSyntaxError, type ChatFormat, type ChatParseContext } from './types';

type JsonRecord = Record<string, unknown>;

const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string => (typeof v === 'string' ? v : '');

/** No TwitchDownloader comment comes near this (a Twitch message is at most 500 characters). */
export const MAX_COMMENT_BYTES = 4 * 1024 * 1024;
/** Deeper nesting than this is not a chat (and would overflow the recursive scanner). */
const MAX_DEPTH = 256;

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
 * This is the reference meaning of a comment; the byte scanner below must give the same result.
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

// ---------------------------------------------------------------------------------------------
// Byte scanner. Functions take the current window (bytes of the file not yet consumed) and an
// index, and return the index after what they read. Running off the end of the window throws
// NEED_MORE: the caller keeps the bytes from the start of the unit it was reading and retries once
// the next chunk arrived. Bad bytes throw Broken with their index. Neither is an Error, so throwing
// costs no stack trace.

const NEED_MORE = { needMore: true } as const;

class Broken {
  constructor(
    readonly at: number,
    readonly what: string,
  ) {}
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DOT = 0x2e;

const bytesOf = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const TRUE = bytesOf('true');
const FALSE = bytesOf('false');
const NULL = bytesOf('null');
const K_OFFSET = bytesOf('content_offset_seconds');
const K_COMMENTER = bytesOf('commenter');
const K_MESSAGE = bytesOf('message');
const K_DISPLAY_NAME = bytesOf('display_name');
const K_NAME = bytesOf('name');
const K_BODY = bytesOf('body');
const K_FRAGMENTS = bytesOf('fragments');
const K_TEXT = bytesOf('text');
const K_EMOTICON = bytesOf('emoticon');
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** Index of the first non-whitespace byte at or after i. */
function ws(b: Buffer, i: number): number {
  const n = b.length;
  for (;;) {
    if (i >= n) throw NEED_MORE;
    if (!isWs(b[i]!)) return i;
    i++;
  }
}

/** Set by str(): whether the string just read had an escape (then it needs JSON.parse to decode). */
let lastStringEscaped = false;

/** Reads the string whose opening quote is at i. */
function str(b: Buffer, i: number): number {
  const n = b.length;
  let escaped = false;
  i++;
  for (;;) {
    if (i >= n) throw NEED_MORE;
    const c = b[i]!;
    if (c === QUOTE) {
      lastStringEscaped = escaped;
      return i + 1;
    }
    if (c === BACKSLASH) {
      escaped = true;
      if (i + 1 >= n) throw NEED_MORE;
      const e = b[i + 1]!;
      if (e === 0x75) {
        if (i + 5 >= n) throw NEED_MORE;
        for (let k = i + 2; k < i + 6; k++) if (!isHex(b[k]!)) throw new Broken(k, 'a broken \\u escape in a string');
        i += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
      } else {
        throw new Broken(i + 1, 'a broken escape in a string');
      }
    } else if (c < 0x20) {
      throw new Broken(i, 'a control character inside a string');
    } else {
      i++;
    }
  }
}

// Buffer's own utf8Slice skips toString()'s argument checks, which cost ~5% of the whole read.
type Utf8Sliceable = { utf8Slice?: (start: number, end: number) => string };
const utf8 =
  typeof (Buffer.prototype as Utf8Sliceable).utf8Slice === 'function'
    ? (b: Buffer, start: number, end: number): string => (b as Utf8Sliceable).utf8Slice!(start, end)
    : (b: Buffer, start: number, end: number): string => b.toString('utf8', start, end);

/** The string value between `start` (its opening quote) and `end` (after its closing quote). */
function decodeStr(b: Buffer, start: number, end: number, escaped: boolean): string {
  return escaped ? (JSON.parse(utf8(b, start, end)) as string) : utf8(b, start + 1, end - 1);
}

/** Set by num(): the value of the number just read. */
let lastNumber = 0;

function num(b: Buffer, i: number): number {
  const n = b.length;
  const start = i;
  let c: number;
  let mantissa = 0;
  let digits = 0;
  if (b[i] === MINUS) i++;
  if (i >= n) throw NEED_MORE;
  c = b[i]!;
  if (c === 0x30) {
    i++;
  } else if (c >= 0x31 && c <= 0x39) {
    while (i < n && isDigit((c = b[i]!))) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      i++;
    }
  } else {
    throw new Broken(i, 'a broken number');
  }
  let scale = 0;
  if (i < n && b[i] === DOT) {
    const from = ++i;
    while (i < n && isDigit((c = b[i]!))) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      i++;
    }
    if (i === from) {
      if (i >= n) throw NEED_MORE;
      throw new Broken(i, 'a broken number');
    }
    scale = i - from;
  }
  let exponent = false;
  if (i < n && (b[i] === 0x65 || b[i] === 0x45)) {
    exponent = true;
    i++;
    if (i < n && (b[i] === 0x2b || b[i] === MINUS)) i++;
    const from = i;
    while (i < n && isDigit(b[i]!)) i++;
    if (i === from) {
      if (i >= n) throw NEED_MORE;
      throw new Broken(i, 'a broken number');
    }
  }
  // A number at the end of the window may go on in the next chunk.
  if (i >= n) throw NEED_MORE;
  // Up to 15 digits the mantissa is an exact integer and one division by an exact power of ten is
  // correctly rounded, i.e. the same double JSON.parse gives. Anything else goes the slow way.
  if (!exponent && digits <= 15 && scale <= 22) {
    lastNumber = (b[start] === MINUS ? -mantissa : mantissa) / POW10[scale]!;
  } else {
    lastNumber = Number(b.toString('latin1', start, i));
  }
  return i;
}

function literal(b: Buffer, i: number, word: Uint8Array): number {
  for (let k = 0; k < word.length; k++) {
    if (i + k >= b.length) throw NEED_MORE;
    if (b[i + k] !== word[k]) throw new Broken(i + k, 'an unexpected character');
  }
  return i + word.length;
}

/** Validates and steps over any JSON value starting at i (which must be in the window). */
function skipValue(b: Buffer, i: number, depth: number): number {
  const c = b[i]!;
  switch (c) {
    case QUOTE:
      return str(b, i);
    case LBRACE:
      return skipObject(b, i, depth + 1);
    case LBRACKET:
      return skipArray(b, i, depth + 1);
    case 0x74:
      return literal(b, i, TRUE);
    case 0x66:
      return literal(b, i, FALSE);
    case 0x6e:
      return literal(b, i, NULL);
    default:
      if (c === MINUS || isDigit(c)) return num(b, i);
      throw new Broken(i, 'an unexpected character where a value should be');
  }
}

/** After a member's key: the index of its value (past the colon). */
function colon(b: Buffer, i: number): number {
  i = ws(b, i);
  if (b[i] !== COLON) throw new Broken(i, "a missing ':'");
  return ws(b, i + 1);
}

/** After a member's value: the index of the next key, or -1 - (index after '}') at the end. */
function nextMember(b: Buffer, i: number): number {
  i = ws(b, i);
  const c = b[i];
  if (c === COMMA) {
    i = ws(b, i + 1);
    if (b[i] !== QUOTE) throw new Broken(i, 'a missing property name');
    return i;
  }
  if (c === RBRACE) return -1 - (i + 1);
  throw new Broken(i, "a missing ',' or '}'");
}

/** The index of the first key of the object opening at i, or -1 - (index after '}') when empty. */
function firstMember(b: Buffer, i: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new Broken(i, 'nesting too deep');
  i = ws(b, i + 1);
  if (b[i] === RBRACE) return -1 - (i + 1);
  if (b[i] !== QUOTE) throw new Broken(i, 'a missing property name');
  return i;
}

function skipObject(b: Buffer, i: number, depth: number): number {
  for (i = firstMember(b, i, depth); i >= 0; i = nextMember(b, i)) {
    i = colon(b, str(b, i));
    i = skipValue(b, i, depth);
  }
  return -1 - i;
}

function skipArray(b: Buffer, i: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new Broken(i, 'nesting too deep');
  i = ws(b, i + 1);
  if (b[i] === RBRACKET) return i + 1;
  for (;;) {
    i = ws(b, skipValue(b, i, depth));
    const c = b[i];
    if (c === RBRACKET) return i + 1;
    if (c !== COMMA) throw new Broken(i, "a missing ',' or ']'");
    i = ws(b, i + 1);
  }
}

/** Whether the key string spanning [start, end) (quotes included) is `key`. */
function keyIs(b: Buffer, start: number, end: number, key: Uint8Array): boolean {
  if (lastStringEscaped) return decodeStr(b, start, end, true) === Buffer.from(key).toString('latin1');
  if (end - start - 2 !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[start + 1 + k] !== key[k]) return false;
  return true;
}

// The comment being read. Module state, reset per comment, so reading allocates only the message.
let cOffset = Number.NaN;
let cSawOffset = false;
let cDisplayName = '';
// The login is decoded only when the display name is empty (rare), so kept as a span.
let cNameStart = -1;
let cNameEnd = -1;
let cNameEscaped = false;
let cBody: string | null = null;
// Fragments as spans into the window (start/end of the text string, -1 without one), decoded only
// when needed: emote names always, all texts only when the body is missing.
let fragmentCount = 0;
const fragStart: number[] = [];
const fragEnd: number[] = [];
const fragEscaped: boolean[] = [];
const fragEmote: boolean[] = [];

function readOffset(b: Buffer, i: number): number {
  const c = b[i]!;
  cSawOffset = true;
  if (c === MINUS || isDigit(c)) {
    i = num(b, i);
    cOffset = lastNumber;
    return i;
  }
  if (c === QUOTE) {
    const end = str(b, i);
    const text = decodeStr(b, i, end, lastStringEscaped);
    cOffset = text.trim() !== '' ? Number(text) : Number.NaN;
    return end;
  }
  cOffset = Number.NaN;
  return skipValue(b, i, 1);
}

/** A string member's value, or '' when it is not a string (as commentToMessage's nonEmpty). */
let lastText = '';
function readText(b: Buffer, i: number, depth: number): number {
  if (b[i] !== QUOTE) {
    lastText = '';
    return skipValue(b, i, depth);
  }
  const end = str(b, i);
  lastText = decodeStr(b, i, end, lastStringEscaped);
  return end;
}

function readCommenter(b: Buffer, i: number): number {
  cDisplayName = '';
  cNameStart = -1;
  if (b[i] !== LBRACE) return skipValue(b, i, 1);
  for (i = firstMember(b, i, 2); i >= 0; i = nextMember(b, i)) {
    const key = i;
    const end = str(b, i);
    i = colon(b, end);
    if (keyIs(b, key, end, K_DISPLAY_NAME)) {
      i = readText(b, i, 2);
      cDisplayName = lastText;
    } else if (keyIs(b, key, end, K_NAME)) {
      if (b[i] === QUOTE) {
        cNameStart = i;
        i = str(b, i);
        cNameEnd = i;
        cNameEscaped = lastStringEscaped;
      } else {
        cNameStart = -1;
        i = skipValue(b, i, 2);
      }
    } else {
      i = skipValue(b, i, 2);
    }
  }
  return -1 - i;
}

function readFragment(b: Buffer, i: number): number {
  const f = fragmentCount++;
  fragStart[f] = -1;
  fragEnd[f] = -1;
  fragEscaped[f] = false;
  fragEmote[f] = false;
  for (i = firstMember(b, i, 4); i >= 0; i = nextMember(b, i)) {
    const key = i;
    const end = str(b, i);
    i = colon(b, end);
    if (keyIs(b, key, end, K_TEXT)) {
      if (b[i] === QUOTE) {
        fragStart[f] = i;
        i = str(b, i);
        fragEnd[f] = i;
        fragEscaped[f] = lastStringEscaped;
      } else {
        fragStart[f] = -1;
        i = skipValue(b, i, 4);
      }
    } else if (keyIs(b, key, end, K_EMOTICON)) {
      fragEmote[f] = b[i] === LBRACE;
      i = skipValue(b, i, 4);
    } else {
      i = skipValue(b, i, 4);
    }
  }
  return -1 - i;
}

function readFragments(b: Buffer, i: number): number {
  fragmentCount = 0;
  if (b[i] !== LBRACKET) return skipValue(b, i, 2);
  i = ws(b, i + 1);
  if (b[i] === RBRACKET) return i + 1;
  for (;;) {
    i = b[i] === LBRACE ? readFragment(b, i) : skipValue(b, i, 3);
    i = ws(b, i);
    const c = b[i];
    if (c === RBRACKET) return i + 1;
    if (c !== COMMA) throw new Broken(i, "a missing ',' or ']'");
    i = ws(b, i + 1);
  }
}

function readMessage(b: Buffer, i: number): number {
  cBody = null;
  fragmentCount = 0;
  if (b[i] !== LBRACE) return skipValue(b, i, 1);
  for (i = firstMember(b, i, 2); i >= 0; i = nextMember(b, i)) {
    const key = i;
    const end = str(b, i);
    i = colon(b, end);
    if (keyIs(b, key, end, K_BODY)) {
      if (b[i] === QUOTE) {
        const bodyEnd = str(b, i);
        cBody = decodeStr(b, i, bodyEnd, lastStringEscaped);
        i = bodyEnd;
      } else {
        cBody = null;
        i = skipValue(b, i, 2);
      }
    } else if (keyIs(b, key, end, K_FRAGMENTS)) {
      i = readFragments(b, i);
    } else {
      i = skipValue(b, i, 2);
    }
  }
  return -1 - i;
}

/** Reads the comment object opening at i into the c* variables. */
function readComment(b: Buffer, i: number): number {
  cOffset = Number.NaN;
  cSawOffset = false;
  cDisplayName = '';
  cNameStart = -1;
  cBody = null;
  fragmentCount = 0;
  for (i = firstMember(b, i, 1); i >= 0; i = nextMember(b, i)) {
    const key = i;
    const end = str(b, i);
    i = colon(b, end);
    if (keyIs(b, key, end, K_OFFSET)) i = readOffset(b, i);
    else if (keyIs(b, key, end, K_COMMENTER)) i = readCommenter(b, i);
    else if (keyIs(b, key, end, K_MESSAGE)) i = readMessage(b, i);
    else i = skipValue(b, i, 1);
  }
  return -1 - i;
}

/** The message of the comment just read (its fragment spans point into `b`). */
function commentMessage(b: Buffer, startSec: number): ChatMessage {
  const emotes: string[] = [];
  let fragmentText = '';
  for (let f = 0; f < fragmentCount; f++) {
    const start = fragStart[f]!;
    const emote = fragEmote[f]!;
    if (start < 0 || (!emote && cBody !== null)) continue;
    const text = decodeStr(b, start, fragEnd[f]!, fragEscaped[f]!);
    if (cBody === null) fragmentText += text;
    if (emote) {
      const name = text.trim();
      if (name !== '') emotes.push(name);
    }
  }
  const author = cDisplayName || (cNameStart < 0 ? '' : decodeStr(b, cNameStart, cNameEnd, cNameEscaped));
  return { offsetSec: cOffset - startSec, author, text: cBody ?? fragmentText, emotes };
}

// ---------------------------------------------------------------------------------------------
// The document: a root object read member by member. `comments` elements are read one at a time,
// other big members are skipped by a byte-level state machine that keeps nothing.

type Phase =
  | 'start'
  | 'rootMember'
  | 'rootAfterValue'
  | 'skipping'
  | 'comments'
  | 'commentsAfterElement'
  | 'resync'
  | 'end';

/** Root keys TwitchDownloader writes after comments: how a resync recognises the end of the list. */
const KEYS_AFTER_COMMENTS = /^\s*,\s*"(embeddedData|emotes|video|streamer|FileInfo)"\s*:/;

class TwitchDownloaderReader {
  /** Bytes not consumed yet; window[0] is byte `base` of the input. */
  private window: Buffer = Buffer.alloc(0);
  private base = 0;
  private pos = 0;
  /** Start of the unit being read: where reading resumes when the window ran out inside it. */
  private mark = 0;
  private phase: Phase = 'start';
  private startSec = 0;
  private seenComments = false;
  private items = 0;
  private good = 0;
  private broken = 0;
  private firstBroken: { at: number; what: string } | null = null;
  /** Where the current resync began (absolute), to bound how far it may look. */
  private resyncFrom = 0;
  // Streaming skip of a big root member: the closers expected, and string state.
  private skipStack: number[] = [];
  private skipInString = false;
  private skipEscape = 0;
  private batch: ChatMessage[] = [];
  readonly ready: ChatMessage[][] = [];

  constructor(private readonly ctx: ChatParseContext) {}

  write(chunk: Buffer): void {
    this.window = this.pos < this.window.length ? Buffer.concat([this.window.subarray(this.pos), chunk]) : chunk;
    this.base += this.pos;
    this.pos = 0;
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (this.batch.length > 0) this.ready.push(this.batch);
    this.batch = [];
    if (this.phase !== 'end') {
      throw new ChatSyntaxError('the JSON ends early', { byteOffset: this.base + this.window.length, truncated: true });
    }
    if (!this.seenComments) {
      throw new ChatSyntaxError('it is JSON but has no "comments" list, so it is not a TwitchDownloader chat', {
        byteOffset: null,
      });
    }
  }

  private fail(at: number, what: string): ChatSyntaxError {
    return new ChatSyntaxError(`the JSON is broken (${what})`, { byteOffset: this.base + at });
  }

  private run(final: boolean): void {
    try {
      for (;;) {
        this.mark = this.pos;
        if (!this.step(final)) return;
      }
    } catch (error) {
      if (error === NEED_MORE) {
        const mark = this.mark;
        this.pos = mark;
        const pending = this.window.length - mark;
        if (final) {
          if (this.phase === 'resync') throw this.unrecovered();
          throw new ChatSyntaxError('the JSON ends early', { byteOffset: this.base + this.window.length, truncated: true });
        }
        if (pending > MAX_COMMENT_BYTES && this.phase !== 'resync') {
          throw new ChatSyntaxError(
            `a single item is larger than ${MAX_COMMENT_BYTES / 2 ** 20} MB, which no chat message is`,
            { byteOffset: this.base + mark },
          );
        }
        return;
      }
      if (error instanceof Broken) throw this.fail(error.at, error.what);
      throw error;
    }
  }

  /** Does one unit of work; false when the window holds nothing more to do. */
  private step(final: boolean): boolean {
    const b = this.window;
    switch (this.phase) {
      case 'start': {
        let i = this.pos;
        if (this.base === 0 && b.length < 3 && !final) throw NEED_MORE;
        if (this.base === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
        i = ws(b, i);
        if (b[i] !== LBRACE) throw new Broken(i, 'it does not start with an object');
        i = ws(b, i + 1);
        if (b[i] === RBRACE) {
          this.pos = i + 1;
          this.phase = 'end';
        } else {
          this.pos = i;
          this.phase = 'rootMember';
        }
        return true;
      }
      case 'rootMember':
        return this.rootMember(b);
      case 'rootAfterValue': {
        const i = ws(b, this.pos);
        if (b[i] === COMMA) {
          this.pos = ws(b, i + 1);
          this.phase = 'rootMember';
        } else if (b[i] === RBRACE) {
          this.pos = i + 1;
          this.phase = 'end';
        } else {
          throw new Broken(i, "a missing ',' or '}'");
        }
        return true;
      }
      case 'skipping':
        return this.skipStreaming(b);
      case 'comments':
        return this.comments(b);
      case 'commentsAfterElement': {
        const i = ws(b, this.pos);
        if (b[i] === COMMA) {
          this.pos = i + 1;
          this.phase = 'comments';
        } else if (b[i] === RBRACKET) {
          this.pos = i + 1;
          this.phase = 'rootAfterValue';
        } else {
          throw new Broken(i, "a missing ',' or ']' between comments");
        }
        return true;
      }
      case 'resync':
        return this.resync(b, final);
      case 'end': {
        if (this.pos >= b.length) return false;
        const i = this.pos;
        if (!isWs(b[i]!)) throw new Broken(i, 'data after the end of the JSON document');
        this.pos = i + 1;
        while (this.pos < b.length && isWs(b[this.pos]!)) this.pos++;
        return true;
      }
    }
  }

  private rootMember(b: Buffer): boolean {
    let i = this.pos;
    if (b[i] !== QUOTE) throw new Broken(i, 'a missing property name');
    const end = str(b, i);
    const key = decodeStr(b, i, end, lastStringEscaped);
    i = colon(b, end);
    const c = b[i]!;
    if (key === 'comments' && c === LBRACKET) {
      this.seenComments = true;
      const first = ws(b, i + 1);
      if (b[first] === RBRACKET) {
        this.pos = first + 1;
        this.phase = 'rootAfterValue';
      } else {
        this.pos = first;
        this.phase = 'comments';
      }
    } else if (key === 'video' && c === LBRACE) {
      const valueEnd = skipValue(b, i, 0);
      const video = JSON.parse(b.toString('utf8', i, valueEnd)) as JsonRecord;
      if (typeof video.start === 'number' && video.start > 0) this.startSec = video.start;
      this.pos = valueEnd;
      this.phase = 'rootAfterValue';
    } else if (c === LBRACE || c === LBRACKET) {
      this.skipStack = [c === LBRACE ? RBRACE : RBRACKET];
      this.skipInString = false;
      this.skipEscape = 0;
      this.pos = i + 1;
      this.phase = 'skipping';
    } else {
      this.pos = skipValue(b, i, 0);
      this.phase = 'rootAfterValue';
    }
    return true;
  }

  /** Steps over a root member of any size, keeping only the brackets still open. */
  private skipStreaming(b: Buffer): boolean {
    const n = b.length;
    const stack = this.skipStack;
    let i = this.pos;
    while (i < n) {
      const c = b[i]!;
      if (this.skipInString) {
        if (this.skipEscape > 0) {
          this.skipEscape--;
        } else if (c === BACKSLASH) {
          this.skipEscape = 1;
        } else if (c === QUOTE) {
          this.skipInString = false;
        } else if (c < 0x20) {
          throw new Broken(i, 'a control character inside a string');
        }
        i++;
        continue;
      }
      if (c === QUOTE) {
        this.skipInString = true;
      } else if (c === LBRACE || c === LBRACKET) {
        if (stack.length >= MAX_DEPTH) throw new Broken(i, 'nesting too deep');
        stack.push(c === LBRACE ? RBRACE : RBRACKET);
      } else if (c === RBRACE || c === RBRACKET) {
        if (stack.pop() !== c) throw new Broken(i, 'a bracket that does not match');
        if (stack.length === 0) {
          this.pos = i + 1;
          this.phase = 'rootAfterValue';
          return true;
        }
      }
      i++;
    }
    this.pos = i;
    return false;
  }

  /** Reads comments until the window runs out or the list ends. */
  private comments(b: Buffer): boolean {
    for (;;) {
      this.mark = this.pos;
      const i = ws(b, this.pos);
      const c = b[i]!;
      if (c !== LBRACE) {
        // Not an object (a number, null…): valid JSON but not a comment.
        if (c === RBRACKET || c === COMMA) throw new Broken(i, 'a missing comment between commas');
        this.pos = skipValue(b, i, 2);
        this.items++;
        this.good++;
        this.ctx.skip('an item of the comment list is not an object');
      } else {
        let end: number;
        try {
          end = readComment(b, i);
        } catch (error) {
          if (error instanceof Broken) return this.damaged(error);
          throw error;
        }
        this.pos = end;
        this.accept(b);
      }
      this.phase = 'commentsAfterElement';
      // Inline the separator: the common case is `},{` with nothing between.
      const next = this.pos < b.length ? b[this.pos] : -1;
      if (next !== COMMA) return true;
      this.pos++;
      this.phase = 'comments';
    }
  }

  private accept(b: Buffer): void {
    this.items++;
    this.good++;
    this.batch.push(commentMessage(b, this.startSec));
    if (this.batch.length >= this.ctx.batchSize) {
      this.ready.push(this.batch);
      this.batch = [];
    }
  }

  /**
   * A comment whose bytes are broken: counted and skipped, and reading resumes at the next thing
   * that is certainly a comment. Too many broken comments (or none good) refuse the file.
   */
  private damaged(error: Broken): boolean {
    this.items++;
    this.broken++;
    this.firstBroken ??= { at: this.base + error.at, what: error.what };
    if (tooManyBroken(this.broken, this.items, this.good)) {
      throw new ChatSyntaxError(
        `the JSON is broken: ${this.broken} of the first ${this.items} comments are damaged, the first at byte ${this.firstBroken.at.toLocaleString('en-US')} (${this.firstBroken.what})`,
        { byteOffset: this.base + error.at },
      );
    }
    this.ctx.skip('a comment with broken JSON');
    this.resyncFrom = this.base + error.at;
    this.pos = error.at;
    this.phase = 'resync';
    return true;
  }

  private unrecovered(): ChatSyntaxError {
    const first = this.firstBroken!;
    return new ChatSyntaxError(`the JSON is broken (${first.what})`, { byteOffset: first.at });
  }

  /**
   * Looks for where the comment list goes on after a damaged comment: an object after a comma that
   * is a whole valid comment (it has content_offset_seconds, which no part of a comment has), or
   * the end of the list followed by a member TwitchDownloader writes after it, or by the end.
   */
  private resync(b: Buffer, final: boolean): boolean {
    if (this.base + this.pos - this.resyncFrom > MAX_COMMENT_BYTES) throw this.unrecovered();
    for (let i = this.pos; i < b.length; i++) {
      const c = b[i]!;
      if (c === LBRACE) {
        let k = i - 1;
        while (k >= 0 && isWs(b[k]!)) k--;
        if (k < 0 || b[k] !== COMMA) continue;
        let end: number;
        try {
          end = readComment(b, i);
          if (!cSawOffset) continue;
          const after = ws(b, end);
          if (b[after] !== COMMA && b[after] !== RBRACKET) continue;
        } catch (error) {
          if (error === NEED_MORE) {
            this.mark = k;
            throw error;
          }
          if (error instanceof Broken) continue;
          throw error;
        }
        this.pos = end;
        this.accept(b);
        this.phase = 'commentsAfterElement';
        return true;
      }
      if (c === RBRACKET) {
        const ahead = b.toString('latin1', i + 1, Math.min(b.length, i + 65));
        // The list ends here and the document goes on as TwitchDownloader writes it…
        const endsList =
          KEYS_AFTER_COMMENTS.test(ahead) ||
          // …or the list was the last member: only '}' and whitespace follow, up to the end.
          (final && b.length - i < 4096 && /^\s*\}\s*$/.test(b.toString('latin1', i + 1)));
        if (endsList) {
          this.pos = i + 1;
          this.phase = 'rootAfterValue';
          return true;
        }
        if (!final && b.length - i < 65) {
          this.mark = i;
          throw NEED_MORE;
        }
      }
    }
    if (final) throw this.unrecovered();
    // Keep a trailing comma (and what follows it): the next chunk may open the comment after it.
    const comma = b.lastIndexOf(COMMA);
    this.mark = comma >= this.pos ? comma : b.length;
    throw NEED_MORE;
  }
}

async function* parseTwitchDownloader(input: Readable, ctx: ChatParseContext): AsyncIterable<ChatMessage[]> {
  const reader = new TwitchDownloaderReader(ctx);
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    throwIfCancelled(ctx.signal);
    reader.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    while (reader.ready.length > 0) yield reader.ready.shift()!;
  }
  reader.end();
  while (reader.ready.length > 0) yield reader.ready.shift()!;
}

export const twitchDownloaderFormat: ChatFormat = {
  name: 'twitch-downloader-json',
  label: 'TwitchDownloader chat JSON (.json, .json.gz)',
  sniff: sniffTwitchDownloader,
  parse: parseTwitchDownloader,
};
