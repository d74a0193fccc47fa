// Loudness normalisation to what YouTube plays at: −14 LUFS integrated, true peak at most −1 dBTP
// (EBU R128 measurement, ffmpeg's loudnorm). Two passes, as loudnorm's author recommends: the first
// measures the joined audio of the reel (print_format=json), the second applies one gain to all of it
// (linear=true with the measured values), so quiet and loud moments keep their difference. Linear mode
// needs the gain to leave the true peak under −1 dBTP; when it would not, loudnorm itself falls back to
// its dynamic mode (a limiter), which still lands on the target. Pure: the filters and the parser.
import { AppError } from '../../errors';

export const TARGET_LUFS = -14;
export const TARGET_TRUE_PEAK_DB = -1;
/** loudnorm's default loudness range target; raised to the measured range so it never narrows it. */
const TARGET_LRA = 11;
/** ffmpeg 5.x accepts a loudness range target of 1–20 LU (later versions up to 50). */
const MAX_LRA = 20;
/** loudnorm works (and outputs) at 192 kHz; the reel's audio is resampled back to this. */
export const OUTPUT_SAMPLE_RATE = 48_000;

export interface LoudnessMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

const TARGET = `I=${TARGET_LUFS}:TP=${TARGET_TRUE_PEAK_DB}`;

/** The first pass: measures and prints JSON to stderr (at log level info). */
export function loudnormMeasureFilter(): string {
  return `loudnorm=${TARGET}:LRA=${TARGET_LRA}:print_format=json`;
}

/** The second pass: one linear gain from the measurement, back at 48 kHz stereo. */
export function loudnormApplyFilter(m: LoudnessMeasurement): string {
  const lra = Math.min(MAX_LRA, Math.max(TARGET_LRA, Math.ceil(m.inputLra)));
  return (
    `loudnorm=${TARGET}:LRA=${lra}` +
    `:measured_I=${fixed(m.inputI)}:measured_TP=${fixed(m.inputTp)}:measured_LRA=${fixed(m.inputLra)}` +
    `:measured_thresh=${fixed(m.inputThresh)}:offset=${fixed(m.targetOffset)}:linear=true:print_format=none` +
    // Named explicitly: ffmpeg 5.1 cannot negotiate the layout between loudnorm and the AAC encoder.
    `,aformat=sample_fmts=fltp:sample_rates=${OUTPUT_SAMPLE_RATE}:channel_layouts=stereo`
  );
}

/**
 * The measurement loudnorm printed at the end of `stderr` (its last JSON object). Null when the audio
 * is silent (integrated loudness −inf: there is nothing to raise). Throws when no measurement is there.
 */
export function parseLoudnormJson(stderr: string): LoudnessMeasurement | null {
  const start = stderr.lastIndexOf('{');
  const end = stderr.indexOf('}', start);
  if (start < 0 || end < 0) throw new AppError('FFMPEG_FAILED', 'ffmpeg printed no loudness measurement.');
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(stderr.slice(start, end + 1)) as Record<string, unknown>;
  } catch (cause) {
    throw new AppError('FFMPEG_FAILED', 'ffmpeg printed a loudness measurement that cannot be read.', { cause });
  }
  const value = (key: string): number => {
    const raw = data[key];
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      throw new AppError('FFMPEG_FAILED', `ffmpeg's loudness measurement has no ${key}.`);
    }
    return Number(raw); // "-inf" becomes -Infinity
  };
  const m: LoudnessMeasurement = {
    inputI: value('input_i'),
    inputTp: value('input_tp'),
    inputLra: value('input_lra'),
    inputThresh: value('input_thresh'),
    targetOffset: value('target_offset'),
  };
  if (!Number.isFinite(m.inputI) || !Number.isFinite(m.inputThresh) || m.inputI <= -70) return null;
  return {
    ...m,
    inputTp: Number.isFinite(m.inputTp) ? m.inputTp : -99,
    inputLra: Number.isFinite(m.inputLra) ? m.inputLra : 0,
    targetOffset: Number.isFinite(m.targetOffset) ? m.targetOffset : 0,
  };
}

function fixed(value: number): string {
  return value.toFixed(2);
}
