// Human time formats used everywhere in the UI. Times are rounded once, to the shown precision, before
// being split into fields so 59.96 s becomes "1:00.0" and never "0:60.0".

const MINUS = '\u2212';

/** "1:23.5", "1:02:03.4"; `decimals` digits after the seconds (default 1). */
export function formatTime(sec: number, decimals = 1): string {
  if (!Number.isFinite(sec)) return '--:--';
  const sign = sec < 0 ? MINUS : '';
  const scale = 10 ** decimals;
  const units = Math.round(Math.abs(sec) * scale);
  const whole = Math.floor(units / scale);
  const frac = units % scale;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const secText = String(s).padStart(2, '0') + (decimals > 0 ? '.' + String(frac).padStart(decimals, '0') : '');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${secText}` : `${sign}${m}:${secText}`;
}

/** Signed seconds with one decimal: "+0.8 s", "−1.2 s", "0.0 s". */
export function formatDelta(sec: number): string {
  const rounded = Math.round(sec * 10) / 10;
  if (rounded === 0) return '0.0 s';
  return `${rounded > 0 ? '+' : MINUS}${Math.abs(rounded).toFixed(1)} s`;
}

/** A length in words-ish: "20.0 s", "3 min 5 s", "1 h 2 min". */
export function formatLength(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '?';
  if (sec < 60) return `${(Math.round(sec * 10) / 10).toFixed(1)} s`;
  const whole = Math.round(sec);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h} h ${m} min`;
  return s > 0 ? `${m} min ${s} s` : `${m} min`;
}

/** "about 12 s left"; null when the time left is not known yet. */
export function formatTimeLeft(etaSec: number | null): string | null {
  if (etaSec === null || !Number.isFinite(etaSec) || etaSec < 0) return null;
  const sec = Math.max(1, Math.round(etaSec));
  if (sec < 60) return `about ${sec} s left`;
  const min = Math.round(sec / 60);
  if (min < 60) return `about ${min} min left`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest > 0 ? `about ${h} h ${rest} min left` : `about ${h} h left`;
}

/** Seconds as the string put in aria-valuenow: at most 3 decimals, no float noise ("83.5"). */
export function secondsAttr(sec: number): string {
  return String(Math.round(sec * 1000) / 1000);
}

/** A detector score for display; manual ranges have no meaningful score. */
export function formatScore(score: number, origin: 'auto' | 'manual'): string {
  if (origin === 'manual' && score === 0) return '—';
  return score >= 100 ? score.toFixed(0) : score.toFixed(2);
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A length on a clock face, always with hours: "1:02:03", "0:04:05" (how Twitch shows VOD lengths). */
export function formatClock(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '?';
  const whole = Math.round(sec);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A count with thousands separators, the same on every machine: "12,345". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?';
}

/** The day of an ISO timestamp in the user's locale; the text itself when it is not a date. */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}
