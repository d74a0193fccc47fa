import { describe, expect, it } from 'vitest';
import { buildFilterGraph } from '../../../../main/core/export/render/filterGraph';
import { clipConcurrency } from '../../../../main/core/export/render/parallelClips';
import { measureArgs, renderArgs } from '../../../../main/core/export/render/renderArgs';
import { tempPathFor } from '../../../../main/core/media/tempFile';

const graph = buildFilterGraph({
  ranges: [{ start: 1, end: 2 }, { start: 5, end: 6 }],
  source: { width: 640, height: 360, fps: 30 },
  vertical: null,
  preset: '720p',
  crossfadeSec: 0,
  hasAudio: true,
  videoTail: 'format=yuv420p',
});

describe('renderArgs', () => {
  it('one seeked input per range, the graph, the encoder, AAC, faststart MP4 to the given path', () => {
    const args = renderArgs({ videoPath: '/v/in put.mp4', graph, encoder: 'libx264', quality: 20, outPath: '/v/.out.mp4.partial-1.mp4', format: 'mp4' });
    expect(args.slice(0, 6)).toEqual(['-y', '-hide_banner', '-nostdin', '-progress', 'pipe:1', '-nostats']);
    expect(args.join(' ')).toContain('-ss 0.983333 -t 1.05 -i /v/in put.mp4 -ss 4.983333 -t 1.05 -i /v/in put.mp4 -filter_complex');
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(graph.filter);
    expect(args.join(' ')).toContain('-map [v] -map [a] -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac -b:a 192k');
    expect(args.slice(-5)).toEqual(['-movflags', '+faststart', '-f', 'mp4', '/v/.out.mp4.partial-1.mp4']);
  });

  it('VA-API opens its device before the inputs', () => {
    const args = renderArgs({ videoPath: 'in.mp4', graph, encoder: 'h264_vaapi', quality: 20, outPath: 'o.mp4', format: 'mp4' });
    expect(args.indexOf('-vaapi_device')).toBeLessThan(args.indexOf('-i'));
  });

  it('no audio map or codec without audio; no faststart for Matroska', () => {
    const silent = buildFilterGraph({ ranges: [{ start: 0, end: 1 }], source: { width: 640, height: 360, fps: 30 }, vertical: null, preset: 'source', crossfadeSec: 0, hasAudio: false });
    const args = renderArgs({ videoPath: 'in.mp4', graph: silent, encoder: 'libx264', quality: 20, outPath: 'o.mkv', format: 'matroska' });
    expect(args).not.toContain('[a]');
    expect(args).not.toContain('aac');
    expect(args).not.toContain('+faststart');
  });
});

describe('measureArgs', () => {
  it('the same inputs, the audio graph mapped into the null muxer', () => {
    const measure = buildFilterGraph({ ranges: [{ start: 1, end: 2 }], source: { width: 640, height: 360, fps: 30 }, vertical: null, preset: 'source', crossfadeSec: 0, hasAudio: true, pass: 'measure' });
    const args = measureArgs('in.mp4', measure);
    expect(args.slice(-7)).toEqual(['-filter_complex', measure.filter, '-map', '[a]', '-f', 'null', '-']);
    expect(args).not.toContain('-loglevel'); // loudnorm prints its measurement at info
  });
});

describe('tempPathFor', () => {
  it('is the hidden name exportReel uses, so removeExportLeftovers clears it', () => {
    expect(tempPathFor('/videos/reel.mp4', 'abcd1234')).toBe('/videos/.reel.mp4.partial-abcd1234.mp4');
  });
});

describe('clipConcurrency', () => {
  it('is the cores, at most 4 and at most the clips, at least 1', () => {
    expect(clipConcurrency(10, 2)).toBe(2);
    expect(clipConcurrency(10, 16)).toBe(4);
    expect(clipConcurrency(1, 16)).toBe(1);
    expect(clipConcurrency(5, 1)).toBe(1);
    expect(clipConcurrency(5, 8, 3)).toBe(3);
    expect(clipConcurrency(5, 8, 0)).toBe(1);
  });
});
