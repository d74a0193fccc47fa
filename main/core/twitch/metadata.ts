// A VOD's metadata (title, channel, length, date, thumbnail, chapters) from one GQL query.
import { AppError } from '../errors';
import { vodMetadataQuery } from './endpoints';
import type { GqlClient } from './gql';

export interface VodMetadata {
  vodId: string;
  title: string;
  /** 0 while Twitch is still processing a fresh VOD. */
  lengthSec: number;
  createdAt: string;
  broadcastType: string | null;
  owner: { id: string; login: string; displayName: string };
  thumbnailUrl: string | null;
  game: string | null;
  chapters: { startSec: number; durationSec: number; description: string }[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function vodNotFound(vodId: string): AppError {
  return new AppError(
    'VOD_NOT_FOUND',
    `Twitch has no VOD ${vodId}: it was deleted, has expired, or the number is wrong. Check the link on twitch.tv.`,
  );
}

export function parseVodMetadata(vodId: string, data: Json): VodMetadata {
  if (!('video' in data)) throw changed('the answer has no "video"');
  const video = obj(data.video);
  if (!video) throw vodNotFound(vodId);
  const owner = obj(video.owner);
  const title = str(video.title);
  if (title === null) throw changed('the VOD has no title');
  if (!owner || str(owner.login) === null) throw changed('the VOD has no channel');
  const edges = Array.isArray(obj(video.moments)?.edges) ? (obj(video.moments)!.edges as unknown[]) : [];
  const chapters = edges.flatMap((edge) => {
    const node = obj(obj(edge)?.node);
    if (!node) return [];
    return [
      {
        startSec: Number(node.positionMilliseconds ?? 0) / 1000,
        durationSec: Number(node.durationMilliseconds ?? 0) / 1000,
        description: str(node.description) ?? '',
      },
    ];
  });
  const thumbnail = str(video.previewThumbnailURL);
  return {
    vodId,
    title,
    lengthSec: Number(video.lengthSeconds ?? 0) || 0,
    createdAt: str(video.createdAt) ?? '',
    broadcastType: str(video.broadcastType),
    owner: { id: str(owner.id) ?? '', login: str(owner.login)!, displayName: str(owner.displayName) ?? str(owner.login)! },
    // Twitch points processing VODs at a "404_processing" placeholder image.
    thumbnailUrl: thumbnail && !/404_processing/.test(thumbnail) ? thumbnail : null,
    game: str(obj(video.game)?.displayName),
    chapters,
  };
}

/**
 * The chapters as the editor shows them: in time order, each ending where it says or, when Twitch
 * gives no length, where the next begins (the last one at the VOD's end).
 */
export function vodChapters(metadata: Pick<VodMetadata, 'chapters' | 'lengthSec'>): { title: string; start: number; end: number }[] {
  const sorted = [...metadata.chapters].filter((c) => Number.isFinite(c.startSec) && c.startSec >= 0).sort((a, b) => a.startSec - b.startSec);
  return sorted.map((c, i) => {
    const next = sorted[i + 1]?.startSec;
    const end = c.durationSec > 0 ? c.startSec + c.durationSec : (next ?? Math.max(c.startSec, metadata.lengthSec));
    return { title: c.description, start: c.startSec, end };
  });
}

export async function fetchVodMetadata(client: GqlClient, vodId: string, opts: { signal?: AbortSignal } = {}): Promise<VodMetadata> {
  const data = await client.request({ query: vodMetadataQuery(vodId) }, { signal: opts.signal });
  return parseVodMetadata(vodId, data);
}

function changed(what: string): AppError {
  return new AppError('TWITCH_CHANGED', `Twitch's VOD details look different than expected (${what}). Twitch may have changed its API.`);
}
