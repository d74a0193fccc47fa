// What a video file is: duration, size, container, first video and audio stream, and how far apart its
// keyframes are (which decides how far fast export has to widen a cut).
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import ffmpeg, { type FfprobeData, type FfprobeStream } from 'fluent-ffmpeg';
import type { Probe } from '../../../preload/contract';
import { AppError, cancelled, isAppError, throwIfCancelled } from '../errors';
import { requireFfmpeg } from './ffmpegPaths';
import { medianInterval, readKeyframeTimes } from './keyframes';

export interface ProbeOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** The keyframe interval is measured on this much of the start of the file: enough GOPs, little reading. */
const KEYFRAME_SAMPLE_SEC = 60;

export async function probeMedia(path: string, opts: ProbeOptions = {}): Promise<Probe> {
  const name = basename(path);
  const info = await stat(path).catch((cause: unknown) => {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new AppError('MEDIA_UNREADABLE', `Cannot open "${name}": ${missing ? 'the file does not exist' : String(cause)}.`, { cause });
  });
  if (!info.isFile()) throw new AppError('MEDIA_UNREADABLE', `Cannot open "${name}": it is not a file.`);
  const { ffprobePath } = requireFfmpeg(opts.env);
  throwIfCancelled(opts.signal);

  let data: FfprobeData;
  try {
    data = await ffprobeData(path, ffprobePath, opts.signal);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('MEDIA_UNREADABLE', `"${name}" is not a video ffmpeg can read (${ffprobeReason(error)}).`, { cause: error });
  }

  const probe = probeFromData(data, info.size);
  if (!probe.video) throw new AppError('MEDIA_UNREADABLE', `"${name}" has no video stream.`);
  if (!(probe.durationSec > 0)) throw new AppError('MEDIA_UNREADABLE', `"${name}" has no known duration (is it a still image?).`);

  probe.video.keyframeIntervalSec = await sampleKeyframeInterval(path, opts);
  return probe;
}

/**
 * Container and stream metadata through fluent-ffmpeg's ffprobe (it runs `ffprobe -show_streams
 * -show_format` and parses the result). fluent-ffmpeg keeps the binary path in module state, so it is set
 * right before each call; the lookup happens synchronously in that same call, so concurrent probes
 * cannot pick up each other's path. It exposes no handle to the process: on cancel we stop waiting and
 * the header read, which takes milliseconds, finishes on its own.
 */
function ffprobeData(path: string, ffprobePath: string, signal: AbortSignal | undefined): Promise<FfprobeData> {
  return new Promise<FfprobeData>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    ffmpeg(path)
      .setFfprobePath(ffprobePath)
      .ffprobe(['-v', 'error'], (err: unknown, data: FfprobeData) => {
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve(data);
      });
  });
}

/** fluent-ffmpeg's error is "ffprobe exited with code 1" plus stderr; the last stderr line says why. */
function ffprobeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const last = lines[lines.length - 1] ?? 'unknown error';
  // "/path/to/file.txt: Invalid data found when processing input" -> drop the path we already name.
  const colon = last.lastIndexOf(': ');
  return colon >= 0 ? last.slice(colon + 2) : last;
}

/** Pure mapping from ffprobe's parsed output to our Probe (keyframe interval filled in separately). */
export function probeFromData(data: FfprobeData, sizeBytes: number): Probe {
  const streams = data.streams ?? [];
  // Cover art in audio files shows up as a one-frame "video" stream; it is not a video.
  const video = streams.find((s) => s.codec_type === 'video' && num(s.disposition?.attached_pic) !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const formatDuration = num(data.format?.duration);
  const durationSec = formatDuration ?? (video ? num(video.duration) : null) ?? 0;
  return {
    durationSec,
    sizeBytes: num(data.format?.size) ?? sizeBytes,
    formatName: typeof data.format?.format_name === 'string' ? data.format.format_name : 'unknown',
    video: video
      ? {
          codec: video.codec_name ?? 'unknown',
          width: num(video.width) ?? 0,
          height: num(video.height) ?? 0,
          fps: frameRate(video),
          keyframeIntervalSec: null,
        }
      : null,
    audio: audio
      ? { codec: audio.codec_name ?? 'unknown', sampleRate: num(audio.sample_rate) ?? 0, channels: num(audio.channels) ?? 0 }
      : null,
  };
}

/** avg_frame_rate ("30000/1001"), else r_frame_rate; 0 when neither is known ("0/0"). */
export function frameRate(stream: Pick<FfprobeStream, 'avg_frame_rate' | 'r_frame_rate'>): number {
  for (const raw of [stream.avg_frame_rate, stream.r_frame_rate]) {
    const rate = parseRate(raw);
    if (rate !== null) return rate;
  }
  return 0;
}

export function parseRate(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw > 0 ? raw : null;
  if (typeof raw !== 'string') return null;
  const [numerator, denominator = '1'] = raw.split('/');
  const rate = Number(numerator) / Number(denominator);
  return Number.isFinite(rate) && rate > 0 ? Math.round(rate * 1000) / 1000 : null;
}

/** ffprobe values come as numbers, numeric strings ("-0.02"), or "N/A". */
function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

async function sampleKeyframeInterval(path: string, opts: ProbeOptions): Promise<number | null> {
  try {
    const times = await readKeyframeTimes(path, { ...opts, limitSec: KEYFRAME_SAMPLE_SEC });
    return medianInterval(times);
  } catch (error) {
    if (isAppError(error) && error.code === 'CANCELLED') throw error;
    return null; // the interval is advisory: a file that plays but resists packet listing still opens
  }
}
