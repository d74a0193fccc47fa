// Small JPEGs of frames along the timeline, several per ffmpeg run: each time is its own input with
// fast input seeking (`-ss T -i file`: to the keyframe before T, then decoded up to T), and its own
// one-frame output. One process per batch saves the start-up that dominates a single small frame.
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAppError } from '../errors';
import { secs } from './ffmpegTime';
import { requireFfmpeg } from './ffmpegPaths';
import { runFfmpeg } from './runFfmpeg';
import { THUMBNAIL_HEIGHT, THUMBNAIL_WIDTH } from './thumbnail';

/** The cache file of the frame at `timeSec` in a thumbnail folder (times are on a grid of ≥ 1/4 s). */
export function thumbnailFileName(timeSec: number): string {
  return `${Math.round(timeSec * 1000)}.jpg`;
}

export function timelineThumbnailArgs(inputPath: string, outputs: readonly { timeSec: number; outPath: string }[]): string[] {
  const inputs = outputs.flatMap(({ timeSec }) => [...(timeSec > 0 ? ['-ss', secs(timeSec)] : []), '-i', inputPath]);
  const encodes = outputs.flatMap(({ outPath }, i) => [
    '-map', `${i}:v:0`, '-frames:v', '1',
    '-vf', `scale=${THUMBNAIL_WIDTH}:${THUMBNAIL_HEIGHT}:force_original_aspect_ratio=decrease`,
    '-c:v', 'mjpeg', '-q:v', '6',
    '-f', 'image2', outPath,
  ]);
  return ['-y', '-hide_banner', '-nostdin', '-loglevel', 'error', ...inputs, ...encodes];
}

/**
 * Writes the frame at each of `times` into `dir` (thumbnailFileName). Returns the times made and the
 * ones that have no frame (past the last one, or unreadable there). A batch ffmpeg refuses is tried
 * one time at a time, so one bad spot does not cost its neighbours.
 */
export async function makeTimelineThumbnails(opts: {
  inputPath: string;
  times: readonly number[];
  dir: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}): Promise<{ made: number[]; failed: number[] }> {
  const { ffmpegPath } = requireFfmpeg(opts.env);
  const tag = randomBytes(4).toString('hex');
  const outputs = opts.times.map((timeSec) => ({
    timeSec,
    final: join(opts.dir, thumbnailFileName(timeSec)),
    outPath: join(opts.dir, `${thumbnailFileName(timeSec)}.partial-${tag}.jpg`),
  }));
  const run = (batch: typeof outputs) => runFfmpeg(ffmpegPath, timelineThumbnailArgs(opts.inputPath, batch), { signal: opts.signal });
  try {
    try {
      await run(outputs);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'FFMPEG_FAILED' || outputs.length === 1) throw error;
      for (const output of outputs) {
        // A time ffmpeg cannot decode is left without its file (counted as failed below).
        await run([output]).catch((e: unknown) => {
          if (!isAppError(e) || e.code !== 'FFMPEG_FAILED') throw e;
        });
      }
    }
    const made: number[] = [];
    const failed: number[] = [];
    for (const output of outputs) {
      // A seek past the last frame writes nothing and still exits 0.
      if (await stat(output.outPath).then((s) => s.size > 0, () => false)) {
        await rename(output.outPath, output.final);
        made.push(output.timeSec);
      } else {
        failed.push(output.timeSec);
      }
    }
    return { made, failed };
  } finally {
    await Promise.all(outputs.map((o) => rm(o.outPath, { force: true })));
  }
}
