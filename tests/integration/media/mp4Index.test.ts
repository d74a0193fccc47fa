// readMp4Listing against ffprobe: every packet it reads from an MP4/MOV index has the stream, times, byte
// position and key flag ffmpeg's demuxer gives it. readContainerDuration against ffprobe's duration.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContainerDuration } from '../../../main/core/media/containerDuration';
import { requireFfmpeg } from '../../../main/core/media/ffmpegPaths';
import { readMp4Listing } from '../../../main/core/media/mp4Index';
import { makeTestVideo, probeDuration } from '../../fixtures/media';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-mp4index-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function remux(source: string, name: string, extra: string[] = []): Promise<string> {
  const out = join(dir, name);
  await run(requireFfmpeg().ffmpegPath, ['-y', '-v', 'error', '-i', source, '-map', '0', '-c', 'copy', ...extra, out]);
  return out;
}

/** ffprobe's packets keyed by byte position: [stream index, pts, dts, key]. */
async function ffprobePackets(path: string): Promise<Map<number, [number, number, number, boolean]>> {
  const { stdout } = await run(
    requireFfmpeg().ffprobePath,
    ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time,dts_time,pos,flags', '-of', 'csv=p=0', path],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const packets = new Map<number, [number, number, number, boolean]>();
  for (const line of stdout.split('\n')) {
    const [stream, pts, dts, pos, flags = ''] = line.split(',');
    if (pos) packets.set(Number(pos), [Number(stream), Number(pts), Number(dts), flags.startsWith('K')]);
  }
  return packets;
}

describe('readMp4Listing', () => {
  it.each<{ name: string; file: () => Promise<string> }>([
    { name: 'MP4 with B-frames', file: () => makeTestVideo({ durationSec: 20, bframes: 2 }) },
    { name: 'MP4 without B-frames, index at the end', file: async () => remux(await makeTestVideo({ durationSec: 20 }), 'moov-last.mp4') },
    { name: '60 fps with 3 B-frames', file: () => makeTestVideo({ durationSec: 12, fps: 60, bframes: 3 }) },
    { name: 'MOV', file: async () => remux(await makeTestVideo({ durationSec: 20, bframes: 2 }), 'bframes.mov', ['-movflags', '+faststart']) },
    { name: 'MP4 without audio', file: () => makeTestVideo({ durationSec: 12, audio: false }) },
  ])('lists the packets of $name exactly as ffmpeg reads them', async ({ file }) => {
    const path = await file();
    const listing = await readMp4Listing(path, [0, 2, 4.5, 8, 11.99]);
    expect(listing).not.toBeNull();
    expect(listing!.durationSec).toBeCloseTo(await probeDuration(path), 3);
    expect(listing!.packets.some((p) => p.kind === 'video' && p.key)).toBe(true);
    const truth = await ffprobePackets(path);
    for (const p of listing!.packets) {
      const [stream, pts, dts, key] = truth.get(p.pos as number) ?? [];
      expect({ kind: p.kind, pts: p.ptsSec, dts: p.dtsSec, key: p.key }).toEqual({
        kind: stream === 0 ? 'video' : 'audio',
        pts: expect.closeTo(pts as number, 6),
        dts: expect.closeTo(dts as number, 6),
        key,
      });
    }
  });

  it('lists every audio packet around a point, the keyframes within half a second and the one before them', async () => {
    const path = await makeTestVideo({ durationSec: 20, bframes: 2 });
    const listing = (await readMp4Listing(path, [8]))!;
    const audio = listing.packets.filter((p) => p.kind === 'audio').map((p) => p.ptsSec as number);
    expect(Math.min(...audio)).toBeLessThan(7.5 + 1024 / 48000);
    expect(Math.max(...audio)).toBeGreaterThan(8.5 - 1024 / 48000);
    // 6 s: where a seek just before 8 s lands (the reel's first entry is read from there).
    expect(listing.packets.filter((p) => p.kind === 'video').map((p) => p.ptsSec)).toEqual([6, 8]);
  });

  it('reads no other container, nor a fragmented MP4, nor a file that is no video', async () => {
    const mp4 = await makeTestVideo({ durationSec: 12 });
    expect(await readMp4Listing(await makeTestVideo({ durationSec: 20, bframes: 2, container: 'mpegts' }), [2])).toBeNull();
    expect(await readMp4Listing(await remux(mp4, 'source.mkv'), [2])).toBeNull();
    expect(await readMp4Listing(await remux(mp4, 'fragmented.mp4', ['-movflags', 'frag_keyframe+empty_moov']), [2])).toBeNull();
    const text = join(dir, 'notes.mp4');
    await writeFile(text, 'not a video at all, just some text that is long enough');
    expect(await readMp4Listing(text, [2])).toBeNull();
  });
});

describe('readContainerDuration', () => {
  it('reads the duration ffprobe reports from MP4, MOV and Matroska headers', async () => {
    const mp4 = await makeTestVideo({ durationSec: 12 });
    for (const path of [mp4, await remux(mp4, 'd.mov'), await remux(mp4, 'd.mkv'), await remux(mp4, 'moov-last-d.mp4')]) {
      expect(await readContainerDuration(path)).toBeCloseTo(await probeDuration(path), 3);
    }
  });

  it('is null for formats it does not read', async () => {
    expect(await readContainerDuration(await makeTestVideo({ durationSec: 20, bframes: 2, container: 'mpegts' }))).toBeNull();
  });
});
