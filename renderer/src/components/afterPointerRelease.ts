// Runs work once no pointer is held down. Pressing a range's handle on the timeline selects it, and
// scrolling the list to that range renders a new window of rows (tens of milliseconds on a long list):
// done during the drag's first frames, that is a visible hitch, so the list follows on release instead.
const held = new Set<number>();
let waiting: (() => void)[] = [];

// From the start: the press that selects a range comes before any call here.
if (typeof window !== 'undefined') {
  window.addEventListener('pointerdown', (e) => held.add(e.pointerId), true);
  const release = (e: PointerEvent | FocusEvent) => {
    // A button released outside the window sends no pointerup there: losing focus ends every hold.
    if (e instanceof PointerEvent) held.delete(e.pointerId);
    else held.clear();
    if (held.size > 0) return;
    const run = waiting;
    waiting = [];
    for (const fn of run) fn();
  };
  window.addEventListener('pointerup', release, true);
  window.addEventListener('pointercancel', release, true);
  window.addEventListener('blur', release);
}

/** Calls `fn` now, or when the last held pointer is released; the returned function cancels it. */
export function afterPointerRelease(fn: () => void): () => void {
  if (held.size === 0) {
    fn();
    return () => {};
  }
  let live = true;
  const once = () => {
    if (live) fn();
  };
  waiting.push(once);
  return () => {
    live = false;
    waiting = waiting.filter((w) => w !== once);
  };
}
