// The pure decisions the joins make for B-frames: where a segment's audio was cut, where a rewritten
// segment's silence goes (and where the joined file then starts), and how the first decoding time is
// read from ffprobe's listing.
import { describe, expect, it } from 'vitest';
import { firstDecodeSec } from '../../../main/core/twitch/joinSegments';
import {
  audioCutSec,
  decodeDelaySec,
  rewriteSpan,
  silenceLeadSec,
  type CutSegmentStreams,
} from '../../../main/core/twitch/segmentStreams';

const FRAME_AAC = 1024 / 48000;
const grid = { originSec: 1.445333, frameSec: FRAME_AAC };
// Segment 1 of an x264 VOD with 3 B-frames at 30 fps: keyframe decoded 2 frames before it is shown.
const SEG: CutSegmentStreams = {
  videoIndex: 0,
  audioIndex: null,
  startSec: 3.466667,
  videoStartSec: 3.466667,
  videoDecodeStartSec: 3.4,
  audioStartSec: null,
  audio: null,
};

describe('audioCutSec / decodeDelaySec', () => {
  it('the cut is the decoding time when known, else the presentation time', () => {
    expect(audioCutSec(SEG)).toBe(3.4);
    expect(audioCutSec({ ...SEG, videoDecodeStartSec: null })).toBe(3.466667);
    expect(audioCutSec({ ...SEG, videoDecodeStartSec: undefined })).toBe(3.466667);
  });

  it('the delay is the B-frame reorder delay, 0 without B-frames or when unknown', () => {
    expect(decodeDelaySec(SEG)).toBeCloseTo(0.066667, 6);
    expect(decodeDelaySec({ ...SEG, videoDecodeStartSec: 3.466667 })).toBe(0);
    expect(decodeDelaySec({ ...SEG, videoDecodeStartSec: 3.466667 - 5e-6 })).toBe(0);
    expect(decodeDelaySec({ ...SEG, videoDecodeStartSec: null })).toBe(0);
  });
});

describe('rewriteSpan', () => {
  it('inside the join: from the first grid frame at or after the cut to the one at or after the next cut', () => {
    const span = rewriteSpan(grid, SEG, 2, false);
    // Frames at 1.445333 + k·0.021333: 3.408 (k = 92) is the first at or after 3.4; the next cut 5.4 → k = 186.
    expect(span.startSec).toBeCloseTo(3.408, 6);
    expect(span.packets).toBe(186 - 92);
    // The silence starts ahead of the picture, like the audio it stands for.
    expect(silenceLeadSec(SEG.videoStartSec, span)).toBeCloseTo(3.466667 - 3.408, 6);
  });

  it('opening the join: starts with the picture, ends at the same next cut', () => {
    const inside = rewriteSpan(grid, SEG, 2, false);
    const opening = rewriteSpan(grid, SEG, 2, true);
    expect(opening.startSec).toBeGreaterThanOrEqual(SEG.videoStartSec! - 1e-5);
    expect(opening.startSec - SEG.videoStartSec!).toBeLessThan(FRAME_AAC);
    expect(opening.startSec + opening.packets * FRAME_AAC).toBeCloseTo(inside.startSec + inside.packets * FRAME_AAC, 6);
    expect(silenceLeadSec(SEG.videoStartSec, opening)).toBe(0);
  });

  it('without B-frames both start with the picture; without a grid the span is cut by time', () => {
    const plain = { ...SEG, videoDecodeStartSec: SEG.videoStartSec };
    expect(rewriteSpan(grid, plain, 2, false)).toEqual(rewriteSpan(grid, plain, 2, true));
    expect(rewriteSpan(null, SEG, 2, false)).toEqual({ startSec: 3.4, packets: 0, durationSec: 2 });
    const opening = rewriteSpan(null, SEG, 2, true);
    expect(opening.startSec).toBe(3.466667);
    expect(opening.durationSec).toBeCloseTo(2 - 0.066667, 6);
    expect(rewriteSpan(null, null, 2, true)).toEqual({ startSec: 0, packets: 0, durationSec: 2 });
  });
});

describe('firstDecodeSec', () => {
  it("is the earliest decoding time of the stream's packets, ignoring others and N/A", () => {
    const json = JSON.stringify({
      packets: [
        { stream_index: 1, dts_time: '3.300000' },
        { stream_index: 0, dts_time: 'N/A' },
        { stream_index: 0, dts_time: '3.433333' },
        { stream_index: 0, dts_time: '3.400000' },
      ],
    });
    expect(firstDecodeSec(json, 0)).toBe(3.4);
    expect(firstDecodeSec(json, 2)).toBeNull();
    expect(firstDecodeSec(json, null)).toBeNull();
    expect(firstDecodeSec('garbage', 0)).toBeNull();
  });
});
