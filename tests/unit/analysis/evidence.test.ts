import { describe, expect, it } from 'vitest';
import { withChatEvidence } from '../../../main/core/analysis/evidence';
import type { Evidence } from '../../../preload/contract';

const base: Evidence = { peakSec: 10, messages: 0, chatters: 0, ratio: 4, topEmotes: [], sampleMessages: [] };
const m = (author: string, text: string, emotes: string[] = []) => ({ offsetSec: 10, author, text, emotes });

describe('withChatEvidence', () => {
  it('lists the emotes that drove the reaction and the most repeated messages, most first', () => {
    const e = withChatEvidence(base, [
      m('a', 'KEKW KEKW KEKW'),
      m('b', 'KEKW'),
      m('c', 'kekw'),
      m('d', 'OMEGALUL he missed'),
      m('e', 'catJAM', ['catJAM']),
      m('f', 'he actually missed'),
      m('a', 'KEKW'),
      m('Nightbot', 'KEKW follow the channel'),
      m('g', '!clip'),
    ]);
    expect(e.topEmotes[0]).toEqual({ name: 'KEKW', count: 3 });
    expect(e.topEmotes).toEqual(expect.arrayContaining([{ name: 'OMEGALUL', count: 1 }, { name: 'catJAM', count: 1 }]));
    expect(e.sampleMessages[0]).toBe('KEKW');
    expect(e.sampleMessages).toContain('he actually missed');
    expect(e.sampleMessages.join(' ')).not.toMatch(/follow the channel|!clip/);
    expect(e).toMatchObject({ peakSec: 10, ratio: 4, messages: 7, chatters: 6 });
  });

  it('stays within the contract limits', () => {
    const many = Array.from({ length: 500 }, (_, i) => m(`u${i}`, `${'x'.repeat(400)} ${i} Pog${i}`));
    const e = withChatEvidence(base, many);
    expect(e.topEmotes.length).toBeLessThanOrEqual(10);
    expect(e.sampleMessages.length).toBeLessThanOrEqual(8);
    for (const s of e.sampleMessages) expect(s.length).toBeLessThanOrEqual(300);
    expect(withChatEvidence(base, [])).toMatchObject({ messages: 0, chatters: 0, topEmotes: [], sampleMessages: [] });
  });
});
