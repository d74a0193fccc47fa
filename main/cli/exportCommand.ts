// `highlighter export --video FILE --ranges "s-e,…" --out FILE [--mode smart|accurate|fast] [--separate]
// [--labels "a,b,…"] [--chapters] [--side-files] [--vertical crop|blur|split --crop X,Y,W,H [--crop2 X,Y,W,H]]
// [--preset source|1080p|720p]`
// The same planning and the same dispatcher the app's export job runs, with progress on stderr and
// Ctrl-C cancelling cleanly (nothing is left at the target).
import { resolve } from 'node:path';
import {
  ExportPresetSchema,
  ExportSpecSchema,
  PixelBoxSchema,
  type ExportMode,
  type ExportPreset,
  type PixelBox,
  type Vertical,
} from '../../preload/contract';
import { AppError } from '../core/errors';
import { checkSpec, dispatchExport, needsRender } from '../core/export/dispatch';
import { planExport } from '../core/media/exportPlan';
import { readKeyframeTimes } from '../core/media/keyframes';
import { probeMedia } from '../core/media/probe';
import { requireFfmpeg } from '../core/media/ffmpegPaths';
import type { Progress } from '../core/progress';
import { formatClock } from './format';
import { parseLabels } from './parseLabels';
import { parseRanges } from './parseRanges';

export interface ExportOptions {
  video: string;
  ranges: string;
  out: string;
  mode: ExportMode;
  /** One file per range (out-01.mp4, …) instead of one reel. */
  separate?: boolean;
  /** --labels: one per range, comma-separated (`\,` for a comma in a label). */
  labels?: string;
  /** --chapters: MP4 chapters in the reel and OUT.chapters.txt for YouTube. */
  chapters?: boolean;
  /** --side-files: OUT.csv (LosslessCut) and OUT.json. */
  sideFiles?: boolean;
  /** --vertical crop|blur|split, with --crop X,Y,W,H (split: the facecam) and --crop2 (split: the gameplay). */
  vertical?: string;
  crop?: string;
  crop2?: string;
  preset?: string;
}

export async function exportCommand(opts: ExportOptions, err: NodeJS.WritableStream): Promise<void> {
  const ranges = parseRanges(opts.ranges);
  const labels = opts.labels !== undefined ? parseLabels(opts.labels) : [];
  if (opts.labels !== undefined && labels.length !== ranges.length) {
    throw new AppError(
      'BAD_ARGUMENTS',
      `--labels has ${labels.length} label${labels.length === 1 ? '' : 's'} but --ranges has ${ranges.length} range${ranges.length === 1 ? '' : 's'}: give one label per range (an empty one for none; \\, for a comma inside a label).`,
    );
  }
  const spec = ExportSpecSchema.parse({
    mode: opts.mode,
    layout: opts.separate ? 'clips' : 'reel',
    chapters: opts.chapters === true,
    sideFiles: opts.sideFiles === true,
    vertical: parseVertical(opts.vertical, opts.crop, opts.crop2),
    ...(opts.preset !== undefined ? { preset: parsePreset(opts.preset) } : {}),
  });
  // A look re-encodes every frame: the cuts are exact whatever --mode says.
  const mode = needsRender(spec) ? 'accurate' : opts.mode;
  if (mode !== opts.mode) err.write(`${opts.mode} mode cannot apply ${spec.vertical ? 'a vertical frame' : 'a preset'}: exporting in accurate mode\n`);
  const videoPath = resolve(opts.video);
  const outPath = resolve(opts.out);
  checkSpec(spec, outPath, videoPath);
  requireFfmpeg();
  const probe = await probeMedia(videoPath);
  const keyframes = mode === 'fast' ? await readKeyframeTimes(videoPath) : undefined;
  const plan = planExport({ ranges, mode, durationSec: probe.durationSec, keyframes });
  if (mode === 'fast') {
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
    const result = await dispatchExport({
      spec,
      source: { kind: 'file', videoPath, hasAudio: probe.audio !== null },
      plan,
      names: labels.map((label) => ({ label, tags: [] })),
      outPath,
      signal: controller.signal,
      onProgress,
      env: process.env,
    });
    if (result.fallbackReason !== undefined) err.write(`smart cut not possible: ${result.fallbackReason}; exported in ${result.mode} mode\n`);
    if (result.outPaths) {
      for (const path of result.outPaths) err.write(`wrote ${path}\n`);
      err.write(`${result.outPaths.length} clips (${result.durationSec.toFixed(2)} s in all, ${result.mode})\n`);
    } else {
      err.write(`wrote ${result.outPath} (${result.durationSec.toFixed(2)} s, ${plan.ranges.length} ranges, ${result.mode})\n`);
    }
    for (const path of result.sidePaths) err.write(`wrote ${path}\n`);
    for (const warning of result.warnings) err.write(`warning: ${warning}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `--crop X,Y,W,H`: a box in source pixels. */
export function parseBox(text: string, flag: string): PixelBox {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const box = PixelBoxSchema.safeParse({ x: parts[0], y: parts[1], width: parts[2], height: parts[3] });
  if (parts.length !== 4 || !box.success) {
    throw new AppError('BAD_ARGUMENTS', `${flag} must be X,Y,W,H in source pixels (whole numbers, W and H above 0), got "${text}".`);
  }
  return box.data;
}

export function parseVertical(kind: string | undefined, crop: string | undefined, crop2: string | undefined): Vertical | null {
  if (kind === undefined) {
    if (crop !== undefined || crop2 !== undefined) throw new AppError('BAD_ARGUMENTS', '--crop and --crop2 go with --vertical crop|split.');
    return null;
  }
  if (kind === 'blur') return { kind: 'blur' };
  if (kind === 'crop') {
    if (crop === undefined) throw new AppError('BAD_ARGUMENTS', '--vertical crop needs --crop X,Y,W,H (a 9:16 box in source pixels).');
    return { kind: 'crop', box: parseBox(crop, '--crop') };
  }
  if (kind === 'split') {
    if (crop === undefined || crop2 === undefined) {
      throw new AppError('BAD_ARGUMENTS', '--vertical split needs --crop X,Y,W,H (the facecam, on top) and --crop2 X,Y,W,H (the gameplay, below).');
    }
    return { kind: 'split', top: parseBox(crop, '--crop'), bottom: parseBox(crop2, '--crop2') };
  }
  throw new AppError('BAD_ARGUMENTS', `--vertical must be crop, blur or split, got "${kind}".`);
}

function parsePreset(text: string): ExportPreset {
  const preset = ExportPresetSchema.safeParse(text);
  if (!preset.success) throw new AppError('BAD_ARGUMENTS', `--preset must be source, 1080p or 720p, got "${text}".`);
  return preset.data;
}
