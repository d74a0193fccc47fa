// YouTube live chat as yt-dlp writes it (`--sub-langs live_chat`, `*.live_chat.json`): JSON Lines,
// each line one `replayChatItemAction` with `videoOffsetTimeMsec` (string, ms). A live download
// wraps each action the same way with the offset at the top level.
//
// Decisions: text and Super Chat messages are messages (a Super Chat is a viewer reacting, its text
// may be empty); memberships, gifted memberships, stickers and unknown item kinds are counted as
// skipped; tickers, banners, deletions and system notices are not chat and are ignored silently
// (tickers repeat items already in the chat, so counting them would double count).
import type { Readable } from 'node:stream';
import type { ChatMessage } from '../message';
import { brokenLine, IGNORED, mostLinesAre, parseLines, type LineOutcome } from './lineFormat';
import type { ChatFormat, ChatParseContext } from './types';
import { scanYoutubeLine } from './youtubeLineScan';

type JsonRecord = Record<string, unknown>;
const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

const MESSAGE_RENDERERS = ['liveChatTextMessageRenderer', 'liveChatPaidMessageRenderer'] as const;
/** Chat items that are not viewers' words: left out without counting. */
const SYSTEM_RENDERERS = new Set([
  'liveChatViewerEngagementMessageRenderer',
  'liveChatPlaceholderItemRenderer',
  'liveChatModeChangeMessageRenderer',
  'liveChatBannerRenderer',
  'liveChatAutoModMessageRenderer',
  'liveChatModerationMessageRenderer',
]);
const SKIP_REASONS: Record<string, string> = {
  liveChatMembershipItemRenderer: 'membership event',
  liveChatSponsorshipsGiftPurchaseAnnouncementRenderer: 'gifted memberships',
  liveChatSponsorshipsGiftRedemptionAnnouncementRenderer: 'gifted membership received',
  liveChatPaidStickerRenderer: 'paid sticker',
};

/** Text of a `runs` message; emoji runs become their emoji (standard) or :shortcut: (channel emoji). */
export function textFromRuns(message: unknown): { text: string; emotes: string[] } {
  const runs = isRecord(message) && Array.isArray(message.runs) ? message.runs : [];
  let text = '';
  const emotes: string[] = [];
  for (const run of runs) {
    if (!isRecord(run)) continue;
    if (typeof run.text === 'string') {
      text += run.text;
      continue;
    }
    const emoji = run.emoji;
    if (!isRecord(emoji)) continue;
    const shortcut = Array.isArray(emoji.shortcuts) && typeof emoji.shortcuts[0] === 'string' ? emoji.shortcuts[0] : '';
    const id = typeof emoji.emojiId === 'string' ? emoji.emojiId : '';
    const name = emoji.isCustomEmoji === true ? shortcut || id : id || shortcut;
    if (name === '') continue;
    text += name;
    emotes.push(name);
  }
  return { text, emotes };
}

const offsetOf = (v: unknown): number =>
  typeof v === 'string' && v !== '' ? Number(v) : typeof v === 'number' ? v : Number.NaN;

/**
 * One yt-dlp line as its messages, or a note; `skip` counts items left out inside the line. The
 * common line (chat messages only) is read by scanYoutubeLine, about 1.8× as fast; anything else
 * gets the full parse, which gives the same result for the common line too (tests hold them equal).
 */
export function parseYoutubeLine(line: string, skip: (reason: string) => void): LineOutcome {
  const scanned = scanYoutubeLine(line);
  if (scanned === null) return parseYoutubeLineFully(line, skip);
  const offsetSec = offsetOf(scanned.offset) / 1000;
  const messages: ChatMessage[] = [];
  for (const { author, runs } of scanned.messages) {
    const { text, emotes } = textFromRuns({ runs });
    messages.push({ offsetSec, author, text, emotes });
  }
  if (messages.length === 1) return messages[0]!;
  return messages.length > 0 ? messages : IGNORED;
}

/** parseYoutubeLine with JSON.parse of the whole line: any line, the reference for the scanner. */
export function parseYoutubeLineFully(line: string, skip: (reason: string) => void): LineOutcome {
  if (line.charCodeAt(0) !== 123 /* { */) return brokenLine('not a JSON object');
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return brokenLine('invalid JSON');
  }
  if (!isRecord(obj)) return brokenLine('not a JSON object');
  const replay = obj.replayChatItemAction;
  if (!isRecord(replay)) return brokenLine('no "replayChatItemAction"');
  const offsetMs = offsetOf(replay.videoOffsetTimeMsec ?? obj.videoOffsetTimeMsec);
  const actions = Array.isArray(replay.actions) ? replay.actions : [];
  const messages: ChatMessage[] = [];
  for (const action of actions) {
    const add = isRecord(action) ? action.addChatItemAction : null;
    if (!isRecord(add) || !isRecord(add.item)) continue; // tickers, banners, deletions…
    const item = add.item;
    let renderer: JsonRecord | null = null;
    for (const key of MESSAGE_RENDERERS) {
      const r = item[key];
      if (isRecord(r)) renderer = r;
    }
    if (renderer === null) {
      const kind = Object.keys(item)[0] ?? 'empty item';
      if (!SYSTEM_RENDERERS.has(kind)) skip(SKIP_REASONS[kind] ?? `not a chat message (${kind})`);
      continue;
    }
    const { text, emotes } = textFromRuns(renderer.message);
    const name = renderer.authorName;
    const author = isRecord(name) && typeof name.simpleText === 'string' ? name.simpleText : '';
    messages.push({ offsetSec: offsetMs / 1000, author, text, emotes });
  }
  if (messages.length === 1) return messages[0]!;
  return messages.length > 0 ? messages : IGNORED;
}

export function sniffYoutubeLiveChat(head: Buffer): boolean {
  // Lines are JSON objects naming replayChatItemAction near their start; no need to parse them.
  return mostLinesAre(head, (line) => line.startsWith('{') && /^\{[^]{0,300}?"replayChatItemAction"\s*:\s*\{/.test(line));
}

export const youtubeLiveChatFormat: ChatFormat = {
  name: 'youtube-live-chat',
  label: 'YouTube live chat from yt-dlp (.live_chat.json)',
  sniff: sniffYoutubeLiveChat,
  parse: (input: Readable, ctx: ChatParseContext) =>
    parseLines(input, ctx, {
      expected: 'a YouTube live chat file from yt-dlp',
      createLineParser: (skip) => (line) => parseYoutubeLine(line, skip),
    }),
};
