// One place that turns the environment and the stored OAuth token into a ready Twitch client, and
// looks a VOD up (metadata and qualities) the way every shell needs it before downloading.
import { twitchEndpoints, type TwitchEndpoints } from './endpoints';
import { GqlClient, type GqlClientOptions } from './gql';
import { fetchVodMetadata, type VodMetadata } from './metadata';
import { fetchVariants } from './playback';
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

/** Metadata first (a missing VOD is named as such), then the playlists (subscriber-only, processing). */
export async function lookupVod(access: TwitchAccess, vodId: string, opts: { signal?: AbortSignal } = {}): Promise<VodLookup> {
  const metadata = await fetchVodMetadata(access.client, vodId, opts);
  const variants = await fetchVariants(access.endpoints, access.client, vodId, {
    oauthToken: access.oauthToken,
    signal: opts.signal,
    channel: metadata.owner.displayName,
    ...access.retry,
  });
  return { metadata, variants };
}
