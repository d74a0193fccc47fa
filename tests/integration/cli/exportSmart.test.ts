// `highlighter export` and smart mode: the default mode, the mode that ran on the reel's line, and the
// reason when smart cutting was not possible. The lines come from exportCommand itself (in-process);
// the default from the built command.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../../main/cli/exportCommand';
import { assertBuilt, runCli } from '../../fixtures/cli';
import { expectedFrames, makeFrameNumberedVideo, readFrameNumbers } from '../../fixtures/frameNumberedVideo';

const TIMEOUT = 180_000;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'hl-cli-smart-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function exportLines(args: { video: string; ranges: string; out: string }): Promise<string[]> {
  const err = new PassThrough();
  let text = '';
  err.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await exportCommand({ ...args, mode: 'smart' }, err);
  return text.trim().split('\n');
}

describe('highlighter export in smart mode', () => {
  it(
    'is the default, and the reel line says it ran',
    async () => {
      assertBuilt();
      const video = await makeFrameNumberedVideo();
      const out = join(scratch, 'default.mp4');
      const r = await runCli(['export', '--video', video.path, '--ranges', '9.37-20.81,2.5-3.61', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\.\\d\\d s, 2 ranges, smart\\)\\n$`));
      expect(r.stderr).not.toMatch(/smart cut not possible/);
      expect(await readFrameNumbers(out)).toEqual([...expectedFrames(video, 9.37, 20.81), ...expectedFrames(video, 2.5, 3.61)]);
    },
    TIMEOUT,
  );

  it(
    'names the mode that ran, and why smart cutting was not possible',
    async () => {
      const smart = await makeFrameNumberedVideo();
      const ok = await exportLines({ video: smart.path, ranges: '4-8', out: join(scratch, 'ok.mp4') });
      expect(ok.at(-1)).toMatch(/^wrote .*ok\.mp4 \(4\.00 s, 1 ranges, smart\)$/);

      const mpeg4 = await makeFrameNumberedVideo({ codec: 'mpeg4', container: 'mkv', durationSec: 12, bframes: 0 });
      const lines = await exportLines({ video: mpeg4.path, ranges: '1.5-4.7', out: join(scratch, 'fallback.mp4') });
      expect(lines.slice(-2)).toEqual([
        'smart cut not possible: smart cutting handles H.264 and HEVC video; this video is MPEG-4 Part 2; exported in accurate mode',
        expect.stringMatching(/^wrote .*fallback\.mp4 \(3\.\d\d s, 1 ranges, accurate\)$/),
      ]);
    },
    TIMEOUT,
  );
});
