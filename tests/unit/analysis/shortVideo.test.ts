// Short videos: a one-minute clip whose chat erupts, and a few-minute clip with several clear bursts,
// get their proposals although there are not minutes of chat for a baseline.
import { describe, expect, it } from 'vitest';
import { chatFeaturesOf } from '../../../main/core/analysis/chatFeatures';
import { detectFromFeatures, SHORT_CHAT_SEC } from '../../../main/core/analysis/detectHighlights';
import { DEFAULT_DETECTOR_PARAMS, paramsForSensitivity } from '../../../main/core/analysis/detectorParams';
import type { ChatMessage } from '../../../main/core/chat/message';
import { seededRandom } from '../../fixtures/chat';

/**
 * `total` whole-second messages over `durationSec` from `authors` people (who write again and again),
 * with `share` of them erupting within `spreadSec` seconds at each of `at`.
 */
function clip(opts: { durationSec: number; total: number; authors: number; at: number[]; share: number; spreadSec: number; seed?: number }): ChatMessage[] {
  const random = seededRandom(opts.seed ?? 1);
  const burst = Math.round((opts.total * opts.share) / opts.at.length);
  const messages: ChatMessage[] = [];
  const author = (): string => `viewer${Math.floor(random() * opts.authors)}`;
  for (let i = 0; i < opts.total - burst * opts.at.length; i++) messages.push({ offsetSec: Math.floor(random() * opts.durationSec), author: author(), text: 'hello chat', emotes: [] });
  for (const t of opts.at) for (let i = 0; i < burst; i++) messages.push({ offsetSec: t + Math.floor(random() * opts.spreadSec), author: author(), text: 'KEKW', emotes: [] });
  return messages.sort((a, b) => a.offsetSec - b.offsetSec);
}

describe('short videos', () => {
  it.each([
    ['many different people', 5000],
    ['the same hundred people again and again', 100],
  ])('proposes the eruption of a 60-second clip (%s)', (_, authors) => {
    const messages = clip({ durationSec: 60, total: 4000, authors, at: [30], share: 0.5, spreadSec: 3 });
    for (const params of [DEFAULT_DETECTOR_PARAMS, paramsForSensitivity(1)]) {
      // As the CLI runs it without a video (the last message + 30 s) and with the clip's real length.
      for (const durationSec of [60, 90]) {
        const ranges = detectFromFeatures(chatFeaturesOf(messages), durationSec, params);
        expect(ranges.length).toBeGreaterThanOrEqual(1);
        const [top] = ranges;
        expect(Math.abs(top!.peakSec - 30)).toBeLessThanOrEqual(DEFAULT_DETECTOR_PARAMS.windowSec);
        expect(top!.start).toBeLessThan(30);
        expect(top!.end).toBeLessThanOrEqual(durationSec);
      }
    }
  });

  it('proposes every obvious burst of a 1–5 minute clip', () => {
    for (const [durationSec, at] of [
      [90, [40]],
      [180, [50, 120]],
      [300, [60, 150, 240]],
    ] as const) {
      for (const authors of [3000, 150]) {
        const messages = clip({ durationSec, total: 30 * durationSec, authors, at: [...at], share: 0.4, spreadSec: 4, seed: durationSec });
        const ranges = detectFromFeatures(chatFeaturesOf(messages), durationSec, DEFAULT_DETECTOR_PARAMS);
        for (const t of at) expect(ranges.some((r) => Math.abs(r.peakSec - t) <= 5), `${durationSec} s clip, burst at ${t}, ${authors} authors`).toBe(true);
        for (let i = 0; i < ranges.length; i++) for (let j = 0; j < i; j++) expect(ranges[i]!.start >= ranges[j]!.end || ranges[j]!.start >= ranges[i]!.end).toBe(true);
      }
    }
  });

  it('leaves long videos to the distinct-chatter reading', () => {
    expect(SHORT_CHAT_SEC).toBeLessThanOrEqual(600);
  });
});
