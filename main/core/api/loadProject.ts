// Assembles the contract's Project from the library rows; the one place that knows how.
import type { Project } from '../../../preload/contract';
import { AppError } from '../errors';
import type { CoreContext } from '../context';

export function loadProject(ctx: CoreContext, projectId: number): Project {
  const { library } = ctx;
  const row = library.projects.get(projectId);
  if (!row) throw new AppError('NOT_FOUND', `There is no project #${projectId} in the library.`);
  const media = library.media.get(row.mediaId);
  if (!media) throw new AppError('NOT_FOUND', `The video of project "${row.name}" is no longer in the library.`);
  return {
    id: row.id,
    name: row.name,
    media,
    twitch: library.vods.byProject(projectId)?.source ?? null,
    chat: library.chat.info(projectId),
    highlights: library.highlights.list(projectId),
    detector: { sensitivity: row.sensitivity, targetReelSec: row.targetReelSec },
    view: row.view,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
