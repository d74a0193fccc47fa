// Waveform peaks read by real ffmpeg, through the reader and through the core: a tone with silence in
// the middle, once per file (then from the cache), cancel, a changed file, no audio, and a restart.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import { WAVEFORM_JOB } from '../../../main/core/api/waveform';
import { requireFfmpeg } from '../../../main/core/media/ffmpegPaths';
import { readWaveformPeaks } from '../../../main/core/media/waveform';
import { WAVEFORM_CACHE_DIR } from '../../../main/core/media/waveformFile';
import { openCore, waitForJob } from '../../fixtures/core';
import { makeTestVideo } from '../../fixtures/media';

const run = promisify(execFile);
const { ffmpegPath } = requireFfmpeg();

const DURATION = 30;
const AMPLITUDE = 0.8;

/** A tiny video whose audio is a 440 Hz tone at AMPLITUDE, silent during [silentFrom, silentTo). */
async function makeTone(path: string, silentFrom: number, silentTo: number): Promise<void> {
  const tone = `${AMPLITUDE}*sin(2*PI*440*t)*(1-between(t,${silentFrom},${silentTo - 0.0001}))`;
  await run(ffmpegPath, [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `color=c=gray:size=64x36:rate=5:duration=${DURATION}`,
    '-f', 'lavfi', '-i', `aevalsrc='${tone}|${tone}':s=48000:d=${DURATION}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-b:a', '96k', '-t', String(DURATION), path,
  ]);
}

/** Peaks of bins fully inside [from, to). */
const slice = (peaks: ArrayLike<number>, binSec: number, from: number, to: number) =>
  to <= from ? [] : Array.from(peaks).slice(Math.ceil(from / binSec), Math.floor(to / binSec));

function expectToneWithSilence(peaks: ArrayLike<number>, binSec: number, silentFrom: number, silentTo: number): void {
  // A bin or two of margin at each edge: the AAC encoder smears the switch a little.
  const loud = [...slice(peaks, binSec, 0.2, silentFrom - 0.2), ...slice(peaks, binSec, silentTo + 0.2, DURATION - 0.2)];
  const quiet = slice(peaks, binSec, silentFrom + 0.2, silentTo - 0.2);
  expect(loud.length).toBeGreaterThan(100);
  expect(quiet.length).toBeGreaterThan(80);
  expect(Math.min(...loud)).toBeGreaterThan(AMPLITUDE * 0.85);
  expect(Math.max(...loud)).toBeLessThan(1);
  expect(Math.max(...quiet)).toBeLessThan(0.01);
}

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-waveform-'));
  await Promise.all([makeTone(file('tone.mp4'), 10, 20), makeTone(file('early-silence.mp4'), 0, 10)]);
  await Promise.all(['tone2.mp4', 'tone3.mp4'].map((name) => copyFile(file('tone.mp4'), file(name))));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('readWaveformPeaks', () => {
  it('gives high peaks where the tone plays and about 0 where it is silent, 0.1 s a bin', async () => {
    const waveform = await readWaveformPeaks(file('tone.mp4'), DURATION, { processes: 1 });
    expect(waveform.binSec).toBe(0.1);
    expect(waveform.peaks.length).toBe(DURATION * 10);
    expectToneWithSilence(waveform.peaks, waveform.binSec, 10, 20);
  });

  it('gives the same peaks when split among several ffmpeg processes', async () => {
    const single = await readWaveformPeaks(file('tone.mp4'), DURATION, { processes: 1 });
    const split = await readWaveformPeaks(file('tone.mp4'), DURATION, { processes: 3, minSegmentSec: 10 });
    const diffs = Array.from(single.peaks, (v, i) => Math.abs(v - split.peaks[i]!));
    expect(Math.max(...diffs)).toBeLessThan(0.002);
  });
});

describe('getWaveform', () => {
  let core: Core;
  let dataDir: string;
  const waveformJobs = async (projectId?: number) =>
    (await core.api.listJobs({})).filter((j) => j.kind === WAVEFORM_JOB && (projectId === undefined || j.projectId === projectId));
  const nextWaveformEvent = (projectId: number) =>
    new Promise<void>((resolve) => {
      const off = core.events.on('waveform', (e) => {
        if (e.projectId !== projectId) return;
        off();
        resolve();
      });
    });

  beforeAll(async () => {
    dataDir = file('library');
    core = await openCore(dataDir);
  });

  afterAll(async () => {
    await core?.close();
  });

  it('answers null and starts one job, then the cached peaks without another job', async () => {
    const project = await core.api.openLocal({ videoPath: file('tone.mp4') });
    const ready = nextWaveformEvent(project.id);
    // Two calls at once start one job.
    expect(await Promise.all([core.api.getWaveform({ projectId: project.id }), core.api.getWaveform({ projectId: project.id })])).toEqual([null, null]);
    await ready;
    const waveform = await core.api.getWaveform({ projectId: project.id });
    expect(waveform).not.toBeNull();
    expect(waveform!.durationSec).toBeCloseTo(DURATION, 0);
    expectToneWithSilence(waveform!.peaks, waveform!.binSec, 10, 20);

    const jobs = await waveformJobs(project.id);
    expect(jobs.map((j) => j.state)).toEqual(['done']);
    expect(await core.api.getWaveform({ projectId: project.id })).toEqual(waveform);
    expect(await waveformJobs(project.id)).toHaveLength(1);
    expect(await readdir(join(dataDir, WAVEFORM_CACHE_DIR))).toEqual([`media-${project.media.id}.peaks`]);
  });

  it('gives a video without audio empty peaks, without a job', async () => {
    const noAudio = file('noaudio.mp4');
    await copyFile(await makeTestVideo({ durationSec: 10, audio: false }), noAudio);
    const project = await core.api.openLocal({ videoPath: noAudio });
    expect(await core.api.getWaveform({ projectId: project.id })).toEqual({ binSec: 0.1, peaks: [], durationSec: project.media.probe.durationSec });
    expect(await waveformJobs(project.id)).toHaveLength(0);
  });

  it('stops ffmpeg on cancel, caches nothing, and starts again on the next call', async () => {
    const project = await core.api.openLocal({ videoPath: file('tone2.mp4') });
    const cancelled = new Promise<void>((resolve) => {
      const off = core.events.on('job', (job) => {
        if (job.kind !== WAVEFORM_JOB || job.projectId !== project.id) return;
        if (job.state === 'queued') void core.api.cancelJob({ jobId: job.id });
        if (job.state === 'cancelled') {
          off();
          resolve();
        }
      });
    });
    expect(await core.api.getWaveform({ projectId: project.id })).toBeNull();
    await cancelled;
    expect((await waveformJobs(project.id)).map((j) => j.state)).toEqual(['cancelled']);
    expect(await readdir(join(dataDir, WAVEFORM_CACHE_DIR))).not.toContain(`media-${project.media.id}.peaks`);

    const ready = nextWaveformEvent(project.id);
    expect(await core.api.getWaveform({ projectId: project.id })).toBeNull();
    await ready;
    expectToneWithSilence((await core.api.getWaveform({ projectId: project.id }))!.peaks, 0.1, 10, 20);
    expect((await waveformJobs(project.id)).map((j) => j.state).sort()).toEqual(['cancelled', 'done']);
  });

  it('reads a file again when its size or mtime changed', async () => {
    const path = file('tone3.mp4');
    const project = await core.api.openLocal({ videoPath: path });
    let ready = nextWaveformEvent(project.id);
    await core.api.getWaveform({ projectId: project.id });
    await ready;
    expectToneWithSilence((await core.api.getWaveform({ projectId: project.id }))!.peaks, 0.1, 10, 20);

    // Same length, silence elsewhere, and a later mtime.
    const before = await stat(path);
    await copyFile(file('early-silence.mp4'), path);
    await utimes(path, before.atime, new Date(before.mtimeMs + 5000));
    ready = nextWaveformEvent(project.id);
    expect(await core.api.getWaveform({ projectId: project.id })).toBeNull();
    await ready;
    expectToneWithSilence((await core.api.getWaveform({ projectId: project.id }))!.peaks, 0.1, 0, 10);
    expect((await waveformJobs(project.id)).map((j) => j.state)).toEqual(['done', 'done']);
  });
});

describe('getWaveform on a long video', () => {
  let longVideo: string;
  const firstProgress = (core: Core) =>
    new Promise<number>((resolve) => {
      const off = core.events.on('job', (job) => {
        if (job.kind === WAVEFORM_JOB && job.state === 'running' && job.progress.fraction > 0) {
          off();
          resolve(job.id);
        }
      });
    });
  /** ffmpeg processes this test process started that are still alive. */
  const childFfmpegs = async () => {
    const { stdout } = await run('ps', ['-o', 'comm=', '--ppid', String(process.pid)]).catch(() => ({ stdout: '' }));
    return stdout.split('\n').filter((name) => name.trim() === 'ffmpeg').length;
  };

  beforeAll(async () => {
    // The longest test media: 20 minutes, so a job can be stopped mid-read.
    longVideo = file('long.mp4');
    await copyFile(await makeTestVideo({ durationSec: 1200, fps: 1, keyintFrames: 10, width: 64, height: 36, audio: true }), longVideo);
  });

  it('kills ffmpeg when the running job is cancelled', async () => {
    const dataDir = file('library-cancel');
    const core = await openCore(dataDir);
    try {
      const project = await core.api.openLocal({ videoPath: longVideo });
      const running = firstProgress(core);
      expect(await core.api.getWaveform({ projectId: project.id })).toBeNull();
      const jobId = await running;
      expect(await childFfmpegs()).toBeGreaterThan(0);
      const final = waitForJob(core, jobId);
      await core.api.cancelJob({ jobId });
      expect((await final).state).toBe('cancelled');
      expect(await childFfmpegs()).toBe(0);
      expect(await readdir(join(dataDir, WAVEFORM_CACHE_DIR)).catch(() => [] as string[])).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('marks a job cut short by closing interrupted, leaves no partial file, and runs again on request', async () => {
    const dataDir = file('library-restart');
    let core = await openCore(dataDir);
    const project = await core.api.openLocal({ videoPath: longVideo });
    const running = firstProgress(core);
    expect(await core.api.getWaveform({ projectId: project.id })).toBeNull();
    await running;
    await core.close();

    core = await openCore(dataDir);
    try {
      const jobs = (await core.api.listJobs({})).filter((j) => j.kind === WAVEFORM_JOB);
      expect(jobs.map((j) => j.state)).toEqual(['interrupted']);
      expect(await readdir(join(dataDir, WAVEFORM_CACHE_DIR)).catch(() => [] as string[])).toEqual([]);

      const started = Date.now();
      expect(await core.api.getWaveform({ projectId: project.id })).toBeNull();
      const job = (await core.api.listJobs({})).find((j) => j.kind === WAVEFORM_JOB && j.state !== 'interrupted')!;
      expect((await waitForJob(core, job.id)).state).toBe('done');
      const ms = Date.now() - started;
      const waveform = (await core.api.getWaveform({ projectId: project.id }))!;
      console.log(`waveform job for ${waveform.durationSec.toFixed(0)} s of audio: ${ms} ms (${waveform.peaks.length} bins)`);
      expect(waveform.peaks.length).toBe(Math.ceil(waveform.durationSec / waveform.binSec));
      // The fixture's tone beeps: loud most of the time, never clipped.
      expect(Math.max(...waveform.peaks)).toBeGreaterThan(0.1);
      expect(Math.max(...waveform.peaks)).toBeLessThanOrEqual(1);
    } finally {
      await core.close();
    }
  });
});
