// `highlighter timeline` exactly as external checks drive it:
//   highlighter timeline --video FILE --ranges "s-e,..." [--labels "a,b,…"] --format F --out FILE
// Run from the sources (cli.ts through tsx), so it checks the argument handling without a build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../../main/core/media/probe';
import { serializeTimeline } from '../../../main/core/timeline/formats';
import { timelineSourceFromProbe } from '../../../main/core/timeline/source';
import { makeFrameCodeVideo } from '../../fixtures/frameCodeVideo';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], { cwd: REPO, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

let dir: string;
let video: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-timeline-cli-'));
  video = await makeFrameCodeVideo();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('highlighter timeline', () => {
  it.each(['fcpxml', 'xmeml', 'edl', 'otio', 'mlt', 'kdenlive'])('--format %s writes the file and says so on stderr', async (format) => {
    const out = join(dir, `cut.${format}`);
    const r = await cli(['timeline', '--video', video, '--ranges', '12-14.5,0:01-0:02.5,5-6', '--labels', 'Tom & "Jerry" <3>,,wait\\, what', '--format', format, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`wrote ${out} (${format}, 3 ranges)\n`);
    const probe = await probeMedia(video);
    expect(await readFile(out, 'utf8')).toBe(
      serializeTimeline(format as 'edl', {
        source: timelineSourceFromProbe(video, probe),
        ranges: [
          { start: 12, end: 14.5, label: 'Tom & "Jerry" <3>' },
          { start: 1, end: 2.5, label: '' },
          { start: 5, end: 6, label: 'wait, what' },
        ],
        title: 'framecode-v1-30000_1001-20s',
      }),
    );
  });

  it('names unlabelled ranges "Highlight N" when --labels is left out', async () => {
    const out = join(dir, 'plain.edl');
    const r = await cli(['timeline', '--video', video, '--ranges', '1-2,3-4', '--format', 'edl', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain('* FROM CLIP NAME: Highlight 1\n');
    expect(text).toContain('* FROM CLIP NAME: Highlight 2\n');
  });

  it.each([
    [['--format', 'aaf'], 2, /--format must be fcpxml, xmeml, edl, otio, mlt or kdenlive, got "aaf"/],
    [['--format', 'edl', '--labels', 'a,b'], 1, /--labels has 2 labels but --ranges has 1 range/],
    [['--format', 'edl', '--ranges', '5-3'], 1, /ends before it starts/],
    [['--format', 'edl', '--ranges', '1-99'], 1, /outside the video/],
  ])('refuses %j with one line and exit %i, writing nothing', async (extra, code, message) => {
    const out = join(dir, 'refused.out');
    const args = ['timeline', '--video', video, '--ranges', '1-2', '--out', out];
    for (let i = 0; i < extra.length; i += 2) {
      const at = args.indexOf(extra[i]!);
      if (at >= 0) args[at + 1] = extra[i + 1]!;
      else args.push(extra[i]!, extra[i + 1]!);
    }
    const r = await cli(args);
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('asks for what is missing', async () => {
    const r = await cli(['timeline', '--video', video, '--ranges', '1-2', '--out', join(dir, 'x.edl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/timeline needs --video FILE --ranges "s-e,\.\.\." --format fcpxml\|xmeml\|edl\|otio\|mlt\|kdenlive --out FILE/);
  });
});
