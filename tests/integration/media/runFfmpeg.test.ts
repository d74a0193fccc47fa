// runFfmpeg with the real binaries: progress, cancellation, failures.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { requireFfmpeg } from '../../../main/core/media/ffmpegPaths';
import type { FfmpegProgress } from '../../../main/core/media/ffmpegProgress';
import { FfmpegExitError, runFfmpeg } from '../../../main/core/media/runFfmpeg';
import { makeTestVideo } from '../../fixtures/media';

const { ffmpegPath, ffprobePath } = requireFfmpeg();
const PROGRESS = ['-progress', 'pipe:1', '-nostats'];

describe('runFfmpeg', () => {
  it('reports progress parsed from -progress pipe:1, ending with done', async () => {
    const progress: FfmpegProgress[] = [];
    const result = await runFfmpeg(
      ffmpegPath,
      ['-hide_banner', '-nostdin', ...PROGRESS, '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30:duration=3', '-f', 'null', '-'],
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress.at(-1)).toMatchObject({ done: true });
    expect(progress.at(-1)!.outTimeSec).toBeCloseTo(3, 1);
    expect(progress.at(-1)!.speed).toBeGreaterThan(0);
    expect(progress.slice(0, -1).every((p) => !p.done)).toBe(true);
    expect(result.commandLine).toContain("testsrc2=size=160x90:rate=30:duration=3");
  });

  it('kills the process when cancelled and rejects with CANCELLED once it has exited', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = runFfmpeg(
      ffmpegPath,
      // -re: real time, so this would run for an hour.
      ['-hide_banner', '-nostdin', ...PROGRESS, '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30:duration=3600', '-f', 'null', '-'],
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops the process and rejects with the error when a progress callback throws', async () => {
    const started = Date.now();
    const pending = runFfmpeg(
      ffmpegPath,
      ['-hide_banner', '-nostdin', ...PROGRESS, '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30:duration=3600', '-f', 'null', '-'],
      {
        onProgress: () => {
          throw new Error('listener broke');
        },
      },
    );
    await expect(pending).rejects.toThrow('listener broke');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not start at all with an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runFfmpeg(ffmpegPath, ['-version'], { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('turns a failure into FFMPEG_FAILED with the reason, keeping the command and stderr as cause', async () => {
    const error = await runFfmpeg(ffmpegPath, ['-hide_banner', '-nostdin', '-i', '/nonexistent/input.mp4', '-f', 'null', '-']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FFMPEG_FAILED');
    expect((error as AppError).message).toBe('ffmpeg failed (exit code 1): /nonexistent/input.mp4: No such file or directory');
    const cause = (error as AppError).cause as FfmpegExitError;
    expect(cause).toBeInstanceOf(FfmpegExitError);
    expect(cause.exitCode).toBe(1);
    expect(cause.commandLine).toBe(`${ffmpegPath} -hide_banner -nostdin -i /nonexistent/input.mp4 -f null -`);
    expect(cause.stderrTail).toContain('No such file or directory');
  });

  it('reports a binary that cannot be started as FFMPEG_MISSING', async () => {
    await expect(runFfmpeg('/nonexistent/ffmpeg', ['-version'])).rejects.toMatchObject({
      code: 'FFMPEG_MISSING',
      message: expect.stringMatching(/Could not start ffmpeg \("\/nonexistent\/ffmpeg"\).*ENOENT/),
    });
  });

  it('streams stdout line by line for long listings', async () => {
    const video = await makeTestVideo({ durationSec: 20 });
    const lines: string[] = [];
    const result = await runFfmpeg(ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', video], {
      onLine: (line) => lines.push(line),
    });
    expect(lines.filter(Boolean)).toHaveLength(600);
    expect(result.stdout).toBe('');
  });

  it('hands raw stdout bytes to onData (decoded PCM), keeping none in memory', async () => {
    let bytes = 0;
    let odd = false;
    const result = await runFfmpeg(
      ffmpegPath,
      ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000:duration=2', '-f', 's16le', '-ac', '1', 'pipe:1'],
      {
        onData: (chunk) => {
          if (!Buffer.isBuffer(chunk)) odd = true;
          bytes += chunk.length;
        },
      },
    );
    expect(odd).toBe(false);
    // 2 s × 8000 samples × 2 bytes.
    expect(bytes).toBe(32_000);
    expect(result.stdout).toBe('');
  });

  it('rejects with the consumer error when onData throws, and stops ffmpeg', async () => {
    const pending = runFfmpeg(ffmpegPath, ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'sine=duration=600', '-f', 's16le', 'pipe:1'], {
      onData: () => {
        throw new Error('consumer broke');
      },
    });
    await expect(pending).rejects.toThrow('consumer broke');
  });
});
