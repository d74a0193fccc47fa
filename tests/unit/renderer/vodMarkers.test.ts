import { describe, expect, it } from 'vitest';
import type { VodClip, VodPreview, VodQuality } from '../../../preload/contract';
import { clipMarkers, mutedBands } from '../../../renderer/src/timeline/markers';
import { defaultQualityId, qualityLabel, qualityName, vodLength } from '../../../renderer/src/vod/preview';

const clip = (slug: string, offsetSec: number, extra: Partial<VodClip> = {}): VodClip => ({
  slug,
  title: `Clip ${slug}`,
  offsetSec,
  durationSec: 30,
  viewCount: 100,
  url: `https://clips.twitch.tv/${slug}`,
  ...extra,
});

describe('mutedBands', () => {
  it('places each stretch as a fraction of the duration with its label', () => {
    expect(mutedBands([{ start: 100, end: 130 }], 400)).toEqual([
      { start: 100, end: 130, left: 0.25, width: 0.075, label: 'Muted 1:40\u20132:10' },
    ]);
  });

  it('labels times past an hour with hours', () => {
    expect(mutedBands([{ start: 3600, end: 3723 }], 7200)[0]!.label).toBe('Muted 1:00:00\u20131:02:03');
  });

  it('joins overlapping and touching stretches, sorts, clamps to the video and drops empty ones', () => {
    const bands = mutedBands(
      [
        { start: 300, end: 330 },
        { start: 0, end: 10 },
        { start: 10, end: 20 },
        { start: 320, end: 360 },
        { start: 50, end: 50 },
        { start: 390, end: 500 },
        { start: 600, end: 700 },
      ],
      400,
    );
    expect(bands.map((b) => [b.start, b.end])).toEqual([
      [0, 20],
      [300, 360],
      [390, 400],
    ]);
  });

  it('draws nothing without a duration', () => {
    expect(mutedBands([{ start: 0, end: 10 }], 0)).toEqual([]);
  });
});

describe('clipMarkers', () => {
  it('puts clips in time order at their offset, named for the user', () => {
    const markers = clipMarkers([clip('b', 300, { viewCount: 1, title: 'Big play' }), clip('a', 100, { viewCount: 12345 })], 400, 5);
    expect(markers.map((m) => [m.clip.slug, m.left, m.row])).toEqual([
      ['a', 0.25, 0],
      ['b', 0.75, 0],
    ]);
    expect(markers[1]!.label).toBe('Clip: Big play');
    expect(markers[1]!.details).toBe('1 view · 0:30 long · at 5:00');
    expect(markers[0]!.details).toBe('12,345 views · 0:30 long · at 1:40');
  });

  it('moves a marker to the next row when it would cover its neighbour', () => {
    const rows = clipMarkers([clip('a', 100), clip('b', 102), clip('c', 104), clip('d', 120)], 400, 5).map((m) => m.row);
    expect(rows).toEqual([0, 1, 2, 0]);
  });

  it('reuses the row whose last marker is furthest back when all rows are crowded', () => {
    const rows = clipMarkers([clip('a', 100), clip('b', 101), clip('c', 102), clip('d', 103)], 400, 10, 3).map((m) => m.row);
    expect(rows).toEqual([0, 1, 2, 0]);
  });

  it('leaves out clips outside the video', () => {
    expect(clipMarkers([clip('a', -1), clip('b', 401), clip('c', 400), clip('d', Number.NaN)], 400, 1).map((m) => m.clip.slug)).toEqual(['c']);
  });
});

const q = (id: string, name: string, source = false): VodQuality => ({ id, name, resolution: null, fps: null, bandwidth: 1, source });
const preview = (qualities: VodQuality[], lengthSec = 3723): VodPreview => ({
  vodId: '1',
  url: 'https://www.twitch.tv/videos/1',
  title: 't',
  channelLogin: 'c',
  channelName: 'C',
  lengthSec,
  createdAt: '2024-03-01T18:00:00Z',
  game: null,
  thumbnail: null,
  qualities,
  startSec: null,
  live: false,
});

describe('VOD preview helpers', () => {
  it('labels the source quality', () => {
    expect(qualityLabel(q('chunked', '1080p60', true))).toBe('1080p60 (source)');
    expect(qualityLabel(q('720p60', '720p60'))).toBe('720p60');
    expect(qualityName('chunked')).toBe('source');
    expect(qualityName('720p30')).toBe('720p30');
  });

  it('preselects the source, else the first listed, else nothing', () => {
    expect(defaultQualityId(preview([q('720p60', '720p60'), q('chunked', '1080p60', true)]))).toBe('chunked');
    expect(defaultQualityId(preview([q('720p60', '720p60'), q('480p30', '480p')]))).toBe('720p60');
    expect(defaultQualityId(preview([]))).toBeNull();
  });

  it('shows the length as h:mm:ss, or says it is not known for a fresh VOD', () => {
    expect(vodLength(preview([], 3723))).toBe('1:02:03');
    expect(vodLength(preview([], 0))).toBe('length not known yet');
  });
});
