// `highlighter export --video FILE --ranges "s-e,…" --out FILE [--mode fast|accurate] [--separate]`
// The same planning and export code the app's export job runs, with progress on stderr and Ctrl-C
// cancelling cleanly (nothing is left at the target).
import { resolve } from 'node:path';
import type { ExportMode, ExportPlan } from '../../preload/contract';
import { exportClips } from '../core/media/exportClips';
import { planExport } from '../core/media/exportPlan';
import { exportReel } from '../core/media/exportReel';
import { readKeyframeTimes } from '../core/media/keyframes';
import { probeMedia } from '../core/media/probe';
import { requireFfmpeg } from '../core/media/ffmpegPaths';
import type { Progress, ProgressFn } from '../core/progress';
import { formatClock } from './format';
import { parseRanges } from './parseRanges';

export interface ExportOptions {
  video: string;
  ranges: string;
  out: string;
  mode: ExportMode;
  /** One file per range (out-01.mp4, …) instead of one reel. */
  separate?: boolean;
}

export async function exportCommand(opts: ExportOptions, err: NodeJS.WritableStream): Promise<void> {
  const ranges = parseRanges(opts.ranges);
  requireFfmpeg();
  const videoPath = resolve(opts.video);
  const outPath = resolve(opts.out);
  const probe = await probeMedia(videoPath);
  const keyframes = opts.mode === 'fast' ? await readKeyframeTimes(videoPath) : undefined;
  const plan = planExport({ ranges, mode: opts.mode, durationSec: probe.durationSec, keyframes });
  if (opts.mode === 'fast') {
    for (const r of plan.ranges) {
      if (r.cutStart !== r.start || r.cutEnd !== r.end) {
        err.write(`fast mode: ${formatClock(r.start)}–${formatClock(r.end)} cut at keyframes ${formatClock(r.cutStart)}–${formatClock(r.cutEnd)}\n`);
      }
    }
  }

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let lastLine = '';
  try {
    const onProgress = (p: Progress): void => {
      const eta = p.etaSec != null ? `, about ${Math.ceil(p.etaSec)} s left` : '';
      const line = `exporting ${(p.fraction * 100).toFixed(0)}%${eta}${p.detail ? ` (${p.detail})` : ''}`;
      if (line !== lastLine) err.write(`${line}\n`);
      lastLine = line;
    };
    const exportOne = (one: ExportPlan, path: string, progress: ProgressFn) =>
      exportReel({ videoPath, plan: one, outPath: path, hasAudio: probe.audio !== null, signal: controller.signal, onProgress: progress, env: process.env });
    if (opts.separate) {
      const result = await exportClips(plan, outPath, exportOne, onProgress);
      for (const path of result.outPaths) err.write(`wrote ${path}\n`);
      err.write(`${result.outPaths.length} clips (${result.durationSec.toFixed(2)} s in all, ${opts.mode})\n`);
    } else {
      const result = await exportOne(plan, outPath, onProgress);
      err.write(`wrote ${result.outPath} (${result.durationSec.toFixed(2)} s, ${plan.ranges.length} ranges, ${opts.mode})\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
