// Proposals that learn from the user: ranges the user marked as highlights (the CLI's --examples, an
// edited or added range in the app) say how late this chat reacts and how long a highlight is here.
// Each example is matched to the chat burst that answered it; the learned delay and length move every
// other proposal, and proposals on the examples themselves are left out (the user already has them).
// Pure: features and ranges in, ranges out.
import type { ChatFeatures } from './chatFeatures';
import { analyseChat, chatTiming, rangesWithTiming, shortVideoParams, type ChatAnalysis, type DetectedRange } from './detectHighlights';
import { DEFAULT_DETECTOR_PARAMS, type DetectorParams } from './detectorParams';
import type { ReactionTiming } from './reactionTiming';

export interface ExampleRange {
  start: number;
  end: number;
}

/** An example and the burst that answered it (null when the chat did not react to it). */
export interface MatchedExample extends ExampleRange {
  peakSec: number | null;
}

export interface LearnedTiming extends ReactionTiming {
  examples: MatchedExample[];
}

/** Chat answers a moment within this long after the example ends (later bursts are usually the next moment). */
export const ANSWER_WITHIN_SEC = 20;
/**
 * The chat's own estimate counts as this many examples: one example moves the delay half-way to what it
 * shows, two examples two thirds (one odd example — a label on a quiet stretch — cannot throw it far).
 */
export const PRIOR_WEIGHT = 1;
/** Learned delays stay within this (s): beyond a minute an example's burst is some other moment. */
const MAX_LEARNED_DELAY_SEC = 60;

/** Bursts at least this share of the strongest one in an example's window can be its answer. */
export const ANSWER_SHARE = 0.5;

/**
 * The burst that answered an example: among the bursts starting within the example or up to
 * ANSWER_WITHIN_SEC after it ends that rise at least ANSWER_SHARE as much as the strongest of them, the
 * earliest (a later one is more often the next moment than this one's echo); null when there is none.
 */
export function answeringBurst(a: ChatAnalysis, example: ExampleRange): number | null {
  const from = Math.floor(example.start);
  const to = Math.ceil(Math.max(example.end, example.start)) + ANSWER_WITHIN_SEC;
  const inWindow = a.candidates.filter((peak) => peak >= from && peak <= to); // strongest first
  if (inWindow.length === 0) return null;
  const floor = ANSWER_SHARE * a.rise[inWindow[0]!]!;
  return Math.min(...inWindow.filter((peak) => a.rise[peak]! >= floor));
}

/**
 * The timing the examples show: delay = burst second − example start, length = example length, each
 * averaged with the chat's own estimate (`prior`, weight PRIOR_WEIGHT). Examples no burst answered
 * still teach the length.
 */
export function learnTiming(a: ChatAnalysis, examples: readonly ExampleRange[], prior: ReactionTiming, p: DetectorParams): LearnedTiming {
  const matched = examples.map((e) => ({ start: e.start, end: e.end, peakSec: answeringBurst(a, e) }));
  const delays = matched.flatMap((m) => (m.peakSec === null ? [] : [Math.max(0, Math.min(MAX_LEARNED_DELAY_SEC, m.peakSec - m.start))]));
  const lengths = matched.map((m) => Math.max(p.minLengthSec, Math.min(p.maxLengthSec, m.end - m.start)));
  if (lengths.length === 0) return { ...prior, examples: matched };
  const shrunk = (values: number[], priorValue: number): number =>
    (values.reduce((s, x) => s + x, 0) + PRIOR_WEIGHT * priorValue) / (values.length + PRIOR_WEIGHT);
  return {
    delaySec: Math.round(delays.length > 0 ? shrunk(delays, prior.delaySec) : prior.delaySec),
    lengthSec: Math.round(shrunk(lengths, prior.lengthSec)),
    widthSec: prior.widthSec,
    bursts: prior.bursts,
    source: 'examples',
    examples: matched,
  };
}

const overlaps = (a: ExampleRange, b: ExampleRange): boolean => a.start < b.end && b.start < a.end;

/**
 * Proposals for a chat given the user's example highlights, best first: placed with the learned timing
 * (learnTiming), without any that overlaps an example or is the burst an example was matched to. With no
 * examples this is detectFromFeatures' ranking for a long chat.
 */
export function detectWithExamples(
  features: ChatFeatures,
  durationSec: number,
  examples: readonly ExampleRange[],
  params: DetectorParams = DEFAULT_DETECTOR_PARAMS,
): { ranges: DetectedRange[]; timing: LearnedTiming } {
  const p = shortVideoParams(params, durationSec);
  const a = analyseChat(features, durationSec, p);
  const timing = learnTiming(a, examples, chatTiming(a, p), p);
  const answered = new Set(timing.examples.flatMap((m) => (m.peakSec === null ? [] : [m.peakSec])));
  const valid = Number.isFinite(durationSec) && durationSec > 0 && p.maxProposals > 0;
  const ranges = valid ? rangesWithTiming(a, timing, p, (r) => answered.has(r.peakSec) || examples.some((e) => overlaps(e, r))) : [];
  return { ranges, timing };
}
