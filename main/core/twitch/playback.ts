// From a VOD id to its playlists: playback token (GQL), master playlist (usher), media playlist (CDN).
// Each known refusal becomes its own error: processing, subscriber-only, gone.
import { AppError } from '../errors';
import { masterPlaylistUrl, playbackTokenQuery, type TwitchEndpoints } from './endpoints';
import type { GqlClient } from './gql';
import { HttpStatusError, httpText, isTransient, networkError } from './http';
import { vodNotFound } from './metadata';
import { parseMasterPlaylist, parseMediaPlaylist } from './playlists';
import { withRetry } from './retry';
import type { MediaPlaylist, VodVariant } from './types';

export interface PlaybackToken {
  value: string;
  signature: string;
}

export interface AccessOptions {
  oauthToken?: string | null;
  signal?: AbortSignal;
  retries?: number;
  baseDelayMs?: number;
}

export function playbackTokenOperation(vodId: string): object {
  return { query: playbackTokenQuery(vodId) };
}

export async function fetchPlaybackToken(client: GqlClient, vodId: string, opts: AccessOptions = {}): Promise<PlaybackToken> {
  const data = await client.request(playbackTokenOperation(vodId), { oauthToken: opts.oauthToken, signal: opts.signal });
  return parsePlaybackToken(vodId, data);
}

export function parsePlaybackToken(vodId: string, data: Record<string, unknown>): PlaybackToken {
  const token = data.videoPlaybackAccessToken as { value?: unknown; signature?: unknown } | null | undefined;
  if (token === undefined) {
    throw new AppError('TWITCH_CHANGED', "Twitch's answer has no playback token field. Twitch may have changed its API.");
  }
  if (token === null || typeof token.value !== 'string' || typeof token.signature !== 'string') {
    throw new AppError(
      'VOD_PROCESSING',
      `Twitch has no playback access for VOD ${vodId} yet: it is still being processed (this can take up to about 30 minutes after the stream). Try again later.`,
    );
  }
  return { value: token.value, signature: token.signature };
}

async function fetchPlaylist(url: string, opts: AccessOptions): Promise<string> {
  return withRetry(() => httpText(url, { signal: opts.signal, timeoutMs: 20_000 }), {
    retries: opts.retries ?? 5,
    baseDelayMs: opts.baseDelayMs ?? 500,
    signal: opts.signal,
    isRetryable: isTransient,
  });
}

export async function fetchVariants(
  endpoints: TwitchEndpoints,
  client: GqlClient,
  vodId: string,
  opts: AccessOptions & { channel?: string } = {},
): Promise<VodVariant[]> {
  const token = await fetchPlaybackToken(client, vodId, opts);
  return fetchMasterVariants(endpoints, vodId, token, opts);
}

/** The master playlist's variants, with a playback token already in hand. */
export async function fetchMasterVariants(
  endpoints: TwitchEndpoints,
  vodId: string,
  token: PlaybackToken,
  opts: AccessOptions & { channel?: string } = {},
): Promise<VodVariant[]> {
  const url = masterPlaylistUrl(endpoints, vodId, token);
  let text: string;
  try {
    text = await fetchPlaylist(url, opts);
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 403) {
      if (/vod_manifest_restricted|unauthorized_entitlements/i.test(error.body)) {
        const who = opts.channel ? ` of ${opts.channel}` : '';
        throw new AppError(
          'VOD_SUBSCRIBER_ONLY',
          opts.oauthToken
            ? `VOD ${vodId} is for subscribers${who} only, and the saved OAuth token does not unlock it. Paste the token of an account that can watch it.`
            : `VOD ${vodId} is for subscribers${who} only. Paste the OAuth token of an account that can watch it to download it.`,
        );
      }
      throw new AppError('TWITCH_CHANGED', `Twitch refused the playlist of VOD ${vodId} (HTTP 403). Twitch may have changed its API.`);
    }
    if (error instanceof HttpStatusError && (error.status === 404 || error.status === 410)) throw vodNotFound(vodId);
    if (error instanceof HttpStatusError && !isTransient(error)) {
      throw new AppError('TWITCH_CHANGED', `Twitch refused the playlist of VOD ${vodId} (HTTP ${error.status}). Twitch may have changed its API.`);
    }
    throw networkError(error, `load the playlist of VOD ${vodId}`);
  }
  return parseMasterPlaylist(text, url);
}

export async function fetchMediaPlaylist(variant: VodVariant, opts: AccessOptions = {}): Promise<MediaPlaylist> {
  let text: string;
  try {
    text = await fetchPlaylist(variant.url, opts);
  } catch (error) {
    if (error instanceof HttpStatusError && !isTransient(error)) {
      throw new AppError('TWITCH_CHANGED', `Twitch refused the ${variant.name} playlist (HTTP ${error.status}). Twitch may have changed its API.`);
    }
    throw networkError(error, `load the ${variant.name} playlist`);
  }
  const playlist = parseMediaPlaylist(text, variant.url);
  if (playlist.segments.length === 0) {
    throw new AppError('VOD_PROCESSING', 'The VOD has no video segments yet. Twitch may still be processing it; try again later.');
  }
  return playlist;
}
