// chatAt: what the chat said around a moment, for the heatmap's hover tooltip. Read from the imported
// messages in SQLite (the (import_id, offset_sec) index makes a window a range scan), with the
// detector's evidence code, so bots and !commands are left out the same way and the emotes and
// samples read like a proposal's "Why".
import type { Evidence, HighlighterApi, MethodResult } from '../../../preload/contract';
import { isBotName, isNonReaction } from '../analysis/chatClasses';
import { withChatEvidence } from '../analysis/evidence';
import { AppError } from '../errors';
import type { CoreContext } from '../context';

/** A tooltip is about a moment: wider windows are narrowed around their centre. */
export const MAX_CHAT_WINDOW_SEC = 60;
/** Rows read at most (333 a second over a full window: more than the busiest chats write). */
export const MAX_CHAT_ROWS = 20_000;
/**
 * Messages the emotes and samples are read from: all of them up to this, else this many evenly spread
 * over the window (the emote counts scaled up). Classifying every word of 2,000 messages costs more
 * than the rest of the call; a tooltip's top five come out the same from a quarter of them.
 */
export const EVIDENCE_ROWS = 500;
const SAMPLES = 3;

type ChatAt = MethodResult<'chatAt'>;
const EMPTY: ChatAt = { messages: 0, perSec: 0, topEmotes: [], sampleMessages: [] };
const NO_EVIDENCE: Evidence = { peakSec: 0, messages: 0, chatters: 0, ratio: 0, topEmotes: [], sampleMessages: [] };

/** [from, to) in time order, at most MAX_CHAT_WINDOW_SEC long, around the same centre. */
export function chatWindow(startSec: number, endSec: number): { from: number; to: number } {
  const lo = Math.min(startSec, endSec);
  const hi = Math.max(startSec, endSec);
  if (hi - lo <= MAX_CHAT_WINDOW_SEC) return { from: lo, to: hi };
  const centre = (lo + hi) / 2;
  const from = Math.max(0, centre - MAX_CHAT_WINDOW_SEC / 2);
  return { from, to: from + MAX_CHAT_WINDOW_SEC };
}

export function chatAtHandlers(ctx: CoreContext): Pick<HighlighterApi, 'chatAt'> {
  return {
    async chatAt({ projectId, startSec, endSec }) {
      if (!ctx.library.projects.get(projectId)) throw new AppError('NOT_FOUND', `There is no project #${projectId} in the library.`);
      const { from, to } = chatWindow(startSec, endSec);
      if (!(to > from)) return EMPTY;
      const rows = ctx.library.chat.messages(projectId, from, to, MAX_CHAT_ROWS);
      // The crowd as the detector counts it: no bots, no !commands or @replies.
      const crowd = rows.filter((m) => !isNonReaction(m.text) && !isBotName(m.author));
      if (crowd.length === 0) return EMPTY;
      const step = Math.max(1, crowd.length / EVIDENCE_ROWS);
      const subset = step === 1 ? crowd : Array.from({ length: EVIDENCE_ROWS }, (_, i) => crowd[Math.floor(i * step)]!);
      const evidence = withChatEvidence(NO_EVIDENCE, subset);
      const scale = crowd.length / subset.length;
      return {
        messages: crowd.length,
        perSec: Math.round((crowd.length / (to - from)) * 100) / 100,
        topEmotes: evidence.topEmotes.slice(0, 5).map((e) => ({ name: e.name, count: Math.round(e.count * scale) })),
        sampleMessages: evidence.sampleMessages.slice(0, SAMPLES),
      };
    },
  };
}
