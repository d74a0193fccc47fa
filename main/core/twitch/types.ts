// What the Twitch client hands the rest of the core: plain data, independent of Twitch's JSON shapes
// (those stay in the modules that parse them, so a change at Twitch touches one file).

/** One quality of a VOD as the master playlist lists it. */
export interface VodVariant {
  /** Display name, e.g. "1080p60" or "Audio Only". */
  name: string;
  /** Twitch's group id, e.g. "chunked", "720p60", "audio_only"; what `--quality` also accepts. */
  groupId: string;
  /** Absolute URL of the variant's media playlist. */
  url: string;
  bandwidth: number;
  resolution: { width: number; height: number } | null;
  fps: number | null;
  codecs: string | null;
  /** The original (untranscoded) quality: group "chunked" or IVS-VARIANT-SOURCE="source". */
  source: boolean;
  audioOnly: boolean;
}

/** One media segment of a variant, in playlist order. */
export interface VodSegment {
  /** Position in the playlist (0-based); stable across runs, so it names the file on disk. */
  index: number;
  /** As written in the playlist, e.g. "12.ts" or "12-muted.ts". */
  uri: string;
  /** Absolute URL. */
  url: string;
  durationSec: number;
  /** Sum of the durations before it: where it starts on the VOD's timeline. */
  startSec: number;
  /** "-muted" segments: Twitch replaced the audio with silence (copyright). */
  muted: boolean;
}

export interface MediaPlaylist {
  segments: VodSegment[];
  /** Sum of segment durations. */
  totalSec: number;
  /** #EXT-X-ENDLIST present: the VOD is complete (absent while the stream is still live). */
  ended: boolean;
  /** fMP4 VODs: absolute URL of the #EXT-X-MAP init segment; null for MPEG-TS. */
  initUrl: string | null;
}

/** A chat comment as Twitch returns it, reduced to what we keep (and what TwitchDownloader writes). */
export interface VodComment {
  id: string;
  /** Whole seconds from the start of the VOD. */
  offsetSec: number;
  createdAt: string;
  /** null for deleted accounts. */
  commenter: { id: string; login: string; displayName: string } | null;
  fragments: { text: string; emoteId: string | null }[];
  badges: { setId: string; version: string }[];
  color: string | null;
}
