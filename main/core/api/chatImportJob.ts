// Importing a chat file the user chose is a job like every long operation: a million-message chat
// takes seconds, so the jobs list shows its progress (bytes read, messages) and lets the user cancel
// it, and an import cut short by closing the app runs again at the next start (the import is
// all-or-nothing, so running it again from the beginning is safe).
import { basename } from 'node:path';
import { AppError, type ErrorCode } from '../errors';
import type { CoreContext } from '../context';
import type { JobHandler } from '../jobs/queue';
import { importChatIntoProject } from './chatImport';
import { runDetection } from './detection';
import { loadProject } from './loadProject';

export const CHAT_IMPORT_JOB = 'chat-import';

export interface ChatImportParams {
  projectId: number;
  /** Absolute path of the chat file. */
  chatPath: string;
  /** Chat sync (ImportChatOptions.shiftSec). */
  shiftSec: number;
}

export interface ChatImportResult {
  format: string;
  messages: number;
  skipped: number;
}

export function chatImportJob(ctx: CoreContext): JobHandler<ChatImportParams, ChatImportResult> {
  return {
    kind: CHAT_IMPORT_JOB,
    // Two imports at once would only share the same disk and the same SQLite writer.
    concurrency: 1,
    resumable: true,
    title: (p) => `Import chat ${basename(p.chatPath)}`,
    async run({ projectId, chatPath, shiftSec }, job) {
      loadProject(ctx, projectId); // NOT_FOUND when the project was removed while this waited
      const info = await importChatIntoProject(ctx, projectId, chatPath, {
        signal: job.signal,
        onProgress: job.progress,
        shiftSec,
      });
      // Proposals come with the chat: manual and edited ranges stay, untouched ones are replaced.
      await runDetection(ctx, projectId, loadProject(ctx, projectId).detector.sensitivity);
      ctx.emit('project', { projectId });
      return { format: info.format, messages: info.messageCount, skipped: info.skipped };
    },
  };
}

/**
 * Runs a chat import as a job and resolves when the chat (and its proposals) are in; rejects with the
 * job's own error (CANCELLED when the user cancelled it from the jobs list).
 */
export async function importChatAsJob(ctx: CoreContext, params: ChatImportParams): Promise<void> {
  const job = ctx.queue.enqueue(CHAT_IMPORT_JOB, params, { projectId: params.projectId });
  const final = await ctx.queue.waitFor(job.id);
  if (final.state === 'done') return;
  if (final.state === 'cancelled') throw new AppError('CANCELLED', 'The chat import was cancelled; the project is as it was.');
  const error = final.error ?? { code: 'INTERNAL', message: `The chat import stopped (${final.state}).` };
  throw new AppError(error.code as ErrorCode, error.message);
}
