// The decisions inside joinSegments: which muted segments must be rewritten, where their silence goes,
// and how ffprobe's listing is read.
import { describe, expect, it } from 'vitest';
import {
  leadOf,
  rewriteReason,
  segmentStreamsFromJson,
  silenceRewriteArgs,
  silenceSpan,
  type SegmentStreams,
} from '../../../main/core/twitch/joinSegments';

const AAC_48K: SegmentStreams = {
  videoIndex: 0,
  audioIndex: 1,
  startSec: 1.4,
  videoStartSec: 1.421333,
  audioStartSec: 1.4,
  audio: { codec: 'aac', profile: 'LC', sampleRate: 48000, channels: 2, channelLayout: 'stereo' },
};

describe('rewriteReason', () => {
  it('accepts silence with the same parameters and stream order', () => {
    expect(rewriteReason(AAC_48K, { ...AAC_48K, startSec: 7.42, videoStartSec: 7.42, audioStartSec: 7.43 })).toBeNull();
  });

  it('rewrites a segment without audio, or one it could not probe', () => {
    expect(rewriteReason(AAC_48K, { ...AAC_48K, audioIndex: null, audioStartSec: null, audio: null })).toBe('no audio stream');
    expect(rewriteReason(AAC_48K, null)).toBe('no audio stream');
  });

  it('rewrites when any parameter the MP4 track depends on differs', () => {
    const audio = AAC_48K.audio!;
    const variants: [Partial<typeof audio>, RegExp][] = [
      [{ codec: 'mp3' }, /codec/],
      [{ profile: 'HE-AAC' }, /profile/],
      [{ sampleRate: 44100 }, /sample rate/],
      [{ channels: 1, channelLayout: 'mono' }, /channels/],
    ];
    for (const [change, reason] of variants) expect(rewriteReason(AAC_48K, { ...AAC_48K, audio: { ...audio, ...change } })).toMatch(reason);
  });

  it('rewrites when audio and video come in the other order (the demuxer pairs streams by position)', () => {
    expect(rewriteReason(AAC_48K, { ...AAC_48K, videoIndex: 1, audioIndex: 0 })).toMatch(/order/);
  });

  it('never rewrites when the reference itself has no audio', () => {
    expect(rewriteReason({ ...AAC_48K, audio: null, audioIndex: null }, null)).toBeNull();
  });
});

describe('silenceSpan', () => {
  const grid = { originSec: 1.4, frameSec: 1024 / 48000 };

  it('starts on the first audio frame at or after the keyframe and ends on the one at or after the next', () => {
    // Keyframe at 3.421333: frames at 1.4 + k·0.021333…; 3.426667 is the first one after it (k = 95).
    const span = silenceSpan(grid, 3.421333, 2);
    expect(span.startSec).toBeCloseTo(1.4 + 95 * grid.frameSec, 9);
    // Next keyframe at 5.421333 → first frame at k = 189 (5.432), so 94 frames.
    expect(span.packets).toBe(189 - 95);
    expect(span.durationSec).toBeCloseTo(span.packets * grid.frameSec, 9);
  });

  it('consecutive rewritten segments tile the grid with no gap and no overlap', () => {
    let video = 1.421333;
    let previousEnd: number | null = null;
    for (const duration of [2, 2, 1.5, 2.0333, 2]) {
      const span = silenceSpan(grid, video, duration);
      if (previousEnd !== null) expect(span.startSec).toBeCloseTo(previousEnd, 9);
      previousEnd = span.startSec + span.packets * grid.frameSec;
      video += duration;
    }
  });

  it('treats a frame a rounding error away from the keyframe as on it', () => {
    const onGrid = 1.4 + 100 * grid.frameSec;
    expect(silenceSpan(grid, onGrid + 5e-6, 1).startSec).toBeCloseTo(onGrid, 9);
    expect(silenceSpan(grid, onGrid - 5e-6, 1).startSec).toBeCloseTo(onGrid, 9);
  });

  it('always gives at least one frame', () => {
    expect(silenceSpan(grid, 2, 0.001).packets).toBe(1);
  });
});

describe('silenceRewriteArgs', () => {
  const span = { startSec: 3.426667, packets: 94, durationSec: 94 * (1024 / 48000) };

  it('copies the video with its timestamps and encodes silence like the reference', () => {
    const args = silenceRewriteArgs({ input: '/s/000001.ts', output: '/w/000001.ts', reference: AAC_48K, span });
    const joined = args.join(' ');
    expect(joined).toContain('-copyts -i /s/000001.ts');
    expect(joined).toContain('-map 0:v:0 -map 1:a:0 -c:v copy -c:a aac -profile:a aac_low -ar 48000 -ac 2');
    expect(joined).toContain('-muxdelay 0 -muxpreload 0 -f mpegts /w/000001.ts');
    // The encoder's priming frame comes out one frame ahead of the input: the input starts a frame late
    // and holds one frame (plus half a frame of margin) less.
    const offset = Number(args[args.indexOf('-itsoffset') + 1]);
    expect(offset).toBeCloseTo(span.startSec + 1024 / 48000, 6);
    const source = args.find((a) => a.startsWith('anullsrc='))!;
    expect(source).toMatch(/^anullsrc=r=48000:cl=stereo:d=/);
    expect(Number(source.split('d=')[1])).toBeCloseTo((94 - 1.5) * (1024 / 48000), 6);
  });

  it('keeps the reference stream order, and handles audio-only VODs and unknown layouts', () => {
    expect(silenceRewriteArgs({ input: 'i', output: 'o', reference: { ...AAC_48K, videoIndex: 1, audioIndex: 0 }, span }).join(' ')).toContain(
      '-map 1:a:0 -map 0:v:0',
    );
    const audioOnly = silenceRewriteArgs({ input: 'i', output: 'o', reference: { ...AAC_48K, videoIndex: null, audioIndex: 0 }, span });
    expect(audioOnly.join(' ')).toContain('-map 1:a:0 -c:a aac');
    expect(audioOnly).not.toContain('0:v:0');
    const noLayout = { ...AAC_48K, audio: { ...AAC_48K.audio!, channelLayout: null, channels: 6 } };
    expect(silenceRewriteArgs({ input: 'i', output: 'o', reference: noLayout, span }).find((a) => a.startsWith('anullsrc'))).toContain('cl=6c');
  });
});

describe('segmentStreamsFromJson', () => {
  it('reads the first video and audio stream and the file start', () => {
    const json = JSON.stringify({
      programs: [],
      streams: [
        { index: 2, codec_type: 'data', codec_name: 'timed_id3', start_time: '1.300000' },
        { index: 1, codec_type: 'audio', codec_name: 'aac', profile: 'LC', sample_rate: '48000', channels: 2, channel_layout: 'stereo', start_time: '1.400000' },
        { index: 0, codec_type: 'video', codec_name: 'h264', start_time: '1.421333' },
      ],
      format: { start_time: '1.300000' },
    });
    expect(segmentStreamsFromJson(json)).toEqual({
      videoIndex: 0,
      audioIndex: 1,
      startSec: 1.3,
      videoStartSec: 1.421333,
      audioStartSec: 1.4,
      audio: { codec: 'aac', profile: 'LC', sampleRate: 48000, channels: 2, channelLayout: 'stereo' },
    });
  });

  it('copes with missing streams, N/A times and garbage', () => {
    const videoOnly = segmentStreamsFromJson(JSON.stringify({ streams: [{ index: 0, codec_type: 'video', start_time: 'N/A' }], format: {} }));
    expect(videoOnly).toMatchObject({ videoIndex: 0, audioIndex: null, audio: null, videoStartSec: null, startSec: null });
    expect(segmentStreamsFromJson('not json')).toMatchObject({ videoIndex: null, audio: null });
  });
});

describe('leadOf', () => {
  it('is how far the file starts ahead of its video, never negative, 0 when unknown', () => {
    expect(leadOf(AAC_48K)).toBeCloseTo(0.021333, 9);
    expect(leadOf({ ...AAC_48K, startSec: 1.421333 })).toBe(0);
    expect(leadOf({ ...AAC_48K, startSec: 1.5 })).toBe(0);
    expect(leadOf({ ...AAC_48K, videoStartSec: null })).toBe(0);
  });
});
