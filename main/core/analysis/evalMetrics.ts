// The metrics of detection.md, so our numbers compare with the literature's: start precision at K
// (Lightor) with its strict form, and second-level F1 of the top 10 (Fu et al. 2017).

export interface Span {
  start: number;
  end: number;
}

/** A proposal's start may come this much before a label's start and still hit it (detection.md). */
export const HIT_LEAD_SEC = 10;
/** Proposals starting closer than this to a better-ranked one are the same moment: dropped. */
export const EVAL_SUPPRESS_SEC = 120;

/**
 * Proposals ranked by score (best first; ties keep their given order), without any whose start is
 * within `gapSec` of a higher-ranked one.
 */
export function rankForEval<T extends Span & { score: number }>(proposals: readonly T[], gapSec = EVAL_SUPPRESS_SEC): T[] {
  const ranked = proposals
    .map((p, i) => [p, i] as const)
    .sort((a, b) => b[0].score - a[0].score || a[1] - b[1])
    .map(([p]) => p);
  const kept: T[] = [];
  for (const p of ranked) if (!kept.some((k) => Math.abs(k.start - p.start) < gapSec)) kept.push(p);
  return kept;
}

/** Whether a start lies in [label.start − HIT_LEAD_SEC, label.end]. */
export function hitsLabel(start: number, label: Span): boolean {
  return start >= label.start - HIT_LEAD_SEC && start <= label.end;
}

/** P@K: hits among the first K ranked proposals, over K (missing proposals count as misses). */
export function precisionAtK(ranked: readonly Span[], labels: readonly Span[], k: number): number {
  if (k <= 0) return 0;
  let hits = 0;
  for (const p of ranked.slice(0, k)) if (labels.some((l) => hitsLabel(p.start, l))) hits++;
  return hits / k;
}

/** Strict P@K: like precisionAtK, but each label can be hit once (by the best-ranked proposal on it). */
export function strictPrecisionAtK(ranked: readonly Span[], labels: readonly Span[], k: number): number {
  if (k <= 0) return 0;
  const used = new Set<number>();
  let hits = 0;
  for (const p of ranked.slice(0, k)) {
    const i = labels.findIndex((l, j) => !used.has(j) && hitsLabel(p.start, l));
    if (i >= 0) {
      used.add(i);
      hits++;
    }
  }
  return hits / k;
}

/** Union of spans as sorted, disjoint spans. */
export function unionOf(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

const totalLength = (spans: readonly Span[]): number => spans.reduce((sum, s) => sum + (s.end - s.start), 0);

/** Seconds covered by both unions. */
export function overlapSeconds(a: readonly Span[], b: readonly Span[]): number {
  const ua = unionOf(a);
  const ub = unionOf(b);
  let total = 0;
  let j = 0;
  for (const s of ua) {
    while (j < ub.length && ub[j]!.end <= s.start) j++;
    for (let k = j; k < ub.length && ub[k]!.start < s.end; k++) {
      total += Math.max(0, Math.min(s.end, ub[k]!.end) - Math.max(s.start, ub[k]!.start));
    }
  }
  return total;
}

/** Second-level F1 of the seconds covered by the first K proposals against the labels' seconds. */
export function secondF1AtK(ranked: readonly Span[], labels: readonly Span[], k = 10): number {
  const top = ranked.slice(0, k);
  const covered = totalLength(unionOf(top));
  const labelled = totalLength(unionOf(labels));
  const both = overlapSeconds(top, labels);
  if (covered === 0 || labelled === 0 || both === 0) return 0;
  const precision = both / covered;
  const recall = both / labelled;
  return (2 * precision * recall) / (precision + recall);
}

export interface EvalScores {
  p1: number;
  p5: number;
  p10: number;
  strictP1: number;
  strictP5: number;
  strictP10: number;
  f1At10: number;
}

/** Every metric for one video, from proposals in any order (ranked and suppressed here). */
export function evaluateProposals(proposals: readonly (Span & { score: number })[], labels: readonly Span[]): EvalScores {
  const ranked = rankForEval(proposals);
  return {
    p1: precisionAtK(ranked, labels, 1),
    p5: precisionAtK(ranked, labels, 5),
    p10: precisionAtK(ranked, labels, 10),
    strictP1: strictPrecisionAtK(ranked, labels, 1),
    strictP5: strictPrecisionAtK(ranked, labels, 5),
    strictP10: strictPrecisionAtK(ranked, labels, 10),
    f1At10: secondF1AtK(ranked, labels, 10),
  };
}

/** Mean of each metric over videos. */
export function meanScores(all: readonly EvalScores[]): EvalScores {
  const keys = ['p1', 'p5', 'p10', 'strictP1', 'strictP5', 'strictP10', 'f1At10'] as const;
  const out = {} as EvalScores;
  for (const k of keys) out[k] = all.length === 0 ? 0 : all.reduce((s, e) => s + e[k], 0) / all.length;
  return out;
}
