// Runs ffmpeg or ffprobe: an argument array (never a shell), cancellable through an AbortSignal (the
// process is killed and the call rejects with CANCELLED only once it has exited, so the caller can delete
// its files), progress parsed from `-progress pipe:1`, and a failure that carries the end of stderr.
//
// Direct spawn rather than fluent-ffmpeg's command builder: our arguments are built by pure functions
// (tested, and returned to the user as copy-pasteable lines); fluent-ffmpeg would rebuild them from
// chained calls, parse progress from stderr instead of `-progress`, and hide the exact command.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { AppError, cancelled } from '../errors';
import { createProgressReader, type FfmpegProgress } from './ffmpegProgress';

export interface RunOptions {
  signal?: AbortSignal;
  /** Called for each block ffmpeg writes with `-progress pipe:1`. */
  onProgress?: (progress: FfmpegProgress) => void;
  /** Called for each stdout line (long ffprobe listings); stdout is then not kept in memory. */
  onLine?: (line: string) => void;
  /** Called with each raw stdout chunk (decoded PCM), so hours of samples never sit in memory. */
  onData?: (chunk: Buffer) => void;
}

export interface RunResult {
  /** Whole stdout, only when no onProgress, onLine or onData consumed it. */
  stdout: string;
  stderrTail: string;
  commandLine: string;
}

/** The cause attached to FFMPEG_FAILED: everything needed to reproduce and diagnose the failure. */
export class FfmpegExitError extends Error {
  constructor(
    readonly commandLine: string,
    readonly exitCode: number | null,
    readonly exitSignal: string | null,
    readonly stderrTail: string,
  ) {
    super(`${commandLine}\nexited with ${exitCode ?? exitSignal}\n${stderrTail}`);
    this.name = 'FfmpegExitError';
  }
}

const STDERR_TAIL_CHARS = 16_000;

export function runFfmpeg(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const { signal, onProgress, onLine, onData } = opts;
  const tool = toolName(bin);
  const commandLine = formatCommandLine(bin, args);
  if (signal?.aborted) return Promise.reject(cancelled());

  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(bin, [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderrTail = '';
    let lineRest = '';
    let spawnError: Error | null = null;
    const progress = onProgress ? createProgressReader() : null;

    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });

    // A callback that throws must not become an uncaught exception in this stream handler: stop the
    // process and reject with the callback's error instead.
    let callbackError: unknown = null;
    const guarded = (fn: () => void) => {
      if (callbackError !== null) return;
      try {
        fn();
      } catch (error) {
        callbackError = error;
        child.kill('SIGKILL');
      }
    };

    if (!onData) child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string | Buffer) => {
      if (onData) return guarded(() => onData(chunk as Buffer));
      const text = chunk as string;
      if (progress && onProgress) {
        guarded(() => {
          for (const p of progress.push(text)) onProgress(p);
        });
      } else if (onLine) {
        const lines = (lineRest + text).split('\n');
        lineRest = lines.pop() ?? '';
        guarded(() => {
          for (const line of lines) onLine(line.replace(/\r$/, ''));
        });
      } else {
        stdout += text;
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (error) => {
      spawnError = error;
    });
    // 'close' (not 'exit'): stdio is drained, so the last progress block and stderr line are in.
    child.on('close', (code, exitSignal) => {
      signal?.removeEventListener('abort', onAbort);
      if (onLine && lineRest) guarded(() => onLine(lineRest.replace(/\r$/, '')));
      if (signal?.aborted) return reject(cancelled());
      if (callbackError !== null) return reject(callbackError);
      if (spawnError) {
        return reject(
          new AppError('FFMPEG_MISSING', `Could not start ${tool} ("${bin}"): ${spawnError.message}. Install ffmpeg or set HIGHLIGHTER_FFMPEG / HIGHLIGHTER_FFPROBE.`, {
            cause: spawnError,
          }),
        );
      }
      if (code !== 0) {
        const cause = new FfmpegExitError(commandLine, code, exitSignal, stderrTail);
        const how = code === null ? `was stopped by ${exitSignal}` : `failed (exit code ${code})`;
        const summary = summarizeStderr(stderrTail);
        return reject(new AppError('FFMPEG_FAILED', `${tool} ${how}${summary ? `: ${summary}` : '.'}`, { cause }));
      }
      resolve({ stdout, stderrTail, commandLine });
    });
  });
}

function toolName(bin: string): string {
  const name = basename(bin).replace(/\.exe$/i, '');
  return /ffprobe/i.test(name) ? 'ffprobe' : /ffmpeg/i.test(name) ? 'ffmpeg' : name;
}

/**
 * The last informative stderr lines, for the user: ffmpeg ends failures with generic lines ("Conversion
 * failed!") after the one that says what went wrong, and prefixes messages with memory addresses.
 */
export function summarizeStderr(stderr: string, maxLines = 2): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.replace(/ @ 0x[0-9a-f]+\]/gi, ']').trim())
    .filter((line) => line && !/^(Conversion failed!?|Exiting normally.*)$/i.test(line));
  const summary = lines.slice(-maxLines).join(' — ');
  return summary.length > 400 ? `…${summary.slice(-399)}` : summary;
}

/**
 * A copy-pasteable shell line for a command (LosslessCut-style "last commands"): POSIX single quotes,
 * or double quotes on Windows.
 */
export function formatCommandLine(bin: string, args: readonly string[], platform: NodeJS.Platform = process.platform): string {
  return [bin, ...args].map((arg) => quoteArg(arg, platform)).join(' ');
}

function quoteArg(arg: string, platform: NodeJS.Platform): string {
  if (/^[A-Za-z0-9_\-+=.,/:@%]+$/.test(arg)) return arg;
  if (platform === 'win32') {
    if (/^[A-Za-z0-9_\-+=.,/:@%\\]+$/.test(arg)) return arg;
    return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
