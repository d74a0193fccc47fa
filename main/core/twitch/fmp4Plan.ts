// The pure parts of joining an fMP4 VOD (fmp4Join.ts runs them): local HLS playlists over the
// downloaded files, how the segments split into pieces, the ffmpeg/ffprobe commands, and how ffprobe's
// packet listing of one segment is read.
import { ffconcatQuote, secs } from '../media/ffmpegTime';
import { audioParamsOf, ffmpegSeconds, silenceStreamMaps, type AudioParams, type FfprobeStreamJson, type SegmentStreams, type SilenceSpan } from './segmentStreams';
import type { VodSegment } from './types';

export interface LocalSegment {
  /** Relative to the playlist, '/'-separated. */
  uri: string;
  /** The Twitch playlist's EXTINF. */
  durationSec: number;
}

/**
 * A VOD media playlist over files on disk: the init segment as #EXT-X-MAP, then the segments. ffmpeg's
 * HLS demuxer reads it as one stream, init segment first, exactly as a player would read Twitch's.
 */
export function localMediaPlaylist(initUri: string, segments: readonly LocalSegment[]): string {
  const target = Math.max(1, ...segments.map((s) => Math.ceil(s.durationSec - 1e-6)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXT-X-MAP:URI="${initUri}"`,
  ];
  for (const s of segments) lines.push(`#EXTINF:${secs(s.durationSec)},`, s.uri);
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/**
 * One entry of the join: a run of consecutive segments read through a local playlist (their
 * timestamps continue, so they need nothing else), or a muted segment rewritten on its own.
 */
export type Fmp4Piece = { kind: 'run'; segments: VodSegment[] } | { kind: 'rewritten'; segment: VodSegment };

/** Splits the (sorted) segments at gaps in the index (partial exports) and around rewritten ones. Pure. */
export function fmp4Pieces(segments: readonly VodSegment[], rewritten: ReadonlySet<number>): Fmp4Piece[] {
  const pieces: Fmp4Piece[] = [];
  let previous: VodSegment | null = null;
  for (const s of segments) {
    const last = pieces[pieces.length - 1];
    if (rewritten.has(s.index)) pieces.push({ kind: 'rewritten', segment: s });
    else if (last?.kind === 'run' && previous && s.index === previous.index + 1) last.segments.push(s);
    else pieces.push({ kind: 'run', segments: [s] });
    previous = s;
  }
  return pieces;
}

/** Streams and every packet's time of one segment (read through a one-segment local playlist). */
export function fmp4ProbeArgs(playlistPath: string): string[] {
  return [
    '-v', 'error',
    '-show_entries', 'stream=index,codec_type,codec_name,profile,sample_rate,channels,channel_layout:packet=stream_index,pts_time,dts_time',
    '-of', 'json', playlistPath,
  ];
}

interface ProbeJson {
  streams?: FfprobeStreamJson[];
  packets?: { stream_index?: number; pts_time?: string; dts_time?: string }[];
}

export interface Fmp4SegmentStreams extends SegmentStreams {
  /**
   * Decoding time of the first video packet. Segmenters cut the packet stream in decoding order, at the
   * keyframe: with B-frames that is earlier than its presentation time (videoStartSec), and the audio
   * frames before it went to the previous segment.
   */
  videoDecodeStartSec: number | null;
}

/**
 * Pure: fmp4ProbeArgs' listing -> SegmentStreams. Start times come from the packets: the init segment
 * declares the audio track for every segment, so a segment without audio samples still lists the
 * stream (with a made-up start time); `audio` is null for it, as for an MPEG-TS segment without audio.
 */
export function fmp4StreamsFromJson(json: string): Fmp4SegmentStreams {
  let data: ProbeJson;
  try {
    data = JSON.parse(json) as ProbeJson;
  } catch {
    data = {};
  }
  const streams = (data.streams ?? []).slice().sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const firstPts = new Map<number, number>();
  const firstDts = new Map<number, number>();
  const earliest = (into: Map<number, number>, stream: number, raw: string | undefined) => {
    // ffprobe writes "N/A" for an unknown time.
    const t = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
    if (Number.isFinite(t)) into.set(stream, Math.min(into.get(stream) ?? Infinity, t));
  };
  for (const p of data.packets ?? []) {
    if (p.stream_index === undefined) continue;
    earliest(firstPts, p.stream_index, p.pts_time);
    earliest(firstDts, p.stream_index, p.dts_time);
  }
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  const startOf = (s: typeof video, times = firstPts) => (s?.index === undefined ? null : (times.get(s.index) ?? null));
  const audioStartSec = startOf(audio);
  const starts = [...firstPts.values()];
  return {
    videoIndex: video?.index ?? null,
    audioIndex: audio?.index ?? null,
    startSec: starts.length > 0 ? Math.min(...starts) : null,
    videoStartSec: startOf(video),
    videoDecodeStartSec: startOf(video, firstDts),
    audioStartSec,
    audio:
      audio && audioStartSec !== null
        ? audioParamsOf(audio)
        : null,
  };
}

/**
 * Silence encoded like the VOD's audio, `packets` packets of it, in a file whose packet times follow
 * from their order alone (ADTS for AAC, NUT otherwise): copied behind an -itsoffset, its packets then
 * fall exactly on the VOD's grid. (Encoded straight into the MP4 instead, the encoder's priming packet
 * would come first, a frame before the grid point.)
 */
export function silenceSourceArgs(input: { audio: AudioParams; packets: number; durationSec: number; output: string }): string[] {
  const { audio } = input;
  const aac = audio.codec === 'aac';
  const layout = audio.channelLayout ?? `${audio.channels}c`;
  return [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `anullsrc=r=${audio.sampleRate}:cl=${layout}`,
    '-c:a', audio.codec,
    ...(aac && audio.profile === 'LC' ? ['-profile:a', 'aac_low'] : []),
    '-ar', String(audio.sampleRate), '-ac', String(audio.channels),
    ...(input.packets > 0 ? ['-frames:a', String(input.packets)] : ['-t', fixed(input.durationSec)]),
    '-f', aac ? 'adts' : 'nut',
    input.output,
  ];
}

export interface Fmp4RewriteInput {
  /** One-segment local playlist of the muted segment. */
  input: string;
  /** From silenceSourceArgs (at least span.packets packets). */
  silence: string;
  output: string;
  reference: SegmentStreams;
  span: SilenceSpan;
}

/**
 * A muted segment without audio samples as a standalone MP4: its video copied with its timestamps, the
 * silence copied from span.startSec on (span.packets packets), streams in the reference's order. The
 * movie timescale is raised so that the edit list placing the audio keeps its sub-millisecond offset
 * (at the default 1/1000 s the audio would land up to half a millisecond off the grid). Pure.
 */
export function fmp4SilenceRewriteArgs(input: Fmp4RewriteInput): string[] {
  const maps = silenceStreamMaps(input.reference);
  return [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-copyts',
    '-i', input.input,
    '-itsoffset', fixed(input.span.startSec),
    '-i', input.silence,
    ...maps,
    '-c', 'copy',
    ...(input.span.packets > 0 ? ['-frames:a', String(input.span.packets)] : []),
    '-movie_timescale', '90000',
    '-f', 'mp4',
    input.output,
  ];
}

export interface Fmp4ConcatEntry {
  /** A local playlist (a run) or a rewritten segment. */
  path: string;
  /** EXTINF sum of the entry. */
  durationSec: number;
  /** As ConcatEntry.leadSec: how far ahead of its first video frame the entry starts. */
  leadSec: number;
}

/**
 * The ffconcat list of the pieces. The concat demuxer places each entry after the previous one's
 * `duration` (so runs of a partial export land back to back, at their EXTINF sums) and opens a local
 * playlist entry with the HLS demuxer. Durations are corrected for leads as in segmentConcatList. Pure.
 */
export function fmp4ConcatList(entries: readonly Fmp4ConcatEntry[]): string {
  const lines = ['ffconcat version 1.0'];
  entries.forEach((entry, i) => {
    const duration = entry.durationSec + entry.leadSec - (entries[i + 1]?.leadSec ?? 0);
    lines.push(`file ${ffconcatQuote(entry.path)}`, `duration ${secs(duration)}`);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * Stream copy of the pieces into one MP4, index first. Unlike the MPEG-TS join: no ADTS-to-MP4 audio
 * filter (fMP4 audio is already MP4's), and no `-avoid_negative_ts make_zero`: that shifts the first
 * *decoding* time to zero, which with B-frames (HEVC) leaves the picture starting two frames late;
 * ffmpeg's default (the input's start subtracted, B-frame delay in an edit list) starts it at zero.
 */
export function fmp4ConcatArgs(input: { listPath: string; outPath: string }): string[] {
  return [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats',
    '-f', 'concat', '-safe', '0', '-i', input.listPath,
    '-map', '0:v:0?', '-map', '0:a:0?',
    '-c', 'copy',
    '-movflags', '+faststart',
    '-f', 'mp4',
    input.outPath,
  ];
}

const fixed = ffmpegSeconds;
