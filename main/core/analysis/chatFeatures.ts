// Per-second chat features, accumulated while importing (one cheap pass per message) and stored beside
// the import, so detection reads a few small arrays instead of millions of messages.
import type { ChatMessage } from '../chat/message';
import { CLASS_BIT, classifyText, isBotName, isNonReaction, isShortMessage, REACTION_CLASSES, type ReactionClass } from './chatClasses';

export const CHAT_FEATURES_VERSION = 3;

/**
 * A chatter who already wrote within this many seconds is not counted again: a window of this width
 * then sums to (about) the number of distinct people typing in it, so one spammer counts once.
 */
export const CHATTER_WINDOW_SEC = 10;

/** Per second of video (index = floor(offsetSec)); all arrays have the same length. */
export interface ChatFeatures {
  version: number;
  /** Every message. */
  counts: number[];
  /** Crowd messages: without bots, `!commands` and @replies. */
  messages: number[];
  /** Crowd messages whose author was not counted in the previous CHATTER_WINDOW_SEC (distinct chatters). */
  chatters: number[];
  /** Of those distinct-chatter messages, how many show each reaction class. */
  funny: number[];
  hype: number[];
  shock: number[];
  clip: number[];
  /** Distinct-chatter messages that show no class but are short like a reaction (isShortMessage). */
  short: number[];
}

export type FeatureArray = Exclude<keyof ChatFeatures, 'version'>;
export const FEATURE_ARRAYS: readonly FeatureArray[] = ['counts', 'messages', 'chatters', ...REACTION_CLASSES, 'short'];

export interface ChatFeatureAccumulator {
  add(batch: readonly ChatMessage[]): void;
  finish(): ChatFeatures;
}

/** Author hash table size (last second each hash was seen). Collisions merge two people, rarely. */
const AUTHOR_SLOTS = 1 << 18;

/** FNV-1a of a string, folded to the table size. */
function authorSlot(author: string): number {
  let h = 2166136261;
  for (let i = 0; i < author.length; i++) h = Math.imul(h ^ author.charCodeAt(i), 16777619);
  return (h >>> 0) & (AUTHOR_SLOTS - 1);
}

/** A growable per-second counter. */
class SecondCounts {
  data = new Uint32Array(4096);
  length = 0;
  inc(s: number): void {
    if (s >= this.data.length) {
      const grown = new Uint32Array(Math.max(s + 1, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[s]! += 1;
    if (s >= this.length) this.length = s + 1;
  }
  toArray(length: number): number[] {
    const out = new Array<number>(length);
    for (let i = 0; i < length; i++) out[i] = i < this.data.length ? this.data[i]! : 0;
    return out;
  }
}

export function createChatFeatureAccumulator(): ChatFeatureAccumulator {
  const arrays = Object.fromEntries(FEATURE_ARRAYS.map((k) => [k, new SecondCounts()])) as Record<FeatureArray, SecondCounts>;
  const { counts, messages, chatters, short } = arrays;
  const classCounts = REACTION_CLASSES.map((c) => [CLASS_BIT[c], arrays[c]] as const);
  // Second (+1, so 0 means never) each author hash was last counted as a chatter.
  const lastCounted = new Int32Array(AUTHOR_SLOTS);
  return {
    add(batch) {
      for (const m of batch) {
        const s = Math.floor(m.offsetSec);
        if (!(s >= 0 && s < 1e7)) continue; // also NaN; the import already dropped these
        counts.inc(s);
        if (isNonReaction(m.text) || isBotName(m.author)) continue;
        messages.inc(s);
        // Unknown (deleted) authors cannot be told apart: each counts as a chatter.
        if (m.author !== '') {
          const slot = authorSlot(m.author);
          const counted = lastCounted[slot]! - 1;
          if (counted >= 0 && Math.abs(s - counted) < CHATTER_WINDOW_SEC) continue;
          lastCounted[slot] = s + 1;
        }
        chatters.inc(s);
        const bits = classifyText(m.text);
        if (bits !== 0) {
          for (const [bit, array] of classCounts) if (bits & bit) array.inc(s);
        } else if (isShortMessage(m.text)) {
          short.inc(s);
        }
      }
    },
    finish() {
      const length = counts.length;
      const out = { version: CHAT_FEATURES_VERSION } as ChatFeatures;
      for (const k of FEATURE_ARRAYS) out[k] = arrays[k].toArray(length);
      return out;
    },
  };
}

/** Features of messages already in memory (older imports, the CLI, tests). */
export function chatFeaturesOf(messages: readonly ChatMessage[]): ChatFeatures {
  const acc = createChatFeatureAccumulator();
  acc.add(messages);
  return acc.finish();
}

/**
 * Features from bare message times (no authors or words): every message counts as a distinct
 * chatter and shows no class. The detector then works on volume alone.
 */
export function chatFeaturesOfOffsets(offsets: ArrayLike<number>): ChatFeatures {
  const counts = new SecondCounts();
  for (let i = 0; i < offsets.length; i++) {
    const s = Math.floor(offsets[i]!);
    if (s >= 0 && s < 1e7) counts.inc(s);
  }
  const all = counts.toArray(counts.length);
  const zeros = (): number[] => new Array<number>(all.length).fill(0);
  return { version: CHAT_FEATURES_VERSION, counts: all, messages: all, chatters: all, funny: zeros(), hype: zeros(), shock: zeros(), clip: zeros(), short: zeros() };
}

/** Stored features when they are of this version and well formed; null otherwise (recompute them). */
export function parseChatFeatures(data: unknown): ChatFeatures | null {
  if (typeof data !== 'object' || data === null) return null;
  const f = data as Partial<Record<string, unknown>>;
  if (f.version !== CHAT_FEATURES_VERSION || !Array.isArray(f.counts)) return null;
  const length = f.counts.length;
  for (const k of FEATURE_ARRAYS) {
    const a = f[k];
    if (!Array.isArray(a) || a.length !== length) return null;
  }
  return data as ChatFeatures;
}

export type { ReactionClass };
