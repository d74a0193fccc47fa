// Loudness read by real ffmpeg from generated media: noise that is loud at known seconds and quiet
// elsewhere, a silent track, no audio at all, and a file that never arrives (cancel).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFfmpeg } from '../../../main/core/media/ffmpegPaths';
import { audioHeatmap, readAudioHeatmap, readLoudness, SILENCE_DB } from '../../../main/core/media/loudness';
import type { Progress } from '../../../main/core/progress';

const run = promisify(execFile);
const { ffmpegPath } = requireFfmpeg();

const DURATION = 90;
/** Loud stretches [start, start + 3); the one at 28 crosses the segment boundary at 30 used below. */
const BURSTS = [12, 28, 58];
const BURST_LEN = 3;
/** Quiet parts play at this fraction of the loud amplitude: 20·log10(0.03) ≈ −30 dB. */
const QUIET_GAIN = 0.03;

/** A small video whose audio is pink noise, loud during `bursts` and quiet elsewhere (or silence, or none). */
async function makeMedia(path: string, audio: 'bursts' | 'silent' | 'none', durationSec = DURATION): Promise<void> {
  const d = String(durationSec);
  const loud = BURSTS.map((b) => `between(t,${b},${b + BURST_LEN - 0.001})`).join('+');
  const audioInput =
    audio === 'bursts'
      ? [`anoisesrc=color=pink:amplitude=0.5:sample_rate=48000:seed=3:duration=${d},volume='if(${loud},1,${QUIET_GAIN})':eval=frame`]
      : audio === 'silent'
        ? [`anullsrc=channel_layout=stereo:sample_rate=48000,atrim=duration=${d}`]
        : [];
  await run(ffmpegPath, [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `color=c=gray:size=64x36:rate=5:duration=${d}`,
    ...audioInput.flatMap((graph) => ['-f', 'lavfi', '-i', graph]),
    '-c:v', 'libx264', '-preset', 'ultrafast',
    ...(audioInput.length > 0 ? ['-c:a', 'aac', '-b:a', '96k', '-ac', '2'] : []),
    '-t', d, path,
  ]);
}

const nearBurst = (s: number, margin: number) => BURSTS.some((b) => s >= b - margin && s < b + BURST_LEN + margin);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('readLoudness / readAudioHeatmap with real ffmpeg', () => {
  let dir: string;
  let bursts: string;
  let silent: string;
  let noAudio: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hl-loudness-'));
    bursts = join(dir, 'bursts.mp4');
    silent = join(dir, 'silent.mp4');
    noAudio = join(dir, 'noaudio.mp4');
    await Promise.all([makeMedia(bursts, 'bursts'), makeMedia(silent, 'silent'), makeMedia(noAudio, 'none')]);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives one level per second, about 30 dB higher in the loud seconds', async () => {
    const db = await readLoudness(bursts, DURATION, { processes: 1 });
    expect(db.length).toBe(DURATION);
    const quiet = Array.from(db).filter((_, s) => !nearBurst(s, 1));
    const quietLevel = median(quiet);
    // Quiet noise is steady: every quiet second is within a few dB of the others, and well above silence.
    for (const v of quiet) expect(Math.abs(v - quietLevel)).toBeLessThan(3);
    expect(quietLevel).toBeGreaterThan(SILENCE_DB + 5);
    for (const b of BURSTS) {
      for (let s = b; s < b + BURST_LEN; s++) expect(db[s]! - quietLevel, `second ${s}`).toBeGreaterThan(25);
    }
  });

  it('splits a long file into parallel segments without changing the levels', async () => {
    const single = await readLoudness(bursts, DURATION, { processes: 1 });
    // Three processes over [0,30), [30,60), [60,end): the burst at 28–31 is read by two of them.
    const split = await readLoudness(bursts, DURATION, { processes: 3, minSegmentSec: 30 });
    expect(split.length).toBe(single.length);
    for (let s = 0; s < DURATION; s++) expect(Math.abs(split[s]! - single[s]!), `second ${s}`).toBeLessThan(1);
  });

  it('reports progress up to the whole file', async () => {
    const progress: Progress[] = [];
    await readLoudness(bursts, DURATION, { processes: 3, minSegmentSec: 30, onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)!.fraction).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.fraction).toBeGreaterThan(progress[i - 1]!.fraction);
  });

  it('draws an audio heatmap whose peaks are the loud seconds', async () => {
    const heatmap = await readAudioHeatmap(bursts, DURATION, { processes: 1 });
    expect(heatmap.source).toBe('audio');
    expect(heatmap.binSec).toBe(1);
    expect(heatmap.values.length).toBe(DURATION);
    expect(heatmap.max).toBe(Math.max(...heatmap.values));
    for (const b of BURSTS) {
      // The highest point around each burst is inside it, and it is most of the 30 dB step.
      let peak = b - 4;
      for (let s = b - 4; s < b + BURST_LEN + 4; s++) if (heatmap.values[s]! > heatmap.values[peak]!) peak = s;
      expect(peak, `peak of the burst at ${b}`).toBeGreaterThanOrEqual(b);
      expect(peak).toBeLessThan(b + BURST_LEN);
      expect(heatmap.values[peak]!).toBeGreaterThan(15);
    }
    // Away from the bursts there is next to no heat.
    for (let s = 0; s < DURATION; s++) if (!nearBurst(s, 4)) expect(heatmap.values[s]!, `second ${s}`).toBeLessThan(1);
  });

  it('gives a silent track a flat heatmap of zeros', async () => {
    const db = await readLoudness(silent, DURATION);
    expect(db.length).toBe(DURATION);
    expect(Array.from(db).every((v) => v === SILENCE_DB)).toBe(true);
    const heatmap = audioHeatmap(db, DURATION);
    expect(heatmap.max).toBe(0);
    expect(heatmap.values.every((v) => v === 0)).toBe(true);
  });

  it('fails with FFMPEG_FAILED on a file without audio', async () => {
    await expect(readLoudness(noAudio, DURATION)).rejects.toMatchObject({ code: 'FFMPEG_FAILED' });
  });

  it.skipIf(process.platform === 'win32')('kills ffmpeg when cancelled (a pipe that never delivers data)', async () => {
    const fifo = join(dir, 'never.fifo');
    await run('mkfifo', [fifo]);
    const controller = new AbortController();
    const started = Date.now();
    const pending = readLoudness(fifo, 3600, { signal: controller.signal, processes: 1 });
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not start with an already cancelled signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readLoudness(bursts, DURATION, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
