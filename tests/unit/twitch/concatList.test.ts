import { describe, expect, it } from 'vitest';
import { concatJoinArgs, segmentConcatList } from '../../../main/core/twitch/concatList';

describe('segmentConcatList', () => {
  it('writes the header, then file and duration per segment', () => {
    const text = segmentConcatList([
      { path: '/seg/000000.ts', durationSec: 10 },
      { path: '/seg/000001.ts', durationSec: 9.5 },
      { path: '/seg/000002.ts', durationSec: 2.002 },
    ]);
    expect(text).toBe(
      ["ffconcat version 1.0", "file '/seg/000000.ts'", 'duration 10', "file '/seg/000001.ts'", 'duration 9.5', "file '/seg/000002.ts'", 'duration 2.002', ''].join('\n'),
    );
  });

  it('quotes names with quotes, spaces and backslashes so the demuxer reads them back unchanged', () => {
    const text = segmentConcatList([{ path: "C:\\Users\\it's me\\000001.ts", durationSec: 2 }]);
    expect(text.split('\n')[1]).toBe("file 'C:\\Users\\it'\\''s me\\000001.ts'");
  });

  it('moves each file by its lead: the previous entry gets shorter, its own longer, the total stays', () => {
    const entries = [
      { path: 'a', durationSec: 2, leadSec: 0.021 },
      { path: 'b', durationSec: 2 },
      { path: 'c', durationSec: 2, leadSec: 0.01 },
      { path: 'd', durationSec: 1.5 },
    ];
    const durations = segmentConcatList(entries)
      .split('\n')
      .filter((line) => line.startsWith('duration '))
      .map((line) => Number(line.slice('duration '.length)));
    expect(durations).toEqual([2.021, 1.99, 2.01, 1.5]);
    // Where each file's first video frame lands = list position + its lead = the playlist position + the
    // first file's lead, for every file.
    let position = 0;
    entries.forEach((entry, i) => {
      expect(position + (entry.leadSec ?? 0)).toBeCloseTo(2 * i + 0.021, 9);
      position += durations[i]!;
    });
  });
});

describe('concatJoinArgs', () => {
  it('stream-copies first video and first audio into an MP4 with its index first', () => {
    const args = concatJoinArgs({ listPath: '/w/list.ffconcat', outPath: '/o/.out.mp4.part', aacAudio: true });
    const joined = args.join(' ');
    expect(joined).toContain('-f concat -safe 0 -i /w/list.ffconcat');
    expect(joined).toContain('-map 0:v:0? -map 0:a:0? -c copy -bsf:a aac_adtstoasc');
    // make_zero would shift the first decoding time to zero: with B-frames, the picture two frames late.
    expect(args).not.toContain('-avoid_negative_ts');
    expect(joined).toContain('-movflags +faststart');
    expect(args.slice(-3)).toEqual(['-f', 'mp4', '/o/.out.mp4.part']);
    expect(args).toContain('-progress');
  });

  it('leaves out the ADTS filter when the audio is not AAC', () => {
    expect(concatJoinArgs({ listPath: 'l', outPath: 'o', aacAudio: false })).not.toContain('aac_adtstoasc');
  });
});
