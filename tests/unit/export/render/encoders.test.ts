import { describe, expect, it } from 'vitest';
import {
  encoderArgs,
  encoderFormatFilter,
  encoderInputArgs,
  hardwareCandidates,
  parseEncoderList,
  testEncodeArgs,
  videotoolboxQuality,
} from '../../../../main/core/export/render/encoders';

// The start of `ffmpeg -hide_banner -encoders` (Debian's ffmpeg 5.1).
const LISTING = `Encoders:
 V..... = Video
 A..... = Audio
 S..... = Subtitle
 .F.... = Frame-level multithreading
 ..S... = Slice-level multithreading
 ...X.. = Codec is experimental
 ....B. = Supports draw_horiz_band
 .....D = Supports direct rendering method 1
 ------
 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
 V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)
 V..... h264_qsv             H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (Intel Quick Sync Video acceleration) (codec h264)
 V....D h264_vaapi           H.264/AVC (VAAPI) (codec h264)
 A....D aac                  AAC (Advanced Audio Coding)
 S..... ass                  ASS (Advanced SubStation Alpha) subtitle
`;

describe('parseEncoderList', () => {
  it('reads the names after the rule, not the legend', () => {
    const names = parseEncoderList(LISTING);
    expect([...names]).toEqual(['libx264', 'h264_nvenc', 'h264_qsv', 'h264_vaapi', 'aac', 'ass']);
    expect(names.has('V.....')).toBe(false);
    expect(names.has('=')).toBe(false);
  });

  it('is empty for output without a list', () => {
    expect(parseEncoderList('ffmpeg version 5.1\n').size).toBe(0);
  });
});

describe('hardwareCandidates', () => {
  it('tries VideoToolbox on macOS, NVENC, Quick Sync and VA-API elsewhere', () => {
    expect(hardwareCandidates('darwin')).toEqual(['h264_videotoolbox']);
    expect(hardwareCandidates('linux')).toEqual(['h264_nvenc', 'h264_qsv', 'h264_vaapi']);
    expect(hardwareCandidates('win32')).toEqual(['h264_nvenc', 'h264_qsv', 'h264_vaapi']);
  });
});

describe('encoderArgs', () => {
  it('libx264 takes the CRF as is', () => {
    expect(encoderArgs('libx264', 20)).toEqual(['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p']);
    expect(encoderArgs('libx264', 0)).toContain('0');
  });

  it('maps the CRF onto each hardware encoder’s constant-quality mode', () => {
    expect(encoderArgs('h264_nvenc', 20)).toEqual(['-c:v', 'h264_nvenc', '-preset', 'p5', '-tune', 'hq', '-rc', 'vbr', '-cq', '20', '-b:v', '0']);
    expect(encoderArgs('h264_qsv', 23)).toEqual(['-c:v', 'h264_qsv', '-preset', 'medium', '-global_quality', '23']);
    expect(encoderArgs('h264_vaapi', 18)).toEqual(['-c:v', 'h264_vaapi', '-rc_mode', 'CQP', '-qp', '18']);
    expect(encoderArgs('h264_videotoolbox', 20)).toEqual(['-c:v', 'h264_videotoolbox', '-q:v', '61']);
    // 0 would mean "automatic" to NVENC.
    expect(encoderArgs('h264_nvenc', 0)).toContain('1');
  });

  it('VideoToolbox quality runs the other way, 1–100', () => {
    expect(videotoolboxQuality(0)).toBe(100);
    expect(videotoolboxQuality(51)).toBe(1);
    expect(videotoolboxQuality(23)).toBeGreaterThan(videotoolboxQuality(28));
  });

  it('refuses a quality outside 0–51', () => {
    expect(() => encoderArgs('libx264', 52)).toThrow(/0 to 51/);
    expect(() => encoderArgs('libx264', 20.5)).toThrow(/0 to 51/);
  });
});

describe('pixel formats and devices', () => {
  it('VA-API opens its render node and uploads NV12 frames; the others take system memory', () => {
    expect(encoderInputArgs('h264_vaapi')).toEqual(['-vaapi_device', '/dev/dri/renderD128']);
    expect(encoderInputArgs('h264_nvenc')).toEqual([]);
    expect(encoderFormatFilter('h264_vaapi')).toBe('format=nv12,hwupload');
    expect(encoderFormatFilter('h264_qsv')).toBe('format=nv12');
    expect(encoderFormatFilter('libx264')).toBe('format=yuv420p');
    expect(encoderFormatFilter('h264_nvenc')).toBe('format=yuv420p');
  });

  it('the test encode is one second of testsrc2 through the same arguments into the null muxer', () => {
    expect(testEncodeArgs('h264_vaapi')).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-vaapi_device', '/dev/dri/renderD128',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30',
      '-t', '1',
      '-vf', 'format=nv12,hwupload',
      '-c:v', 'h264_vaapi', '-rc_mode', 'CQP', '-qp', '23',
      '-f', 'null', '-',
    ]);
    expect(testEncodeArgs('h264_nvenc').join(' ')).toContain('-f lavfi -i testsrc2=size=320x240:rate=30 -t 1 -vf format=yuv420p -c:v h264_nvenc');
  });
});
