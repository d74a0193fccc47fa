// Everything Highlighter knows about where and how to talk to Twitch, in one place: the API is private
// and has changed under every downloader several times, so a change there should be a change here.
// See ../shared/twitch.md for where each fact comes from.

export interface TwitchEndpoints {
  /** GraphQL endpoint (HIGHLIGHTER_TWITCH_GQL_URL). */
  gqlUrl: string;
  /** Playlist host; master playlists are `${usherUrl}/vod/v2/${id}.m3u8` (HIGHLIGHTER_TWITCH_USHER_URL). */
  usherUrl: string;
}

export const DEFAULT_ENDPOINTS: TwitchEndpoints = {
  gqlUrl: 'https://gql.twitch.tv/gql',
  usherUrl: 'https://usher.ttvnw.net',
};

/** Endpoints with the environment's overrides (tests point these at a fake Twitch on loopback). */
export function twitchEndpoints(env: NodeJS.ProcessEnv = process.env): TwitchEndpoints {
  return {
    gqlUrl: env.HIGHLIGHTER_TWITCH_GQL_URL?.trim() || DEFAULT_ENDPOINTS.gqlUrl,
    usherUrl: (env.HIGHLIGHTER_TWITCH_USHER_URL?.trim() || DEFAULT_ENDPOINTS.usherUrl).replace(/\/+$/, ''),
  };
}

/** The web client: metadata, playback token, clips. */
export const WEB_CLIENT_ID = 'kimne78kx3ncx6brgo4mv6wki5h1ko';
/** Comments: the web id fails Twitch's integrity check there since May 2023. */
export const COMMENTS_CLIENT_ID = 'kd1unb4b3q4t58fwlpcbzcbnm76a8fp';

/** Ids are digits only (vodRef guarantees it), so they can be placed in query text safely. */
export function vodMetadataQuery(vodId: string): string {
  return `query { video(id: "${vodId}") { title lengthSeconds createdAt broadcastType owner { id login displayName } previewThumbnailURL(width: 320, height: 180) game { displayName } seekPreviewsURL moments(momentRequestType: VIDEO_CHAPTER_MARKERS) { edges { node { positionMilliseconds durationMilliseconds description } } } } }`;
}

export function playbackTokenQuery(vodId: string): string {
  return `query { videoPlaybackAccessToken(id: "${vodId}", params: {platform: "web", playerBackend: "mediaplayer", playerType: "site"}) { value signature } }`;
}

/** Logins are [a-z0-9_] (checked by the caller); `after` is JSON-quoted. */
export function clipsQuery(login: string, after: string | null): string {
  const cursor = after === null ? 'null' : JSON.stringify(after);
  return `query { user(login: "${login}") { clips(first: 100, after: ${cursor}, criteria: {period: ALL_TIME, sort: VIEWS_DESC}) { edges { cursor node { slug title durationSeconds viewCount videoOffsetSeconds video { id } } } pageInfo { hasNextPage } } } }`;
}

export const COMMENTS_OPERATION = 'VideoCommentsByOffsetOrCursor';
export const COMMENTS_QUERY_HASH = 'b70a3591ff0f4e0313d126c6a1502d79a1c02baebb288227c582044aa76adf6a';

export function commentsOperation(vodId: string, from: { offsetSec: number } | { cursor: string }): object {
  const variables = 'cursor' in from ? { videoID: vodId, cursor: from.cursor } : { videoID: vodId, contentOffsetSeconds: Math.max(0, Math.floor(from.offsetSec)) };
  return {
    operationName: COMMENTS_OPERATION,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: COMMENTS_QUERY_HASH } },
  };
}

/** Master playlist URL with the query Twitch's player sends. */
export function masterPlaylistUrl(endpoints: TwitchEndpoints, vodId: string, token: { value: string; signature: string }): string {
  const params = new URLSearchParams({
    sig: token.signature,
    token: token.value,
    allow_source: 'true',
    allow_audio_only: 'true',
    playlist_include_framerate: 'true',
    include_unavailable: 'true',
    platform: 'web',
    p: String(Math.floor(Math.random() * 9_000_000) + 1_000_000),
  });
  return `${endpoints.usherUrl}/vod/v2/${vodId}.m3u8?${params.toString()}`;
}
