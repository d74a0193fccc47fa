// Runs ffmpeg with its stdout handed over as raw bytes (PCM audio), chunk by chunk, so hours of decoded
// audio never sit in memory. runFfmpeg reads stdout as text; this is its binary twin, with the same
// rules: an argument array, cancel kills the process and rejects with CANCELLED only once it has
// exited, and a failure carries the end of stderr.
import { spawn } from 'node:child_process';
import { AppError, cancelled } from '../errors';
import { FfmpegExitError, formatCommandLine, summarizeStderr } from './runFfmpeg';

const STDERR_TAIL_CHARS = 16_000;

export function streamFfmpeg(
  bin: string,
  args: readonly string[],
  opts: { signal?: AbortSignal; onData: (chunk: Buffer) => void },
): Promise<void> {
  const { signal, onData } = opts;
  if (signal?.aborted) return Promise.reject(cancelled());
  const commandLine = formatCommandLine(bin, args);

  return new Promise<void>((resolve, reject) => {
    const child = spawn(bin, [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderrTail = '';
    let spawnError: Error | null = null;
    let callbackError: unknown = null;
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (callbackError !== null) return;
      try {
        onData(chunk);
      } catch (error) {
        // A throwing consumer must not become an uncaught exception in the stream handler.
        callbackError = error;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, exitSignal) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(cancelled());
      if (callbackError !== null) return reject(callbackError);
      if (spawnError) {
        return reject(
          new AppError('FFMPEG_MISSING', `Could not start ffmpeg ("${bin}"): ${spawnError.message}. Install ffmpeg or set HIGHLIGHTER_FFMPEG.`, {
            cause: spawnError,
          }),
        );
      }
      if (code !== 0) {
        const cause = new FfmpegExitError(commandLine, code, exitSignal, stderrTail);
        const how = code === null ? `was stopped by ${exitSignal}` : `failed (exit code ${code})`;
        const summary = summarizeStderr(stderrTail);
        return reject(new AppError('FFMPEG_FAILED', `ffmpeg ${how}${summary ? `: ${summary}` : '.'}`, { cause }));
      }
      resolve();
    });
  });
}
