import type { FfprobeData } from 'fluent-ffmpeg';
import { describe, expect, it } from 'vitest';
import { frameRate, parseRate, probeFromData } from '../../../main/core/media/probe';

// Shapes as fluent-ffmpeg parses ffprobe's output: numeric strings become numbers, N/A stays a string.
function data(partial: { format?: Record<string, unknown>; streams?: Record<string, unknown>[] }): FfprobeData {
  return { format: partial.format ?? {}, streams: partial.streams ?? [], chapters: [] } as unknown as FfprobeData;
}

describe('probeFromData', () => {
  it('maps format, first video and first audio stream', () => {
    const probe = probeFromData(
      data({
        format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: 20.021, size: 2177470 },
        streams: [
          { codec_type: 'audio', codec_name: 'aac', sample_rate: 48000, channels: 2 },
          { codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001', r_frame_rate: '30000/1001' },
          { codec_type: 'audio', codec_name: 'opus', sample_rate: 48000, channels: 6 },
        ],
      }),
      1,
    );
    expect(probe).toEqual({
      durationSec: 20.021,
      sizeBytes: 2177470,
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      video: { codec: 'h264', width: 1920, height: 1080, fps: 29.97, keyframeIntervalSec: null },
      audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
    });
  });

  it('ignores cover art, and falls back to the stream duration and file size', () => {
    const probe = probeFromData(
      data({
        format: { format_name: 'matroska,webm', duration: 'N/A', size: 'N/A' },
        streams: [
          { codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } },
          { codec_type: 'video', codec_name: 'vp9', width: 1280, height: 720, avg_frame_rate: '0/0', r_frame_rate: '60/1', duration: '12.5' },
        ],
      }),
      999,
    );
    expect(probe.video).toEqual({ codec: 'vp9', width: 1280, height: 720, fps: 60, keyframeIntervalSec: null });
    expect(probe.durationSec).toBe(12.5);
    expect(probe.sizeBytes).toBe(999);
    expect(probe.audio).toBeNull();
  });

  it('has no video for an audio-only file and duration 0 when unknown', () => {
    const probe = probeFromData(data({ format: { format_name: 'mp3' }, streams: [{ codec_type: 'audio', codec_name: 'mp3' }] }), 5);
    expect(probe.video).toBeNull();
    expect(probe.durationSec).toBe(0);
    expect(probe.audio).toEqual({ codec: 'mp3', sampleRate: 0, channels: 0 });
  });
});

describe('frame rate', () => {
  it.each([
    ['30/1', 30],
    ['30000/1001', 29.97],
    ['60000/1001', 59.94],
    ['25', 25],
    ['0/0', null],
    ['N/A', null],
    ['', null],
  ])('parseRate(%j) = %j', (raw, rate) => expect(parseRate(raw)).toBe(rate));

  it('prefers avg_frame_rate and falls back to r_frame_rate, else 0', () => {
    expect(frameRate({ avg_frame_rate: '24/1', r_frame_rate: '48/1' })).toBe(24);
    expect(frameRate({ avg_frame_rate: '0/0', r_frame_rate: '48/1' })).toBe(48);
    expect(frameRate({ avg_frame_rate: '0/0', r_frame_rate: '0/0' })).toBe(0);
  });
});
