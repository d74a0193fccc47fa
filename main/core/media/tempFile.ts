// The hidden temporary files an export writes beside its target (`.reel.mp4.partial-1a2b3c4d.mp4`, and
// `.reel.mp4.parts-…/` folders for its pieces), renamed over the target only when complete; one naming
// rule, so removeExportLeftovers (exportReel.ts) clears what any crashed export left behind.
import { randomBytes } from 'node:crypto';
import { open, rename, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { AppError } from '../errors';

/** The temporary name for `outPath` with a given random suffix (pure). */
export function tempPathFor(outPath: string, suffix: string): string {
  return join(dirname(outPath), `.${basename(outPath)}.partial-${suffix}${extname(outPath)}`);
}

/**
 * Creates the temporary file now, so a missing or read-only folder is a clear error before any work
 * starts (and no two exports to the same target share one).
 */
export async function reserveTempFile(outPath: string): Promise<string> {
  await refuseFolderTarget(outPath);
  const tempPath = tempPathFor(outPath, randomBytes(4).toString('hex'));
  try {
    const handle = await open(tempPath, 'wx');
    await handle.close();
  } catch (cause) {
    throw unwritable(dirname(outPath), cause);
  }
  return tempPath;
}

/** A target that is a folder is refused before anything is written. */
export async function refuseFolderTarget(outPath: string): Promise<void> {
  const target = await stat(outPath).catch(() => null);
  if (target?.isDirectory()) throw new AppError('OUTPUT_UNWRITABLE', `"${outPath}" is a folder; choose a file name for the reel.`);
}

/** Why a file could not be created in `folder`, for the user. */
export function unwritable(folder: string, cause: unknown): AppError {
  const code = (cause as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'the folder does not exist'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'permission denied'
        : (cause as Error).message;
  return new AppError('OUTPUT_UNWRITABLE', `Cannot write the reel to "${folder}": ${why}.`, { cause });
}

/** Renames the finished temporary file onto the target. */
export async function commitTempFile(tempPath: string, outPath: string): Promise<void> {
  await rename(tempPath, outPath).catch((cause: unknown) => {
    throw new AppError('OUTPUT_UNWRITABLE', `Cannot replace "${outPath}": ${(cause as Error).message}.`, { cause });
  });
}
