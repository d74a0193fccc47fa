// Learning from the user's example highlights (learnFromExamples.ts) on generated chats: the examples
// move the delay and the length, the other proposals follow, and none lands on an example.
import { describe, expect, it } from 'vitest';
import { chatFeaturesOf } from '../../../main/core/analysis/chatFeatures';
import { analyseChat, chatTiming, detectFromFeatures } from '../../../main/core/analysis/detectHighlights';
import { paramsForSensitivity } from '../../../main/core/analysis/detectorParams';
import { answeringBurst, detectWithExamples, learnTiming, PRIOR_WEIGHT } from '../../../main/core/analysis/learnFromExamples';
import { generateChat } from './generatedChat';

const P = paramsForSensitivity(1);
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

describe('learning from example highlights', () => {
  // Short spikes: the chat's own estimate is a long delay (25 s); the moments really are 12 s before.
  const chat = generateChat({ durationSec: 2400, rate: 0.8, delaySec: 12, shape: 'spike', peak: 6, seed: 5 });
  const features = chatFeaturesOf(chat.messages);
  const analysis = analyseChat(features, chat.durationSec, P);
  const own = chatTiming(analysis, P);

  it('matches each example to the burst that answered it', () => {
    const m = chat.moments[2]!;
    const peak = answeringBurst(analysis, { start: m, end: m + 20 })!;
    expect(peak).toBeGreaterThanOrEqual(m + 12 - P.windowSec);
    expect(peak).toBeLessThanOrEqual(m + 12 + 2);
    // Nothing answers a stretch of plain talk.
    expect(answeringBurst(analysis, { start: chat.moments[2]! + 60, end: chat.moments[2]! + 80 })).toBeNull();
  });

  it('moves the delay and the length toward what the examples show', () => {
    expect(own.delaySec).toBeGreaterThanOrEqual(20);
    const examples = chat.moments.slice(0, 2).map((m) => ({ start: m, end: m + 30 }));
    const learned = learnTiming(analysis, examples, own, P);
    expect(learned.source).toBe('examples');
    expect(learned.examples.every((e) => e.peakSec !== null)).toBe(true);
    // Two examples at ~12 s and the chat's own estimate (weight PRIOR_WEIGHT): between, nearer the examples.
    const shown = learned.examples.map((e) => e.peakSec! - e.start);
    const expected = (shown[0]! + shown[1]! + PRIOR_WEIGHT * own.delaySec) / (2 + PRIOR_WEIGHT);
    expect(learned.delaySec).toBe(Math.round(expected));
    expect(learned.delaySec).toBeLessThan(own.delaySec - 3);
    expect(learned.lengthSec).toBe(Math.round((30 + 30 + PRIOR_WEIGHT * own.lengthSec) / (2 + PRIOR_WEIGHT)));
  });

  it('an edit that moves a range earlier moves the other proposals with it, and none overlaps the examples', () => {
    const examples = chat.moments.slice(0, 2).map((m) => ({ start: m, end: m + 30 }));
    const before = detectFromFeatures(features, chat.durationSec, P);
    const { ranges, timing } = detectWithExamples(features, chat.durationSec, examples, P);
    expect(ranges.some((r) => examples.some((e) => overlaps(r, e)))).toBe(false);
    for (const e of examples) expect(ranges.some((r) => Math.abs(r.peakSec - e.start) < 40)).toBe(false);
    // The other moments keep their bursts, now starting the learned delay before them: closer to the moment.
    const later = chat.moments.slice(2);
    const hitsOf = (list: typeof ranges) => later.filter((m) => list.some((r) => r.start >= m - 10 && r.start <= m + 5)).length;
    expect(hitsOf(ranges)).toBeGreaterThan(hitsOf(before));
    expect(hitsOf(ranges)).toBeGreaterThanOrEqual(later.length - 1);
    for (const r of ranges) expect(r.start).toBe(Math.max(0, r.peakSec - timing.delaySec));
  });

  it('learns the length alone from an example nobody reacted to, and without examples changes nothing', () => {
    const quiet = { start: chat.moments[3]! + 60, end: chat.moments[3]! + 100 };
    const learned = learnTiming(analysis, [quiet], own, P);
    expect(learned.delaySec).toBe(own.delaySec);
    expect(learned.lengthSec).toBe(Math.round((40 + PRIOR_WEIGHT * own.lengthSec) / (1 + PRIOR_WEIGHT)));
    expect(detectWithExamples(features, chat.durationSec, [], P).ranges).toEqual(detectFromFeatures(features, chat.durationSec, P));
  });
});
