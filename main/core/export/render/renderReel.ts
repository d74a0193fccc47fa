// Renders ranges of one source into one re-encoded video: the looks streamers post (vertical 9:16,
// a preset size), an optional crossfade between the ranges, loudness normalised to −14 LUFS. One
// ffmpeg run (two with loudness: measure, then render), written to a hidden temporary file beside the
// target and renamed over it only when complete, so a failed or cancelled render never leaves a
// half-written file or destroys an existing one.
//
// The H.264 encoder is the machine's hardware one when it really works (encoders.ts), else libx264;
// should a hardware encoder fail on this particular render, it is rendered again with libx264.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ExportSpec } from '../../../../preload/contract';
import { AppError, isAppError, throwIfCancelled } from '../../errors';
import { readContainerDuration } from '../../media/containerDuration';
import { outputFormatFor, seekPrerollSec } from '../../media/exportArgs';
import type { FfmpegProgress } from '../../media/ffmpegProgress';
import { requireFfmpeg } from '../../media/ffmpegPaths';
import { readCutInfo } from '../../media/keyframes';
import { runFfmpeg } from '../../media/runFfmpeg';
import type { ProgressFn } from '../../progress';
import { chooseH264Encoder, encoderFormatFilter, type H264Encoder } from './encoders';
import { buildFilterGraph, type FilterGraphInput, type SourceVideo, type TimeRange } from './filterGraph';
import { parseLoudnormJson, type LoudnessMeasurement } from './loudnorm';
import { measureArgs, renderArgs } from './renderArgs';
import { commitTempFile, reserveTempFile } from '../../media/tempFile';

export type RenderSpec = Pick<ExportSpec, 'vertical' | 'preset' | 'quality' | 'crossfadeSec' | 'loudnorm'>;

export interface RenderReelOptions {
  videoPath: string;
  /** In reel order, on the source's timeline (seconds from its start). */
  ranges: TimeRange[];
  outPath: string;
  hasAudio: boolean;
  source: SourceVideo;
  spec: RenderSpec;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  env?: NodeJS.ProcessEnv;
}

export interface RenderReelResult {
  outPath: string;
  /** Duration the written file's header declares (the frames' when it cannot be read). */
  durationSec: number;
  /** Every ffmpeg command run, copy-pasteable. */
  commandLines: string[];
  /** The H.264 encoder that wrote the video. */
  encoder: H264Encoder;
}

/** Share of the progress bar for the loudness measurement (audio only: much faster than the render). */
const MEASURE_WEIGHT = 0.15;

export async function renderReel(opts: RenderReelOptions): Promise<RenderReelResult> {
  const { signal, spec, outPath } = opts;
  const { ffmpegPath } = requireFfmpeg(opts.env);
  const format = outputFormatFor(outPath);
  if (resolve(outPath) === resolve(opts.videoPath)) {
    throw new AppError('BAD_ARGUMENTS', 'The export cannot overwrite the source video; choose another file name.');
  }
  const base: FilterGraphInput = {
    ranges: opts.ranges,
    source: opts.source,
    vertical: spec.vertical,
    preset: spec.preset,
    crossfadeSec: spec.crossfadeSec,
    hasAudio: opts.hasAudio,
  };
  // Every rule (ranges, boxes, crossfade) is checked before any file or process.
  const planned = buildFilterGraph(base);
  throwIfCancelled(signal);

  const report = opts.onProgress ?? (() => undefined);
  const commandLines: string[] = [];
  const normalise = spec.loudnorm && opts.hasAudio;
  const totalSec = planned.durationSec;
  const stage = (from: number, share: number, detail: string) => (p: FfmpegProgress) => {
    const done = Math.min(totalSec, Math.max(0, p.outTimeSec ?? 0));
    const left = (1 - from - (share * done) / totalSec) * totalSec;
    report({ fraction: from + (share * done) / totalSec, detail, etaSec: p.speed ? left / p.speed : null });
  };

  const tempPath = await reserveTempFile(outPath);
  let encoder: H264Encoder;
  try {
    report({ fraction: 0, detail: normalise ? 'measuring loudness' : 'rendering', etaSec: null });
    const info = await readCutInfo(opts.videoPath, { signal, env: opts.env });
    const prerollSec = seekPrerollSec(info);
    const choice = await chooseH264Encoder(ffmpegPath);
    throwIfCancelled(signal);

    let loudness: LoudnessMeasurement | null = null;
    if (normalise) {
      const graph = buildFilterGraph({ ...base, prerollSec, pass: 'measure' });
      const result = await runFfmpeg(ffmpegPath, measureArgs(opts.videoPath, graph), {
        signal,
        onProgress: stage(0, MEASURE_WEIGHT, 'measuring loudness'),
      });
      commandLines.push(result.commandLine);
      loudness = parseLoudnormJson(result.stderrTail); // null: silence, nothing to raise
    }

    const from = normalise ? MEASURE_WEIGHT : 0;
    const render = async (enc: H264Encoder) => {
      const graph = buildFilterGraph({ ...base, prerollSec, loudness, videoTail: encoderFormatFilter(enc) });
      const args = renderArgs({ videoPath: opts.videoPath, graph, encoder: enc, quality: spec.quality, outPath: tempPath, format });
      const result = await runFfmpeg(ffmpegPath, args, { signal, onProgress: stage(from, 1 - from, 'rendering') }).catch((error: unknown) => {
        if (error instanceof AppError && error.cause && 'commandLine' in (error.cause as object)) {
          commandLines.push((error.cause as { commandLine: string }).commandLine);
        }
        throw error;
      });
      commandLines.push(result.commandLine);
    };
    encoder = choice.encoder;
    try {
      await render(encoder);
    } catch (error) {
      // A hardware encoder that passed its test can still refuse a size or a level: render in software.
      if (encoder === 'libx264' || !(isAppError(error) && error.code === 'FFMPEG_FAILED')) throw error;
      throwIfCancelled(signal);
      encoder = 'libx264';
      await render(encoder);
    }
    throwIfCancelled(signal);
    await commitTempFile(tempPath, outPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }

  report({ fraction: 1, detail: null, etaSec: 0 });
  const durationSec = (await readContainerDuration(outPath)) ?? planned.durationSec;
  return { outPath, durationSec, commandLines, encoder };
}
