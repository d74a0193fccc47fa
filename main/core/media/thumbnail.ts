// A small JPEG of one frame (a project's picture on the home screen), cut by ffmpeg from the video or
// from a downloaded image. Written under a temporary name and renamed, so a reader never sees half a
// file.
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { AppError } from '../errors';
import { secs } from './ffmpegTime';
import { requireFfmpeg } from './ffmpegPaths';
import { runFfmpeg } from './runFfmpeg';

/** Fits inside 160×90 (16:9, the usual stream), keeping the picture's own shape. */
export const THUMBNAIL_WIDTH = 160;
export const THUMBNAIL_HEIGHT = 90;

export function thumbnailArgs(input: { inputPath: string; atSec: number; outPath: string }): string[] {
  return [
    '-y', '-hide_banner', '-nostdin', '-loglevel', 'error',
    // Before -i: seeks to the keyframe before and decodes up to the time, quick on any length.
    ...(input.atSec > 0 ? ['-ss', secs(input.atSec)] : []),
    '-i', input.inputPath,
    '-map', '0:v:0', '-frames:v', '1',
    '-vf', `scale=${THUMBNAIL_WIDTH}:${THUMBNAIL_HEIGHT}:force_original_aspect_ratio=decrease`,
    '-c:v', 'mjpeg', '-q:v', '5',
    '-f', 'image2', input.outPath,
  ];
}

export async function makeThumbnail(opts: {
  inputPath: string;
  atSec: number;
  outPath: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}): Promise<void> {
  const { ffmpegPath } = requireFfmpeg(opts.env);
  const temp = `${opts.outPath}.partial-${randomBytes(4).toString('hex')}.jpg`;
  try {
    await runFfmpeg(ffmpegPath, thumbnailArgs({ inputPath: opts.inputPath, atSec: opts.atSec, outPath: temp }), { signal: opts.signal });
    // A seek past the last frame writes nothing and still exits 0.
    if (!(await stat(temp).then((s) => s.size > 0, () => false))) {
      throw new AppError('MEDIA_UNREADABLE', `No frame at ${secs(opts.atSec)} s of "${opts.inputPath}".`);
    }
    await rename(temp, opts.outPath);
  } finally {
    await rm(temp, { force: true });
  }
}
