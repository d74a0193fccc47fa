// Frame rates as exact rationals, the one rule that turns seconds into frames, and timecode (incl.
// drop-frame). Every timeline format counts in whole frames of the source from here on, so a 12-hour
// source ends on exactly the frame it should: times are integers, never sums of floats.
//
// THE SNAPPING RULE (used identically by every format): a range [start, end) in seconds covers the source
// frames in = round(start × fps) … out = round(end × fps), `out` exclusive. A frame k of a source at
// num/den fps starts at k × den / num seconds; a time given as that float maps back to k exactly.
import { AppError } from '../errors';

export interface Rational {
  num: number;
  den: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export function reduce(r: Rational): Rational {
  const g = gcd(r.num, r.den) || 1;
  return { num: r.num / g, den: r.den / g };
}

/** Integer rates and the NTSC family (n × 1000/1001), which is what cameras and streams really use. */
const NTSC_BASES = [24, 30, 48, 60, 120, 240];
/** ffprobe's rate is rounded to 3 decimals by probe.ts; closer than this counts as that rate. */
const EXACT_TOLERANCE = 0.0015;
/**
 * A variable-frame-rate recording reports an average a little off its nominal rate (59.96 for a 60 fps
 * stream); editors conform such a file to the nominal rate, so within this fraction we do too.
 */
const NOMINAL_TOLERANCE = 0.002;

function nearestStandard(fps: number, tolerance: (rate: number) => number): Rational | null {
  let best: { rate: Rational; error: number } | null = null;
  const consider = (rate: Rational) => {
    const error = Math.abs(fps - rate.num / rate.den);
    if (error <= tolerance(rate.num / rate.den) && (best === null || error < best.error)) best = { rate, error };
  };
  for (const base of NTSC_BASES) consider({ num: base * 1000, den: 1001 });
  const rounded = Math.round(fps);
  if (rounded >= 1) consider({ num: rounded, den: 1 });
  return (best as { rate: Rational } | null)?.rate ?? null;
}

/** The simplest fraction within `tolerance` of x (continued fractions), denominators up to 1001. */
function approximate(x: number, tolerance: number): Rational {
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let rest = x;
  for (let i = 0; i < 32; i++) {
    const a = Math.floor(rest);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > 1001) return reduce({ num: h0, den: k0 });
    if (Math.abs(x - h1 / k1) <= tolerance || rest === a) break;
    rest = 1 / (rest - a);
  }
  return reduce({ num: h1, den: k1 });
}

/**
 * The source's frame rate as a rational, from what a probe gives: a rate string ("30000/1001", "25/1",
 * "29.97") is taken exactly; a float (probe.ts gives 29.97 for 30000/1001) is matched to the integer or
 * NTSC rate it was rounded from, else to a nominal rate within 0.2 % (VFR averages), else to the
 * simplest fraction that rounds to it.
 */
export function frameRateFromProbe(value: number | string | Rational): Rational {
  if (typeof value === 'object') return checked(value, `${value.num}/${value.den}`);
  if (typeof value === 'string') {
    const text = value.trim();
    const match = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
    if (match) return checked({ num: Number(match[1]), den: Number(match[2]) }, text);
    return frameRateFromProbe(Number(text));
  }
  if (!Number.isFinite(value) || value <= 0 || value > 1000) {
    throw new AppError('MEDIA_UNREADABLE', `The video has no usable frame rate (${String(value)} fps).`);
  }
  return (
    nearestStandard(value, () => EXACT_TOLERANCE) ??
    nearestStandard(value, (rate) => rate * NOMINAL_TOLERANCE) ??
    approximate(value, 0.0005)
  );
}

function checked(r: Rational, text: string): Rational {
  if (!Number.isInteger(r.num) || !Number.isInteger(r.den) || r.num <= 0 || r.den <= 0 || r.num / r.den > 1000) {
    throw new AppError('MEDIA_UNREADABLE', `The video has no usable frame rate (${text}).`);
  }
  return reduce(r);
}

export const fpsValue = (fps: Rational): number => fps.num / fps.den;

/** "30000/1001" or "25". */
export function rateText(fps: Rational): string {
  return fps.den === 1 ? String(fps.num) : `${fps.num}/${fps.den}`;
}

/** 29.97, 59.94, 25: what people call the rate. */
export function rateLabel(fps: Rational): string {
  return String(Math.round(fpsValue(fps) * 100) / 100);
}

/** THE rule: the frame a time falls on (round to nearest). */
export function secondsToFrame(sec: number, fps: Rational): number {
  return Math.round((sec * fps.num) / fps.den);
}

/** The whole frame count of a source `durationSec` long (same rule as a range end). */
export function frameCount(durationSec: number, fps: Rational): number {
  return secondsToFrame(durationSec, fps);
}

/** Start of frame `frame` as an exact fraction of a second (reduced). */
export function frameTime(frame: number, fps: Rational): Rational {
  return reduce({ num: frame * fps.den, den: fps.num });
}

/** Start of frame `frame` in (float) seconds, for display and formats that only take decimals. */
export const frameSeconds = (frame: number, fps: Rational): number => (frame * fps.den) / fps.num;

/** Timecode counts frames in whole numbers per second: 30 for 29.97. */
export const timecodeBase = (fps: Rational): number => Math.round(fpsValue(fps));

/** 29.97 and 59.94 are shown in drop-frame timecode (the NTSC rates drop-frame is defined for). */
export function isDropFrameRate(fps: Rational): boolean {
  return fps.den === 1001 && (fps.num === 30000 || fps.num === 60000);
}

/** An integer rate or an NTSC one: what formats with an integer timebase (+ an NTSC flag) can say. */
export function isTimebaseRate(fps: Rational): boolean {
  return fps.den === 1 || (fps.den === 1001 && fps.num % 1000 === 0);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * SMPTE timecode of frame `frame` (from 00:00:00:00): "HH:MM:SS:FF", or with drop-frame
 * "HH:MM:SS;FF", where frame labels ;00 and ;01 (;00–;03 at 59.94) are skipped at the start of every
 * minute except each tenth. Hours wrap at 24 like a timecode clock does.
 */
export function timecode(frame: number, fps: Rational, drop = isDropFrameRate(fps)): string {
  if (!Number.isInteger(frame) || frame < 0) throw new RangeError(`timecode of frame ${frame}`);
  const base = timecodeBase(fps);
  let label = frame;
  if (drop) {
    if (!isDropFrameRate(fps)) throw new RangeError(`drop-frame timecode at ${rateText(fps)} fps`);
    const dropped = base / 15; // 2 at 29.97, 4 at 59.94
    const perMinute = base * 60 - dropped;
    const perTenMinutes = perMinute * 10 + dropped;
    const tens = Math.floor(frame / perTenMinutes);
    const rest = frame % perTenMinutes;
    // The first minute of each ten keeps all its labels; each later one skips `dropped` labels.
    const minutesAfterFirst = rest < base * 60 ? 0 : Math.floor((rest - base * 60) / perMinute) + 1;
    label = frame + dropped * 9 * tens + dropped * minutesAfterFirst;
  }
  const ff = label % base;
  const totalSeconds = Math.floor(label / base);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600) % 24;
  return `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}${drop ? ';' : ':'}${pad2(ff)}`;
}

/** "HH:MM:SS.mmm" of the start of a frame, rounded to the millisecond in integers (MLT's clock format). */
export function clockOfFrame(frame: number, fps: Rational): string {
  const ms = Math.round((frame * fps.den * 1000) / fps.num);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}.${String(ms % 1000).padStart(3, '0')}`;
}
