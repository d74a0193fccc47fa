// The chat's own reaction timing (reactionTiming.ts) on generated whole-second chats: moments at known
// times, chat reacting a known delay later with a known burst shape.
import { describe, expect, it } from 'vitest';
import { chatFeaturesOf } from '../../../main/core/analysis/chatFeatures';
import { analyseChat, chatTiming, detectFromFeatures } from '../../../main/core/analysis/detectHighlights';
import { DEFAULT_DETECTOR_PARAMS, paramsForSensitivity } from '../../../main/core/analysis/detectorParams';
import { burstWidth, delayForWidth, estimateTiming, MIN_SHAPE_BURSTS } from '../../../main/core/analysis/reactionTiming';
import type { ChatMessage } from '../../../main/core/chat/message';
import { generateChat, type GeneratedChat } from './generatedChat';

const P = DEFAULT_DETECTOR_PARAMS;
/** Whether a range start hits a moment the way the metric counts it (start in [moment − 10, moment + 15]). */
const hits = (start: number, moment: number): boolean => start >= moment - 10 && start <= moment + 15;

describe('the chat’s reaction timing', () => {
  it('measures a burst’s width at a quarter of its height', () => {
    const signal = new Float64Array(400).fill(2);
    for (const peak of [100, 250]) [4, 8, 10, 9, 6, 4, 3].forEach((v, k) => (signal[peak + k] = 2 + v));
    // Above a quarter of the top (2 + 10/4 = 4.5 once smoothed over 3 s): 100…105, about 6 s.
    const width = burstWidth(signal, [100, 250])!;
    expect(width).toBeGreaterThanOrEqual(4);
    expect(width).toBeLessThanOrEqual(7);
    expect(burstWidth(new Float64Array(400), [100])).toBeNull();
    expect(burstWidth(signal, [])).toBeNull();
  });

  it('maps wide bursts to short delays, within the bounds', () => {
    expect(delayForWidth(0, P)).toBe(P.maxDelaySec);
    expect(delayForWidth(100, P)).toBe(P.minDelaySec);
    expect(delayForWidth(20, P)).toBeLessThan(delayForWidth(10, P));
  });

  it('keeps the prior delay when there are too few bursts to measure', () => {
    const t = estimateTiming(new Float64Array(100), [10, 50].slice(0, MIN_SHAPE_BURSTS - 3), P);
    expect(t).toMatchObject({ delaySec: P.reactionDelaySec, lengthSec: P.baseLengthSec, source: 'prior' });
    expect(estimateTiming(new Float64Array(100), [1, 2, 3, 4, 5, 6], { ...P, adaptiveTiming: false }).source).toBe('prior');
  });

  it.each([
    { what: 'a long delay from a chat of short spikes', chat: { rate: 0.7, delaySec: 25, shape: 'spike', peak: 6 }, delay: [22, Infinity] },
    { what: 'a short delay from a chat whose reactions swell and linger', chat: { rate: 3, delaySec: 9, shape: 'swell', peak: 6, seed: 2 }, delay: [-Infinity, 14] },
  ] as const)('recovers $what and starts each range at its moment', ({ chat: opts, delay }) => {
    const chat = generateChat({ durationSec: 2400, ...opts });
    const features = chatFeaturesOf(chat.messages);
    const timing = chatTiming(analyseChat(features, chat.durationSec, P), P);
    expect(timing.source).toBe('chat');
    expect(timing.delaySec).toBeGreaterThanOrEqual(delay[0]);
    expect(timing.delaySec).toBeLessThanOrEqual(delay[1]);
    const ranges = detectFromFeatures(features, chat.durationSec, paramsForSensitivity(1)).slice(0, chat.moments.length);
    const hit = ranges.filter((r) => chat.moments.some((m) => hits(r.start, m)));
    expect(hit.length).toBeGreaterThanOrEqual(chat.moments.length - 1);
  });

  it('gives the same timing and moments for a chat three times busier', () => {
    for (const shape of ['spike', 'swell'] as const) {
      const quiet = generateChat({ durationSec: 2400, rate: 0.8, delaySec: 20, shape, peak: 5, seed: 3 });
      const busy = generateChat({ durationSec: 2400, rate: 2.4, delaySec: 20, shape, peak: 15, seed: 3 });
      expect(busy.moments).toEqual(quiet.moments);
      const timingOf = (c: GeneratedChat) => chatTiming(analyseChat(chatFeaturesOf(c.messages), c.durationSec, P), P);
      expect(Math.abs(timingOf(busy).delaySec - timingOf(quiet).delaySec)).toBeLessThanOrEqual(3);
      const peaks = (c: GeneratedChat) =>
        detectFromFeatures(chatFeaturesOf(c.messages), c.durationSec, paramsForSensitivity(1))
          .slice(0, c.moments.length)
          .map((r) => r.peakSec)
          .sort((a, b) => a - b);
      const q = peaks(quiet);
      const b = peaks(busy);
      expect(b).toHaveLength(q.length);
      b.forEach((x, i) => expect(Math.abs(x - q[i]!)).toBeLessThanOrEqual(3));
    }
  });

  it('does not look below whole seconds', () => {
    const chat = generateChat({ durationSec: 1800, rate: 1, delaySec: 20, shape: 'spike', peak: 6, seed: 4 });
    const jittered = chat.messages.map((m, i) => ({ ...m, offsetSec: m.offsetSec + ((i * 0.37) % 1) * 0.99 }));
    const detect = (messages: ChatMessage[]) => detectFromFeatures(chatFeaturesOf(messages), chat.durationSec, paramsForSensitivity(1));
    expect(detect(jittered)).toEqual(detect(chat.messages));
  });
});
