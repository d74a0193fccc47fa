// Renders the MLT (Shotcut) and Kdenlive files with `melt`, the engine inside both editors, from a video
// whose frames carry their own numbers, and checks the render is exactly the ranges' frames in reel order
// (and their sound). This is the proof that the files' in/out points mean what they should to MLT.
// CI installs melt (.ci/run); elsewhere the test is skipped, saying so.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../../main/core/media/probe';
import { planTimeline } from '../../../main/core/timeline/plan';
import { frameSeconds } from '../../../main/core/timeline/rational';
import { timelineSourceFromProbe } from '../../../main/core/timeline/source';
import type { TimelineInput } from '../../../main/core/timeline/types';
import { writeTimeline } from '../../../main/core/timeline/writeTimeline';
import { makeFrameCodeVideo, readFrameCodes } from '../../fixtures/frameCodeVideo';
import { probeStreams } from '../../fixtures/media';
import { sourceTimeOfAudio } from '../../fixtures/timeCodedVideo';

const run = promisify(execFile);
const MELT = process.env.HIGHLIGHTER_MELT || 'melt';
const hasMelt = spawnSync(MELT, ['-version'], { stdio: 'ignore' }).status === 0;
if (!hasMelt) console.warn(`melt.test.ts: skipped, "${MELT}" is not installed (apt-get install melt; CI installs it).`);

let dir: string;
let input: TimelineInput;

beforeAll(async () => {
  if (!hasMelt) return;
  dir = await mkdtemp(join(tmpdir(), 'hl-melt-'));
  const video = await makeFrameCodeVideo({ rate: '30000/1001', durationSec: 20 });
  const probe = await probeMedia(video);
  input = {
    source: timelineSourceFromProbe(video, probe),
    // Reel order is not time order; the starts and ends fall between frames.
    ranges: [
      { start: 12.345, end: 14.01, label: 'Tom & "Jerry" <3>' },
      { start: 1.0, end: 2.52 },
      { start: 6.6, end: 8.05, label: 'C' },
    ],
    title: 'melt check',
  };
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasMelt)('melt renders the exported timeline frame-exactly', () => {
  it.each(['mlt', 'kdenlive'] as const)('%s', async (format) => {
    const plan = planTimeline(input);
    expect(plan.fps).toEqual({ num: 30000, den: 1001 });
    const { outPath } = await writeTimeline(format, input, join(dir, `cut.${format}`));
    const rendered = join(dir, `${format}.mkv`);
    // Headless, as in CI: the avformat consumer needs no display (SDL would). Without one MLT's Qt module
    // declines Kdenlive's qtblend compositing transition (it warns) and the top track is shown as is,
    // which is what qtblend over the black track gives too. real_time=-1 renders every frame, drops none.
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    await run(MELT, ['-quiet', outPath, '-consumer', `avformat:${rendered}`, 'vcodec=ffv1', 'acodec=pcm_s16le', 'real_time=-1', 'terminate_on_pause=1'], {
      env,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });

    const expected = plan.clips.flatMap((c) => Array.from({ length: c.srcOut - c.srcIn }, (_, i) => c.srcIn + i));
    expect(await readFrameCodes(rendered)).toEqual(expected);

    const streams = await probeStreams(rendered);
    expect(streams.audio, 'the render has sound').not.toBeNull();
    expect(Math.abs(streams.durationSec - frameSeconds(plan.durationFrames, plan.fps))).toBeLessThan(0.1);
    // The sound of each range comes from that range of the source (the tone gets louder with time).
    for (const clip of plan.clips) {
      const mid = (clip.recIn + clip.recOut) / 2;
      const sourceMid = (clip.srcIn + clip.srcOut) / 2;
      const heard = await sourceTimeOfAudio(rendered, frameSeconds(mid, plan.fps) - 0.25);
      expect(Math.abs(heard - frameSeconds(sourceMid, plan.fps)), `${clip.name}: sound from ${heard.toFixed(2)} s`).toBeLessThan(0.75);
    }
  });
});
