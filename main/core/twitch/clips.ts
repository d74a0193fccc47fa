// Clips viewers made from a VOD: Twitch lists clips per channel (most viewed first), so page through
// the channel's clips and keep the ones cut from this VOD. Best effort: clips are a hint, never a
// reason for a VOD to fail to open.
import type { VodClip } from '../../../preload/contract';
import { clipsQuery } from './endpoints';
import type { GqlClient } from './gql';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);

export interface ClipPage {
  clips: (VodClip & { videoId: string | null })[];
  nextCursor: string | null;
}

export function parseClipPage(data: Json): ClipPage {
  const clips = obj(obj(data.user)?.clips);
  if (!clips) return { clips: [], nextCursor: null };
  const edges = Array.isArray(clips.edges) ? clips.edges : [];
  let lastCursor: string | null = null;
  const parsed: ClipPage['clips'] = [];
  for (const edge of edges) {
    const e = obj(edge);
    const node = obj(e?.node);
    if (typeof e?.cursor === 'string') lastCursor = e.cursor;
    if (!node || typeof node.slug !== 'string') continue;
    const offset = node.videoOffsetSeconds;
    if (typeof offset !== 'number') continue;
    parsed.push({
      slug: node.slug,
      title: typeof node.title === 'string' ? node.title : node.slug,
      offsetSec: offset,
      durationSec: Number(node.durationSeconds ?? 0) || 0,
      viewCount: Number(node.viewCount ?? 0) || 0,
      url: `https://clips.twitch.tv/${encodeURIComponent(node.slug)}`,
      videoId: typeof obj(node.video)?.id === 'string' ? (obj(node.video)!.id as string) : null,
    });
  }
  const hasNext = obj(clips.pageInfo)?.hasNextPage === true;
  return { clips: parsed, nextCursor: hasNext ? lastCursor : null };
}

/** Clips of this VOD, most viewed first; looks through at most `maxPages` pages of the channel's clips. */
export async function fetchVodClips(
  client: GqlClient,
  channelLogin: string,
  vodId: string,
  opts: { signal?: AbortSignal; maxPages?: number } = {},
): Promise<VodClip[]> {
  if (!/^[a-z0-9_]{1,40}$/i.test(channelLogin)) return [];
  const found: VodClip[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < (opts.maxPages ?? 10); page++) {
    const data = await client.request({ query: clipsQuery(channelLogin, cursor) }, { signal: opts.signal });
    const { clips, nextCursor } = parseClipPage(data);
    for (const { videoId, ...clip } of clips) if (videoId === vodId) found.push(clip);
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return found.sort((a, b) => b.viewCount - a.viewCount);
}
