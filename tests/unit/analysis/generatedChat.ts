// Generated whole-second chats for the detector's tests: talk at a steady rate, and at known moments a
// crowd reaction a known delay later, shaped like a small stream's spike or a big audience's swell.
import type { ChatMessage } from '../../../main/core/chat/message';
import { seededRandom } from '../../fixtures/chat';

const TALK = ['what build is this', 'hi chat', 'when is the next stream', 'that item tho', 'o7', 'true'];
const CHEER = ['KEKW', 'PogChamp', 'LUL', 'OMEGALUL', 'monkaS', 'POGGERS'];

export interface GeneratedChat {
  messages: ChatMessage[];
  moments: number[];
  durationSec: number;
}

/**
 * A whole-second chat: `rate` messages a second of talk, and at each moment a reaction that starts
 * `delaySec` later, `peak` reacting messages a second at its top. 'spike' reactions are over in a few
 * seconds (a small stream's chat); 'swell' ones rise over 5 s and die out over ~20 s (a big audience).
 */
export function generateChat(opts: { durationSec: number; rate: number; delaySec: number; shape: 'spike' | 'swell'; peak: number; every?: number; seed?: number }): GeneratedChat {
  const random = seededRandom(opts.seed ?? 1);
  const every = opts.every ?? 180;
  const moments: number[] = [];
  for (let t = 150; t + every / 2 < opts.durationSec; t += every) moments.push(t + Math.floor(random() * 30));
  const perSecond = new Float64Array(opts.durationSec);
  const profile = opts.shape === 'spike' ? [0.6, 1, 0.8, 0.5, 0.3, 0.15] : [0.2, 0.5, 0.8, 1, 1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.26, 0.22, 0.18, 0.15, 0.12, 0.1];
  for (const m of moments) profile.forEach((f, k) => { if (m + opts.delaySec + k < opts.durationSec) perSecond[m + opts.delaySec + k]! += f * opts.peak; });
  const messages: ChatMessage[] = [];
  let fan = 0;
  for (let t = 0; t < opts.durationSec; t++) {
    // Poisson-like talk: the whole-second count is the rate's floor plus a coin for the rest.
    const talk = Math.floor(opts.rate) + (random() < opts.rate - Math.floor(opts.rate) ? 1 : 0) + (random() < 0.3 ? 1 : 0) - (random() < 0.3 ? 1 : 0);
    for (let k = 0; k < talk; k++) messages.push({ offsetSec: t, author: `viewer${Math.floor(random() * 5000)}`, text: TALK[Math.floor(random() * TALK.length)]!, emotes: [] });
    const cheer = Math.round(perSecond[t]! * (0.8 + 0.4 * random()));
    for (let k = 0; k < cheer; k++) messages.push({ offsetSec: t, author: `fan${fan++}`, text: CHEER[Math.floor(random() * CHEER.length)]!, emotes: [] });
  }
  return { messages, moments, durationSec: opts.durationSec };
}

