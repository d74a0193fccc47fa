// Imports a chat file into a project all-or-nothing: rows stream into a new import that becomes the
// project's chat only when the whole file was read; any failure removes them and keeps the old chat.
import type { ChatInfo } from '../../../preload/contract';
import type { CoreContext } from '../context';
import { importChatFile } from '../chat/importChat';
import type { ProgressFn } from '../progress';

export async function importChatIntoProject(
  ctx: CoreContext,
  projectId: number,
  chatPath: string,
  opts: { signal?: AbortSignal; onProgress?: ProgressFn } = {},
): Promise<ChatInfo> {
  const { chat } = ctx.library;
  let importId: number | null = null;
  try {
    const result = await importChatFile(chatPath, {
      signal: opts.signal,
      onProgress: opts.onProgress,
      onBatch: (batch) => {
        // The format is known once the first batch arrives; open the import lazily so that a file
        // refused at sniffing leaves no trace at all.
        importId ??= chat.beginImport(projectId, { path: chatPath, format: 'pending' });
        chat.appendBatch(importId, batch);
      },
    });
    importId ??= chat.beginImport(projectId, { path: chatPath, format: result.format });
    const info = chat.finishImport(importId, { skipped: result.skipped, format: result.format });
    ctx.library.projects.touch(projectId);
    return info;
  } catch (error) {
    if (importId !== null) chat.abortImport(importId);
    throw error;
  }
}
