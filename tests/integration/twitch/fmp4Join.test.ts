// joinSegments on fMP4 VODs (init segment + fragments, as Twitch serves HEVC/AV1), against real ffmpeg
// on generated segments, checked with plain ffprobe: every frame of the playlist, the EXTINF sum long
// within a frame, starting at zero, index first, seekable, audio one unbroken run of AAC frames across
// muted segments of both kinds (HEVC with B-frames too), partial (non-consecutive) joins, and damaged
// files named, removed and never turned into a silent hole.
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { joinSegments } from '../../../main/core/twitch/joinSegments';
import { INIT_FILE_NAME, segmentFileName } from '../../../main/core/twitch/segmentFiles';
import type { VodSegment } from '../../../main/core/twitch/types';
import { probeStreams } from '../../fixtures/media';
import { segmentFolder } from '../../fixtures/segmentFolder';
import { makeVodSegments, type VodSegmentsOptions } from '../../fixtures/vodSegments';
import { AAC_FRAME, decodeAndSeek, ffprobe, packetTimes, seams } from '../../fixtures/packets';

const FPS = 30;
const FRAME = 1 / FPS;
const BASE: VodSegmentsOptions = { durationSec: 20, segmentSec: 2, fps: FPS, container: 'fmp4' };
/** First, a run of two, and last: the cases where a join goes wrong. */
const MUTED = [0, 4, 5, 9];

let root: string;
beforeAll(async () => {
  // A quote and a space in the path: nothing the join writes may trip over the folder's name.
  root = await mkdtemp(join(tmpdir(), "hl-fmp4 it's-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A segment folder as downloadSegments leaves it (init included), and the playlist that goes with it. */
async function downloaded(opts: VodSegmentsOptions, pick?: number[]): Promise<{ dir: string; segments: VodSegment[]; totalSec: number }> {
  expect((await makeVodSegments(opts)).initFileName).toBe('init-0.mp4');
  return segmentFolder(root, opts, pick);
}


/** Steps between consecutive audio packets that are not one AAC frame: gaps or overlaps. */
const audioSeams = (times: number[]) => seams(times, AAC_FRAME);

async function formatFacts(path: string): Promise<{ startSec: number; codecs: string[] }> {
  const { stdout } = await ffprobe(['-v', 'error', '-show_entries', 'format=start_time:stream=codec_name,codec_tag_string', '-of', 'json', path]);
  const data = JSON.parse(stdout) as { format: { start_time: string }; streams: { codec_name: string; codec_tag_string: string }[] };
  return { startSec: Number(data.format.start_time), codecs: data.streams.map((s) => `${s.codec_name}/${s.codec_tag_string}`) };
}

/** Top-level box types in file order (read here, independently of the code under test). */
async function topLevelBoxes(path: string): Promise<string[]> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const types: string[] = [];
    const header = Buffer.alloc(16);
    for (let at = 0; at < size; ) {
      await file.read(header, 0, 16, at);
      const small = header.readUInt32BE(0);
      types.push(header.toString('latin1', 4, 8));
      at += small === 1 ? Number(header.readBigUInt64BE(8)) : small;
    }
    return types;
  } finally {
    await file.close();
  }
}

/** The checks every successful full join must pass. */
async function expectGoodJoin(outPath: string, totalSec: number, returnedSec: number): Promise<void> {
  const facts = await probeStreams(outPath);
  expect(returnedSec).toBeCloseTo(facts.durationSec, 3);
  // Every frame of the playlist, and the video exactly as long as the EXTINF sum (within a frame).
  expect(facts.video!.frames).toBe(Math.round(totalSec * FPS));
  expect(Math.abs(facts.video!.durationSec - totalSec)).toBeLessThan(FRAME);
  expect(Math.abs(facts.durationSec - totalSec)).toBeLessThan(FRAME + AAC_FRAME);
  // Starts at zero (not at the first segment's decode time), the picture within a frame of it.
  expect((await formatFacts(outPath)).startSec).toBe(0);
  expect(facts.video!.startSec).toBeLessThan(FRAME);

  // Audio: one unbroken run of frames, starting with the video and as long as it.
  const times = await packetTimes(outPath, 'a:0');
  expect(audioSeams(times)).toEqual([]);
  expect(Math.abs(times[0]! - facts.video!.startSec)).toBeLessThan(AAC_FRAME + 1e-4);
  expect(Math.abs(times.length * AAC_FRAME - facts.video!.durationSec)).toBeLessThan(0.1);

  // Index first (plays while it is still being read), and it decodes and seeks.
  const boxes = await topLevelBoxes(outPath);
  expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
  expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
  expect(boxes).not.toContain('moof');
  const { decodeErrors, landedSec: landed, keyframe } = await decodeAndSeek(outPath, 13);
  expect(decodeErrors).toBe('');
  expect(keyframe).toBe(true);
  // Seeking lands on the keyframe at or before 13 s (one every 2 s).
  expect(landed).toBeGreaterThan(11.9);
  expect(landed).toBeLessThanOrEqual(13);
}

async function expectNoLeftovers(dir: string, outName: string): Promise<void> {
  expect((await readdir(dir)).filter((n) => n.startsWith('.join-'))).toEqual([]);
  expect((await readdir(root)).filter((n) => n.includes(outName) && n !== outName)).toEqual([]);
}

describe('joinSegments on fMP4 segments', () => {
  it('joins an fMP4 VOD into one MP4 the playlist long, starting at zero, audio continuous', async () => {
    const { dir, segments, totalSec } = await downloaded(BASE);
    const outPath = join(root, 'plain.mp4');
    const fractions: number[] = [];
    const started = Date.now();
    const result = await joinSegments({ segments, dir, outPath, initSegment: true, onProgress: (f) => fractions.push(f) });
    console.log(`fMP4 join of ${segments.length} segments (${totalSec} s): ${Date.now() - started} ms`);
    await expectGoodJoin(outPath, totalSec, result.durationSec);
    await expectNoLeftovers(dir, 'plain.mp4');
    expect(await formatFacts(outPath)).toMatchObject({ codecs: ['h264/avc1', 'aac/mp4a'] });
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThan(fractions[i - 1]!);
    // The downloads are untouched.
    expect((await readdir(dir)).sort()).toEqual([INIT_FILE_NAME, ...segments.map(segmentFileName)].sort());
  });

  it('muted segments carrying silence are copied as they are', async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, mutedIndices: MUTED, mutedAudio: 'silent' });
    const outPath = join(root, 'silent.mp4');
    const result = await joinSegments({ segments, dir, outPath, initSegment: true });
    await expectGoodJoin(outPath, totalSec, result.durationSec);
    await expectNoLeftovers(dir, 'silent.mp4');
  });

  it('muted segments without audio samples get silence on the audio grid, the first and last included', async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, mutedIndices: MUTED, mutedAudio: 'none' });
    // The init segment declares the audio track, the muted fragments hold no sample of it: fed to ffmpeg
    // as they are, they would leave holes in the audio. That is what the rewrite is for.
    const audioPackets = async (s: VodSegment) => {
      const input = `concat:${join(dir, INIT_FILE_NAME)}|${join(dir, segmentFileName(s))}`;
      const { stdout } = await ffprobe(['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', input]);
      return stdout.split('\n').filter((line) => line.trim()).length;
    };
    expect(await audioPackets(segments[4]!)).toBe(0);
    expect(await audioPackets(segments[3]!)).toBeGreaterThan(90);
    const outPath = join(root, 'none.mp4');
    const started = Date.now();
    const result = await joinSegments({ segments, dir, outPath, initSegment: true });
    console.log(`fMP4 join with ${MUTED.length} segments rewritten: ${Date.now() - started} ms`);
    await expectGoodJoin(outPath, totalSec, result.durationSec);
    await expectNoLeftovers(dir, 'none.mp4');
  });

  it('HEVC with B-frames (what Twitch serves as fMP4): starts at zero, a muted segment filled exactly', async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, videoCodec: 'hevc', mutedIndices: [4], mutedAudio: 'none' });
    const outPath = join(root, 'hevc.mp4');
    const result = await joinSegments({ segments, dir, outPath, initSegment: true });
    await expectGoodJoin(outPath, totalSec, result.durationSec);
    expect((await formatFacts(outPath)).codecs).toEqual(['hevc/hvc1', 'aac/mp4a']);
  });

  it('HEVC with B-frames, the first segment muted: its silence starts with the picture, at zero', async () => {
    const { dir, segments, totalSec } = await downloaded({ ...BASE, videoCodec: 'hevc', mutedIndices: [0, 4], mutedAudio: 'none' });
    const outPath = join(root, 'hevc-first-muted.mp4');
    const result = await joinSegments({ segments, dir, outPath, initSegment: true });
    await expectGoodJoin(outPath, totalSec, result.durationSec);
    // Not a decode delay late (silence from the keyframe's decoding time would put the file's start there).
    const video = await packetTimes(outPath, 'v:0');
    const audio = await packetTimes(outPath, 'a:0');
    expect(video[0]).toBeLessThan(1e-3);
    expect(audio[0]).toBeGreaterThanOrEqual(video[0]! - 1e-4);
    expect(audio[0]! - video[0]!).toBeLessThan(AAC_FRAME);
  });

  it('joins non-consecutive segments back to back at their EXTINF sums (partial export)', async () => {
    // Runs [1 2] [4* 5*] [8] with 4 and 5 muted without audio: three seams and two rewrites.
    const pick = [1, 2, 4, 5, 8];
    const { dir, segments, totalSec } = await downloaded({ ...BASE, mutedIndices: MUTED, mutedAudio: 'none' }, pick);
    const outPath = join(root, 'sparse.mp4');
    const result = await joinSegments({ segments, dir, outPath, initSegment: true });
    const facts = await probeStreams(outPath);
    expect(totalSec).toBe(10);
    expect(facts.video!.frames).toBe(pick.length * 2 * FPS);
    expect(Math.abs(facts.video!.durationSec - totalSec)).toBeLessThan(FRAME);
    expect(result.durationSec).toBeCloseTo(facts.durationSec, 3);
    expect((await formatFacts(outPath)).startSec).toBe(0);
    // Each segment's frames sit where the sparse timeline puts it: 2 s per segment, no gap, no overlap.
    const frames = await packetTimes(outPath, 'v:0');
    const steps = frames.slice(1).map((t, i) => t - frames[i]!);
    expect(Math.max(...steps)).toBeLessThan(FRAME + 1e-3);
    expect(Math.min(...steps)).toBeGreaterThan(FRAME - 1e-3);
    // Audio continuous within the runs (the rewritten pair included); at most a frame off at the two
    // cuts between runs, where the VOD itself is cut.
    const seams = audioSeams(await packetTimes(outPath, 'a:0'));
    expect(seams.length).toBeLessThanOrEqual(2);
    for (const seam of seams) {
      expect(Math.min(Math.abs(seam.at - 4), Math.abs(seam.at - 8))).toBeLessThan(0.05);
      expect(Math.abs(seam.step - AAC_FRAME)).toBeLessThan(AAC_FRAME);
    }
    expect(Math.abs(facts.audio!.durationSec - facts.video!.durationSec)).toBeLessThan(0.05);
  });

  it('fails with NOT_FOUND when the init segment or a segment is missing, creating nothing', async () => {
    const { dir, segments } = await downloaded(BASE);
    await rm(join(dir, INIT_FILE_NAME));
    const outPath = join(root, 'noinit.mp4');
    const noInit = await joinSegments({ segments, dir, outPath, initSegment: true }).catch((e: unknown) => e);
    expect((noInit as AppError).code).toBe('NOT_FOUND');
    expect((noInit as AppError).message).toMatch(/init segment is missing/);

    const other = await downloaded(BASE);
    await rm(join(other.dir, segmentFileName(other.segments[6]!)));
    const noSegment = await joinSegments({ segments: other.segments, dir: other.dir, outPath, initSegment: true }).catch((e: unknown) => e);
    expect((noSegment as AppError).code).toBe('NOT_FOUND');
    expect((noSegment as AppError).message).toContain(other.segments[6]!.uri);
    expect(await readdir(root)).not.toContain('noinit.mp4');
  });

  it('a damaged segment fails the join (instead of becoming a hole), is removed, and leaves no output', async () => {
    const { dir, segments } = await downloaded({ ...BASE, mutedIndices: [2], mutedAudio: 'none' });
    await writeFile(join(dir, segmentFileName(segments[7]!)), 'this is not fMP4');
    const outPath = join(root, 'corrupt.mp4');
    const error = await joinSegments({ segments, dir, outPath, initSegment: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FFMPEG_FAILED');
    expect((error as AppError).message).toContain(segments[7]!.uri);
    await expectNoLeftovers(dir, 'corrupt.mp4');
    expect(await readdir(root)).not.toContain('corrupt.mp4');
    // Removed so that a download rerun fetches it again; the others (and the init segment) stay.
    const left = await readdir(dir);
    expect(left).not.toContain(segmentFileName(segments[7]!));
    expect(left).toHaveLength(segments.length);
  });

  it('a segment cut short, or a damaged init segment, fails the same way', async () => {
    const { dir, segments } = await downloaded(BASE);
    const last = join(dir, segmentFileName(segments[segments.length - 1]!));
    const data = await readFile(last);
    await writeFile(last, data.subarray(0, Math.floor(data.length / 4)));
    const outPath = join(root, 'short.mp4');
    const short = await joinSegments({ segments, dir, outPath, initSegment: true }).catch((e: unknown) => e);
    expect((short as AppError).code).toBe('FFMPEG_FAILED');
    expect((short as AppError).message).toMatch(/9\.mp4 .*cut short/);

    const other = await downloaded(BASE);
    await writeFile(join(other.dir, INIT_FILE_NAME), '<html>403 Forbidden</html>');
    const badInit = await joinSegments({ segments: other.segments, dir: other.dir, outPath, initSegment: true }).catch((e: unknown) => e);
    expect((badInit as AppError).code).toBe('FFMPEG_FAILED');
    expect((badInit as AppError).message).toMatch(/^The init segment of the VOD is damaged \(it is not an MP4 file\)/);
    expect(await readdir(other.dir)).not.toContain(INIT_FILE_NAME);
    expect(await readdir(root)).not.toContain('short.mp4');
  });

  it('cancel stops ffmpeg and leaves no output', async () => {
    const { dir, segments } = await downloaded({ ...BASE, mutedIndices: MUTED, mutedAudio: 'none' });
    const outPath = join(root, 'cancelled.mp4');
    const controller = new AbortController();
    const error = await joinSegments({
      segments,
      dir,
      outPath,
      initSegment: true,
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CANCELLED');
    await expectNoLeftovers(dir, 'cancelled.mp4');
    expect(await readdir(root)).not.toContain('cancelled.mp4');
  });
});
