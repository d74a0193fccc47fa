// Reads the common yt-dlp live chat line — addChatItemAction(s) holding a text or paid message
// renderer — without JSON.parse of the whole ~1 KB line. JSON.parse built every thumbnail, menu and
// tracking object only for us to drop them, and was most of the import time. The scanner walks the
// line once: strings are skipped with indexOf, and only the few values a message needs are kept
// (the runs with just the fields textFromRuns reads, so it reads them as it reads parsed ones).
//
// Identical results to the full parse are the rule, so the scanner still checks that the whole line
// is valid JSON (a damaged line must stay broken) and gives up — null, the caller parses fully — on
// anything it does not expect: keys of the path repeated (JSON.parse keeps the last) or escaped,
// an item that is not a message (its skip reason needs the full item), raw control characters,
// deep nesting.

/** The parts of a line its messages are made of, as JSON.parse would give them. */
export interface ScannedLine {
  /** replayChatItemAction.videoOffsetTimeMsec ?? the top-level videoOffsetTimeMsec. */
  offset: unknown;
  /** One per message item, in order: the author's simpleText ('' when absent) and message.runs
   *  (undefined when not an array; each run object reduced to `text` and `emoji`'s emojiId,
   *  shortcuts and isCustomEmoji, the fields textFromRuns reads). */
  messages: { author: string; runs: unknown }[];
}

// What an open container is: an object on the path (its level), another object, or an array.
const SKIP = 0;
const TOP = 1;
const REPLAY = 2;
const ACTION = 3;
const ADD = 4;
const ITEM = 5;
const RENDERER = 6;
const MESSAGE = 7;
const AUTHOR = 8;
const RUN = 9;
const EMOJI = 10;
const ARRAY = 11;
/** replayChatItemAction.actions when it is an array: its objects are actions. */
const ACTIONS = 12;
/** message.runs when it is an array: its objects are runs. */
const RUNS = 13;

// Values kept (JSON.parsed if not a plain string).
const KEEP_NONE = 0;
const KEEP_TOP_OFFSET = 1;
const KEEP_REPLAY_OFFSET = 2;
const KEEP_AUTHOR = 3;
const KEEP_TEXT = 4;
const KEEP_EMOJI_ID = 5;
const KEEP_SHORTCUTS = 6;
const KEEP_CUSTOM = 7;

// Bits of the path keys met in an open object: a repeated one goes to the full parse.
const SEEN_A = 1;
const SEEN_B = 2;
const SEEN_C = 4;
/** In an item: its renderer is an object (it is a message). */
const SEEN_MESSAGE_RENDERER = 8;

// What the scanner expects next.
const VALUE = 0;
const FIRST_VALUE = 1; // value or ]
const KEY = 2;
const FIRST_KEY = 3; // key or }
const AFTER_VALUE = 4; // , or the closer

/** Nesting beyond this is not a chat line; the full parse decides what it is. */
const MAX_DEPTH = 64;

const QUOTE = 34;
const BACKSLASH = 92;

// Raw control characters are invalid inside JSON strings but not (tab, CR) between tokens; rather
// than check each string, such rare lines go to the full parse. So whitespace here is only spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Position of the quote closing the escaped string that starts (after its quote) at p, or -1. */
function escapedStringEnd(s: string, p: number): number {
  for (;;) {
    const c = s.charCodeAt(p);
    if (c === QUOTE) return p;
    if (c === BACKSLASH) {
      const e = s.charCodeAt(p + 1);
      if (e === 117 /* u */) {
        if (!(isHex(s.charCodeAt(p + 2)) && isHex(s.charCodeAt(p + 3)) && isHex(s.charCodeAt(p + 4)) && isHex(s.charCodeAt(p + 5)))) return -1;
        p += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
        p += 2;
      } else {
        return -1;
      }
    } else if (c >= 32) {
      p++;
    } else {
      return -1; // control character, or the end of the line
    }
  }
}

/** Position after the JSON number at p, or -1. */
function numberEnd(s: string, p: number): number {
  if (s.charCodeAt(p) === 45 /* - */) p++;
  const first = s.charCodeAt(p);
  if (first === 48) p++;
  else if (first >= 49 && first <= 57) while (isDigit(s.charCodeAt(++p)));
  else return -1;
  if (s.charCodeAt(p) === 46 /* . */) {
    if (!isDigit(s.charCodeAt(++p))) return -1;
    while (isDigit(s.charCodeAt(++p)));
  }
  const e = s.charCodeAt(p);
  if (e === 101 || e === 69) {
    const sign = s.charCodeAt(++p);
    if (sign === 43 || sign === 45) p++;
    if (!isDigit(s.charCodeAt(p))) return -1;
    while (isDigit(s.charCodeAt(++p)));
  }
  return p;
}

/** Whether s[start…end) is `key`; most keys differ in length or first letter, and a slice compares faster than startsWith. */
const isKey = (s: string, start: number, end: number, key: string): boolean =>
  end - start === key.length && s.charCodeAt(start) === key.charCodeAt(0) && s.slice(start, end) === key;

// The scanner's stack, reused: scanning is synchronous and never re-entered.
const kinds = new Int32Array(MAX_DEPTH + 1);
const seen = new Int32Array(MAX_DEPTH + 1);

/** The messages of a common yt-dlp line, or null when the line needs the full parse. */
export function scanYoutubeLine(s: string): ScannedLine | null {
  if (s.charCodeAt(0) !== 123 || CONTROL.test(s)) return null;
  let backslash = s.indexOf('\\'); // next one at or after the string being read; -1: none left
  let p = 0;
  let depth = 0;
  let state = VALUE;
  let next = TOP; // what the next value is, should it be an object
  let keep = KEEP_NONE; // whether the next value is kept
  let keptKind = KEEP_NONE;
  let keptStart = 0;
  let keptDepth = 0;
  let escaped = false; // whether the last string read had escapes
  let replaySeen = false;
  let topOffset: unknown = undefined;
  let replayOffset: unknown = undefined;
  let author = '';
  // The runs with only what textFromRuns reads (text; emoji's emojiId, shortcuts, isCustomEmoji).
  let runs: Record<string, unknown>[] | undefined;
  let run: Record<string, unknown> = {};
  let emoji: Record<string, unknown> = {};
  const messages: ScannedLine['messages'] = [];

  scan: for (;;) {
    let c = s.charCodeAt(p);
    while (c === 32) c = s.charCodeAt(++p);

    // The usual order is taken without going round the loop: a value's end, a comma, a key, its value.
    ended: {
      if (state === AFTER_VALUE) {
        if (depth === 0) break scan;
        const kind = kinds[depth - 1]!;
        if (c !== 44 /* , */) {
          if (c !== (kind >= ARRAY ? 93 : 125)) return null;
          p++;
          depth--;
          if (kind === ITEM) {
            // An item that is not a message needs its skip reason: the full parse gives it.
            if ((seen[depth]! & SEEN_MESSAGE_RENDERER) === 0) return null;
            messages.push({ author, runs });
          }
          break ended;
        }
        c = s.charCodeAt(++p);
        while (c === 32) c = s.charCodeAt(++p);
        if (kind >= ARRAY) {
          state = VALUE;
          next = kind === ACTIONS ? ACTION : kind === RUNS ? RUN : SKIP;
        } else {
          state = KEY;
        }
      }

      if (state === KEY || state === FIRST_KEY) {
        if (c !== QUOTE) {
          if (c !== 125 || state !== FIRST_KEY) return null;
          p++;
          depth--;
          if (kinds[depth] === ITEM) return null; // an empty item
          break ended;
        }
        const keyStart = p + 1;
        let keyEnd = s.indexOf('"', keyStart);
        if (keyEnd === -1) return null;
        if (backslash !== -1 && backslash < keyStart) backslash = s.indexOf('\\', keyStart);
        const kind = kinds[depth - 1]!;
        if (backslash !== -1 && backslash < keyEnd) {
          if (kind !== SKIP) return null; // an escaped key may spell one we look for
          keyEnd = escapedStringEnd(s, keyStart);
          if (keyEnd === -1) return null;
        }
        p = keyEnd + 1;
        c = s.charCodeAt(p);
        while (c === 32) c = s.charCodeAt(++p);
        if (c !== 58 /* : */) return null;
        c = s.charCodeAt(++p);
        while (c === 32) c = s.charCodeAt(++p);
        state = VALUE;
        next = SKIP;
        if (kind !== SKIP) {
          // Path keys: which object the value is, or that it is kept; once each.
          let bit = 0;
          switch (kind) {
            case TOP:
              if (isKey(s, keyStart, keyEnd, 'replayChatItemAction')) {
                bit = SEEN_A;
                next = REPLAY;
              } else if (isKey(s, keyStart, keyEnd, 'videoOffsetTimeMsec')) {
                bit = SEEN_B;
                keep = KEEP_TOP_OFFSET;
              }
              break;
            case REPLAY:
              if (isKey(s, keyStart, keyEnd, 'actions')) {
                bit = SEEN_A;
                next = ACTIONS;
              } else if (isKey(s, keyStart, keyEnd, 'videoOffsetTimeMsec')) {
                bit = SEEN_B;
                keep = KEEP_REPLAY_OFFSET;
              }
              break;
            case ACTION:
              if (isKey(s, keyStart, keyEnd, 'addChatItemAction')) {
                bit = SEEN_A;
                next = ADD;
              }
              break;
            case ADD:
              if (isKey(s, keyStart, keyEnd, 'item')) {
                bit = SEEN_A;
                next = ITEM;
              }
              break;
            case ITEM:
              // Both kinds in one item, or one twice: which wins is the full parse's business.
              if (isKey(s, keyStart, keyEnd, 'liveChatTextMessageRenderer') || isKey(s, keyStart, keyEnd, 'liveChatPaidMessageRenderer')) {
                bit = SEEN_A;
                next = RENDERER;
              }
              break;
            case RENDERER:
              if (isKey(s, keyStart, keyEnd, 'message')) {
                bit = SEEN_A;
                next = MESSAGE;
              } else if (isKey(s, keyStart, keyEnd, 'authorName')) {
                bit = SEEN_B;
                next = AUTHOR;
              }
              break;
            case MESSAGE:
              if (isKey(s, keyStart, keyEnd, 'runs')) {
                bit = SEEN_A;
                next = RUNS;
              }
              break;
            case RUN:
              if (isKey(s, keyStart, keyEnd, 'text')) {
                bit = SEEN_A;
                keep = KEEP_TEXT;
              } else if (isKey(s, keyStart, keyEnd, 'emoji')) {
                bit = SEEN_B;
                next = EMOJI;
              }
              break;
            case EMOJI:
              if (isKey(s, keyStart, keyEnd, 'emojiId')) {
                bit = SEEN_A;
                keep = KEEP_EMOJI_ID;
              } else if (isKey(s, keyStart, keyEnd, 'shortcuts')) {
                bit = SEEN_B;
                keep = KEEP_SHORTCUTS;
              } else if (isKey(s, keyStart, keyEnd, 'isCustomEmoji')) {
                bit = SEEN_C;
                keep = KEEP_CUSTOM;
              }
              break;
            case AUTHOR:
              if (isKey(s, keyStart, keyEnd, 'simpleText')) {
                bit = SEEN_A;
                keep = KEEP_AUTHOR;
              }
              break;
          }
          if (bit !== 0) {
            if ((seen[depth - 1]! & bit) !== 0) return null;
            seen[depth - 1]! |= bit;
          }
        }
      }

      // A value (state VALUE or FIRST_VALUE).
      if (keep !== KEEP_NONE) {
        keptKind = keep;
        keptStart = p;
        keptDepth = depth;
        keep = KEEP_NONE;
      }
      if (c === 123 /* { */) {
        if (depth === MAX_DEPTH) return null;
        const kind = next >= ARRAY ? SKIP : next;
        if (kind === REPLAY) replaySeen = true;
        else if (kind === ITEM) {
          author = '';
          runs = undefined;
        } else if (kind === RENDERER) {
          seen[depth - 1]! |= SEEN_MESSAGE_RENDERER;
        } else if (kind === RUN) {
          run = {};
          runs?.push(run);
        } else if (kind === EMOJI) {
          emoji = {};
          run.emoji = emoji;
        }
        kinds[depth] = kind;
        seen[depth] = 0;
        depth++;
        p++;
        state = FIRST_KEY;
        continue;
      }
      if (next === REPLAY) return null; // not an object: the full parse calls the line broken
      if (c === 91 /* [ */) {
        if (depth === MAX_DEPTH) return null;
        const kind = next === ACTIONS || next === RUNS ? next : ARRAY;
        if (kind === RUNS) runs = [];
        kinds[depth] = kind;
        depth++;
        p++;
        state = FIRST_VALUE;
        next = kind === ACTIONS ? ACTION : kind === RUNS ? RUN : SKIP;
        continue;
      }
      if (c === 93 /* ] */) {
        if (state !== FIRST_VALUE) return null;
        p++;
        depth--;
      } else if (c === QUOTE) {
        const start = p + 1;
        let end = s.indexOf('"', start);
        if (end === -1) return null;
        if (backslash !== -1 && backslash < start) backslash = s.indexOf('\\', start);
        escaped = backslash !== -1 && backslash < end;
        if (escaped) {
          end = escapedStringEnd(s, start);
          if (end === -1) return null;
        }
        p = end + 1;
      } else if (c === 116 /* t */ || c === 102 /* f */ || c === 110 /* n */) {
        const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
        if (!s.startsWith(word, p)) return null;
        p += word.length;
      } else {
        p = numberEnd(s, p);
        if (p === -1) return null;
      }
  }

    // A value ended here (a scalar, or a container closed): keep it if it was wanted.
    state = AFTER_VALUE;
    if (keptKind !== KEEP_NONE && depth === keptDepth) {
      const value: unknown =
        s.charCodeAt(keptStart) === QUOTE && !escaped ? s.slice(keptStart + 1, p - 1) : JSON.parse(s.slice(keptStart, p));
      if (keptKind === KEEP_TOP_OFFSET) topOffset = value;
      else if (keptKind === KEEP_REPLAY_OFFSET) replayOffset = value;
      else if (keptKind === KEEP_AUTHOR) author = typeof value === 'string' ? value : '';
      else if (keptKind === KEEP_TEXT) run.text = value;
      else if (keptKind === KEEP_EMOJI_ID) emoji.emojiId = value;
      else if (keptKind === KEEP_SHORTCUTS) emoji.shortcuts = value;
      else emoji.isCustomEmoji = value;
      keptKind = KEEP_NONE;
    }
  }
  if (p !== s.length || !replaySeen) return null;
  return { offset: replayOffset ?? topOffset, messages };
}
