// A video that says what time of the source each of its frames comes from: every frame is one flat
// grey whose brightness grows with time (luma 16 + 6 per second), and the audio is a tone whose
// loudness grows with time. Reading a reel's frames back (scaled to one pixel) and its loudness then
// tells which part of the source plays when, so a test can prove the order of the ranges in a reel.
import { execFile } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURE_DIR } from '../../fixtures/media';

const run = promisify(execFile);
const ffmpegBin = () => process.env.HIGHLIGHTER_FFMPEG || 'ffmpeg';

export const TIME_CODED_FPS = 30;
const LUMA_AT_0 = 16;
const LUMA_PER_SEC = 6;
const AMPLITUDE_PER_SEC = 0.02;

/** `durationSec` of time-coded video (at most 36 s: the luma range), 2 s GOPs, B-frames, AAC. */
export async function makeTimeCodedVideo(durationSec = 36): Promise<string> {
  const name = `timecoded-v2-${durationSec}s.mp4`;
  const path = join(FIXTURE_DIR, name);
  if (await stat(path).then((s) => s.size > 0, () => false)) return path;
  await mkdir(FIXTURE_DIR, { recursive: true });
  const partial = join(FIXTURE_DIR, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`);
  const d = String(durationSec);
  const tone = `${AMPLITUDE_PER_SEC}*(1+t)*sin(2*PI*440*t)`;
  try {
    await run(ffmpegBin(), [
      '-y', '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-f', 'lavfi', '-i', `color=c=black:s=160x90:r=${TIME_CODED_FPS}:d=${d},format=yuv420p,geq=lum='${LUMA_AT_0}+${LUMA_PER_SEC}*T':cb=128:cr=128`,
      // Stereo from the start: an upmix from mono would lower the level by 3 dB.
      '-f', 'lavfi', '-i', `aevalsrc='${tone}|${tone}':s=48000:d=${d}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-bf', '2',
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart', '-f', 'mp4', partial,
    ]);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return path;
}

/** The source time each frame of `path` shows, in presentation order. */
export async function sourceTimesOfFrames(path: string): Promise<number[]> {
  const { stdout } = await run(
    ffmpegBin(),
    // The luma plane as it is (a conversion to grey would stretch it to full range).
    ['-v', 'error', '-i', path, '-map', '0:v:0', '-vf', 'scale=1:1:flags=area,format=yuv444p,extractplanes=y', '-f', 'rawvideo', '-'],
    { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
  );
  return [...stdout].map((luma) => (luma - LUMA_AT_0) / LUMA_PER_SEC);
}

/** The source time the audio of `path` comes from around `atSec` (its loudness; about ±1.5 s). */
export async function sourceTimeOfAudio(path: string, atSec: number): Promise<number> {
  const { stderr } = await run(ffmpegBin(), [
    '-hide_banner', '-nostdin', '-ss', String(atSec), '-t', '0.5', '-i', path, '-map', '0:a:0', '-af', 'volumedetect', '-f', 'null', '-',
  ]);
  const match = /mean_volume: (-?[\d.]+) dB/.exec(stderr);
  if (!match) throw new Error(`no volume in ${stderr}`);
  // mean_volume is the RMS level; a sine's peak is √2 times its RMS.
  const amplitude = 10 ** (Number(match[1]) / 20) * Math.SQRT2;
  return amplitude / AMPLITUDE_PER_SEC - 1;
}

/** Where each frame of a reel of these source spans (played in this order) should come from. */
export function expectedSourceTimes(spans: readonly { from: number; to: number }[]): number[] {
  const times: number[] = [];
  for (const { from, to } of spans) {
    const frames = Math.round((to - from) * TIME_CODED_FPS);
    for (let i = 0; i < frames; i++) times.push(from + i / TIME_CODED_FPS);
  }
  return times;
}
