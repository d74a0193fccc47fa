// Downloads a VOD's chat replay and writes it as a TwitchDownloader JSON file: the file is what the
// library imports (through the same path as any chat file) and what users can take to other tools.
import { basename, dirname, join } from 'node:path';
import type { ProgressFn } from '../progress';
import { fileChatCheckpoint } from './chatCheckpoint';
import { downloadVodChat } from './chatDownload';
import { writeTwitchDownloaderChat } from './chatJson';
import { GqlClient } from './gql';
import type { VodMetadata } from './metadata';
import { chatDetail } from './progressText';
import type { TwitchAccess } from './twitchAccess';
import type { VodComment } from './types';

/** Where the download of the chat written to `outPath` keeps what it has received so far (hidden, beside it). */
export const chatCheckpointPath = (outPath: string): string => join(dirname(outPath), `.${basename(outPath)}.partial.jsonl`);

export interface VodChatOptions {
  /** Length to slice by: the playlist's when known (metadata says 0 for fresh VODs). */
  lengthSec: number;
  outPath: string;
  slices?: number;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

export async function downloadVodChatFile(access: TwitchAccess, metadata: VodMetadata, opts: VodChatOptions): Promise<{ messages: number }> {
  const report = opts.onProgress ?? (() => undefined);
  // The chat downloader retries each page itself (and re-plans slices); the client's own retries under
  // it only need to ride out a blip, or a dead network would take minutes to be reported.
  const client = new GqlClient(access.endpoints, { retries: 2, baseDelayMs: access.retry.baseDelayMs });
  // Beside the chat file: a download cut short goes on from what it had when run again.
  const checkpoint = fileChatCheckpoint(chatCheckpointPath(opts.outPath));
  let comments: VodComment[];
  try {
    comments = await downloadVodChat(client, metadata.vodId, {
      lengthSec: opts.lengthSec,
      slices: opts.slices,
      signal: opts.signal,
      retries: access.retry.retries,
      baseDelayMs: access.retry.baseDelayMs,
      onProgress: (p) => report({ fraction: p.fraction * 0.95, detail: chatDetail(p) }),
      checkpoint,
    });
  } finally {
    await checkpoint.close();
  }
  report({ fraction: 0.95, detail: `writing ${comments.length.toLocaleString('en-US')} messages` });
  await writeTwitchDownloaderChat(opts.outPath, {
    vod: {
      id: metadata.vodId,
      title: metadata.title,
      createdAt: metadata.createdAt,
      lengthSec: opts.lengthSec || metadata.lengthSec,
      channel: metadata.owner,
      game: metadata.game,
    },
    comments,
  });
  // Only now: until the chat file is complete, the checkpoint is the only copy of what was received.
  await checkpoint.remove();
  return { messages: comments.length };
}
