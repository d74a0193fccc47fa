// One page of chat replay (VideoCommentsByOffsetOrCursor) from Twitch's JSON to VodComments. The only
// place that knows the shape, so a change at Twitch is a change here, and a missing field is reported
// by name rather than as an `undefined` deep inside the download.
import { AppError } from '../errors';
import type { VodComment } from './types';

export interface CommentsPage {
  /** In Twitch's order (by offset); each carries the cursor that asks for the page after it. */
  comments: (VodComment & { cursor: string })[];
  hasNextPage: boolean;
}

type JsonRecord = Record<string, unknown>;
const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

function changed(what: string): AppError {
  return new AppError(
    'TWITCH_CHANGED',
    `Twitch's chat replay answer has no ${what}. Twitch may have changed its private API; a newer Highlighter is needed.`,
  );
}

function record(value: unknown, path: string): JsonRecord {
  if (!isRecord(value)) throw changed(path);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw changed(path);
  return value;
}

/** Absent and null are both "none" for fields Twitch leaves out when empty. */
function optionalString(value: unknown, path: string): string | null {
  if (value === null || value === undefined) return null;
  return string(value, path);
}

function commenterOf(value: unknown, path: string): VodComment['commenter'] {
  if (value === null || value === undefined) return null; // deleted account
  const c = record(value, path);
  const login = optionalString(c.login, `${path}.login`) ?? '';
  return {
    id: string(c.id, `${path}.id`),
    login,
    displayName: optionalString(c.displayName, `${path}.displayName`) || login,
  };
}

function fragmentsOf(value: unknown, path: string): VodComment['fragments'] {
  if (!Array.isArray(value)) throw changed(path);
  return value.map((f, i) => {
    const fragment = record(f, `${path}[${i}]`);
    const emote = fragment.emote;
    let emoteId: string | null = null;
    if (emote !== null && emote !== undefined) {
      const e = record(emote, `${path}[${i}].emote`);
      // emoteID, not id: the embedded emote's `id` is "<emoteID>;<from>;<to>", a position, not the emote.
      emoteId = string(e.emoteID, `${path}[${i}].emote.emoteID`);
    }
    return { text: optionalString(fragment.text, `${path}[${i}].text`) ?? '', emoteId };
  });
}

function badgesOf(value: unknown, path: string): VodComment['badges'] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw changed(path);
  const badges: VodComment['badges'] = [];
  value.forEach((b, i) => {
    if (b === null) return;
    const badge = record(b, `${path}[${i}]`);
    badges.push({ setId: string(badge.setID, `${path}[${i}].setID`), version: String(badge.version ?? '') });
  });
  return badges;
}

function commentOf(edge: unknown, path: string): VodComment & { cursor: string } {
  const e = record(edge, path);
  const node = record(e.node, `${path}.node`);
  const offset = node.contentOffsetSeconds;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) throw changed(`${path}.node.contentOffsetSeconds`);
  const message = record(node.message, `${path}.node.message`);
  return {
    id: string(node.id, `${path}.node.id`),
    offsetSec: offset,
    createdAt: optionalString(node.createdAt, `${path}.node.createdAt`) ?? '',
    commenter: commenterOf(node.commenter, `${path}.node.commenter`),
    fragments: fragmentsOf(message.fragments, `${path}.node.message.fragments`),
    badges: badgesOf(message.userBadges, `${path}.node.message.userBadges`),
    color: optionalString(message.userColor, `${path}.node.message.userColor`) || null,
    // Only the last edge's cursor is ever used, so a missing one elsewhere is no reason to fail.
    cursor: optionalString(e.cursor, `${path}.cursor`) ?? '',
  };
}

/**
 * Parses the `data` of one answer. null when `video.comments` is null: Twitch does that transiently
 * and the same page must be asked again. `video: null` is an unknown, deleted or expired VOD.
 */
export function parseCommentsPage(data: unknown): CommentsPage | null {
  const root = record(data, 'data');
  if (!('video' in root)) throw changed('data.video');
  if (root.video === null) {
    throw new AppError('VOD_NOT_FOUND', 'Twitch has no such VOD (it may have been deleted or expired), so its chat cannot be downloaded.');
  }
  const video = record(root.video, 'data.video');
  if (video.comments === null) return null;
  const comments = record(video.comments, 'video.comments');
  if (!Array.isArray(comments.edges)) throw changed('video.comments.edges');
  const pageInfo = record(comments.pageInfo, 'video.comments.pageInfo');
  if (typeof pageInfo.hasNextPage !== 'boolean') throw changed('video.comments.pageInfo.hasNextPage');
  const parsed = comments.edges.map((edge, i) => commentOf(edge, `video.comments.edges[${i}]`));
  const last = parsed[parsed.length - 1];
  if (pageInfo.hasNextPage && last !== undefined && last.cursor === '') {
    throw changed('cursor on the last comment of a page that has a next page');
  }
  return { comments: parsed, hasNextPage: pageInfo.hasNextPage };
}
