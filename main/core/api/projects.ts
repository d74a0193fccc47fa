// Opening videos and projects: probe, register, find and import the chat beside the video, propose
// highlights on first open; the list of projects with their pictures; the editor's view of one.
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { HighlighterApi, ProjectSummary } from '../../../preload/contract';
import { AppError, toErrorShape } from '../errors';
import type { CoreContext } from '../context';
import { findSiblingChat } from '../chat/findSiblingChat';
import { probeMedia } from '../media/probe';
import { requireFfmpeg } from '../media/ffmpegPaths';
import { importChatAsJob } from './chatImportJob';
import { loadProject } from './loadProject';
import { projectThumbnails } from './projectThumbnails';

export function projectHandlers(
  ctx: CoreContext,
): Pick<HighlighterApi, 'listProjects' | 'openLocal' | 'openProject' | 'saveView'> {
  return {
    async listProjects() {
      const rows = ctx.library.projects.list();
      const thumbnails = await projectThumbnails(ctx, rows);
      return rows.map((row, i): ProjectSummary => ({
        id: row.id,
        name: row.name,
        videoPath: row.videoPath,
        twitchVodId: row.twitchVodId,
        durationSec: row.durationSec,
        highlightCount: row.highlightCount,
        rangesLengthSec: row.rangesLengthSec,
        thumbnail: thumbnails[i] ?? null,
        updatedAt: row.updatedAt,
      }));
    },

    async openLocal({ videoPath, chatPath }) {
      const path = resolve(videoPath);
      const info = await stat(path).catch((cause: unknown) => {
        throw new AppError('MEDIA_UNREADABLE', `Cannot open "${videoPath}": the file does not exist or cannot be read.`, { cause });
      });
      if (!info.isFile()) throw new AppError('MEDIA_UNREADABLE', `Cannot open "${videoPath}": it is not a file.`);
      requireFfmpeg(ctx.env);
      const probe = await probeMedia(path, { env: ctx.env });
      if (!probe.video) throw new AppError('MEDIA_UNREADABLE', `"${basename(path)}" has no video stream.`);

      const media = ctx.library.media.upsert(path, probe, { size: info.size, mtimeMs: info.mtimeMs });
      const project =
        ctx.library.projects.byMedia(media.id) ??
        ctx.library.projects.create({ name: basename(path, extname(path)), mediaId: media.id });

      const warnings: string[] = [];
      if (chatPath) {
        await importChatAsJob(ctx, { projectId: project.id, chatPath: resolve(chatPath), shiftSec: 0 });
      } else if (!ctx.library.chat.info(project.id)) {
        const sibling = await findSiblingChat(path);
        if (sibling) {
          // The user did not ask for this file: a broken one must not stop the video from opening.
          try {
            await importChatAsJob(ctx, { projectId: project.id, chatPath: sibling, shiftSec: 0 });
          } catch (error) {
            warnings.push(`The chat file next to the video was not imported: ${toErrorShape(error).message}`);
          }
        }
      }
      ctx.library.projects.touch(project.id);
      return { ...loadProject(ctx, project.id), warnings };
    },

    async openProject({ projectId }) {
      const project = loadProject(ctx, projectId);
      ctx.library.projects.touch(projectId);
      return project;
    },

    async saveView({ projectId, view }) {
      // Where the user looked is not an edit: no "last edit" time, no event that would reload the UI.
      ctx.library.projects.setView(projectId, view);
      return { ok: true as const };
    },
  };
}
