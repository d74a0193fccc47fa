// The MPEG-TS head reader against plain ffprobe on every segment of generated Twitch-like VODs (with
// and without B-frames, muted segments with silence and without an audio stream): the same starts
// within 1 µs (ffprobe prints microseconds), from the head of the file alone.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTsStarts, tsStartsFromHead, type TsStarts } from '../../../main/core/twitch/tsTimestamps';
import { makeVodSegments, type VodSegmentsOptions } from '../../fixtures/vodSegments';

const run = promisify(execFile);
const ffprobeBin = () => process.env.HIGHLIGHTER_FFPROBE || 'ffprobe';

const BASE: VodSegmentsOptions = { durationSec: 20, segmentSec: 2, fps: 30 };
const VODS: [string, VodSegmentsOptions][] = [
  ['no B-frames', BASE],
  ['3 B-frames', { ...BASE, bframes: 3 }],
  ['2 B-frames, muted without audio', { ...BASE, bframes: 2, mutedIndices: [3] , mutedAudio: 'none' }],
  ['muted without audio', { ...BASE, mutedIndices: [0, 4, 5, 9], mutedAudio: 'none' }],
  ['muted with silence', { ...BASE, mutedIndices: [0, 4, 5, 9], mutedAudio: 'silent' }],
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hl-ts-starts-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** What ffprobe says: format and stream start times, and the first video packet's decoding time. */
async function ffprobeStarts(path: string): Promise<TsStarts> {
  const { stdout } = await run(ffprobeBin(), [
    '-v', 'error', '-show_entries', 'format=start_time:stream=index,codec_type,start_time:packet=stream_index,dts_time',
    '-read_intervals', '%+#5', '-of', 'json', path,
  ]);
  const data = JSON.parse(stdout) as {
    format: { start_time: string };
    streams: { index: number; codec_type: string; start_time: string }[];
    packets: { stream_index: number; dts_time: string }[];
  };
  const video = data.streams.find((s) => s.codec_type === 'video');
  const audio = data.streams.find((s) => s.codec_type === 'audio');
  const firstVideoPacket = data.packets.find((p) => p.stream_index === video?.index);
  return {
    startSec: Number(data.format.start_time),
    videoStartSec: video ? Number(video.start_time) : null,
    videoDecodeStartSec: firstVideoPacket ? Number(firstVideoPacket.dts_time) : null,
    audioStartSec: audio ? Number(audio.start_time) : null,
  };
}

function expectSameStarts(ours: TsStarts | null, theirs: TsStarts, label: string): void {
  expect(ours, label).not.toBeNull();
  for (const key of ['startSec', 'videoStartSec', 'videoDecodeStartSec', 'audioStartSec'] as const) {
    const a = ours![key];
    const b = theirs[key];
    if (b === null) expect(a, `${label} ${key}`).toBeNull();
    else expect(Math.abs(a! - b), `${label} ${key}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-6);
  }
}

describe('readTsStarts against ffprobe', () => {
  for (const [label, opts] of VODS) {
    it(`every segment: ${label}`, async () => {
      const vod = await makeVodSegments(opts);
      let withDelay = 0;
      for (const s of vod.segments) {
        const theirs = await ffprobeStarts(s.path);
        expectSameStarts(await readTsStarts(s.path), theirs, s.fileName);
        if (theirs.videoStartSec! - theirs.videoDecodeStartSec! > 1e-3) withDelay++;
      }
      // The fixture is what its label says (so that the comparison covers decode delays, or none).
      expect(withDelay).toBe(opts.bframes ? vod.segments.length : 0);
    });
  }

  it('needs only the head: the first packets tell, a file cut before the audio does not', async () => {
    const vod = await makeVodSegments({ ...BASE, bframes: 3 });
    const segment = vod.segments[3]!;
    const data = await readFile(segment.path);
    const whole = await readTsStarts(segment.path);
    // Where the first audio PES header is: the answer needs exactly the packets up to it.
    let cut = 0;
    while (tsStartsFromHead(data.subarray(0, cut)) === null) cut += 188;
    expect(cut).toBeLessThan(data.length / 2);
    expect(tsStartsFromHead(data.subarray(0, cut))).toEqual(whole);
    expect(tsStartsFromHead(data.subarray(0, cut - 188))).toBeNull();
    // Read through a file, even one capped below what it needs (then: null, ffprobe decides).
    const headPath = join(root, 'head.ts');
    await writeFile(headPath, data.subarray(0, cut));
    expect(await readTsStarts(headPath)).toEqual(whole);
    expect(await readTsStarts(segment.path, cut - 188)).toBeNull();
    const text = join(root, 'not.ts');
    await writeFile(text, 'this is not MPEG-TS');
    expect(await readTsStarts(text)).toBeNull();
  });
});
