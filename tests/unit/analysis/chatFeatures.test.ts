import { describe, expect, it } from 'vitest';
import { classifyText, CLASS_BIT, isBotName, isNonReaction, isShortMessage } from '../../../main/core/analysis/chatClasses';
import {
  CHAT_FEATURES_VERSION,
  CHATTER_WINDOW_SEC,
  chatFeaturesOf,
  createChatFeatureAccumulator,
  parseChatFeatures,
} from '../../../main/core/analysis/chatFeatures';
import type { ChatMessage } from '../../../main/core/chat/message';
import { seededRandom } from '../../fixtures/chat';

const msg = (offsetSec: number, author: string, text: string, emotes: string[] = []): ChatMessage => ({ offsetSec, author, text, emotes });

describe('chat classes', () => {
  it('recognises laughter, hype, shock and clip requests as whole words in any case', () => {
    expect(classifyText('KEKW')).toBe(CLASS_BIT.funny);
    expect(classifyText('OMEGALUL that was so bad hahaha')).toBe(CLASS_BIT.funny);
    expect(classifyText('lmaooo')).toBe(CLASS_BIT.funny);
    expect(classifyText('PogChamp POGGERS')).toBe(CLASS_BIT.hype);
    expect(classifyText('monkaS')).toBe(CLASS_BIT.shock);
    expect(classifyText('no way WutFace')).toBe(CLASS_BIT.shock);
    expect(classifyText('someone clip that')).toBe(CLASS_BIT.clip);
    expect(classifyText('CLIP IT LUL')).toBe(CLASS_BIT.clip | CLASS_BIT.funny);
  });

  it('does not see reactions inside other words or in plain talk', () => {
    for (const text of ['what game is this', 'hello from Brazil', 'pologne', 'eclipse', 'nowayhome', 'the towel']) {
      expect(classifyText(text), text).toBe(0);
    }
  });

  it('tells short, reaction-like messages from sentences', () => {
    for (const text of ['322', 'SHAME', 'LUL LUL LUL LUL', 'D:', '  gg  wp ', 'Jebaited Jebaited', 'ez mid']) {
      expect(isShortMessage(text), text).toBe(true);
    }
    for (const text of ['', '   ', 'what build is this', 'thats a throw', 'supercalifragilisticexpialidocious', 'LUL '.repeat(150)]) {
      expect(isShortMessage(text), text).toBe(false);
    }
  });

  it('knows chat bots, commands and replies', () => {
    for (const name of ['Nightbot', 'StreamElements', 'Moobot', 'Fossabot', 'streamlabs', 'SomeChannelBot']) expect(isBotName(name), name).toBe(true);
    for (const name of ['viewer_1', 'Robotnik', '']) expect(isBotName(name), name).toBe(false);
    expect(isNonReaction('!uptime')).toBe(true);
    expect(isNonReaction('@friend lol')).toBe(true);
    expect(isNonReaction('LUL')).toBe(false);
  });
});

describe('chat feature accumulator', () => {
  it('counts messages, crowd messages, distinct chatters and classes per second', () => {
    const acc = createChatFeatureAccumulator();
    acc.add([msg(0.2, 'a', 'hi'), msg(0.9, 'b', 'KEKW'), msg(1.5, 'Nightbot', 'Follow the channel!')]);
    acc.add([msg(2.1, 'c', '!discord'), msg(2.5, 'd', '@a hello'), msg(3, 'a', 'PogChamp'), msg(3.2, '', 'monkaS'), msg(3.3, '', 'clip it')]);
    const f = acc.finish();
    expect(f.version).toBe(CHAT_FEATURES_VERSION);
    expect(f.counts).toEqual([2, 1, 2, 3]);
    expect(f.messages).toEqual([2, 0, 0, 3]);
    // 'a' wrote again within the chatter window: counted once. Unknown authors each count.
    expect(f.chatters).toEqual([2, 0, 0, 2]);
    expect(f.funny).toEqual([1, 0, 0, 0]);
    expect(f.hype).toEqual([0, 0, 0, 0]);
    expect(f.shock).toEqual([0, 0, 0, 1]);
    expect(f.clip).toEqual([0, 0, 0, 1]);
    // 'hi' is short and shows no class; the class messages are not counted again as short.
    expect(f.short).toEqual([1, 0, 0, 0]);
  });

  it('counts one spammer once per chatter window, however much they write', () => {
    const spam = Array.from({ length: 600 }, (_, i) => msg(i * 0.1, 'spammer', 'LUL LUL LUL'));
    const f = chatFeaturesOf(spam);
    expect(f.messages.reduce((a, b) => a + b, 0)).toBe(600);
    expect(f.chatters.reduce((a, b) => a + b, 0)).toBe(Math.ceil(60 / CHATTER_WINDOW_SEC));
  });

  it('gives the same features however the messages are batched', () => {
    const random = seededRandom(3);
    const messages = Array.from({ length: 3000 }, (_, i) => msg(i * 0.2, `u${Math.floor(random() * 50)}`, random() < 0.3 ? 'KEKW' : 'hello'));
    const whole = chatFeaturesOf(messages);
    const acc = createChatFeatureAccumulator();
    for (let i = 0; i < messages.length; i += 7) acc.add(messages.slice(i, i + 7));
    expect(acc.finish()).toEqual(whole);
  });

  it('keeps stored features only when they are of this version and well formed', () => {
    const f = chatFeaturesOf([msg(1, 'a', 'hi')]);
    expect(parseChatFeatures(JSON.parse(JSON.stringify(f)))).toEqual(f);
    expect(parseChatFeatures({ ...f, version: 1 })).toBeNull();
    expect(parseChatFeatures({ ...f, chatters: [1] })).toBeNull();
    expect(parseChatFeatures(null)).toBeNull();
    expect(parseChatFeatures('x')).toBeNull();
  });
});
