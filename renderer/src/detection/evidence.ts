// What the "Why highlight N" panel says about a proposal, as plain strings. Chat is untrusted input:
// it is only ever rendered as text, and cleaned here of characters that could disguise or reorder what
// the user reads (control and bidirectional-override characters).
import type { Evidence } from '../../../preload/contract';
import { formatCount, formatTime } from '../format';

/** How many sample messages the panel shows ("a few"; the core may send up to 8). */
export const MAX_SAMPLES = 5;
/** Longer chat lines are cut, so one wall of text cannot push the rest out of view. */
export const MAX_SAMPLE_CHARS = 160;

export interface EvidenceView {
  /** "1:23.4": where the chat peaked. */
  peak: string;
  /** "42 messages from 30 chatters". */
  volume: string;
  /** "6.2× the usual rate". */
  rate: string;
  /** "KEKW ×12", most used first; duplicates and blank names left out. */
  emotes: string[];
  /** Cleaned, non-empty, distinct sample messages, at most MAX_SAMPLES. */
  samples: string[];
}

// C0/C1 controls (tabs and newlines become spaces first) and the invisible marks that reorder text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** One chat line as safe display text: no control or direction characters, one line, at most `max` characters. */
export function cleanChatText(text: string, max = MAX_SAMPLE_CHARS): string {
  const flat = text.replace(/[\t\n\r\f\v\u2028\u2029]+/g, ' ').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat); // by code point, so an emoji is never cut in half
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : flat;
}

/** A detector tag as the user reads it: 'clip-it' → 'clip it'. */
export function tagLabel(tag: string): string {
  return cleanChatText(tag.replace(/[-_]+/g, ' '), 32);
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "6.2×" below ten, "14×" above; unknown when the core could not measure a usual rate. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return 'far above the usual rate';
  const shown = ratio < 10 ? (Math.round(ratio * 10) / 10).toFixed(1) : String(Math.round(ratio));
  return `${shown}× the usual rate`;
}

export function describeEvidence(evidence: Evidence): EvidenceView {
  const seenEmotes = new Set<string>();
  const emotes: string[] = [];
  for (const emote of evidence.topEmotes) {
    const name = cleanChatText(emote.name, 40);
    if (!name || seenEmotes.has(name)) continue;
    seenEmotes.add(name);
    emotes.push(`${name} ×${formatCount(emote.count)}`);
  }
  const seenSamples = new Set<string>();
  const samples: string[] = [];
  for (const message of evidence.sampleMessages) {
    const text = cleanChatText(message);
    if (!text || seenSamples.has(text)) continue;
    seenSamples.add(text);
    samples.push(text);
    if (samples.length === MAX_SAMPLES) break;
  }
  return {
    peak: formatTime(evidence.peakSec),
    volume: `${plural(evidence.messages, 'message', 'messages')} from ${plural(evidence.chatters, 'chatter', 'chatters')}`,
    rate: formatRatio(evidence.ratio),
    emotes,
    samples,
  };
}
