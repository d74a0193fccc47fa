// May smart export cut this file, and if not, why (in words for the user). Smart export joins copied
// packets of the source with frames it encodes itself, so it only runs where it knows how to make the
// two decodable as one stream: H.264 or HEVC, progressive, in a container whose packets it can seek to
// and copy, at a constant frame rate. What the packets around the ranges show (open GOPs, variable
// frame rate, decode delay) is checked where the pieces are planned (smartPlan.ts), and what the
// written pieces are is checked again after (pieceCheck.ts).
import type { VideoStreamFacts } from './videoPackets';

export const SMART_CODECS = ['h264', 'hevc'] as const;

/** Containers whose seeking ffmpeg does from an index (exact, at a keyframe), or MPEG-TS (by timestamps). */
export function containerKind(formatName: string): 'indexed' | 'mpegts' | null {
  if (/(^|,)(mov|mp4|matroska|webm)(,|$)/.test(formatName)) return 'indexed';
  if (/(^|,)mpegts(,|$)/.test(formatName)) return 'mpegts';
  return null;
}

/** Pixel formats the matching encoders (libx264/libx265) write as the source has them. */
const PIXEL_FORMATS: Record<(typeof SMART_CODECS)[number], readonly string[]> = {
  h264: ['yuv420p', 'yuvj420p', 'yuv422p', 'yuvj422p', 'yuv444p', 'yuvj444p', 'yuv420p10le', 'yuv422p10le', 'yuv444p10le'],
  hevc: ['yuv420p', 'yuvj420p', 'yuv420p10le'],
};

/** Highest frame rate smart export trusts itself to time exactly (and lowest that is not a slideshow). */
const MAX_FPS = 240;
const MIN_FPS = 1;

/** Null when the stream may be cut smartly, else the reason it may not. */
export function sourceCheck(facts: VideoStreamFacts): string | null {
  const codec = facts.codec as (typeof SMART_CODECS)[number];
  if (!SMART_CODECS.includes(codec)) {
    return `smart cutting handles H.264 and HEVC video; this video is ${codecName(facts.codec)}`;
  }
  if (containerKind(facts.formatName) === null) {
    return `smart cutting reads MP4, MOV, Matroska and MPEG-TS files; this one is ${facts.formatName}`;
  }
  if (facts.fieldOrder !== null && facts.fieldOrder !== 'progressive') return 'the video is interlaced';
  if (facts.width <= 0 || facts.height <= 0) return 'the video does not say its frame size';
  if (!facts.pixFmt || !PIXEL_FORMATS[codec].includes(facts.pixFmt)) {
    return `the video's pixel format (${facts.pixFmt ?? 'unknown'}) cannot be encoded to match it`;
  }
  if (facts.profile === null) return 'the video does not say its profile, which re-encoded frames must match';
  const rate = facts.frameRate;
  const fps = rate ? rate.num / rate.den : 0;
  if (!rate || fps < MIN_FPS || fps > MAX_FPS) return 'the video does not say a usable frame rate';
  return null;
}

function codecName(codec: string): string {
  const names: Record<string, string> = {
    mpeg4: 'MPEG-4 Part 2',
    vp9: 'VP9',
    vp8: 'VP8',
    av1: 'AV1',
    mpeg2video: 'MPEG-2',
    prores: 'ProRes',
    mjpeg: 'Motion JPEG',
  };
  return names[codec] ?? codec;
}
