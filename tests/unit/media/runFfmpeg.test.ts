import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCommandLine, summarizeStderr } from '../../../main/core/media/runFfmpeg';

describe('formatCommandLine', () => {
  const args = [
    '-ss', '1.5', '-i', "/videos/my stream's VOD (1).mp4",
    '-filter_complex', '[0:v:0]setpts=PTS-STARTPTS[v0];[v0]concat=n=1:v=1:a=0[v]',
    '-map', '[v]', '-metadata', 'title=$HOME `x` "q"', '',
    '/out/reel.mp4',
  ];

  it('leaves plain arguments bare', () => {
    expect(formatCommandLine('/usr/bin/ffmpeg', ['-y', '-ss', '1.5', '-i', '/a/b.mp4'], 'linux')).toBe('/usr/bin/ffmpeg -y -ss 1.5 -i /a/b.mp4');
  });

  it('gives a line a POSIX shell splits back into exactly the same arguments', () => {
    const line = formatCommandLine('printf', ['%s\\n', ...args], 'linux');
    const out = execFileSync('sh', ['-c', line], { encoding: 'utf8' });
    expect(out.split('\n').slice(0, -1)).toEqual(args);
  });

  it('uses double quotes on Windows', () => {
    expect(formatCommandLine('C:\\ffmpeg\\ffmpeg.exe', ['-i', 'C:\\My Videos\\a.mp4', 'say "hi"'], 'win32')).toBe(
      'C:\\ffmpeg\\ffmpeg.exe -i "C:\\My Videos\\a.mp4" "say \\"hi\\""',
    );
  });
});

describe('summarizeStderr', () => {
  it('keeps the informative last lines, without addresses and generic endings', () => {
    const stderr = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':",
      '[mp4 @ 0x55d1c2a3b4c0] Could not find tag for codec pcm_s16le in stream #1, codec not currently supported in container',
      'Could not write header for output file #0 (incorrect codec parameters ?): Invalid argument',
      'Conversion failed!',
      '',
    ].join('\n');
    expect(summarizeStderr(stderr)).toBe(
      '[mp4] Could not find tag for codec pcm_s16le in stream #1, codec not currently supported in container — ' +
        'Could not write header for output file #0 (incorrect codec parameters ?): Invalid argument',
    );
  });

  it('is empty for empty stderr and bounded for huge lines', () => {
    expect(summarizeStderr('')).toBe('');
    expect(summarizeStderr('x'.repeat(5000)).length).toBeLessThanOrEqual(400);
  });
});
