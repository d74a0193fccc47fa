// Writes a downloaded chat as a TwitchDownloader chat JSON (file version 1.4), the format people
// already keep beside their VODs, so the file opens in Highlighter (importChat) and in the tools that
// read TwitchDownloader's output. A long stream is hundreds of MB of JSON: it is streamed in chunks,
// to a temporary file renamed into place only when complete, so a failed write never leaves a
// half-written chat that looks like a real one.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors';
import type { VodComment } from './types';

export interface DownloadedChat {
  vod: {
    id: string;
    title: string;
    createdAt: string;
    lengthSec: number;
    channel: { id: string; login: string; displayName: string };
    game?: string | null;
  };
  comments: VodComment[];
}

/** Comments serialised per write: big enough to be cheap, small enough to keep memory flat. */
const COMMENTS_PER_CHUNK = 1000;

/** TwitchDownloader writes numeric ids as numbers where Twitch's are numeric. */
function numericId(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

function commentJson(c: VodComment, channelId: string, vodId: string): string {
  return JSON.stringify({
    _id: c.id,
    created_at: c.createdAt,
    channel_id: channelId,
    content_type: 'video',
    content_id: vodId,
    content_offset_seconds: c.offsetSec,
    // The replay API does not return the account's dates or picture; TwitchDownloader leaves them
    // null too when it has none.
    commenter: c.commenter && {
      display_name: c.commenter.displayName,
      _id: c.commenter.id,
      name: c.commenter.login,
      type: null,
      bio: null,
      created_at: null,
      updated_at: null,
      logo: null,
    },
    message: {
      body: c.fragments.map((f) => f.text).join(''),
      bits_spent: 0,
      fragments: c.fragments.map((f) => ({ text: f.text, emoticon: f.emoteId === null ? null : { emoticon_id: f.emoteId } })),
      user_badges: c.badges.map((b) => ({ _id: b.setId, version: b.version })),
      user_color: c.color,
      user_notice_params: {},
      emoticons: [],
    },
  });
}

function* documentChunks(chat: DownloadedChat): Generator<string> {
  const { vod, comments } = chat;
  const now = new Date().toISOString();
  // A fresh VOD can report length 0; the chat itself says how far it runs.
  const lastOffset = comments.length > 0 ? comments[comments.length - 1]!.offsetSec : 0;
  const length = vod.lengthSec > 0 ? vod.lengthSec : Math.ceil(lastOffset);
  const header = JSON.stringify({
    FileInfo: { Version: { Major: 1, Minor: 4, Patch: 0 }, CreatedAt: now, UpdatedAt: now },
    streamer: { name: vod.channel.displayName || vod.channel.login, id: numericId(vod.channel.id) },
    video: {
      title: vod.title,
      description: null,
      id: vod.id,
      created_at: vod.createdAt,
      start: 0,
      end: length,
      length,
      viewCount: 0,
      game: vod.game ?? null,
      chapters: [],
    },
  });
  yield `${header.slice(0, -1)},"comments":[`;
  for (let i = 0; i < comments.length; i += COMMENTS_PER_CHUNK) {
    const part: string[] = [];
    for (let j = i; j < Math.min(comments.length, i + COMMENTS_PER_CHUNK); j++) {
      part.push(commentJson(comments[j]!, vod.channel.id, vod.id));
    }
    yield (i > 0 ? ',' : '') + part.join(',');
  }
  yield '],"embeddedData":null}';
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'the folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EISDIR') return 'a folder has that name';
  return error instanceof Error ? error.message : String(error);
}

/** Streams the chat to `path` (via a temporary file beside it); the file appears only when complete. */
export async function writeTwitchDownloaderChat(path: string, chat: DownloadedChat): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  try {
    // pipeline: backpressure (chunks are made only as the disk takes them) and errors from either end.
    await pipeline(Readable.from(documentChunks(chat)), createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new AppError('OUTPUT_UNWRITABLE', `Cannot write the chat file "${basename(path)}": ${reasonOf(error)}.`, { cause: error });
  }
}
