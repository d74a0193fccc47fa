// Runs the detector on a project's chat and merges the proposals with what the user already has:
// manual, edited and labelled ranges stay (in their reel order), untouched proposals are replaced.
// Saving: the list the UI sends is the reel order; labels are kept one line.
import { randomUUID } from 'node:crypto';
import type { HighlighterApi } from '../../../preload/contract';
import { AppError } from '../errors';
import type { CoreContext } from '../context';
import { createChatFeatureAccumulator, parseChatFeatures, type ChatFeatures } from '../analysis/chatFeatures';
import { detectFromFeatures, type DetectedRange } from '../analysis/detectHighlights';
import { paramsForSensitivity } from '../analysis/detectorParams';
import { withChatEvidence } from '../analysis/evidence';
import { cleanLabel } from '../analysis/label';
import { fitToReelLength, isUsersRange, mergeDetection, normalizeRanges } from '../analysis/ranges';
import { loadProject } from './loadProject';

/** Messages read per proposal for its evidence (a reaction rarely has more; the rest adds nothing). */
const EVIDENCE_MESSAGES = 1500;
/** Time slice read at once when features must be recomputed from stored messages. */
const RECOMPUTE_SLICE_SEC = 600;
const RECOMPUTE_SLICE_LIMIT = 1_000_000;

/**
 * The project's chat features: stored at import. For an import from before features existed, or
 * with features of an older version, they are computed once from the stored messages (slice by
 * slice, so memory stays small) and stored with it. All synchronous: no import can finish meanwhile
 * and receive features of the chat it replaced.
 */
function featuresOf(ctx: CoreContext, projectId: number, durationSec: number): ChatFeatures {
  const stored = parseChatFeatures(ctx.library.chatFeatures.forProject(projectId));
  if (stored) return stored;
  const acc = createChatFeatureAccumulator();
  const end = Math.max(durationSec, ctx.library.chat.offsets(projectId).at(-1) ?? 0) + 1;
  for (let from = 0; from < end; from += RECOMPUTE_SLICE_SEC) {
    acc.add(ctx.library.chat.messages(projectId, from, from + RECOMPUTE_SLICE_SEC, RECOMPUTE_SLICE_LIMIT));
  }
  const features = acc.finish();
  ctx.library.chatFeatures.setForProject(projectId, features);
  return features;
}

/** Adds the emotes and messages behind each proposal (only the few that will be shown). */
function withEvidence(ctx: CoreContext, projectId: number, ranges: DetectedRange[]): DetectedRange[] {
  return ranges.map((r) => {
    if (!r.evidence || !r.reaction) return r;
    const messages = ctx.library.chat.messages(projectId, r.reaction.from, r.reaction.to, EVIDENCE_MESSAGES);
    return { ...r, evidence: withChatEvidence(r.evidence, messages) };
  });
}

/**
 * `targetReelSec` undefined keeps the project's stored target; null removes it. The reel's budget is
 * what the user's own ranges leave of the target.
 */
export async function runDetection(
  ctx: CoreContext,
  projectId: number,
  sensitivity: number,
  targetReelSec?: number | null,
): Promise<void> {
  const project = loadProject(ctx, projectId);
  if (!project.chat) throw new AppError('NO_CHAT', 'Attach a chat file first: highlights are proposed from chat activity.');
  const target = targetReelSec === undefined ? project.detector.targetReelSec : targetReelSec;
  const durationSec = project.media.probe.durationSec;
  const features = featuresOf(ctx, projectId, durationSec);
  // The user's ranges win: proposals on them are dropped before the reel budget is spent.
  const kept = project.highlights.filter(isUsersRange);
  let detected = detectFromFeatures(features, durationSec, paramsForSensitivity(sensitivity)).filter(
    (d) => !kept.some((h) => h.start < d.end && d.start < h.end),
  );
  if (target !== null) {
    const budget = target - kept.reduce((sum, h) => sum + (h.end - h.start), 0);
    detected = fitToReelLength(detected, budget);
  }
  const merged = mergeDetection(project.highlights, withEvidence(ctx, projectId, detected), randomUUID);
  ctx.library.highlights.replaceAll(projectId, merged);
  ctx.library.projects.setSensitivity(projectId, sensitivity);
  if (targetReelSec !== undefined) ctx.library.projects.setTargetReel(projectId, targetReelSec);
  ctx.library.projects.touch(projectId);
}

export function highlightHandlers(ctx: CoreContext): Pick<HighlighterApi, 'detect' | 'saveHighlights'> {
  return {
    async detect({ projectId, sensitivity, targetReelSec }) {
      await runDetection(ctx, projectId, sensitivity, targetReelSec);
      return loadProject(ctx, projectId);
    },

    async saveHighlights({ projectId, highlights }) {
      const project = loadProject(ctx, projectId);
      const stored = new Map(project.highlights.map((h) => [h.id, h]));
      const parsed = highlights.map((h) => ({
        id: h.id,
        start: h.start,
        end: h.end,
        score: h.score ?? 0,
        origin: h.origin ?? 'manual',
        edited: h.edited ?? true,
        // A client that does not send them (older UI, CLI) keeps what the detector said about the range.
        tags: h.tags ?? stored.get(h.id)?.tags ?? [],
        evidence: h.evidence !== undefined ? h.evidence : (stored.get(h.id)?.evidence ?? null),
        label: cleanLabel(h.label ?? stored.get(h.id)?.label ?? ''),
      }));
      // The UI keeps ranges apart already; the core enforces it for every shell (the order stays).
      const normalized = normalizeRanges(parsed, project.media.probe.durationSec);
      ctx.library.highlights.replaceAll(projectId, normalized);
      ctx.library.projects.touch(projectId);
      return ctx.library.highlights.list(projectId);
    },
  };
}
