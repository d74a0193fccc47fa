// Where ffmpeg and ffprobe come from (design.md, "External pieces"): HIGHLIGHTER_FFMPEG /
// HIGHLIGHTER_FFPROBE, then the optional `ffmpeg-static` package, then PATH. Nothing is cached here:
// every call looks again with the env it is given, so tests (and a user who installs ffmpeg while the
// app runs) see the current state.
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../errors';

export type FfmpegSource = 'env' | 'ffmpeg-static' | 'path';

export interface FfmpegLocation {
  ffmpegPath: string | null;
  ffprobePath: string | null;
  /** Where ffmpeg was found; null when it was not. */
  source: FfmpegSource | null;
  /** One line for the user when something is missing, null when both tools were found. */
  message: string | null;
}

const HOW_TO_FIX =
  'Install ffmpeg (https://ffmpeg.org/download.html, or your package manager) so that ffmpeg and ffprobe are on PATH, ' +
  'or set HIGHLIGHTER_FFMPEG and HIGHLIGHTER_FFPROBE to their full paths.';

export function locateFfmpeg(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): FfmpegLocation {
  const ffmpegOverride = envValue(env, 'HIGHLIGHTER_FFMPEG', platform);
  const ffprobeOverride = envValue(env, 'HIGHLIGHTER_FFPROBE', platform);

  let ffmpegPath: string | null = null;
  let source: FfmpegSource | null = null;
  const problems: string[] = [];

  if (ffmpegOverride) {
    // An explicit override that is wrong is reported, never silently replaced by another ffmpeg.
    if (isExecutableFile(ffmpegOverride, platform)) {
      ffmpegPath = ffmpegOverride;
      source = 'env';
    } else {
      problems.push(`HIGHLIGHTER_FFMPEG points to "${ffmpegOverride}", which is not an executable file.`);
    }
  } else {
    const bundled = ffmpegStaticPath();
    if (bundled && isExecutableFile(bundled, platform)) {
      ffmpegPath = bundled;
      source = 'ffmpeg-static';
    } else {
      ffmpegPath = findOnPath('ffmpeg', env, platform);
      if (ffmpegPath) source = 'path';
    }
  }

  let ffprobePath: string | null = null;
  if (ffprobeOverride) {
    if (isExecutableFile(ffprobeOverride, platform)) ffprobePath = ffprobeOverride;
    else problems.push(`HIGHLIGHTER_FFPROBE points to "${ffprobeOverride}", which is not an executable file.`);
  } else {
    // ffprobe usually sits next to ffmpeg (a downloaded build, a custom install); else PATH.
    const sibling = ffmpegPath ? join(dirname(ffmpegPath), executableName('ffprobe', platform)) : null;
    ffprobePath = sibling && isExecutableFile(sibling, platform) ? sibling : findOnPath('ffprobe', env, platform);
  }

  if (problems.length === 0) {
    const missing = [ffmpegPath ? null : 'ffmpeg', ffprobePath ? null : 'ffprobe'].filter((name) => name !== null);
    if (missing.length > 0) problems.push(`${missing.join(' and ')} ${missing.length > 1 ? 'were' : 'was'} not found.`);
  }
  const message = problems.length > 0 ? `${problems.join(' ')} ${HOW_TO_FIX}` : null;
  return { ffmpegPath, ffprobePath, source, message };
}

/** Both paths, or FFMPEG_MISSING with the one-line explanation of what to do. */
export function requireFfmpeg(env: NodeJS.ProcessEnv = process.env): { ffmpegPath: string; ffprobePath: string } {
  const found = locateFfmpeg(env);
  if (!found.ffmpegPath || !found.ffprobePath) {
    throw new AppError('FFMPEG_MISSING', found.message ?? `ffmpeg was not found. ${HOW_TO_FIX}`);
  }
  return { ffmpegPath: found.ffmpegPath, ffprobePath: found.ffprobePath };
}

/** The binary `ffmpeg-static` ships, or null when the optional package is absent or has no binary. */
function ffmpegStaticPath(): string | null {
  let resolved: unknown;
  try {
    resolved = createRequire(import.meta.url)('ffmpeg-static');
  } catch {
    return null; // optional dependency: its install may have been skipped or failed offline
  }
  return typeof resolved === 'string' && resolved ? unpackedAsarPath(resolved) : null;
}

/**
 * Binaries cannot be executed from inside an Electron asar archive; electron-builder unpacks them
 * next to it, so a path through `app.asar` is rewritten to `app.asar.unpacked`.
 */
export function unpackedAsarPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** First `name` (with PATHEXT extensions on Windows) found in the PATH entries of `env`. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | null {
  const isWindows = platform === 'win32';
  const pathValue = envValue(env, 'PATH', platform);
  if (!pathValue) return null;
  const extensions = isWindows
    ? (envValue(env, 'PATHEXT', platform) ?? '.exe;.cmd;.bat;.com')
        .split(';')
        .filter((ext) => ext)
    : [''];
  if (isWindows && !extensions.some((ext) => ext.toLowerCase() === '.exe')) extensions.unshift('.exe');
  // The separator follows the rules of `platform`; joining uses the host's (they agree in real use).
  for (const rawDir of pathValue.split(isWindows ? ';' : ':')) {
    // Windows PATH entries may be quoted; an empty entry would mean the current folder: skip it.
    const dir = rawDir.trim().replace(/^"(.*)"$/, '$1');
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return null;
}

function executableName(name: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${name}.exe` : name;
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    // Windows has no execute bit; existence is all that can be checked.
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Environment lookup; on Windows variable names are case-insensitive ("Path"). */
function envValue(env: NodeJS.ProcessEnv, key: string, platform: NodeJS.Platform): string | undefined {
  const direct = env[key];
  if (direct !== undefined || platform !== 'win32') return direct?.trim() ? direct.trim() : undefined;
  const found = Object.keys(env).find((k) => k.toUpperCase() === key);
  const value = found ? env[found] : undefined;
  return value?.trim() ? value.trim() : undefined;
}
