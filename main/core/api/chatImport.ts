// Imports a chat file into a project all-or-nothing: rows stream into a new import that becomes the
// project's chat only when the whole file was read; any failure removes them and keeps the old chat.
// Worker threads read and store the file; this thread only opens the import, stores the chat features
// and switches the project over, each a small transaction.
import type { ChatInfo } from '../../../preload/contract';
import type { CoreContext } from '../context';
import { importChatFileInWorker } from '../chat/importWorkerClient';
import type { ProgressFn } from '../progress';

export async function importChatIntoProject(
  ctx: CoreContext,
  projectId: number,
  chatPath: string,
  opts: { signal?: AbortSignal; onProgress?: ProgressFn; shiftSec?: number } = {},
): Promise<ChatInfo> {
  const { chat } = ctx.library;
  let importId: number | null = null;
  try {
    const result = await importChatFileInWorker(chatPath, {
      signal: opts.signal,
      onProgress: opts.onProgress,
      shiftSec: opts.shiftSec,
      // Messages after the end of the video cannot be shown; the worker skips and counts them.
      durationSec: videoDurationSec(ctx, projectId),
      store: {
        dbFile: ctx.library.db.name,
        nativeBinding: ctx.library.nativeBinding,
        // Asked for when the first batch is ready, so that a file refused at sniffing leaves no trace.
        beginImport: () => (importId = chat.beginImport(projectId, { path: chatPath, format: 'pending', shiftSec: opts.shiftSec })),
      },
    });
    importId ??= chat.beginImport(projectId, { path: chatPath, format: result.format, shiftSec: opts.shiftSec });
    // Stored while the import is still invisible, so the features and the chat appear together.
    ctx.library.chatFeatures.set(importId, result.features);
    const info = chat.finishImport(importId, { skipped: result.skipped, format: result.format });
    ctx.library.projects.touch(projectId);
    return info;
  } catch (error) {
    if (importId !== null) chat.abortImport(importId);
    throw error;
  }
}

function videoDurationSec(ctx: CoreContext, projectId: number): number | null {
  const project = ctx.library.projects.get(projectId);
  const duration = project ? ctx.library.media.get(project.mediaId)?.probe.durationSec : undefined;
  return duration !== undefined && Number.isFinite(duration) && duration > 0 ? duration : null;
}
