// The highlight detector: bursts of distinct chatters (reaction emotes and words weigh extra) against
// a robust local baseline, moved back by the time chat takes to react. Works on per-second features
// (chatFeatures.ts), so it is linear in seconds of video, not in messages: ~30k seconds for 8 hours.
import type { Evidence } from '../../../preload/contract';
import { CLASS_TAG, REACTION_CLASSES } from './chatClasses';
import { chatFeaturesOfOffsets, type ChatFeatures } from './chatFeatures';
import { DEFAULT_DETECTOR_PARAMS, LOOSEST_THRESHOLD, type DetectorParams } from './detectorParams';
import { estimateTiming, SHAPE_BURSTS, type ReactionTiming } from './reactionTiming';

export interface DetectedRange {
  start: number;
  end: number;
  /** How far the burst rose above the chat just before it (weighted chatters, see burstRise): the rank. */
  score: number;
  /** Second where the chat burst peaked (before the reaction shift). */
  peakSec: number;
  /** How far before the burst the range starts (s): the chat's measured reaction delay, or the learned one. */
  delaySec?: number;
  /** The chat reaction behind the range: [from, to) in video seconds (after the range itself). */
  reaction?: { from: number; to: number };
  /** What kind of moment it was ('funny', 'hype', …), when the detector can tell. */
  tags?: string[];
  /** The chat activity behind it, when the detector filled it in. */
  evidence?: Evidence | null;
}

/**
 * Chat activity per second with its local baseline. Counts are compared on the Anscombe scale
 * (2·√(x + 3/8)), where Poisson noise has a standard deviation of ~1 whatever the chat's volume:
 * a quiet chat's 7 messages where 1 is usual is then not mistaken for a huge outlier.
 */
export interface ChatActivity {
  /** Weighted reactions in the window centred on each second. */
  window: Float64Array;
  /** Rolling median of window values around each second. */
  baseline: Float64Array;
  /** Robust z-score of each second's window against its local baseline (Anscombe scale). */
  score: Float64Array;
}

/** For a normal distribution the lower quartile lies 0.6745 σ below the median. */
const QUARTILE_TO_SIGMA = 1 / 0.6745;
const anscombe = (count: number): number => 2 * Math.sqrt(count + 0.375);

/** Quantile q of the first `n` values of an ascending array (linear interpolation). */
function quantileSorted(sorted: Float64Array, n: number, q: number): number {
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * What each second of chat weighs as a reaction: each distinct chatter counts 1, and one who also
 * laughs, cheers, gasps or asks for a clip counts `1 + classWeight` (reaction words and emotes are
 * what separates a moment from people just talking), one whose message is merely short like a
 * reaction `1 + shortWeight`. Bots, commands, replies and repeats by the same person are already
 * left out of `chatters`.
 */
export function reactionSignal(features: ChatFeatures, durationSec: number, params: Pick<DetectorParams, 'classWeight' | 'shortWeight'>): Float64Array {
  const n = Math.max(0, Math.ceil(durationSec));
  const out = new Float64Array(n);
  const m = Math.min(n, features.chatters.length);
  const w = params.classWeight;
  for (let t = 0; t < m; t++) {
    const chatters = features.chatters[t]!;
    const classes = features.funny[t]! + features.hype[t]! + features.shock[t]! + features.clip[t]!;
    // A message can show two classes; it still gets one bonus at most. Short ones show no class.
    const bonus = w * Math.min(classes, chatters) + params.shortWeight * features.short[t]!;
    out[t] = chatters + Math.min(bonus, w * chatters);
  }
  return out;
}

/**
 * Window sums and their robust local baseline. The baseline is taken on non-overlapping blocks
 * one window wide (rolling median and lower-quartile spread over `baselineSec`) and interpolated
 * per second, which keeps it linear-time for long videos.
 */
export function chatActivity(perSecond: Float64Array, params: Pick<DetectorParams, 'windowSec' | 'baselineSec'>): ChatActivity {
  const n = perSecond.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + perSecond[i]!;

  const w = Math.max(1, Math.round(params.windowSec));
  const half = Math.floor(w / 2);
  const window = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    window[t] = prefix[Math.min(n, t - half + w)]! - prefix[Math.max(0, t - half)]!;
  }

  const blocks = Math.ceil(n / w);
  const blockCounts = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) {
    const end = Math.min(n, (j + 1) * w);
    // A short last block is scaled to a full window so it compares like the others.
    blockCounts[j] = ((prefix[end]! - prefix[j * w]!) * w) / (end - j * w);
  }
  const reach = Math.max(1, Math.round(params.baselineSec / w / 2));
  const scratch = new Float64Array(2 * reach + 1);
  const blockBase = new Float64Array(blocks);
  const blockYBase = new Float64Array(blocks);
  const blockYSpread = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) {
    const from = Math.max(0, j - reach);
    const to = Math.min(blocks, j + reach + 1);
    const m = to - from;
    for (let k = 0; k < m; k++) scratch[k] = blockCounts[from + k]!;
    const sorted = scratch.subarray(0, m).sort();
    const median = quantileSorted(sorted, m, 0.5);
    // The spread comes from the lower half only: bursts sit in the upper half, so a reaction that
    // fills almost half the baseline span still does not inflate the noise it is measured against.
    // The transform is monotonic, so quantiles carry over to the Anscombe scale.
    blockBase[j] = median;
    blockYBase[j] = anscombe(median);
    blockYSpread[j] = (anscombe(median) - anscombe(quantileSorted(sorted, m, 0.25))) * QUARTILE_TO_SIGMA;
  }

  const baseline = new Float64Array(n);
  const score = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    // Linear interpolation between block centres.
    const x = (t + 0.5) / w - 0.5;
    const j0 = Math.max(0, Math.min(blocks - 1, Math.floor(x)));
    const j1 = Math.min(blocks - 1, j0 + 1);
    const f = Math.max(0, Math.min(1, x - j0));
    baseline[t] = blockBase[j0]! * (1 - f) + blockBase[j1]! * f;
    const yBase = blockYBase[j0]! * (1 - f) + blockYBase[j1]! * f;
    const ySpread = blockYSpread[j0]! * (1 - f) + blockYSpread[j1]! * f;
    // Poisson noise (1 on this scale) is the least spread there can be; quiet chat often measures 0.
    score[t] = (anscombe(window[t]!) - yBase) / Math.max(1, ySpread);
  }
  return { window, baseline, score };
}

/**
 * Clamps [start, end] into the video and into the length bounds, keeping the start where it can
 * (the start is what a proposal gets right or wrong). A video shorter than minLengthSec is one range.
 */
export function fitRange(
  start: number,
  end: number,
  durationSec: number,
  p: Pick<DetectorParams, 'minLengthSec' | 'maxLengthSec'>,
): [number, number] {
  let s = Math.max(0, start);
  let e = Math.min(durationSec, Math.max(end, s));
  if (e - s > p.maxLengthSec) e = s + p.maxLengthSec;
  if (e - s < p.minLengthSec) {
    e = Math.min(durationSec, s + p.minLengthSec);
    s = Math.max(0, e - p.minLengthSec);
  }
  return [s, e];
}

/**
 * Tags of a reaction: each class that a good share of its chatters showed (at least
 * `TAG_SHARE` of them and at least 3 people — "clip it" needs only 2, it is explicit), strongest first.
 */
const TAG_SHARE = 0.2;
export function tagsFor(features: ChatFeatures, from: number, to: number): string[] {
  let chatters = 0;
  const per = REACTION_CLASSES.map(() => 0);
  for (let t = Math.max(0, from); t < Math.min(to, features.chatters.length); t++) {
    chatters += features.chatters[t]!;
    REACTION_CLASSES.forEach((c, i) => (per[i]! += features[c][t]!));
  }
  return REACTION_CLASSES.map((c, i) => ({ c, count: per[i]! }))
    .filter(({ c, count }) => count >= (c === 'clip' ? 2 : 3) && (c === 'clip' || count >= TAG_SHARE * chatters))
    .sort((a, b) => b.count - a.count)
    .map(({ c }) => CLASS_TAG[c]);
}

function sumOver(values: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let t = Math.max(0, from); t < Math.min(to, values.length); t++) sum += values[t]!;
  return sum;
}

/**
 * How much each second's burst rises above the chat just before it: the weighted chatters in the
 * `windowSec` window starting there, minus what the preceding `riseLeadSec` held per window. A moment
 * makes chat jump; a conversation that slowly heats up does not. This ranks the candidates.
 */
export function burstRise(signal: Float64Array, p: Pick<DetectorParams, 'windowSec' | 'riseLeadSec'>): Float64Array {
  const n = signal.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + signal[i]!;
  const w = Math.max(1, Math.round(p.windowSec));
  const lead = Math.max(w + 1, Math.round(p.riseLeadSec));
  const rise = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const from = Math.max(0, t - lead);
    const to = Math.max(from, t - w);
    const perSec = to > from ? (prefix[to]! - prefix[from]!) / (to - from) : 0;
    const now = prefix[Math.min(n, t + w)]! - prefix[t]!;
    rise[t] = now - perSec * w;
  }
  return rise;
}

/** What detection measured on a chat before placing any range (reused by learnFromExamples.ts). */
export interface ChatAnalysis {
  features: ChatFeatures;
  durationSec: number;
  signal: Float64Array;
  activity: ChatActivity;
  rise: Float64Array;
  /** Burst seconds (local maxima of the rise that pass the sensitivity-free gates), strongest first. */
  candidates: number[];
  /** The burst's robust z-score (its reaction against the local baseline), which the sensitivity gates. */
  zAt: (t: number) => number;
}

/** Below this a burst does not shape the chat's timing, whatever the sensitivity (which only cuts the list). */
const SHAPE_MIN_Z = 2.75;

/**
 * Videos this short are judged on their messages as well as their distinct chatters: in a one-minute
 * clip the same few hundred people write again and again, and counting each once per 10 s flattens the
 * eruption the clip is made of. Their proposals may also lie closer together (shortVideoParams).
 */
export const SHORT_CHAT_SEC = 600;

/**
 * A short video's moments are closer together than a long stream's: two bursts a minute apart in a
 * three-minute clip are two moments. Proposals then only need durationSec / 5 between their bursts
 * (at least 30 s; the full suppressSec from SHORT_CHAT_SEC up, so long videos are unchanged).
 */
export function shortVideoParams(p: DetectorParams, durationSec: number): DetectorParams {
  if (!(durationSec < SHORT_CHAT_SEC)) return p;
  return { ...p, suppressSec: Math.min(p.suppressSec, Math.max(30, Math.round(durationSec / 5))) };
}

/** The chat's reaction signal, its activity against the local baseline, and its candidate bursts. */
export function analyseChat(features: ChatFeatures, durationSec: number, p: DetectorParams): ChatAnalysis {
  const signal = reactionSignal(features, durationSec, p);
  const n = signal.length;
  // The baseline is the chat's: seconds after its last message (a video that runs on, the CLI's tail)
  // are no chat at all, not quiet chat, and in a short clip they would swamp the spread it is judged by.
  const m = Math.max(1, Math.min(n, features.counts.length));
  const chat = m < n ? signal.subarray(0, m) : signal;
  const activity = padActivity(chatActivity(chat, p), n);
  const { window, baseline } = activity;
  const rise = burstRise(signal, p);
  const w = Math.max(1, Math.round(p.windowSec));
  const half = Math.floor(w / 2);
  // Whether a burst is real is judged on a window twice as long (its reaction and what follows):
  // quiet chats' 5-second counts are too small for any test.
  const gate = chatActivity(chat, { windowSec: 2 * w, baselineSec: p.baselineSec });
  const zAt = (t: number): number => gate.score[Math.max(0, Math.min(gate.score.length - 1, t + w))]!;

  // Candidates: local maxima of the rise (first of a plateau) that pass the sensitivity-free tests.
  const candidates: number[] = [];
  for (let t = 0; t < n; t++) {
    const r = rise[t]!;
    const c = Math.min(n - 1, t + half);
    if (r <= 0 || zAt(t) < LOOSEST_THRESHOLD || window[c]! < p.minMessages || window[c]! < p.minRatio * baseline[c]!) continue;
    let isPeak = true;
    for (let u = Math.max(0, t - w); u <= Math.min(n - 1, t + w) && isPeak; u++) {
      if (u < t ? rise[u]! >= r : rise[u]! > r) isPeak = false;
    }
    if (isPeak) candidates.push(t);
  }
  candidates.sort((a, b) => rise[b]! - rise[a]! || a - b);
  return { features, durationSec, signal, activity, rise, candidates, zAt };
}

/** Activity arrays extended to `n` seconds with no chat (window 0, the last baseline, score 0). */
function padActivity(a: ChatActivity, n: number): ChatActivity {
  if (a.window.length >= n) return a;
  const pad = (x: Float64Array, fill: number): Float64Array => {
    const out = new Float64Array(n).fill(fill);
    out.set(x);
    return out;
  };
  const last = a.baseline.length > 0 ? a.baseline[a.baseline.length - 1]! : 0;
  return { window: pad(a.window, 0), baseline: pad(a.baseline, last), score: pad(a.score, 0) };
}

/** The strongest distinct bursts (peaks suppressSec apart, z ≥ SHAPE_MIN_Z), best first. */
export function strongBursts(a: ChatAnalysis, p: Pick<DetectorParams, 'suppressSec'>, max = SHAPE_BURSTS): number[] {
  const peaks: number[] = [];
  for (const t of a.candidates) {
    if (peaks.length >= max) break;
    if (a.zAt(t) < SHAPE_MIN_Z || peaks.some((u) => Math.abs(u - t) < p.suppressSec)) continue;
    peaks.push(t);
  }
  return peaks;
}

/** This chat's reaction delay and range length (reactionTiming.ts), measured on its strongest bursts. */
export function chatTiming(a: ChatAnalysis, p: DetectorParams): ReactionTiming {
  return estimateTiming(a.signal, strongBursts(a, p), p);
}

/**
 * Ranked, non-overlapping ranges for the analysed chat with a given timing. `skip` leaves ranges out
 * (those on the user's examples): they take no slot, but still keep other proposals off their moment.
 */
export function rangesWithTiming(
  a: ChatAnalysis,
  timing: ReactionTiming,
  p: DetectorParams,
  skip: (range: DetectedRange) => boolean = () => false,
): DetectedRange[] {
  const accepted: DetectedRange[] = [];
  const taken: DetectedRange[] = [];
  for (const peak of a.candidates) {
    if (accepted.length >= p.maxProposals) break;
    if (taken.some((r) => Math.abs(r.peakSec - peak) < p.suppressSec)) continue;
    const range = rangeFor(peak, a, timing, p);
    if (taken.some((r) => range.start < r.end && r.start < range.end)) continue;
    taken.push(range);
    if (skip(range)) continue;
    if (a.zAt(peak) >= p.threshold) accepted.push(range);
  }
  return accepted;
}

/** Features in which every crowd message counts as a chatter (for short, dense chats). */
function messagesAsChatters(f: ChatFeatures): ChatFeatures {
  return { ...f, chatters: f.messages };
}

/**
 * Proposed highlight ranges from chat features, best first. Ranges never overlap, lie in
 * [0, durationSec] and are minLengthSec…maxLengthSec long (shorter only when the video is).
 * Each carries tags and the numeric part of its evidence (emotes and sample messages are added
 * by the caller, who has the messages: see evidence.ts).
 *
 * Two measures, two jobs: the robust z-score of the burst against the local baseline decides
 * whether a moment is real at all (the sensitivity moves its threshold), and the burst's rise over
 * the minute before ranks the real ones. The ranked, de-duplicated list does not depend on the
 * sensitivity, so raising it only ever adds proposals. The reaction delay and length come from the
 * chat's own bursts (reactionTiming.ts) unless `timing` is given.
 *
 * A video shorter than SHORT_CHAT_SEC is read both by distinct chatters and message by message; the
 * bursts found only by the second reading follow those of the first (message by message first when
 * people there write again and again).
 */
export function detectFromFeatures(
  features: ChatFeatures,
  durationSec: number,
  params: DetectorParams = DEFAULT_DETECTOR_PARAMS,
  timing?: ReactionTiming,
): DetectedRange[] {
  if (!(Number.isFinite(durationSec) && durationSec > 0) || params.maxProposals <= 0) return [];
  const p = shortVideoParams(params, durationSec);
  const short = durationSec < SHORT_CHAT_SEC;
  // A short chat where people write again and again (twice as many messages as distinct-chatter
  // counts) is read message by message first: there, who is new says little.
  const denseFirst = short && sum(features.messages) >= 2 * sum(features.chatters);
  const first = analyseChat(denseFirst ? messagesAsChatters(features) : features, durationSec, p);
  const t = timing ?? chatTiming(first, p);
  const ranges = rangesWithTiming(first, t, p);
  if (!short || ranges.length >= p.maxProposals) return ranges;
  const second = analyseChat(denseFirst ? features : messagesAsChatters(features), durationSec, p);
  const overlaps = (r: DetectedRange): boolean =>
    ranges.some((q) => Math.abs(q.peakSec - r.peakSec) < p.suppressSec || (r.start < q.end && q.start < r.end));
  const extra = rangesWithTiming(second, t, p, overlaps);
  return [...ranges, ...extra].slice(0, p.maxProposals);
}

const sum = (values: readonly number[]): number => values.reduce((s, x) => s + x, 0);

/**
 * The range for a burst starting at `peak`: from the timing's delay before it (chat reacts late),
 * the timing's length plus `lengthPerReactionSec` per second the reaction stays above half-way
 * from baseline to peak beyond its first window, clamped to minLengthSec–maxLengthSec.
 */
function rangeFor(peak: number, a: ChatAnalysis, timing: ReactionTiming, p: DetectorParams): DetectedRange {
  const { features, signal, rise, durationSec } = a;
  const { window, baseline } = a.activity;
  const n = window.length;
  const w = Math.max(1, Math.round(p.windowSec));
  const half = Math.floor(w / 2);
  const c = Math.min(n - 1, peak + half);
  const level = baseline[c]! + p.edgeFraction * (window[c]! - baseline[c]!);
  // Follow the reaction only as far as it can still lengthen the range.
  const cap = p.lengthPerReactionSec > 0 ? w + Math.ceil(Math.max(0, p.maxLengthSec - timing.lengthSec) / p.lengthPerReactionSec) : p.maxLengthSec;
  let offset = c;
  while (offset < n - 1 && offset - c < cap && window[offset + 1]! >= level) offset++;
  // The range starts a reaction delay before the burst and lasts a typical clip, longer while the
  // reaction lasts (a long fight keeps chat going; a one-liner does not).
  const reactionSec = offset + half + 1 - peak;
  const start = peak - timing.delaySec;
  const length = timing.lengthSec + p.lengthPerReactionSec * Math.max(0, reactionSec - w);
  const [startSec, end] = fitRange(start, start + length, durationSec, p);
  // The reaction: the chat the range's moment caused.
  const from = peak;
  const to = Math.max(from + w, Math.min(n, offset + half + 1));
  let weighted = 0;
  for (let t = from; t < to; t++) weighted += signal[t]!;
  const usual = (baseline[c]! / w) * (to - from);
  return {
    start: startSec,
    end,
    score: Math.round(rise[peak]! * 100) / 100,
    peakSec: peak,
    delaySec: timing.delaySec,
    reaction: { from, to },
    tags: tagsFor(features, from, to),
    evidence: {
      peakSec: peak,
      messages: sumOver(features.messages, from, to),
      chatters: sumOver(features.chatters, from, to),
      ratio: Math.round((weighted / Math.max(usual, 1)) * 10) / 10,
      topEmotes: [],
      sampleMessages: [],
    },
  };
}

/** The detector on bare message times (no authors or words: volume only). */
export function detectHighlights(
  offsets: ArrayLike<number>,
  durationSec: number,
  params: DetectorParams = DEFAULT_DETECTOR_PARAMS,
): DetectedRange[] {
  if (offsets.length === 0) return [];
  return detectFromFeatures(chatFeaturesOfOffsets(offsets), durationSec, params);
}
