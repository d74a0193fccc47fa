// Runs the detector on a project's chat and merges the proposals with what the user already has:
// manual and edited ranges stay, untouched proposals are replaced.
import { randomUUID } from 'node:crypto';
import type { HighlighterApi } from '../../../preload/contract';
import { AppError } from '../errors';
import type { CoreContext } from '../context';
import { detectHighlights } from '../analysis/detectHighlights';
import { paramsForSensitivity } from '../analysis/detectorParams';
import { mergeDetection, normalizeRanges } from '../analysis/ranges';
import { loadProject } from './loadProject';

export async function runDetection(ctx: CoreContext, projectId: number, sensitivity: number): Promise<void> {
  const project = loadProject(ctx, projectId);
  if (!project.chat) throw new AppError('NO_CHAT', 'Attach a chat file first: highlights are proposed from chat activity.');
  const offsets = ctx.library.chat.offsets(projectId);
  const detected = detectHighlights(offsets, project.media.probe.durationSec, paramsForSensitivity(sensitivity));
  const merged = mergeDetection(project.highlights, detected, randomUUID);
  ctx.library.highlights.replaceAll(projectId, merged);
  ctx.library.projects.setSensitivity(projectId, sensitivity);
  ctx.library.projects.touch(projectId);
}

export function highlightHandlers(ctx: CoreContext): Pick<HighlighterApi, 'detect' | 'saveHighlights'> {
  return {
    async detect({ projectId, sensitivity }) {
      await runDetection(ctx, projectId, sensitivity);
      return loadProject(ctx, projectId);
    },

    async saveHighlights({ projectId, highlights }) {
      const project = loadProject(ctx, projectId);
      const parsed = highlights.map((h) => ({
        id: h.id,
        start: h.start,
        end: h.end,
        score: h.score ?? 0,
        origin: h.origin ?? 'manual',
        edited: h.edited ?? true,
      }));
      // The UI keeps ranges apart already; the core enforces it for every shell.
      const normalized = normalizeRanges(parsed, project.media.probe.durationSec);
      ctx.library.highlights.replaceAll(projectId, normalized);
      ctx.library.projects.touch(projectId);
      return ctx.library.highlights.list(projectId);
    },
  };
}
