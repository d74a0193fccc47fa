// One place that turns the environment and the stored OAuth token into a ready Twitch client, and
// looks a VOD up (metadata and qualities) the way every shell needs it before downloading.
import { twitchEndpoints, vodMetadataQuery, type TwitchEndpoints } from './endpoints';
import { GqlClient, type GqlClientOptions } from './gql';
import { parseVodMetadata, type VodMetadata } from './metadata';
import { fetchMasterVariants, parsePlaybackToken, playbackTokenOperation } from './playback';
import type { VodVariant } from './types';

export interface TwitchAccess {
  endpoints: TwitchEndpoints;
  client: GqlClient;
  /** Sent only with the playback-token request; never logged. */
  oauthToken: string | null;
  retry: { retries: number; baseDelayMs: number };
}

/** HIGHLIGHTER_TWITCH_RETRY_MS shortens back-off (tests and benches against the fake Twitch). */
export function twitchAccess(env: NodeJS.ProcessEnv, oauthToken: string | null = null, opts: GqlClientOptions = {}): TwitchAccess {
  const fromEnv = Number(env.HIGHLIGHTER_TWITCH_RETRY_MS);
  const baseDelayMs = opts.baseDelayMs ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 500);
  const retries = opts.retries ?? 5;
  const endpoints = twitchEndpoints(env);
  return {
    endpoints,
    client: new GqlClient(endpoints, { ...opts, retries, baseDelayMs }),
    oauthToken,
    retry: { retries, baseDelayMs },
  };
}

export interface VodLookup {
  metadata: VodMetadata;
  variants: VodVariant[];
}

/**
 * Metadata and playback token in one batched GQL round trip, then the master playlist. The metadata is
 * judged first, so a missing VOD is named as such rather than as a missing token; then processing (no
 * token) and subscriber-only (the playlist refused).
 */
export async function lookupVod(access: TwitchAccess, vodId: string, opts: { signal?: AbortSignal } = {}): Promise<VodLookup> {
  const [metadataData, tokenData] = await access.client.batch([{ query: vodMetadataQuery(vodId) }, playbackTokenOperation(vodId)], {
    oauthToken: access.oauthToken,
    signal: opts.signal,
  });
  const metadata = parseVodMetadata(vodId, metadataData!);
  const token = parsePlaybackToken(vodId, tokenData!);
  const variants = await fetchMasterVariants(access.endpoints, vodId, token, {
    signal: opts.signal,
    oauthToken: access.oauthToken,
    channel: metadata.owner.displayName,
    ...access.retry,
  });
  return { metadata, variants };
}
