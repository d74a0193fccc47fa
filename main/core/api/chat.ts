// Chat calls: attach a chat file to a project, and the heatmap drawn from it.
import type { HighlighterApi } from '../../../preload/contract';
import { resolve } from 'node:path';
import { cached, type CoreContext } from '../context';
import { buildHeatmap } from '../analysis/heatmap';
import { importChatIntoProject } from './chatImport';
import { runDetection } from './detection';
import { loadProject } from './loadProject';

export function chatHandlers(ctx: CoreContext): Pick<HighlighterApi, 'importChat' | 'getHeatmap'> {
  return {
    async importChat({ projectId, chatPath }) {
      const project = loadProject(ctx, projectId);
      await importChatIntoProject(ctx, projectId, resolve(chatPath));
      await runDetection(ctx, projectId, project.detector.sensitivity);
      return loadProject(ctx, projectId);
    },

    async getHeatmap({ projectId }) {
      const project = loadProject(ctx, projectId);
      if (!project.chat) return null;
      // Keyed by the import time, so a re-import draws a new heatmap.
      const key = `heatmap:${projectId}:${project.chat.importedAt}`;
      return cached(ctx, key, () =>
        buildHeatmap(ctx.library.chat.offsets(projectId), project.media.probe.durationSec),
      );
    },
  };
}
