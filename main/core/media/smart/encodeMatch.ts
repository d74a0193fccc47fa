// Encoder arguments for the frames smart export re-encodes, chosen so that they and the copied packets
// play as one stream: same codec, profile, level, pixel format and colour description (the size and
// the sample aspect ratio come with the decoded frames), and the same decode delay. The parameter
// sets need not be identical: every piece starts with an IDR frame that carries its own SPS/PPS
// in-band (MPEG-TS pieces, see smartExport.ts), and x264's are given another id (sps-id=1) so a
// decoder never sees one id redefined.
//
// The decode delay (how long a keyframe is decoded before it is shown, the B-frame reorder delay) must
// be the same in every piece: the joined stream's decode times have to rise across each seam, and a
// piece with a longer delay after one with a shorter delay would start decoding before the other ended.
// x264 and x265 have it fixed by their B-frame settings: none = 0 frames, B-frames without pyramid = 1,
// with pyramid = 2. A source with a longer delay is not smart-cut.
import type { VideoStreamFacts } from './videoPackets';

/** x264 CRF of re-encoded frames: a notch above accurate mode's 20, as they sit between untouched ones. */
export const SMART_X264_CRF = 18;
/** x265's CRF scale sits lower: 20 there looks like x264's 18. */
export const SMART_X265_CRF = 20;
/**
 * x264's fastest preset, with back what it turns off that shows or that the profile needs: the
 * deblocking filter and adaptive quantisation, CABAC (Main and up) and 8x8 transforms (High and up,
 * which x264 signals as High). About a quarter faster than superfast, at a CRF that keeps the few frames
 * per cut as good as those around them. (x264-params are applied after -profile, so only what the
 * profile allows is asked for.)
 */
export const SMART_X264_PRESET = 'ultrafast';
function x264Restored(profile: string): string[] {
  return ['deblock=0,0', 'aq-mode=1', ...(profile === 'baseline' ? [] : ['cabac=1']), ...(profile === 'baseline' || profile === 'main' ? [] : ['8x8dct=1'])];
}
/** x265 is slower: superfast keeps it quick enough, ultrafast would cost visible quality. */
export const SMART_X265_PRESET = 'superfast';

/** H.264 profile names as ffprobe prints them -> x264's. */
const X264_PROFILES: Record<string, string> = {
  'Constrained Baseline': 'baseline',
  Baseline: 'baseline',
  Main: 'main',
  High: 'high',
  'High 10': 'high10',
  'High 4:2:2': 'high422',
  'High 4:4:4 Predictive': 'high444',
};

/** HEVC profile names as ffprobe prints them -> x265's. */
const X265_PROFILES: Record<string, string> = { Main: 'main', 'Main 10': 'main10' };

export type EncodeMatch = { ok: true; args: string[] } | { ok: false; reason: string };

/**
 * The video encoder arguments (codec, quality, profile, level, pixel format, colours, B-frames) for a
 * source stream whose keyframes are decoded `delayFrames` frames before they are shown.
 */
export function encoderArgs(facts: VideoStreamFacts, delayFrames: number): EncodeMatch {
  if (!Number.isInteger(delayFrames) || delayFrames < 0 || delayFrames > 2) {
    return { ok: false, reason: `the video's B-frame delay (${delayFrames} frames) is longer than an encoder can match` };
  }
  const colours = colourArgs(facts);
  const pixFmt = facts.pixFmt ?? 'yuv420p';
  if (facts.codec === 'h264') {
    const profile = facts.profile ? X264_PROFILES[facts.profile] : undefined;
    if (!profile) return { ok: false, reason: `H.264 ${facts.profile ?? 'of unknown profile'} cannot be encoded to match` };
    if (profile === 'baseline' && delayFrames > 0) return { ok: false, reason: 'a Baseline video with B-frames is not valid H.264' };
    const params = [...x264Restored(profile), 'sps-id=1', ...(delayFrames === 1 ? ['b-pyramid=none'] : delayFrames === 2 ? ['b-pyramid=normal'] : [])];
    return {
      ok: true,
      args: [
        '-c:v', 'libx264', '-preset', SMART_X264_PRESET, '-crf', String(SMART_X264_CRF),
        '-profile:v', profile,
        ...(facts.level !== null ? ['-level:v', String(facts.level)] : []),
        '-pix_fmt', pixFmt,
        '-bf', String(bframesFor(delayFrames)),
        '-x264-params', params.join(':'),
        ...colours,
      ],
    };
  }
  if (facts.codec === 'hevc') {
    const profile = facts.profile ? X265_PROFILES[facts.profile] : undefined;
    if (!profile) return { ok: false, reason: `HEVC ${facts.profile ?? 'of unknown profile'} cannot be encoded to match` };
    const params = [
      'log-level=error',
      // In-band VPS/SPS/PPS at every keyframe (the pieces are MPEG-TS), and closed GOPs only.
      'repeat-headers=1',
      'open-gop=0',
      `bframes=${bframesFor(delayFrames)}`,
      `b-pyramid=${delayFrames === 2 ? 1 : 0}`,
      ...(facts.level !== null ? [`level-idc=${hevcLevel(facts.level)}`] : []),
    ];
    return {
      ok: true,
      args: [
        '-c:v', 'libx265', '-preset', SMART_X265_PRESET, '-crf', String(SMART_X265_CRF),
        '-profile:v', profile,
        '-pix_fmt', pixFmt,
        '-x265-params', params.join(':'),
        ...colours,
      ],
    };
  }
  return { ok: false, reason: `${facts.codec} video cannot be encoded to match` };
}

/** B-frames that give the delay: with pyramid x264/x265 need at least 2 to use it. */
function bframesFor(delayFrames: number): number {
  return delayFrames === 0 ? 0 : delayFrames === 1 ? 2 : 3;
}

/** ffprobe's general_level_idc is 30 × the level: 93 -> "3.1", 120 -> "4". */
export function hevcLevel(levelIdc: number): string {
  return String(Math.round((levelIdc / 30) * 10) / 10);
}

/** The source's colour description, written into the re-encoded frames' VUI (only what it states). */
function colourArgs(facts: VideoStreamFacts): string[] {
  return [
    ...(facts.colorRange ? ['-color_range', facts.colorRange] : []),
    ...(facts.colorSpace ? ['-colorspace', facts.colorSpace] : []),
    ...(facts.colorPrimaries ? ['-color_primaries', facts.colorPrimaries] : []),
    ...(facts.colorTransfer ? ['-color_trc', facts.colorTransfer] : []),
  ];
}
