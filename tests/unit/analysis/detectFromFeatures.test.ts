// The detector on constructed chats with authors and words: what a moment is and what is not.
import { describe, expect, it } from 'vitest';
import { chatFeaturesOf } from '../../../main/core/analysis/chatFeatures';
import { detectFromFeatures } from '../../../main/core/analysis/detectHighlights';
import { DEFAULT_DETECTOR_PARAMS, paramsForSensitivity } from '../../../main/core/analysis/detectorParams';
import type { ChatMessage } from '../../../main/core/chat/message';
import { makeChatWithBursts, seededRandom } from '../../fixtures/chat';

const P = DEFAULT_DETECTOR_PARAMS;
const background = (durationSec: number, seed: number): ChatMessage[] =>
  makeChatWithBursts({ durationSec, baseRatePerSec: 1, bursts: [], seed });

/** `count` messages from `authors` distinct people spread over [atSec, atSec + lengthSec). */
function crowd(atSec: number, lengthSec: number, count: number, authors: number, text: (i: number) => string, seed = 1): ChatMessage[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    offsetSec: atSec + random() * lengthSec,
    author: `fan_${seed}_${i % authors}`,
    text: text(i),
    emotes: [],
  }));
}

const sorted = (messages: ChatMessage[]): ChatMessage[] => [...messages].sort((a, b) => a.offsetSec - b.offsetSec);

describe('detectFromFeatures', () => {
  it('starts the range a reaction delay before the burst, so it covers the moment chat reacted to', () => {
    const burstAt = 900;
    const messages = sorted([...background(1800, 2), ...crowd(burstAt, 10, 80, 80, () => 'PogChamp')]);
    const [top] = detectFromFeatures(chatFeaturesOf(messages), 1800);
    expect(top).toBeDefined();
    expect(top!.peakSec).toBeGreaterThanOrEqual(burstAt - P.windowSec);
    expect(top!.peakSec).toBeLessThanOrEqual(burstAt + 10);
    expect(top!.start).toBeLessThan(burstAt);
    expect(Math.abs(top!.start - (burstAt - P.reactionDelaySec))).toBeLessThanOrEqual(P.windowSec);
    expect(top!.end - top!.start).toBeGreaterThanOrEqual(P.minLengthSec);
    expect(top!.end - top!.start).toBeLessThanOrEqual(P.maxLengthSec);
  });

  it('is not moved by bots, commands or replies, and counts one spammer as one chatter', () => {
    const base = [...background(1800, 3), ...crowd(1500, 10, 50, 50, () => 'LUL', 6)];
    const bots = Array.from({ length: 60 }, (_, i) => ({ offsetSec: 800 + i * 0.15, author: 'Nightbot', text: 'Follow the channel! PogChamp', emotes: [] }));
    const commands = crowd(1200, 10, 80, 80, (i) => (i % 2 ? '!points' : '@streamer hi PogChamp'), 5);
    const spam = crowd(400, 9, 120, 1, () => 'KEKW KEKW KEKW', 4); // one person, 120 lines in 9 s
    const detect = (messages: ChatMessage[]) => detectFromFeatures(chatFeaturesOf(sorted(messages)), 1800);
    const clean = detect(base);
    expect(Math.abs(clean[0]!.peakSec - 1500)).toBeLessThanOrEqual(10);
    expect(detect([...base, ...bots, ...commands])).toEqual(clean);
    // 120 lines from one person weigh what their first line does (the evidence still counts the lines).
    const ranges = (messages: ChatMessage[]) => detect(messages).map(({ start, end, score, peakSec, tags }) => ({ start, end, score, peakSec, tags }));
    expect(ranges([...base, ...spam])).toEqual(ranges([...base, sorted(spam)[0]!]));
    // …whereas the same lines from 120 people are a moment.
    const many = detect([...base, ...crowd(400, 9, 120, 120, () => 'KEKW KEKW KEKW', 4)]);
    expect(many.some((r) => Math.abs(r.peakSec - 400) <= 10)).toBe(true);
  });

  it('ranks a burst of reactions above an equally large burst of talk', () => {
    const messages = sorted([
      ...background(1800, 7),
      ...crowd(500, 10, 40, 40, (i) => `so what do you think about item ${i}`, 8),
      ...crowd(1300, 10, 40, 40, () => 'OMEGALUL', 9),
    ]);
    const found = detectFromFeatures(chatFeaturesOf(messages), 1800, paramsForSensitivity(1));
    expect(Math.abs(found[0]!.peakSec - 1300)).toBeLessThanOrEqual(10);
  });

  it('ranks a burst of short shouts it has no word for above an equally large burst of talk, below known reactions', () => {
    const messages = sorted([
      ...background(2400, 16),
      ...crowd(500, 10, 40, 40, (i) => `so what do you think about item ${i}`, 17),
      ...crowd(1200, 10, 40, 40, (i) => (i % 2 ? '322' : 'SHAME SHAME'), 18),
      ...crowd(1900, 10, 40, 40, () => 'OMEGALUL', 19),
    ]);
    const found = detectFromFeatures(chatFeaturesOf(messages), 2400, paramsForSensitivity(1));
    const rank = (at: number) => found.findIndex((r) => Math.abs(r.peakSec - at) <= 10);
    expect(rank(1900)).toBe(0);
    expect(rank(1200)).toBe(1);
    expect(rank(500)).toBeGreaterThan(1);
  });

  it('tags each proposal with the reaction classes its chatters showed', () => {
    const messages = sorted([
      ...background(2400, 11),
      ...crowd(300, 10, 60, 60, (i) => (i % 3 ? 'KEKW' : 'LMAO'), 12),
      ...crowd(900, 10, 60, 60, () => 'PogChamp', 13),
      ...crowd(1500, 10, 60, 60, (i) => (i % 2 ? 'monkaS' : 'no way'), 14),
      ...crowd(2100, 10, 60, 60, (i) => (i % 2 ? 'clip it' : 'CLIP THAT PogChamp'), 15),
    ]);
    const found = detectFromFeatures(chatFeaturesOf(messages), 2400);
    const near = (at: number) => found.find((r) => Math.abs(r.peakSec - at) <= 10);
    expect(near(300)?.tags).toEqual(['funny']);
    expect(near(900)?.tags).toEqual(['hype']);
    expect(near(1500)?.tags).toEqual(['shock']);
    expect(near(2100)?.tags).toEqual(expect.arrayContaining(['clip-it', 'hype']));
    // The numbers of the evidence are there; emotes and messages come from evidence.ts.
    expect(near(900)?.evidence).toMatchObject({ peakSec: near(900)!.peakSec, topEmotes: [], sampleMessages: [] });
    expect(near(900)!.evidence!.chatters).toBeGreaterThanOrEqual(55);
    expect(near(900)!.evidence!.ratio).toBeGreaterThan(3);
  });

  it('ranks with one list at every sensitivity: raising it only adds proposals', () => {
    const random = seededRandom(17);
    const parts = [background(7200, 16)];
    for (let i = 0; i < 30; i++) parts.push(crowd(100 + i * 230, 8, 5 + Math.floor(random() * 40), 50, () => 'LUL', 100 + i));
    const features = chatFeaturesOf(sorted(parts.flat()));
    let previous = detectFromFeatures(features, 7200, paramsForSensitivity(0));
    for (let s = 0.1; s <= 1.0001; s += 0.1) {
      const next = detectFromFeatures(features, 7200, paramsForSensitivity(s));
      for (const r of previous) expect(next).toContainEqual(r);
      previous = next;
    }
    expect(previous.length).toBeGreaterThan(10);
  });
});
