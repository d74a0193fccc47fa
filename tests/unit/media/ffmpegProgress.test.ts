import { describe, expect, it } from 'vitest';
import { createProgressReader, parseClock, parseSpeed, progressFromFields } from '../../../main/core/media/ffmpegProgress';

// What ffmpeg 5.1 writes with `-progress pipe:1 -nostats` while encoding (copied from a real run).
const FIRST_BLOCK = `frame=0
fps=0.00
stream_0_0_q=0.0
bitrate=N/A
total_size=44
out_time_us=N/A
out_time_ms=N/A
out_time=N/A
dup_frames=0
drop_frames=0
speed=N/A
progress=continue
`;
const MIDDLE_BLOCK = `frame=94
fps=0.00
stream_0_0_q=28.0
bitrate= 290.4kbits/s
total_size=113403
out_time_us=3123968
out_time_ms=3123968
out_time=00:00:03.123968
dup_frames=0
drop_frames=0
speed=6.23x
progress=continue
`;
const LAST_BLOCK = `frame=166
fps=0.00
stream_0_0_q=-1.0
bitrate= 483.2kbits/s
total_size=333699
out_time_us=5525333
out_time_ms=5525333
out_time=00:00:05.525333
dup_frames=0
drop_frames=0
speed=26.3x
progress=end
`;

describe('createProgressReader', () => {
  it('gives one progress per block, N/A as null and the end flag on the last', () => {
    const reader = createProgressReader();
    expect(reader.push(FIRST_BLOCK + MIDDLE_BLOCK + LAST_BLOCK)).toEqual([
      { outTimeSec: null, speed: null, done: false },
      { outTimeSec: 3.123968, speed: 6.23, done: false },
      { outTimeSec: 5.525333, speed: 26.3, done: true },
    ]);
  });

  it('reassembles blocks split at any byte, CRLF included', () => {
    const text = (MIDDLE_BLOCK + LAST_BLOCK).replace(/\n/g, '\r\n');
    const whole = createProgressReader().push(text);
    for (const size of [1, 2, 7, 33, 100]) {
      const reader = createProgressReader();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
      expect(out).toEqual(whole);
    }
    expect(whole).toHaveLength(2);
  });

  it('does not report a block until its progress= line arrives', () => {
    const reader = createProgressReader();
    expect(reader.push(MIDDLE_BLOCK.replace('progress=continue\n', ''))).toEqual([]);
    expect(reader.push('progress=continue\n')).toEqual([{ outTimeSec: 3.123968, speed: 6.23, done: false }]);
  });

  it('does not leak keys of one block into the next', () => {
    const reader = createProgressReader();
    reader.push(MIDDLE_BLOCK);
    expect(reader.push('frame=100\nprogress=continue\n')).toEqual([{ outTimeSec: null, speed: null, done: false }]);
  });
});

describe('progressFromFields', () => {
  const fields = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it('prefers out_time_us, then out_time_ms (microseconds despite the name), then out_time', () => {
    expect(progressFromFields(fields({ out_time_us: '2000000', out_time_ms: '9', out_time: '00:00:09.000000' })).outTimeSec).toBe(2);
    expect(progressFromFields(fields({ out_time_ms: '1500000', out_time: '00:00:09.000000' })).outTimeSec).toBe(1.5);
    expect(progressFromFields(fields({ out_time: '01:02:03.500000' })).outTimeSec).toBe(3723.5);
  });

  it('treats the negative times ffmpeg prints before the first frame as unknown', () => {
    expect(progressFromFields(fields({ out_time_us: '-9223372036854775807', out_time: '-2562047788:00:54.775807' })).outTimeSec).toBeNull();
  });
});

describe('parseClock / parseSpeed', () => {
  it.each([
    ['00:00:00.000000', 0],
    ['00:01:30.250000', 90.25],
    ['10:00:00', 36000],
    ['N/A', null],
    ['', null],
    ['-00:00:01.000000', null],
  ])('parseClock(%j) = %j', (raw, expected) => {
    expect(parseClock(raw)).toBe(expected);
  });

  it.each([
    ['6.23x', 6.23],
    [' 0.998x', 0.998],
    ['1.5e+03x', 1500],
    ['N/A', null],
    ['0x', null],
    ['fast', null],
  ])('parseSpeed(%j) = %j', (raw, expected) => {
    expect(parseSpeed(raw)).toBe(expected);
  });
});
