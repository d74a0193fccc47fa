// Writes one timeline file: the text is made first (so a timeline that cannot be expressed fails before
// anything is touched), then written to a hidden temporary name beside the target and renamed over it,
// so the target only ever appears complete. The one module of core/timeline that touches the disk.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { TimelineFormatName } from '../../../preload/contract';
import { AppError } from '../errors';
import { serializeTimeline } from './formats';
import type { TimelineInput } from './types';

export interface WrittenTimeline {
  outPath: string;
  format: TimelineFormatName;
  ranges: number;
  bytes: number;
}

export async function writeTimeline(format: TimelineFormatName, input: TimelineInput, outPath: string): Promise<WrittenTimeline> {
  const target = resolve(outPath);
  if (target === resolve(input.source.path)) {
    throw new AppError('BAD_ARGUMENTS', 'The timeline cannot overwrite the source video; choose another file name.');
  }
  const text = serializeTimeline(format, input);
  const folder = dirname(target);
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo?.isDirectory()) throw new AppError('OUTPUT_UNWRITABLE', `The folder "${folder}" does not exist.`);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new AppError('OUTPUT_UNWRITABLE', `"${target}" is a folder; give a file name.`);

  const temp = join(folder, `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  const data = Buffer.from(text, 'utf8');
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (cause) {
    await rm(temp, { force: true });
    if (cause instanceof AppError) throw cause;
    throw new AppError('OUTPUT_UNWRITABLE', `Cannot write "${target}": ${(cause as Error).message}`, { cause });
  }
  return { outPath: target, format, ranges: input.ranges.length, bytes: data.length };
}
