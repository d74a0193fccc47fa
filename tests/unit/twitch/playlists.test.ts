import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../main/core/errors';
import { chooseVariant, mediaPlaylistForTest, mutedSpans, parseMasterPlaylist, parseMediaPlaylist, segmentsForRanges } from './playlistFixtures';

const BASE = 'https://usher.example/vod/v2/123.m3u8?sig=s&token=t';

const OLD_STYLE = `#EXTM3U
#EXT-X-TWITCH-INFO:ORIGIN="s3",B="false",REGION="EU",USER-IP="1.2.3.4",SERVING-ID="x",CLUSTER="cloudfront_vod",USER-COUNTRY="DE",MANIFEST-CLUSTER="cloudfront_vod"
#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="720p60",NAME="720p60",AUTOSELECT=YES,DEFAULT=YES
#EXT-X-STREAM-INF:BANDWIDTH=3000000,CODECS="avc1.4D401F,mp4a.40.2",RESOLUTION=1280x720,VIDEO="720p60",FRAME-RATE=60.000
https://cdn.example/abc/720p60/index-dvr.m3u8
#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="1080p60",AUTOSELECT=NO,DEFAULT=NO
#EXT-X-STREAM-INF:BANDWIDTH=6000000,CODECS="avc1.64002A,mp4a.40.2",RESOLUTION=1920x1080,VIDEO="chunked",FRAME-RATE=60.000
https://cdn.example/abc/chunked/index-dvr.m3u8
#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="360p30",NAME="360p30",AUTOSELECT=YES,DEFAULT=YES
#EXT-X-STREAM-INF:BANDWIDTH=700000,CODECS="avc1.4D401E,mp4a.40.2",RESOLUTION=640x360,VIDEO="360p30",FRAME-RATE=30.000
https://cdn.example/abc/360p30/index-dvr.m3u8
#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="audio_only",NAME="Audio Only",AUTOSELECT=NO,DEFAULT=NO
#EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2",VIDEO="audio_only"
https://cdn.example/abc/audio_only/index-dvr.m3u8
`;

// Newer manifests: no "chunked" group; the source is marked on the stream line.
const NEW_STYLE = `#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=2500000,CODECS="avc1.4D401F,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=30.000,STABLE-VARIANT-ID="720p30",IVS-VARIANT-SOURCE="transcode"
720p30/index-dvr.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=8000000,CODECS="hvc1.1.2.L150.90,mp4a.40.2",RESOLUTION=2560x1440,FRAME-RATE=60.000,STABLE-VARIANT-ID="1440p60",IVS-VARIANT-SOURCE="source"
1440p60/index-dvr.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2",STABLE-VARIANT-ID="audio_only",IVS-VARIANT-SOURCE="transcode"
audio_only/index-dvr.m3u8
`;

describe('parseMasterPlaylist', () => {
  it('lists variants best first, source marked, audio-only flagged', () => {
    const variants = parseMasterPlaylist(OLD_STYLE, BASE);
    expect(variants.map((v) => [v.groupId, v.name, v.source, v.audioOnly])).toEqual([
      ['chunked', '1080p60', true, false],
      ['720p60', '720p60', false, false],
      ['360p30', '360p30', false, false],
      ['audio_only', 'Audio Only', false, true],
    ]);
    expect(variants[0]).toMatchObject({ url: 'https://cdn.example/abc/chunked/index-dvr.m3u8', fps: 60, resolution: { width: 1920, height: 1080 } });
  });

  it('reads the source from IVS-VARIANT-SOURCE and resolves relative URLs', () => {
    const variants = parseMasterPlaylist(NEW_STYLE, BASE);
    expect(variants.map((v) => [v.groupId, v.source, v.audioOnly])).toEqual([
      ['1440p60', true, false],
      ['720p30', false, false],
      ['audio_only', false, true],
    ]);
    expect(variants[0]!.url).toBe('https://usher.example/vod/v2/1440p60/index-dvr.m3u8');
  });

  it('refuses what is not a master playlist as a Twitch change', () => {
    for (const text of ['<html>blocked</html>', '#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n0.ts\n#EXT-X-ENDLIST\n']) {
      try {
        parseMasterPlaylist(text, BASE);
        throw new Error('accepted');
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('TWITCH_CHANGED');
      }
    }
  });
});

describe('chooseVariant', () => {
  const variants = parseMasterPlaylist(OLD_STYLE, BASE);
  it('takes the source by default and by "source"', () => {
    expect(chooseVariant(variants, undefined).groupId).toBe('chunked');
    expect(chooseVariant(variants, 'Source').groupId).toBe('chunked');
  });
  it('matches group id or display name', () => {
    expect(chooseVariant(variants, '720p60').groupId).toBe('720p60');
    expect(chooseVariant(variants, '1080P60').groupId).toBe('chunked');
  });
  it('never picks audio-only and lists what exists when the quality is unknown', () => {
    expect(() => chooseVariant(variants, 'audio_only')).toThrow(/Available: 1080p60 \(source\), 720p60, 360p30/);
    expect(() => chooseVariant(variants, '4k')).toThrow(/no quality "4k"/);
  });
});

describe('parseMediaPlaylist', () => {
  const text = mediaPlaylistForTest([10, 10, 10, 10, 4.5], { muted: [1, 2], ended: true });
  const playlist = parseMediaPlaylist(text, 'https://cdn.example/abc/chunked/index-dvr.m3u8');

  it('gives each segment its start on the VOD timeline, URL and muted flag', () => {
    expect(playlist.totalSec).toBeCloseTo(44.5);
    expect(playlist.ended).toBe(true);
    expect(playlist.initUrl).toBeNull();
    expect(playlist.segments.map((s) => [s.index, s.uri, s.startSec, s.durationSec, s.muted])).toEqual([
      [0, '0.ts', 0, 10, false],
      [1, '1-muted.ts', 10, 10, true],
      [2, '2-muted.ts', 20, 10, true],
      [3, '3.ts', 30, 10, false],
      [4, '4.ts', 40, 4.5, false],
    ]);
    expect(playlist.segments[1]!.url).toBe('https://cdn.example/abc/chunked/1-muted.ts');
  });

  it('joins adjacent muted segments into one stretch', () => {
    expect(mutedSpans(playlist.segments)).toEqual([{ start: 10, end: 30 }]);
  });

  it('knows a live VOD (no ENDLIST) and fMP4 init segments', () => {
    const live = parseMediaPlaylist(mediaPlaylistForTest([10], { ended: false }), 'https://cdn.example/x/index.m3u8');
    expect(live.ended).toBe(false);
    const fmp4 = parseMediaPlaylist(
      '#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:10\n#EXT-X-MAP:URI="init-0.mp4"\n#EXTINF:10.000,\n0.mp4\n#EXT-X-ENDLIST\n',
      'https://cdn.example/x/index.m3u8',
    );
    expect(fmp4.initUrl).toBe('https://cdn.example/x/init-0.mp4');
  });

  it('picks exactly the segments a range touches', () => {
    const pick = (ranges: { start: number; end: number }[]) => segmentsForRanges(playlist.segments, ranges).map((s) => s.index);
    expect(pick([{ start: 12, end: 18 }])).toEqual([1]);
    expect(pick([{ start: 10, end: 20 }])).toEqual([1]);
    expect(pick([{ start: 9.9, end: 20.1 }])).toEqual([0, 1, 2]);
    expect(pick([{ start: 41, end: 44 }, { start: 1, end: 2 }])).toEqual([0, 4]);
    expect(pick([])).toEqual([]);
  });
});
