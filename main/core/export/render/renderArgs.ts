// The ffmpeg argument lists of a rendered export (pure): the loudness measuring pass and the render
// itself, around a filter graph from filterGraph.ts. renderReel only runs them.
import { AUDIO_ENCODE_ARGS, COMMON_ARGS, type OutputFormat } from '../../media/exportArgs';
import { secs } from '../../media/ffmpegTime';
import { encoderArgs, encoderInputArgs, type H264Encoder } from './encoders';
import type { FilterGraph } from './filterGraph';

/** One input per range: `-ss` before `-i` seeks fast, `-t` stops the decoding soon after the range. */
export function rangeInputArgs(videoPath: string, graph: Pick<FilterGraph, 'inputs'>): string[] {
  return graph.inputs.flatMap((t) => ['-ss', secs(t.seekSec), '-t', secs(t.readSec), '-i', videoPath]);
}

/**
 * The first loudness pass: the joined audio into loudnorm's measurement, discarded. ffmpeg prints the
 * measurement on stderr at log level info (the default), which runFfmpeg keeps the end of.
 */
export function measureArgs(videoPath: string, graph: FilterGraph): string[] {
  if (!graph.audio) throw new Error('measureArgs needs a graph with audio');
  return [...COMMON_ARGS, ...rangeInputArgs(videoPath, graph), '-filter_complex', graph.filter, '-map', graph.audio, '-f', 'null', '-'];
}

export interface RenderArgsInput {
  videoPath: string;
  graph: FilterGraph;
  encoder: H264Encoder;
  /** x264 CRF, mapped for hardware encoders (encoders.ts). */
  quality: number;
  outPath: string;
  format: OutputFormat;
}

/** The render: video through the encoder, AAC audio, the MP4/MOV index first (+faststart). */
export function renderArgs(input: RenderArgsInput): string[] {
  const { graph } = input;
  return [
    ...COMMON_ARGS,
    ...encoderInputArgs(input.encoder),
    ...rangeInputArgs(input.videoPath, graph),
    '-filter_complex', graph.filter,
    ...(graph.video ? ['-map', graph.video] : []),
    ...(graph.audio ? ['-map', graph.audio] : []),
    ...encoderArgs(input.encoder, input.quality),
    ...(graph.audio ? AUDIO_ENCODE_ARGS : []),
    // Chapters, tags and subtitles of the source would be wrong for a reel: none are copied.
    '-map_metadata', '-1', '-map_chapters', '-1',
    ...(input.format === 'matroska' ? [] : ['-movflags', '+faststart']),
    '-f', input.format,
    input.outPath,
  ];
}
