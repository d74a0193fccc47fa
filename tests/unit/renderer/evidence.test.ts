import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../preload/contract';
import {
  cleanChatText,
  describeEvidence,
  formatRatio,
  MAX_SAMPLE_CHARS,
  MAX_SAMPLES,
  tagLabel,
} from '../../../renderer/src/detection/evidence';

function evidence(extra: Partial<Evidence> = {}): Evidence {
  return {
    peakSec: 83.44,
    messages: 42,
    chatters: 30,
    ratio: 6.24,
    topEmotes: [
      { name: 'KEKW', count: 12 },
      { name: 'LUL', count: 1234 },
    ],
    sampleMessages: ['KEKW KEKW', 'no way'],
    ...extra,
  };
}

describe('describeEvidence', () => {
  it('says when the chat peaked, how much, how fast, and with which emotes', () => {
    expect(describeEvidence(evidence())).toEqual({
      peak: '1:23.4',
      volume: '42 messages from 30 chatters',
      rate: '6.2× the usual rate',
      emotes: ['KEKW ×12', 'LUL ×1,234'],
      samples: ['KEKW KEKW', 'no way'],
    });
  });

  it('uses the singular for one message and one chatter', () => {
    expect(describeEvidence(evidence({ messages: 1, chatters: 1 })).volume).toBe('1 message from 1 chatter');
  });

  it('keeps a few distinct, non-blank samples in the core’s order', () => {
    const samples = ['a', '  ', 'b', 'a', 'b ', 'c', 'd', 'e', 'f', 'g'];
    expect(describeEvidence(evidence({ sampleMessages: samples })).samples).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(MAX_SAMPLES).toBe(5);
  });

  it('leaves out blank and repeated emote names', () => {
    const topEmotes = [
      { name: 'Pog', count: 3 },
      { name: '\u200b', count: 2 },
      { name: 'Pog', count: 1 },
    ];
    expect(describeEvidence(evidence({ topEmotes })).emotes).toEqual(['Pog ×3']);
  });

  it('keeps markup as literal text (it is rendered as text, never parsed)', () => {
    const view = describeEvidence(evidence({ sampleMessages: ['<img src=x onerror=alert(1)>'] }));
    expect(view.samples).toEqual(['<img src=x onerror=alert(1)>']);
  });
});

describe('formatRatio', () => {
  it.each([
    [6.24, '6.2× the usual rate'],
    [1, '1.0× the usual rate'],
    [9.96, '10.0× the usual rate'],
    [14.4, '14× the usual rate'],
    [0, 'far above the usual rate'],
    [Number.POSITIVE_INFINITY, 'far above the usual rate'],
    [Number.NaN, 'far above the usual rate'],
  ])('%s -> %s', (ratio, text) => {
    expect(formatRatio(ratio)).toBe(text);
  });
});

describe('cleanChatText', () => {
  it('puts a message on one line and collapses its spaces', () => {
    expect(cleanChatText('  hello\n\tchat \r\n  o7  ')).toBe('hello chat o7');
  });

  it('drops control and direction-override characters that could disguise text', () => {
    expect(cleanChatText('a\u0000b\u0007c\u202egnp.exe\u202c\u2066d\u2069\u200be\ufeff')).toBe('abcgnp.exede');
  });

  it('cuts long lines with an ellipsis, never in the middle of an emoji', () => {
    const long = '😂'.repeat(MAX_SAMPLE_CHARS + 10);
    const cut = cleanChatText(long);
    expect(Array.from(cut)).toHaveLength(MAX_SAMPLE_CHARS);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.slice(0, -1)).toBe('😂'.repeat(MAX_SAMPLE_CHARS - 1));
    expect(cleanChatText('x'.repeat(MAX_SAMPLE_CHARS))).toBe('x'.repeat(MAX_SAMPLE_CHARS));
  });
});

describe('tagLabel', () => {
  it.each([
    ['clip-it', 'clip it'],
    ['funny', 'funny'],
    ['big_hype', 'big hype'],
  ])('%s -> %s', (tag, label) => {
    expect(tagLabel(tag)).toBe(label);
  });
});
