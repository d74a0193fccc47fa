// What the join needs to know about a segment's streams, and the pure decisions made from it: where a
// file starts relative to its first video frame, the grid the VOD's AAC frames sit on, where the silence
// of a rewritten muted segment goes, and whether a muted segment can be copied as it is. Shared by the
// MPEG-TS and the fMP4 joins.

/** What decides whether segments' audio can be stream-copied into one track. */
export interface AudioParams {
  codec: string;
  profile: string | null;
  sampleRate: number;
  channels: number;
  channelLayout: string | null;
}

/** The parts of a segment's ffprobe listing the join needs. */
export interface SegmentStreams {
  /** Index of the first video / audio stream, null when absent. */
  videoIndex: number | null;
  audioIndex: number | null;
  /** The file's start (its earliest stream, data streams included): what the concat demuxer aligns. */
  startSec: number | null;
  videoStartSec: number | null;
  audioStartSec: number | null;
  audio: AudioParams | null;
}

/** SegmentStreams plus the decoding time of the first video packet (fMP4's Fmp4SegmentStreams has it too). */
export interface CutSegmentStreams extends SegmentStreams {
  /** Null when unknown (then taken to be videoStartSec: no B-frames). */
  videoDecodeStartSec: number | null;
}

/**
 * Where the segmenter cut the audio at the start of this segment. Segmenters cut the interleaved packet
 * stream, which runs in decoding order: at the keyframe's decoding time, which with B-frames is earlier
 * than its presentation time (videoStartSec); the audio frames before it went to the previous segment.
 * Pure.
 */
export function audioCutSec(streams: SegmentStreams & { videoDecodeStartSec?: number | null }): number | null {
  return streams.videoDecodeStartSec ?? streams.videoStartSec;
}

/**
 * How long the keyframe is decoded before it is shown: 0 without B-frames. With them every segment's
 * audio starts at its own distance (up to this, on the audio grid) ahead of its first picture. Pure.
 */
export function decodeDelaySec(streams: CutSegmentStreams): number {
  if (streams.videoStartSec === null || streams.videoDecodeStartSec === null) return 0;
  const delay = streams.videoStartSec - streams.videoDecodeStartSec;
  return delay > GRID_TOLERANCE_SEC ? delay : 0;
}

/** The lead (see leadOf) of a segment rewritten with `span`'s silence next to its video. Pure. */
export function silenceLeadSec(videoStartSec: number | null, span: SilenceSpan): number {
  return videoStartSec === null ? 0 : Math.max(0, videoStartSec - span.startSec);
}

/** How far ahead of its first video frame a file starts (what the concat demuxer aligns on). Pure. */
export function leadOf(streams: Pick<SegmentStreams, 'startSec' | 'videoStartSec'>): number {
  if (streams.videoStartSec === null || streams.startSec === null) return 0;
  return Math.max(0, streams.videoStartSec - streams.startSec);
}

/** Where the VOD's audio frames fall: one continuous AAC stream cut into segments keeps a fixed grid. */
export interface AudioGrid {
  originSec: number;
  frameSec: number;
}

/** AAC frames hold 1024 samples; other codecs are not cut to a grid (Twitch sends AAC). */
export const AAC_FRAME_SAMPLES = 1024;

export function audioGrid(reference: SegmentStreams): AudioGrid | null {
  const audio = reference.audio;
  if (!audio || audio.codec !== 'aac' || !(audio.sampleRate > 0) || reference.audioStartSec === null) return null;
  return { originSec: reference.audioStartSec, frameSec: AAC_FRAME_SAMPLES / audio.sampleRate };
}

/** Timestamps in MPEG-TS are 90 kHz ticks (fMP4's are finer): values this close to a grid point are on it. */
const GRID_TOLERANCE_SEC = 1 / 90_000;

/**
 * The silence a rewritten segment needs so that the audio stays one unbroken run of frames: from the
 * first grid frame at or after its first video frame (the frame straddling the keyframe belongs to the
 * previous segment, which is how segmenters cut) to the first one at or after the next segment's first
 * video frame. The previous segment's audio ends exactly where it starts and the next one's begins
 * exactly where it ends, so nothing drifts however many segments are rewritten. Pure.
 */
export function silenceSpan(grid: AudioGrid, videoStartSec: number, durationSec: number): SilenceSpan {
  const gridIndexAtOrAfter = (t: number) => Math.ceil((t - grid.originSec - GRID_TOLERANCE_SEC) / grid.frameSec);
  const first = gridIndexAtOrAfter(videoStartSec);
  const end = gridIndexAtOrAfter(videoStartSec + durationSec);
  const packets = Math.max(1, end - first);
  return { startSec: grid.originSec + first * grid.frameSec, packets, durationSec: packets * grid.frameSec };
}

/**
 * The silence for a rewritten segment: from its audio cut (audioCutSec) to the next segment's, on the
 * grid. A segment that opens the join has no audio before it to continue, so its silence starts with
 * its picture instead (with B-frames the frames between cut and picture would only put sound ahead of
 * the first image, and the file's start with them). Pure.
 */
export function rewriteSpan(
  grid: AudioGrid | null,
  streams: (SegmentStreams & { videoDecodeStartSec?: number | null }) | null,
  durationSec: number,
  opensJoin: boolean,
): SilenceSpan {
  const cutSec = (streams && audioCutSec(streams)) ?? 0;
  const startSec = opensJoin ? Math.max(cutSec, streams?.videoStartSec ?? cutSec) : cutSec;
  // The end stays at the next segment's cut whatever the start.
  const spanSec = durationSec - (startSec - cutSec);
  return grid ? silenceSpan(grid, startSec, spanSec) : { startSec, packets: 0, durationSec: spanSec };
}

export interface SilenceSpan {
  /** PTS of the first audio packet. */
  startSec: number;
  /** Number of audio packets (AAC frames) to produce; 0 when not on a grid (then durationSec rules). */
  packets: number;
  durationSec: number;
}

/**
 * Why a muted segment cannot be stream-copied next to the reference, or null when it can. Pure.
 * The concat demuxer pairs streams by position, so the order of video and audio matters as well.
 */
export function rewriteReason(reference: SegmentStreams, segment: SegmentStreams | null): string | null {
  const want = reference.audio;
  if (!want) return null;
  if (!segment || !segment.audio) return 'no audio stream';
  const have = segment.audio;
  if (have.codec !== want.codec) return `audio codec ${have.codec}, not ${want.codec}`;
  if ((have.profile ?? '') !== (want.profile ?? '')) return `audio profile ${have.profile ?? 'none'}, not ${want.profile ?? 'none'}`;
  if (have.sampleRate !== want.sampleRate) return `sample rate ${have.sampleRate}, not ${want.sampleRate}`;
  if (have.channels !== want.channels) return `${have.channels} channels, not ${want.channels}`;
  const order = (s: SegmentStreams) => (s.videoIndex !== null && s.audioIndex !== null ? Math.sign(s.audioIndex - s.videoIndex) : 0);
  if (order(segment) !== order(reference)) return 'streams in a different order';
  return null;
}

/** The fields of one ffprobe stream entry that AudioParams are read from. */
export interface FfprobeAudioJson {
  codec_name?: string;
  profile?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
}

/** One entry of ffprobe's `streams` listing, as far as the joins read it. */
export interface FfprobeStreamJson extends FfprobeAudioJson {
  index?: number;
  codec_type?: string;
  start_time?: string;
}

/** ffmpeg's time argument: never negative, microseconds. */
export function ffmpegSeconds(sec: number): string {
  return Math.max(0, sec).toFixed(6);
}

/** AudioParams from ffprobe's JSON for an audio stream. */
export function audioParamsOf(audio: FfprobeAudioJson): AudioParams {
  return {
    codec: audio.codec_name ?? 'unknown',
    profile: audio.profile ?? null,
    sampleRate: Number(audio.sample_rate) || 0,
    channels: audio.channels ?? 0,
    channelLayout: audio.channel_layout ?? null,
  };
}

/**
 * `-map` arguments for a rewritten segment: its video (input 0) and the silence (input 1) in the
 * reference segment's stream order, so the concat demuxer sees the same layout in every file; silence
 * alone for audio-only VODs.
 */
export function silenceStreamMaps(reference: Pick<SegmentStreams, 'audioIndex' | 'videoIndex'>): string[] {
  const { audioIndex, videoIndex } = reference;
  if (videoIndex === null) return ['-map', '1:a:0'];
  return audioIndex !== null && audioIndex < videoIndex ? ['-map', '1:a:0', '-map', '0:v:0'] : ['-map', '0:v:0', '-map', '1:a:0'];
}
