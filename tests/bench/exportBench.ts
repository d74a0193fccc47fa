// Export speed against plain ffmpeg doing the same cut: 10 ranges of 10–30 s from a 10-minute 640x360
// 30 fps video (2 s GOP, audio). Accurate: our export vs one hand-written filter_complex command with the
// same encoder settings. Fast: our stream copy (one run when the file allows it) vs one ffconcat list
// with inpoint/outpoint, on that video and on the same with B-frames (as real recordings have, which
// our run must filter by packet position). Ratios near 1 mean our wrapping (listing packets, temp file,
// progress) costs little. Output durations are reported too: speed only counts if the cut is right (the
// plain command's is not exact).
// Run alone: node --import tsx tests/bench/exportBench.ts
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { referenceAccurateArgs, referenceFastArgs, referenceFastList } from '../../main/core/media/exportArgs';
import { planExport } from '../../main/core/media/exportPlan';
import { exportReel } from '../../main/core/media/exportReel';
import { requireFfmpeg } from '../../main/core/media/ffmpegPaths';
import { readKeyframeTimes } from '../../main/core/media/keyframes';
import { probeMedia } from '../../main/core/media/probe';
import { makeTestVideo, probeStreams } from '../fixtures/media';

const run = promisify(execFile);
const REPEATS = 3;

/** Ten ranges of 10–30 s, one in each minute, starting between frames like a hand-drawn range would. */
export function benchRanges(): { start: number; end: number }[] {
  return Array.from({ length: 10 }, (_, i) => {
    const start = i * 60 + 3 + ((i * 17) % 20) + 0.37;
    return { start, end: start + 10 + ((i * 7) % 21) };
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [Math.round(performance.now() - started), value];
}

/** Best of REPEATS for the plain command and our export of the same keyframe-snapped cuts of `source`. */
async function fastPair(source: string, dir: string, name: string, ranges: { start: number; end: number }[]) {
  const { ffmpegPath } = requireFfmpeg();
  const probe = await probeMedia(source);
  const [keyframeScanMs, keyframes] = await timed(() => readKeyframeTimes(source));
  const plan = planExport({ ranges, mode: 'fast', durationSec: probe.durationSec, keyframes });
  const listPath = join(dir, `plain-${name}.ffconcat`);
  await writeFile(listPath, referenceFastList(source, plan.ranges.map((r) => ({ start: r.cutStart, end: r.cutEnd }))));
  const plain = () => run(ffmpegPath, referenceFastArgs(listPath, join(dir, `plain-${name}.mp4`)));
  const ours = () => exportReel({ videoPath: source, plan, outPath: join(dir, `ours-${name}.mp4`), hasAudio: true });
  // Alternating, plain first, best of REPEATS: the machine may be busy with other work, and the best
  // run is the one least disturbed by it. Plain goes first so the source is as warm in the page cache.
  const best = { plain: Infinity, ours: Infinity };
  let commands = 0;
  for (let i = 0; i < REPEATS; i++) {
    best.plain = Math.min(best.plain, (await timed(plain))[0]);
    const [ms, result] = await timed(ours);
    best.ours = Math.min(best.ours, ms);
    commands = result.commandLines.length;
  }
  const duration = async (file: string) => Math.round((await probeStreams(join(dir, file))).durationSec * 1000) / 1000;
  return {
    ms: best.ours,
    plainMs: best.plain,
    ratio: Math.round((best.ours / best.plain) * 100) / 100,
    ffmpegRuns: commands,
    keyframeScanMs,
    plannedSec: plan.durationSec,
    outSec: await duration(`ours-${name}.mp4`),
    plainOutSec: await duration(`plain-${name}.mp4`),
  };
}

export async function benchExport(): Promise<Record<string, number>> {
  const { ffmpegPath } = requireFfmpeg();
  const shape = { durationSec: 600, fps: 30, keyintFrames: 60, width: 640, height: 360, audio: true };
  const source = await makeTestVideo(shape);
  const bframes = await makeTestVideo({ ...shape, bframes: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'hl-bench-export-'));
  try {
    const probe = await probeMedia(source);
    const ranges = benchRanges();
    const accuratePlan = planExport({ ranges, mode: 'accurate', durationSec: probe.durationSec });
    const fast = await fastPair(source, dir, 'fast', ranges);
    const fastB = await fastPair(bframes, dir, 'fast-bframes', ranges);

    const ourAccurate = () => exportReel({ videoPath: source, plan: accuratePlan, outPath: join(dir, 'ours-accurate.mp4'), hasAudio: true });
    const plainAccurate = () => run(ffmpegPath, referenceAccurateArgs({ videoPath: source, ranges, outPath: join(dir, 'plain-accurate.mp4') }));
    const best = { plainAccurate: Infinity, ourAccurate: Infinity };
    for (let i = 0; i < REPEATS; i++) {
      best.plainAccurate = Math.min(best.plainAccurate, (await timed(plainAccurate))[0]);
      best.ourAccurate = Math.min(best.ourAccurate, (await timed(ourAccurate))[0]);
    }
    const { plainAccurate: plainAccurateMs, ourAccurate: exportAccurateMs } = best;

    const duration = async (name: string) => Math.round((await probeStreams(join(dir, name))).durationSec * 1000) / 1000;
    return {
      exportAccurateMs,
      plainAccurateMs,
      accurateRatio: Math.round((exportAccurateMs / plainAccurateMs) * 100) / 100,
      exportFastMs: fast.ms,
      plainFastMs: fast.plainMs,
      fastRatio: fast.ratio,
      fastFfmpegRuns: fast.ffmpegRuns,
      exportFastBframesMs: fastB.ms,
      plainFastBframesMs: fastB.plainMs,
      fastBframesRatio: fastB.ratio,
      fastBframesFfmpegRuns: fastB.ffmpegRuns,
      keyframeScanMs: fast.keyframeScanMs,
      ranges: ranges.length,
      sourceDurationSec: Math.round(probe.durationSec * 1000) / 1000,
      selectedSec: accuratePlan.durationSec,
      accurateOutSec: await duration('ours-accurate.mp4'),
      plainAccurateOutSec: await duration('plain-accurate.mp4'),
      fastPlannedSec: fast.plannedSec,
      fastOutSec: fast.outSec,
      plainFastOutSec: fast.plainOutSec,
      fastBframesPlannedSec: fastB.plannedSec,
      fastBframesOutSec: fastB.outSec,
      plainFastBframesOutSec: fastB.plainOutSec,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchExport(), null, 2)}\n`);
}
