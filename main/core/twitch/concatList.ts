// The ffconcat list that joins a VOD's segments, and the ffmpeg command that reads it. Pure.
import { ffconcatQuote, secs } from '../media/ffmpegTime';

export interface ConcatEntry {
  /** Absolute, or relative to the list's folder. */
  path: string;
  /** The playlist's EXTINF. */
  durationSec: number;
  /**
   * How much earlier than its first video frame the file starts (an audio or data packet ahead of the
   * keyframe, e.g. the AAC priming frame of a VOD's first segment); 0 when unknown.
   */
  leadSec?: number;
}

/**
 * `file` + `duration` per segment. The durations come from the playlist: without them the demuxer
 * places each segment after its longest stream, and the audio that overhangs the video at every segment
 * end would add up to a drift over thousands of segments.
 *
 * The demuxer lines up each file's earliest packet (not its first video frame) with the end of the
 * previous entry, so a file that starts `lead` early would land `lead` late: the previous entry is
 * shortened and the file's own entry lengthened by that much, which puts every segment's first video
 * frame exactly where the playlist says and keeps the audio continuous across the boundary.
 */
export function segmentConcatList(entries: readonly ConcatEntry[]): string {
  const lines = ['ffconcat version 1.0'];
  entries.forEach((entry, i) => {
    const duration = entry.durationSec + (entry.leadSec ?? 0) - (entries[i + 1]?.leadSec ?? 0);
    lines.push(`file ${ffconcatQuote(entry.path)}`, `duration ${secs(duration)}`);
  });
  return `${lines.join('\n')}\n`;
}

export interface ConcatJoinInput {
  listPath: string;
  outPath: string;
  /** The segments' audio is AAC: MPEG-TS carries it with ADTS headers, which MP4 does not accept. */
  aacAudio: boolean;
}

/**
 * Stream copy of the listed segments into one MP4. First video and first audio only (Twitch segments
 * also carry a timed-ID3 data stream, which MP4 cannot hold); either may be absent (audio-only VODs,
 * video-only ones). The index goes first so the file plays while it is still being read.
 *
 * Timestamps start at zero whatever the first segment's PTS (~1.4 s in MPEG-TS): the concat demuxer
 * starts the first file at zero and ffmpeg keeps that (B-frame delay in an edit list). Not
 * `-avoid_negative_ts make_zero`: that shifts the first *decoding* time to zero, which with B-frames
 * (most x264 VODs) starts the file at 0.045 s and its picture two frames late.
 */
export function concatJoinArgs(input: ConcatJoinInput): string[] {
  return [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats',
    '-f', 'concat', '-safe', '0', '-i', input.listPath,
    '-map', '0:v:0?', '-map', '0:a:0?',
    '-c', 'copy',
    ...(input.aacAudio ? ['-bsf:a', 'aac_adtstoasc'] : []),
    '-movflags', '+faststart',
    '-f', 'mp4',
    input.outPath,
  ];
}
