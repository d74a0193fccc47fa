// Drop-frame timecode by counting, the way a timecode generator runs: frames tick, and at the start of
// every minute that is not a multiple of ten the first labels are skipped. Independent of rational.ts.

/** The labels of frames 0 … frames-1, in order (`base` 30 / `dropped` 2 for 29.97; 60 / 4 for 59.94). */
export function* countDropFrame(base: number, dropped: number, frames: number): Generator<string> {
  let [h, m, s, f] = [0, 0, 0, 0];
  const p = (n: number) => String(n).padStart(2, '0');
  for (let i = 0; i < frames; i++) {
    yield `${p(h)}:${p(m)}:${p(s)};${p(f)}`;
    f++;
    if (f === base) {
      f = 0;
      s++;
      if (s === 60) {
        s = 0;
        m++;
        if (m === 60) {
          m = 0;
          h++;
        }
        if (m % 10 !== 0) f = dropped;
      }
    }
  }
}

/** The labels of the given frames (any order), counted from 0 to the largest. */
export function dropFrameLabels(base: number, dropped: number, frames: readonly number[]): Map<number, string> {
  const wanted = new Set(frames);
  const max = Math.max(...frames);
  const labels = new Map<number, string>();
  let frame = 0;
  for (const label of countDropFrame(base, dropped, max + 1)) {
    if (wanted.has(frame)) labels.set(frame, label);
    frame++;
  }
  return labels;
}
