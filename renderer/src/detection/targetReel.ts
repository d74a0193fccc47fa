// "Target reel length": what the user types (mm:ss, h:mm:ss, plain minutes or "2 min 30 s") to the
// seconds the core takes, and the reel's length measured against it.
import { formatLength, formatTime } from '../format';

/** The core's bounds for a target (preload/contract.ts). */
export const MIN_TARGET_SEC = 10;
export const MAX_TARGET_SEC = 36_000;
/** Offered when "No limit" is unticked and nothing was typed before. */
export const DEFAULT_TARGET_SEC = 180;

export type TargetParse = { ok: true; sec: number | null } | { ok: false; message: string };

const CLOCK = /^(?:(\d+):)?(\d+):(\d{1,2})$/;
const MINUTES = /^\d+(?:[.,]\d+)?$/;
const UNITS = /^(?:(\d+(?:[.,]\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+(?:[.,]\d+)?)\s*m(?:in(?:utes?|s)?)?)?\s*(?:(\d+(?:[.,]\d+)?)\s*s(?:ec(?:onds?|s)?)?)?$/i;
const NO_LIMIT = /^(?:no limit|none|off|unlimited)$/i;

const num = (s: string | undefined): number => (s ? Number(s.replace(',', '.')) : 0);

function inBounds(sec: number): TargetParse {
  const rounded = Math.round(sec);
  if (!Number.isFinite(rounded)) return { ok: false, message: 'That length is not a number.' };
  if (rounded < MIN_TARGET_SEC) return { ok: false, message: `The target must be at least ${formatTime(MIN_TARGET_SEC, 0)}.` };
  if (rounded > MAX_TARGET_SEC) return { ok: false, message: `The target can be at most ${formatTime(MAX_TARGET_SEC, 0)}.` };
  return { ok: true, sec: rounded };
}

/**
 * Empty (or "no limit") is null. "2:30" is 2 min 30 s, "1:02:30" has hours, a plain number is
 * minutes ("3" = 3:00, "1.5" = 1:30), and units work too ("90 s", "2m30s", "1 h"). Whole seconds.
 */
export function parseTargetReel(text: string): TargetParse {
  const t = text.trim();
  if (t === '' || NO_LIMIT.test(t)) return { ok: true, sec: null };
  const clock = CLOCK.exec(t);
  if (clock) {
    const [, h, m, s] = clock;
    if (num(s) >= 60 || (h !== undefined && num(m) >= 60)) {
      return { ok: false, message: 'Write the length as minutes:seconds, e.g. 3:00 or 2:30.' };
    }
    return inBounds(num(h) * 3600 + num(m) * 60 + num(s));
  }
  if (MINUTES.test(t)) return inBounds(num(t) * 60);
  const units = UNITS.exec(t);
  if (units && (units[1] || units[2] || units[3])) return inBounds(num(units[1]) * 3600 + num(units[2]) * 60 + num(units[3]));
  return { ok: false, message: 'Write the length as minutes:seconds, e.g. 3:00 or 2:30.' };
}

/** What the field shows for a stored target: "3:00", "1:00:00", '' for no limit. */
export function formatTargetReel(sec: number | null): string {
  return sec === null ? '' : formatTime(sec, 0);
}

export interface ReelFit {
  /** "Reel 2:45 of a 3:00 target", "Reel 2:45 (no target)". */
  text: string;
  /** The user's own ranges can make the reel longer than the target. */
  over: boolean;
}

/** The reel's length against the target, to the second (what the user can check). */
export function reelFit(totalSec: number, targetSec: number | null): ReelFit {
  const total = formatTime(totalSec, 0);
  if (targetSec === null) return { text: `Reel ${total} (no target)`, over: false };
  const overBy = Math.round(totalSec) - Math.round(targetSec);
  const target = formatTime(targetSec, 0);
  if (overBy > 0) return { text: `Reel ${total}: ${formatLength(overBy)} over the ${target} target`, over: true };
  return { text: `Reel ${total} of a ${target} target`, over: false };
}
