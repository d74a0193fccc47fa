// The decisions inside the fMP4 join: the local playlists ffmpeg reads, how segments split into
// pieces, how a segment's packet listing is read, where pieces and silence go, and the commands.
import { parse } from 'hls-parser';
import { describe, expect, it } from 'vitest';
import {
  fmp4ConcatArgs,
  fmp4ConcatList,
  fmp4Pieces,
  fmp4SilenceRewriteArgs,
  fmp4StreamsFromJson,
  localMediaPlaylist,
  silenceSourceArgs,
  type Fmp4Piece,
} from '../../../main/core/twitch/fmp4Plan';
import type { SegmentStreams } from '../../../main/core/twitch/segmentStreams';
import type { VodSegment } from '../../../main/core/twitch/types';

const seg = (index: number, durationSec = 2): VodSegment => ({
  index,
  uri: `${index}.mp4`,
  url: `https://cdn.example/${index}.mp4`,
  durationSec,
  startSec: index * 2,
  muted: false,
});

const AAC_48K = { codec: 'aac', profile: 'LC', sampleRate: 48000, channels: 2, channelLayout: 'stereo' };
const REFERENCE: SegmentStreams = { videoIndex: 0, audioIndex: 1, startSec: 2, videoStartSec: 2.021, audioStartSec: 2.026, audio: AAC_48K };

describe('localMediaPlaylist', () => {
  it('is a complete VOD playlist: the init segment as EXT-X-MAP, then each segment with its EXTINF', () => {
    const text = localMediaPlaylist('../init.mp4', [
      { uri: '../000003.mp4', durationSec: 2 },
      { uri: '../000004.mp4', durationSec: 4.004 },
      { uri: '../000005.mp4', durationSec: 1.5 },
    ]);
    const playlist = parse(text);
    if (playlist.isMasterPlaylist) throw new Error('not a media playlist');
    expect(playlist.endlist).toBe(true);
    expect(playlist.playlistType).toBe('VOD');
    // The target duration is at least every segment's duration, rounded up (a player rejects less).
    expect(playlist.targetDuration).toBe(5);
    expect(playlist.segments.map((s) => [s.uri, s.duration, s.map?.uri])).toEqual([
      ['../000003.mp4', 2, '../init.mp4'],
      ['../000004.mp4', 4.004, '../init.mp4'],
      ['../000005.mp4', 1.5, '../init.mp4'],
    ]);
    // EXT-X-MAP outside I-frame playlists needs protocol version 6.
    expect(playlist.version).toBeGreaterThanOrEqual(6);
  });
});

describe('fmp4Pieces', () => {
  const shape = (pieces: Fmp4Piece[]) => pieces.map((p) => (p.kind === 'run' ? p.segments.map((s) => s.index) : `rewritten ${p.segment.index}`));

  it('keeps consecutive segments in one run: a full download is a single piece', () => {
    expect(shape(fmp4Pieces([0, 1, 2, 3].map((i) => seg(i)), new Set()))).toEqual([[0, 1, 2, 3]]);
  });

  it('splits at gaps in the index (partial exports) and around rewritten segments', () => {
    const segments = [3, 4, 5, 6, 9, 10, 21].map((i) => seg(i));
    expect(shape(fmp4Pieces(segments, new Set([5, 21])))).toEqual([[3, 4], 'rewritten 5', [6], [9, 10], 'rewritten 21']);
    expect(shape(fmp4Pieces(segments, new Set([3, 4])))).toEqual(['rewritten 3', 'rewritten 4', [5, 6], [9, 10], [21]]);
  });

  it('has nothing for no segments', () => {
    expect(fmp4Pieces([], new Set())).toEqual([]);
  });
});

describe('fmp4StreamsFromJson', () => {
  const listing = (packets: { stream_index: number; pts_time: string; dts_time?: string }[]) =>
    JSON.stringify({
      streams: [
        { index: 1, codec_type: 'audio', codec_name: 'aac', profile: 'LC', sample_rate: '48000', channels: 2, channel_layout: 'stereo' },
        { index: 0, codec_type: 'video', codec_name: 'hevc', profile: 'Main' },
      ],
      packets: packets.map((p) => ({ dts_time: p.pts_time, ...p })),
    });

  it('takes start times from the earliest packet of each stream, decoding time too', () => {
    const streams = fmp4StreamsFromJson(
      listing([
        { stream_index: 0, pts_time: '8.066016', dts_time: '7.999349' },
        { stream_index: 0, pts_time: '8.166016', dts_time: '8.032682' },
        { stream_index: 0, pts_time: '8.099349', dts_time: '8.066016' },
        { stream_index: 1, pts_time: '8.023667' },
        { stream_index: 1, pts_time: '8.002333' },
      ]),
    );
    expect(streams).toEqual({
      videoIndex: 0,
      audioIndex: 1,
      startSec: 8.002333,
      videoStartSec: 8.066016,
      videoDecodeStartSec: 7.999349,
      audioStartSec: 8.002333,
      audio: AAC_48K,
    });
  });

  it('a segment whose audio track has no samples has no audio (the init segment still declares the stream)', () => {
    const streams = fmp4StreamsFromJson(listing([{ stream_index: 0, pts_time: '8.021029' }]));
    expect(streams.audio).toBeNull();
    expect(streams.audioIndex).toBe(1);
    expect(streams.audioStartSec).toBeNull();
    expect(streams.startSec).toBe(8.021029);
  });

  it('ignores unknown times and survives an unreadable listing', () => {
    const streams = fmp4StreamsFromJson(listing([{ stream_index: 0, pts_time: 'N/A', dts_time: 'N/A' }, { stream_index: 0, pts_time: '4' }]));
    expect(streams.videoStartSec).toBe(4);
    expect(fmp4StreamsFromJson('not json')).toMatchObject({ videoIndex: null, audioIndex: null, startSec: null, audio: null });
  });
});

describe('fmp4ConcatList', () => {
  it('names each entry once, quoted, with its EXTINF sum moved by the leads like the MPEG-TS list', () => {
    const text = fmp4ConcatList([
      { path: "/v/it's/run-0.m3u8", durationSec: 8, leadSec: 0 },
      { path: '/v/rewritten-4.mp4', durationSec: 2, leadSec: 0.064 },
      { path: '/v/run-2.m3u8', durationSec: 6, leadSec: 0.058 },
    ]);
    expect(text.split('\n')).toEqual([
      'ffconcat version 1.0',
      `file '/v/it'\\''s/run-0.m3u8'`,
      'duration 7.936',
      "file '/v/rewritten-4.mp4'",
      'duration 2.006',
      "file '/v/run-2.m3u8'",
      'duration 6.058',
      '',
    ]);
  });
});

describe('fMP4 commands', () => {
  it('join: stream copy, index first, no ADTS filter and no shift of decoding times to zero', () => {
    const args = fmp4ConcatArgs({ listPath: '/w/list.ffconcat', outPath: '/o/out.mp4.part' });
    expect(args).toEqual(expect.arrayContaining(['-f', 'concat', '-safe', '0', '-c', 'copy', '+faststart']));
    expect(args.slice(args.indexOf('-i'), args.indexOf('-i') + 2)).toEqual(['-i', '/w/list.ffconcat']);
    expect(args).not.toContain('-bsf:a');
    expect(args).not.toContain('-avoid_negative_ts');
    expect(args.at(-1)).toBe('/o/out.mp4.part');
  });

  it('silence source: the reference audio parameters, cut by packet count on the grid, by time otherwise', () => {
    const aac = silenceSourceArgs({ audio: AAC_48K, packets: 94, durationSec: 0, output: '/w/silence.aac' });
    expect(aac).toEqual(expect.arrayContaining(['-c:a', 'aac', '-profile:a', 'aac_low', '-ar', '48000', '-ac', '2', '-frames:a', '94', '-f', 'adts']));
    expect(aac.some((a) => a.startsWith('anullsrc=r=48000:cl=stereo'))).toBe(true);
    const opus = silenceSourceArgs({ audio: { ...AAC_48K, codec: 'opus', profile: null }, packets: 0, durationSec: 2, output: '/w/silence.nut' });
    expect(opus).toEqual(expect.arrayContaining(['-c:a', 'opus', '-t', '2.000000', '-f', 'nut']));
    expect(opus).not.toContain('-frames:a');
  });

  it('rewrite: video copied with its timestamps, silence placed at the span start, packets counted, fine edit lists', () => {
    const args = fmp4SilenceRewriteArgs({
      input: '/w/segment-4.m3u8',
      silence: '/w/silence.aac',
      output: '/w/rewritten-4.mp4',
      reference: REFERENCE,
      span: { startSec: 8.002333, packets: 94, durationSec: 94 * (1024 / 48000) },
    });
    expect(args).toContain('-copyts');
    const at = (flag: string) => args[args.indexOf(flag) + 1];
    expect(args.indexOf('-copyts')).toBeLessThan(args.indexOf('-i'));
    expect(at('-itsoffset')).toBe('8.002333');
    // The offset applies to the silence, the input after it.
    expect(args.indexOf('-itsoffset')).toBeLessThan(args.lastIndexOf('-i'));
    expect(args[args.lastIndexOf('-i') + 1]).toBe('/w/silence.aac');
    expect(at('-frames:a')).toBe('94');
    expect(at('-movie_timescale')).toBe('90000');
    expect(args.filter((a, i) => args[i - 1] === '-map')).toEqual(['0:v:0', '1:a:0']);
  });

  it('rewrite: streams in the reference order; audio alone when the VOD has no video', () => {
    const span = { startSec: 1, packets: 3, durationSec: 0.064 };
    const base = { input: 'i', silence: 's', output: 'o', span };
    const maps = (reference: SegmentStreams) => {
      const args = fmp4SilenceRewriteArgs({ ...base, reference });
      return args.filter((a, i) => args[i - 1] === '-map');
    };
    expect(maps({ ...REFERENCE, videoIndex: 1, audioIndex: 0 })).toEqual(['1:a:0', '0:v:0']);
    expect(maps({ ...REFERENCE, videoIndex: null, audioIndex: 0 })).toEqual(['1:a:0']);
  });
});
