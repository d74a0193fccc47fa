// The human-readable half of a proposal's evidence: which emotes drove the reaction and what chat
// actually said. Computed at detect time from the few hundred messages of each final proposal only.
import type { Evidence } from '../../../preload/contract';
import type { ChatMessage } from '../chat/message';
import { classifyText, isBotName, isNonReaction } from './chatClasses';

const TOP_EMOTES = 5;
const SAMPLE_MESSAGES = 5;
const MAX_SAMPLE_CHARS = 300;

/** A message's words with runs of the same word collapsed ("LUL LUL LUL" is "LUL"). */
function collapsedWords(text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.filter((w, i) => i === 0 || w !== words[i - 1]);
}

/**
 * Emotes are what the chat format marked as emotes, plus words that name a reaction (KEKW, Pog,
 * monkaS…: formats without emote data still get them). Each counts once per message.
 */
function emotesOf(m: ChatMessage): Set<string> {
  const found = new Set(m.emotes);
  for (const word of collapsedWords(m.text)) if (word.length <= 25 && classifyText(word) !== 0) found.add(word);
  return found;
}

/**
 * Fills topEmotes, sampleMessages and the message/chatter counts of `base` from the reaction's
 * messages. Bots, commands and replies are left out, like in the features.
 */
export function withChatEvidence(base: Evidence, messages: readonly ChatMessage[]): Evidence {
  const crowd = messages.filter((m) => !isNonReaction(m.text) && !isBotName(m.author));
  const emoteCounts = new Map<string, number>();
  const texts = new Map<string, { text: string; count: number; authors: Set<string> }>();
  const authors = new Set<string>();
  for (const m of crowd) {
    authors.add(m.author);
    for (const e of emotesOf(m)) emoteCounts.set(e, (emoteCounts.get(e) ?? 0) + 1);
    const words = collapsedWords(m.text);
    if (words.length === 0) continue;
    const key = words.join(' ').toLowerCase();
    const entry = texts.get(key) ?? { text: words.join(' ').slice(0, MAX_SAMPLE_CHARS), count: 0, authors: new Set<string>() };
    entry.count++;
    entry.authors.add(m.author);
    texts.set(key, entry);
  }
  const topEmotes = [...emoteCounts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_EMOTES)
    .map(([name, count]) => ({ name, count }));
  // Most people saying the same thing first; then the order chat said them (Map keeps insertion).
  const sampleMessages = [...texts.values()]
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => b.authors.size - a.authors.size || a.i - b.i)
    .slice(0, SAMPLE_MESSAGES)
    .map((e) => e.text);
  return {
    ...base,
    messages: crowd.length,
    // Deleted accounts ('') cannot be told apart; each of their messages counts as one person.
    chatters: authors.size - (authors.has('') ? 1 : 0) + crowd.filter((m) => m.author === '').length,
    topEmotes,
    sampleMessages,
  };
}
